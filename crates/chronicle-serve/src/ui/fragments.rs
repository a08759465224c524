//! Fragments several pages print: hit snippets, actor codes and links, event dates and
//! the events table.

use std::fmt::Write;

use chronicle::date::Date;
use chronicle_archive as archive;

use crate::ui::html::{self, esc, link, url_encode};
use crate::ui::svg;

/// `[matched]` words of an archive snippet as `<mark class="hit">`, everything escaped.
pub(super) fn snippet_html(snippet: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for c in snippet.chars() {
        match c {
            '[' if !open => {
                out.push_str("<mark class=\"hit\">");
                open = true;
            }
            ']' if open => {
                out.push_str("</mark>");
                open = false;
            }
            c => html::push_esc(&mut out, &c.to_string()),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

pub(super) fn codes(codes: &[String]) -> String {
    if codes.is_empty() {
        "?".into()
    } else {
        codes.join("+")
    }
}

pub(super) fn actor_links(codes: &[String], names: &str) -> String {
    if codes.is_empty() {
        return if names.is_empty() {
            "?".into()
        } else {
            esc(names)
        };
    }
    let links: Vec<String> = codes
        .iter()
        .map(|c| {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&link("/timeline", &[("actor", c)])),
                esc(c)
            )
        })
        .collect();
    if names.is_empty() {
        links.join(", ")
    } else {
        format!(
            "{} <span class=\"hint\">({})</span>",
            links.join(", "),
            esc(names)
        )
    }
}

pub(super) fn when(e: &archive::EventRow) -> String {
    match (
        e.start.as_deref().and_then(Date::parse_iso),
        e.end.as_deref().and_then(Date::parse_iso),
    ) {
        (Some(b), Some(en)) => svg::day_range_label(b, en),
        _ => e.date.clone().unwrap_or_else(|| "undated".into()),
    }
}

pub(super) fn events_table(events: &[archive::EventRow]) -> String {
    if events.is_empty() {
        return "<p>No events match.</p>".into();
    }
    let mut out = String::from("<table class=\"events\"><thead><tr><th>when</th><th>who</th><th>did what</th><th>to whom</th><th>modality</th><th>where</th><th>reports</th><th>confidence</th><th>first reported</th></tr></thead><tbody>");
    for e in events {
        let _ = write!(
            out,
            "<tr class=\"modality-{}\"><td><a href=\"/events/{}\">{}</a></td><td>{}</td><td>{} <span class=\"hint\">CAMEO {}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{} ({} independent)</td><td>{:.2}</td><td><a href=\"/articles/{}\">{}</a></td></tr>",
            esc(&e.modality),
            e.id,
            esc(&when(e)),
            actor_links(&e.source_codes, &e.source_names),
            esc(&e.plover),
            esc(&e.cameo),
            actor_links(&e.target_codes, &e.target_names),
            esc(&e.modality),
            esc(e.location.as_deref().unwrap_or("—")),
            e.num_articles,
            e.num_independent,
            e.confidence,
            url_encode(&e.first_article),
            esc(e.first_report.as_deref().unwrap_or("article")),
        );
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_hits_and_stay_balanced() {
        assert_eq!(
            snippet_html("a [b] <c>"),
            "a <mark class=\"hit\">b</mark> &lt;c&gt;"
        );
        assert_eq!(snippet_html("x [y"), "x <mark class=\"hit\">y</mark>");
        assert_eq!(snippet_html("]z["), "]z<mark class=\"hit\"></mark>");
    }
}
