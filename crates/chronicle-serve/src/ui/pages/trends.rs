//! Events over time by quad class, on a true time axis, with a range picker.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;
use chronicle::date::Date;
use chronicle_archive as archive;

use super::events::{choice_html, resolved_html};
use crate::api::{self, archive_error};
use crate::params::Params;
use crate::resolve;
use crate::state::AppState;
use crate::ui::bars;
use crate::ui::forms::*;
use crate::ui::html::{esc, link, page_in, range_of, Section};
use crate::ui::quad::{legend_html, QUADS};
use crate::ui::PageResult;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A period as the axis prints it: "17 Mar 2021", "week 11, 2021", "Mar 2021", "2021".
pub(crate) fn period_label(interval: archive::Interval, period: &archive::Period) -> String {
    let Some(start) = Date::parse_iso(&period.start) else {
        return period.period.clone();
    };
    let month = MONTHS
        .get(start.month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    match interval {
        archive::Interval::Day => format!("{} {month} {}", start.day, start.year),
        archive::Interval::Week => match period.period.split_once("-W") {
            Some((year, week)) => format!("wk {week} {year}"),
            None => period.period.clone(),
        },
        archive::Interval::Month | archive::Interval::Auto => format!("{month} {}", start.year),
        archive::Interval::Year => start.year.to_string(),
    }
}

fn interval_name(interval: archive::Interval) -> &'static str {
    match interval {
        archive::Interval::Day => "day",
        archive::Interval::Week => "week",
        archive::Interval::Month => "month",
        archive::Interval::Auto => "auto",
        archive::Interval::Year => "year",
    }
}

/// The filters of this page other than the range, as link pairs (the interval only when
/// the reader chose one: "auto" fits each range anew).
fn kept(p: &Params, interval: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if interval != "auto" {
        out.push(("interval", interval.to_string()));
    }
    for k in ["actor", "plover"] {
        if let Some(v) = p.get(k).filter(|v| !v.trim().is_empty()) {
            out.push((k, v));
        }
    }
    out
}

fn href(path: &str, pairs: &[(&str, String)]) -> String {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    link(path, &refs)
}

pub(crate) async fn trends_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let mut query = api::counts_query(&p)?;
    // Unless the reader picks one, the period fits the span shown.
    let chosen = p.get("interval").filter(|v| !v.trim().is_empty());
    if chosen.is_none() {
        query.interval = archive::Interval::Auto;
    }
    let found = st
        .blocking(move |st| {
            resolve::for_page(move || {
                let resolved =
                    resolve::chart_actor(&st.archive, &mut query.actor, &mut query.actor_ids)?;
                let counts = st.archive.counts(&query).map_err(archive_error)?;
                Ok((resolved, counts))
            })
        })
        .await?;
    let range = range_of(&p);
    let (resolved, counts) = match found {
        Ok(found) => found,
        Err(a) => {
            let mut body = String::from("<h1>Events over time</h1>");
            body.push_str(&choice_html("/trends", &p, api::COUNTS_PARAMS, &a));
            return Ok(Html(page_in("Trends", Section::Trends, &body, &range)));
        }
    };
    let interval = counts.interval;
    let chart = api::pivot_counts(&counts);
    // The form keeps what the reader chose ("auto" included); the chart names what it drew.
    let iname = interval_name(interval);
    let form_interval = chosen.map_or_else(|| "auto".to_string(), |v| v.to_lowercase());
    let mut body = String::from("<h1>Events over time</h1><p class=\"hint\">Events per period, by when they happen, stacked by the four quad classes of PLOVER/CAMEO, with the mean Goldstein score (−10 conflict … +10 cooperation) as a dashed line. Every period is shown, empty ones too.</p>");
    body.push_str(&filter_form(
        "/trends",
        &[
            Control::Choice(
                "interval",
                "Period",
                &["auto", "day", "week", "month", "year"],
            ),
            ACTOR_CODE,
            PLOVER,
            HAPPENING_FROM,
            HAPPENING_UNTIL,
        ],
        &p,
        |name| (name == "interval").then(|| form_interval.clone()),
        "Draw",
        true,
    ));
    body.push_str(&resolved_html(resolved.as_slice()));
    if !range.is_empty() {
        let show = |k: &str| {
            range
                .iter()
                .find(|(n, _)| *n == k)
                .map_or("…", |(_, v)| v.as_str())
                .to_string()
        };
        let mut with_range = range.clone();
        with_range.extend(
            kept(&p, &form_interval)
                .into_iter()
                .filter(|(k, _)| *k != "interval"),
        );
        let _ = write!(
            body,
            "<p class=\"range-bar\">Range <strong>{} – {}</strong>: <a href=\"{}\">its events</a> · <a href=\"{}\">network</a> · <a href=\"{}\">map</a> · <a href=\"{}\">clear the range</a></p>",
            esc(&show("since")),
            esc(&show("until")),
            esc(&href("/events", &with_range)),
            esc(&href("/network", &with_range)),
            esc(&href("/map", &with_range)),
            esc(&href("/trends", &kept(&p, &form_interval))),
        );
    }
    let undated_total: u64 = chart.undated.iter().map(api::UndatedBucket::total).sum();
    if chart.periods.is_empty() && undated_total == 0 {
        body.push_str("<p>No events match.</p>");
        return Ok(Html(page_in("Trends", Section::Trends, &body, &range)));
    }
    if !chart.periods.is_empty() {
        let base = kept(&p, &form_interval);
        let bar_list: Vec<bars::Bar> = chart
            .periods
            .iter()
            .enumerate()
            .map(|(i, period)| {
                let mut pairs = base.clone();
                pairs.push(("since", period.start.clone()));
                pairs.push(("until", period.end.clone()));
                bars::Bar {
                    label: period_label(interval, period),
                    start: period.start.clone(),
                    end: period.end.clone(),
                    counts: [0, 1, 2, 3].map(|q| chart.series[q].counts[i]),
                    mean_goldstein: chart.mean_goldstein[i],
                    href: href("/trends", &pairs),
                }
            })
            .collect();
        let _ = write!(
            body,
            "<figure class=\"chart-wrap trends\" id=\"trends-chart\">{}<figcaption>{}<p class=\"hint\">{}Drag across the bars to choose a range (it applies to every view), or pick one period with Tab and Enter; the boxes above take dates too.</p></figcaption></figure>",
            bars::stacked(&bar_list, iname, "Events per period by quad class, with the mean Goldstein score"),
            legend_html(),
            if undated_total > 0 {
                format!("{undated_total} more event(s) have relative or no dates and are counted <a href=\"#undated-h\">below the chart</a>. ")
            } else {
                String::new()
            }
        );
    }
    if undated_total > 0 {
        let _ = write!(
            body,
            "<section class=\"undated\" aria-labelledby=\"undated-h\"><h2 id=\"undated-h\">Not on the time axis: {undated_total} event(s)</h2><p class=\"hint\">Their dates are relative to the report or pin no day, so no period holds them; a date range leaves them out.</p><ul>"
        );
        for b in chart.undated.iter().filter(|b| b.total() > 0) {
            let parts: Vec<String> = QUADS
                .iter()
                .zip(b.counts)
                .filter(|(_, c)| *c > 0)
                .map(|((_, name), c)| format!("{c} {name}"))
                .collect();
            let _ = write!(
                body,
                "<li><strong>{}</strong> {}: {}</li>",
                b.total(),
                esc(b.label),
                esc(&parts.join(", "))
            );
        }
        body.push_str("</ul></section>");
    } else if !range.is_empty() {
        body.push_str("<p class=\"hint\">Events with relative or no dates lie in no range and are left out.</p>");
    }
    if !chart.periods.is_empty() {
        body.push_str("<h2>As a table</h2><table class=\"reflow\"><thead><tr><th>period</th>");
        for (_, name) in QUADS {
            let _ = write!(body, "<th>{name}</th>");
        }
        body.push_str("<th>all</th><th>mean Goldstein</th></tr></thead><tbody>");
        // A long axis lists only its periods with events (the chart shows the empty ones).
        let long = chart.periods.len() > 120;
        for (i, period) in chart.periods.iter().enumerate() {
            if long && chart.totals[i] == 0 {
                continue;
            }
            let _ = write!(
                body,
                "<tr><td data-label=\"period\">{}</td>",
                esc(&period_label(interval, period))
            );
            for (q, (_, name)) in QUADS.iter().enumerate() {
                let _ = write!(
                    body,
                    "<td data-label=\"{name}\">{}</td>",
                    chart.series[q].counts[i]
                );
            }
            let _ = write!(
                body,
                "<td data-label=\"all\">{}</td><td data-label=\"mean Goldstein\">{}</td></tr>",
                chart.totals[i],
                chart.mean_goldstein[i].map_or_else(|| "—".to_string(), |g| format!("{g:.1}"))
            );
        }
        body.push_str("</tbody></table>");
        let empty = chart.totals.iter().filter(|t| **t == 0).count();
        if long && empty > 0 {
            let _ = write!(
                body,
                "<p class=\"hint\">{empty} of {} periods have no events and are not listed.</p>",
                chart.periods.len()
            );
        }
    }
    Ok(Html(page_in("Trends", Section::Trends, &body, &range)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_words() {
        let p = |period: &str, start: &str| archive::Period {
            period: period.into(),
            start: start.into(),
            end: start.into(),
        };
        use archive::Interval::*;
        assert_eq!(
            period_label(Day, &p("2021-03-17", "2021-03-17")),
            "17 Mar 2021"
        );
        assert_eq!(
            period_label(Week, &p("2021-W11", "2021-03-15")),
            "wk 11 2021"
        );
        assert_eq!(period_label(Month, &p("2021-03", "2021-03-01")), "Mar 2021");
        assert_eq!(period_label(Year, &p("2021", "2021-01-01")), "2021");
    }
}
