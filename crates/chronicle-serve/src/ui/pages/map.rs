//! The map: where the matching events happen.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;

use super::events::{choice_html, resolved_html};
use crate::api::{self, archive_error};
use crate::params::Params;
use crate::resolve;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::html::{esc, link, page_in, range_of, Section};
use crate::ui::map;
use crate::ui::quad::{legend_html, QUADS};
use crate::ui::PageResult;

/// The filters a place's link to its events keeps.
const KEPT: [&str; 6] = [
    "actor",
    "plover",
    "modality",
    "since",
    "until",
    "duplicates",
];

pub(crate) async fn map_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let mut query = api::places_query(&p, st.options.limits.max_page_size)?;
    let country = p.get("country");
    let found = st
        .blocking(move |st| {
            resolve::for_page(move || {
                let resolved = resolve::event_query(&st.archive, &mut query, country.as_deref())?;
                let places = st.archive.places(&query).map_err(archive_error)?;
                Ok((resolved, places))
            })
        })
        .await?;
    let range = range_of(&p);
    let mut body = String::from("<h1>Where events happen</h1><p class=\"hint\">Each circle is a place where matching events happen: its size grows with their number, its colour is their commonest quad class. Select one to list its events.</p>");
    body.push_str(&filter_form(
        "/map",
        &[
            ACTOR_CODES,
            COUNTRY,
            PLOVER,
            MODALITY,
            HAPPENING_FROM,
            HAPPENING_UNTIL,
            DUPLICATES,
        ],
        &p,
        |_| None,
        "Draw",
        true,
    ));
    let (resolved, result) = match found {
        Ok(found) => found,
        Err(a) => {
            body.push_str(&choice_html("/map", &p, api::PLACE_PARAMS, &a));
            return Ok(Html(page_in("Map", Section::Map, &body, &range)));
        }
    };
    body.push_str(&resolved_html(&resolved));
    let kept: Vec<(String, String)> = KEPT
        .iter()
        .flat_map(|k| p.all(k).into_iter().map(move |v| (k.to_string(), v)))
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    let events_at = |location: &str, country: Option<&str>| {
        let mut pairs: Vec<(&str, &str)> = vec![("location", location)];
        if let Some(c) = country {
            pairs.push(("country", c));
        }
        pairs.extend(kept.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        link("/events", &pairs)
    };
    let describe = |row: &chronicle_archive::PlaceRow| {
        let mut d = format!("{}: {} event(s)", row.location, row.events);
        for ((_, name), n) in QUADS.iter().zip(row.by_quad) {
            if n > 0 {
                let _ = write!(d, ", {n} {name}");
            }
        }
        if let Some(g) = row.mean_goldstein {
            let _ = write!(d, "; mean Goldstein {g:.1}");
        }
        d
    };
    let spots: Vec<map::Spot> = result
        .places
        .iter()
        .map(|row| map::Spot {
            label: format!("{}: {} event(s)", row.location, row.events),
            lat: row.lat,
            lon: row.lon,
            events: row.events,
            by_quad: row.by_quad,
            detail: describe(row),
            href: events_at(&row.location, row.country.as_deref()),
        })
        .collect();
    let placed: i64 = result.places.iter().map(|r| r.events).sum();
    let _ = write!(
        body,
        "<figure class=\"chart-wrap map-wrap\">{}<figcaption>{}<p class=\"hint\">{} event(s) at {} place(s){}. Country outlines: Natural Earth (public domain).</p></figcaption></figure>",
        map::draw(&spots, "Where the matching events happen"),
        legend_html(),
        placed,
        result.places.len(),
        if result.unplaced > 0 {
            format!("; {} more have no known place and are not on the map", result.unplaced)
        } else {
            String::new()
        }
    );
    if result.places.is_empty() {
        body.push_str("<p>No matching event has a known place.</p>");
    } else {
        body.push_str("<h2>As a table</h2><table class=\"reflow\"><thead><tr><th>place</th><th>country</th><th>events</th>");
        for (_, name) in QUADS {
            let _ = write!(body, "<th>{name}</th>");
        }
        body.push_str("<th>mean Goldstein</th><th>when</th></tr></thead><tbody>");
        for row in &result.places {
            let when = match (&row.first, &row.last) {
                (Some(a), Some(b)) if a == b => a.clone(),
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "—".into(),
            };
            let _ = write!(
                body,
                "<tr><td data-label=\"place\"><a href=\"{}\">{}</a></td><td data-label=\"country\">{}</td><td data-label=\"events\">{}</td>",
                esc(&events_at(&row.location, row.country.as_deref())),
                esc(&row.location),
                esc(row.country.as_deref().unwrap_or("—")),
                row.events
            );
            for (q, (_, name)) in QUADS.iter().enumerate() {
                let _ = write!(body, "<td data-label=\"{name}\">{}</td>", row.by_quad[q]);
            }
            let _ = write!(
                body,
                "<td data-label=\"mean Goldstein\">{}</td><td data-label=\"when\">{}</td></tr>",
                row.mean_goldstein
                    .map_or_else(|| "—".to_string(), |g| format!("{g:.1}")),
                esc(&when)
            );
        }
        body.push_str("</tbody></table>");
    }
    Ok(Html(page_in("Map", Section::Map, &body, &range)))
}
