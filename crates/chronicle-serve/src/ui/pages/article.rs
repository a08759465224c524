//! One article with its highlighted layers.

use std::fmt::Write;

use axum::extract::{Path, State};
use axum::response::Html;

use crate::api::{self};
use crate::state::AppState;
use crate::ui::fragments::*;
use crate::ui::html::{page, url_encode, Section};
use crate::ui::{article, PageResult};

pub(crate) async fn article_page(State(st): State<AppState>, Path(id): Path<String>) -> PageResult {
    let (record, reports) = st
        .blocking(move |st| {
            let record = api::load_article(st, &id)?;
            let reports = reports_of(&st.archive, &record.events).map_err(api::archive_error)?;
            Ok((record, reports))
        })
        .await?;
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
    body.push_str(&events_table(&record.events, &reports, st.options.feedback));
    body.push_str("</section>");
    let title = article::display_title(&record.article);
    Ok(Html(page(&title, Section::Article, &body)))
}
