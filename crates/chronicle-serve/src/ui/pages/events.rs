//! The events list, one event with its evidence, and the "flag this coding" form's target.

use std::fmt::Write;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chronicle_archive as archive;

use crate::api::{self, archive_error, TOTAL_CAP};
use crate::error::ApiError;
use crate::params::Params;
use crate::resolve;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, link, page, page_in, range_of, Section};
use crate::ui::{words, PageResult};

/// Names given in actor and country fields, resolved; an ambiguous one becomes a choice
/// (links that keep every other filter) instead of an empty list.
pub(crate) fn choice_html(
    path: &str,
    p: &Params,
    names: &[&str],
    a: &resolve::Ambiguous,
) -> String {
    let mut out = format!(
        "<div class=\"choice\" role=\"alert\"><p>“{}” names several {}. Which one?</p><ul>",
        esc(&a.given),
        if a.param == "country" {
            "countries"
        } else {
            "actors"
        }
    );
    for c in &a.choices {
        let value = if a.param == "country" {
            c.country.clone().unwrap_or_default()
        } else {
            format!("id:{}", c.id)
        };
        let pairs: Vec<(String, String)> = names
            .iter()
            .filter(|n| **n != "offset")
            .filter_map(|n| {
                if *n == a.param {
                    Some((n.to_string(), value.clone()))
                } else {
                    p.all_raw(n).map(|v| (n.to_string(), v))
                }
            })
            .collect();
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a>{} <span class=\"hint\">{}</span></li>",
            esc(&link(path, &pairs)),
            esc(&c.name),
            c.code
                .as_deref()
                .map(|code| format!(" <span class=\"code\">{}</span>", esc(code)))
                .unwrap_or_default(),
            esc(&plural(c.articles, "article", "articles")),
        );
    }
    out.push_str("</ul></div>");
    out
}

/// What the resolved names stand for ("actor “Biden” is Joe Biden (USAGOV)").
pub(crate) fn resolved_html(resolved: &[resolve::Resolved]) -> String {
    if resolved.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = resolved
        .iter()
        .map(|r| {
            let name = match r.id {
                Some(id) => format!("<a href=\"/actors/{id}\">{}</a>", esc(&r.name)),
                None => esc(&r.name),
            };
            format!(
                "{} “{}” is {}{}",
                esc(&r.param),
                esc(&r.given),
                name,
                r.code
                    .as_deref()
                    .map(|c| format!(" <span class=\"code\">{}</span>", esc(c)))
                    .unwrap_or_default()
            )
        })
        .collect();
    format!("<p class=\"hint\">{}.</p>", parts.join("; "))
}

pub(crate) async fn events_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let mut query = api::event_query(&p, max)?;
    api::check_query_words(&query.text, st.options.limits.max_query_words)?;
    let limit = p.limit(50, max)?;
    query.limit = Some(limit);
    let offset = query.offset;
    let country = p.get("country");
    let flag = st.options.feedback;
    let found = st
        .blocking(move |st| {
            resolve::for_page(move || {
                let resolved = resolve::event_query(&st.archive, &mut query, country.as_deref())?;
                let rows = st.archive.events(&query).map_err(archive_error)?;
                let total = st
                    .archive
                    .count_events(&query, TOTAL_CAP)
                    .map_err(archive_error)?;
                let reports = reports_of(&st.archive, &rows).map_err(archive_error)?;
                Ok((resolved, rows, total, reports))
            })
        })
        .await?;
    let mut body = String::from("<h1>Events</h1><p class=\"hint\">One row per real-world event, however many articles report it, in the order the events happen. Open “evidence” to see the sentences an event was coded from.</p>");
    body.push_str(&filter_form(
        "/events",
        &[
            Control::Wide("q", "Words in the reports", "e.g. sanctions"),
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
    let (resolved, rows, total, reports) = match found {
        Ok(found) => found,
        Err(a) => {
            body.push_str(&choice_html("/events", &p, api::EVENT_PARAMS, &a));
            return Ok(Html(page("Events", Section::Events, &body)));
        }
    };
    body.push_str(&resolved_html(&resolved));
    let events = EventsPage {
        rows: &rows,
        reports: &reports,
        flag,
        total,
        offset,
        limit,
    };
    body.push_str(&events.html("<h2>", "/events", &p, api::EVENT_PARAMS));
    Ok(Html(page_in(
        "Events",
        Section::Events,
        &body,
        &range_of(&p),
    )))
}

pub(crate) async fn event_page(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> PageResult {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no event with id {id:?}")))?;
    let p = Params::parse(q.as_deref());
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
    let title = words::event_title(&event);
    let mut body = format!(
        "<h1>{}</h1><p class=\"meta\">event #{} · <a href=\"/api/events/{}\">JSON</a></p>",
        esc(&title),
        event.id,
        event.id
    );
    if let Some(n) = p.get("flagged") {
        let _ = write!(
            body,
            "<p class=\"notice\" role=\"status\">Thank you: your correction is stored (#{}). <code>chronicle export --format feedback</code> writes all of them.</p>",
            esc(&n)
        );
    }
    body.push_str("<dl class=\"stats\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(body, "<dt>{k}</dt><dd>{v}</dd>");
    };
    row("when", esc(&when(&event)));
    row("who", event_actor_links(&event, "source"));
    row(
        "did what",
        format!(
            "{}{}",
            what(&event),
            event
                .quad_class
                .map(|q| format!(
                    " <span class=\"hint\">({}{})</span>",
                    archive::codes::quad_class_name(q),
                    event
                        .goldstein
                        .map(|g| format!(", Goldstein {g:+.1}"))
                        .unwrap_or_default()
                ))
                .unwrap_or_default()
        ),
    );
    row("to whom", event_actor_links(&event, "target"));
    row("modality", esc(&event.modality));
    row("where", esc(event.location.as_deref().unwrap_or("—")));
    row(
        "reports",
        format!(
            "{} in {} from {} ({} independent)",
            plural(event.num_mentions, "mention", "mentions"),
            plural(event.num_articles, "article", "articles"),
            plural(event.num_sources, "source", "sources"),
            event.num_independent
        ),
    );
    row(
        "first / last report",
        format!(
            "{} / {}",
            esc(&event
                .first_report
                .as_deref()
                .map(words::published)
                .unwrap_or_else(|| "?".into())),
            esc(&event
                .last_report
                .as_deref()
                .map(words::published)
                .unwrap_or_else(|| "?".into()))
        ),
    );
    row("confidence", format!("{:.2}", event.confidence));
    body.push_str("</dl><h2>Evidence</h2>");
    body.push_str(&evidence(&event, &mentions, st.options.feedback));
    if !st.options.feedback {
        body.push_str("<p class=\"hint\">Corrections are off on this server (start it with <code>--feedback</code> to let readers flag codings).</p>");
    }
    Ok(Html(page(&title, Section::Events, &body)))
}

/// Most bytes of a flag form's body.
const FLAG_BODY_LIMIT: usize = 8 * 1024;

/// `POST /events/{id}/flag`: stores a reader's correction and returns to the event.
pub(crate) async fn flag_event(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    if !st.options.feedback {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "corrections are off on this server; start it with --feedback",
        ));
    }
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no event with id {id:?}")))?;
    if body.len() > FLAG_BODY_LIMIT {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a correction takes at most {FLAG_BODY_LIMIT} bytes"),
        ));
    }
    let mut feedback = archive::Feedback {
        event: id,
        ..Default::default()
    };
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "field" => feedback.field = v.trim().to_string(),
            "correction" => feedback.correction = v.chars().take(200).collect(),
            "note" => feedback.note = v.chars().take(1000).collect(),
            _ => {}
        }
    }
    let _writer = st.writer.lock().await;
    let stored = st
        .blocking(move |st| {
            let mut writer = archive::Writer::open(&st.options.db).map_err(archive_error)?;
            writer.add_feedback(&feedback).map_err(archive_error)
        })
        .await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/events/{id}?flagged={stored}"))],
    )
        .into_response())
}
