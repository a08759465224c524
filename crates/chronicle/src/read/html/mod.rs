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
//!
//! The parts: `scan` (tags, attributes, raw-text ends), `entities` (character references),
//! `boilerplate` (what is page furniture and what is the article's container), `blocks`
//! (the walk that collects text blocks and metadata into a `Page`), `meta` (dates,
//! JSON-LD, the declared charset) and `build` (the article from a page).

mod blocks;
mod boilerplate;
mod build;
mod dates;
mod entities;
mod extract;
mod meta;
mod published;
mod scan;

use crate::doc::Article;

pub use entities::decode_entities;
pub(crate) use meta::{charset_param, declared_charset};

use blocks::parse_page;
use build::build_article;

/// Reads an HTML page into an article.
pub fn read_html(html: &str) -> Article {
    let page = parse_page(html);
    build_article(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::ParagraphKind;

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

    const STORY: &str = "<p>The council voted on Tuesday to close the old bridge, which has carried traffic across the river since 1921, for repairs that will last two years.</p>\
<p>Engineers said the steel frame, the deck and the supports all need work, and that the cost, about four million, will be shared by the city and the region.</p>\
<p>Drivers will be sent over the northern crossing, which adds ten minutes to most trips, while buses keep a lane of their own.</p>";

    #[test]
    fn furniture_hints_never_hide_the_page() {
        // A layout class on <body>, an ASP.NET form around everything, a "menu" wrapper
        // that holds the story: the story stays.
        for (open, close) in [
            ("<body class=\"one-sidebar page-node\">", "</body>"),
            ("<body><form id=\"aspnetForm\">", "</form></body>"),
            ("<body><div class=\"menu-wrapper\">", "</div></body>"),
        ] {
            let page = format!(
                "<html>{open}<nav><a href=/>Home</a> <a href=/a>About us</a></nav><div>{STORY}</div>\
                 <div class=sidebar><p>Something on the side that is long enough to count, with words.</p></div>{close}</html>"
            );
            let a = read_html(&page);
            assert!(
                a.text.contains("close the old bridge"),
                "{open}: {:?}",
                a.text
            );
            assert!(a.text.contains("northern crossing"), "{open}");
            assert!(!a.text.contains("on the side"), "{open}: {:?}", a.text);
        }
    }

    #[test]
    fn teasers_dropped_tables_lists_and_headings_kept() {
        let page = format!(
            "<html><body><article><h1>Bridge to close</h1>{STORY}\
             <h2>What changes</h2><table><tr><td>Route 4</td><td>detour</td></tr></table>\
             <ul><li>Buses: own lane</li><li>Bikes: ferry</li></ul></article>\
             <div class=more-stories><h3><a href=/x>Another story about a different town</a></h3>\
             <p><a href=/y>A teaser paragraph that links to a different story entirely</a></p></div>\
             </body></html>"
        );
        let a = read_html(&page);
        for kept in [
            "What changes",
            "Route 4",
            "detour",
            "Buses: own lane",
            "Bikes: ferry",
        ] {
            assert!(a.text.contains(kept), "{kept}: {:?}", a.text);
        }
        assert!(!a.text.contains("Another story"), "{:?}", a.text);
        assert!(!a.text.contains("A teaser"), "{:?}", a.text);
    }

    #[test]
    fn headings_after_the_last_paragraph_dropped() {
        let page = format!(
            "<html><body><article><h1>Bridge to close</h1><h2>The plan</h2>{STORY}\
             <h3>Kontakt</h3><p>Pressestelle der Stadt</p><h3>Mehr zum Thema</h3></article></body></html>"
        );
        let a = read_html(&page);
        assert!(a.text.contains("The plan"), "{:?}", a.text);
        assert!(a.text.contains("Pressestelle der Stadt"), "{:?}", a.text);
        assert!(!a.text.contains("Kontakt"), "{:?}", a.text);
        assert!(!a.text.contains("Mehr zum Thema"), "{:?}", a.text);

        // Label lines after the story: gone; the same kind of line inside the story: kept.
        let page = format!(
            "<html><body><article><h1>Bridge to close</h1><p>What did the council decide?</p>{STORY}\
             <p>Schon gelesen?</p><p>Kontakt:</p></article></body></html>"
        );
        let a = read_html(&page);
        assert!(
            a.text.contains("What did the council decide?"),
            "{:?}",
            a.text
        );
        assert!(!a.text.contains("Schon gelesen"), "{:?}", a.text);
        assert!(!a.text.contains("Kontakt:"), "{:?}", a.text);
    }

    #[test]
    fn story_wrapper_named_like_furniture_kept() {
        // The story's body box carries a furniture word (a theme's "share" or a paywall
        // script's class) and a <form> wraps a product text; a real share bar and a
        // newsletter form in the same article stay out.
        for (open, close) in [
            ("<div class=\"entry themeform share\">", "</div>"),
            ("<div class=\"entry-body paywall-box\">", "</div>"),
            ("<form class=\"product-form\" method=post>", "</form>"),
        ] {
            let page = format!(
                "<html><body><div class=wrap><article><h1>Bridge to close</h1>{open}{STORY}{close}\
                 <div class=share-bar><p>Share this on the networks you use every day, please.</p></div>\
                 <form class=signup><p>Our weekly letter with the news from the town hall and more.</p></form>\
                 </article></div><div class=col><p>A box beside the story with some words in it, long enough.</p></div>\
                 </body></html>"
            );
            let a = read_html(&page);
            assert!(
                a.text.contains("close the old bridge"),
                "{open}: {:?}",
                a.text
            );
            assert!(a.text.contains("northern crossing"), "{open}: {:?}", a.text);
            assert!(!a.text.contains("Share this"), "{open}: {:?}", a.text);
            assert!(!a.text.contains("weekly letter"), "{open}: {:?}", a.text);
        }
    }

    #[test]
    fn lead_above_the_container_kept_by_the_page_summary() {
        let page = format!(
            "<html><head><meta property=\"og:description\" content=\"The old bridge closes for \
             two years of repairs, the council decided on Tuesday.\"></head><body>\
             <div class=head-box><h1>Bridge to close</h1><p class=intro>The old bridge closes for \
             two years of repairs, the council decided on Tuesday.</p><p class=kicker><a href=/town>Town hall notes \
             from the city desk</a></p></div>\
             <div class=story-main>{STORY}</div><div class=more><p>Another town's council also met \
             on Tuesday to talk about its roads.</p></div></body></html>"
        );
        let a = read_html(&page);
        let bodies: Vec<&str> = a
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Body)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(bodies.len(), 4, "{bodies:?}");
        assert!(bodies[0].starts_with("The old bridge closes"), "{bodies:?}");
        assert!(bodies[1].starts_with("The council voted"), "{bodies:?}");
        assert!(!a.text.contains("Town hall notes"), "{:?}", a.text);
        assert!(!a.text.contains("Another town"), "{:?}", a.text);

        // The lead already in the container is not added twice; a summary that is no block
        // of the page adds nothing.
        for summary in [
            "The council voted on Tuesday to close the old bridge, which has carried traffic",
            "A summary written for search engines only, found nowhere in the page itself.",
        ] {
            let page = format!(
                "<html><head><meta name=description content=\"{summary}\"></head><body>\
                 <article><h1>Bridge to close</h1>{STORY}</article></body></html>"
            );
            let a = read_html(&page);
            assert_eq!(
                a.text.matches("The council voted").count(),
                1,
                "{:?}",
                a.text
            );
            assert!(!a.text.contains("search engines"), "{:?}", a.text);
        }
    }

    #[test]
    fn lead_matched_across_quote_marks() {
        let page = format!(
            "<html><head><meta property=\"og:description\" content=\"The mayor&#039;s plan: \
             the old bridge closes for two years of repairs, the council decided.\"></head><body>\
             <div class=head-box><h1>Bridge to close</h1><p>The mayor&#8217;s plan: the old bridge \
             closes for two years of repairs, the council decided.</p></div>\
             <div class=story-main>{STORY}</div></body></html>"
        );
        let a = read_html(&page);
        assert!(a.text.contains("The mayor\u{2019}s plan"), "{:?}", a.text);
    }

    #[test]
    fn page_without_text_gets_its_summary() {
        // A video page: a title, a login dialog, and the summary in the metadata only (the
        // dialog, the page's only text, stays: no element holding most of the text is hidden).
        let video = |body: &str| {
            format!(
                "<html><head><meta property=\"og:description\" content=\"Divers cleaned the harbour \
                 floor on Saturday and brought up two bicycles and a safe.\"></head><body>\
                 <h1>Harbour clean-up</h1><div class=video-player></div>\
                 <dialog><p>Log in to watch this video and to keep your place in it.</p></dialog>{body}\
                 </body></html>"
            )
        };
        let a = read_html(&video(""));
        assert!(
            a.text.contains("Divers cleaned the harbour"),
            "{:?}",
            a.text
        );
        // With a story on the page, the summary is not added.
        let a = read_html(&video(&format!("<article>{STORY}</article>")));
        assert!(a.text.contains("close the old bridge"), "{:?}", a.text);
        assert!(!a.text.contains("Divers cleaned"), "{:?}", a.text);
    }

    #[test]
    fn bare_labels_dropped_unless_a_list_follows() {
        let page = format!(
            "<html><body><article><h1>Bridge to close</h1>{STORY}\
             <p>Detours:</p><ul><li>Route 4 north</li><li>The ferry</li></ul>\
             <p>Weitere Informationen:</p><p>The works are part of a plan the region adopted in \
             spring for every bridge older than a century.</p></article></body></html>"
        );
        let a = read_html(&page);
        assert!(!a.text.contains("Weitere Informationen"), "{:?}", a.text);
        assert!(a.text.contains("older than a century"), "{:?}", a.text);
        assert!(a.text.contains("Detours:"), "{:?}", a.text);
        assert!(a.text.contains("The ferry"), "{:?}", a.text);
    }

    #[test]
    fn page_metadata_and_date_sources() {
        let a = read_html(PAGE);
        let meta = |k: &str| a.meta.get(k).cloned().unwrap_or_default();
        assert_eq!(meta("date_source"), "meta:article:published_time");
        assert_eq!(meta("canonical_url"), "https://example.org/news/1");
        assert_eq!(meta("site_name"), "The Daily Example");
        assert_eq!(meta("language"), "en");
        assert_eq!(meta("authors"), serde_json::json!(["Jane Doe"]));

        let ld = r#"<html lang="de-AT"><head><link rel="canonical" href="https://ex.at/a/7">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-04T22:00:00+01:00",
"dateModified":"2021-03-06T08:00:00+01:00","author":[{"@type":"Person","name":"Anna Berger"},
{"@type":"Person","name":" Karl  Huber "}],"publisher":{"@type":"Organization","name":"Ex Zeitung"}}</script>
</head><body><p>Ein Absatz, der lang genug ist, um als Text zu gelten, mit Kommas, und mehr.</p></body></html>"#;
        let a = read_html(ld);
        assert_eq!(a.date.unwrap().to_string(), "2021-03-04T22:00:00+01:00");
        assert_eq!(a.meta["date_source"], "json-ld:datePublished");
        assert_eq!(a.meta["date_modified"], "2021-03-06T08:00:00+01:00");
        assert_eq!(
            a.meta["authors"],
            serde_json::json!(["Anna Berger", "Karl Huber"])
        );
        assert_eq!(a.meta["site_name"], "Ex Zeitung");
        assert_eq!(a.meta["language"], "de-AT");
        assert_eq!(a.byline.unwrap().author.as_deref(), Some("Anna Berger"));

        // A visible date line under the headline; a URL date; a modification date only.
        let page = |head: &str, body: &str| {
            format!("<html><head>{head}</head><body><article><h1>Die Br\u{fc}cke wird gesperrt</h1>{body}\
                     <p>Die Stadt sperrt die alte Br\u{fc}cke ab Montag, f\u{fc}r zwei Jahre, sagte der Rat.</p></article></body></html>")
        };
        let a = read_html(&page("", "<p>Von Anna Berger | 12. M\u{e4}rz 2022</p>"));
        assert_eq!(a.date.unwrap().to_string(), "2022-03-12");
        assert_eq!(a.meta["date_source"], "text");
        let a = read_html(&page(
            "<link rel=canonical href=\"https://ex.at/2020/05/17/bruecke\">",
            "",
        ));
        assert_eq!(a.date.unwrap().to_string(), "2020-05-17");
        assert_eq!(a.meta["date_source"], "url");
        // Metadata stamped a few days after the URL's date is a republication.
        let a = read_html(&page(
            "<link rel=canonical href=\"https://ex.at/2020/05/17/bruecke\">\
             <meta property=article:published_time content=2020-05-19T10:00:00Z>",
            "",
        ));
        assert_eq!(a.date.unwrap().to_string(), "2020-05-17");
        let a = read_html(&page(
            "<meta property=article:modified_time content=2020-05-19T10:00:00Z>",
            "",
        ));
        assert_eq!(a.meta["date_source"], "modified");
        assert_eq!(read_html(&page("", "")).date, None);
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
