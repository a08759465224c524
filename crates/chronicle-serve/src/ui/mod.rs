//! The web UI: server-rendered pages over the same queries as the JSON API.
//!
//! Every page works without script (forms are plain GET forms, charts are inline SVG with a
//! table of the same data), is reachable by keyboard, and escapes everything it prints.

pub mod article;
pub mod html;
pub mod svg;

use std::fmt::Write;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use chronicle::date::Date;
use chronicle_archive as archive;

use crate::api::{self, archive_error};
use crate::error::ApiError;
use crate::params::Params;
use crate::AppState;
use html::{esc, link, page, url_encode, Section};

/// A UI route (not part of the OpenAPI document).
pub struct Route {
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

pub fn routes() -> Vec<Route> {
    let r = |path, handler| Route { path, handler };
    vec![
        r("/", get(search_page)),
        r("/events", get(events_page)),
        r("/events/{id}", get(event_page)),
        r("/articles/{id}", get(article_page)),
        r("/timeline", get(timeline_page)),
        r("/network", get(network_page)),
        r("/trends", get(trends_page)),
        r("/actors", get(actors_page)),
        r("/static/style.css", get(style)),
        r("/static/app.js", get(script)),
    ]
}

const STYLE: &str = include_str!("../../assets/style.css");
const SCRIPT: &str = include_str!("../../assets/app.js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

type PageResult = Result<Html<String>, ApiError>;

// ---------- form helpers ----------

fn field(name: &str, label: &str, value: &str, placeholder: &str, class: &str) -> String {
    format!(
        "<label class=\"{class}\">{label}<input type=\"text\" name=\"{name}\" value=\"{}\" placeholder=\"{}\"></label>",
        esc(value),
        esc(placeholder)
    )
}

fn select(name: &str, label: &str, options: &[&str], value: &str) -> String {
    let mut out = format!("<label>{label}<select name=\"{name}\"><option value=\"\">any</option>");
    for o in options {
        let selected = if o.eq_ignore_ascii_case(value) {
            " selected"
        } else {
            ""
        };
        let _ = write!(out, "<option value=\"{o}\"{selected}>{o}</option>");
    }
    out.push_str("</select></label>");
    out
}

fn val(p: &Params, name: &str) -> String {
    p.get(name).unwrap_or_default()
}

fn checkbox(name: &str, label: &str, checked: bool) -> String {
    format!(
        "<label class=\"check\"><span><input type=\"checkbox\" name=\"{name}\" value=\"true\"{}> {label}</span></label>",
        if checked { " checked" } else { "" }
    )
}

/// One control of a filter form, filled in from the request's parameters.
#[derive(Clone, Copy)]
enum Control {
    /// A text box: parameter, label, placeholder.
    Text(&'static str, &'static str, &'static str),
    /// A text box across the form (the main query).
    Wide(&'static str, &'static str, &'static str),
    /// A text box listing every value of a repeatable parameter, comma-separated.
    Codes(&'static str, &'static str, &'static str),
    /// A list to choose from ("any" first).
    Choice(&'static str, &'static str, &'static [&'static str]),
    /// A true/false flag.
    Flag(&'static str, &'static str),
}

const ACTOR_CODES: Control = Control::Codes("actor", "Actor code(s)", "e.g. USA,KOR");
const ACTOR_CODE: Control = Control::Text("actor", "Actor code", "e.g. KOR");
const COUNTRY: Control = Control::Text("country", "Country (ISO-3)", "e.g. KOR");
const PLOVER: Control = Control::Choice(
    "plover",
    "Event type (PLOVER)",
    &archive::codes::PLOVER_TYPES,
);
const MODALITY: Control = Control::Choice("modality", "Modality", &api::MODALITIES);
const HAPPENING_FROM: Control = Control::Text("since", "Happening from", "YYYY-MM-DD");
const HAPPENING_UNTIL: Control = Control::Text("until", "Happening until", "YYYY-MM-DD");
const DUPLICATES: Control = Control::Flag("duplicates", "include near-duplicates");

/// A GET form to `action` with `controls`, their values from `p` unless `value` gives
/// one, and a submit button (plus a "clear" link when `clear`).
fn filter_form(
    action: &str,
    controls: &[Control],
    p: &Params,
    value: impl Fn(&str) -> Option<String>,
    button: &str,
    clear: bool,
) -> String {
    let role = if action == "/" {
        " role=\"search\""
    } else {
        ""
    };
    let mut out = format!("<form class=\"filters\" method=\"get\" action=\"{action}\"{role}>");
    let current = |name: &str| value(name).unwrap_or_else(|| val(p, name));
    for control in controls {
        out.push_str(&match *control {
            Control::Text(name, label, hint) => field(name, label, &current(name), hint, ""),
            Control::Wide(name, label, hint) => field(name, label, &current(name), hint, "wide"),
            Control::Codes(name, label, hint) => {
                let all = value(name).unwrap_or_else(|| p.all(name).join(","));
                field(name, label, &all, hint, "")
            }
            Control::Choice(name, label, options) => select(name, label, options, &current(name)),
            Control::Flag(name, label) => checkbox(name, label, p.flag(name).unwrap_or(false)),
        });
    }
    let _ = write!(out, "<div><button type=\"submit\">{button}</button>");
    if clear {
        let _ = write!(out, " <a href=\"{action}\">clear</a>");
    }
    out.push_str("</div></form>");
    out
}

/// "Previous / next" links that keep every other parameter.
fn pager(
    path: &str,
    p: &Params,
    names: &[&str],
    offset: usize,
    limit: usize,
    shown: usize,
) -> String {
    let mut pairs: Vec<(String, String)> = names
        .iter()
        .filter(|n| **n != "offset")
        .filter_map(|n| p.all_raw(n).map(|v| (n.to_string(), v)))
        .collect();
    let mut out = String::from("<nav class=\"pager\" aria-label=\"Pages\">");
    let href = |pairs: &mut Vec<(String, String)>, off: usize| {
        pairs.retain(|(k, _)| k != "offset");
        if off > 0 {
            pairs.push(("offset".into(), off.to_string()));
        }
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        link(path, &refs)
    };
    if offset > 0 {
        let _ = write!(
            out,
            "<a href=\"{}\">← previous {limit}</a>",
            esc(&href(&mut pairs, offset.saturating_sub(limit)))
        );
    }
    if shown >= limit && limit > 0 {
        let _ = write!(
            out,
            "<a href=\"{}\">next {limit} →</a>",
            esc(&href(&mut pairs, offset + limit))
        );
    }
    out.push_str("</nav>");
    out
}

/// `[matched]` words of an archive snippet as `<mark class="hit">`, everything escaped.
fn snippet_html(snippet: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for c in snippet.chars() {
        match c {
            '[' if !open => {
                out.push_str("<mark class=\"hit\">");
                open = true;
            }
            ']' if open => {
                out.push_str("</mark>");
                open = false;
            }
            c => html::push_esc(&mut out, &c.to_string()),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

fn codes(codes: &[String]) -> String {
    if codes.is_empty() {
        "?".into()
    } else {
        codes.join("+")
    }
}

fn actor_links(codes: &[String], names: &str) -> String {
    if codes.is_empty() {
        return if names.is_empty() {
            "?".into()
        } else {
            esc(names)
        };
    }
    let links: Vec<String> = codes
        .iter()
        .map(|c| {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&link("/timeline", &[("actor", c)])),
                esc(c)
            )
        })
        .collect();
    if names.is_empty() {
        links.join(", ")
    } else {
        format!(
            "{} <span class=\"hint\">({})</span>",
            links.join(", "),
            esc(names)
        )
    }
}

fn when(e: &archive::EventRow) -> String {
    match (
        e.start.as_deref().and_then(Date::parse_iso),
        e.end.as_deref().and_then(Date::parse_iso),
    ) {
        (Some(b), Some(en)) => svg::day_range_label(b, en),
        _ => e.date.clone().unwrap_or_else(|| "undated".into()),
    }
}

fn events_table(events: &[archive::EventRow]) -> String {
    if events.is_empty() {
        return "<p>No events match.</p>".into();
    }
    let mut out = String::from("<table class=\"events\"><thead><tr><th>when</th><th>who</th><th>did what</th><th>to whom</th><th>modality</th><th>where</th><th>reports</th><th>confidence</th><th>first reported</th></tr></thead><tbody>");
    for e in events {
        let _ = write!(
            out,
            "<tr class=\"modality-{}\"><td><a href=\"/events/{}\">{}</a></td><td>{}</td><td>{} <span class=\"hint\">CAMEO {}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{} ({} independent)</td><td>{:.2}</td><td><a href=\"/articles/{}\">{}</a></td></tr>",
            esc(&e.modality),
            e.id,
            esc(&when(e)),
            actor_links(&e.source_codes, &e.source_names),
            esc(&e.plover),
            esc(&e.cameo),
            actor_links(&e.target_codes, &e.target_names),
            esc(&e.modality),
            esc(e.location.as_deref().unwrap_or("—")),
            e.num_articles,
            e.num_independent,
            e.confidence,
            url_encode(&e.first_article),
            esc(e.first_report.as_deref().unwrap_or("article")),
        );
    }
    out.push_str("</tbody></table>");
    out
}

// ---------- search ----------

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

const SEARCH_UI: &[&str] = &[
    "q",
    "since",
    "until",
    "actor",
    "country",
    "plover",
    "cameo",
    "modality",
    "duplicates",
    "limit",
    "offset",
];

async fn search_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
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
    let (hits, event_rows, stats) = st
        .blocking(move |st| {
            let hits = st.archive.search(&search).map_err(archive_error)?;
            // Only events the articles' filters can speak for: the text query has no event form.
            let rows = if filtered {
                st.archive.events(&events).map_err(archive_error)?
            } else {
                Vec::new()
            };
            let stats = st.archive.stats().map_err(archive_error)?;
            Ok((hits, rows, stats))
        })
        .await?;
    let mut body = String::new();
    body.push_str("<h1>Search the archive</h1>");
    let _ = write!(
        body,
        "<p class=\"meta\">{} articles ({} stories) · {} events · {} actors{}</p>",
        stats.articles,
        stats.stories,
        stats.events,
        stats.actors,
        match (&stats.first_article, &stats.last_article) {
            (Some(a), Some(b)) => format!(" · published {} to {}", esc(a), esc(b)),
            _ => String::new(),
        }
    );
    body.push_str(&search_form(&p));
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
                .unwrap_or_else(|| format!("Untitled article {}", h.id));
            let _ = write!(
                body,
                "<li><a class=\"hit-title\" href=\"/articles/{}\">{}</a> <span class=\"meta\">{}{}</span><div class=\"snippet\">{}</div>{}</li>",
                url_encode(&h.id),
                esc(&title),
                esc(h.date.as_deref().unwrap_or("undated")),
                h.source.as_deref().map(|s| format!(" · {}", esc(s))).unwrap_or_default(),
                snippet_html(&h.snippet),
                h.duplicate_of
                    .as_deref()
                    .map(|d| format!("<div class=\"hint\">near-duplicate of <a href=\"/articles/{}\">{}</a></div>", url_encode(d), esc(d)))
                    .unwrap_or_default()
            );
        }
        body.push_str("</ol>");
        body.push_str(&pager("/", &p, SEARCH_UI, offset, limit, hits.len()));
    }
    body.push_str("</section>");
    if filtered {
        let pairs: Vec<(String, String)> = [
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
        body.push_str("<section aria-labelledby=\"ev\"><h2 id=\"ev\">Matching events</h2>");
        body.push_str(&events_table(&event_rows));
        let subject = p
            .codes("actor")
            .first()
            .cloned()
            .or_else(|| p.get("q"))
            .unwrap_or_default();
        let _ = write!(
            body,
            "<p><a href=\"{}\">all matching events</a>{} · <a href=\"{}\">network of these events</a></p></section>",
            esc(&link("/events", &refs)),
            if subject.is_empty() {
                String::new()
            } else {
                format!(" · <a href=\"{}\">timeline of {}</a>", esc(&link("/timeline", &[("subject", &subject)])), esc(&subject))
            },
            esc(&link("/network", &refs.iter().filter(|(k, _)| ["actor", "plover", "modality", "since", "until"].contains(k)).copied().collect::<Vec<_>>())),
        );
    }
    Ok(Html(page("Search", Section::Search, &body)))
}

// ---------- events ----------

async fn events_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
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
    Ok(Html(page("Events", Section::Events, &body)))
}

async fn event_page(State(st): State<AppState>, Path(id): Path<String>) -> PageResult {
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

// ---------- article ----------

async fn article_page(State(st): State<AppState>, Path(id): Path<String>) -> PageResult {
    let record = st.blocking(move |st| api::load_article(st, &id)).await?;
    let mut notes = Vec::new();
    if let Some(first) = &record.duplicate_of {
        notes.push(format!(
            "This article is a near-duplicate (similarity {:.2}) of article {first}.",
            record.similarity.unwrap_or(0.0)
        ));
    }
    if !record.duplicates.is_empty() {
        notes.push(format!(
            "Later near-copies: {}.",
            record.duplicates.join(", ")
        ));
    }
    let mut body = article::article_body(&record.article, &notes);
    if let Some(first) = &record.duplicate_of {
        let _ = write!(
            body,
            "<p><a href=\"/articles/{}\">Open the first copy</a></p>",
            url_encode(first)
        );
    }
    let _ = write!(body, "<section><h2>In the archive: merged events ({})</h2><p class=\"hint\">The events of this article as merged with other reports of the same real-world events.</p>", record.events.len());
    body.push_str(&events_table(&record.events));
    body.push_str("</section>");
    let title = article::display_title(&record.article);
    Ok(Html(page(&title, Section::Article, &body)))
}

// ---------- timeline ----------

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
            label: format!(
                "{} {} {}",
                codes(&e.source_codes),
                e.plover,
                codes(&e.target_codes)
            ),
            modality: e.modality.clone(),
            reported,
            href: Some(format!("/events/{}", e.id)),
            detail: format!(
                "{} — {} {} {} (CAMEO {}), {}; {} report(s), confidence {:.2}{}\n{}",
                svg::day_range_label(begin, end),
                codes(&e.source_codes),
                e.plover,
                codes(&e.target_codes),
                e.cameo,
                e.modality,
                e.num_articles,
                e.confidence,
                reported
                    .map(|r| format!("; first reported {r}"))
                    .unwrap_or_default(),
                e.summary
            ),
        });
    }
    (items, undated)
}

async fn timeline_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let query = api::timeline_query(&p, max)?;
    let subject = query.subject.clone();
    let mut body = String::from("<h1>Timeline</h1><p class=\"hint\">Events placed by when they happen, not when they were reported. Planned events are hollow and labelled “planned”; a grey tick marks the day of the first report.</p>");
    body.push_str(&filter_form(
        "/timeline",
        &[
            Control::Wide("subject", "Actor code or text query", "e.g. KOR or summit"),
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
        return Ok(Html(page("Timeline", Section::Timeline, &body)));
    }
    let rows = st
        .blocking(move |st| st.archive.timeline(&query).map_err(archive_error))
        .await?;
    let (items, undated) = timeline_items(&rows);
    let _ = write!(body, "<h2>{} events of {}</h2>", rows.len(), esc(&subject));
    if items.is_empty() {
        body.push_str("<p>No dated events to draw.</p>");
    } else {
        let _ = write!(
            body,
            "<figure class=\"chart-wrap\">{}<figcaption class=\"hint\">Select an event (click, or <kbd>Tab</kbd> then <kbd>Enter</kbd>) to see its reports.</figcaption></figure>",
            svg::timeline(&items, &format!("Timeline of {subject}"))
        );
    }
    body.push_str("<h2>As a table</h2>");
    body.push_str(&events_table(&rows));
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
    Ok(Html(page(
        &format!("Timeline of {subject}"),
        Section::Timeline,
        &body,
    )))
}

// ---------- network ----------

async fn network_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let query = api::network_query(&p, st.options.limits.max_page_size)?;
    let edges = st
        .blocking(move |st| st.archive.network(&query).map_err(archive_error))
        .await?;
    let mut body = String::from("<h1>Actor network</h1><p class=\"hint\">Who acts on whom: an arrow from A to B means A did something to B; its width and number give how many events.</p>");
    body.push_str(&filter_form(
        "/network",
        &[
            ACTOR_CODE,
            PLOVER,
            MODALITY,
            HAPPENING_FROM,
            HAPPENING_UNTIL,
            Control::Text("min_events", "Minimum events per arrow", "1"),
        ],
        &p,
        |_| None,
        "Draw",
        true,
    ));
    // At most 40 actors on the circle: the heaviest ones.
    let nodes: Vec<(String, i64)> = api::network_nodes(&edges).into_iter().take(40).collect();
    let shown: Vec<&archive::Edge> = edges
        .iter()
        .filter(|e| nodes.iter().any(|n| n.0 == e.source) && nodes.iter().any(|n| n.0 == e.target))
        .collect();
    if shown.is_empty() {
        body.push_str("<p>No actor acts on another in the matching events.</p>");
    } else {
        let net_nodes: Vec<svg::NetNode> = nodes
            .iter()
            .map(|(code, _)| svg::NetNode {
                id: code.clone(),
                label: code.clone(),
                href: Some(link("/timeline", &[("subject", code)])),
            })
            .collect();
        let net_edges: Vec<svg::NetEdge> = shown
            .iter()
            .map(|e| svg::NetEdge {
                source: e.source.clone(),
                target: e.target.clone(),
                weight: e.events.max(0) as u64,
                detail: format!(
                    "{} → {}: {} event(s), weight {} (verbal coop. {}, material coop. {}, verbal conflict {}, material conflict {})",
                    e.source, e.target, e.events, e.weight, e.by_quad[0], e.by_quad[1], e.by_quad[2], e.by_quad[3]
                ),
            })
            .collect();
        let _ = write!(
            body,
            "<figure class=\"chart-wrap\">{}<figcaption class=\"hint\">{} actors, {} arrows. Select an actor to see its timeline.</figcaption></figure>",
            svg::network(&net_nodes, &net_edges, "Who acts on whom"),
            net_nodes.len(),
            net_edges.len()
        );
    }
    body.push_str("<h2>As a table</h2><table><thead><tr><th>who</th><th>acts on</th><th>events</th><th>weight</th><th>verbal coop.</th><th>material coop.</th><th>verbal conflict</th><th>material conflict</th><th>mean Goldstein</th></tr></thead><tbody>");
    for e in &edges {
        let pair = [e.source.clone(), e.target.clone()].join(",");
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            actor_links(std::slice::from_ref(&e.source), ""),
            actor_links(std::slice::from_ref(&e.target), ""),
            esc(&link("/events", &[("actor", &pair)])),
            e.events,
            e.weight,
            e.by_quad[0],
            e.by_quad[1],
            e.by_quad[2],
            e.by_quad[3],
            e.mean_goldstein.map(|g| format!("{g:.1}")).unwrap_or_else(|| "—".into())
        );
    }
    body.push_str("</tbody></table>");
    Ok(Html(page("Network", Section::Network, &body)))
}

// ---------- trends ----------

async fn trends_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
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

// ---------- actors ----------

async fn actors_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_hits_and_stay_balanced() {
        assert_eq!(
            snippet_html("a [b] <c>"),
            "a <mark class=\"hit\">b</mark> &lt;c&gt;"
        );
        assert_eq!(snippet_html("x [y"), "x <mark class=\"hit\">y</mark>");
        assert_eq!(snippet_html("]z["), "]z<mark class=\"hit\"></mark>");
    }

    #[test]
    fn pager_keeps_filters() {
        let p = Params::parse(Some("q=a%20b&actor=KOR&offset=20"));
        let html = pager("/", &p, SEARCH_UI, 20, 20, 20);
        assert!(html.contains("href=\"/?q=a%20b&amp;actor=KOR\""));
        assert!(html.contains("href=\"/?q=a%20b&amp;actor=KOR&amp;offset=40\""));
    }
}
