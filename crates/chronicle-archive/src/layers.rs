//! The annotation layers as stored in the `layers` table, both ways.
//!
//! Serde is the single source of truth: the blob is the [`Article`] as serde writes it, less the
//! fields the `articles` row keeps in its own columns ([`Columns`]) and the token-parallel layers
//! that are recomputed rather than stored (tokens, POS tags, chunks). A layer added to `Article`
//! is therefore stored and read back with no change here; a field that should *not* be stored
//! has to be named in [`Columns`] or in `encode`, where a reviewer sees it.
//!
//! Format 1 (archives written before 2026-12) listed the layers by hand, keys in alphabetical
//! order, empty layers left out; it is still read.

use std::io::{Read, Write};

use chronicle::date::PubDate;
use chronicle::doc::{Article, Chunk, Dep, Token};

use crate::error::{Error, Result};

/// The format `encode` writes.
pub(crate) const LAYERS_FORMAT: i64 = 2;

/// The article fields kept in the row's own columns: taken out before the layers are
/// written, and put back into the decoded article from the row.
#[derive(Default)]
pub(crate) struct Columns {
    id: String,
    source: Option<String>,
    url: Option<String>,
    date: Option<PubDate>,
    title: Option<String>,
    text: String,
}

impl Columns {
    pub(crate) fn take(article: &mut Article) -> Columns {
        Columns {
            id: std::mem::take(&mut article.id),
            source: article.source.take(),
            url: article.url.take(),
            date: article.date.take(),
            title: article.title.take(),
            text: std::mem::take(&mut article.text),
        }
    }

    pub(crate) fn put_back(self, article: &mut Article) {
        article.id = self.id;
        article.source = self.source;
        article.url = self.url;
        article.date = self.date;
        article.title = self.title;
        article.text = self.text;
    }
}

/// Layers not stored: parallel to the tokens (or, for chunks, to their tags), they would be
/// most of the database, and they mean nothing without the tokens, which are not stored either.
struct Recomputed {
    tokens: Vec<Token>,
    pos: Vec<String>,
    chunks: Vec<Chunk>,
    deps: Vec<Dep>,
    lemmas: Vec<String>,
}

impl Recomputed {
    fn take(article: &mut Article) -> Recomputed {
        Recomputed {
            tokens: std::mem::take(&mut article.tokens),
            pos: std::mem::take(&mut article.pos),
            chunks: std::mem::take(&mut article.chunks),
            deps: std::mem::take(&mut article.deps),
            lemmas: std::mem::take(&mut article.lemmas),
        }
    }

    fn put_back(self, article: &mut Article) {
        article.tokens = self.tokens;
        article.pos = self.pos;
        article.chunks = self.chunks;
        article.deps = self.deps;
        article.lemmas = self.lemmas;
    }
}

/// The stored form of `article`'s layers (format [`LAYERS_FORMAT`]): deflated JSON. The
/// article is lent, not changed: what is taken out for the encoding is put back.
pub(crate) fn encode(article: &mut Article) -> Result<Vec<u8>> {
    let columns = Columns::take(article);
    let recomputed = Recomputed::take(article);
    let json = serde_json::to_vec(&*article);
    recomputed.put_back(article);
    columns.put_back(article);
    let json = json?;
    let mut out = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(json.len() / 4),
        flate2::Compression::fast(),
    );
    out.write_all(&json)?;
    Ok(out.finish()?)
}

/// Puts the stored layers back into `article`, whose column fields are already set.
pub(crate) fn decode(article: &mut Article, format: i64, data: &[u8]) -> Result<()> {
    let mut json = Vec::with_capacity(data.len() * 4);
    flate2::read::DeflateDecoder::new(data).read_to_end(&mut json)?;
    match format {
        2 => {
            let mut stored: Article = serde_json::from_slice(&json)?;
            Columns::take(article).put_back(&mut stored);
            *article = stored;
            Ok(())
        }
        1 => decode_format_1(article, &json),
        _ => Err(Error::Query(format!(
            "unknown layer format {format} (a newer chronicle wrote it)"
        ))),
    }
}

/// Format 1: an object of the non-empty layers. Read through the same serde model: the stored
/// keys are merged into the article as serde writes it, then read back as a whole.
fn decode_format_1(article: &mut Article, json: &[u8]) -> Result<()> {
    let layers: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(json)?;
    let columns = Columns::take(article);
    let mut whole = match serde_json::to_value(&*article)? {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    whole.extend(layers);
    let mut stored: Article = serde_json::from_value(serde_json::Value::Object(whole))?;
    columns.put_back(&mut stored);
    *article = stored;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotated() -> Article {
        let mut article = Article::new(
            "date 2021-03-05\nSeoul and Washington will hold talks in Seoul on Thursday.".into(),
        );
        article.id = "a1".into();
        article.title = Some("Talks".into());
        article.date = PubDate::parse("2021-03-05");
        chronicle::Pipeline::standard()
            .expect("the standard pipeline loads")
            .annotate(&mut article);
        article
    }

    #[test]
    fn every_layer_but_the_recomputed_ones_round_trips() {
        let mut article = annotated();
        assert!(!article.events.is_empty() && !article.tokens.is_empty());
        let before = article.clone();
        let data = encode(&mut article).unwrap();
        assert_eq!(
            article, before,
            "encoding lends the article and gives it back"
        );
        let mut read = Article {
            id: before.id.clone(),
            text: before.text.clone(),
            title: before.title.clone(),
            date: before.date,
            ..Default::default()
        };
        decode(&mut read, LAYERS_FORMAT, &data).unwrap();
        let expected = Article {
            tokens: Vec::new(),
            pos: Vec::new(),
            chunks: Vec::new(),
            deps: Vec::new(),
            lemmas: Vec::new(),
            ..before
        };
        assert_eq!(read, expected);
    }

    #[test]
    fn format_1_blobs_still_read() {
        let before = annotated();
        let legacy = serde_json::json!({
            "actors": before.actors,
            "events": before.events,
            "sentences": before.sentences,
            "times": before.times,
        });
        let mut out = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        out.write_all(legacy.to_string().as_bytes()).unwrap();
        let data = out.finish().unwrap();
        let mut read = Article {
            id: "a1".into(),
            text: before.text.clone(),
            ..Default::default()
        };
        decode(&mut read, 1, &data).unwrap();
        assert_eq!(read.events, before.events);
        assert_eq!(read.actors, before.actors);
        assert_eq!(read.times, before.times);
        assert!(read.entities.is_empty());
        assert_eq!(read.text, before.text);
    }

    #[test]
    fn an_unknown_format_is_an_error() {
        assert!(decode(&mut Article::default(), 9, &[]).is_err());
    }
}
