//! The actor network as inline SVG: an ego network (the chosen actor in the middle, the
//! actors it deals with around it) or, without one, every actor on a ring. Arrows take the
//! colour of their commonest quad class and a width by event count; self-directed events are
//! loops on their node; names sit in two columns left and right of the ring, pushed apart
//! so no two overlap, with a leader line when a name had to move.

use std::fmt::Write;

use super::html::esc;
use super::quad::{dominant, QUADS, QUAD_FILL};

/// An actor.
pub struct Node {
    pub code: String,
    /// Its name in words (`words::code_name`).
    pub label: String,
    /// Events it takes part in (sizes the node).
    pub events: i64,
    pub href: String,
}

/// `source` acts on `target`: events per quad class 1..4.
pub struct Link {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub by_quad: [i64; 4],
    pub detail: String,
}

const W: f64 = 960.0;
const H: f64 = 640.0;
const CX: f64 = W / 2.0;
const CY: f64 = H / 2.0;
const RX: f64 = 220.0;
const RY: f64 = 280.0;
/// The label columns: right of the ring and left of it.
const LABEL_GAP: f64 = 36.0;
const LINE: f64 = 16.0;
const CHAR_W: f64 = 7.2;
const MAX_LABEL: usize = 30;

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

/// Pushes label centres (sorted by y) apart to at least `LINE`, within `[lo, hi]`.
pub fn spread(ys: &mut [f64], lo: f64, hi: f64) {
    for i in 1..ys.len() {
        if ys[i] < ys[i - 1] + LINE {
            ys[i] = ys[i - 1] + LINE;
        }
    }
    // Anything pushed past the bottom is pulled back up, keeping the spacing.
    if let Some(last) = ys.last().copied() {
        if last > hi {
            let shift = last - hi;
            for y in ys.iter_mut() {
                *y -= shift;
            }
            for i in (0..ys.len().saturating_sub(1)).rev() {
                if ys[i] > ys[i + 1] - LINE {
                    ys[i] = ys[i + 1] - LINE;
                }
            }
        }
    }
    if let Some(first) = ys.first().copied() {
        if first < lo {
            let shift = lo - first;
            for y in ys.iter_mut() {
                *y += shift;
            }
        }
    }
}

/// Ring slots for `m` actors in weight order: each next actor goes about 0.38 of a turn on
/// from the last (a stride coprime to `m`), so heavy actors end up far apart.
fn spread_slots(m: usize) -> Vec<usize> {
    if m < 4 {
        return (0..m).collect();
    }
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let mut stride = ((m as f64 * 0.382).round() as usize).max(1);
    while gcd(stride, m) != 1 {
        stride += 1;
    }
    (0..m).map(|k| k * stride % m).collect()
}

/// The drawing. `ego` is the code in the middle (one of `nodes`), if any.
pub fn draw(nodes: &[Node], links: &[Link], ego: Option<&str>, caption: &str) -> String {
    let ego_index = ego.and_then(|e| nodes.iter().position(|n| n.code == e));
    let ring: Vec<usize> = (0..nodes.len()).filter(|i| Some(*i) != ego_index).collect();
    let mut pos = vec![(CX, CY, 0.0f64); nodes.len()];
    let m = ring.len().max(1) as f64;
    // The heaviest actors (first in `nodes`) spread round the ring, not bunched together.
    let slots = spread_slots(ring.len());
    for (&k, &i) in slots.iter().zip(ring.iter()) {
        // Start at the top, clockwise; a lone ring node sits to the right of the ego.
        let angle = if ring.len() == 1 && ego_index.is_some() {
            0.0
        } else {
            std::f64::consts::TAU * k as f64 / m - std::f64::consts::FRAC_PI_2
        };
        pos[i] = (CX + RX * angle.cos(), CY + RY * angle.sin(), angle);
    }
    if ego_index.is_none() && nodes.len() == 1 {
        pos[0] = (CX, CY, 0.0);
    }
    let max_events = nodes.iter().map(|n| n.events).max().unwrap_or(1).max(1) as f64;
    let radius = |i: usize| 6.0 + 14.0 * (nodes[i].events.max(0) as f64 / max_events).sqrt();
    let max_link = links.iter().map(|l| l.events).max().unwrap_or(1).max(1) as f64;
    let index = |code: &str| nodes.iter().position(|n| n.code == code);

    let mut out = String::with_capacity(8192);
    let _ = write!(
        out,
        "<svg class=\"chart network\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"group\" aria-labelledby=\"net-title\" font-family=\"sans-serif\" font-size=\"13\">"
    );
    let _ = write!(
        out,
        "<title id=\"net-title\">{}</title><defs>",
        esc(caption)
    );
    for (q, fill) in QUAD_FILL.iter().enumerate() {
        let _ = write!(
            out,
            "<marker id=\"arrow-q{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"11\" markerHeight=\"11\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"{fill}\"/></marker>",
            q + 1
        );
    }
    out.push_str("<marker id=\"arrow-q0\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"11\" markerHeight=\"11\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#777\"/></marker></defs>");

    // Heaviest links last, so they are drawn on top.
    let mut order: Vec<&Link> = links.iter().collect();
    order.sort_by_key(|l| l.events);
    for link in order {
        let (Some(a), Some(b)) = (index(&link.source), index(&link.target)) else {
            continue;
        };
        let q = dominant(&link.by_quad).map_or(0, |q| q + 1);
        let colour = if q == 0 { "#777" } else { QUAD_FILL[q - 1] };
        let width = 1.5 + 7.0 * (link.events.max(0) as f64 / max_link).sqrt();
        let class_name = QUADS
            .get(q.wrapping_sub(1))
            .map_or("unclassified", |(_, n)| n);
        let _ = write!(
            out,
            "<g class=\"edge q{q}\" data-source=\"{}\" data-target=\"{}\" data-events=\"{}\" data-quad=\"{class_name}\"><title>{}</title>",
            esc(&link.source),
            esc(&link.target),
            link.events,
            esc(&link.detail)
        );
        let (ax, ay, angle) = pos[a];
        if a == b {
            // A loop outside the node, away from the centre (above the ego).
            let (dx, dy) = if Some(a) == ego_index {
                (0.0, -1.0)
            } else {
                (angle.cos(), angle.sin())
            };
            let r = radius(a);
            let (lx, ly) = (ax + dx * (r + 9.0), ay + dy * (r + 9.0));
            let _ = write!(
                out,
                "<circle cx=\"{lx:.1}\" cy=\"{ly:.1}\" r=\"11\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.1}\"/></g>",
                width.min(5.0)
            );
            continue;
        }
        let (bx, by, _) = pos[b];
        let (dx, dy) = (bx - ax, by - ay);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        // Bend to the left of travel, so A→B and B→A stay apart.
        let bend = 0.12 * len;
        let (cx, cy) = (
            (ax + bx) / 2.0 + dy / len * bend,
            (ay + by) / 2.0 - dx / len * bend,
        );
        // Start and end on the rims.
        let rim = |px: f64, py: f64, r: f64| {
            let (ex, ey) = (cx - px, cy - py);
            let l = (ex * ex + ey * ey).sqrt().max(1.0);
            (px + ex / l * r, py + ey / l * r)
        };
        let (sx, sy) = rim(ax, ay, radius(a) + 1.0);
        let (tx, ty) = rim(bx, by, radius(b) + 3.0);
        let _ = write!(
            out,
            "<path d=\"M{sx:.1} {sy:.1} Q{cx:.1} {cy:.1} {tx:.1} {ty:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-opacity=\"0.85\" stroke-width=\"{width:.1}\" marker-end=\"url(#arrow-q{q})\"/></g>"
        );
    }

    // Nodes.
    for (i, node) in nodes.iter().enumerate() {
        let (x, y, _) = pos[i];
        let is_ego = Some(i) == ego_index;
        let (fill, stroke) = if is_ego {
            ("#222", "#000")
        } else {
            ("#f4f4f4", "#333")
        };
        let _ = write!(
            out,
            "<a class=\"node{}\" href=\"{}\" data-code=\"{}\"><title>{} ({}): {} event(s)</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/></a>",
            if is_ego { " ego" } else { "" },
            esc(&node.href),
            esc(&node.code),
            esc(&node.label),
            esc(&node.code),
            node.events,
            radius(i)
        );
    }

    // Labels: the ego's under it; the ring's in a right and a left column.
    if let Some(e) = ego_index {
        let (x, y, _) = pos[e];
        let _ = write!(
            out,
            "<text class=\"label ego\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>",
            y + radius(e) + 16.0,
            esc(&short(&nodes[e].label))
        );
    }
    for right in [true, false] {
        let mut side: Vec<(usize, f64)> = ring
            .iter()
            .copied()
            .filter(|&i| {
                let c = pos[i].2.cos();
                if nodes.len() == 1 {
                    right
                } else if right {
                    c >= -1e-9
                } else {
                    c < -1e-9
                }
            })
            .map(|i| (i, pos[i].1))
            .collect();
        side.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut ys: Vec<f64> = side.iter().map(|s| s.1 + 4.0).collect();
        spread(&mut ys, 14.0, H - 6.0);
        for ((i, _), ly) in side.iter().zip(ys) {
            let (x, y, _) = pos[*i];
            let r = radius(*i);
            let lx = if right {
                CX + RX + LABEL_GAP
            } else {
                CX - RX - LABEL_GAP
            };
            // A leader line from the node's rim to its name in the column.
            let (ex, ey) = (lx - x, ly - 4.0 - y);
            let elen = (ex * ex + ey * ey).sqrt().max(1.0);
            if elen > r + 4.0 {
                let _ = write!(
                    out,
                    "<line class=\"leader\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#aaa\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\"/>",
                    x + ex / elen * r,
                    y + ey / elen * r,
                    lx - if right { 3.0 } else { -3.0 },
                    ly - 4.0
                );
            }
            let label = short(&nodes[*i].label);
            // The name links where its node does (out of the tab order: the node is in it).
            let _ = write!(
                out,
                "<a class=\"label-link\" href=\"{}\" tabindex=\"-1\"><text class=\"label\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{}\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\" data-width=\"{:.0}\">{}</text></a>",
                esc(&nodes[*i].href),
                if right { "start" } else { "end" },
                label.chars().count() as f64 * CHAR_W,
                esc(&label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(code: &str, events: i64) -> Node {
        Node {
            code: code.into(),
            label: format!("{code} in words"),
            events,
            href: format!("/network?actor={code}"),
        }
    }

    fn link(s: &str, t: &str, by_quad: [i64; 4]) -> Link {
        Link {
            source: s.into(),
            target: t.into(),
            events: by_quad.iter().sum(),
            by_quad,
            detail: format!("{s} → {t}"),
        }
    }

    fn label_ys(svg: &str) -> Vec<(String, f64)> {
        svg.match_indices("<text class=\"label\" x=\"")
            .map(|(at, _)| {
                let rest = &svg[at..];
                let y_at = rest.find(" y=\"").unwrap() + 4;
                let y: f64 = rest[y_at..y_at + rest[y_at..].find('"').unwrap()]
                    .parse()
                    .unwrap();
                let anchor_at = rest.find("text-anchor=\"").unwrap() + 13;
                let anchor = rest[anchor_at..anchor_at + 3].to_string();
                (anchor, y)
            })
            .collect()
    }

    #[test]
    fn ego_in_the_middle_edges_coloured_by_quad_and_loops_drawn() {
        let nodes = vec![node("USA", 9), node("KOR", 4), node("PRK", 3)];
        let links = vec![
            link("USA", "KOR", [3, 1, 0, 0]),
            link("PRK", "USA", [0, 0, 1, 2]),
            link("USA", "USA", [1, 0, 0, 0]),
        ];
        let svg = draw(&nodes, &links, Some("USA"), "around <USA>");
        assert!(svg.contains("class=\"node ego\" href=\"/network?actor=USA\""));
        assert!(svg.contains(&format!("cx=\"{CX:.1}\" cy=\"{CY:.1}\"")));
        assert!(svg.contains("class=\"edge q1\" data-source=\"USA\" data-target=\"KOR\""));
        assert!(svg.contains("class=\"edge q4\" data-source=\"PRK\""));
        assert!(svg.contains("marker-end=\"url(#arrow-q4)\""));
        // The self-loop is drawn, not dropped.
        assert!(svg.contains("data-source=\"USA\" data-target=\"USA\""));
        assert!(svg.contains("r=\"11\""));
        assert!(svg.contains(">USA in words</text>"));
        assert!(svg.contains("around &lt;USA&gt;"));
    }

    #[test]
    fn labels_on_one_side_never_overlap() {
        let nodes: Vec<Node> = (0..29).map(|i| node(&format!("A{i:02}"), 30 - i)).collect();
        let links: Vec<Link> = (1..29)
            .map(|i| link("A00", &format!("A{i:02}"), [1, 0, 0, 0]))
            .collect();
        let svg = draw(&nodes, &links, Some("A00"), "many");
        for side in ["sta", "end"] {
            let mut ys: Vec<f64> = label_ys(&svg)
                .into_iter()
                .filter(|(a, _)| a == side)
                .map(|(_, y)| y)
                .collect();
            ys.sort_by(f64::total_cmp);
            assert!(ys.len() > 5, "{side}: {ys:?}");
            assert!(
                ys.windows(2).all(|w| w[1] - w[0] >= LINE - 0.05),
                "{side}: {ys:?}"
            );
            assert!(ys.iter().all(|y| (0.0..=H).contains(y)));
        }
    }

    #[test]
    fn ring_slots_are_a_permutation() {
        for m in [0, 1, 3, 4, 10, 29] {
            let mut slots = spread_slots(m);
            slots.sort();
            assert_eq!(slots, (0..m).collect::<Vec<_>>());
        }
        assert_ne!(spread_slots(10)[1], 1);
    }

    #[test]
    fn spread_keeps_order_and_bounds() {
        let mut ys = vec![100.0, 101.0, 102.0, 630.0, 631.0];
        spread(&mut ys, 14.0, 634.0);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= LINE - 1e-9));
        assert!(*ys.last().unwrap() <= 634.0 + 1e-9);
        let mut empty: Vec<f64> = Vec::new();
        spread(&mut empty, 0.0, 1.0);
    }

    #[test]
    fn long_names_are_shortened_and_nothing_draws_nothing() {
        assert_eq!(short(&"x".repeat(40)).chars().count(), MAX_LABEL);
        assert!(draw(&[], &[], None, "none").ends_with("</svg>"));
        let one = draw(
            &[node("USA", 1)],
            &[link("USA", "USA", [0, 0, 0, 1])],
            None,
            "one",
        );
        assert!(one.contains("class=\"edge q4\""));
    }
}
