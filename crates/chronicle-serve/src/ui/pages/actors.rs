//! The actors list.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;

use crate::api::{self, archive_error};
use crate::params::Params;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::html::{esc, link, page, Section};
use crate::ui::PageResult;

pub(crate) async fn actors_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let query = api::actor_query(&p, max)?;
    let (limit, offset) = (query.limit.unwrap_or(50), query.offset);
    let rows = st
        .blocking(move |st| st.archive.actors(&query).map_err(archive_error))
        .await?;
    let mut body = String::from("<h1>Actors</h1>");
    body.push_str(&filter_form(
        "/actors",
        &[
            Control::Text("name", "Name contains", "e.g. Blinken"),
            Control::Text("code", "Code prefix", "e.g. KOR"),
            Control::Text("country", "Country (ISO-3)", "e.g. USA"),
        ],
        &p,
        |_| None,
        "Filter",
        true,
    ));
    body.push_str("<table><thead><tr><th>name</th><th>code</th><th>country</th><th>sector</th><th>articles</th><th>mentions</th><th>see</th></tr></thead><tbody>");
    for a in &rows {
        let code = a.code.clone().unwrap_or_default();
        let see = if code.is_empty() {
            "—".to_string()
        } else {
            format!(
                "<a href=\"{}\">timeline</a> · <a href=\"{}\">network</a>",
                esc(&link("/timeline", &[("subject", &code)])),
                esc(&link("/network", &[("actor", &code)]))
            )
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{see}</td></tr>",
            esc(&a.name),
            esc(if code.is_empty() { "—" } else { &code }),
            esc(a.country.as_deref().unwrap_or("—")),
            esc(a.sector.as_deref().unwrap_or("—")),
            a.articles,
            a.mentions
        );
    }
    body.push_str("</tbody></table>");
    body.push_str(&pager(
        "/actors",
        &p,
        api::ACTOR_PARAMS,
        offset,
        limit,
        rows.len(),
    ));
    Ok(Html(page("Actors", Section::Actors, &body)))
}
