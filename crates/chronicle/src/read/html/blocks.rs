//! The page walk: one pass over the tags, tracking boilerplate and article containers on
//! a stack, collecting text blocks (paragraphs, headings, list items, quotes, captions,
//! prose-like divs) and the page's metadata.

use std::collections::HashMap;

use super::boilerplate::{furniture_of, is_content_marker, Furniture};
use super::entities::decode_entities;
use super::scan::{find_end_tag, parse_tag, RAW_TEXT, VOID};

/// What one pass over a page found: metadata and text blocks in document order.
#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) title_tag: Option<String>,
    /// `<html lang>`.
    pub(super) lang: Option<String>,
    pub(super) meta: HashMap<String, String>,
    pub(super) canonical: Option<String>,
    pub(super) json_ld: Vec<serde_json::Value>,
    pub(super) time_pub: Option<String>,
    pub(super) time_pub_marked: bool,
    pub(super) blocks: Vec<Block>,
    /// Every element opened in the body, in document order; blocks point into it.
    pub(super) elems: Vec<Elem>,
}

/// One element of the page: enough of the tree for choosing the article's container.
#[derive(Debug)]
pub(super) struct Elem {
    pub(super) name: String,
    pub(super) parent: Option<usize>,
    /// Marked as furniture by its tag, role, class or id, or hidden (decided against the
    /// text it holds once the page is read: see `extract`).
    pub(super) furniture: bool,
    /// Furniture only by a class/id part or as a `<form>` (`Furniture::Hinted`).
    pub(super) hinted: bool,
    /// An article container by tag or hint (`<article>`, `itemprop=articleBody`, ...).
    pub(super) content: bool,
    /// Class and id, lower-cased, for the container score.
    pub(super) hints: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    P,
    H1,
    H,
    Li,
    Quote,
    Caption,
    Div,
}

#[derive(Debug)]
pub(super) struct Block {
    pub(super) text: String,
    pub(super) kind: BlockKind,
    pub(super) link_chars: usize,
    /// The innermost element holding the block's text (an index into `Page::elems`).
    pub(super) elem: usize,
}

pub(super) struct Open {
    name: String,
    idx: usize,
    block: Option<BlockKind>,
}

pub(super) fn block_kind(name: &str) -> Option<BlockKind> {
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

pub(super) struct Collector {
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

pub(super) fn parse_page(html: &str) -> Page {
    let mut page = Page::default();
    // Element 0 is the document itself: text outside every element belongs to it.
    page.elems.push(Elem {
        name: "#document".into(),
        parent: None,
        furniture: false,
        hinted: false,
        content: false,
        hints: String::new(),
    });
    let mut stack: Vec<Open> = Vec::new();
    let mut open_counts: HashMap<String, usize> = HashMap::new();
    let mut content_depth = 0usize;
    let mut link_depth = 0usize;
    let mut in_title = false;
    let mut title_buf = String::new();
    let mut col = Collector {
        buf: String::new(),
        link_chars: 0,
    };

    let flush = |col: &mut Collector, page: &mut Page, kind: Option<BlockKind>, elem: usize| {
        let text = col.buf.trim();
        if !text.is_empty() {
            page.blocks.push(Block {
                text: text.to_string(),
                kind: kind.unwrap_or(BlockKind::Div),
                link_chars: col.link_chars,
                elem,
            });
        }
        col.buf.clear();
        col.link_chars = 0;
    };
    // The block kind and element of text collected now: the innermost open block's kind.
    let innermost = |stack: &[Open]| -> (Option<BlockKind>, usize) {
        (
            stack.iter().rev().find_map(|o| o.block),
            stack.last().map_or(0, |o| o.idx),
        )
    };

    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = html[i..].find('<') else {
            col.push_text(&html[i..], link_depth > 0);
            break;
        };
        let lt = i + off;
        if lt > i {
            let text = &html[i..lt];
            if in_title {
                title_buf.push_str(text);
            } else {
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
            if !in_title {
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
            "html" if !tag.closing && page.lang.is_none() => {
                page.lang = tag
                    .attr("lang")
                    .or_else(|| tag.attr("xml:lang"))
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && l.len() <= 35)
                    .map(str::to_string);
            }
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
                    let first_in_article = page.time_pub.is_none() && content_depth > 0;
                    if (published && !page.time_pub_marked) || first_in_article {
                        page.time_pub = Some(dt.to_string());
                        page.time_pub_marked |= published;
                    }
                }
            }
            _ => {}
        }
        if name == "br" {
            col.push_text(" ", link_depth > 0);
            continue;
        }
        if tag.closing {
            if open_counts.get(name).copied().unwrap_or(0) == 0 {
                continue; // a stray end tag
            }
            while let Some(open) = stack.pop() {
                if open.block.is_some() {
                    let kind = open.block.or_else(|| innermost(&stack).0);
                    flush(&mut col, &mut page, kind, open.idx);
                }
                close(
                    &open,
                    &page.elems,
                    &mut open_counts,
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
            if block_kind(name).is_some() {
                let (kind, elem) = innermost(&stack);
                flush(&mut col, &mut page, kind, elem);
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
                        let kind = open.block.or_else(|| innermost(&stack).0);
                        flush(&mut col, &mut page, kind, open.idx);
                        close(
                            &open,
                            &page.elems,
                            &mut open_counts,
                            &mut content_depth,
                            &mut link_depth,
                        );
                    }
                }
            }
            let (kind, elem) = innermost(&stack);
            flush(&mut col, &mut page, kind, elem);
        }
        let idx = page.elems.len();
        let hints = format!(
            "{} {}",
            tag.attr("class").unwrap_or(""),
            tag.attr("id").unwrap_or("")
        )
        .trim()
        .to_ascii_lowercase();
        let furniture = furniture_of(&tag, content_depth > 0);
        let elem = Elem {
            name: tag.name.clone(),
            parent: Some(stack.last().map_or(0, |o| o.idx)),
            furniture: furniture != Furniture::No,
            hinted: furniture == Furniture::Hinted,
            content: is_content_marker(&tag),
            hints,
        };
        if elem.content {
            content_depth += 1;
        }
        if name == "a" {
            link_depth += 1;
        }
        page.elems.push(elem);
        *open_counts.entry(tag.name.clone()).or_insert(0) += 1;
        stack.push(Open {
            name: tag.name,
            idx,
            block: kind,
        });
    }
    let (kind, elem) = innermost(&stack);
    flush(&mut col, &mut page, kind, elem);
    page
}

pub(super) fn close(
    open: &Open,
    elems: &[Elem],
    counts: &mut HashMap<String, usize>,
    content_depth: &mut usize,
    link_depth: &mut usize,
) {
    if let Some(c) = counts.get_mut(&open.name) {
        *c = c.saturating_sub(1);
    }
    if elems.get(open.idx).is_some_and(|e| e.content) {
        *content_depth = content_depth.saturating_sub(1);
    }
    if open.name == "a" {
        *link_depth = link_depth.saturating_sub(1);
    }
}
