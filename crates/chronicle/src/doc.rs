//! The document model: one [`Article`] that every stage annotates in stand-off layers.
//!
//! `text` is exactly what the reader produced and is never rewritten. Every annotation
//! points into it with `start`/`end` **byte offsets** (always on `char` boundaries), and
//! carries a copy of its `text` so that a consumer of the JSON output needs nothing else.
//! Stages read earlier layers and add their own; they never edit another stage's layer
//! except to fill the fields reserved for them (e.g. the linker sets [`Entity::link`]).

use serde::{Deserialize, Serialize};

use crate::date::PubDate;

/// A half-open byte range `[start, end)` into [`Article::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Range {
    pub start: usize,
    pub end: usize,
}

impl Range {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Range { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Range) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Range) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The slice of `text` this range covers ("" when it does not fit, never a panic).
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A span of text with its surface form: the unit most layers are made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Span {
    pub fn new(doc_text: &str, range: Range) -> Self {
        Span {
            start: range.start,
            end: range.end,
            text: range.slice(doc_text).to_string(),
        }
    }
    pub fn range(&self) -> Range {
        Range::new(self.start, self.end)
    }
}

/// Who wrote the article, as printed in its byline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    pub author: Option<String>,
    pub email: Option<String>,
    /// Where the byline stands in `text`, when it is part of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// What role a paragraph plays in the article's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// A header line such as the `date YYYY-MM-DD` marker: read, but not prose.
    Header,
    Title,
    Caption,
    Dateline,
    Body,
    Byline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub kind: ParagraphKind,
    pub text: String,
}

/// Token classes the tokenizer can tell apart without a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Email,
    Url,
}

/// A token: only offsets are stored (the hot path); its text is `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn range(&self) -> Range {
        Range::new(self.start, self.end)
    }
    pub fn text<'t>(&self, doc_text: &'t str) -> &'t str {
        self.range().slice(doc_text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Index into [`Article::paragraphs`].
    pub paragraph: usize,
    /// Tokens of this sentence: `tokens[token_start..token_end]`.
    pub token_start: usize,
    pub token_end: usize,
}

/// A phrase chunk (NP, VP, PP, ...) from the syntax stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: String,
}

/// A token's place in the dependency tree (syntax stage), parallel to `tokens`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dep {
    /// Index into [`Article::tokens`] of the head; none for the root of a sentence.
    pub head: Option<usize>,
    /// Universal Dependencies v2 relation (`nsubj`, `obj`, `obl:agent`, `root`, ...).
    pub rel: String,
}

/// A named entity or a rule-found mention (title, money, quantity, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// PER, ORG, LOC, MISC, NORP, TITLE, MONEY, QUANTITY, PERCENT (or a trained model's own
    /// label, see [`EntityLabel::Other`]).
    pub label: EntityLabel,
    pub score: f32,
    /// The actor this mention refers to (set by the linking stage), else null.
    #[serde(default)]
    pub link: Option<String>,
}

/// The label of an [`Entity`]: the model's PER/ORG/LOC/MISC and the rules' NORP, TITLE,
/// MONEY, QUANTITY and PERCENT.
///
/// A model trained on another tag set (`chronicle train ner`) may predict labels outside this
/// list: they are kept as they are in [`EntityLabel::Other`] rather than mapped or dropped, so
/// such a model's output survives a round trip through JSON and the archive. In JSON a label
/// is its name as a plain string (`"PER"`, or the unknown label itself).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityLabel {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A location.
    Loc,
    /// Another name (events, works, nationalities the model finds).
    Misc,
    /// A nationality, religious or political group ("South Korean", "Americans").
    Norp,
    /// A title or role ("Foreign Minister").
    Title,
    Money,
    Quantity,
    Percent,
    /// A label outside the list above, from a model trained on another tag set. Never holds
    /// one of the names above (parsing maps those to their variant).
    Other(String),
}

impl EntityLabel {
    /// The labels Chronicle's own model and rules produce.
    pub const KNOWN: [EntityLabel; 9] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
        EntityLabel::Norp,
        EntityLabel::Title,
        EntityLabel::Money,
        EntityLabel::Quantity,
        EntityLabel::Percent,
    ];

    /// The label's name as it appears in JSON, TSV and the archive (`PER`, `MONEY`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
            EntityLabel::Norp => "NORP",
            EntityLabel::Title => "TITLE",
            EntityLabel::Money => "MONEY",
            EntityLabel::Quantity => "QUANTITY",
            EntityLabel::Percent => "PERCENT",
            EntityLabel::Other(s) => s,
        }
    }

    /// The label named `name` (exact, case-sensitive); unknown names become
    /// [`EntityLabel::Other`].
    pub fn parse(name: &str) -> EntityLabel {
        match name {
            "PER" => EntityLabel::Per,
            "ORG" => EntityLabel::Org,
            "LOC" => EntityLabel::Loc,
            "MISC" => EntityLabel::Misc,
            "NORP" => EntityLabel::Norp,
            "TITLE" => EntityLabel::Title,
            "MONEY" => EntityLabel::Money,
            "QUANTITY" => EntityLabel::Quantity,
            "PERCENT" => EntityLabel::Percent,
            other => EntityLabel::Other(other.to_string()),
        }
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for EntityLabel {
    type Err = std::convert::Infallible;
    /// Never fails: see [`EntityLabel::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(EntityLabel::parse(s))
    }
}

impl Serialize for EntityLabel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EntityLabel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Ok(EntityLabel::parse(&name))
    }
}

/// A TIMEX3 range for intervals such as "March 17-18".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    pub begin: String,
    pub end: String,
}

/// What a time expression was resolved against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TimeAnchor {
    /// The article's publication date.
    Document { value: String },
    /// Another time expression in the text (index into [`Article::times`]).
    Time { index: usize, value: String },
    /// Absolute: needs no anchor.
    None,
}

/// A time expression normalised to TIMEX3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: 2021-03-17, 2021-03, 2021-W10, P3D, XXXX-WXX-1, PRESENT_REF, ...
    pub value: String,
    #[serde(default, rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<TimeRange>,
    pub anchor: TimeAnchor,
}

/// An actor of the article: a knowledge-base entry or an article-local one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// KB id (e.g. `kb:person/joe-biden`) or article-local (`local:3`).
    pub id: String,
    pub name: String,
    /// CAMEO actor code, e.g. USAGOV, KORGOV, PRK.
    pub code: Option<String>,
    /// ISO 3166 alpha-3 country code.
    pub country: Option<String>,
    /// CAMEO sector codes (GOV, MIL, ...).
    #[serde(default)]
    pub sector: Vec<String>,
    pub role: Option<String>,
    /// Some mention reached this KB actor through a spelling correction (see `typo_mentions`).
    #[serde(default)]
    pub typo: bool,
    /// `place` when the mentions name a location rather than an agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub mentions: Vec<Span>,
    /// The mentions that are misspellings of the actor's name ("Joe Bien"); the others are
    /// spelled as the KB has them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typo_mentions: Vec<Span>,
    /// The mentions that name nothing themselves — a pronoun ("he", "we") or a common noun
    /// ("the government", "officials", "creditors", "the company") — and reached this actor
    /// from the context the linker read: a side known only so is weaker evidence than a name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_mentions: Vec<Span>,
}

/// An actor as referenced from an event: enough to read the record alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
}

/// Where an event takes place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Who says an event happened (or will).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub actor: Option<ActorRef>,
}

/// Defines a string-like enum: serde, `Display`, `as_str`, `FromStr` and comparison with
/// strings, so the JSON and every text rendering stay the plain word.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $rename:literal, { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = $rename)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every word, in declaration order (for validating and listing names).
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The word as written in JSON and text output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(concat!("unknown ", stringify!($name), " {:?}"), s)),
                }
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == other.as_str()
            }
        }
    };
}

word_enum!(
    /// The TIMEX3 type of a time expression.
    TimexType, "UPPERCASE", {
        /// A calendar date or period: "March 17", "last week", "2021".
        Date = "DATE",
        /// A time of day: "3 p.m.", "Friday morning".
        Time = "TIME",
        /// An amount of time: "three days".
        Duration = "DURATION",
        /// A recurrence: "every Monday".
        Set = "SET",
    }
);

word_enum!(
    /// How sure an event is (coding guide §4); the last three are the content of a speech act.
    Modality, "lowercase", {
        Asserted = "asserted",
        Planned = "planned",
        Speculated = "speculated",
        Negated = "negated",
        Hypothetical = "hypothetical",
        Requested = "requested",
        Threatened = "threatened",
        Promised = "promised",
    }
);

word_enum!(
    /// PLOVER's 16 event types.
    PloverType, "UPPERCASE", {
        Agree = "AGREE",
        Consult = "CONSULT",
        Support = "SUPPORT",
        Concede = "CONCEDE",
        Cooperate = "COOPERATE",
        Aid = "AID",
        Retreat = "RETREAT",
        Request = "REQUEST",
        Accuse = "ACCUSE",
        Reject = "REJECT",
        Threaten = "THREATEN",
        Protest = "PROTEST",
        Sanction = "SANCTION",
        Mobilize = "MOBILIZE",
        Coerce = "COERCE",
        Assault = "ASSAULT",
    }
);

/// One coded event: who did what to whom, when, where, how sure, and who says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO code, 2 to 4 digits ("036", "0311").
    pub cameo: String,
    /// One of PLOVER's 16 event types.
    pub plover: PloverType,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub context: Vec<String>,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    pub trigger: Span,
    /// Index into [`Article::sentences`].
    pub sentence: usize,
    /// TIMEX3 value of when the event happens.
    pub date: Option<String>,
    /// `text`, `tense` or `publication`.
    pub date_source: String,
    /// asserted, planned, speculated, negated, hypothetical; for the content of a speech act
    /// requested, threatened or promised.
    pub modality: Modality,
    pub attribution: Option<Attribution>,
    pub location: Option<Location>,
    pub confidence: f32,
    /// Index (into [`Article::events`]) of the speech act whose content this event is:
    /// "urged Y to withdraw" → the withdrawal's `content_of` is the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_of: Option<usize>,
}

/// A direct quote and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<ActorRef>,
    /// The words naming the speaker in the text ("a Foreign Ministry official").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
}

/// A news article and all its annotation layers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Given by the input, else a stable hash of the content (see [`content_id`]).
    pub id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Publication date, optionally with time and zone.
    pub date: Option<PubDate>,
    pub title: Option<String>,
    pub caption: Option<Span>,
    pub dateline: Option<Span>,
    pub byline: Option<Byline>,
    /// The text exactly as read: every offset points into it.
    pub text: String,
    /// Input fields passed through untouched.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Kept internally always; written out only on request (`--tokens`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    /// Penn Treebank part-of-speech tags parallel to `tokens` (syntax stage); written out
    /// only with the tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pos: Vec<String>,
    /// Dependency heads and relations parallel to `tokens` (syntax stage); written out
    /// only with the tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deps: Vec<Dep>,
    /// Lemmas parallel to `tokens` (syntax stage); written out only with the tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lemmas: Vec<String>,
    /// Phrase chunks (syntax stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<Chunk>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub times: Vec<Timex>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

impl Article {
    /// A bare article over `text`; the id is the content hash until a reader sets one.
    pub fn new(text: String) -> Self {
        let id = content_id(&text);
        Article {
            id,
            text,
            ..Default::default()
        }
    }

    /// A [`Span`] over this article's text.
    pub fn span(&self, range: Range) -> Span {
        Span::new(&self.text, range)
    }

    /// The tokens of sentence `index`.
    pub fn sentence_tokens(&self, index: usize) -> &[Token] {
        match self.sentences.get(index) {
            Some(s) => self.tokens.get(s.token_start..s.token_end).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The publication day, when known.
    pub fn day(&self) -> Option<crate::date::Date> {
        self.date.as_ref().map(|d| d.date)
    }
}

/// A stable id for an article without one: 64-bit FNV-1a of its text, as 16 hex digits.
///
/// Stable across runs and platforms, so re-ingesting the same text finds the same row.
pub fn content_id(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_types_by_name() {
        for &t in TimexType::ALL {
            assert_eq!(t.as_str().parse::<TimexType>(), Ok(t));
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
            assert_eq!(
                serde_json::from_str::<TimexType>(&format!("\"{t}\"")).unwrap(),
                t
            );
        }
        assert!("date".parse::<TimexType>().is_err());
        assert!(serde_json::from_str::<TimexType>("\"EVENT\"").is_err());
        assert_eq!(format!("{:<9}|", TimexType::Set), "SET      |");
    }

    #[test]
    fn entity_labels_by_name_and_unknown_ones_kept() {
        for l in EntityLabel::KNOWN {
            assert_eq!(EntityLabel::parse(l.as_str()), l);
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
            assert_eq!(serde_json::from_str::<EntityLabel>(&json).unwrap(), l);
        }
        let gpe = EntityLabel::parse("GPE");
        assert_eq!(gpe, EntityLabel::Other("GPE".into()));
        assert_eq!(serde_json::to_string(&gpe).unwrap(), "\"GPE\"");
        assert_eq!(serde_json::from_str::<EntityLabel>("\"GPE\"").unwrap(), gpe);
        // Names are case-sensitive, as the JSON has always been.
        assert_eq!(EntityLabel::parse("per"), EntityLabel::Other("per".into()));
        assert_eq!(format!("{:<8}|", EntityLabel::Org), "ORG     |");
    }

    #[test]
    fn entity_json_is_unchanged() {
        let json = r#"{"start":0,"end":4,"text":"Seoul","label":"LOC","score":0.5,"link":null}"#;
        let e: Entity = serde_json::from_str(json).unwrap();
        assert_eq!(e.label, EntityLabel::Loc);
        assert_eq!(serde_json::to_string(&e).unwrap(), json);
    }
}
