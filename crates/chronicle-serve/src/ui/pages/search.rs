//! The search page: the archive's articles by text and filters, with the events the filters match.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;

use crate::api::{self, archive_error, TOTAL_CAP};
use crate::params::Params;
use crate::resolve;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, link, page_in, range_of, url_encode, Section};
use crate::ui::{words, PageResult};

/// A title for an untitled article in a list: the start of its text (as its own page's
/// title is), without the snippet's match brackets.
fn lead_of(snippet: &str) -> String {
    let clean: String = snippet.chars().filter(|c| *c != '[' && *c != ']').collect();
    let clean = clean.trim().trim_start_matches('…').trim();
    let mut out: String = clean.chars().take(80).collect();
    if clean.chars().count() > 80 {
        if let Some(cut) = out.rfind(' ') {
            out.truncate(cut);
        }
        out.push('…');
    }
    if out.is_empty() {
        "An untitled article".into()
    } else {
        out
    }
}

fn search_form(p: &Params) -> String {
    filter_form(
        "/",
        &[
            Control::Wide("q", "Search the articles", "e.g. Blinken Seoul meeting"),
            Control::Text("since", "From (published / happening)", "YYYY-MM-DD"),
            Control::Text("until", "To", "YYYY-MM-DD"),
            ACTOR_CODES,
            COUNTRY,
            PLOVER,
            MODALITY,
            DUPLICATES,
        ],
        p,
        |_| None,
        "Search",
        true,
    )
}

/// The search page reads the API's search parameters plus `modality` (for the events
/// beside the hits), after `cameo` as the form lists it; the pager keeps them in this order.
pub(crate) const SEARCH_UI: [&str; api::SEARCH_PARAMS.len() + 1] =
    insert_after(api::SEARCH_PARAMS, "cameo", "modality");

/// `list` with `name` inserted after `after` (at the end when `after` is absent).
const fn insert_after<const N: usize>(
    list: &[&'static str],
    after: &str,
    name: &'static str,
) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut j, mut placed) = (0, 0, false);
    while i < list.len() && j < N {
        out[j] = list[i];
        j += 1;
        if !placed && j < N && same(list[i], after) {
            out[j] = name;
            j += 1;
            placed = true;
        }
        i += 1;
    }
    if !placed && j < N {
        out[j] = name;
    }
    out
}

/// `a == b` in a constant.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub(crate) async fn search_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let filtered = SEARCH_UI
        .iter()
        .any(|n| *n != "limit" && *n != "offset" && p.get(n).is_some());
    let mut search = api::search_query(&p, max)?;
    search.limit = Some(p.limit(20, max)?);
    let mut events = api::event_query(&p, max)?;
    events.limit = Some(10);
    events.offset = 0;
    let modality = api::modality(&p)?;
    let country = p.get("country");
    let flag = st.options.feedback;
    let found = st
        .blocking(move |st| {
            resolve::for_page(move || {
                // Names in the actor and country fields: the events take the actors they name,
                // the articles the codes of those actors.
                let resolved = resolve::event_query(&st.archive, &mut events, country.as_deref())?;
                search.actors = events.actors.clone();
                for r in &resolved {
                    match (r.param.as_str(), &r.code) {
                        ("actor", Some(code)) => search.actors.push(code.clone()),
                        ("country", Some(code)) => search.country = Some(code.clone()),
                        _ => {}
                    }
                }
                let hits = st.archive.search(&search).map_err(archive_error)?;
                let (rows, total) = if filtered {
                    let rows = st.archive.events(&events).map_err(archive_error)?;
                    let total = st
                        .archive
                        .count_events(&events, TOTAL_CAP)
                        .map_err(archive_error)?;
                    (rows, total)
                } else {
                    (Vec::new(), 0)
                };
                let reports = reports_of(&st.archive, &rows).map_err(archive_error)?;
                let stats = st.archive.stats().map_err(archive_error)?;
                Ok((resolved, hits, rows, total, reports, stats))
            })
        })
        .await?;
    let mut body = String::new();
    body.push_str("<h1>Search the archive</h1>");
    let (resolved, hits, event_rows, total, reports, stats) = match found {
        Ok(found) => found,
        Err(a) => {
            body.push_str(&search_form(&p));
            body.push_str(&super::events::choice_html("/", &p, &SEARCH_UI, &a));
            return Ok(Html(page_in(
                "Search",
                Section::Search,
                &body,
                &range_of(&p),
            )));
        }
    };
    let _ = write!(
        body,
        "<p class=\"meta\">{} articles ({} stories) · {} events · {} actors{}</p>",
        stats.articles,
        stats.stories,
        stats.events,
        stats.actors,
        match (&stats.first_article, &stats.last_article) {
            (Some(a), Some(b)) => format!(
                " · published {} to {}",
                esc(&words::published(a)),
                esc(&words::published(b))
            ),
            _ => String::new(),
        }
    );
    body.push_str(&search_form(&p));
    body.push_str(&super::events::resolved_html(&resolved));
    let limit = p.limit(20, max)?;
    let offset = p.offset()?;
    let heading = if filtered {
        "Matching articles"
    } else {
        "Latest articles"
    };
    let _ = write!(
        body,
        "<section aria-labelledby=\"hits\"><h2 id=\"hits\">{heading}</h2>"
    );
    if modality.is_some() {
        body.push_str("<p class=\"hint\">The modality filter applies to the events below; articles are filtered by text, dates, actors, country and event type.</p>");
    }
    if hits.is_empty() {
        body.push_str("<p>No articles match. Try fewer words or filters.</p>");
    } else {
        let _ = write!(body, "<ol class=\"results\" start=\"{}\">", offset + 1);
        for h in &hits {
            let title = h
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| lead_of(&h.snippet));
            let _ = write!(
                body,
                "<li><a class=\"hit-title\" href=\"/articles/{}\">{}</a> <span class=\"meta\">{}{}</span><div class=\"snippet\">{}</div>{}</li>",
                url_encode(&h.id),
                esc(&title),
                esc(&h.date.as_deref().map(words::published).unwrap_or_else(|| "undated".into())),
                h.source.as_deref().map(|s| format!(" · {}", esc(s))).unwrap_or_default(),
                snippet_html(&h.snippet),
                h.duplicate_of
                    .as_deref()
                    .map(|d| format!("<div class=\"hint\">near-duplicate of <a href=\"/articles/{}\">{}</a></div>", url_encode(d), esc(d)))
                    .unwrap_or_default()
            );
        }
        body.push_str("</ol>");
        body.push_str(&pager("/", &p, &SEARCH_UI, offset, limit, hits.len()));
    }
    body.push_str("</section>");
    if filtered {
        let pairs: Vec<(String, String)> = [
            "q",
            "actor",
            "country",
            "plover",
            "cameo",
            "modality",
            "since",
            "until",
            "duplicates",
        ]
        .iter()
        .filter_map(|n| p.all_raw(n).map(|v| (n.to_string(), v)))
        .collect();
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let _ = write!(
            body,
            "<section aria-labelledby=\"ev\"><h2 id=\"ev\">Matching events: {}</h2>",
            esc(&showing(
                0,
                event_rows.len(),
                total,
                total >= TOTAL_CAP,
                "events"
            ))
        );
        body.push_str(&events_table(&event_rows, &reports, flag));
        // Names or codes, as given: the timeline and the network resolve them alike.
        let actors: Vec<String> = p
            .all("actor")
            .into_iter()
            .filter(|a| !a.trim().is_empty())
            .collect();
        let (timeline_key, subject) = match actors.first() {
            Some(a) => ("actor", a.clone()),
            None => ("subject", p.get("q").unwrap_or_default()),
        };
        let _ = write!(
            body,
            "<p><a href=\"{}\">all matching events</a>{} · <a href=\"{}\">network of these events</a></p></section>",
            esc(&link("/events", &refs)),
            if subject.is_empty() {
                String::new()
            } else {
                format!(" · <a href=\"{}\">timeline of {}</a>", esc(&link("/timeline", &[(timeline_key, &subject)])), esc(&subject))
            },
            esc(&link("/network", &refs.iter().filter(|(k, _)| ["plover", "modality", "since", "until"].contains(k)).copied().chain(actors.first().map(|c| ("actor", c.as_str()))).collect::<Vec<_>>())),
        );
    }
    Ok(Html(page_in(
        "Search",
        Section::Search,
        &body,
        &range_of(&p),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_page_reads_the_api_parameters_and_modality() {
        let api: Vec<&str> = SEARCH_UI
            .iter()
            .copied()
            .filter(|n| *n != "modality")
            .collect();
        assert_eq!(api, api::SEARCH_PARAMS);
        let cameo = SEARCH_UI.iter().position(|n| *n == "cameo");
        assert_eq!(
            SEARCH_UI.get(cameo.map_or(99, |i| i + 1)),
            Some(&"modality")
        );
    }
}
