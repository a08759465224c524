//! The article from a page: title, date, byline, caption, dateline and paragraphs, with
//! furniture and link lists dropped.

use crate::doc::{Article, Byline, Paragraph, ParagraphKind, Range, Span};

use super::super::plain::{dateline_prefix, parse_byline};
use super::blocks::{Block, BlockKind, Page};
use super::boilerplate::is_credit_line;
use super::extract::{is_summary, main_blocks, summaries};
use super::meta::{json_ld_authors, json_ld_find, json_ld_publisher};
use super::published::page_dates;

pub(super) fn build_article(page: Page) -> Article {
    let summaries = summaries(&page);
    let chosen = main_blocks(&page, &summaries);
    let page_url = page
        .meta
        .get("og:url")
        .filter(|u| u.starts_with("http"))
        .or(page.canonical.as_ref())
        .cloned();
    let dates = page_dates(&page, page_url.as_deref(), chosen.first().copied());
    let Page {
        title_tag,
        meta,
        canonical,
        json_ld,
        blocks,
        lang,
        ..
    } = page;
    let mut kept: Vec<Block> = Vec::new();
    let mut chosen = chosen.into_iter().peekable();
    for (index, block) in blocks.into_iter().enumerate() {
        if chosen.peek() != Some(&index) {
            continue;
        }
        chosen.next();
        if kept.last().is_some_and(|k| k.text == block.text) {
            continue;
        }
        kept.push(block);
    }

    let meta_get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| meta.get(*k))
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
    };
    let ld_title = json_ld_find(&json_ld, "headline").and_then(|v| v.as_str().map(str::to_string));
    let h1 = kept
        .iter()
        .find(|b| b.kind == BlockKind::H1)
        .map(|b| b.text.clone());
    let title = meta_get(&["og:title", "twitter:title"])
        .or(h1.clone())
        .or(ld_title)
        .or_else(|| title_tag.clone());

    // Assemble the text: the title first, then the kept blocks.
    let mut text = String::new();
    let mut paragraphs: Vec<(Range, ParagraphKind)> = Vec::new();
    let mut push_para = |text: &mut String, s: &str, kind: ParagraphKind| {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(s);
        paragraphs.push((Range::new(start, text.len()), kind));
    };
    let title_in_blocks = title.as_ref().is_some_and(|t| {
        kept.iter()
            .any(|b| matches!(b.kind, BlockKind::H1 | BlockKind::H) && &b.text == t)
    });
    if let Some(t) = &title {
        if !title_in_blocks {
            push_para(&mut text, t, ParagraphKind::Title);
        }
    }
    // Kickers and section labels above the headline ("Diplomacy") are not article text.
    let h1_at = kept.iter().position(|b| b.kind == BlockKind::H1);
    let is_label = |b: &Block| {
        b.text.split_whitespace().count() < 6 && !b.text.ends_with(['.', '!', '?', '"', '\u{201D}'])
    };
    let last = kept.len().saturating_sub(1);
    for (index, block) in kept.iter().enumerate() {
        if h1_at.is_some_and(|h| index < h) && is_label(block) {
            continue;
        }
        let kind = match block.kind {
            BlockKind::H1 | BlockKind::H => ParagraphKind::Title,
            BlockKind::Caption => ParagraphKind::Caption,
            _ if is_credit_line(&block.text) => ParagraphKind::Caption,
            _ if (index < 5 || index == last) && parse_byline(&block.text).is_some() => {
                ParagraphKind::Byline
            }
            _ => ParagraphKind::Body,
        };
        push_para(&mut text, &block.text, kind);
    }

    // A page whose visible text is no more than a title (a video page, a story loaded by a
    // script) still has its own summary: it becomes the article's text.
    let body_chars: usize = kept
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::H1 | BlockKind::H | BlockKind::Caption))
        .map(|b| b.text.len())
        .sum();
    if body_chars < 150 {
        if let Some(summary) = summaries.first() {
            if !kept.iter().any(|b| is_summary(&b.text, summary)) {
                push_para(&mut text, &summary.text, ParagraphKind::Body);
            }
        }
    }

    let mut article = Article::new(text);
    let text = article.text.as_str();
    article.title = title;
    article.url = meta_get(&["og:url"]).or(canonical.clone());
    article.source = meta_get(&["og:site_name", "application-name", "publisher"]);
    if let Some((date, source)) = &dates.published {
        article.date = Some(*date);
        article
            .meta
            .insert("date_source".into(), source.label().into());
    }
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            article.meta.insert(key.into(), v.into());
        }
    };
    put("date_modified", dates.modified.map(|d| d.to_string()));
    put("canonical_url", canonical.clone());
    put(
        "site_name",
        meta_get(&["og:site_name", "application-name"]).or_else(|| json_ld_publisher(&json_ld)),
    );
    put(
        "language",
        lang.or_else(|| meta_get(&["content-language", "language", "dc.language", "og:locale"])),
    );
    let mut first_body_seen = false;
    for (range, kind) in &paragraphs {
        let para = range.slice(text);
        match kind {
            ParagraphKind::Caption if article.caption.is_none() => {
                article.caption = Some(Span::new(text, *range));
            }
            ParagraphKind::Byline if article.byline.is_none() => {
                if let Some((author, email)) = parse_byline(para) {
                    article.byline = Some(Byline {
                        author: Some(author),
                        email,
                        span: Some(Span::new(text, *range)),
                    });
                }
            }
            ParagraphKind::Body if !first_body_seen => {
                // Only the first body paragraph can open with a dateline.
                first_body_seen = true;
                if let Some(len) = dateline_prefix(para) {
                    article.dateline =
                        Some(Span::new(text, Range::new(range.start, range.start + len)));
                }
            }
            _ => {}
        }
    }
    let meta_author = meta_get(&["author", "article:author", "byl", "sailthru.author"])
        .filter(|a| !a.starts_with("http"))
        .map(|a| a.strip_prefix("By ").unwrap_or(&a).to_string());
    let ld_authors = json_ld_authors(&json_ld);
    let mut authors: Vec<String> = Vec::new();
    for name in ld_authors
        .iter()
        .cloned()
        .chain(meta_author.clone())
        .chain(article.byline.as_ref().and_then(|b| b.author.clone()))
    {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.is_empty() && !name.starts_with("http") && !authors.contains(&name) {
            authors.push(name);
        }
    }
    if !authors.is_empty() {
        article.meta.insert(
            "authors".into(),
            serde_json::Value::Array(authors.into_iter().map(Into::into).collect()),
        );
    }
    if article.byline.is_none() {
        let author = meta_author.or_else(|| ld_authors.first().cloned());
        if let Some(author) = author.filter(|a| !a.starts_with("http")) {
            let author = author.strip_prefix("By ").unwrap_or(&author).to_string();
            article.byline = Some(Byline {
                author: Some(author),
                email: None,
                span: None,
            });
        }
    }
    article.paragraphs = paragraphs
        .into_iter()
        .map(|(r, kind)| Paragraph {
            start: r.start,
            end: r.end,
            kind,
            text: r.slice(text).to_string(),
        })
        .collect();
    article
}
