//! The events list and one event with its reports.

use std::fmt::Write;

use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use chronicle_archive as archive;

use crate::api::{self, archive_error};
use crate::error::ApiError;
use crate::params::Params;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, page, page_in, range_of, url_encode, Section};
use crate::ui::PageResult;

pub(crate) async fn events_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let mut query = api::event_query(&p, max)?;
    let limit = p.limit(50, max)?;
    query.limit = Some(limit);
    let offset = query.offset;
    let rows = st
        .blocking(move |st| st.archive.events(&query).map_err(archive_error))
        .await?;
    let mut body = String::from("<h1>Events</h1><p class=\"hint\">One row per real-world event, however many articles report it, in the order the events happen.</p>");
    body.push_str(&filter_form(
        "/events",
        &[
            ACTOR_CODES,
            COUNTRY,
            Control::Text("location", "Place", "e.g. Seoul"),
            PLOVER,
            Control::Text("cameo", "CAMEO code prefix", "e.g. 03"),
            MODALITY,
            HAPPENING_FROM,
            HAPPENING_UNTIL,
            Control::Text("min_confidence", "Minimum confidence", "0 to 1"),
            DUPLICATES,
        ],
        &p,
        |_| None,
        "Filter",
        true,
    ));
    let _ = write!(
        body,
        "<h2>{} events{}</h2>",
        rows.len(),
        if offset > 0 {
            format!(" from #{}", offset + 1)
        } else {
            String::new()
        }
    );
    body.push_str(&events_table(&rows));
    body.push_str(&pager(
        "/events",
        &p,
        api::EVENT_PARAMS,
        offset,
        limit,
        rows.len(),
    ));
    Ok(Html(page_in(
        "Events",
        Section::Events,
        &body,
        &range_of(&p),
    )))
}

pub(crate) async fn event_page(State(st): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no event with id {id:?}")))?;
    let (event, mentions) = st
        .blocking(move |st| {
            let event = st
                .archive
                .event(id)
                .map_err(archive_error)?
                .ok_or_else(|| ApiError::not_found(format!("no event with id {id}")))?;
            let mentions = st.archive.mentions(id).map_err(archive_error)?;
            Ok((event, mentions))
        })
        .await?;
    let mut body = format!(
        "<h1>{} {} {}</h1><p class=\"meta\">event #{} · <a href=\"/api/events/{}\">JSON</a></p><dl class=\"stats\">",
        esc(&codes(&event.source_codes)),
        esc(&event.plover),
        esc(&codes(&event.target_codes)),
        event.id,
        event.id
    );
    let mut row = |k: &str, v: String| {
        let _ = write!(body, "<dt>{k}</dt><dd>{v}</dd>");
    };
    row(
        "when",
        format!(
            "{} <span class=\"hint\">(TIMEX3 {})</span>",
            esc(&when(&event)),
            esc(event.date.as_deref().unwrap_or("none"))
        ),
    );
    row("who", actor_links(&event.source_codes, &event.source_names));
    row(
        "did what",
        format!(
            "{} (CAMEO {}{})",
            esc(&event.plover),
            esc(&event.cameo),
            event
                .quad_class
                .map(|q| format!(", {}", archive::codes::quad_class_name(q)))
                .unwrap_or_default()
        ),
    );
    row(
        "to whom",
        actor_links(&event.target_codes, &event.target_names),
    );
    row("modality", esc(&event.modality));
    row("where", esc(event.location.as_deref().unwrap_or("—")));
    row(
        "reports",
        format!(
            "{} mentions in {} articles from {} sources ({} independent)",
            event.num_mentions, event.num_articles, event.num_sources, event.num_independent
        ),
    );
    row(
        "first / last report",
        format!(
            "{} / {}",
            esc(event.first_report.as_deref().unwrap_or("?")),
            esc(event.last_report.as_deref().unwrap_or("?"))
        ),
    );
    row("confidence", format!("{:.2}", event.confidence));
    if let Some(plan) = event.planned_event {
        row(
            "announced by",
            format!("<a href=\"/events/{plan}\">planned event #{plan}</a>"),
        );
    }
    if let Some(real) = event.realized_by {
        row(
            "realised by",
            format!("<a href=\"/events/{real}\">event #{real}</a>"),
        );
    }
    body.push_str("</dl><h2>Reports</h2><table><thead><tr><th>article</th><th>published</th><th>sentence</th><th>trigger</th><th>modality</th><th>date</th></tr></thead><tbody>");
    for m in &mentions {
        let _ = write!(
            body,
            "<tr><td><a href=\"/articles/{}\">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            url_encode(&m.article),
            esc(m.title.as_deref().unwrap_or(&m.article)),
            if m.duplicate { " <span class=\"hint\">(near-duplicate)</span>" } else { "" },
            esc(m.report_date.as_deref().unwrap_or("?")),
            esc(&m.sentence),
            esc(&m.trigger),
            esc(&m.modality),
            esc(m.date.as_deref().unwrap_or("—"))
        );
    }
    body.push_str("</tbody></table>");
    Ok(Html(page("Event", Section::Events, &body)))
}
