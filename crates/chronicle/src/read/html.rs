//! HTML pages: a small tolerant parser that keeps the article and drops the page around it.
//!
//! No DOM is built: one pass over tags keeps a stack of open elements, knows when it is
//! inside boilerplate (nav, header, footer, aside, forms, menus, share widgets, cookie
//! notices, scripts, ...) or inside the article proper (`<article>`, `<main>`,
//! `itemprop=articleBody`, `class=article-body`, ...), and collects text blocks from
//! `<p>`, `<h1>`-`<h6>`, `<li>`, `<blockquote>`, `<figcaption>` and prose-like `<div>`s.
//! Metadata come from `<title>`, `<meta>` (og:title, article:published_time, date, ...),
//! `<link rel=canonical>`, `<time>` and JSON-LD (`datePublished`, `headline`, `author`).
//!
//! The article's `text` is the extracted main text: its blocks joined by blank lines, with
//! the title first. Offsets point into that text, not into the HTML.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::date::PubDate;
use crate::doc::{Article, Byline, Paragraph, ParagraphKind, Range, Span};

use super::plain::{dateline_prefix, parse_byline};

/// Reads an HTML page into an article.
pub fn read_html(html: &str) -> Article {
    let page = parse_page(html);
    build_article(page)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    P,
    H1,
    H,
    Li,
    Quote,
    Caption,
    Div,
}

#[derive(Debug)]
struct Block {
    text: String,
    kind: BlockKind,
    in_content: bool,
    link_chars: usize,
}

#[derive(Debug, Default)]
struct Page {
    title_tag: Option<String>,
    meta: HashMap<String, String>,
    canonical: Option<String>,
    json_ld: Vec<serde_json::Value>,
    time_pub: Option<String>,
    time_pub_marked: bool,
    blocks: Vec<Block>,
}

struct Open {
    name: String,
    boilerplate: bool,
    content: bool,
    block: Option<BlockKind>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is not prose at all.
const RAW_TEXT: &[&str] = &[
    "script", "style", "template", "textarea", "svg", "math", "noscript",
];

const BOILERPLATE_TAGS: &[&str] = &[
    "nav", "footer", "aside", "form", "menu", "button", "select", "iframe", "dialog", "object",
    "canvas", "video", "audio", "label",
];

/// Class/id fragments that mark page furniture rather than the story.
const BOILERPLATE_HINTS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "share",
    "social",
    "cookie",
    "consent",
    "gdpr",
    "banner",
    "advert",
    "ad-slot",
    "ad-container",
    "ads-",
    "promo",
    "newsletter",
    "subscribe",
    "related",
    "recommend",
    "comment",
    "breadcrumb",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "toolbar",
    "skip-link",
    "masthead",
    "paywall",
    "signup",
    "sign-up",
    "most-read",
    "trending",
    "tags",
    "pagination",
    "disclaimer",
];

const CONTENT_HINTS: &[&str] = &[
    "article-body",
    "articlebody",
    "article_body",
    "story-body",
    "storybody",
    "post-content",
    "entry-content",
    "article-content",
    "story-content",
    "article-text",
    "news-content",
];

fn block_kind(name: &str) -> Option<BlockKind> {
    Some(match name {
        "p" => BlockKind::P,
        "h1" => BlockKind::H1,
        "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::H,
        "li" | "dd" | "dt" => BlockKind::Li,
        "blockquote" => BlockKind::Quote,
        "figcaption" => BlockKind::Caption,
        "div" | "section" | "article" | "main" | "td" | "th" | "pre" | "body" | "header" | "ul"
        | "ol" | "table" | "tr" | "figure" | "dl" | "address" | "center" | "hr" => BlockKind::Div,
        _ => return None,
    })
}

struct Tag<'a> {
    name: String,
    attrs: Vec<(String, Cow<'a, str>)>,
    closing: bool,
    self_closing: bool,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }
}

/// Parses the tag starting at `html[i] == '<'`; returns it and the index after `>`.
fn parse_tag(html: &str, i: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = html.as_bytes();
    let mut j = i + 1;
    let closing = bytes.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let name_start = j;
    while j < bytes.len()
        && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-' || bytes[j] == b':')
    {
        j += 1;
    }
    if j == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        match bytes.get(j) {
            None => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        closing,
                        self_closing,
                    },
                    bytes.len(),
                ))
            }
            Some(b'>') => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        closing,
                        self_closing,
                    },
                    j + 1,
                ))
            }
            Some(b'/') => {
                self_closing = true;
                j += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let key_start = j;
        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j]) {
            j += 1;
        }
        if j == key_start {
            j += 1; // a stray '=' or similar: skip it
            continue;
        }
        let key = html[key_start..j].to_ascii_lowercase();
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value: Cow<'_, str> = Cow::Borrowed("");
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(bytes.len(), |e| j + 1 + e);
                    value = decode_entities(&html[j + 1..end]);
                    j = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[start..j]);
                }
            }
        }
        attrs.push((key, value));
    }
}

/// Finds `</name` (ASCII case-insensitive) from `from`; returns its start.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut k = from;
    while let Some(off) = html.get(k..)?.find("</") {
        let at = k + off;
        let after = at + 2;
        if bytes.len() >= after + name.len()
            && bytes[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(at);
        }
        k = after;
    }
    None
}

fn is_boilerplate(tag: &Tag<'_>, inside_content: bool) -> bool {
    if BOILERPLATE_TAGS.contains(&tag.name.as_str()) {
        return true;
    }
    if tag.name == "header" && !inside_content {
        return true;
    }
    if tag.attr("hidden").is_some() || tag.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = tag.attr("style") {
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.to_ascii_lowercase().contains("display:none") {
            return true;
        }
    }
    if let Some(role) = tag.attr("role") {
        if matches!(
            role,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "dialog"
                | "menu"
        ) {
            return true;
        }
    }
    let hints = format!(
        "{} {}",
        tag.attr("class").unwrap_or(""),
        tag.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    if hints.trim().is_empty() || CONTENT_HINTS.iter().any(|h| hints.contains(h)) {
        return false;
    }
    hints
        .split(|c: char| c.is_whitespace())
        .any(|word| BOILERPLATE_HINTS.iter().any(|h| word_has_hint(word, h)))
}

/// `hint` as a whole part of a class name: "share" in "share-bar" or "article__share",
/// not in "shareholders".
fn word_has_hint(word: &str, hint: &str) -> bool {
    let mut search = 0;
    while let Some(pos) = word.get(search..).and_then(|w| w.find(hint)) {
        let at = search + pos;
        let before_ok = at == 0 || !word.as_bytes()[at - 1].is_ascii_alphabetic();
        let end = at + hint.len();
        let after_ok = end >= word.len()
            || !word.as_bytes()[end].is_ascii_alphabetic()
            || word[end..].starts_with('s')
                && (end + 1 >= word.len() || !word.as_bytes()[end + 1].is_ascii_alphabetic());
        if before_ok && after_ok {
            return true;
        }
        search = at + 1;
    }
    false
}

fn is_content_marker(tag: &Tag<'_>) -> bool {
    if matches!(tag.name.as_str(), "article" | "main") {
        return true;
    }
    if tag.attr("role") == Some("main") || tag.attr("itemprop") == Some("articleBody") {
        return true;
    }
    let hints = format!(
        "{} {}",
        tag.attr("class").unwrap_or(""),
        tag.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    CONTENT_HINTS.iter().any(|h| hints.contains(h))
}

struct Collector {
    buf: String,
    link_chars: usize,
}

impl Collector {
    fn push_text(&mut self, raw: &str, in_link: bool) {
        let decoded = decode_entities(raw);
        let before = self.buf.len();
        for c in decoded.chars() {
            if c.is_whitespace() || c == '\u{00A0}' {
                if !self.buf.is_empty() && !self.buf.ends_with(' ') {
                    self.buf.push(' ');
                }
            } else if !c.is_control() {
                self.buf.push(c);
            }
        }
        if in_link {
            self.link_chars += self.buf.len() - before;
        }
    }
}

fn parse_page(html: &str) -> Page {
    let mut page = Page::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut open_counts: HashMap<String, usize> = HashMap::new();
    let mut boilerplate_depth = 0usize;
    let mut content_depth = 0usize;
    let mut link_depth = 0usize;
    let mut in_title = false;
    let mut title_buf = String::new();
    let mut col = Collector {
        buf: String::new(),
        link_chars: 0,
    };

    let flush = |col: &mut Collector, page: &mut Page, stack: &[Open], content_depth: usize| {
        let text = col.buf.trim();
        if !text.is_empty() {
            let kind = stack
                .iter()
                .rev()
                .find_map(|o| o.block)
                .unwrap_or(BlockKind::Div);
            page.blocks.push(Block {
                text: text.to_string(),
                kind,
                in_content: content_depth > 0,
                link_chars: col.link_chars,
            });
        }
        col.buf.clear();
        col.link_chars = 0;
    };

    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = html[i..].find('<') else {
            if boilerplate_depth == 0 {
                col.push_text(&html[i..], link_depth > 0);
            }
            break;
        };
        let lt = i + off;
        if lt > i {
            let text = &html[i..lt];
            if in_title {
                title_buf.push_str(text);
            } else if boilerplate_depth == 0 {
                col.push_text(text, link_depth > 0);
            }
        }
        i = lt;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        let Some((tag, after)) = parse_tag(html, i) else {
            // A lone '<' in text.
            if boilerplate_depth == 0 && !in_title {
                col.push_text("<", link_depth > 0);
            }
            i += 1;
            continue;
        };
        i = after;
        let name = tag.name.as_str();
        if !tag.closing && RAW_TEXT.contains(&name) {
            let end = find_end_tag(html, i, name).unwrap_or(bytes.len());
            if name == "script" {
                let kind = tag.attr("type").unwrap_or("").to_ascii_lowercase();
                if kind.contains("ld+json") {
                    if let Ok(v) = serde_json::from_str(html[i..end].trim()) {
                        page.json_ld.push(v);
                    }
                }
            }
            i = html[end..].find('>').map_or(bytes.len(), |e| end + e + 1);
            continue;
        }
        if name == "title"
            && !tag.closing
            && page.title_tag.is_none()
            && stack.iter().all(|o| o.name != "svg")
        {
            in_title = true;
            continue;
        }
        if name == "title" && tag.closing && in_title {
            in_title = false;
            let t = decode_entities(&title_buf)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !t.is_empty() {
                page.title_tag = Some(t);
            }
            continue;
        }
        match name {
            "meta" => {
                let key = tag
                    .attr("property")
                    .or_else(|| tag.attr("name"))
                    .or_else(|| tag.attr("itemprop"))
                    .or_else(|| tag.attr("http-equiv"));
                if let (Some(k), Some(v)) = (key, tag.attr("content")) {
                    page.meta
                        .entry(k.to_ascii_lowercase())
                        .or_insert_with(|| v.trim().to_string());
                }
                continue;
            }
            "link" => {
                if tag
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    if let Some(href) = tag.attr("href") {
                        page.canonical.get_or_insert_with(|| href.to_string());
                    }
                }
                continue;
            }
            "time" if !tag.closing => {
                let published =
                    tag.attr("pubdate").is_some() || tag.attr("itemprop") == Some("datePublished");
                if let Some(dt) = tag.attr("datetime") {
                    // A marked publication time wins; else the first <time> in the article.
                    let first_in_article =
                        page.time_pub.is_none() && content_depth > 0 && boilerplate_depth == 0;
                    if (published && !page.time_pub_marked) || first_in_article {
                        page.time_pub = Some(dt.to_string());
                        page.time_pub_marked |= published;
                    }
                }
            }
            _ => {}
        }
        if name == "br" {
            if boilerplate_depth == 0 {
                col.push_text(" ", link_depth > 0);
            }
            continue;
        }
        if tag.closing {
            if open_counts.get(name).copied().unwrap_or(0) == 0 {
                continue; // a stray end tag
            }
            while let Some(open) = stack.pop() {
                if open.block.is_some() && boilerplate_depth == 0 {
                    flush(
                        &mut col,
                        &mut page,
                        &stack_with(&stack, &open),
                        content_depth,
                    );
                }
                close(
                    &open,
                    &mut open_counts,
                    &mut boilerplate_depth,
                    &mut content_depth,
                    &mut link_depth,
                );
                if open.name == name {
                    break;
                }
            }
            continue;
        }
        if VOID.contains(&name) || tag.self_closing && block_kind(name).is_none() && name != "a" {
            if block_kind(name).is_some() && boilerplate_depth == 0 {
                flush(&mut col, &mut page, &stack, content_depth);
            }
            continue;
        }
        // Implied ends: a new block closes an open <p>; a new <li> closes the open <li>.
        let kind = block_kind(name);
        if kind.is_some() {
            let closes: &[&str] = match name {
                "li" => &["li", "p"],
                "dd" | "dt" => &["dd", "dt", "p"],
                _ => &["p"],
            };
            if let Some(top) = stack.last() {
                if closes.contains(&top.name.as_str()) {
                    if let Some(open) = stack.pop() {
                        if boilerplate_depth == 0 {
                            flush(
                                &mut col,
                                &mut page,
                                &stack_with(&stack, &open),
                                content_depth,
                            );
                        }
                        close(
                            &open,
                            &mut open_counts,
                            &mut boilerplate_depth,
                            &mut content_depth,
                            &mut link_depth,
                        );
                    }
                }
            }
            if boilerplate_depth == 0 {
                flush(&mut col, &mut page, &stack, content_depth);
            }
        }
        let open = Open {
            name: tag.name.clone(),
            boilerplate: is_boilerplate(&tag, content_depth > 0),
            content: is_content_marker(&tag),
            block: kind,
        };
        if open.boilerplate {
            boilerplate_depth += 1;
        }
        if open.content {
            content_depth += 1;
        }
        if open.name == "a" {
            link_depth += 1;
        }
        *open_counts.entry(open.name.clone()).or_insert(0) += 1;
        stack.push(open);
    }
    if boilerplate_depth == 0 {
        flush(&mut col, &mut page, &stack, content_depth);
    }
    page
}

/// The stack as it was with `open` still on top (for the kind of the block being flushed).
fn stack_with<'s>(stack: &'s [Open], open: &'s Open) -> Vec<Open> {
    let mut v: Vec<Open> = Vec::with_capacity(1);
    // Only the innermost block kind matters: the closed element's, else its ancestors'.
    let block = open
        .block
        .or_else(|| stack.iter().rev().find_map(|o| o.block));
    v.push(Open {
        name: String::new(),
        boilerplate: false,
        content: false,
        block,
    });
    v
}

fn close(
    open: &Open,
    counts: &mut HashMap<String, usize>,
    boilerplate_depth: &mut usize,
    content_depth: &mut usize,
    link_depth: &mut usize,
) {
    if let Some(c) = counts.get_mut(&open.name) {
        *c = c.saturating_sub(1);
    }
    if open.boilerplate {
        *boilerplate_depth = boilerplate_depth.saturating_sub(1);
    }
    if open.content {
        *content_depth = content_depth.saturating_sub(1);
    }
    if open.name == "a" {
        *link_depth = link_depth.saturating_sub(1);
    }
}

/// Short lines that are page furniture even inside the article.
fn is_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = text.split_whitespace().count();
    if words <= 6 {
        const PHRASES: &[&str] = &[
            "advertisement",
            "share",
            "share this",
            "share this article",
            "tweet",
            "email",
            "print",
            "read more",
            "related articles",
            "related",
            "comments",
            "subscribe",
            "sign up",
            "follow us",
            "skip to content",
            "skip to main content",
            "loading",
            "most read",
            "more stories",
            "back to top",
            "menu",
            "search",
            "close",
        ];
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != ' ');
        if PHRASES.contains(&bare) {
            return true;
        }
    }
    lower.starts_with('©')
        || lower.starts_with("copyright ")
        || lower.starts_with("all rights reserved")
        || (words <= 40
            && (lower.contains("we use cookies") || lower.contains("this site uses cookies")))
}

fn build_article(page: Page) -> Article {
    let Page {
        title_tag,
        meta,
        canonical,
        json_ld,
        time_pub,
        blocks,
        ..
    } = page;
    let content_chars: usize = blocks
        .iter()
        .filter(|b| b.in_content && b.kind != BlockKind::Div)
        .map(|b| b.text.len())
        .sum();
    let only_content = content_chars >= 80;
    let mut kept: Vec<Block> = Vec::new();
    for block in blocks {
        if only_content && !block.in_content && block.kind != BlockKind::H1 {
            continue;
        }
        let words = block.text.split_whitespace().count();
        let link_density = block.link_chars as f32 / block.text.len().max(1) as f32;
        if link_density > 0.6 && (block.kind == BlockKind::Li || words < 25) {
            continue;
        }
        if block.kind == BlockKind::Div
            && !(words >= 12 && block.text.ends_with(['.', '!', '?', '"', '\u{201D}']))
            && parse_byline(&block.text).is_none()
        {
            continue;
        }
        if is_furniture(&block.text) {
            continue;
        }
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
            _ if (index < 5 || index == last) && parse_byline(&block.text).is_some() => {
                ParagraphKind::Byline
            }
            _ => ParagraphKind::Body,
        };
        push_para(&mut text, &block.text, kind);
    }

    let mut article = Article::new(text);
    let text = article.text.as_str();
    article.title = title;
    article.url = meta_get(&["og:url"]).or(canonical);
    article.source = meta_get(&["og:site_name", "application-name", "publisher"]);
    let date_candidates = [
        meta_get(&[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "date",
            "dc.date.issued",
            "dcterms.issued",
            "dc.date",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
        ]),
        json_ld_find(&json_ld, "datePublished").and_then(|v| v.as_str().map(str::to_string)),
        time_pub,
        meta_get(&["article:modified_time", "datemodified"]),
    ];
    article.date = date_candidates
        .iter()
        .flatten()
        .find_map(|s| parse_loose_date(s));
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
    if article.byline.is_none() {
        let author = meta_get(&["author", "article:author", "byl", "sailthru.author"])
            .or_else(|| json_ld_author(&json_ld));
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

/// ISO 8601 as pages write it; falls back to the leading `YYYY-MM-DD`.
fn parse_loose_date(s: &str) -> Option<PubDate> {
    let s = s.trim();
    PubDate::parse(s).or_else(|| s.get(..10).and_then(PubDate::parse))
}

/// The first value of `key` anywhere in the JSON-LD blocks (depth-first).
fn json_ld_find<'v>(values: &'v [serde_json::Value], key: &str) -> Option<&'v serde_json::Value> {
    fn walk<'v>(
        v: &'v serde_json::Value,
        key: &str,
        depth: usize,
    ) -> Option<&'v serde_json::Value> {
        if depth > 16 {
            return None;
        }
        match v {
            serde_json::Value::Object(map) => map
                .get(key)
                .or_else(|| map.values().find_map(|c| walk(c, key, depth + 1))),
            serde_json::Value::Array(items) => items.iter().find_map(|c| walk(c, key, depth + 1)),
            _ => None,
        }
    }
    values.iter().find_map(|v| walk(v, key, 0))
}

fn json_ld_author(values: &[serde_json::Value]) -> Option<String> {
    let author = json_ld_find(values, "author")?;
    let first = match author {
        serde_json::Value::Array(items) => items.first()?,
        other => other,
    };
    match first {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(map) => map.get("name")?.as_str().map(str::to_string),
        _ => None,
    }
}

/// Decodes HTML character references: named (the common ones), `&#NNN;` and `&#xHH;`.
/// Unknown or malformed references are left as they are.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(33)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map(|(i, _)| i)
            .unwrap_or(after.len().min(33));
        let name = &after[..end];
        let has_semicolon = after[end..].starts_with(';');
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let value = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            value.map(|v| match v {
                0 => '\u{FFFD}',
                // Windows-1252 in numeric references, as browsers read them.
                0x80..=0x9F => cp1252(v),
                _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
            })
        } else {
            named_entity(name)
        };
        match decoded {
            Some(c)
                if !name.is_empty()
                    && (has_semicolon || name.starts_with('#') || is_legacy(name)) =>
            {
                out.push(c);
                rest = &after[end + usize::from(has_semicolon)..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Entities browsers accept without the semicolon.
fn is_legacy(name: &str) -> bool {
    matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg")
}

fn cp1252(v: u32) -> char {
    match v {
        0x80 => '€',
        0x85 => '…',
        0x91 => '\u{2018}',
        0x92 => '\u{2019}',
        0x93 => '\u{201C}',
        0x94 => '\u{201D}',
        0x96 => '\u{2013}',
        0x97 => '\u{2014}',
        _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{00A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "shy" => '\u{00AD}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "minus" => '\u{2212}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201A}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "bdquo" => '\u{201E}',
        "laquo" => '\u{00AB}',
        "raquo" => '\u{00BB}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203A}',
        "hellip" => '\u{2026}',
        "middot" => '\u{00B7}',
        "bull" => '\u{2022}',
        "copy" => '\u{00A9}',
        "reg" => '\u{00AE}',
        "trade" => '\u{2122}',
        "deg" => '\u{00B0}',
        "plusmn" => '\u{00B1}',
        "times" => '\u{00D7}',
        "divide" => '\u{00F7}',
        "frac12" => '\u{00BD}',
        "frac14" => '\u{00BC}',
        "frac34" => '\u{00BE}',
        "euro" => '\u{20AC}',
        "pound" => '\u{00A3}',
        "yen" => '\u{00A5}',
        "cent" => '\u{00A2}',
        "won" => '\u{20A9}',
        "sect" => '\u{00A7}',
        "para" => '\u{00B6}',
        "dagger" => '\u{2020}',
        "prime" => '\u{2032}',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "atilde" => 'ã',
        "aring" => 'å',
        "ccedil" => 'ç',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "szlig" => 'ß',
        "Eacute" => 'É',
        "Aacute" => 'Á',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "Auml" => 'Ä',
        "Ccedil" => 'Ç',
        "Ntilde" => 'Ñ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en"><head>
<title>Ministers meet in Seoul | The Daily Example</title>
<meta property="og:title" content="Ministers meet in Seoul">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2021-03-05T09:30:00+09:00">
<link rel="canonical" href="https://example.org/news/1">
<script>var x = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>Ministers meet in Seoul</h1>
<p class="byline">By Jane Doe</p>
<figure><img src="x.jpg"><figcaption>The ministers before the talks on Friday. (Example Photo)</figcaption></figure>
<p>SEOUL &mdash; The two ministers met on Friday &amp; agreed to meet again.
It was the first meeting this year.</p>
<div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a></div>
<p>&ldquo;We&rsquo;re pleased,&rdquo; one of them said.<p>A second paragraph without a closing tag.
<ul><li>Item one of a list in the story.</li><li>Item two</ul>
</article></main>
<aside><h2>Most read</h2><p>Something else entirely.</p></aside>
<footer><p>&copy; 2021 The Daily Example</p></footer>
</body></html>"##;

    #[test]
    fn extracts_main_text_and_metadata() {
        let a = read_html(PAGE);
        assert_eq!(a.title.as_deref(), Some("Ministers meet in Seoul"));
        assert_eq!(a.source.as_deref(), Some("The Daily Example"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/news/1"));
        assert_eq!(a.date.unwrap().to_string(), "2021-03-05T09:30:00+09:00");
        let paras: Vec<_> = a
            .paragraphs
            .iter()
            .map(|p| (p.kind, p.text.as_str()))
            .collect();
        use ParagraphKind::*;
        assert_eq!(
            paras,
            [
                (Title, "Ministers meet in Seoul"),
                (Byline, "By Jane Doe"),
                (Caption, "The ministers before the talks on Friday. (Example Photo)"),
                (Body, "SEOUL \u{2014} The two ministers met on Friday & agreed to meet again. It was the first meeting this year."),
                (Body, "\u{201C}We\u{2019}re pleased,\u{201D} one of them said."),
                (Body, "A second paragraph without a closing tag."),
                (Body, "Item one of a list in the story."),
                (Body, "Item two"),
            ]
        );
        assert_eq!(a.byline.unwrap().author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.dateline.unwrap().text, "SEOUL \u{2014}");
        assert!(!a.text.contains("cookies"));
        assert!(!a.text.contains("not text"));
    }

    #[test]
    fn json_ld_and_fallbacks() {
        let page = r#"<html><head><title>Fallback title</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2021-03-04T22:00:00Z","author":{"@type":"Person","name":"Kim Min-ji"}}]}</script>
</head><body><div><p>Only a paragraph in a div.</p></div></body></html>"#;
        let a = read_html(page);
        assert_eq!(a.title.as_deref(), Some("Fallback title"));
        assert_eq!(a.date.unwrap().to_string(), "2021-03-04T22:00:00Z");
        assert_eq!(a.byline.unwrap().author.as_deref(), Some("Kim Min-ji"));
        assert_eq!(a.text, "Fallback title\n\nOnly a paragraph in a div.");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#8220;x&#x201D; &bogus; & &amp"),
            "a & b <c> \u{201C}x\u{201D} &bogus; & &"
        );
        assert_eq!(
            decode_entities("&#151;&#0;&#xFFFFFFFF;"),
            "\u{2014}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(decode_entities("caf&eacute;"), "café");
    }

    #[test]
    fn hint_words() {
        assert!(word_has_hint("share-bar", "share"));
        assert!(word_has_hint("article__share", "share"));
        assert!(!word_has_hint("shareholders", "share"));
        assert!(word_has_hint("comments", "comment"));
        assert!(!word_has_hint("navy", "nav"));
    }

    #[test]
    fn broken_html_does_not_panic() {
        for s in [
            "<",
            "<p",
            "<p><",
            "</p></div>",
            "<a href='x",
            "<!--",
            "<script>",
            "<p>é<b>&#x",
            "<title>x",
        ] {
            let _ = read_html(s);
        }
    }
}
