//! Events over time by quad class.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;

use crate::api::{self, archive_error};
use crate::params::Params;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::html::{esc, page, Section};
use crate::ui::{svg, PageResult};

pub(crate) async fn trends_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let query = api::counts_query(&p)?;
    let rows = st
        .blocking(move |st| st.archive.counts_over_time(&query).map_err(archive_error))
        .await?;
    let (periods, series) = api::pivot_counts(&rows);
    let mut body = String::from("<h1>Events over time</h1><p class=\"hint\">Events per period, by when they happen, in the four quad classes of PLOVER/CAMEO.</p>");
    body.push_str(&filter_form(
        "/trends",
        &[
            Control::Choice("interval", "Period", &["day", "week", "month", "year"]),
            ACTOR_CODE,
            PLOVER,
            HAPPENING_FROM,
            HAPPENING_UNTIL,
        ],
        &p,
        |name| (name == "interval").then(|| p.get("interval").unwrap_or_else(|| "month".into())),
        "Draw",
        true,
    ));
    if periods.is_empty() {
        body.push_str("<p>No dated events match.</p>");
        return Ok(Html(page("Trends", Section::Trends, &body)));
    }
    let chart_series: Vec<svg::CountSeries> = series
        .iter()
        .map(|s| svg::CountSeries {
            name: s.name.clone(),
            counts: s.counts.clone(),
        })
        .collect();
    let _ = write!(
        body,
        "<figure class=\"chart-wrap\">{}</figure>",
        svg::counts_chart(&periods, &chart_series, "Events per period by quad class")
    );
    body.push_str("<h2>As a table</h2><table><thead><tr><th>period</th>");
    for s in &series {
        let _ = write!(body, "<th>{}</th>", esc(&s.name));
    }
    body.push_str("</tr></thead><tbody>");
    for (i, period) in periods.iter().enumerate() {
        let _ = write!(body, "<tr><td>{}</td>", esc(period));
        for s in &series {
            let _ = write!(body, "<td>{}</td>", s.counts.get(i).copied().unwrap_or(0));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    Ok(Html(page("Trends", Section::Trends, &body)))
}
