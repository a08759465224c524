//! Rendering an article for the outside: the JSON of `chronicle extract` (also what the
//! HTTP API returns) and a readable text view for a terminal.

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::doc::{Article, ParagraphKind};

/// A token as written out: with its text, like every other span, and its part-of-speech
/// tag when the syntax stage gave one (tags travel with their tokens, not as a bare array).
#[derive(serde::Serialize)]
struct TokenOut<'a> {
    start: usize,
    end: usize,
    kind: crate::doc::TokenKind,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pos: Option<&'a str>,
    /// Lemma, head (token index; null for a sentence root) and UD relation, when the
    /// syntax stage parsed the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    lemma: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<Option<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprel: Option<&'a str>,
}

fn tokens_out(article: &Article) -> Vec<TokenOut<'_>> {
    article
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| TokenOut {
            start: t.start,
            end: t.end,
            kind: t.kind,
            text: t.text(&article.text),
            pos: article.pos.get(i).map(String::as_str),
            lemma: article.lemmas.get(i).map(String::as_str),
            head: article.deps.get(i).map(|d| d.head),
            deprel: article.deps.get(i).map(|d| d.rel.as_str()),
        })
        .collect()
}

/// The article as the public JSON object (see docs/schema.md), as a `Value` for callers
/// that want to inspect or extend it. Tokens only when `with_tokens`.
pub fn article_json(article: &Article, with_tokens: bool) -> Value {
    let mut value = serde_json::to_value(article).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.remove("tokens");
        // POS tags travel with their tokens rather than as a bare parallel array.
        map.remove("pos");
        map.remove("deps");
        map.remove("lemmas");
        if with_tokens {
            map.insert("tokens".into(), json!(tokens_out(article)));
        }
    }
    value
}

/// Writes the article's public JSON object to `out` without building a `Value` (the fast
/// path for `chronicle extract`): compact for JSONL, indented when `pretty`.
///
/// The token layer (and the POS tags parallel to it) is taken out while the model
/// serialises itself (so it is skipped, and the model's derive stays the one list of
/// fields), then appended with each token's text and tag.
pub fn write_article_json<W: std::io::Write>(
    out: &mut W,
    article: &mut Article,
    with_tokens: bool,
    pretty: bool,
) -> std::io::Result<()> {
    let tokens = std::mem::take(&mut article.tokens);
    let pos = std::mem::take(&mut article.pos);
    let deps = std::mem::take(&mut article.deps);
    let lemmas = std::mem::take(&mut article.lemmas);
    let serialised = if pretty {
        serde_json::to_vec_pretty(&*article)
    } else {
        serde_json::to_vec(&*article)
    };
    article.tokens = tokens;
    article.pos = pos;
    article.deps = deps;
    article.lemmas = lemmas;
    let mut buf = serialised.map_err(std::io::Error::from)?;
    if with_tokens {
        // Re-open the object to append the token layer.
        while buf.last().is_some_and(|b| *b != b'}') {
            buf.pop();
        }
        buf.pop();
        while buf.last().is_some_and(u8::is_ascii_whitespace) {
            buf.pop();
        }
        buf.extend_from_slice(if pretty {
            b",\n  \"tokens\": "
        } else {
            b",\"tokens\":"
        });
        serde_json::to_writer(&mut buf, &tokens_out(article)).map_err(std::io::Error::from)?;
        buf.extend_from_slice(if pretty { b"\n}" } else { b"}" });
    }
    out.write_all(&buf)
}

fn kind_label(kind: ParagraphKind) -> &'static str {
    match kind {
        ParagraphKind::Header => "header",
        ParagraphKind::Title => "title",
        ParagraphKind::Caption => "caption",
        ParagraphKind::Dateline => "dateline",
        ParagraphKind::Body => "body",
        ParagraphKind::Byline => "byline",
    }
}

/// One line, at most `max` chars, newlines shown as spaces.
fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A readable rendering for a person at a terminal: header fields, paragraphs, and each
/// filled layer listed compactly. Empty layers are left out.
pub fn render_text(article: &Article, with_tokens: bool) -> String {
    let mut out = String::new();
    let rule = "═".repeat(72);
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "id        {}", article.id);
    let field = |out: &mut String, name: &str, value: Option<String>| {
        if let Some(v) = value {
            let _ = writeln!(out, "{name:<9} {v}");
        }
    };
    field(&mut out, "title", article.title.clone());
    field(
        &mut out,
        "date",
        Some(
            article
                .date
                .map_or_else(|| "(unknown)".to_string(), |d| d.to_string()),
        ),
    );
    field(&mut out, "source", article.source.clone());
    field(&mut out, "url", article.url.clone());
    field(
        &mut out,
        "byline",
        article.byline.as_ref().map(|b| {
            let mut s = b.author.clone().unwrap_or_default();
            if let Some(e) = &b.email {
                let _ = write!(s, " <{e}>");
            }
            s
        }),
    );
    field(
        &mut out,
        "dateline",
        article.dateline.as_ref().map(|d| d.text.clone()),
    );
    field(
        &mut out,
        "caption",
        article.caption.as_ref().map(|c| one_line(&c.text, 100)),
    );
    for (key, value) in &article.meta {
        let v = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        field(
            &mut out,
            &format!("meta.{key}"),
            Some(one_line(&v, 60)).filter(|_| key.len() < 40),
        );
    }
    let _ = writeln!(out, "{}", "─".repeat(72));
    let _ = writeln!(out, "paragraphs ({})", article.paragraphs.len());
    for (i, p) in article.paragraphs.iter().enumerate() {
        let _ = writeln!(
            out,
            "  ¶{i:<3} {:<8} {}",
            kind_label(p.kind),
            one_line(&p.text, 90)
        );
    }
    let _ = writeln!(out, "sentences ({})", article.sentences.len());
    for (i, s) in article.sentences.iter().enumerate() {
        let _ = writeln!(
            out,
            "  s{i:<3} ¶{:<3} {}",
            s.paragraph,
            one_line(&s.text, 88)
        );
    }
    if with_tokens && !article.tokens.is_empty() {
        let _ = writeln!(out, "tokens ({})", article.tokens.len());
        let mut line = String::from(" ");
        for t in &article.tokens {
            let piece = one_line(t.text(&article.text), 40);
            if line.chars().count() + piece.chars().count() + 3 > 96 {
                let _ = writeln!(out, "{line}");
                line = String::from(" ");
            }
            let _ = write!(line, " {piece} │");
        }
        if !line.trim().is_empty() {
            let _ = writeln!(out, "{line}");
        }
    }
    if !article.entities.is_empty() {
        let _ = writeln!(out, "entities ({})", article.entities.len());
        for e in &article.entities {
            let link = e
                .link
                .as_deref()
                .map(|l| format!(" → {l}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {:<8} {}{link}", e.label, one_line(&e.text, 60));
        }
    }
    if !article.times.is_empty() {
        let _ = writeln!(out, "times ({})", article.times.len());
        for t in &article.times {
            let _ = writeln!(
                out,
                "  {:<8} {:<16} {}",
                t.kind,
                t.value,
                one_line(&t.text, 50)
            );
        }
    }
    if !article.actors.is_empty() {
        let _ = writeln!(out, "actors ({})", article.actors.len());
        for a in &article.actors {
            let _ = writeln!(
                out,
                "  {:<8} {} [{} mention(s)] {}",
                a.code.as_deref().unwrap_or("-"),
                one_line(&a.name, 50),
                a.mentions.len(),
                a.id
            );
        }
    }
    if !article.events.is_empty() {
        let _ = writeln!(out, "events ({})", article.events.len());
        for e in &article.events {
            let names = |v: &[crate::doc::ActorRef]| {
                v.iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "  {} {:<10} {} → {} «{}» {} {}",
                e.cameo,
                e.plover,
                names(&e.source),
                names(&e.target),
                one_line(&e.trigger.text, 30),
                e.date.as_deref().unwrap_or("-"),
                e.modality
            );
        }
    }
    if !article.quotes.is_empty() {
        let _ = writeln!(out, "quotes ({})", article.quotes.len());
        for q in &article.quotes {
            let who = q.speaker.as_ref().map_or("?", |s| s.name.as_str());
            let _ = writeln!(out, "  {who}: {}", one_line(&q.text, 80));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_layer_and_token_text() {
        let mut a = crate::read::read_plain("date 2021-03-05\nU.S. talks resumed.".to_string());
        crate::text::annotate(&mut a);
        let v = article_json(&a, false);
        for key in [
            "id",
            "date",
            "title",
            "source",
            "url",
            "byline",
            "caption",
            "dateline",
            "text",
            "paragraphs",
            "sentences",
            "entities",
            "times",
            "actors",
            "events",
            "quotes",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert!(v.get("tokens").is_none());
        let v = article_json(&a, true);
        assert_eq!(v["tokens"][0]["text"], "U.S.");
        assert_eq!(v["date"], "2021-03-05");
        let mut line = Vec::new();
        write_article_json(&mut line, &mut a, true, false).unwrap();
        let parsed: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(parsed, v, "the fast writer and the Value agree");
        let mut pretty = Vec::new();
        write_article_json(&mut pretty, &mut a, false, true).unwrap();
        let parsed: Value = serde_json::from_slice(&pretty).unwrap();
        assert_eq!(parsed, article_json(&a, false));
        assert!(!a.tokens.is_empty(), "tokens are put back");
        let text = render_text(&a, true);
        assert!(text.contains("date      2021-03-05"), "{text}");
        assert!(text.contains("s0   ¶1   U.S. talks resumed."), "{text}");
    }
}
