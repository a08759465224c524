//! TimeML export: each article as a TimeML document, its time expressions as TIMEX3
//! tags (value, type, mod, anchor) and its event triggers as EVENT tags, with the
//! publication date as the document creation time (`t0`).

use std::io::Write;
use std::path::Path;

use chronicle::doc::{Article, TimeAnchor};

use crate::archive::Archive;
use crate::error::{Error, Result};

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// TimeML EVENT class of a coded event: what TimeML calls a reporting, intensional or
/// plain occurrence.
fn event_class(plover: &str, modality: &str) -> &'static str {
    match (plover, modality) {
        (_, "planned" | "hypothetical" | "requested" | "threatened" | "promised") => "I_ACTION",
        ("ACCUSE" | "REJECT" | "REQUEST" | "THREATEN" | "DEMAND", _) => "REPORTING",
        _ => "OCCURRENCE",
    }
}

/// One article as a TimeML document.
pub fn document(article: &Article) -> String {
    let text = &article.text;
    // (start, end, open tag, close tag), non-overlapping, in text order.
    let mut tags: Vec<(usize, usize, String, &str)> = Vec::new();
    for (i, t) in article.times.iter().enumerate() {
        let mut open = format!(
            "<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"{}\"",
            i + 1,
            escape(t.kind.as_str()),
            escape(&t.value)
        );
        if let Some(m) = &t.modifier {
            open.push_str(&format!(" mod=\"{}\"", escape(m)));
        }
        match &t.anchor {
            TimeAnchor::Document { .. } => {
                open.push_str(" temporalFunction=\"true\" anchorTimeID=\"t0\"")
            }
            TimeAnchor::Time { index, .. } => open.push_str(&format!(
                " temporalFunction=\"true\" anchorTimeID=\"t{}\"",
                index + 1
            )),
            TimeAnchor::None => open.push_str(" temporalFunction=\"false\""),
        }
        open.push_str(" functionInDocument=\"NONE\">");
        tags.push((t.start, t.end, open, "</TIMEX3>"));
    }
    for (i, e) in article.events.iter().enumerate() {
        let open = format!(
            "<EVENT eid=\"e{}\" class=\"{}\">",
            i + 1,
            event_class(e.plover.as_str(), e.modality.as_str())
        );
        tags.push((e.trigger.start, e.trigger.end, open, "</EVENT>"));
    }
    tags.sort_by_key(|t| (t.0, std::cmp::Reverse(t.1)));
    let mut body = String::with_capacity(text.len() + tags.len() * 80);
    let mut at = 0;
    for (start, end, open, close) in &tags {
        let fits = *start >= at
            && start < end
            && text.is_char_boundary(*start)
            && text.is_char_boundary(*end)
            && *end <= text.len();
        if !fits {
            continue; // overlapping or broken span: TimeML tags cannot cross
        }
        body.push_str(&escape(&text[at..*start]));
        body.push_str(open);
        body.push_str(&escape(&text[*start..*end]));
        body.push_str(close);
        at = *end;
    }
    body.push_str(&escape(text.get(at..).unwrap_or("")));
    let mut instances = String::new();
    for (i, e) in article.events.iter().enumerate() {
        let polarity = if e.modality == "negated" {
            "NEG"
        } else {
            "POS"
        };
        let modality = match e.modality.as_str() {
            "planned" | "promised" => " modality=\"will\"",
            "requested" => " modality=\"should\"",
            "threatened" => " modality=\"would\"",
            "speculated" | "hypothetical" => " modality=\"may\"",
            _ => "",
        };
        instances.push_str(&format!(
            "<MAKEINSTANCE eiid=\"ei{}\" eventID=\"e{}\" pos=\"UNKNOWN\" tense=\"NONE\" aspect=\"NONE\" polarity=\"{polarity}\"{modality}/>\n",
            i + 1,
            i + 1
        ));
    }
    let dct = article
        .date
        .map(|d| d.date.to_string())
        .map(|d| {
            format!(
                "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{d}\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">{d}</TIMEX3></DCT>\n"
            )
        })
        .unwrap_or_default();
    let title = article
        .title
        .as_deref()
        .map(|t| format!("<TITLE>{}</TITLE>\n", escape(t)))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">\n<DOCID>{}</DOCID>\n{dct}{title}<TEXT>{body}</TEXT>\n{instances}</TimeML>\n",
        escape(&article.id)
    )
}

/// A file name for an article id: safe characters only.
fn file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    format!("{}.tml", if safe.is_empty() { "article" } else { &safe })
}

/// Writes one `<id>.tml` per article into `dir` (created if needed).
pub fn write_dir(archive: &Archive, dir: &Path, include_duplicates: bool) -> Result<usize> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut n = 0;
    let mut used = std::collections::HashSet::new();
    archive.for_each_article(include_duplicates, |article, _| {
        let mut name = file_name(&article.id);
        if !used.insert(name.clone()) {
            name = format!("{}-{n}.tml", name.trim_end_matches(".tml"));
        }
        let path = dir.join(&name);
        let mut f = std::fs::File::create(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        f.write_all(document(&article).as_bytes())
            .map_err(|source| Error::Io { path, source })?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle::doc::{Timex, TimexType};

    #[test]
    fn timex_tags_wrap_their_text_and_escape_the_rest() {
        let mut a = Article::new("Talks on March 17 & 18 <maybe>.".into());
        a.id = "x/1".into();
        a.date = chronicle::date::PubDate::parse("2021-03-05");
        a.times.push(Timex {
            start: 9,
            end: 17,
            text: "March 17".into(),
            kind: TimexType::Date,
            value: "2021-03-17".into(),
            modifier: None,
            range: None,
            anchor: TimeAnchor::Document {
                value: "2021-03-05".into(),
            },
        });
        let doc = document(&a);
        assert!(doc.contains("<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-03-17\" temporalFunction=\"true\" anchorTimeID=\"t0\" functionInDocument=\"NONE\">March 17</TIMEX3> &amp; 18 &lt;maybe&gt;."), "{doc}");
        assert!(doc.contains("functionInDocument=\"CREATION_TIME\">2021-03-05</TIMEX3></DCT>"));
        assert!(doc.contains("<DOCID>x/1</DOCID>"));
        assert_eq!(file_name("x/1"), "x_1.tml");
        // A broken span is skipped, never a panic.
        a.times[0].end = 999;
        assert!(document(&a).contains("March 17 &amp; 18"));
    }
}
