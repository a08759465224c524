//! Feeds written for these tests (no text from elsewhere).

use std::io::Write;

use super::*;
use crate::read::{read_bytes, Format, ReadOptions};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>The Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <atom:link href="https://gazette.example/feed" rel="self"/>
  <language>en-gb</language>
  <item>
    <title>Ferry service resumes after storm</title>
    <link>https://gazette.example/2026/12/ferry</link>
    <guid isPermaLink="false">gz-1001</guid>
    <pubDate>Mon, 07 Dec 2026 08:15:00 +0000</pubDate>
    <dc:creator>Ana Silva</dc:creator>
    <category>Transport</category>
    <description>&lt;p&gt;The ferry to the islands sailed again on Monday &amp;amp; was full.&lt;/p&gt;&lt;p&gt;Crews had waited three days.&lt;/p&gt;</description>
  </item>
  <item>
    <title><![CDATA[Council votes on <harbour> budget]]></title>
    <link>https://gazette.example/2026/12/budget</link>
    <dc:date>2026-12-06T17:00:00+01:00</dc:date>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The council approved the budget by 9 votes to 4.</p><p>Work starts in March.</p>]]></content:encoded>
  </item>
  <item>
    <title>Undated note</title>
    <description>No link and no date &#8212; still an article.</description>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_items_become_articles() {
    let feed = parse_feed(RSS).unwrap();
    assert_eq!(feed.kind, FeedKind::Rss);
    assert_eq!(feed.title.as_deref(), Some("The Harbour Gazette"));
    assert_eq!(feed.link.as_deref(), Some("https://gazette.example/"));
    assert_eq!(feed.error, None);
    assert_eq!(feed.items.len(), 3);
    let first = &feed.items[0];
    assert_eq!(first.guid.as_deref(), Some("gz-1001"));
    assert_eq!(first.authors, ["Ana Silva"]);
    assert_eq!(first.categories, ["Transport"]);
    assert_eq!(first.line, 9);
    let a = item_article(&feed, first);
    assert_eq!(a.id, "https://gazette.example/2026/12/ferry");
    assert_eq!(
        a.url.as_deref(),
        Some("https://gazette.example/2026/12/ferry")
    );
    assert_eq!(a.date.unwrap().to_string(), "2026-12-07T08:15:00Z");
    assert_eq!(a.source.as_deref(), Some("The Harbour Gazette"));
    assert_eq!(
        a.byline.as_ref().unwrap().author.as_deref(),
        Some("Ana Silva")
    );
    assert_eq!(
        a.text,
        "Ferry service resumes after storm\n\nThe ferry to the islands sailed again on Monday & was full.\n\nCrews had waited three days."
    );
    assert_eq!(a.paragraphs.len(), 3);
    assert_eq!(a.meta["language"], "en-gb");
    assert!(a.validate().is_ok());
    // content:encoded wins over the teaser; CDATA titles are text.
    let b = item_article(&feed, &feed.items[1]);
    assert_eq!(
        b.title.as_deref(),
        Some("Council votes on <harbour> budget")
    );
    assert_eq!(
        b.text,
        "Council votes on <harbour> budget\n\nThe council approved the budget by 9 votes to 4.\n\nWork starts in March."
    );
    assert_eq!(b.date.unwrap().to_string(), "2026-12-06T17:00:00+01:00");
    let c = item_article(&feed, &feed.items[2]);
    assert!(c
        .text
        .ends_with("No link and no date \u{2014} still an article."));
    assert_eq!(c.url, None);
    assert_eq!(c.id, crate::doc::content_id(&c.text));
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Quotidien Exemple</title>
  <link href="https://quotidien.example/" rel="alternate"/>
  <link href="https://quotidien.example/atom" rel="self"/>
  <entry>
    <title type="html">Gr&#232;ve &amp;amp; n&#233;gociations</title>
    <link rel="self" href="https://quotidien.example/api/1"/>
    <link rel="alternate" type="text/html" href="https://quotidien.example/a/1"/>
    <id>tag:quotidien.example,2026:1</id>
    <published>2026-12-05T10:00:00+01:00</published>
    <updated>2026-12-05T12:30:00+01:00</updated>
    <author><name>Claire Martin</name><email>cm@quotidien.example</email></author>
    <author><name>Luc Bernard</name></author>
    <category term="social"/>
    <summary>Les syndicats rencontrent le ministre.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Les syndicats ont rencontr&#233; le ministre vendredi.</p><p>Un accord est attendu.</p></div></content>
    <source><title>Another feed entirely</title></source>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://quotidien.example/a/2"/>
    <id>tag:quotidien.example,2026:2</id>
    <updated>2026-12-04</updated>
  </entry>
</feed>"#;

#[test]
fn atom_entries() {
    let feed = parse_feed(ATOM).unwrap();
    assert_eq!(feed.kind, FeedKind::Atom);
    assert_eq!(feed.link.as_deref(), Some("https://quotidien.example/"));
    assert_eq!(feed.language.as_deref(), Some("fr"));
    assert_eq!(feed.items.len(), 2);
    let e = &feed.items[0];
    assert_eq!(e.link.as_deref(), Some("https://quotidien.example/a/1"));
    assert_eq!(e.title.as_deref(), Some("Grève &amp; négociations"));
    assert_eq!(e.authors, ["Claire Martin", "Luc Bernard"]);
    assert_eq!(e.categories, ["social"]);
    assert_eq!(e.date.unwrap().to_string(), "2026-12-05T10:00:00+01:00");
    assert_eq!(e.updated.unwrap().to_string(), "2026-12-05T12:30:00+01:00");
    let a = item_article(&feed, e);
    // type="html": the title's markup is decoded once more.
    assert_eq!(a.title.as_deref(), Some("Grève & négociations"));
    assert!(a
        .text
        .ends_with("Les syndicats ont rencontré le ministre vendredi.\n\nUn accord est attendu."));
    assert_eq!(a.meta["authors"][1], "Luc Bernard");
    let second = &feed.items[1];
    assert_eq!(
        second.link.as_deref(),
        Some("https://quotidien.example/a/2")
    );
    assert_eq!(second.date.unwrap().to_string(), "2026-12-04");
}

const JSON_FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Valley Wire",
  "home_page_url": "https://valley.example/",
  "items": [
    {"id": "1", "url": "https://valley.example/dam", "title": "Dam inspection passes",
     "content_html": "<p>Engineers found no cracks.</p>", "date_published": "2026-12-01T09:00:00-05:00",
     "authors": [{"name": "R. Okafor"}], "tags": ["water"]},
    {"id": 2, "content_text": "A bare note without a title.", "date_modified": "2026-12-02"},
    "not an item"
  ]
}"#;

#[test]
fn json_feed_items() {
    assert!(is_feed(JSON_FEED.as_bytes()));
    let feed = parse_feed(JSON_FEED).unwrap();
    assert_eq!(feed.kind, FeedKind::JsonFeed);
    assert_eq!(feed.items.len(), 2);
    let a = item_article(&feed, &feed.items[0]);
    assert_eq!(
        a.text,
        "Dam inspection passes\n\nEngineers found no cracks."
    );
    assert_eq!(a.date.unwrap().to_string(), "2026-12-01T09:00:00-05:00");
    assert_eq!(a.byline.unwrap().author.as_deref(), Some("R. Okafor"));
    assert_eq!(feed.items[1].guid.as_deref(), Some("2"));
    assert_eq!(feed.items[1].date.unwrap().to_string(), "2026-12-02");
    let broken =
        parse_feed("{\"version\": \"https://jsonfeed.org/version/1\",\n \"items\": [}").unwrap();
    let e = broken.error.unwrap();
    assert_eq!((e.line, e.column), (2, 12));
    // Other JSON is no feed.
    assert!(!is_feed(b"{\"text\": \"hello\"}"));
    assert!(parse_feed("{\"text\": 1}").is_none());
}

const NEWS_SITEMAP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://tribune.example/world/summit-ends</loc>
    <lastmod>2026-12-07T11:00:00Z</lastmod>
    <news:news>
      <news:publication><news:name>The Example Tribune</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-12-07T06:00:00Z</news:publication_date>
      <news:title>Summit ends with joint statement</news:title>
      <news:keywords>summit, diplomacy</news:keywords>
    </news:news>
  </url>
  <url><loc>https://tribune.example/about</loc><lastmod>2025-01-01</lastmod></url>
</urlset>"#;

#[test]
fn sitemaps_and_news_sitemaps() {
    let feed = parse_feed(NEWS_SITEMAP).unwrap();
    assert_eq!(feed.kind, FeedKind::Sitemap);
    assert_eq!(feed.items.len(), 2);
    let news = &feed.items[0];
    assert_eq!(
        news.title.as_deref(),
        Some("Summit ends with joint statement")
    );
    assert_eq!(news.publication.as_deref(), Some("The Example Tribune"));
    assert_eq!(news.language.as_deref(), Some("en"));
    assert_eq!(news.categories, ["summit", "diplomacy"]);
    assert_eq!(news.date.unwrap().to_string(), "2026-12-07T06:00:00Z");
    assert_eq!(news.updated.unwrap().to_string(), "2026-12-07T11:00:00Z");
    let plain = &feed.items[1];
    assert_eq!(plain.link.as_deref(), Some("https://tribune.example/about"));
    assert_eq!(plain.date.unwrap().to_string(), "2025-01-01");
    let a = item_article(&feed, news);
    assert_eq!(a.source.as_deref(), Some("The Example Tribune"));
    assert_eq!(a.text, "Summit ends with joint statement");

    let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://tribune.example/sitemap-news.xml.gz</loc><lastmod>2026-12-07</lastmod></sitemap>
<sitemap><loc>https://tribune.example/sitemap-2026.xml</loc></sitemap></sitemapindex>"#;
    let feed = parse_feed(index).unwrap();
    assert_eq!(feed.kind, FeedKind::SitemapIndex);
    let locs: Vec<_> = feed
        .items
        .iter()
        .filter_map(|i| i.link.as_deref())
        .collect();
    assert_eq!(
        locs,
        [
            "https://tribune.example/sitemap-news.xml.gz",
            "https://tribune.example/sitemap-2026.xml"
        ]
    );
}

#[test]
fn broken_xml_is_placed_and_earlier_items_kept() {
    let text = "<rss><channel>\n<item><title>Fine</title><link>https://x.example/1</link></item>\n<item><title>Broken</titel></item>\n</channel></rss>";
    let feed = parse_feed(text).unwrap();
    assert_eq!(feed.items.len(), 1);
    let e = feed.error.unwrap();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("broken XML"), "{e}");
    let truncated = parse_feed("<rss><channel><item><title>Cut</title>").unwrap();
    let e = truncated.error.unwrap();
    assert!(e.message.contains("ends inside <item>"), "{e}");
    // Through the reader: the item, then the error with file, line and column.
    let items = read_bytes("news.rss", text.as_bytes(), &ReadOptions::default());
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].as_ref().unwrap().origin(),
        "news.rss:item 1 (line 2)"
    );
    let err = items[1].as_ref().unwrap_err().to_string();
    assert!(err.starts_with("news.rss:3:"), "{err}");
}

#[test]
fn feeds_are_told_by_content() {
    assert!(is_feed(RSS.as_bytes()));
    assert!(is_feed(ATOM.as_bytes()));
    assert!(is_feed(NEWS_SITEMAP.as_bytes()));
    assert!(is_feed(
        b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- made by hand -->\n<?xml-stylesheet href='s.xsl'?>\n<rdf:RDF xmlns:rdf='x'>"
    ));
    assert!(!is_feed(b"<!DOCTYPE html><html><body>"));
    assert!(!is_feed(b"<?xml version='1.0'?><TimeML>"));
    assert!(!is_feed(b"plain words"));
    assert_eq!(Format::sniff(RSS.as_bytes()), Format::Feed);
    // A feed named .html or .json is still read as a feed.
    let items = read_bytes("page.html", RSS.as_bytes(), &ReadOptions::default());
    assert_eq!(items.len(), 3);
    let items = read_bytes("wire.json", JSON_FEED.as_bytes(), &ReadOptions::default());
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i.is_ok()));
}

#[test]
fn gzipped_feeds_and_sitemap_entries_without_text() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(NEWS_SITEMAP.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let items = read_bytes("sitemap.xml.gz", &bytes, &ReadOptions::default());
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].as_ref().unwrap().article.title.as_deref(),
        Some("Summit ends with joint statement")
    );
    // The plain entry has no text: skipped, not failed.
    let skipped = items[1].as_ref().unwrap_err();
    assert!(!skipped.is_failure(), "{skipped}");
}

#[test]
fn declared_encodings() {
    let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf\xE9 in M\xFCnchen</title></item></channel></rss>";
    let (text, warning) = decode_feed(latin1);
    assert_eq!(warning, None);
    let feed = parse_feed(&text).unwrap();
    assert_eq!(feed.items[0].title.as_deref(), Some("Café in München"));
    let (_, warning) = decode_feed(b"<rss>\xFF</rss>");
    assert!(warning.unwrap().contains("UTF-8"));
}

#[test]
fn hostile_input_does_not_panic() {
    let deep = "<rss>".to_string() + &"<a>".repeat(10_000);
    assert!(parse_feed(&deep).unwrap().error.is_some());
    for s in [
        "<rss",
        "<rss>",
        "<feed><entry><link href='",
        "<urlset><url><loc>&bogus;</loc></url></urlset>",
        "<rss><channel><item><title>&#xD800;</title></item></channel></rss>",
        "<rss/>",
        "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"url\":5}]}",
    ] {
        if let Some(feed) = parse_feed(s) {
            for item in &feed.items {
                assert!(item_article(&feed, item).validate().is_ok());
            }
        }
    }
}
