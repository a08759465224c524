//! Fragments several pages print: hit snippets, actor codes and links, event dates and
//! the events table.

use std::collections::HashMap;
use std::fmt::Write;

use chronicle_archive as archive;

use crate::ui::html::{self, esc, link, url_encode};
use crate::ui::words;

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

/// Actor codes as their names, each linked to the actors having that code, the code as a
/// small hint; `names` (as reported) beside them.
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
                "<a href=\"{}\">{}</a> <span class=\"code\">{}</span>",
                esc(&link("/actors", &[("code", c)])),
                esc(&words::code_name(c)),
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

/// The stored actors of one side of an event (`source` or `target`), each linked to its
/// page with its code as a hint; the codes' names when none was stored.
pub(super) fn event_actor_links(e: &archive::EventRow, role: &str) -> String {
    let mine: Vec<&archive::EventActor> = e.actors.iter().filter(|a| a.role == role).collect();
    if mine.is_empty() {
        let (codes, names) = if role == "source" {
            (&e.source_codes, &e.source_names)
        } else {
            (&e.target_codes, &e.target_names)
        };
        if codes.is_empty() && names.is_empty() {
            return "—".into();
        }
        return actor_links(codes, names);
    }
    mine.iter()
        .map(|a| {
            format!(
                "<a href=\"/actors/{}\">{}</a>{}",
                a.id,
                esc(&a.name),
                a.code
                    .as_deref()
                    .map(|c| format!(" <span class=\"code\">{}</span>", esc(c)))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// When an event happens, in words (never a raw TIMEX3 placeholder).
pub(super) fn when(e: &archive::EventRow) -> String {
    words::event_when(e)
}

/// "CONSULT · Express intent to meet or negotiate" with the CAMEO code as a hint.
pub(super) fn what(e: &archive::EventRow) -> String {
    let label =
        words::cameo_label(&e.cameo).unwrap_or_else(|| words::plover_label(&e.plover).into());
    format!(
        "<span class=\"plover q{}\">{}</span> {} <span class=\"code\">CAMEO {}</span>",
        e.quad_class.unwrap_or(0),
        esc(&e.plover),
        esc(&label),
        esc(&e.cameo)
    )
}

/// `n thing`/`n things`.
pub(super) fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A mention's sentence with its trigger and the event's actor names highlighted.
pub(super) fn highlighted_sentence(sentence: &str, trigger: &str, e: &archive::EventRow) -> String {
    // (start, end, class) of every highlight; overlapping later ones are dropped.
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    let add = |needle: &str, class: &'static str, spans: &mut Vec<(usize, usize, &str)>| {
        let needle = needle.trim();
        if needle.len() < 2 {
            return;
        }
        if let Some(at) = sentence.find(needle) {
            let end = at + needle.len();
            if !spans.iter().any(|(s, en, _)| at < *en && *s < end) {
                spans.push((at, end, class));
            }
        }
    };
    add(trigger, "trigger", &mut spans);
    for (role, class, names) in [
        ("source", "src", &e.source_names),
        ("target", "tgt", &e.target_names),
    ] {
        for a in e.actors.iter().filter(|a| a.role == role) {
            add(&a.name, class, &mut spans);
        }
        for n in names.split("; ") {
            add(n, class, &mut spans);
        }
    }
    spans.sort();
    let mut out = String::new();
    let mut at = 0;
    for (s, en, class) in spans {
        let label = match class {
            "trigger" => "trigger",
            "src" => "source",
            _ => "target",
        };
        html::push_esc(&mut out, sentence.get(at..s).unwrap_or(""));
        let _ = write!(out, "<mark class=\"{class}\" title=\"{label}\">");
        html::push_esc(&mut out, sentence.get(s..en).unwrap_or(""));
        out.push_str("</mark>");
        at = en;
    }
    html::push_esc(&mut out, sentence.get(at..).unwrap_or(""));
    out
}

/// The evidence of an event: every report with its sentence highlighted, its article and
/// original URL, the planned → happened chain, and (when `flag`) the correction form.
pub(super) fn evidence(
    e: &archive::EventRow,
    mentions: &[archive::MentionRow],
    flag: bool,
) -> String {
    let mut out = String::from("<ol class=\"reports\">");
    for m in mentions {
        let title = m
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or("an untitled article");
        let _ = write!(
            out,
            "<li><blockquote>{}</blockquote><p class=\"meta\"><a href=\"/articles/{}\">{}</a>{}{} · says when: {}{}{}</p></li>",
            highlighted_sentence(&m.sentence, &m.trigger, e),
            url_encode(&m.article),
            esc(title),
            m.source.as_deref().map(|s| format!(" · {}", esc(s))).unwrap_or_default(),
            m.report_date
                .as_deref()
                .map(|d| format!(" · {}", esc(&words::published(d))))
                .unwrap_or_default(),
            esc(&words::mention_when(m)),
            m.url
                .as_deref()
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                .map(|u| format!(" · <a href=\"{}\" rel=\"noopener noreferrer\">original</a>", esc(u)))
                .unwrap_or_default(),
            if m.duplicate { " · near-duplicate copy" } else { "" },
        );
    }
    out.push_str("</ol>");
    if let Some(plan) = e.planned_event {
        let _ = write!(
            out,
            "<p class=\"chain\">Planned → happened: <a href=\"/events/{plan}\">the plan announced earlier</a> → this event.</p>"
        );
    }
    if let Some(real) = e.realized_by {
        let _ = write!(
            out,
            "<p class=\"chain\">Planned → happened: this plan → <a href=\"/events/{real}\">what happened</a>.</p>"
        );
    }
    if flag {
        out.push_str(&flag_form(e.id));
    }
    out
}

/// The "flag this coding" form: what is wrong and what it should be.
pub(super) fn flag_form(event: i64) -> String {
    let mut out = format!(
        "<form class=\"flag\" method=\"post\" action=\"/events/{event}/flag\"><fieldset><legend>Flag this coding</legend><label>What is wrong<select name=\"field\">"
    );
    for f in archive::FEEDBACK_FIELDS {
        let _ = write!(
            out,
            "<option value=\"{f}\">{}</option>",
            f.replace('_', " ")
        );
    }
    out.push_str("</select></label><label>It should be<input type=\"text\" name=\"correction\" maxlength=\"200\" placeholder=\"e.g. AGREE, KORGOV, 2021-03-18\"></label><label>Note<input type=\"text\" name=\"note\" maxlength=\"1000\"></label><button type=\"submit\">Flag</button></fieldset></form>");
    out
}

/// The events table: one row per event (when, what in words, who, to whom, where,
/// reports, confidence), each expanding (no script: `<details>`) to its evidence when
/// `evidence` holds its reports.
pub(super) fn events_table(
    events: &[archive::EventRow],
    reports: &HashMap<i64, Vec<archive::MentionRow>>,
    flag: bool,
) -> String {
    if events.is_empty() {
        return "<p>No events match.</p>".into();
    }
    let mut out = String::from("<table class=\"events\"><thead><tr><th>when</th><th>event</th><th>who</th><th>to whom</th><th>where</th><th>reports</th><th>confidence</th></tr></thead><tbody>");
    for e in events {
        let details = match reports.get(&e.id) {
            Some(ms) => format!(
                "<details class=\"evidence\"><summary>evidence: {}</summary>{}</details>",
                plural(ms.len() as i64, "report", "reports"),
                evidence(e, ms, flag)
            ),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<tr class=\"modality-{}\"><td data-label=\"when\">{}</td><td data-label=\"event\"><a class=\"title\" href=\"/events/{}\">{}</a><div>{}{}</div>{}</td><td data-label=\"who\">{}</td><td data-label=\"to whom\">{}</td><td data-label=\"where\">{}</td><td data-label=\"reports\">{} <span class=\"hint\">({} independent)</span></td><td data-label=\"confidence\">{:.2}</td></tr>",
            esc(&e.modality),
            esc(&when(e)),
            e.id,
            esc(&words::event_title(e)),
            what(e),
            if e.modality == "asserted" {
                String::new()
            } else {
                format!(" <span class=\"modality\">{}</span>", esc(&e.modality))
            },
            details,
            event_actor_links(e, "source"),
            event_actor_links(e, "target"),
            esc(e.location.as_deref().unwrap_or("—")),
            plural(e.num_articles, "article", "articles"),
            e.num_independent,
            e.confidence,
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// The reports of each event (for the evidence of an events table).
pub(super) fn reports_of(
    archive: &archive::Archive,
    events: &[archive::EventRow],
) -> Result<HashMap<i64, Vec<archive::MentionRow>>, archive::Error> {
    let mut out = HashMap::new();
    for e in events {
        out.insert(e.id, archive.mentions(e.id)?);
    }
    Ok(out)
}

/// "Showing 21–40 of 79 events" (or "No events").
pub(super) fn showing(
    offset: usize,
    shown: usize,
    total: usize,
    capped: bool,
    what: &str,
) -> String {
    if total == 0 || shown == 0 {
        return format!("No {what}");
    }
    let more = if capped { "+" } else { "" };
    if offset == 0 && shown >= total {
        return format!("{total} {what}");
    }
    format!(
        "Showing {}–{} of {total}{more} {what}",
        offset + 1,
        offset + shown
    )
}

/// One page of events, as the Events page and an actor's page list them.
pub(super) struct EventsPage<'a> {
    pub rows: &'a [archive::EventRow],
    pub reports: &'a HashMap<i64, Vec<archive::MentionRow>>,
    /// Whether rows carry the "flag this coding" form.
    pub flag: bool,
    /// Matching events over every page (capped at `api::TOTAL_CAP`).
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
}

impl EventsPage<'_> {
    /// The heading (`open` is its start tag, e.g. `<h2 id="ev">`) saying which of how many
    /// events these are, the table, and the pager of `path` keeping the filters `names`.
    pub(super) fn html(
        &self,
        open: &str,
        path: &str,
        p: &crate::params::Params,
        names: &[&str],
    ) -> String {
        let mut out = format!(
            "{open}{}</h2>",
            esc(&showing(
                self.offset,
                self.rows.len(),
                self.total,
                self.total >= crate::api::TOTAL_CAP,
                "events"
            ))
        );
        out.push_str(&events_table(self.rows, self.reports, self.flag));
        out.push_str(&crate::ui::forms::pager(
            path,
            p,
            names,
            self.offset,
            self.limit,
            self.rows.len(),
        ));
        out
    }
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
