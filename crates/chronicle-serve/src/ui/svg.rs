//! Charts as inline SVG, drawn on the server: the timeline (counts over time are in
//! `bars.rs`, the actor network in `egonet.rs`, the map in `map.rs`).
//!
//! Deterministic (same data, same picture), no script, and never colour alone: modality is told
//! by marker shape and a text label, series by dash pattern and marker shape. Every mark has a
//! `<title>` (hover) and the pages put a table of the same data next to each chart.

use std::fmt::Write;

use chronicle::date::Date;

use super::html::esc;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// One event on a timeline.
#[derive(Debug, Clone)]
pub struct TimelineItem {
    /// First and last day (inclusive) of when it happens.
    pub begin: Date,
    pub end: Date,
    /// "USA CONSULT KOR".
    pub label: String,
    /// asserted, planned, speculated, negated, hypothetical.
    pub modality: String,
    /// When the article reporting it was published.
    pub reported: Option<Date>,
    pub href: Option<String>,
    /// The full record, shown on hover.
    pub detail: String,
}

/// The range `begin..=end` as a short human label ("Mar 17–18, 2021").
pub fn day_range_label(begin: Date, end: Date) -> String {
    if begin == end {
        format!("{} {}, {}", month_name(begin.month), begin.day, begin.year)
    } else if begin.year == end.year && begin.month == end.month {
        if begin.day == 1 && end.day == chronicle::date::days_in_month(end.year, end.month) {
            format!("{} {}", month_name(begin.month), begin.year)
        } else {
            format!(
                "{} {}–{}, {}",
                month_name(begin.month),
                begin.day,
                end.day,
                begin.year
            )
        }
    } else if begin.year == end.year {
        format!(
            "{} {} – {} {}, {}",
            month_name(begin.month),
            begin.day,
            month_name(end.month),
            end.day,
            begin.year
        )
    } else {
        format!("{begin} – {end}")
    }
}

struct Axis {
    first: i64,
    days: i64,
    x0: f64,
    width: f64,
}

impl Axis {
    fn x(&self, day: i64) -> f64 {
        self.x0 + (day - self.first) as f64 / self.days as f64 * self.width
    }
}

/// Tick days and their labels for a day axis: days, months or years, at most ~10.
fn ticks(first: i64, last: i64) -> Vec<(i64, String)> {
    let span = last - first + 1;
    let mut out = Vec::new();
    if span <= 62 {
        let step = (span + 9) / 10;
        let mut day = first;
        while day <= last {
            let d = Date::from_days(day);
            out.push((day, format!("{} {}", month_name(d.month), d.day)));
            day += step.max(1);
        }
    } else if span <= 366 * 4 {
        let start = Date::from_days(first);
        let months = span / 30 + 1;
        let step = ((months + 9) / 10).max(1) as i32;
        let mut m = Date::new(start.year, start.month, 1).map(|d| d.add_months(1));
        while let Some(d) = m {
            if d.to_days() > last {
                break;
            }
            out.push((d.to_days(), format!("{} {}", month_name(d.month), d.year)));
            m = Some(d.add_months(step));
        }
    } else {
        let (y0, y1) = (Date::from_days(first).year, Date::from_days(last).year);
        let raw = (y1 - y0 + 9) / 10;
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .into_iter()
            .find(|s| *s >= raw)
            .unwrap_or(1000);
        let mut y = (y0 + 1).div_euclid(step) * step;
        if y <= y0 {
            y += step;
        }
        while y <= y1 {
            if let Some(d) = Date::new(y, 1, 1) {
                out.push((d.to_days(), y.to_string()));
            }
            y += step;
        }
    }
    out
}

/// The marker for one modality, centred at (x, y): its shape carries the meaning.
fn modality_marker(out: &mut String, modality: &str, x: f64, y: f64) {
    match modality {
        "planned" => {
            let _ = write!(
                out,
                "<circle class=\"m-planned\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"#ffffff\" stroke=\"#0b5394\" stroke-width=\"2.5\"/>"
            );
        }
        "speculated" | "hypothetical" => {
            let _ = write!(
                out,
                "<path class=\"m-{modality}\" d=\"M{x:.1} {:.1} l6 6 l-6 6 l-6 -6 z\" fill=\"#ffffff\" stroke=\"#6a3d9a\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>",
                y - 6.0
            );
        }
        "negated" => {
            let _ = write!(
                out,
                "<path class=\"m-negated\" d=\"M{:.1} {:.1} l10 10 m0 -10 l-10 10\" stroke=\"#a61c00\" stroke-width=\"2.5\"/>",
                x - 5.0,
                y - 5.0
            );
        }
        _ => {
            let _ = write!(
                out,
                "<circle class=\"m-asserted\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"#0b5394\"/>"
            );
        }
    }
}

/// A timeline: one row per event (in the given order), placed on a day axis by when it happens.
/// Planned events are hollow and labelled "planned"; a grey tick shows when it was reported.
pub fn timeline(items: &[TimelineItem], caption: &str) -> String {
    const WIDTH: f64 = 1000.0;
    const X0: f64 = 20.0;
    const CHART_W: f64 = 520.0;
    const LABEL_X: f64 = 560.0;
    const ROW: f64 = 26.0;
    const TOP: f64 = 44.0;

    let mut out = String::new();
    let mut first = i64::MAX;
    let mut last = i64::MIN;
    for item in items {
        first = first.min(item.begin.to_days());
        last = last.max(item.end.to_days());
        if let Some(r) = item.reported {
            first = first.min(r.to_days());
            last = last.max(r.to_days());
        }
    }
    if items.is_empty() {
        first = 0;
        last = 0;
    }
    // Breathing room on both sides so single-day events do not sit on the frame.
    let pad = ((last - first) / 20).max(2);
    let (first, last) = (first - pad, last + pad);
    let axis = Axis {
        first,
        days: last - first + 1,
        x0: X0,
        width: CHART_W,
    };
    let legend_y = TOP + ROW * items.len() as f64 + 20.0;
    let height = legend_y + 30.0;
    let _ = write!(
        out,
        "<svg class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" aria-labelledby=\"tl-title\" font-family=\"sans-serif\" font-size=\"13\">"
    );
    let _ = write!(out, "<title id=\"tl-title\">{}</title>", esc(caption));
    // Axis with ticks and vertical guides.
    let _ = write!(
        out,
        "<line x1=\"{X0}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#444\"/>",
        TOP - 14.0,
        X0 + CHART_W,
        TOP - 14.0
    );
    for (day, label) in ticks(first, last) {
        let x = axis.x(day);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            TOP - 14.0,
            legend_y - 12.0,
            TOP - 20.0,
            esc(&label)
        );
    }
    for (i, item) in items.iter().enumerate() {
        let y = TOP + ROW * i as f64 + ROW / 2.0 - 4.0;
        let (b, e) = (item.begin.to_days(), item.end.to_days());
        let planned = item.modality == "planned";
        let _ = write!(
            out,
            "<g class=\"event modality-{}\" data-begin=\"{}\" data-end=\"{}\">",
            esc(&item.modality),
            item.begin,
            item.end
        );
        if let Some(href) = &item.href {
            let _ = write!(out, "<a href=\"{}\">", esc(href));
        }
        let _ = write!(out, "<title>{}</title>", esc(&item.detail));
        if let Some(r) = item.reported {
            let x = axis.x(r.to_days()) + axis.width / axis.days as f64 / 2.0;
            let _ = write!(
                out,
                "<line class=\"reported\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#888\" stroke-width=\"2\"/>",
                y - 8.0,
                y + 8.0
            );
        }
        let (x_begin, x_end) = (axis.x(b), axis.x(e + 1));
        if e > b {
            // An interval: a bar over the days it covers, hollow and dashed when planned.
            let (fill, dash) = if planned {
                ("#ffffff", " stroke-dasharray=\"4 2\"")
            } else {
                ("#9fc5e8", "")
            };
            let _ = write!(
                out,
                "<rect class=\"span\" x=\"{x_begin:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"3\" fill=\"{fill}\" stroke=\"#0b5394\" stroke-width=\"2\"{dash}/>",
                y - 5.0,
                (x_end - x_begin).max(2.0)
            );
        }
        modality_marker(&mut out, &item.modality, (x_begin + x_end) / 2.0, y);
        let text_label = format!(
            "{} · {}{}",
            day_range_label(item.begin, item.end),
            item.label,
            if item.modality == "asserted" {
                String::new()
            } else {
                format!(" · {}", item.modality)
            }
        );
        let weight = if planned {
            " font-style=\"italic\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<text x=\"{LABEL_X}\" y=\"{:.1}\" fill=\"#111\"{weight}>{}</text>",
            y + 4.0,
            esc(&text_label)
        );
        if item.href.is_some() {
            out.push_str("</a>");
        }
        out.push_str("</g>");
    }
    // Legend: shapes, not colours, carry the meaning.
    let mut x = X0;
    for (modality, label) in [
        ("asserted", "happened"),
        ("planned", "planned"),
        ("speculated", "speculated / hypothetical"),
        ("negated", "negated"),
    ] {
        modality_marker(&mut out, modality, x + 6.0, legend_y);
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#111\">{label}</text>",
            x + 16.0,
            legend_y + 4.0
        );
        x += 30.0 + label.len() as f64 * 7.0;
    }
    let _ = write!(
        out,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#111\">reported on</text>",
        x + 6.0,
        legend_y - 8.0,
        x + 6.0,
        legend_y + 8.0,
        x + 16.0,
        legend_y + 4.0
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn item(begin: &str, end: &str, modality: &str) -> TimelineItem {
        TimelineItem {
            begin: d(begin),
            end: d(end),
            label: "USA CONSULT KOR <script>".into(),
            modality: modality.into(),
            reported: Some(d("2021-03-05")),
            href: Some("/articles/a?x=1&y=2".into()),
            detail: "detail \"quoted\"".into(),
        }
    }

    #[test]
    fn timeline_places_events_in_order_and_marks_planned_ones() {
        let svg = timeline(
            &[
                item("2021-03-04", "2021-03-04", "asserted"),
                item("2021-03-17", "2021-03-18", "planned"),
            ],
            "Timeline of KOR",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("class=\"m-asserted\""));
        assert!(svg.contains("class=\"m-planned\""));
        assert!(svg.contains("Mar 17–18, 2021 · USA CONSULT KOR &lt;script&gt; · planned"));
        assert!(svg.contains("href=\"/articles/a?x=1&amp;y=2\""));
        assert!(!svg.contains("<script>"));
        // The planned meeting lies to the right of the earlier event.
        let x_of = |class: &str| -> f64 {
            let at = svg.find(class).unwrap();
            let rest = &svg[at..];
            let cx = rest.find("cx=\"").unwrap() + 4;
            rest[cx..cx + rest[cx..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        assert!(x_of("m-planned") > x_of("m-asserted"));
    }

    #[test]
    fn timeline_copes_with_nothing_and_long_spans() {
        assert!(timeline(&[], "empty").contains("</svg>"));
        let svg = timeline(&[item("1990-01-01", "2021-12-31", "negated")], "long");
        assert!(svg.contains("m-negated"));
        assert!(svg.contains(">2000<"));
    }

    #[test]
    fn ticks_pick_a_granularity() {
        let (a, b) = (d("2021-03-01").to_days(), d("2021-03-20").to_days());
        assert!(ticks(a, b).len() <= 11 && ticks(a, b)[0].1 == "Mar 1");
        let (a, b) = (d("2021-01-10").to_days(), d("2021-12-20").to_days());
        assert_eq!(ticks(a, b)[0].1, "Feb 2021");
        assert!(ticks(a, a).len() == 1);
    }
}
