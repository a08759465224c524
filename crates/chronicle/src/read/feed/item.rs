//! What a feed is made of: the [`Feed`] with its [`FeedItem`]s, its [`FeedKind`], and the
//! [`FeedError`] that says where broken markup stopped the reading.

use crate::date::PubDate;

/// The kinds of feed Chronicle reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    /// RSS 2.0 (and RSS 0.9x / 1.0 RDF, which use the same item fields).
    Rss,
    Atom,
    /// JSON Feed 1.0 / 1.1.
    JsonFeed,
    /// A sitemap (`<urlset>`), news sitemaps included.
    Sitemap,
    /// A sitemap index (`<sitemapindex>`): its items are sitemaps, not articles.
    SitemapIndex,
}

impl FeedKind {
    pub fn name(self) -> &'static str {
        match self {
            FeedKind::Rss => "rss",
            FeedKind::Atom => "atom",
            FeedKind::JsonFeed => "jsonfeed",
            FeedKind::Sitemap => "sitemap",
            FeedKind::SitemapIndex => "sitemapindex",
        }
    }
}

/// One entry of a feed: an article (or, in a sitemap index, a sitemap).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    pub title: Option<String>,
    /// The page the item points to (`<link>`, Atom's alternate link, `<loc>`, `url`).
    pub link: Option<String>,
    /// The item's own identifier (`<guid>`, Atom `<id>`, JSON Feed `id`), when it has one.
    pub guid: Option<String>,
    /// When it was published (`pubDate`, `published`, `dc:date`, `news:publication_date`,
    /// `date_published`; else the update date).
    pub date: Option<PubDate>,
    /// When it was last changed (`updated`, `lastmod`, `date_modified`).
    pub updated: Option<PubDate>,
    /// The summary or content as the feed gives it: HTML or plain text.
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    pub language: Option<String>,
    /// The publication that issued it (news sitemaps' `news:publication/news:name`).
    pub publication: Option<String>,
    /// Where the item starts in the input (1-based line), for messages.
    pub line: usize,
}

/// A feed as read: its own metadata, its items, and the error that stopped reading, if any
/// (the items before it are kept).
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub kind: FeedKind,
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub link: Option<String>,
    pub language: Option<String>,
    pub items: Vec<FeedItem>,
    pub error: Option<FeedError>,
}

impl Feed {
    pub(crate) fn new(kind: FeedKind) -> Feed {
        Feed {
            kind,
            title: None,
            link: None,
            language: None,
            items: Vec::new(),
            error: None,
        }
    }
}

/// Broken feed markup: what, and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
