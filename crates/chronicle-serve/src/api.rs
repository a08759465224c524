//! The JSON API. Every handler parses its parameters strictly (unknown names and malformed
//! values are 400s), runs its query on the blocking pool, and answers JSON. The route table
//! below is the single source of truth for the router and the OpenAPI test.

use axum::body::{to_bytes, Body};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Json;
use chronicle_archive as archive;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::params::Params;
use crate::state::AppState;

/// One API endpoint: what the router serves and what the OpenAPI document must describe.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

/// Every API route. The router is built from this list and a test checks it against
/// `/api/openapi.json`, so the document cannot drift from what is served.
pub fn routes() -> Vec<Route> {
    let r = |method, path, handler| Route {
        method,
        path,
        handler,
    };
    vec![
        r("GET", "/api/health", get(health)),
        r("GET", "/api/openapi.json", get(openapi)),
        r("GET", "/api/stats", get(stats)),
        r("GET", "/api/search", get(search)),
        r("GET", "/api/events", get(events)),
        r("GET", "/api/events/{id}", get(event)),
        r("GET", "/api/timeline", get(timeline)),
        r("GET", "/api/actors", get(actors)),
        r("GET", "/api/actors/{id}", get(actor)),
        r("GET", "/api/articles/{id}", get(article)),
        r("GET", "/api/network", get(network)),
        r("GET", "/api/counts", get(counts)),
        r("GET", "/api/places", get(places)),
        r("POST", "/api/extract", post(extract)),
        r("POST", "/api/ingest", post(ingest)),
    ]
}

/// Maps archive failures to statuses: bad filters are the client's fault, the rest ours.
pub(crate) fn archive_error(err: archive::Error) -> ApiError {
    match err {
        archive::Error::Query(m) => ApiError::bad_request(m),
        archive::Error::NotFound(id) => ApiError::not_found(format!("no article with id {id:?}")),
        archive::Error::DiskFull | archive::Error::WriteFailed(_) => {
            ApiError::new(StatusCode::INSUFFICIENT_STORAGE, err.to_string())
        }
        other => ApiError::internal(other.to_string()),
    }
}

/// Parses a query string as the GET endpoint `path` would (`/api/search`, `/api/events`,
/// ...), without touching an archive: the archive query it becomes, as JSON, or the 400.
/// For the fuzz target of the query-string parser.
pub fn parse_query(path: &str, query: &str) -> Result<Value, ApiError> {
    let q = Some(query.to_string());
    let limits = crate::state::Limits::default();
    let max = limits.max_page_size;
    let to_json =
        |v: Result<Value, serde_json::Error>| v.map_err(|e| ApiError::internal(e.to_string()));
    match path {
        "/api/search" => {
            let query = search_query(&params(&q, SEARCH_PARAMS)?, max)?;
            check_query_words(&query.text, limits.max_query_words)?;
            to_json(serde_json::to_value(query))
        }
        "/api/events" => to_json(serde_json::to_value(event_query(
            &params(&q, EVENT_PARAMS)?,
            max,
        )?)),
        "/api/timeline" => to_json(serde_json::to_value(timeline_query(
            &params(&q, TIMELINE_PARAMS)?,
            max,
        )?)),
        "/api/actors" => to_json(serde_json::to_value(actor_query(
            &params(&q, ACTOR_PARAMS)?,
            max,
        )?)),
        "/api/network" => to_json(serde_json::to_value(network_query(
            &params(&q, NETWORK_PARAMS)?,
            max,
        )?)),
        "/api/places" => to_json(serde_json::to_value(places_query(
            &params(&q, PLACE_PARAMS)?,
            max,
        )?)),
        "/api/counts" => to_json(serde_json::to_value(counts_query(&params(
            &q,
            COUNTS_PARAMS,
        )?)?)),
        other => Err(ApiError::not_found(format!("no such endpoint: {other}"))),
    }
}

fn params(query: &Option<String>, allowed: &[&str]) -> Result<Params, ApiError> {
    let p = Params::parse(query.as_deref());
    p.allow_only(allowed)?;
    Ok(p)
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// The hand-written OpenAPI 3.1 document (checked against [`routes`] by a test).
pub const OPENAPI: &str = include_str!("openapi.json");

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

async fn stats(State(st): State<AppState>, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    params(&q, &[])?;
    let stats = st
        .blocking(|st| st.archive.stats().map_err(archive_error))
        .await?;
    let mut value = serde_json::to_value(stats).map_err(|e| ApiError::internal(e.to_string()))?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "server".into(),
            json!({
                "version": env!("CARGO_PKG_VERSION"),
                "writable": st.options.token.is_some(),
                "pipeline": st.pipeline.stage_names(),
            }),
        );
    }
    Ok(Json(value))
}

pub(crate) const SEARCH_PARAMS: &[&str] = &[
    "q",
    "since",
    "until",
    "actor",
    "country",
    "plover",
    "cameo",
    "duplicates",
    "limit",
    "offset",
];

/// A PLOVER type filter, checked against the 16 types (a typo must not return nothing).
pub(crate) fn plover(p: &Params) -> Result<Option<String>, ApiError> {
    match p.code("plover") {
        Some(t) if !archive::codes::PLOVER_TYPES.contains(&t.as_str()) => {
            Err(ApiError::bad_request(format!(
                "plover: expected one of {}, got {t:?}",
                archive::codes::PLOVER_TYPES.join(", ")
            )))
        }
        other => Ok(other),
    }
}

/// A CAMEO code or code prefix: one to four digits.
pub(crate) fn cameo(p: &Params) -> Result<Option<String>, ApiError> {
    match p.get("cameo") {
        Some(c) if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) => {
            Err(ApiError::bad_request(format!(
                "cameo: expected a CAMEO code or prefix of 1 to 4 digits (e.g. 04, 0431), got {c:?}"
            )))
        }
        other => Ok(other),
    }
}

pub(crate) fn search_query(p: &Params, max: usize) -> Result<archive::SearchQuery, ApiError> {
    Ok(archive::SearchQuery {
        text: p.get("q").unwrap_or_default(),
        since: p.date("since")?,
        until: p.date("until")?,
        actors: p.codes("actor"),
        country: p.code("country"),
        plover: plover(p)?,
        cameo: cameo(p)?,
        include_duplicates: p.flag("duplicates")?,
        limit: Some(p.limit(archive::query::DEFAULT_LIMIT, max)?),
        offset: p.offset()?,
    })
}

/// Refuses a text search of more than `max` words: each is a walk of the full-text index.
pub(crate) fn check_query_words(text: &str, max: usize) -> Result<(), ApiError> {
    let words = text.split_whitespace().count();
    if words > max {
        return Err(ApiError::bad_request(format!(
            "q: {words} words; a search takes at most {max}"
        )));
    }
    Ok(())
}

async fn search(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, SEARCH_PARAMS)?;
    let query = search_query(&p, st.options.limits.max_page_size)?;
    check_query_words(&query.text, st.options.limits.max_query_words)?;
    let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
    let hits = st
        .blocking(move |st| st.archive.search(&query).map_err(archive_error))
        .await?;
    Ok(Json(
        json!({"query": echo, "count": hits.len(), "hits": hits}),
    ))
}

pub(crate) const EVENT_PARAMS: &[&str] = &[
    "q",
    "actor",
    "plover",
    "cameo",
    "modality",
    "since",
    "until",
    "country",
    "location",
    "min_confidence",
    "duplicates",
    "limit",
    "offset",
];

/// `/api/places` takes the event filters, less paging.
pub(crate) const PLACE_PARAMS: &[&str] = &[
    "actor",
    "plover",
    "cameo",
    "modality",
    "since",
    "until",
    "country",
    "min_confidence",
    "duplicates",
    "limit",
];

/// The event filters of a map: as [`event_query`], at most `limit` places (default 500).
pub(crate) fn places_query(p: &Params, max: usize) -> Result<archive::EventQuery, ApiError> {
    Ok(archive::EventQuery {
        limit: Some(p.limit(500, max)?),
        offset: 0,
        ..event_query(p, max)?
    })
}

async fn places(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, PLACE_PARAMS)?;
    let mut query = places_query(&p, st.options.limits.max_page_size)?;
    let country = p.get("country");
    let (echo, places, resolved) = st
        .blocking(move |st| {
            let resolved = crate::resolve::event_query(&st.archive, &mut query, country.as_deref())
                .map_err(|e| e.into_api_error())?;
            let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
            let places = st.archive.places(&query).map_err(archive_error)?;
            Ok((echo, places, resolved))
        })
        .await?;
    Ok(Json(json!({
        "query": echo,
        "resolved": resolved,
        "count": places.places.len(),
        "places": places.places,
        "unplaced": places.unplaced,
    })))
}

/// The modality names the API accepts: the document model's.
pub(crate) const MODALITIES: &[&str] = chronicle::doc::Modality::NAMES;

pub(crate) fn modality(p: &Params) -> Result<Option<String>, ApiError> {
    match p.lower("modality") {
        Some(m) if !MODALITIES.contains(&m.as_str()) => Err(ApiError::bad_request(format!(
            "modality: expected one of {}, got {m:?}",
            MODALITIES.join(", ")
        ))),
        other => Ok(other),
    }
}

pub(crate) fn event_query(p: &Params, max: usize) -> Result<archive::EventQuery, ApiError> {
    Ok(archive::EventQuery {
        // Codes or names: names are resolved against the archive (`resolve`).
        actors: p.all("actor"),
        actor_ids: Vec::new(),
        text: p.get("q").unwrap_or_default(),
        plover: plover(p)?,
        cameo: cameo(p)?,
        modality: modality(p)?,
        since: p.date("since")?,
        until: p.date("until")?,
        country: p.code("country"),
        location: p.get("location").filter(|l| !l.trim().is_empty()),
        min_confidence: p.f64("min_confidence")?,
        include_duplicates: p.flag("duplicates")?,
        limit: Some(p.limit(archive::query::DEFAULT_LIMIT, max)?),
        offset: p.offset()?,
    })
}

/// Most events a total counts; past it the total says "at least".
pub(crate) const TOTAL_CAP: usize = 100_000;

async fn events(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, EVENT_PARAMS)?;
    let mut query = event_query(&p, st.options.limits.max_page_size)?;
    check_query_words(&query.text, st.options.limits.max_query_words)?;
    let country = p.get("country");
    let (echo, rows, total, resolved) = st
        .blocking(move |st| {
            let resolved = crate::resolve::event_query(&st.archive, &mut query, country.as_deref())
                .map_err(|e| e.into_api_error())?;
            let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
            let rows = st.archive.events(&query).map_err(archive_error)?;
            let total = st
                .archive
                .count_events(&query, TOTAL_CAP)
                .map_err(archive_error)?;
            Ok((echo, rows, total, resolved))
        })
        .await?;
    Ok(Json(json!({
        "query": echo,
        "resolved": resolved,
        "count": rows.len(),
        "total": total,
        "total_capped": total >= TOTAL_CAP,
        "events": rows
    })))
}

async fn event(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    params(&q, &[])?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("event id: expected a number, got {id:?}")))?;
    let (event, mentions) = st
        .blocking(move |st| {
            let event = st.archive.event(id).map_err(archive_error)?;
            let Some(event) = event else {
                return Err(ApiError::not_found(format!("no event with id {id}")));
            };
            let mentions = st.archive.mentions(id).map_err(archive_error)?;
            Ok((event, mentions))
        })
        .await?;
    Ok(Json(json!({"event": event, "mentions": mentions})))
}

pub(crate) const TIMELINE_PARAMS: &[&str] = &[
    "subject",
    "actor",
    "q",
    "since",
    "until",
    "duplicates",
    "limit",
];

/// The timeline's subject: `subject`, or else `actor`, or else `q`.
pub(crate) fn timeline_query(p: &Params, max: usize) -> Result<archive::TimelineQuery, ApiError> {
    let subject = p
        .get("subject")
        .or_else(|| p.get("actor"))
        .or_else(|| p.get("q"))
        .unwrap_or_default();
    Ok(archive::TimelineQuery {
        subject,
        actor_ids: Vec::new(),
        since: p.date("since")?,
        until: p.date("until")?,
        include_duplicates: p.flag("duplicates")?,
        limit: Some(p.limit(200, max)?),
    })
}

/// Resolves a timeline's subject: `actor` as every actor field (a name becomes the one
/// stored actor it names, several are a choice, none an error; a code stays a code); a
/// `subject` that names exactly one actor is that actor, else a code or words to search.
pub(crate) fn resolve_timeline(
    archive: &archive::Archive,
    p: &Params,
    query: &mut archive::TimelineQuery,
) -> Result<Option<crate::resolve::Resolved>, crate::resolve::Unresolved> {
    if let Some(subject) = p.get("subject").filter(|s| !s.trim().is_empty()) {
        // A subject is an actor when it names exactly one (`Biden`), else words to search.
        return Ok(match crate::resolve::actor(archive, &subject) {
            Ok(Some(r)) => {
                query.actor_ids.extend(r.id);
                Some(r)
            }
            _ => None,
        });
    }
    let Some(given) = p.get("actor").filter(|a| !a.trim().is_empty()) else {
        return Ok(None);
    };
    let mut code = Some(given);
    let resolved = crate::resolve::chart_actor(archive, &mut code, &mut query.actor_ids)?;
    if let Some(code) = code {
        query.subject = code;
    }
    Ok(resolved)
}

async fn timeline(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, TIMELINE_PARAMS)?;
    let query = timeline_query(&p, st.options.limits.max_page_size)?;
    if query.subject.trim().is_empty() {
        return Err(ApiError::bad_request(
            "timeline: give an actor code (actor=KOR) or a text query (q=summit)",
        ));
    }
    let (echo, rows, resolved) = st
        .blocking(move |st| {
            let mut query = query;
            let resolved =
                resolve_timeline(&st.archive, &p, &mut query).map_err(|e| e.into_api_error())?;
            let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
            let rows = st.archive.timeline(&query).map_err(archive_error)?;
            Ok((echo, rows, resolved))
        })
        .await?;
    Ok(Json(
        json!({"query": echo, "resolved": resolved, "count": rows.len(), "events": rows}),
    ))
}

pub(crate) const ACTOR_PARAMS: &[&str] = &["q", "country", "code", "name", "limit", "offset"];

pub(crate) fn actor_query(p: &Params, max: usize) -> Result<archive::ActorQuery, ApiError> {
    Ok(archive::ActorQuery {
        q: p.get("q"),
        country: p.code("country"),
        code: p.code("code"),
        name: p.get("name"),
        limit: Some(p.limit(archive::query::DEFAULT_LIMIT, max)?),
        offset: p.offset()?,
    })
}

async fn actors(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, ACTOR_PARAMS)?;
    let query = actor_query(&p, st.options.limits.max_page_size)?;
    let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
    let rows = st
        .blocking(move |st| st.archive.actors(&query).map_err(archive_error))
        .await?;
    Ok(Json(
        json!({"query": echo, "count": rows.len(), "actors": rows}),
    ))
}

/// One actor's page: its row, counterparts, events by month, articles and quotes.
async fn actor(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<archive::ActorDetail>, ApiError> {
    params(&q, &[])?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("actor id: expected a number, got {id:?}")))?;
    let detail = st
        .blocking(move |st| {
            st.archive
                .actor_detail(id)
                .map_err(archive_error)?
                .ok_or_else(|| ApiError::not_found(format!("no actor with id {id}")))
        })
        .await?;
    Ok(Json(detail))
}

/// One article record, or a 404 naming the id.
pub(crate) fn load_article(st: &AppState, id: &str) -> Result<archive::ArticleRecord, ApiError> {
    st.archive
        .article(id)
        .map_err(archive_error)?
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))
}

async fn article(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<archive::ArticleRecord>, ApiError> {
    params(&q, &[])?;
    let record = st.blocking(move |st| load_article(st, &id)).await?;
    Ok(Json(record))
}

pub(crate) const NETWORK_PARAMS: &[&str] = &[
    "actor",
    "plover",
    "since",
    "until",
    "modality",
    "min_events",
    "limit",
];

pub(crate) fn network_query(p: &Params, max: usize) -> Result<archive::NetworkQuery, ApiError> {
    Ok(archive::NetworkQuery {
        // A code or a name: `resolve::chart_actor` decides which.
        actor: p.get("actor").filter(|a| !a.trim().is_empty()),
        actor_ids: Vec::new(),
        plover: plover(p)?,
        since: p.date("since")?,
        until: p.date("until")?,
        modality: modality(p)?,
        min_events: p.i64("min_events")?,
        limit: Some(p.limit(100, max)?),
    })
}

/// The actors an edge list touches, heaviest first (ties by code, so layouts are stable).
pub(crate) fn network_nodes(edges: &[archive::Edge]) -> Vec<(String, i64)> {
    let mut weight: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for e in edges {
        *weight.entry(&e.source).or_default() += e.events;
        *weight.entry(&e.target).or_default() += e.events;
    }
    let mut nodes: Vec<(String, i64)> = weight
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    nodes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    nodes
}

async fn network(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, NETWORK_PARAMS)?;
    let mut query = network_query(&p, st.options.limits.max_page_size)?;
    let (echo, edges, resolved) = st
        .blocking(move |st| {
            let resolved =
                crate::resolve::chart_actor(&st.archive, &mut query.actor, &mut query.actor_ids)
                    .map_err(|e| e.into_api_error())?;
            let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
            let edges = st.archive.network(&query).map_err(archive_error)?;
            Ok((echo, edges, resolved))
        })
        .await?;
    let nodes: Vec<Value> = network_nodes(&edges)
        .into_iter()
        .map(|(code, events)| {
            json!({"code": code, "name": crate::ui::words::code_name(&code), "events": events})
        })
        .collect();
    Ok(Json(
        json!({"query": echo, "resolved": resolved, "nodes": nodes, "edges": edges}),
    ))
}

pub(crate) const COUNTS_PARAMS: &[&str] = &[
    "interval",
    "actor",
    "plover",
    "since",
    "until",
    "duplicates",
];

pub(crate) fn counts_query(p: &Params) -> Result<archive::CountsQuery, ApiError> {
    let interval = match p.lower("interval").as_deref() {
        None | Some("month") => archive::Interval::Month,
        Some("day") => archive::Interval::Day,
        Some("week") => archive::Interval::Week,
        Some("year") => archive::Interval::Year,
        Some("auto") => archive::Interval::Auto,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "interval: expected day, week, month, year or auto, got {other:?}"
            )))
        }
    };
    Ok(archive::CountsQuery {
        interval,
        // A code or a name: `resolve::chart_actor` decides which.
        actor: p.get("actor").filter(|a| !a.trim().is_empty()),
        actor_ids: Vec::new(),
        plover: plover(p)?,
        since: p.date("since")?,
        until: p.date("until")?,
        include_duplicates: p.flag("duplicates")?,
    })
}

/// The events of one quad class per period.
pub(crate) struct QuadSeries {
    pub quad: u8,
    pub name: String,
    pub counts: Vec<u64>,
}

/// Events that have no place on the time axis, of one kind, per quad class.
pub(crate) struct UndatedBucket {
    /// `before_report`, `after_report` or `undated`.
    pub kind: &'static str,
    pub label: &'static str,
    pub counts: [u64; 4],
}

impl UndatedBucket {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// [`archive::Counts`] as a chart reads it: one series per quad class over the whole axis
/// (zeros filled in), the total and the mean Goldstein score per period, and the events
/// the axis cannot place, by kind.
pub(crate) struct CountsChart {
    pub periods: Vec<archive::Period>,
    pub series: Vec<QuadSeries>,
    pub totals: Vec<u64>,
    pub mean_goldstein: Vec<Option<f64>>,
    pub undated: Vec<UndatedBucket>,
}

const UNDATED_KINDS: [(&str, &str); 3] = [
    ("before_report", "before the report (date relative)"),
    ("after_report", "after the report (date relative)"),
    ("undated", "no usable date"),
];

pub(crate) fn pivot_counts(counts: &archive::Counts) -> CountsChart {
    let index: std::collections::HashMap<&str, usize> = counts
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.period.as_str(), i))
        .collect();
    let n = counts.periods.len();
    let mut by_quad = vec![vec![0u64; n]; 4];
    let mut gsum = vec![0f64; n];
    let mut gweight = vec![0u64; n];
    for row in &counts.rows {
        let (Some(&i), Some(slot)) = (
            index.get(row.period.as_str()),
            by_quad.get_mut(usize::from(row.quad_class).wrapping_sub(1)),
        ) else {
            continue;
        };
        let events = row.events.max(0) as u64;
        slot[i] += events;
        if let Some(g) = row.mean_goldstein {
            gsum[i] += g * events as f64;
            gweight[i] += events;
        }
    }
    let totals = (0..n).map(|i| by_quad.iter().map(|s| s[i]).sum()).collect();
    let mean_goldstein = (0..n)
        .map(|i| (gweight[i] > 0).then(|| gsum[i] / gweight[i] as f64))
        .collect();
    let series = by_quad
        .into_iter()
        .zip(1u8..)
        .map(|(counts, quad)| QuadSeries {
            quad,
            name: archive::codes::quad_class_name(quad).to_string(),
            counts,
        })
        .collect();
    let undated = UNDATED_KINDS
        .iter()
        .map(|&(kind, label)| {
            let mut per_quad = [0u64; 4];
            for u in counts_of_kind(&counts.undated, kind) {
                if let Some(slot) = per_quad.get_mut(usize::from(u.quad_class).wrapping_sub(1)) {
                    *slot += u.events.max(0) as u64;
                }
            }
            UndatedBucket {
                kind,
                label,
                counts: per_quad,
            }
        })
        .collect();
    CountsChart {
        periods: counts.periods.clone(),
        series,
        totals,
        mean_goldstein,
        undated,
    }
}

fn counts_of_kind<'a>(
    undated: &'a [archive::UndatedCount],
    kind: &'a str,
) -> impl Iterator<Item = &'a archive::UndatedCount> {
    undated.iter().filter(move |u| u.kind == kind)
}

async fn counts(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let p = params(&q, COUNTS_PARAMS)?;
    let mut query = counts_query(&p)?;
    let (echo, counts, resolved) = st
        .blocking(move |st| {
            let resolved =
                crate::resolve::chart_actor(&st.archive, &mut query.actor, &mut query.actor_ids)
                    .map_err(|e| e.into_api_error())?;
            let echo = serde_json::to_value(&query).unwrap_or(Value::Null);
            let counts = st.archive.counts(&query).map_err(archive_error)?;
            Ok((echo, counts, resolved))
        })
        .await?;
    let chart = pivot_counts(&counts);
    let series: Vec<Value> = chart
        .series
        .iter()
        .map(|s| json!({"quad_class": s.quad, "name": s.name, "counts": s.counts}))
        .collect();
    let buckets: Vec<Value> = chart
        .undated
        .iter()
        .map(|b| json!({"kind": b.kind, "label": b.label, "counts": b.counts, "total": b.total()}))
        .collect();
    let undated_total: u64 = chart.undated.iter().map(UndatedBucket::total).sum();
    let periods: Vec<&str> = chart.periods.iter().map(|p| p.period.as_str()).collect();
    Ok(Json(json!({
        "query": echo,
        "resolved": resolved,
        "interval": counts.interval,
        "periods": periods,
        "period_ranges": chart.periods,
        "series": series,
        "totals": chart.totals,
        "mean_goldstein": chart.mean_goldstein,
        "undated": {"total": undated_total, "buckets": buckets},
        "rows": counts.rows,
    })))
}

/// The reader format a request's Content-Type names (`None`: let the reader sniff).
fn format_of(headers: &HeaderMap) -> Result<Option<chronicle::read::Format>, ApiError> {
    use chronicle::read::Format;
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(None);
    };
    let ct = ct
        .to_str()
        .map_err(|_| ApiError::bad_request("Content-Type is not readable"))?
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match ct.as_str() {
        "text/plain" => Ok(Some(Format::Text)),
        "application/json" => Ok(Some(Format::Json)),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => Ok(Some(Format::Jsonl)),
        "text/html" | "application/xhtml+xml" => Ok(Some(Format::Html)),
        "application/rss+xml" | "application/atom+xml" | "application/feed+json"
        | "application/xml" | "text/xml" => Ok(Some(Format::Feed)),
        "" | "application/octet-stream" => Ok(None),
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("cannot read {other}; send text/plain, application/json, application/x-ndjson, text/html or a feed (application/rss+xml, application/atom+xml, application/feed+json)"),
        )),
    }
}

/// Reads the articles of a posted body (text, JSON, JSONL or HTML).
fn read_posted(
    body: &[u8],
    format: Option<chronicle::read::Format>,
    date: Option<String>,
) -> Result<(Vec<chronicle::Article>, Vec<String>), ApiError> {
    let mut opts = chronicle::read::ReadOptions {
        format,
        ..Default::default()
    };
    if let Some(d) = date {
        opts.date = Some(chronicle::date::PubDate::parse(&d).ok_or_else(|| {
            ApiError::bad_request(format!("date: expected YYYY-MM-DD, got {d:?}"))
        })?);
    }
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for item in chronicle::read::read_bytes("request body", body, &opts) {
        match item {
            Ok(read) => {
                warnings.extend(
                    read.warnings
                        .iter()
                        .map(|w| format!("{}: {w}", read.origin())),
                );
                articles.push(read.article);
            }
            // A part with no text (an empty JSON object, a page of markup only) is noted, as
            // the CLI does; only malformed input is the client's error.
            Err(e) if !e.is_failure() => warnings.push(e.to_string()),
            Err(e) => return Err(ApiError::bad_request(e.to_string())),
        }
    }
    if articles.is_empty() && body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "the request body holds no article to read",
        ));
    }
    Ok((articles, warnings))
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than the limit of {limit} bytes"),
    )
}

/// Reads the body under `limit`; a gzip body is inflated here under the same limit, so a
/// small compressed body cannot expand into gigabytes (the readers would inflate it
/// without bound).
async fn body_bytes(body: Body, limit: usize) -> Result<axum::body::Bytes, ApiError> {
    let bytes = to_bytes(body, limit).await.map_err(|_| too_large(limit))?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    tokio::task::spawn_blocking(move || inflate(&bytes, limit))
        .await
        .map_err(|e| ApiError::internal(format!("request failed: {e}")))?
        .map(axum::body::Bytes::from)
}

/// Inflates (possibly concatenated) gzip members, failing with 413 past `limit` bytes.
pub(crate) fn inflate(gz: &[u8], limit: usize) -> Result<Vec<u8>, ApiError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(gz)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ApiError::bad_request(format!("the request body is not valid gzip: {e}")))?;
    if out.len() > limit {
        return Err(too_large(limit));
    }
    Ok(out)
}

/// Refuses more than `max` words of text in one request (413): annotation costs grow with them.
fn check_words(articles: &[chronicle::Article], max: usize) -> Result<(), ApiError> {
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    if words > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request holds {words} words; at most {max} are annotated per request"),
        ));
    }
    Ok(())
}

/// Annotates posted articles and returns them; nothing is stored.
async fn extract(State(st): State<AppState>, req: Request) -> Result<Json<Value>, ApiError> {
    if st.options.no_extract {
        return Err(ApiError::not_found(
            "extraction is turned off on this server (--no-extract)",
        ));
    }
    let p = params(&req.uri().query().map(str::to_string), &["date", "tokens"])?;
    let format = format_of(req.headers())?;
    let keep_tokens = p.flag("tokens")?;
    let date = p.get("date");
    let _permit = st.annotation_permit()?;
    let body = body_bytes(req.into_body(), st.options.limits.max_body_bytes).await?;
    let (articles, warnings) = st
        .blocking(move |st| {
            let (mut articles, warnings) = read_posted(&body, format, date)?;
            check_words(&articles, st.options.limits.max_tokens)?;
            for article in &mut articles {
                if chronicle::budget::expired() {
                    break;
                }
                st.pipeline.annotate(article);
                if !keep_tokens {
                    article.tokens.clear();
                }
            }
            Ok((articles, warnings))
        })
        .await?;
    Ok(Json(
        json!({"count": articles.len(), "articles": articles, "warnings": warnings}),
    ))
}

/// Constant-time comparison, so a token cannot be guessed byte by byte from timings.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks `Authorization: Bearer <token>` against the configured token.
pub(crate) fn authorize(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    // No credentials at all is a 401 whatever the configuration (RFC 9110); credentials
    // on a server without a token are a 403.
    if headers.get(header::AUTHORIZATION).is_none() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writing needs an Authorization: Bearer <token> header",
        ));
    }
    let Some(token) = st.options.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only; start it with --token to allow writes",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    match given {
        Some(g) if same_secret(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "wrong bearer token",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writing needs an Authorization: Bearer <token> header",
        )),
    }
}

/// Annotates posted articles and stores them in the archive (bearer token required).
async fn ingest(State(st): State<AppState>, req: Request) -> Result<Json<Value>, ApiError> {
    // Authorise before reading the body: a stranger's upload is never buffered.
    authorize(&st, req.headers())?;
    let p = params(&req.uri().query().map(str::to_string), &["date"])?;
    let format = format_of(req.headers())?;
    let date = p.get("date");
    let _permit = st.annotation_permit()?;
    let body = body_bytes(req.into_body(), st.options.limits.max_ingest_bytes).await?;
    let _writer = st.writer.lock().await;
    let (stats, problems, warnings) = st
        .blocking(move |st| {
            let (articles, warnings) = read_posted(&body, format, date)?;
            let mut writer = archive::Writer::open(&st.options.db).map_err(archive_error)?;
            let mut problems = Vec::new();
            let stats = archive::ingest(
                &mut writer,
                &st.pipeline,
                articles.into_iter().map(Ok),
                &archive::IngestOptions::default(),
                |problem| problems.push(format!("{}: {}", problem.place, problem.message)),
                |_| {},
            )
            .map_err(archive_error)?;
            Ok((stats, problems, warnings))
        })
        .await?;
    Ok(Json(json!({
        "read": stats.read,
        "added": stats.stored.added,
        "skipped": stats.stored.skipped,
        "duplicates": stats.stored.duplicates,
        "mentions": stats.stored.mentions,
        "merged": stats.stored.merged,
        "failed": stats.failed,
        "problems": problems,
        "warnings": warnings,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
    }

    #[test]
    fn every_route_is_in_the_openapi_document_and_back() {
        let doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
        let paths = doc["paths"].as_object().expect("paths");
        let routes = routes();
        for route in &routes {
            let ops = paths
                .get(route.path)
                .unwrap_or_else(|| panic!("{} missing from openapi.json", route.path));
            assert!(
                ops.get(route.method.to_ascii_lowercase()).is_some(),
                "{} {} missing from openapi.json",
                route.method,
                route.path
            );
        }
        for (path, ops) in paths {
            for method in ops.as_object().expect("operations").keys() {
                if method == "parameters" {
                    continue;
                }
                assert!(
                    routes
                        .iter()
                        .any(|r| r.path == path && r.method.eq_ignore_ascii_case(method)),
                    "openapi.json documents {method} {path}, which the router does not serve"
                );
            }
        }
    }

    #[test]
    fn counts_pivot_fills_zeros_and_weights_goldstein() {
        let row = |period: &str, quad, events, g| archive::CountRow {
            period: period.into(),
            quad_class: quad,
            quad_name: String::new(),
            events,
            mean_goldstein: g,
        };
        let period = |p: &str| archive::Period {
            period: p.into(),
            start: format!("{p}-01"),
            end: format!("{p}-28"),
        };
        let counts = archive::Counts {
            interval: archive::Interval::Month,
            periods: ["2021-02", "2021-03", "2021-04"].map(period).to_vec(),
            rows: vec![
                row("2021-02", 4, 1, Some(-10.0)),
                row("2021-04", 1, 3, Some(2.0)),
                row("2021-04", 4, 1, Some(-6.0)),
            ],
            undated: vec![archive::UndatedCount {
                kind: "before_report".into(),
                quad_class: 2,
                quad_name: String::new(),
                events: 5,
            }],
        };
        let chart = pivot_counts(&counts);
        assert_eq!(chart.series[0].counts, [0, 0, 3]);
        assert_eq!(chart.series[3].counts, [1, 0, 1]);
        assert_eq!(chart.series[1].name, "material cooperation");
        assert_eq!(chart.totals, [1, 0, 4]);
        assert_eq!(chart.mean_goldstein, [Some(-10.0), None, Some(0.0)]);
        assert_eq!(chart.undated[0].kind, "before_report");
        assert_eq!(chart.undated[0].counts, [0, 5, 0, 0]);
        assert_eq!(chart.undated[2].total(), 0);
    }
}
