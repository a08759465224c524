//! The actor network: who acts on whom, as a chart and a table.

use std::fmt::Write;

use axum::extract::{RawQuery, State};
use axum::response::Html;
use chronicle_archive as archive;

use crate::api::{self, archive_error};
use crate::params::Params;
use crate::state::AppState;
use crate::ui::forms::*;
use crate::ui::fragments::*;
use crate::ui::html::{esc, link, page, Section};
use crate::ui::{svg, PageResult};

pub(crate) async fn network_page(State(st): State<AppState>, RawQuery(q): RawQuery) -> PageResult {
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
