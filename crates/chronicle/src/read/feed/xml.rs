//! XML feeds: RSS 2.0 (and 0.9x / 1.0 RDF), Atom 1.0, sitemaps, news sitemaps and sitemap
//! indexes, read in one pass with `quick-xml`. Broken markup stops the reading with its
//! line and column; the items read before it are kept.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::dates::parse_feed_date;
use super::item::{line_column, Feed, FeedError, FeedItem, FeedKind};
use crate::read::html::decode_entities;

/// Element nesting a feed may have before it is taken for an attack rather than a feed.
const MAX_DEPTH: usize = 256;

/// An element on the stack: namespace prefix and local name, both lowercase.
#[derive(Debug, Clone)]
struct Name {
    prefix: String,
    local: String,
}

impl Name {
    fn of(start: &BytesStart) -> Name {
        let qname = start.name();
        Name {
            prefix: qname
                .prefix()
                .map(|p| p.as_ref().to_ascii_lowercase())
                .unwrap_or_default(),
            local: qname.local_name().as_ref().to_ascii_lowercase(),
        }
    }

    fn is(&self, prefix: &str, local: &str) -> bool {
        self.prefix == prefix && self.local == local
    }
}

/// The item being read, and the field whose text is being collected.
struct Current {
    item: FeedItem,
    /// Stack depth of the item element.
    depth: usize,
    /// RSS `content:encoded` / Atom `content`, preferred to the description or summary.
    content: Option<String>,
}

struct Field {
    name: Name,
    /// Stack depth of the field element.
    depth: usize,
    text: String,
}

/// Reads an XML feed; `None` when the root element is no feed we know.
pub(crate) fn read_xml_feed(text: &str) -> Option<Feed> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Name> = Vec::new();
    let mut feed: Option<Feed> = None;
    let mut current: Option<Current> = None;
    let mut field: Option<Field> = None;
    let mut lines = LineCounter::default();
    loop {
        let position = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = reader.error_position() as usize;
                let (line, column) = line_column(text, at);
                let mut feed = feed.unwrap_or_else(|| Feed::new(FeedKind::Rss));
                feed.error = Some(FeedError {
                    line,
                    column,
                    message: format!("broken XML: {e}"),
                });
                return Some(feed);
            }
        };
        match event {
            Event::Start(start) if feed.is_none() => {
                feed = Some(root(&start)?);
                stack.push(Name::of(&start));
            }
            Event::Empty(start) if feed.is_none() => return root(&start),
            Event::Start(start) => {
                let Some(feed) = feed.as_mut() else { continue };
                let name = Name::of(&start);
                if stack.len() >= MAX_DEPTH {
                    let (line, column) = line_column(text, position);
                    feed.error = Some(FeedError {
                        line,
                        column,
                        message: format!("elements nested deeper than {MAX_DEPTH}"),
                    });
                    return Some(std::mem::replace(feed, Feed::new(FeedKind::Rss)));
                }
                stack.push(name.clone());
                let depth = stack.len();
                if let Some(f) = field.as_mut() {
                    if holds_markup(feed.kind, &f.name) {
                        // Markup inside a text field (Atom's xhtml): blocks become breaks.
                        if is_block(&name.local) {
                            f.text.push_str("\n\n");
                        }
                        continue;
                    }
                    // The element was a container (`channel`, `news:news`), not a field.
                    field = None;
                }
                if current.is_none() && is_item(feed.kind, &name) {
                    let line = lines.line_at(text, position);
                    current = Some(Current {
                        item: FeedItem {
                            line,
                            ..FeedItem::default()
                        },
                        depth,
                        content: None,
                    });
                    continue;
                }
                if name.local == "link" && name.prefix.is_empty() {
                    atom_link(&start, feed, current.as_mut());
                }
                if name.local == "category" {
                    if let (Some(c), Some(term)) = (current.as_mut(), attr(&start, "term")) {
                        c.item.categories.push(term);
                    }
                }
                if feed.kind == FeedKind::Atom && name.is("", "author") {
                    // A container: its `name` child is the field.
                    continue;
                }
                field = Some(Field {
                    name,
                    depth,
                    text: String::new(),
                });
            }
            Event::Empty(start) => {
                let Some(feed) = feed.as_mut() else { continue };
                let name = Name::of(&start);
                if field
                    .as_ref()
                    .is_some_and(|f| holds_markup(feed.kind, &f.name))
                {
                    if matches!(name.local.as_str(), "br" | "hr" | "img") {
                        if let Some(f) = field.as_mut() {
                            f.text.push_str("\n\n");
                        }
                    }
                    continue;
                }
                if name.local == "link" && name.prefix.is_empty() {
                    atom_link(&start, feed, current.as_mut());
                }
                if name.local == "category" {
                    if let (Some(c), Some(term)) = (current.as_mut(), attr(&start, "term")) {
                        c.item.categories.push(term);
                    }
                }
            }
            Event::Text(t) => {
                if let Some(f) = field.as_mut() {
                    f.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(f) = field.as_mut() {
                    f.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(f) = field.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => f.text.push(c),
                        _ => {
                            let name: &str = &r;
                            f.text.push_str(&resolve_entity(name));
                        }
                    }
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                let closed = stack.pop();
                let Some(feed) = feed.as_mut() else { continue };
                if field.as_ref().is_some_and(|f| f.depth == depth) {
                    if let Some(f) = field.take() {
                        let path: Vec<&Name> = stack.iter().collect();
                        store_field(feed, current.as_mut(), &path, f);
                    }
                    continue;
                }
                if current.as_ref().is_some_and(|c| c.depth == depth) {
                    if let Some(c) = current.take() {
                        let mut item = c.item;
                        if c.content.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                            item.summary = c.content;
                        }
                        if item.date.is_none() {
                            item.date = item.updated;
                        }
                        feed.items.push(item);
                    }
                }
                if stack.is_empty() && closed.is_some() {
                    // The root is closed: whatever follows is not part of the feed.
                    let done = std::mem::replace(feed, Feed::new(FeedKind::Rss));
                    return Some(done);
                }
            }
            Event::Eof => {
                let mut feed = feed?;
                if let Some(open) = stack.last() {
                    let (line, column) = line_column(text, text.len());
                    feed.error = Some(FeedError {
                        line,
                        column,
                        message: format!(
                            "broken XML: the input ends inside <{}>",
                            if open.prefix.is_empty() {
                                open.local.clone()
                            } else {
                                format!("{}:{}", open.prefix, open.local)
                            }
                        ),
                    });
                }
                return Some(feed);
            }
            _ => {}
        }
    }
}

/// Line numbers of increasing offsets, counted once (a sitemap has 50,000 items).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset >= self.offset {
            let newlines = text.as_bytes()[self.offset..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines;
            self.offset = offset;
        } else {
            return line_column(text, offset).0;
        }
        self.line + 1
    }
}

/// The feed a root element opens; `None` when it is no feed.
fn root(start: &BytesStart) -> Option<Feed> {
    let kind = match Name::of(start).local.as_str() {
        "rss" | "rdf" => FeedKind::Rss,
        "feed" => FeedKind::Atom,
        "urlset" => FeedKind::Sitemap,
        "sitemapindex" => FeedKind::SitemapIndex,
        _ => return None,
    };
    let mut feed = Feed::new(kind);
    feed.language = attr(start, "lang");
    Some(feed)
}

fn is_item(kind: FeedKind, name: &Name) -> bool {
    match kind {
        FeedKind::Rss => name.local == "item",
        FeedKind::Atom => name.local == "entry" && name.prefix.is_empty(),
        FeedKind::Sitemap => name.local == "url" && name.prefix.is_empty(),
        FeedKind::SitemapIndex => name.local == "sitemap" && name.prefix.is_empty(),
        FeedKind::JsonFeed => false,
    }
}

/// Atom text constructs, which may hold XHTML markup as child elements.
fn holds_markup(kind: FeedKind, name: &Name) -> bool {
    kind == FeedKind::Atom
        && name.prefix.is_empty()
        && matches!(
            name.local.as_str(),
            "content" | "summary" | "title" | "subtitle" | "rights"
        )
}

fn is_block(local: &str) -> bool {
    matches!(
        local,
        "p" | "div"
            | "br"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "tr"
            | "figure"
            | "figcaption"
            | "section"
    )
}

/// The value of the attribute with this local name (any prefix: `xml:lang` is `lang`).
fn attr(start: &BytesStart, local: &str) -> Option<String> {
    start.attributes().flatten().find_map(|a| {
        a.key
            .local_name()
            .as_ref()
            .eq_ignore_ascii_case(local)
            .then(|| decode_entities(&a.value).into_owned())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    })
}

/// Atom links (`<link rel="alternate" href="...">`): the item's or the feed's page.
fn atom_link(start: &BytesStart, feed: &mut Feed, current: Option<&mut Current>) {
    let Some(href) = attr(start, "href") else {
        return;
    };
    let rel = attr(start, "rel").unwrap_or_else(|| "alternate".into());
    if rel != "alternate" {
        return;
    }
    match current {
        Some(c) => {
            c.item.link.get_or_insert(href);
        }
        None => {
            feed.link.get_or_insert(href);
        }
    }
}

/// A named reference XML does not define: the five XML ones, else HTML's (feeds written by
/// hand use `&nbsp;`), else left as written.
fn resolve_entity(name: &str) -> Cow<'static, str> {
    match name {
        "lt" => "<".into(),
        "gt" => ">".into(),
        "amp" => "&".into(),
        "apos" => "'".into(),
        "quot" => "\"".into(),
        other => {
            let raw = format!("&{other};");
            decode_entities(&raw).into_owned().into()
        }
    }
}

fn clean(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Files the text of a finished field element under the item or the feed. `path` is the
/// stack above the field.
fn store_field(feed: &mut Feed, current: Option<&mut Current>, path: &[&Name], f: Field) {
    let Field { name, text, .. } = f;
    let parent = path.last().map(|n| n.local.as_str()).unwrap_or("");
    let Some(c) = current else {
        // Channel / feed level metadata.
        let at_top = matches!(parent, "channel" | "feed");
        if at_top && name.prefix.is_empty() {
            match name.local.as_str() {
                "title" => feed.title = feed.title.take().or_else(|| clean(&text)),
                "link" => feed.link = feed.link.take().or_else(|| clean(&text)),
                "language" => feed.language = feed.language.take().or_else(|| clean(&text)),
                _ => {}
            }
        }
        return;
    };
    // Direct children of the item, and the few containers feeds nest fields in (Atom's
    // `author`, news sitemaps' `news:news` and `news:publication`); not Atom's `source`.
    let direct = path.len() == c.depth;
    if !direct && !matches!(parent, "author" | "news" | "publication") {
        return;
    }
    let item = &mut c.item;
    let value = clean(&text);
    let Some(value) = value else { return };
    let in_author = parent == "author";
    match (name.prefix.as_str(), name.local.as_str()) {
        ("", "name") if in_author => item.authors.push(value),
        ("", _) if in_author => {}
        ("", "title") => item.title = Some(value),
        ("news", "title") => item.title = Some(value),
        ("", "link") | ("", "loc") => {
            item.link.get_or_insert(value);
        }
        ("", "guid") | ("", "id") => item.guid = Some(value),
        ("", "pubdate") | ("", "published") | ("dc", "date") | ("news", "publication_date") => {
            if let Some(d) = parse_feed_date(&value) {
                item.date = Some(d);
            }
        }
        ("", "updated") | ("", "lastmod") | ("dcterms", "modified") => {
            if let Some(d) = parse_feed_date(&value) {
                item.updated = Some(d);
            }
        }
        ("", "description") | ("", "summary") => item.summary = Some(value),
        ("content", "encoded") | ("", "content") => c.content = Some(value),
        ("", "author") | ("dc", "creator") => item.authors.push(value),
        ("", "category") | ("dc", "subject") => item.categories.push(value),
        ("news", "keywords") => item.categories.extend(
            value
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_string),
        ),
        ("news", "name") if parent == "publication" => item.publication = Some(value),
        ("news", "language") | ("dc", "language") => item.language = Some(value),
        _ => {}
    }
}
