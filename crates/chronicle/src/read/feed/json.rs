//! JSON Feed 1.0 / 1.1 (`{"version": "https://jsonfeed.org/version/1.1", "items": [...]}`).

use serde_json::Value;

use super::dates::parse_feed_date;
use super::item::{line_column, Feed, FeedError, FeedItem, FeedKind};

/// Whether `text` is a JSON Feed: an object whose `version` names jsonfeed.org.
pub(crate) fn looks_like_json_feed(head: &str) -> bool {
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    head.starts_with('{') && head.contains("jsonfeed.org/version")
}

/// Reads a JSON Feed; a syntax error gives the place and no items.
pub(crate) fn read_json_feed(text: &str) -> Feed {
    let mut feed = Feed::new(FeedKind::JsonFeed);
    let value: Value = match serde_json::from_str(text.trim_start_matches('\u{FEFF}')) {
        Ok(v) => v,
        Err(e) => {
            feed.error = Some(FeedError {
                line: e.line().max(1),
                column: e.column().max(1),
                message: format!("broken JSON: {e}"),
            });
            return feed;
        }
    };
    let string = |v: &Value, key: &str| -> Option<String> {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    feed.title = string(&value, "title");
    feed.link = string(&value, "home_page_url");
    feed.language = string(&value, "language");
    let Some(items) = value.get("items").and_then(Value::as_array) else {
        feed.error = Some(FeedError {
            line: 1,
            column: 1,
            message: "a JSON Feed needs an \"items\" array".into(),
        });
        return feed;
    };
    // serde_json's values keep no places: items are placed at the line of `"items"`.
    let items_at = text.find("\"items\"").unwrap_or(0);
    let (line, _) = line_column(text, items_at);
    for entry in items {
        if !entry.is_object() {
            continue;
        }
        let authors = match entry.get("authors").or_else(|| entry.get("author")) {
            Some(Value::Array(list)) => list.iter().filter_map(|a| string(a, "name")).collect(),
            Some(one @ Value::Object(_)) => string(one, "name").into_iter().collect(),
            _ => Vec::new(),
        };
        let published = string(entry, "date_published").and_then(|d| parse_feed_date(&d));
        let updated = string(entry, "date_modified").and_then(|d| parse_feed_date(&d));
        let summary = string(entry, "content_html")
            .or_else(|| string(entry, "content_text"))
            .or_else(|| string(entry, "summary"));
        feed.items.push(FeedItem {
            title: string(entry, "title"),
            link: string(entry, "url").or_else(|| string(entry, "external_url")),
            guid: entry.get("id").and_then(|id| match id {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
            date: published.or(updated),
            updated,
            summary,
            authors,
            categories: entry
                .get("tags")
                .and_then(Value::as_array)
                .map(|tags| {
                    tags.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            language: string(entry, "language"),
            publication: None,
            line,
        });
    }
    feed
}
