//! The timeline of an actor or a text query: a chart and a table of the same events.

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
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, link, page_in, range_of, Section};
use crate::ui::{svg, words, PageResult};

fn timeline_items(rows: &[archive::EventRow]) -> (Vec<svg::TimelineItem>, Vec<&archive::EventRow>) {
    let mut items = Vec::new();
    let mut undated = Vec::new();
    for e in rows {
        let begin = e.start.as_deref().and_then(Date::parse_iso);
        let end = e.end.as_deref().and_then(Date::parse_iso);
        let (Some(begin), Some(end)) = (begin, end.or(begin)) else {
            undated.push(e);
            continue;
        };
        let end = end.max(begin);
        let reported = e
            .first_report
            .as_deref()
            .and_then(|r| r.get(0..10))
            .and_then(Date::parse_iso);
        items.push(svg::TimelineItem {
            begin,
            end,
            label: words::event_title(e),
            modality: e.modality.clone(),
            reported,
            href: Some(format!("/events/{}", e.id)),
            detail: format!(
                "{} — {} ({} {}), {}; {} report(s), confidence {:.2}{}\n{}",
                words::event_when(e),
                words::event_title(e),
                e.plover,
                words::cameo_label(&e.cameo).unwrap_or_else(|| e.cameo.clone()),
                e.modality,
                e.num_articles,
                e.confidence,
                reported
                    .map(|r| format!("; first reported {}", words::day(r)))
                    .unwrap_or_default(),
                e.summary
            ),
        });
    }
    (items, undated)
}

pub(crate) async fn timeline_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let mut query = api::timeline_query(&p, max)?;
    let subject = query.subject.clone();
    let mut body = String::from("<h1>Timeline</h1><p class=\"hint\">Events placed by when they happen, not when they were reported. Planned events are hollow and labelled “planned”; a grey tick marks the day of the first report.</p>");
    body.push_str(&filter_form(
        "/timeline",
        &[
            Control::Wide(
                "subject",
                "Actor (name or code) or words",
                "e.g. Biden, KOR or summit",
            ),
            HAPPENING_FROM,
            HAPPENING_UNTIL,
        ],
        &p,
        |name| (name == "subject").then(|| subject.clone()),
        "Show timeline",
        false,
    ));
    if subject.trim().is_empty() {
        let top = st
            .blocking(|st| {
                st.archive
                    .actors(&archive::ActorQuery {
                        limit: Some(24),
                        ..Default::default()
                    })
                    .map_err(archive_error)
            })
            .await?;
        body.push_str("<h2>Pick an actor</h2><ul class=\"actors\">");
        for a in top.iter().filter(|a| a.code.is_some()) {
            let code = a.code.clone().unwrap_or_default();
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a> {} <span class=\"hint\">({} articles)</span></li>",
                esc(&link("/timeline", &[("subject", &code)])),
                esc(&code),
                esc(&a.name),
                a.articles
            );
        }
        body.push_str("</ul>");
        return Ok(Html(page_in(
            "Timeline",
            Section::Timeline,
            &body,
            &range_of(&p),
        )));
    }
    let params = p.clone();
    let found = st
        .blocking(move |st| {
            resolve::for_page(move || {
                let resolved = api::resolve_timeline(&st.archive, &params, &mut query)?;
                let rows = st.archive.timeline(&query).map_err(archive_error)?;
                Ok((resolved, query.subject, rows))
            })
        })
        .await?;
    let (resolved, subject, rows) = match found {
        Ok(found) => found,
        Err(a) => {
            body.push_str(&choice_html("/timeline", &p, api::TIMELINE_PARAMS, &a));
            return Ok(Html(page_in(
                "Timeline",
                Section::Timeline,
                &body,
                &range_of(&p),
            )));
        }
    };
    body.push_str(&resolved_html(resolved.as_slice()));
    // A resolved name: the timeline is its actor's, the links take its code.
    let (subject, heading) = match &resolved {
        Some(r) => (r.code.clone().unwrap_or(subject), r.name.clone()),
        None => (subject.clone(), subject),
    };
    let (items, undated) = timeline_items(&rows);
    let _ = write!(body, "<h2>{} events of {}</h2>", rows.len(), esc(&heading));
    if items.is_empty() {
        body.push_str("<p>No dated events to draw.</p>");
    } else {
        let _ = write!(
            body,
            "<figure class=\"chart-wrap\">{}<figcaption class=\"hint\">Select an event (click, or <kbd>Tab</kbd> then <kbd>Enter</kbd>) to see its reports.</figcaption></figure>",
            svg::timeline(&items, &format!("Timeline of {heading}"))
        );
    }
    body.push_str("<h2>As a table</h2>");
    body.push_str(&events_table(
        &rows,
        &std::collections::HashMap::new(),
        false,
    ));
    if !undated.is_empty() {
        let _ = write!(body, "<p class=\"hint\">{} of these events have no date that places them on the calendar.</p>", undated.len());
    }
    let _ = write!(
        body,
        "<p><a href=\"{}\">network of {}</a> · <a href=\"{}\">counts over time</a> · <a href=\"{}\">JSON</a></p>",
        esc(&link("/network", &[("actor", &subject)])),
        esc(&subject),
        esc(&link("/trends", &[("actor", &subject)])),
        esc(&link("/api/timeline", &[("subject", &subject)]))
    );
    Ok(Html(page_in(
        &format!("Timeline of {heading}"),
        Section::Timeline,
        &body,
        &range_of(&p),
    )))
}
