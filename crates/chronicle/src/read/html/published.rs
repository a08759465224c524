//! When a page was published and last modified, and where that was read.
//!
//! In order: publication metadata (`article:published_time` and its kin, `itemprop=
//! datePublished`), JSON-LD `datePublished` (`dateCreated`), a `<time>` marked as the
//! publication or the first in the article, a date line near the headline, a full date in
//! the URL, generic date metadata (`date`, `DC.date`), and last the modification date. A date
//! in the URL is fixed at first publication, so it wins over metadata that is up to a month
//! later (a republication or an edit stamped as publication).

use crate::date::PubDate;

use super::blocks::{BlockKind, Page};
use super::dates::{find_date, parse_meta_date, url_date};
use super::meta::json_ld_find;

/// Publication metadata, strongest first (keys lower-cased as the walk stores them).
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "vr:published-time",
    "cxenseparse:publishtime",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dcterms.issued",
    "og:release_date",
];

/// Date metadata that is often, not always, the publication.
const GENERIC_KEYS: &[&str] = &[
    "date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
];

/// Where a page's publication date was read (`date_source` in the article's metadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DateSource {
    /// A `<meta>` (its name or property).
    Meta(String),
    /// A JSON-LD field.
    JsonLd(&'static str),
    /// A `<time datetime>` element.
    Time,
    /// A date line near the headline.
    Text,
    Url,
    /// Only the modification date was given.
    Modified,
}

impl DateSource {
    pub(super) fn label(&self) -> String {
        match self {
            DateSource::Meta(key) => format!("meta:{key}"),
            DateSource::JsonLd(key) => format!("json-ld:{key}"),
            DateSource::Time => "time".into(),
            DateSource::Text => "text".into(),
            DateSource::Url => "url".into(),
            DateSource::Modified => "modified".into(),
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct PageDates {
    pub(super) published: Option<(PubDate, DateSource)>,
    pub(super) modified: Option<PubDate>,
}

/// The page's dates; `url` is its address (given, `og:url` or canonical), `anchor` the first
/// block of the main text (where to look for a visible date line when there is no headline).
pub(super) fn page_dates(page: &Page, url: Option<&str>, anchor: Option<usize>) -> PageDates {
    let meta_date = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            page.meta
                .get(*k)
                .and_then(|v| parse_meta_date(v))
                .map(|d| (d, DateSource::Meta((*k).to_string())))
        })
    };
    let ld_date = |key: &'static str| {
        json_ld_find(&page.json_ld, key)
            .and_then(|v| v.as_str())
            .and_then(parse_meta_date)
            .map(|d| (d, DateSource::JsonLd(key)))
    };
    let modified = meta_date(MODIFIED_KEYS)
        .or_else(|| ld_date("dateModified"))
        .map(|(d, _)| d);
    let strong = meta_date(PUBLISHED_KEYS)
        .or_else(|| ld_date("datePublished"))
        .or_else(|| ld_date("dateCreated"))
        .or_else(|| {
            page.time_pub
                .as_deref()
                .and_then(parse_meta_date)
                .map(|d| (d, DateSource::Time))
        });
    let from_url = url.and_then(url_date);
    let published = match (strong, from_url) {
        (Some((d, _)), Some(u)) if (1..=31).contains(&(d.date.to_days() - u.to_days())) => {
            Some((PubDate::day(u), DateSource::Url))
        }
        (Some(found), _) => Some(found),
        (None, _) => visible_date(page, anchor)
            .map(|d| (d, DateSource::Text))
            .or_else(|| from_url.map(|u| (PubDate::day(u), DateSource::Url)))
            .or_else(|| meta_date(GENERIC_KEYS))
            .or_else(|| modified.map(|d| (d, DateSource::Modified))),
    };
    PageDates {
        published,
        modified,
    }
}

/// A date in the short lines around the headline (or, without one, around the start of the
/// main text), or opening the paragraph right there ("Karlsruhe, (12.11.2021). ...").
fn visible_date(page: &Page, anchor: Option<usize>) -> Option<PubDate> {
    let h1 = page
        .blocks
        .iter()
        .position(|b| b.kind == BlockKind::H1 && b.text.len() >= 10);
    let at = h1.or(anchor)?;
    let from = at.saturating_sub(5);
    let to = (at + 7).min(page.blocks.len());
    // Nearest first: the headline's own neighbours before lines further away.
    let mut order: Vec<usize> = (from..to).collect();
    order.sort_by_key(|&i| (i as isize - at as isize).unsigned_abs());
    order.into_iter().find_map(|i| {
        let text = &page.blocks[i].text;
        if text.len() <= 160 {
            find_date(text)
        } else {
            let head: String = text.chars().take(40).collect();
            find_date(&head)
        }
    })
}
