//! The web UI: server-rendered pages over the same queries as the JSON API.
//!
//! Every page works without script (forms are plain GET forms, charts are inline SVG with a
//! table of the same data), is reachable by keyboard, and escapes everything it prints.

mod article;
mod bars;
mod egonet;
mod forms;
mod fragments;
pub(crate) mod html;
mod map;
mod pages;
mod quad;
mod svg;
pub(crate) mod words;

use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};

use crate::error::ApiError;
use crate::state::AppState;
use pages::{
    actors::actor_page, actors::actors_page, article::article_page, events::event_page,
    events::events_page, events::flag_event, map::map_page, network::network_page,
    search::search_page, timeline::timeline_page, trends::trends_page,
};

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
        r("/events/{id}/flag", post(flag_event)),
        r("/actors/{id}", get(actor_page)),
        r("/articles/{id}", get(article_page)),
        r("/timeline", get(timeline_page)),
        r("/network", get(network_page)),
        r("/trends", get(trends_page)),
        r("/map", get(map_page)),
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
