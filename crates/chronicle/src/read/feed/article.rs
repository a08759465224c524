//! A feed item as an [`Article`]: the title, then the summary's paragraphs; the link as
//! `url` (and `id`, so rereading a feed finds the same article), the item's date, the feed
//! as `source`, the authors as the byline; the rest in `meta`.

use serde_json::{json, Map, Value};

use super::item::{Feed, FeedItem};
use super::summary::{summary_paragraphs, title_text};
use crate::doc::{content_id, Article, Byline, Paragraph, ParagraphKind};

/// The article of one item of `feed`.
pub fn item_article(feed: &Feed, item: &FeedItem) -> Article {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    let push =
        |text: &mut String, paragraphs: &mut Vec<Paragraph>, s: &str, kind: ParagraphKind| {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(s);
            paragraphs.push(Paragraph {
                start,
                end: text.len(),
                kind,
                text: s.to_string(),
            });
        };
    let title = item
        .title
        .as_deref()
        .map(title_text)
        .filter(|t| !t.is_empty());
    if let Some(title) = &title {
        push(&mut text, &mut paragraphs, title, ParagraphKind::Title);
    }
    if let Some(summary) = &item.summary {
        for para in summary_paragraphs(summary) {
            // Feeds often repeat the title as the summary's first line.
            if paragraphs.len() == 1 && title.as_deref() == Some(para.as_str()) {
                continue;
            }
            push(&mut text, &mut paragraphs, &para, ParagraphKind::Body);
        }
    }
    let id = item
        .link
        .clone()
        .or_else(|| item.guid.clone())
        .unwrap_or_else(|| content_id(&text));
    let mut meta = Map::new();
    meta.insert("feed_kind".into(), json!(feed.kind.name()));
    if let Some(t) = &feed.title {
        meta.insert("feed_title".into(), json!(t));
    }
    if let Some(l) = &feed.link {
        meta.insert("feed_link".into(), json!(l));
    }
    if let Some(g) = &item.guid {
        meta.insert("guid".into(), json!(g));
    }
    if let Some(u) = &item.updated {
        meta.insert("modified".into(), json!(u.to_string()));
    }
    if item.authors.len() > 1 {
        meta.insert("authors".into(), json!(item.authors));
    }
    if !item.categories.is_empty() {
        meta.insert("categories".into(), json!(item.categories));
    }
    if let Some(lang) = item.language.as_ref().or(feed.language.as_ref()) {
        meta.insert("language".into(), Value::String(lang.clone()));
    }
    Article {
        id,
        source: item.publication.clone().or_else(|| feed.title.clone()),
        url: item.link.clone(),
        date: item.date,
        title,
        byline: item.authors.first().map(|a| Byline {
            author: Some(a.clone()),
            email: None,
            span: None,
        }),
        text,
        meta,
        paragraphs,
        ..Default::default()
    }
}
