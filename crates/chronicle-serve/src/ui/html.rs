//! HTML building blocks. Every string that comes from an article, a query or the archive goes
//! through [`esc`] before it reaches a page: the UI renders untrusted news text.

use std::fmt::Write;

/// Escapes text for use in element content and in double- or single-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_esc(&mut out, s);
    out
}

/// [`esc`] appending to `out`, for the hot loops of the article renderer.
pub fn push_esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab/newline have no business in a page (and some are invalid).
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Percent-encodes a query-string component (RFC 3986 unreserved characters stay as they are).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Builds `path?k=v&…` from the non-empty pairs, encoded; the result still needs [`esc`] in HTML.
pub fn link<K: AsRef<str>, V: AsRef<str>>(path: &str, pairs: &[(K, V)]) -> String {
    let mut out = path.to_string();
    let mut first = true;
    for (k, v) in pairs {
        let (k, v) = (k.as_ref(), v.as_ref());
        if v.is_empty() {
            continue;
        }
        out.push(if first { '?' } else { '&' });
        first = false;
        out.push_str(&url_encode(k));
        out.push('=');
        out.push_str(&url_encode(v));
    }
    out
}

/// Which top-level section a page belongs to (marks the navigation link as current).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Search,
    Events,
    Timeline,
    Network,
    Trends,
    Map,
    Actors,
    Article,
    Other,
}

/// The page shell: skip link, navigation, main landmark. `body` must already be safe HTML.
pub fn page(title: &str, section: Section, body: &str) -> String {
    page_in(title, section, body, &[])
}

/// The `since`/`until` of a request, to carry into the links of every view.
pub fn range_of(p: &crate::params::Params) -> Vec<(&'static str, String)> {
    ["since", "until"]
        .into_iter()
        .filter_map(|k| {
            p.get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        })
        .collect()
}

/// [`page`] whose menu links to the views that filter by date carry `range` (the
/// `since`/`until` chosen on this page), so a range picked on Trends holds everywhere.
pub fn page_in(title: &str, section: Section, body: &str, range: &[(&str, String)]) -> String {
    let nav = [
        ("/", "Search", Section::Search),
        ("/events", "Events", Section::Events),
        ("/timeline", "Timeline", Section::Timeline),
        ("/network", "Network", Section::Network),
        ("/trends", "Trends", Section::Trends),
        ("/map", "Map", Section::Map),
        ("/actors", "Actors", Section::Actors),
    ];
    let pairs: Vec<(&str, &str)> = range.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(out, "<title>{} · Chronicle</title>", esc(title));
    out.push_str("<link rel=\"stylesheet\" href=\"/static/style.css\">");
    out.push_str("<script src=\"/static/app.js\" defer></script></head><body>");
    out.push_str("<a class=\"skip\" href=\"#main\">Skip to content</a>");
    out.push_str("<header class=\"top\"><a class=\"brand\" href=\"/\">Chronicle</a><nav aria-label=\"Main\"><ul>");
    for (href, label, s) in nav {
        let current = if s == section {
            " aria-current=\"page\""
        } else {
            ""
        };
        let dated = matches!(
            s,
            Section::Search
                | Section::Events
                | Section::Timeline
                | Section::Network
                | Section::Trends
                | Section::Map
        );
        let href = if dated && !pairs.is_empty() {
            esc(&link(href, &pairs))
        } else {
            href.to_string()
        };
        let _ = write!(out, "<li><a href=\"{href}\"{current}>{label}</a></li>");
    }
    out.push_str("<li><a href=\"/api/openapi.json\">API</a></li></ul></nav></header>");
    out.push_str("<main id=\"main\" tabindex=\"-1\">");
    out.push_str(body);
    out.push_str("</main><footer class=\"foot\">Chronicle · events coded in CAMEO and PLOVER · ");
    out.push_str("<a href=\"/api/stats\">archive stats (JSON)</a></footer></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(esc("a\u{0}b"), "a\u{FFFD}b");
        assert_eq!(esc("Seoul\n서울"), "Seoul\n서울");
    }

    #[test]
    fn links_encode_components_and_skip_empty_values() {
        assert_eq!(
            link(
                "/search",
                &[("q", "US & Korea"), ("actor", ""), ("since", "2021-03-01")]
            ),
            "/search?q=US%20%26%20Korea&since=2021-03-01"
        );
        assert_eq!(link("/x", &[("q", "")]), "/x");
        assert_eq!(url_encode("서"), "%EC%84%9C");
    }

    #[test]
    fn page_escapes_title_and_marks_current_section() {
        let html = page("<b>", Section::Network, "<p>ok</p>");
        assert!(html.contains("<title>&lt;b&gt; · Chronicle</title>"));
        assert!(html.contains("<a href=\"/network\" aria-current=\"page\">"));
        assert!(html.contains("<main id=\"main\" tabindex=\"-1\"><p>ok</p></main>"));
        assert!(html.contains("<a href=\"/map\">Map</a>"));
    }

    #[test]
    fn a_range_is_carried_into_the_dated_views() {
        let range = vec![
            ("since", "2021-03-01".to_string()),
            ("until", "2021-03-31".into()),
        ];
        let html = page_in("t", Section::Trends, "", &range);
        assert!(html.contains("href=\"/events?since=2021-03-01&amp;until=2021-03-31\""));
        assert!(html.contains("href=\"/map?since=2021-03-01&amp;until=2021-03-31\""));
        assert!(html.contains("href=\"/actors\""));
    }
}
