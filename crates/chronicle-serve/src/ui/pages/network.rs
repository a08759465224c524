//! The actor network: who acts on whom, around one actor (`?actor=`) or across the archive,
//! as a chart and a table.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;
use chronicle_archive as archive;

use super::events::{choice_html, resolved_html};
use crate::api::{self, archive_error};
use crate::params::Params;
use crate::resolve;
use crate::state::AppState;
use crate::ui::egonet;
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, link, page_in, range_of, Section};
use crate::ui::quad::{legend_html, QUADS};
use crate::ui::words::code_name;
use crate::ui::PageResult;

/// Most actors drawn: the ego and the heaviest others (the table lists every edge).
const MAX_NODES: usize = 30;

/// The ego of a network query for `actor`: the code itself when it takes part, else the
/// busiest code it prefixes (`KOR` → `KORGOV`), as the archive's actor filter matches.
fn ego_of(actor: &str, nodes: &[(String, i64)]) -> Option<String> {
    nodes
        .iter()
        .find(|(c, _)| c == actor)
        .or_else(|| nodes.iter().find(|(c, _)| c.starts_with(actor)))
        .map(|(c, _)| c.clone())
}

pub(crate) async fn network_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
    let p = Params::parse(q.as_deref());
    let mut query = api::network_query(&p, st.options.limits.max_page_size)?;
    let found = st
        .blocking(move |st| {
            resolve::for_page(move || {
                let resolved =
                    resolve::chart_actor(&st.archive, &mut query.actor, &mut query.actor_ids)?;
                let edges = st.archive.network(&query).map_err(archive_error)?;
                Ok((resolved, query.actor, edges))
            })
        })
        .await?;
    let range = range_of(&p);
    let (resolved, code, edges) = match found {
        Ok(found) => found,
        Err(a) => {
            let mut body = String::from("<h1>Actor network</h1>");
            body.push_str(&choice_html("/network", &p, api::NETWORK_PARAMS, &a));
            return Ok(Html(page_in(
                "Actor network",
                Section::Network,
                &body,
                &range,
            )));
        }
    };
    // The ego: the code given, or the code of the actor a name resolved to.
    let actor = code.or_else(|| resolved.as_ref().and_then(|r| r.code.clone()));
    let all_nodes = api::network_nodes(&edges);
    let ego = actor.as_deref().and_then(|a| ego_of(a, &all_nodes));
    let title = match &ego {
        Some(code) => format!("Network around {}", code_name(code)),
        None => "Actor network".to_string(),
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"hint\">Who acts on whom: an arrow from A to B means A did something to B; its colour is the commonest quad class of those events, its width how many there are. Select an actor to put it in the middle.</p>",
        esc(&title)
    );
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
    body.push_str(&resolved_html(resolved.as_slice()));
    // Filters kept when re-centring on another actor.
    let kept: Vec<(&str, String)> = ["plover", "modality", "since", "until", "min_events"]
        .into_iter()
        .filter_map(|k| p.get(k).filter(|v| !v.is_empty()).map(|v| (k, v)))
        .collect();
    let centre_on = |code: &str| {
        let mut pairs: Vec<(&str, &str)> = vec![("actor", code)];
        pairs.extend(kept.iter().map(|(k, v)| (*k, v.as_str())));
        link("/network", &pairs)
    };
    let mut nodes: Vec<(String, i64)> = Vec::new();
    if let Some(e) = &ego {
        if let Some(n) = all_nodes.iter().find(|(c, _)| c == e) {
            nodes.push(n.clone());
        }
    }
    nodes.extend(
        all_nodes
            .iter()
            .filter(|(c, _)| Some(c) != ego.as_ref())
            .take(MAX_NODES - nodes.len())
            .cloned(),
    );
    let shown: Vec<&archive::Edge> = edges
        .iter()
        .filter(|e| nodes.iter().any(|n| n.0 == e.source) && nodes.iter().any(|n| n.0 == e.target))
        .collect();
    if shown.is_empty() {
        match &actor {
            Some(a) => {
                let _ = write!(
                    body,
                    "<p>No events link {} to another actor under these filters.</p>",
                    esc(a)
                );
            }
            None => body.push_str("<p>No actor acts on another in the matching events.</p>"),
        }
    } else {
        let net_nodes: Vec<egonet::Node> = nodes
            .iter()
            .map(|(code, events)| egonet::Node {
                code: code.clone(),
                label: code_name(code),
                events: *events,
                href: centre_on(code),
            })
            .collect();
        let name_of = |code: &str| {
            net_nodes
                .iter()
                .find(|n| n.code == code)
                .map_or_else(|| code.to_string(), |n| n.label.clone())
        };
        let links: Vec<egonet::Link> = shown
            .iter()
            .map(|e| {
                let mut detail = format!(
                    "{} → {}: {} event(s)",
                    name_of(&e.source),
                    name_of(&e.target),
                    e.events
                );
                for ((_, name), n) in QUADS.iter().zip(e.by_quad) {
                    if n > 0 {
                        let _ = write!(detail, ", {n} {name}");
                    }
                }
                if let Some(g) = e.mean_goldstein {
                    let _ = write!(detail, "; mean Goldstein {g:.1}");
                }
                egonet::Link {
                    source: e.source.clone(),
                    target: e.target.clone(),
                    events: e.events,
                    by_quad: e.by_quad,
                    detail,
                }
            })
            .collect();
        let more = all_nodes.len().saturating_sub(net_nodes.len());
        let _ = write!(
            body,
            "<figure class=\"chart-wrap\">{}<figcaption>{}<p class=\"hint\">{} actors, {} arrows{}; a loop is an actor acting on itself, the width of an arrow grows with its events. Every edge is in the table below.</p></figcaption></figure>",
            egonet::draw(&net_nodes, &links, ego.as_deref(), &title),
            legend_html(),
            net_nodes.len(),
            links.len(),
            if more > 0 {
                format!(" ({more} lighter actors left out of the drawing)")
            } else {
                String::new()
            }
        );
    }
    if !edges.is_empty() {
        body.push_str("<h2>As a table</h2><table class=\"reflow\"><thead><tr><th>who</th><th>acts on</th><th>events</th><th>weight</th><th>verbal coop.</th><th>material coop.</th><th>verbal conflict</th><th>material conflict</th><th>mean Goldstein</th></tr></thead><tbody>");
        for e in &edges {
            let pair = [e.source.clone(), e.target.clone()].join(",");
            let mut pairs: Vec<(&str, &str)> = vec![("actor", &pair)];
            pairs.extend(range.iter().map(|(k, v)| (*k, v.as_str())));
            let _ = write!(
                body,
                "<tr><td data-label=\"who\">{} {}</td><td data-label=\"acts on\">{} {}</td><td data-label=\"events\"><a href=\"{}\">{}</a></td><td data-label=\"weight\">{}</td><td data-label=\"verbal coop.\">{}</td><td data-label=\"material coop.\">{}</td><td data-label=\"verbal conflict\">{}</td><td data-label=\"material conflict\">{}</td><td data-label=\"mean Goldstein\">{}</td></tr>",
                esc(&code_name(&e.source)),
                actor_links(std::slice::from_ref(&e.source), ""),
                esc(&code_name(&e.target)),
                actor_links(std::slice::from_ref(&e.target), ""),
                esc(&link("/events", &pairs)),
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
    }
    Ok(Html(page_in(&title, Section::Network, &body, &range)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ego_is_the_code_or_the_busiest_it_prefixes() {
        let nodes = vec![
            ("KORGOV".to_string(), 9),
            ("USA".to_string(), 5),
            ("KOR".to_string(), 2),
        ];
        assert_eq!(ego_of("KOR", &nodes).as_deref(), Some("KOR"));
        assert_eq!(ego_of("KORG", &nodes).as_deref(), Some("KORGOV"));
        assert_eq!(ego_of("PRK", &nodes), None);
    }
}
