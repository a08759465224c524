//! Feeds as inputs: RSS 2.0 (and 0.9x / 1.0), Atom, JSON Feed, sitemaps, news sitemaps and
//! sitemap indexes. Each item becomes an article (title, link, date, summary); broken markup
//! is reported by line and column, after the items before it.
//!
//! Feeds are told by their content (the root element, or JSON Feed's `version`), not their
//! name: [`is_feed`] looks at the first bytes. The parts: `item` (the types), `xml` (RSS,
//! Atom and sitemaps through `quick-xml`), `json` (JSON Feed), `dates` (RFC 822 and ISO
//! dates), `summary` (HTML summaries to paragraphs), `article` (an item as an article).

mod article;
mod dates;
mod item;
mod json;
mod summary;
mod xml;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

pub use article::item_article;
pub use dates::parse_feed_date;
pub use item::{Feed, FeedError, FeedItem, FeedKind};

/// Whether these first bytes (after gzip is undone) are a feed: an XML document whose root
/// is `rss`, `rdf:RDF`, `feed`, `urlset` or `sitemapindex`, or a JSON Feed.
pub fn is_feed(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(8192)]);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    if text.starts_with('{') {
        return json::looks_like_json_feed(text);
    }
    root_name(text).is_some_and(|name| {
        let local = name
            .rsplit(':')
            .next()
            .unwrap_or(&name)
            .to_ascii_lowercase();
        matches!(
            local.as_str(),
            "rss" | "rdf" | "feed" | "urlset" | "sitemapindex"
        )
    })
}

/// The name of the first element, past the XML declaration, processing instructions,
/// comments and a doctype.
fn root_name(mut text: &str) -> Option<String> {
    loop {
        text = text.trim_start();
        let rest = text.strip_prefix('<')?;
        if let Some(after) = rest.strip_prefix("!--") {
            text = &after[after.find("-->")? + 3..];
        } else if rest.starts_with('?') || rest.starts_with('!') {
            text = &rest[rest.find('>')? + 1..];
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
                .collect();
            return (!name.is_empty()).then_some(name);
        }
    }
}

/// Reads a feed already decoded to text. `None` when it is no feed at all; otherwise the
/// feed, with [`Feed::error`] set when broken markup stopped the reading.
pub fn parse_feed(text: &str) -> Option<Feed> {
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    if trimmed.starts_with('{') {
        return json::looks_like_json_feed(trimmed).then(|| json::read_json_feed(text));
    }
    xml::read_xml_feed(text)
}

/// Decodes a feed's bytes: a byte-order mark, else the XML declaration's `encoding`, else
/// UTF-8 (JSON Feed is always UTF-8). Returns the text and a warning when bytes were bad.
pub fn decode_feed(bytes: &[u8]) -> (String, Option<String>) {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((e, len)) => (e, len),
        None => (declared_encoding(bytes).unwrap_or(UTF_8), 0),
    };
    let (text, bad) = encoding.decode_without_bom_handling(&bytes[bom..]);
    let warning = bad.then(|| format!("invalid {} bytes, replaced with U+FFFD", encoding.name()));
    (text.into_owned(), warning)
}

/// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    let head = std::str::from_utf8(head)
        .ok()
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(head).into_owned());
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = &rest[1..];
    let label = &label[..label.find(quote)?];
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    // A declaration of UTF-16 on bytes without a mark is wrong: read them as UTF-8.
    (encoding != UTF_16LE && encoding != UTF_16BE).then_some(encoding)
}

#[cfg(test)]
mod tests;
