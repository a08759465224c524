//! The article page: the text with every annotation layer highlighted in place, a legend,
//! an inspector that shows the focused highlight's record, and tables of all layers.
//!
//! Highlights are `<mark tabindex=0>` elements so they can be reached by keyboard; each
//! carries its full record in `title` (hover) and the inspector shows it on focus. Kinds are
//! told apart by underline style and a visible tag, not by colour alone.

use std::collections::BTreeMap;
use std::fmt::Write;

use chronicle::doc::{ActorRef, Article, Event, TimeAnchor};

use super::html::{esc, link, push_esc};
use super::words;

/// What one highlighted range stands for; a range can be several things at once
/// (an entity that is also an actor mention and an event's trigger).
#[derive(Default)]
struct Group {
    classes: Vec<&'static str>,
    tags: Vec<String>,
    records: Vec<String>,
}

fn actor_list(refs: &[ActorRef]) -> String {
    if refs.is_empty() {
        return "?".into();
    }
    refs.iter()
        .map(|a| match &a.code {
            Some(code) if !code.is_empty() => format!("{} ({code})", a.name),
            _ => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The full event record as plain text (for titles and the inspector).
pub fn event_record(
    index: usize,
    event: &Event,
    reported: Option<chronicle::date::Date>,
) -> String {
    let mut s = format!(
        "Event #{}: CAMEO {} / PLOVER {}",
        index + 1,
        event.cameo,
        event.plover
    );
    if let Some(mode) = &event.mode {
        let _ = write!(s, " ({mode})");
    }
    let _ = write!(
        s,
        "\nwho: {} → whom: {}",
        actor_list(&event.source),
        actor_list(&event.target)
    );
    let _ = write!(
        s,
        "\nwhen: {} (from {})",
        event
            .date
            .as_deref()
            .map(|v| words::timex(v, reported))
            .unwrap_or_else(|| "unknown".into()),
        event.date_source
    );
    let _ = write!(s, "\nmodality: {}", event.modality);
    if let Some(loc) = &event.location {
        let _ = write!(s, "\nwhere: {}", loc.name);
        if let Some(c) = &loc.country {
            let _ = write!(s, " ({c})");
        }
    }
    if let Some(att) = &event.attribution {
        let _ = write!(s, "\nsaid by: {}", att.text);
        if let Some(a) = &att.actor {
            let _ = write!(s, " [{}]", actor_list(std::slice::from_ref(a)));
        }
    }
    if !event.context.is_empty() {
        let _ = write!(s, "\ncontext: {}", event.context.join(", "));
    }
    let _ = write!(s, "\nconfidence: {:.2}", event.confidence);
    s
}

/// `1 quote`, `2 quotes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A TIMEX3 range (`begin`, `end` values) in words.
fn range_words(begin: &str, end: &str) -> String {
    match (
        chronicle::date::Date::parse_iso(begin.get(0..10).unwrap_or(begin)),
        chronicle::date::Date::parse_iso(end.get(0..10).unwrap_or(end)),
    ) {
        (Some(b), Some(e)) => words::day_range(b, e),
        _ => format!(
            "{} to {}",
            words::timex(begin, None),
            words::timex(end, None)
        ),
    }
}

fn anchor_text(anchor: &TimeAnchor) -> String {
    match anchor {
        TimeAnchor::Document { value } => {
            format!(
                "anchored to the publication date, {}",
                words::published(value)
            )
        }
        TimeAnchor::Time { value, .. } => {
            format!("anchored to another time ({})", words::timex(value, None))
        }
        TimeAnchor::None => "absolute".into(),
    }
}

fn groups(article: &Article) -> BTreeMap<(usize, usize), Group> {
    let mut groups: BTreeMap<(usize, usize), Group> = BTreeMap::new();
    for e in &article.entities {
        let g = groups.entry((e.start, e.end)).or_default();
        g.classes.push("k-entity");
        g.tags.push(e.label.to_string());
        let mut r = format!("Entity {} (score {:.2})", e.label, e.score);
        if let Some(l) = &e.link {
            let _ = write!(r, " → {l}");
        }
        g.records.push(r);
    }
    for actor in &article.actors {
        for m in &actor.mentions {
            let g = groups.entry((m.start, m.end)).or_default();
            g.classes.push("k-actor");
            g.tags.push(
                actor
                    .code
                    .clone()
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| actor.kind.clone().unwrap_or_else(|| "actor".into())),
            );
            let mut r = format!("Actor: {}", actor.name);
            if let Some(c) = &actor.code {
                let _ = write!(r, " · code {c}");
            }
            if let Some(c) = &actor.country {
                let _ = write!(r, " · country {c}");
            }
            if !actor.sector.is_empty() {
                let _ = write!(r, " · sector {}", actor.sector.join("/"));
            }
            if let Some(role) = &actor.role {
                let _ = write!(r, " · role {role}");
            }
            if actor.typo_mentions.iter().any(|t| t.range() == m.range()) {
                r.push_str(" · name misspelt here");
            }
            let _ = write!(r, " · id {}", actor.id);
            g.records.push(r);
        }
    }
    for t in &article.times {
        let g = groups.entry((t.start, t.end)).or_default();
        g.classes.push("k-time");
        let reported = article.day();
        g.tags.push(match &t.range {
            Some(range) => range_words(&range.begin, &range.end),
            None => words::timex(&t.value, reported),
        });
        let mut r = format!("Time {}: {}", t.kind, words::timex(&t.value, reported));
        if let Some(m) = &t.modifier {
            let _ = write!(r, " (mod {m})");
        }
        if let Some(range) = &t.range {
            let _ = write!(r, " · range {}", range_words(&range.begin, &range.end));
        }
        let _ = write!(r, " · {}", anchor_text(&t.anchor));
        g.records.push(r);
    }
    for (i, ev) in article.events.iter().enumerate() {
        let g = groups
            .entry((ev.trigger.start, ev.trigger.end))
            .or_default();
        g.classes.push("k-event");
        let modality = if ev.modality == "asserted" {
            String::new()
        } else {
            format!(" {}", ev.modality)
        };
        g.tags.push(format!("{}{modality}", ev.plover));
        g.records.push(event_record(i, ev, article.day()));
    }
    groups
}

struct Node {
    start: usize,
    end: usize,
    rank: u8,
    open: String,
    close: &'static str,
}

/// Writes `text` with `nodes` as properly nested elements. A node that would cross the
/// boundary of one already open is dropped (it stays in the tables), and so is any node whose
/// offsets do not fit the text: stand-off layers from elsewhere must never break the page.
fn render_nested(text: &str, mut nodes: Vec<Node>) -> String {
    nodes.retain(|n| {
        n.start < n.end && text.is_char_boundary(n.start) && text.is_char_boundary(n.end)
    });
    nodes.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), a.rank).cmp(&(
            b.start,
            std::cmp::Reverse(b.end),
            b.rank,
        ))
    });
    let mut out = String::with_capacity(text.len() * 2);
    let mut stack: Vec<(usize, &'static str)> = Vec::new();
    let mut cursor = 0;
    let slice = |a: usize, b: usize| text.get(a..b).unwrap_or("");
    for node in nodes {
        while let Some(&(end, close)) = stack.last() {
            if end > node.start {
                break;
            }
            push_esc(&mut out, slice(cursor, end));
            cursor = end;
            out.push_str(close);
            stack.pop();
        }
        if stack.last().is_some_and(|&(end, _)| node.end > end) {
            continue;
        }
        push_esc(&mut out, slice(cursor, node.start));
        cursor = node.start;
        out.push_str(&node.open);
        stack.push((node.end, node.close));
    }
    while let Some((end, close)) = stack.pop() {
        push_esc(&mut out, slice(cursor, end));
        cursor = end;
        out.push_str(close);
    }
    push_esc(&mut out, slice(cursor, text.len()));
    out
}

/// The article text with paragraphs and highlighted annotations, as safe HTML.
pub fn highlighted_text(article: &Article) -> String {
    let mut nodes = Vec::new();
    for p in &article.paragraphs {
        let kind = serde_json::to_value(p.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "body".into());
        nodes.push(Node {
            start: p.start,
            end: p.end,
            rank: 0,
            open: format!("<span class=\"para para-{}\">", esc(&kind)),
            close: "</span>",
        });
    }
    for ((start, end), g) in groups(article) {
        let mut classes = g.classes.clone();
        classes.dedup();
        let mut tags = g.tags.clone();
        tags.dedup();
        nodes.push(Node {
            start,
            end,
            rank: 1,
            open: format!(
                "<mark id=\"s{start}-{end}\" class=\"hl {}\" tabindex=\"0\" data-tag=\"{}\" title=\"{}\">",
                classes.join(" "),
                esc(&tags.join(" · ")),
                esc(&g.records.join("\n\n"))
            ),
            close: "</mark>",
        });
    }
    render_nested(&article.text, nodes)
}

/// The legend: one sample of each highlight kind, styled exactly as in the text.
pub fn legend() -> &'static str {
    "<section class=\"legend\" aria-label=\"Legend\"><h2>Legend</h2><ul>\
<li><mark class=\"hl k-entity\" data-tag=\"PER\">entity</mark> named entity: solid underline, tag = type</li>\
<li><mark class=\"hl k-actor\" data-tag=\"USAGOV\">actor</mark> actor linked to the knowledge base: double underline, tag = CAMEO code</li>\
<li><mark class=\"hl k-time\" data-tag=\"17 Mar 2021\">time</mark> time expression: dashed underline, tag = when it is, in words</li>\
<li><mark class=\"hl k-event\" data-tag=\"CONSULT planned\">event</mark> event trigger: wavy underline, bold, tag = PLOVER type and modality</li>\
</ul><p>Hover a highlight, or move to it with <kbd>Tab</kbd>, to see its full record in the inspector.\
 <label><input type=\"checkbox\" id=\"show-tags\" checked> show tags</label></p></section>"
}

fn or_dash(s: Option<&str>) -> String {
    match s {
        Some(s) if !s.is_empty() => esc(s),
        _ => "—".into(),
    }
}

/// The title, else the opening of the first body paragraph (plain-text inputs have no title
/// line), else the id.
pub fn display_title(article: &Article) -> String {
    if let Some(t) = article
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return t.to_string();
    }
    let body = article
        .paragraphs
        .iter()
        .find(|p| p.kind == chronicle::doc::ParagraphKind::Body)
        .map(|p| p.text.trim())
        .filter(|t| !t.is_empty());
    match body {
        Some(text) => {
            let mut out: String = text.chars().take(90).collect();
            if out.len() < text.len() {
                if let Some(cut) = out.rfind(' ') {
                    out.truncate(cut);
                }
                out.push('…');
            }
            out
        }
        None => format!("Article {}", article.id),
    }
}

/// The whole article page body (inside `<main>`).
pub fn article_body(article: &Article, notes: &[String]) -> String {
    let mut out = String::new();
    let title = display_title(article);
    let _ = write!(out, "<h1>{}</h1><p class=\"meta\">", esc(&title));
    if let Some(d) = &article.date {
        let _ = write!(
            out,
            "<span>published <time>{}</time></span> ",
            esc(&d.to_string())
        );
    }
    if let Some(s) = &article.source {
        let _ = write!(out, "<span>source {}</span> ", esc(s));
    }
    if let Some(b) = article.byline.as_ref().and_then(|b| b.author.as_ref()) {
        let _ = write!(out, "<span>by {}</span> ", esc(b));
    }
    let _ = write!(
        out,
        "<span>id <code>{}</code></span> <a href=\"{}\">JSON</a></p>",
        esc(&article.id),
        esc(&format!(
            "/api/articles/{}",
            super::html::url_encode(&article.id)
        ))
    );
    for note in notes {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(note));
    }
    let _ = write!(
        out,
        "<p class=\"counts\">{} · {} · {} · {} · {}</p>",
        count(article.entities.len(), "entity", "entities"),
        count(article.times.len(), "time", "times"),
        count(article.actors.len(), "actor", "actors"),
        count(article.events.len(), "event", "events"),
        count(article.quotes.len(), "quote", "quotes")
    );
    out.push_str(legend());
    let text_class = if article.paragraphs.is_empty() {
        "text tags pre"
    } else {
        "text tags"
    };
    let _ = write!(
        out,
        "<div class=\"reader\"><div id=\"article-text\" class=\"{text_class}\">{}</div>\
<aside id=\"inspector\" aria-live=\"polite\" aria-label=\"Inspector\"><h2>Inspector</h2><pre id=\"inspector-body\">Select a highlight (Tab, tap or hover) to see its record.</pre></aside></div>",
        highlighted_text(article)
    );

    // Events.
    let _ = write!(
        out,
        "<section><h2 id=\"events\">Events ({})</h2>",
        article.events.len()
    );
    if !article.events.is_empty() {
        out.push_str("<table><thead><tr><th>#</th><th>trigger</th><th>who</th><th>PLOVER</th><th>CAMEO</th><th>whom</th><th>when</th><th>modality</th><th>said by</th><th>confidence</th></tr></thead><tbody>");
        for (i, ev) in article.events.iter().enumerate() {
            let timeline_href = ev
                .source
                .iter()
                .find_map(|a| a.code.clone())
                .map(|code| link("/timeline", &[("actor", &code)]));
            let _ = write!(
                out,
                "<tr class=\"modality-{}\"><td>{}</td><td><a href=\"#s{}-{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
                esc(ev.modality.as_str()),
                i + 1,
                ev.trigger.start,
                ev.trigger.end,
                esc(&ev.trigger.text),
                match &timeline_href {
                    Some(h) => format!("<a href=\"{}\">{}</a>", esc(h), esc(&actor_list(&ev.source))),
                    None => esc(&actor_list(&ev.source)),
                },
                esc(ev.plover.as_str()),
                esc(&ev.cameo),
                esc(&actor_list(&ev.target)),
                or_dash(ev.date.as_deref().map(|v| words::timex(v, article.day())).as_deref()),
                esc(ev.modality.as_str()),
                or_dash(ev.attribution.as_ref().map(|a| a.text.as_str())),
                ev.confidence
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    // Actors.
    let _ = write!(out, "<section><h2>Actors ({})</h2>", article.actors.len());
    if !article.actors.is_empty() {
        out.push_str("<table><thead><tr><th>name</th><th>code</th><th>country</th><th>sector</th><th>role</th><th>mentions</th></tr></thead><tbody>");
        for a in &article.actors {
            let code = match &a.code {
                Some(c) if !c.is_empty() => format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&link("/timeline", &[("actor", c)])),
                    esc(c)
                ),
                _ => "—".into(),
            };
            let mentions: Vec<String> = a
                .mentions
                .iter()
                .map(|m| format!("<a href=\"#s{}-{}\">{}</a>", m.start, m.end, esc(&m.text)))
                .collect();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{code}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.name),
                or_dash(a.country.as_deref()),
                or_dash(Some(&a.sector.join("/"))),
                or_dash(a.role.as_deref()),
                mentions.join(", ")
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    // Times.
    let _ = write!(out, "<section><h2>Times ({})</h2>", article.times.len());
    if !article.times.is_empty() {
        out.push_str("<table><thead><tr><th>text</th><th>type</th><th>value</th><th>range</th><th>anchor</th></tr></thead><tbody>");
        for t in &article.times {
            let _ = write!(
                out,
                "<tr><td><a href=\"#s{}-{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                t.start,
                t.end,
                esc(&t.text),
                esc(t.kind.as_str()),
                esc(&words::timex(&t.value, article.day())),
                or_dash(t.range.as_ref().map(|r| range_words(&r.begin, &r.end)).as_deref()),
                esc(&anchor_text(&t.anchor))
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    // Entities.
    let _ = write!(
        out,
        "<section><h2>Entities ({})</h2>",
        article.entities.len()
    );
    if !article.entities.is_empty() {
        out.push_str("<table><thead><tr><th>text</th><th>label</th><th>linked to</th><th>score</th></tr></thead><tbody>");
        for e in &article.entities {
            let _ = write!(
                out,
                "<tr><td><a href=\"#s{}-{}\">{}</a></td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
                e.start,
                e.end,
                esc(&e.text),
                esc(e.label.as_str()),
                or_dash(e.link.as_deref()),
                e.score
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    // Quotes.
    let _ = write!(out, "<section><h2>Quotes ({})</h2>", article.quotes.len());
    if !article.quotes.is_empty() {
        out.push_str("<ul class=\"quotes\">");
        for q in &article.quotes {
            let speaker = q
                .speaker
                .as_ref()
                .map(|s| actor_list(std::slice::from_ref(s)))
                .or_else(|| q.speaker_span.as_ref().map(|s| s.text.clone()));
            let _ = write!(
                out,
                "<li><blockquote>{}</blockquote> — {}</li>",
                esc(&q.text),
                or_dash(speaker.as_deref())
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle::doc::{
        Actor, Entity, EntityLabel, Paragraph, ParagraphKind, Span, Timex, TimexType,
    };

    fn sample() -> Article {
        let text =
            "Blinken will meet <Seoul> officials on March 17.\nSecond paragraph.".to_string();
        let mut a = Article::new(text.clone());
        let span = |s: &str| {
            let start = text.find(s).unwrap();
            Span {
                start,
                end: start + s.len(),
                text: s.into(),
            }
        };
        let first_len = text.find('\n').unwrap();
        a.paragraphs = vec![
            Paragraph {
                start: 0,
                end: first_len,
                kind: ParagraphKind::Body,
                text: text[..first_len].into(),
            },
            Paragraph {
                start: first_len + 1,
                end: text.len(),
                kind: ParagraphKind::Body,
                text: "Second paragraph.".into(),
            },
        ];
        let b = span("Blinken");
        a.entities.push(Entity {
            start: b.start,
            end: b.end,
            text: b.text.clone(),
            label: EntityLabel::Per,
            score: 0.9,
            link: Some("kb:person/antony-blinken".into()),
        });
        a.actors.push(Actor {
            id: "kb:person/antony-blinken".into(),
            name: "Antony Blinken".into(),
            code: Some("USAGOV".into()),
            country: Some("USA".into()),
            sector: vec!["GOV".into()],
            role: Some("Secretary of State".into()),
            typo: false,
            typo_mentions: Vec::new(),
            context_mentions: Vec::new(),
            kind: None,
            mentions: vec![b.clone()],
        });
        let t = span("March 17");
        a.times.push(Timex {
            start: t.start,
            end: t.end,
            text: t.text,
            kind: TimexType::Date,
            value: "2021-03-17".into(),
            modifier: None,
            range: None,
            anchor: TimeAnchor::Document {
                value: "2021-03-05".into(),
            },
        });
        a.events.push(Event {
            cameo: "036".into(),
            plover: chronicle::doc::PloverType::Consult,
            mode: None,
            context: vec![],
            source: vec![ActorRef {
                id: "kb:person/antony-blinken".into(),
                name: "Antony Blinken".into(),
                code: Some("USAGOV".into()),
            }],
            target: vec![ActorRef {
                id: "x".into(),
                name: "\"officials\"".into(),
                code: Some("KORGOV".into()),
            }],
            trigger: span("meet"),
            sentence: 0,
            date: Some("2021-03-17".into()),
            date_source: "text".into(),
            modality: chronicle::doc::Modality::Planned,
            attribution: None,
            location: None,
            confidence: 0.8,
            content_of: None,
        });
        a
    }

    #[test]
    fn highlights_are_focusable_nested_and_escaped() {
        let html = highlighted_text(&sample());
        assert_eq!(html.matches("<mark ").count(), 3);
        assert_eq!(html.matches("tabindex=\"0\"").count(), 3);
        assert!(html.contains("class=\"hl k-entity k-actor\""));
        assert!(html.contains("data-tag=\"PER · USAGOV\""));
        assert!(html.contains("data-tag=\"CONSULT planned\""));
        assert!(html.contains("data-tag=\"17 Mar 2021\""));
        assert!(html.contains("&lt;Seoul&gt;"));
        assert!(html.contains("whom: &quot;officials&quot; (KORGOV)"));
        assert_eq!(html.matches("<span class=\"para para-body\">").count(), 2);
        assert_eq!(html.matches("</span>").count(), 2);
        assert_eq!(html.matches("</mark>").count(), 3);
    }

    #[test]
    fn crossing_and_broken_offsets_are_dropped_not_fatal() {
        let mut a = sample();
        // Crosses the "Blinken" mark; runs past the end; splits a multibyte char; empty.
        for (start, end) in [(3, 12), (40, 10_000), (1, 1)] {
            a.entities.push(Entity {
                start,
                end,
                text: String::new(),
                label: EntityLabel::Misc,
                score: 0.1,
                link: None,
            });
        }
        a.text.push('é');
        let len = a.text.len();
        a.entities.push(Entity {
            start: len - 1,
            end: len,
            text: String::new(),
            label: EntityLabel::Misc,
            score: 0.1,
            link: None,
        });
        let html = highlighted_text(&a);
        assert_eq!(
            html.matches("<mark ").count(),
            html.matches("</mark>").count()
        );
        assert!(html.ends_with("Second paragraph.</span>é"));
    }

    #[test]
    fn page_lists_every_layer() {
        let body = article_body(&sample(), &["duplicate of x".into()]);
        assert!(body.contains("<h2 id=\"events\">Events (1)</h2>"));
        assert!(body.contains("href=\"/timeline?actor=USAGOV\""));
        assert!(body.contains("id=\"inspector\""));
        assert!(body.contains("duplicate of x"));
        // No title: the opening of the first body paragraph stands in.
        assert!(body.contains("<h1>Blinken will meet &lt;Seoul&gt; officials on March 17.</h1>"));
        assert!(body.contains("<td>planned</td>"));
    }

    #[test]
    fn nothing_panics_on_an_empty_article() {
        let a = Article::new(String::new());
        assert_eq!(highlighted_text(&a), "");
        assert!(article_body(&a, &[]).contains("Events (0)"));
    }
}
