//! The actors list (find an actor by name or code) and one actor's page.

use std::fmt::Write;

use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use chronicle_archive as archive;

use crate::api::{self, archive_error, TOTAL_CAP};
use crate::error::ApiError;
use crate::params::Params;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, link, page, url_encode, Section};
use crate::ui::{words, PageResult};

pub(crate) async fn actors_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let query = api::actor_query(&p, max)?;
    let (limit, offset) = (query.limit.unwrap_or(50), query.offset);
    let rows = st
        .blocking(move |st| st.archive.actors(&query).map_err(archive_error))
        .await?;
    let mut body = String::from("<h1>Actors</h1><p class=\"hint\">Type a name (Biden, Korea) or a code (USAGOV); the best matches come first. Open an actor for its events, counterparts, quotes and articles.</p>");
    body.push_str(&filter_form(
        "/actors",
        &[
            Control::Wide("q", "Name or code", "e.g. Biden or USAGOV"),
            Control::Text("code", "Code prefix", "e.g. KOR"),
            Control::Text("country", "Country (ISO-3)", "e.g. USA"),
        ],
        &p,
        |_| None,
        "Find",
        true,
    ));
    if rows.is_empty() {
        body.push_str("<p>No actor matches. Try part of the name, or a code.</p>");
    }
    body.push_str("<table class=\"actors\"><thead><tr><th>name</th><th>code</th><th>country</th><th>sector</th><th>articles</th><th>mentions</th></tr></thead><tbody>");
    for a in &rows {
        let code = a.code.clone().unwrap_or_default();
        let _ = write!(
            body,
            "<tr><td data-label=\"name\"><a href=\"/actors/{}\">{}</a>{}</td><td data-label=\"code\">{}</td><td data-label=\"country\">{}</td><td data-label=\"sector\">{}</td><td data-label=\"articles\">{}</td><td data-label=\"mentions\">{}</td></tr>",
            a.id,
            esc(&a.name),
            a.kind
                .as_deref()
                .map(|k| format!(" <span class=\"hint\">{}</span>", esc(k)))
                .unwrap_or_default(),
            if code.is_empty() {
                "—".to_string()
            } else {
                format!("<span class=\"code\">{}</span>", esc(&code))
            },
            esc(&a
                .country
                .as_deref()
                .map(words::code_name)
                .unwrap_or_else(|| "—".into())),
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

/// Identity from the knowledge base: kind, roles with their dates.
fn identity(actor: &archive::ActorRow) -> String {
    let mut out = String::from("<dl class=\"stats\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(out, "<dt>{k}</dt><dd>{v}</dd>");
    };
    if let Some(code) = &actor.code {
        row(
            "code",
            format!(
                "<span class=\"code\">{}</span> {}",
                esc(code),
                esc(&words::code_name(code))
            ),
        );
    }
    if let Some(c) = &actor.country {
        row("country", esc(&words::code_name(c)));
    }
    if let Some(s) = &actor.sector {
        row("sector", esc(s));
    }
    row(
        "kind",
        esc(match actor.kind.as_deref() {
            Some(k) => k,
            None if actor.key.starts_with("kb:person/") => "person",
            None if actor.key.starts_with("kb:country/") => "country or its institutions",
            None if actor.key.starts_with("kb:") => "knowledge-base actor",
            None => "named in the articles only (not in the knowledge base)",
        }),
    );
    if let Some(entry) = words::kb_entry(&actor.key) {
        if let Some(role) = &entry.role {
            row("role", esc(role));
        }
        if !entry.tenures.is_empty() {
            let mut list = String::from("<ul class=\"tenures\">");
            for t in &entry.tenures {
                let from = t.start.map(words::day).unwrap_or_else(|| "?".into());
                let to = t.end.map(words::day).unwrap_or_else(|| "now".into());
                let _ = write!(
                    list,
                    "<li>{}{} <span class=\"code\">{}</span>: {from} – {to}</li>",
                    esc(t.role.as_deref().unwrap_or(&t.class)),
                    if t.role.is_some() && !t.class.is_empty() {
                        format!(" ({})", esc(&t.class.replace('_', " ")))
                    } else {
                        String::new()
                    },
                    esc(&t.code)
                );
            }
            list.push_str("</ul>");
            row("roles", list);
        }
    }
    row(
        "in the archive",
        format!(
            "{}, {}",
            plural(actor.articles, "article", "articles"),
            plural(actor.mentions, "mention", "mentions")
        ),
    );
    out.push_str("</dl>");
    out
}

fn quad_cells(counts: &[i64; 4]) -> String {
    counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "<td data-label=\"{}\" class=\"num q{}\">{}</td>",
                archive::codes::quad_class_name(i as u8 + 1),
                i + 1,
                if *n == 0 {
                    "·".to_string()
                } else {
                    n.to_string()
                }
            )
        })
        .collect()
}

pub(crate) async fn actor_page(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> PageResult {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no actor with id {id:?}")))?;
    let p = Params::parse(q.as_deref());
    let max = st.options.limits.max_page_size;
    let limit = p.limit(25, max)?;
    let offset = p.offset()?;
    let flag = st.options.feedback;
    let (detail, rows, total, reports) = st
        .blocking(move |st| {
            let detail = st
                .archive
                .actor_detail(id)
                .map_err(archive_error)?
                .ok_or_else(|| ApiError::not_found(format!("no actor with id {id}")))?;
            let query = archive::EventQuery {
                actor_ids: vec![id],
                limit: Some(limit),
                offset,
                ..Default::default()
            };
            let rows = st.archive.events(&query).map_err(archive_error)?;
            let total = st
                .archive
                .count_events(&query, TOTAL_CAP)
                .map_err(archive_error)?;
            let reports = reports_of(&st.archive, &rows).map_err(archive_error)?;
            Ok((detail, rows, total, reports))
        })
        .await?;
    let a = &detail.actor;
    let mut body = format!(
        "<h1>{}{}</h1><p class=\"meta\">actor #{} · <a href=\"/api/actors/{}\">JSON</a></p>",
        esc(&a.name),
        a.code
            .as_deref()
            .map(|c| format!(" <span class=\"code\">{}</span>", esc(c)))
            .unwrap_or_default(),
        a.id,
        a.id
    );
    body.push_str("<section aria-labelledby=\"who\"><h2 id=\"who\">Who</h2>");
    body.push_str(&identity(a));
    body.push_str("</section>");

    // Counterparts.
    let _ = write!(
        body,
        "<section aria-labelledby=\"cp\"><h2 id=\"cp\">Counterparts</h2><p class=\"hint\">In {}: {} as the one acting, {} as the one acted on. Counts by quad class.</p>",
        plural(detail.events, "event", "events"),
        detail.as_source,
        detail.as_target
    );
    if detail.counterparts.is_empty() {
        body.push_str("<p>No other actor shares its events.</p>");
    } else {
        body.push_str("<table class=\"counterparts\"><thead><tr><th rowspan=\"2\">actor</th><th colspan=\"4\">it acts on them</th><th colspan=\"4\">they act on it</th></tr><tr>");
        for _ in 0..2 {
            for q in 1..=4u8 {
                let _ = write!(
                    body,
                    "<th class=\"q{q}\" title=\"{}\">{}</th>",
                    archive::codes::quad_class_name(q),
                    [
                        "verbal coop.",
                        "material coop.",
                        "verbal conflict",
                        "material conflict"
                    ][usize::from(q - 1)]
                );
            }
        }
        body.push_str("</tr></thead><tbody>");
        for c in &detail.counterparts {
            let _ = write!(
                body,
                "<tr><td data-label=\"actor\"><a href=\"/actors/{}\">{}</a>{}</td>{}{}</tr>",
                c.id,
                esc(&c.name),
                c.code
                    .as_deref()
                    .map(|code| format!(" <span class=\"code\">{}</span>", esc(code)))
                    .unwrap_or_default(),
                quad_cells(&c.acts_on),
                quad_cells(&c.acted_on_by)
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>");

    // Events over time.
    body.push_str("<section aria-labelledby=\"ot\"><h2 id=\"ot\">Events over time</h2>");
    if detail.by_month.is_empty() {
        body.push_str("<p>None of its events has a day on the calendar.</p>");
    } else {
        let peak = detail
            .by_month
            .iter()
            .map(|m| m.by_quad.iter().sum::<i64>())
            .max()
            .unwrap_or(1)
            .max(1);
        body.push_str("<table class=\"months\"><thead><tr><th>month</th><th>events</th><th>by quad class</th></tr></thead><tbody>");
        let months = &detail.by_month;
        let mut i = 0;
        while i < months.len() {
            let n: i64 = months[i].by_quad.iter().sum();
            if n == 0 {
                // A run of empty months is one row: the gap stays visible without a
                // screenful of zeros.
                let mut j = i;
                while j + 1 < months.len() && months[j + 1].by_quad.iter().sum::<i64>() == 0 {
                    j += 1;
                }
                let label = if i == j {
                    words::timex(&months[i].period, None)
                } else {
                    format!(
                        "{} – {}",
                        words::timex(&months[i].period, None),
                        words::timex(&months[j].period, None)
                    )
                };
                let _ = write!(
                    body,
                    "<tr class=\"quiet\"><td data-label=\"month\">{}</td><td data-label=\"events\" class=\"num\">0</td><td data-label=\"by quad class\">no events</td></tr>",
                    esc(&label)
                );
                i = j + 1;
                continue;
            }
            let m = &months[i];
            let mut bar = String::new();
            let mut x = 0.0;
            for (q, k) in m.by_quad.iter().enumerate() {
                if *k > 0 {
                    let w = *k as f64 * 200.0 / peak as f64;
                    let _ = write!(
                        bar,
                        "<rect class=\"q{}\" x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"12\"><title>{}: {k}</title></rect>",
                        q + 1,
                        archive::codes::quad_class_name(q as u8 + 1)
                    );
                    x += w;
                }
            }
            let _ = write!(
                body,
                "<tr><td data-label=\"month\">{}</td><td data-label=\"events\" class=\"num\">{n}</td><td data-label=\"by quad class\"><svg class=\"bars\" width=\"200\" height=\"12\" viewBox=\"0 0 200 12\" role=\"img\" aria-label=\"{}\">{bar}</svg></td></tr>",
                esc(&words::timex(&m.period, None)),
                esc(&format!(
                    "{} verbal cooperation, {} material cooperation, {} verbal conflict, {} material conflict",
                    m.by_quad[0], m.by_quad[1], m.by_quad[2], m.by_quad[3]
                ))
            );
            i += 1;
        }
        body.push_str("</tbody></table>");
    }
    if detail.undated > 0 {
        let _ = write!(
            body,
            "<p class=\"hint\">{} without a day on the calendar.</p>",
            plural(detail.undated, "event", "events")
        );
    }
    body.push_str("</section>");

    // Its events.
    body.push_str("<section aria-labelledby=\"ev\">");
    let events = EventsPage {
        rows: &rows,
        reports: &reports,
        flag,
        total,
        offset,
        limit,
    };
    body.push_str(&events.html(
        "<h2 id=\"ev\">",
        &format!("/actors/{id}"),
        &p,
        &["limit", "offset"],
    ));
    body.push_str("</section>");

    // Quotes.
    let _ = write!(
        body,
        "<section aria-labelledby=\"qu\"><h2 id=\"qu\">Quotes ({})</h2>",
        detail.quotes.len()
    );
    if detail.quotes.is_empty() {
        body.push_str("<p>No quote is attributed to it in its newest articles.</p>");
    } else {
        body.push_str("<ul class=\"quotes\">");
        for q in &detail.quotes {
            let _ = write!(
                body,
                "<li><blockquote>{}</blockquote><p class=\"meta\">{} · <a href=\"/articles/{}\">{}</a>{}</p></li>",
                esc(&q.text),
                esc(&q.speaker),
                url_encode(&q.article),
                esc(q.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("an untitled article")),
                q.date
                    .as_deref()
                    .map(|d| format!(" · {}", esc(&words::published(d))))
                    .unwrap_or_default()
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</section>");

    // Articles.
    let _ = write!(
        body,
        "<section aria-labelledby=\"ar\"><h2 id=\"ar\">Articles mentioning it</h2><p class=\"hint\">The newest {} of {}.</p><ul class=\"results\">",
        detail.articles.len(),
        plural(a.articles, "article", "articles")
    );
    for art in &detail.articles {
        let _ = write!(
            body,
            "<li><a href=\"/articles/{}\">{}</a> <span class=\"meta\">{}{} · {}{}</span></li>",
            url_encode(&art.id),
            esc(art
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or("an untitled article")),
            esc(&art
                .date
                .as_deref()
                .map(words::published)
                .unwrap_or_else(|| "undated".into())),
            art.source
                .as_deref()
                .map(|s| format!(" · {}", esc(s)))
                .unwrap_or_default(),
            plural(art.mentions, "mention", "mentions"),
            art.url
                .as_deref()
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                .map(|u| format!(
                    " · <a href=\"{}\" rel=\"noopener noreferrer\">original</a>",
                    esc(u)
                ))
                .unwrap_or_default()
        );
    }
    body.push_str("</ul></section>");
    if let Some(code) = &a.code {
        let _ = write!(
            body,
            "<p>Everyone coded <span class=\"code\">{}</span>: <a href=\"{}\">events</a> · <a href=\"{}\">network</a> · <a href=\"{}\">trends</a></p>",
            esc(code),
            esc(&link("/events", &[("actor", code)])),
            esc(&link("/network", &[("actor", code)])),
            esc(&link("/trends", &[("actor", code)]))
        );
    }
    Ok(Html(page(&a.name, Section::Actors, &body)))
}
