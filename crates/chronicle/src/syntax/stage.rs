//! The syntax stage: POS tags for every token, chunks per sentence.

use std::sync::Arc;

use super::chunker::Chunker;
use super::decode::{labels_of, with_scratch};
use super::model::{SyntaxModel, SHIPPED_CHUNK, SHIPPED_POS};
use super::parse;
use super::tagger::PosTagger;
use crate::doc::{Article, Chunk, Dep, Range};
use crate::error::Result;
use crate::learn::spans::tag_spans;
use crate::learn::Model;

/// The syntax stage: POS tags for every token, chunks per sentence.
pub struct SyntaxStage {
    pos: Arc<PosTagger>,
    chunker: Arc<Chunker>,
    /// The dependency parser (fills `deps` and `lemmas`) when the stage has one.
    parser: Option<Arc<parse::Parser>>,
}

impl SyntaxStage {
    /// POS tags and chunks with the shipped models. The parser is not in it: it triples the
    /// stage's cost and no later stage reads its layers yet (see `with_shipped_parser`).
    pub fn standard() -> Result<Self> {
        Ok(SyntaxStage {
            pos: PosTagger::shipped()?,
            chunker: Chunker::shipped()?,
            parser: None,
        })
    }

    /// The standard stage plus the shipped dependency parser (`deps`, `lemmas`).
    pub fn with_shipped_parser(mut self) -> Result<Self> {
        self.parser = Some(parse::Parser::shipped()?);
        Ok(self)
    }

    /// The stage without its parser (POS + chunks only).
    pub fn without_parser(mut self) -> Self {
        self.parser = None;
        self
    }

    /// Adds a dependency parser (the stage then fills `deps` and `lemmas`).
    pub fn with_parser(mut self, parser: parse::Parser) -> Self {
        self.parser = Some(Arc::new(parser));
        self
    }
    /// Decodes the shipped models afresh (for measuring load time; use [`SyntaxStage::standard`]).
    pub fn decode_shipped() -> Result<Self> {
        Ok(Self::new(
            PosTagger::from_model(Model::from_gzip(SHIPPED_POS)?)?,
            Chunker::from_model(Model::from_gzip(SHIPPED_CHUNK)?)?,
        )
        .with_parser(parse::Parser::from_gzip(parse::SHIPPED_PARSER)?))
    }

    pub fn new(pos: PosTagger, chunker: Chunker) -> Self {
        SyntaxStage {
            pos: Arc::new(pos),
            chunker: Arc::new(chunker),
            parser: None,
        }
    }
}

impl crate::stage::Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }
    fn annotate(&self, article: &mut Article) {
        let text = &article.text;
        let mut pos = vec![String::new(); article.tokens.len()];
        let mut chunks = Vec::new();
        let parser = self.parser.as_deref();
        let (mut deps, mut lemmas) = if parser.is_some() {
            let n = article.tokens.len();
            (vec![Dep::default(); n], vec![String::new(); n])
        } else {
            (Vec::new(), Vec::new())
        };
        let mut tree = parse::Tree::default();
        with_scratch(|s| {
            let mut words: Vec<&str> = Vec::new();
            for sentence in &article.sentences {
                if crate::budget::expired() {
                    break;
                }
                let tokens = article
                    .tokens
                    .get(sentence.token_start..sentence.token_end)
                    .unwrap_or(&[]);
                words.clear();
                words.extend(tokens.iter().map(|t| t.text(text)));
                self.pos
                    .decode(&words, &mut s.pos, &mut s.work, &mut s.pos_path);
                self.chunker.decode_indexed(
                    &words,
                    (&self.pos.model, &s.pos_path),
                    (&mut s.chunk_words, &mut s.tag_tables),
                    &mut s.work,
                    &mut s.chunk_path,
                );
                let chunk_tags: Vec<&str> = labels_of(&self.chunker.model, &s.chunk_path).collect();
                for span in tag_spans(&chunk_tags) {
                    let (Some(first), Some(last)) =
                        (tokens.get(span.start), tokens.get(span.end.wrapping_sub(1)))
                    else {
                        continue;
                    };
                    let range = Range::new(first.start, last.end);
                    chunks.push(Chunk {
                        start: range.start,
                        end: range.end,
                        text: range.slice(text).to_string(),
                        label: span.label,
                    });
                }
                let tags: Vec<&str> = labels_of(&self.pos.model, &s.pos_path).collect();
                for (slot, tag) in pos.iter_mut().skip(sentence.token_start).zip(&tags) {
                    *slot = tag.to_string();
                }
                if let Some(parser) = parser {
                    parser.parse_into(&words, &tags, &mut tree);
                    let base = sentence.token_start;
                    for (k, (&h, &l)) in tree.heads.iter().zip(&tree.labels).enumerate() {
                        if let Some(dep) = deps.get_mut(base + k) {
                            *dep = Dep {
                                head: (h > 0).then(|| base + h as usize - 1),
                                rel: parser.label(l).to_string(),
                            };
                        }
                        if let Some(lemma) = lemmas.get_mut(base + k) {
                            let word = words.get(k).copied().unwrap_or("");
                            *lemma = parser
                                .lemmatizer
                                .lemma(word, tags.get(k).copied().unwrap_or(""));
                        }
                    }
                }
            }
        });
        article.pos = pos;
        article.chunks = chunks;
        article.deps = deps;
        article.lemmas = lemmas;
    }
}

/// Which sentences of an article to parse (one flag per sentence).
pub type SentenceSelector = Box<dyn Fn(&Article) -> Vec<bool> + Send + Sync>;

/// The dependency parser run after linking on the sentences a later stage asks for (the
/// events stage: a trigger and a political actor), so the standard pipeline reads trees
/// where events need them without parsing every sentence. Fills `deps` for those sentences
/// (the other tokens keep no head and an empty relation) and leaves `lemmas` empty (the
/// syntax stage fills both for every sentence with `extract --parse`, and then this stage
/// does nothing).
pub struct ParseStage {
    parser: Arc<parse::Parser>,
    select: SentenceSelector,
}

impl ParseStage {
    /// The shipped parser on the sentences `select` picks.
    pub fn shipped(select: SentenceSelector) -> Result<Self> {
        Ok(ParseStage {
            parser: parse::Parser::shipped()?,
            select,
        })
    }
}

impl crate::stage::Stage for ParseStage {
    fn name(&self) -> &'static str {
        "parse"
    }
    fn annotate(&self, article: &mut Article) {
        let n = article.tokens.len();
        if article.deps.len() == n && n > 0 {
            return;
        }
        let wanted = (self.select)(article);
        if !wanted.iter().any(|&w| w) {
            return;
        }
        let mut deps = vec![Dep::default(); n];
        let mut tree = parse::Tree::default();
        let text = &article.text;
        let mut words: Vec<&str> = Vec::new();
        for (sentence, _) in article.sentences.iter().zip(&wanted).filter(|(_, w)| **w) {
            if crate::budget::expired() {
                break;
            }
            let range = sentence.token_start..sentence.token_end;
            let (Some(tokens), Some(tags)) =
                (article.tokens.get(range.clone()), article.pos.get(range))
            else {
                continue;
            };
            words.clear();
            words.extend(tokens.iter().map(|t| t.text(text)));
            self.parser.parse_into(&words, tags, &mut tree);
            let base = sentence.token_start;
            for (k, (&h, &l)) in tree.heads.iter().zip(&tree.labels).enumerate() {
                if let Some(dep) = deps.get_mut(base + k) {
                    *dep = Dep {
                        head: (h > 0).then(|| base + h as usize - 1),
                        rel: self.parser.label(l).to_string(),
                    };
                }
            }
        }
        article.deps = deps;
    }
}
