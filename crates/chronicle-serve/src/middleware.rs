//! Cross-cutting request handling: time limits, uniform error bodies, security headers.

use std::time::Duration;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ApiError;
use crate::ui::html::{esc, page, Section};

/// Answers 503 when a request is not done within the configured time.
pub async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(format!(
            "the request took longer than the server's limit of {:.1} s",
            limit.as_secs_f64()
        ))
        .into_response(),
    }
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
