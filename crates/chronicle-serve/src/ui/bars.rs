//! The Trends chart: events per period as bars stacked by quad class on a true time axis
//! (every period drawn, empty ones too, so a gap looks like a gap), the mean Goldstein
//! score as a line on its own scale, axis titles, and period labels thinned so they never
//! overlap. Each period is a link to its range (keyboard), and the script brushes ranges.

use std::fmt::Write;

use super::html::esc;
use super::quad::{QUADS, QUAD_FILL};

/// One period of the chart.
pub struct Bar {
    /// What the axis prints ("Mar 2021").
    pub label: String,
    /// First and last day (ISO), carried to the brush and the period's link.
    pub start: String,
    pub end: String,
    /// Events per quad class 1..4.
    pub counts: [u64; 4],
    pub mean_goldstein: Option<f64>,
    /// Where selecting this period alone leads.
    pub href: String,
}

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 420.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 64.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 64.0;
/// Average width of a label character at font-size 12 (sans-serif), with room to spare.
const CHAR_W: f64 = 7.0;

/// A "nice" step (1, 2 or 5 times a power of ten) giving about five gridlines up to `max`.
fn nice_step(max: u64) -> u64 {
    let raw = (max.max(1) as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(magnitude * 10.0)
        .max(1.0) as u64
}

/// Every how many periods a label fits: labels are at least their width plus a gap apart.
pub fn label_stride(labels: &[String], slot: f64) -> usize {
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let need = widest * CHAR_W + 10.0;
    if slot <= 0.0 {
        return labels.len().max(1);
    }
    ((need / slot).ceil() as usize).max(1)
}

/// The chart. `interval` names the period for the axis title ("month").
pub fn stacked(bars: &[Bar], interval: &str, caption: &str) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = bars.len().max(1);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.8).max(1.0).min(slot);
    let max = bars
        .iter()
        .map(|b| b.counts.iter().sum::<u64>())
        .max()
        .unwrap_or(0);
    let step = nice_step(max);
    let top_value = (max.max(1).div_ceil(step) * step) as f64;
    let y = |v: f64| TOP + plot_h - v / top_value * plot_h;
    // Goldstein runs from -10 to +10 on the right-hand axis.
    let gy = |g: f64| TOP + plot_h / 2.0 - g.clamp(-10.0, 10.0) / 10.0 * (plot_h / 2.0);
    let x_of = |i: usize| LEFT + slot * i as f64;

    let mut out = String::with_capacity(4096 + bars.len() * 600);
    let _ = write!(
        out,
        "<svg class=\"chart counts stacked\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"group\" aria-labelledby=\"counts-title\" font-family=\"sans-serif\" font-size=\"12\" data-left=\"{LEFT}\" data-slot=\"{slot:.4}\" data-periods=\"{}\">",
        bars.len()
    );
    let _ = write!(out, "<title id=\"counts-title\">{}</title>", esc(caption));
    // Gridlines and the count axis.
    let mut v = 0u64;
    while v as f64 <= top_value {
        let yy = y(v as f64);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#e3e3e3\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{v}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            yy + 4.0
        );
        v += step;
    }
    // The Goldstein axis: -10, 0, +10.
    for g in [-10.0, -5.0, 0.0, 5.0, 10.0] {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333\">{g:+}</text>",
            LEFT + plot_w + 6.0,
            gy(g) + 4.0
        );
    }
    let _ = write!(
        out,
        "<text class=\"axis-title\" transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\" fill=\"#111\" font-weight=\"bold\">events</text>",
        TOP + plot_h / 2.0
    );
    let _ = write!(
        out,
        "<text class=\"axis-title\" transform=\"translate({:.1} {:.1}) rotate(90)\" text-anchor=\"middle\" fill=\"#111\" font-weight=\"bold\">mean Goldstein (−10 conflict … +10 cooperation)</text>",
        WIDTH - 14.0,
        TOP + plot_h / 2.0
    );
    let _ = write!(
        out,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#111\" font-weight=\"bold\">when it happens (one bar per {})</text>",
        LEFT + plot_w / 2.0,
        HEIGHT - 8.0,
        esc(interval)
    );
    // Bars: one group per period, a transparent full-height target for pointer and focus.
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let stride = label_stride(&labels, slot);
    for (i, bar) in bars.iter().enumerate() {
        let x = x_of(i);
        let total: u64 = bar.counts.iter().sum();
        let detail = {
            let mut d = format!("{}: {total} event(s)", bar.label);
            for (q, c) in QUADS.iter().zip(bar.counts) {
                if c > 0 {
                    let _ = write!(d, ", {} {c}", q.1);
                }
            }
            if let Some(g) = bar.mean_goldstein {
                let _ = write!(d, "; mean Goldstein {g:.1}");
            }
            d
        };
        // A period with events is a link (Tab, Enter); an empty one is only a brush target,
        // so a long axis does not fill the tab order with nothing.
        if total > 0 {
            let _ = write!(
                out,
                "<a class=\"period\" href=\"{}\" data-start=\"{}\" data-end=\"{}\" data-index=\"{i}\" aria-label=\"{}\"><title>{}</title>",
                esc(&bar.href),
                esc(&bar.start),
                esc(&bar.end),
                esc(&detail),
                esc(&detail)
            );
        } else {
            let _ = write!(
                out,
                "<g class=\"period empty\" data-start=\"{}\" data-end=\"{}\" data-index=\"{i}\">",
                esc(&bar.start),
                esc(&bar.end),
            );
        }
        let _ = write!(
            out,
            "<rect class=\"hit\" x=\"{x:.1}\" y=\"{TOP}\" width=\"{slot:.2}\" height=\"{plot_h:.1}\" fill=\"transparent\"/>"
        );
        let mut base = 0u64;
        for (q, c) in bar.counts.iter().enumerate() {
            if *c == 0 {
                continue;
            }
            let (y_top, y_bottom) = (y((base + c) as f64), y(base as f64));
            let _ = write!(
                out,
                "<rect class=\"q{}\" x=\"{:.1}\" y=\"{y_top:.1}\" width=\"{bar_w:.2}\" height=\"{:.1}\" fill=\"{}\"/>",
                q + 1,
                x + (slot - bar_w) / 2.0,
                (y_bottom - y_top).max(0.5),
                QUAD_FILL[q]
            );
            base += c;
        }
        out.push_str(if total > 0 { "</a>" } else { "</g>" });
        if i % stride == 0 {
            let _ = write!(
                out,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#444\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                x + slot / 2.0,
                TOP + plot_h,
                x + slot / 2.0,
                TOP + plot_h + 5.0,
                x + slot / 2.0,
                TOP + plot_h + 18.0,
                esc(&bar.label)
            );
        }
    }
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#444\"/>",
        TOP + plot_h,
        LEFT + plot_w,
        TOP + plot_h
    );
    // The Goldstein line, broken where a period has no scored event.
    let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, bar) in bars.iter().enumerate() {
        match bar.mean_goldstein {
            Some(g) => {
                if let Some(seg) = segments.last_mut() {
                    seg.push((x_of(i) + slot / 2.0, gy(g)));
                }
            }
            None => segments.push(Vec::new()),
        }
    }
    out.push_str("<g class=\"goldstein\" pointer-events=\"none\">");
    for seg in segments.iter().filter(|s| !s.is_empty()) {
        let points: Vec<String> = seg.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        if seg.len() > 1 {
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
                points.join(" ")
            );
        }
        for (x, y) in seg {
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#fff\" stroke=\"#111\" stroke-width=\"2\"/>"
            );
        }
    }
    out.push_str("</g><rect class=\"brush\" x=\"0\" y=\"0\" width=\"0\" height=\"0\" visibility=\"hidden\"/></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, counts: [u64; 4], g: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            start: format!("{label}-01"),
            end: format!("{label}-28"),
            counts,
            mean_goldstein: g,
            href: format!("/trends?since={label}"),
        }
    }

    #[test]
    fn bars_stack_by_quad_and_empty_periods_keep_their_place() {
        let svg = stacked(
            &[
                bar("2021-01", [1, 0, 2, 0], Some(-1.0)),
                bar("2021-02", [0, 0, 0, 0], None),
                bar("2021-03", [0, 3, 0, 1], Some(4.0)),
            ],
            "month",
            "counts <x>",
        );
        assert_eq!(svg.matches("<a class=\"period\"").count(), 2);
        assert_eq!(svg.matches("<g class=\"period empty\"").count(), 1);
        assert_eq!(svg.matches("<rect class=\"q").count(), 4);
        assert!(svg.contains("data-start=\"2021-02-01\""));
        // The Goldstein line breaks at the empty month: two single points, no polyline.
        assert_eq!(svg.matches("<polyline").count(), 0);
        assert_eq!(svg.matches("r=\"3.5\"").count(), 2);
        assert!(svg.contains(">events</text>") && svg.contains("one bar per month"));
        assert!(svg.contains("counts &lt;x&gt;"));
    }

    #[test]
    fn labels_are_thinned_so_they_never_overlap() {
        let labels: Vec<String> = (0..365).map(|i| format!("Mar {i}")).collect();
        let slot = (WIDTH - LEFT - RIGHT) / 365.0;
        let stride = label_stride(&labels, slot);
        assert!(stride as f64 * slot >= 6.0 * CHAR_W, "stride {stride}");
        let bars: Vec<Bar> = labels.iter().map(|l| bar(l, [1, 0, 0, 0], None)).collect();
        let svg = stacked(&bars, "day", "days");
        // Label centres are at least a label's width apart.
        let xs: Vec<f64> = svg
            .match_indices("<text class=\"tick\" x=\"")
            .map(|(at, m)| {
                let rest = &svg[at + m.len()..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert!(xs.len() > 5);
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= 7.0 * CHAR_W));
        assert_eq!(label_stride(&labels[..3], 300.0), 1);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(40), 10);
        assert_eq!(nice_step(130), 50);
    }
}
