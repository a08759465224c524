//! Cross-cutting request handling: time limits (with a deadline the blocking work checks),
//! the Host / Origin guard against other sites, uniform error bodies, security headers.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ApiError;
use crate::ui::html::{esc, page, Section};

tokio::task_local! {
    /// When the current request must be answered; blocking jobs stop their work by then.
    static DEADLINE: Instant;
}

/// The deadline of the request being handled, if called inside one.
pub(crate) fn request_deadline() -> Option<Instant> {
    DEADLINE.try_with(|d| *d).ok()
}

/// Answers 503 when a request is not done within the configured time; the same instant is
/// the budget of its blocking work (see `AppState::blocking`).
pub async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let deadline = Instant::now() + limit;
    match tokio::time::timeout(limit, DEADLINE.scope(deadline, next.run(req))).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(format!(
            "the request took longer than the server's limit of {:.1} s",
            limit.as_secs_f64()
        ))
        .into_response(),
    }
}

/// Which requests may reach the archive: the Host allow-list (a page on another site that
/// rebinds its name to 127.0.0.1 still sends its own name) and, for writes and extraction,
/// the Origin / Sec-Fetch-Site of the page that sent them.
#[derive(Debug)]
pub struct Guard {
    allow_hosts: Vec<String>,
    max_uri_bytes: usize,
}

impl Guard {
    /// A guard for the names in `allow_hosts` (besides loopback names and IP literals) and
    /// request targets up to `max_uri_bytes`.
    pub fn new(allow_hosts: &[String], max_uri_bytes: usize) -> Guard {
        Guard {
            allow_hosts: allow_hosts
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            max_uri_bytes,
        }
    }

    /// Whether `host` (a Host header value, port and all) names this server: an IP
    /// literal, a loopback name, or a name given with `--allow-host`.
    pub fn host_allowed(&self, host: &str) -> bool {
        let name = host_name(host);
        if name.is_empty() {
            return false;
        }
        if name.parse::<IpAddr>().is_ok() {
            return true;
        }
        let name = name.trim_end_matches('.');
        name == "localhost"
            || name.ends_with(".localhost")
            || self.allow_hosts.iter().any(|h| h == name)
    }
}

/// The name part of a Host value: `[::1]:8080` → `::1`, `Example.org:80` → `example.org`.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(name, _)| name)
    };
    name.to_ascii_lowercase()
}

/// Whether a state-changing request comes from this server's own pages (or from no page
/// at all: curl, scripts). A browser sends `Origin` on every cross-origin POST and
/// `Sec-Fetch-Site` on every request.
fn same_origin(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        // Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` with a form
        // posted from our own page (the "flag this coding" form); it still says where the
        // request came from in Sec-Fetch-Site, which a page cannot forge.
        if origin.trim() == "null" {
            return headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|site| site.trim() == "same-origin");
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let authority = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        return match authority {
            Some(a) => !host.is_empty() && a.trim_end_matches('/').eq_ignore_ascii_case(host),
            None => false,
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        None => true,
        Some(site) => matches!(site.trim(), "same-origin" | "none"),
    }
}

/// Refuses requests for other hosts (421), cross-site POSTs (403) and over-long request
/// targets (414), before any handler runs.
pub async fn guard(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > guard.max_uri_bytes {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request target is longer than the limit of {} bytes",
                guard.max_uri_bytes
            ),
        )
        .into_response();
    }
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or(""))
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if let Some(host) = host {
        if !guard.host_allowed(host) {
            return ApiError::new(
                StatusCode::MISDIRECTED_REQUEST,
                "this server answers only to loopback names and addresses (start it with --allow-host NAME to add one)",
            )
            .into_response();
        }
    }
    if req.method() != Method::GET && req.method() != Method::HEAD && !same_origin(&req) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "cross-site requests are refused: send it from this server's own pages or without a browser",
        )
        .into_response();
    }
    next.run(req).await
}

fn is_api(uri: &Uri) -> bool {
    uri.path() == "/api" || uri.path().starts_with("/api/")
}

/// Gives every error the same shape: JSON under `/api`, an HTML page elsewhere, whatever layer
/// produced it (axum's own 404/405/413 rejections are plain text). Adds security headers.
pub async fn uniform_errors(req: Request, next: Next) -> Response {
    let api = is_api(req.uri());
    let mut response = next.run(req).await;
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let is_json = content_type.starts_with("application/json");
        let is_html = content_type.starts_with("text/html");
        if (api && !is_json) || (!api && !is_html) {
            let (parts, body) = response.into_parts();
            let text = to_bytes(body, 64 * 1024).await.unwrap_or_default();
            let mut message = String::from_utf8_lossy(&text).trim().to_string();
            let mut error_message = String::new();
            if is_json {
                // An API-shaped error on a UI path: show its message in a page.
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&message) {
                    if let Some(m) = v["error"]["message"].as_str() {
                        error_message = m.to_string();
                    }
                }
            }
            if !error_message.is_empty() {
                message = error_message;
            }
            if message.is_empty() {
                message = status
                    .canonical_reason()
                    .unwrap_or("request failed")
                    .to_string();
            }
            let mut rebuilt = if api {
                ApiError::new(status, message).into_response()
            } else {
                error_page(status, &message)
            };
            for (name, value) in parts.headers.iter() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    rebuilt.headers_mut().insert(name.clone(), value.clone());
                }
            }
            response = rebuilt;
        }
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

/// An HTML error page with the status in its title.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>{} {}</h1><p class=\"error\" role=\"alert\">{}</p><p><a href=\"/\">Back to search</a></p>",
        status.as_u16(),
        esc(status.canonical_reason().unwrap_or("Error")),
        esc(message)
    );
    let mut response = (status, Html(page("Error", Section::Other, &body))).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// Unknown paths: a JSON 404 under `/api`, an HTML one elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if is_api(&uri) {
        ApiError::not_found(format!("no such endpoint: {}", uri.path())).into_response()
    } else {
        error_page(
            StatusCode::NOT_FOUND,
            &format!("There is no page at {}.", uri.path()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_allowed_are_loopback_names_ip_literals_and_the_allow_list() {
        let g = Guard::new(&["News.Example.".to_string()], 16 * 1024);
        for ok in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:80",
            "[::1]:8080",
            "app.localhost",
            "10.0.0.2",
            "news.example:8080",
        ] {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost.evil.example",
            "",
            "127.0.0.1.evil.example:80",
        ] {
            assert!(!g.host_allowed(bad), "{bad}");
        }
    }
}
