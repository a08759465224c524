//! A world map drawn on the server: country outlines (Natural Earth 1:110m, public domain,
//! shipped as `assets/world-110m.txt.gz` by `scripts/world_map.py`) in the Equal Earth
//! projection, and one circle per place where matching events happen, sized by their number
//! and coloured by their commonest quad class, each a link to those events.

use std::fmt::Write;
use std::io::Read;
use std::sync::OnceLock;

use super::html::esc;
use super::quad::{dominant, QUADS, QUAD_FILL};

const WORLD_GZ: &[u8] = include_bytes!("../../assets/world-110m.txt.gz");

/// One country: its name and rings of (lon, lat) in degrees.
pub struct Country {
    pub name: String,
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Parses the shipped outline file (see `scripts/world_map.py` for its format); lines
/// that do not parse are skipped.
pub fn parse_world(text: &str) -> Vec<Country> {
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut fields = line.split('\t');
        let (Some(_code), Some(name)) = (fields.next(), fields.next()) else {
            continue;
        };
        let mut rings = Vec::new();
        for ring in fields {
            let mut points = Vec::new();
            let (mut x, mut y) = (0i64, 0i64);
            for (i, pair) in ring.split(' ').enumerate() {
                let Some((a, b)) = pair.split_once(',') else {
                    continue;
                };
                let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) else {
                    continue;
                };
                if i == 0 {
                    (x, y) = (a, b);
                } else {
                    (x, y) = (x + a, y + b);
                }
                points.push((x as f64 / 10.0, y as f64 / 10.0));
            }
            if points.len() >= 3 {
                rings.push(points);
            }
        }
        if !rings.is_empty() {
            out.push(Country {
                name: name.to_string(),
                rings,
            });
        }
    }
    out
}

/// The shipped countries, decoded once.
pub fn world() -> &'static [Country] {
    static WORLD: OnceLock<Vec<Country>> = OnceLock::new();
    WORLD.get_or_init(|| {
        let mut text = String::new();
        match flate2::read::GzDecoder::new(WORLD_GZ).read_to_string(&mut text) {
            Ok(_) => parse_world(&text),
            Err(_) => Vec::new(),
        }
    })
}

/// Equal Earth projection (Šavrič, Patterson, Jenny 2018) of degrees to unit coordinates:
/// x in ±2.7064, y in ±1.3173, north up.
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let (lambda, phi) = (
        lon.clamp(-180.0, 180.0).to_radians(),
        lat.clamp(-90.0, 90.0).to_radians(),
    );
    let theta = (m * phi.sin()).asin();
    let (t2, t6) = (theta * theta, theta.powi(6));
    let x = lambda * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, -y)
}

/// SVG width; the height follows from the projection between 90° N and `SOUTH`.
const W: f64 = 1000.0;
const SOUTH: f64 = -60.0;
const X_MAX: f64 = 2.706_4;

fn scale() -> f64 {
    W / (2.0 * X_MAX)
}

fn top() -> f64 {
    equal_earth(0.0, 90.0).1
}

fn height() -> f64 {
    (equal_earth(0.0, SOUTH).1 - top()) * scale()
}

/// Degrees to SVG coordinates (points south of the map's edge sit on it).
pub fn to_svg(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = equal_earth(lon, lat.max(SOUTH));
    ((x + X_MAX) * scale(), (y - top()) * scale())
}

/// The land layer, rendered once: one path per country, titled with its name.
fn land() -> &'static str {
    static LAND: OnceLock<String> = OnceLock::new();
    LAND.get_or_init(|| {
        let mut out = String::with_capacity(200_000);
        for country in world() {
            out.push_str("<path class=\"land\" fill=\"#e9ecef\" stroke=\"#9aa3ab\" stroke-width=\"0.5\" d=\"");
            for ring in &country.rings {
                for (i, (lon, lat)) in ring.iter().enumerate() {
                    let (x, y) = to_svg(*lon, *lat);
                    let _ = write!(out, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
                }
                out.push('Z');
            }
            let _ = write!(out, "\"><title>{}</title></path>", esc(&country.name));
        }
        out
    })
}

/// A place with events.
pub struct Spot {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    pub events: i64,
    pub by_quad: [i64; 4],
    pub detail: String,
    pub href: String,
}

/// The map with `spots` on it.
pub fn draw(spots: &[Spot], caption: &str) -> String {
    let h = height();
    let max = spots.iter().map(|s| s.events).max().unwrap_or(1).max(1) as f64;
    let mut out = String::with_capacity(land().len() + 1024 + spots.len() * 400);
    let _ = write!(
        out,
        "<svg class=\"chart map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h:.0}\" width=\"{W}\" height=\"{h:.0}\" role=\"group\" aria-labelledby=\"map-title\" font-family=\"sans-serif\" font-size=\"12\">"
    );
    let _ = write!(
        out,
        "<title id=\"map-title\">{}</title><rect class=\"sea\" width=\"{W}\" height=\"{h:.0}\" fill=\"#f4f8fb\"/><g class=\"countries\">{}</g><g class=\"spots\">",
        esc(caption),
        land()
    );
    // Biggest first, so small places stay visible on top.
    let mut order: Vec<&Spot> = spots.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.events));
    for spot in order {
        let (x, y) = to_svg(spot.lon, spot.lat);
        let r = 3.5 + 10.0 * (spot.events.max(0) as f64 / max).sqrt();
        let q = dominant(&spot.by_quad).map_or(0, |q| q + 1);
        let fill = QUAD_FILL.get(q.wrapping_sub(1)).copied().unwrap_or("#777");
        let class_name = QUADS
            .get(q.wrapping_sub(1))
            .map_or("unclassified", |(_, n)| n);
        let _ = write!(
            out,
            "<a class=\"spot\" href=\"{}\" data-events=\"{}\" data-quad=\"{class_name}\" aria-label=\"{}\"><title>{}</title><circle class=\"q{q}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{fill}\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"1.2\"/></a>",
            esc(&spot.href),
            spot.events,
            esc(&spot.label),
            esc(&spot.detail)
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_outlines_decode() {
        let world = world();
        assert!(world.len() > 150, "{} countries", world.len());
        let korea = world
            .iter()
            .find(|c| c.name == "South Korea")
            .expect("South Korea in the outlines");
        // Seoul (37.6 N, 127.0 E) lies within the bounding box of South Korea's outline.
        let ring = &korea.rings[0];
        let (lo_lon, hi_lon) = ring
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (lo_lat, hi_lat) = ring
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        assert!((lo_lon..=hi_lon).contains(&127.0) && (lo_lat..=hi_lat).contains(&37.6));
        assert!(world.iter().all(|c| c
            .rings
            .iter()
            .flatten()
            .all(|(lon, _)| (-180.0..=180.0).contains(lon))));
    }

    #[test]
    fn the_format_parses_deltas_and_skips_junk() {
        let c = parse_world("# note\n410\tKorea\t1260,370 10,0 0,10 -10,0\nbad line\n1\tX\tzz\n");
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].rings[0],
            [(126.0, 37.0), (127.0, 37.0), (127.0, 38.0), (126.0, 38.0)]
        );
    }

    #[test]
    fn projection_is_centred_and_north_up() {
        let (x0, _) = to_svg(0.0, 0.0);
        assert!((x0 - W / 2.0).abs() < 0.01);
        let (_, north) = to_svg(0.0, 60.0);
        let (_, south) = to_svg(0.0, -30.0);
        assert!(north < south);
        let (xw, _) = to_svg(-180.0, 0.0);
        let (xe, _) = to_svg(180.0, 0.0);
        assert!(xw.abs() < 0.5 && (xe - W).abs() < 0.5);
        assert_eq!(to_svg(10.0, -80.0), to_svg(10.0, SOUTH));
    }

    #[test]
    fn spots_link_to_their_events_in_their_class_colour() {
        let spot = Spot {
            label: "Seoul <KOR>".into(),
            lat: 37.57,
            lon: 126.98,
            events: 3,
            by_quad: [0, 0, 1, 2],
            detail: "Seoul: 3 events".into(),
            href: "/events?location=Seoul&country=KOR".into(),
        };
        let svg = draw(&[spot], "map");
        assert!(svg.contains("href=\"/events?location=Seoul&amp;country=KOR\""));
        assert!(svg.contains("data-quad=\"material conflict\""));
        assert!(svg.contains("class=\"q4\""));
        assert!(svg.contains("Seoul &lt;KOR&gt;"));
        assert!(svg.contains("<title>South Korea</title>"));
    }
}
