//! The typed requests and the serde rows the queries return.

use chronicle::doc::Article;
use serde::{Deserialize, Serialize};

/// Full-text search over articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Words (all must occur), `"quoted phrases"`, `OR`, `NOT`, `prefix*`. Empty: every
    /// article matching the filters, newest first.
    pub text: String,
    /// Publication dates, inclusive, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Articles mentioning every one of these actor codes (`KOR` also matches `KORGOV`).
    pub actors: Vec<String>,
    /// Articles mentioning an actor of this country (ISO alpha-3).
    pub country: Option<String>,
    /// Articles reporting an event of this PLOVER type / CAMEO code (prefix).
    pub plover: Option<String>,
    pub cameo: Option<String>,
    /// Also list near-duplicate copies (by default each story counts once).
    pub include_duplicates: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Matched words in `[brackets]`, `…` where text was cut.
    pub snippet: String,
    /// bm25 relevance: higher is better (0 for filter-only listings).
    pub score: f64,
    /// The id of the first copy when this article is a near-duplicate.
    pub duplicate_of: Option<String>,
}

/// Merged events, filtered.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventQuery {
    /// Events involving every one of these actor codes (as source or target; `USA`
    /// also matches `USAGOV`).
    pub actors: Vec<String>,
    /// Events in which every one of these stored actors (`ActorRow::id`) is a source or
    /// target: one actor, not every actor sharing its code.
    pub actor_ids: Vec<i64>,
    /// Words the reporting articles contain (the search syntax of [`SearchQuery::text`]).
    pub text: String,
    pub plover: Option<String>,
    /// CAMEO code prefix (`03`, `036`).
    pub cameo: Option<String>,
    /// asserted, planned, speculated, negated, hypothetical.
    pub modality: Option<String>,
    /// Event day (when it happens), inclusive, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Located in, or involving an actor of, this country.
    pub country: Option<String>,
    /// Located at this place: the event's stored `location`, exactly (case aside), as
    /// [`PlaceRow::location`] names it.
    #[serde(default)]
    pub location: Option<String>,
    pub min_confidence: Option<f64>,
    /// Also events reported only by near-duplicate copies.
    pub include_duplicates: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: i64,
    /// TIMEX3 value of when it happens (the most precise one reported).
    pub date: Option<String>,
    /// First and last day it may fall on (`YYYY-MM-DD`).
    pub start: Option<String>,
    pub end: Option<String>,
    pub plover: String,
    pub cameo: String,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
    pub modality: String,
    pub planned: bool,
    pub source_codes: Vec<String>,
    pub target_codes: Vec<String>,
    pub source_names: String,
    pub target_names: String,
    pub location: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The sentence of the first report.
    pub summary: String,
    pub num_mentions: i64,
    pub num_articles: i64,
    pub num_sources: i64,
    /// Reporting articles that are not near-duplicates of each other.
    pub num_independent: i64,
    pub first_report: Option<String>,
    pub last_report: Option<String>,
    /// Id of the article that first reported it.
    pub first_article: String,
    pub first_article_url: Option<String>,
    pub confidence: f64,
    /// For a happened event: the planned event that announced it.
    pub planned_event: Option<i64>,
    /// For a planned event: the event that realised it.
    pub realized_by: Option<i64>,
    /// The stored actors of its sources and targets (their pages are `/actors/{id}`).
    #[serde(default)]
    pub actors: Vec<EventActor>,
}

/// A stored actor as a source or target of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    /// `source` or `target`.
    pub role: String,
}

/// A timeline: events of an actor, or of the articles matching a text query, in the
/// order they happen (not the order they were reported).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineQuery {
    /// An actor code (`KOR`, `USAGOV`) or else a full-text query.
    pub subject: String,
    /// Stored actors (`actors.id`) whose events these are; when given, `subject` is only
    /// echoed (a name resolved to these actors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actor_ids: Vec<i64>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_duplicates: bool,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActorQuery {
    /// A name or a code, ranked: exact name or code first, then names starting with it,
    /// then names containing it (what a person types into an actor field).
    pub q: Option<String>,
    pub country: Option<String>,
    /// Code prefix (`KOR` lists KOR, KORGOV, KORMIL ...).
    pub code: Option<String>,
    /// Case-insensitive substring of the name.
    pub name: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRow {
    /// The actor's row: its page is `/actors/{id}`.
    pub id: i64,
    pub key: String,
    pub name: String,
    pub code: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub kind: Option<String>,
    /// Non-duplicate articles mentioning it, and their mentions.
    pub articles: i64,
    pub mentions: i64,
}

/// One article with its annotations, as `chronicle show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub article: Article,
    pub duplicate_of: Option<String>,
    pub similarity: Option<f64>,
    /// Later near-copies of this article.
    pub duplicates: Vec<String>,
    /// The merged events this article reports (in the order of its events layer).
    pub events: Vec<EventRow>,
    pub ingested_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: i64,
    pub articles: i64,
    /// Articles that are not near-duplicates: the number of stories.
    pub stories: i64,
    pub duplicates: i64,
    pub text_bytes: i64,
    pub events: i64,
    pub mentions: i64,
    /// Events reported by more than one independent article.
    pub multi_source_events: i64,
    /// Happened events linked to the plan that announced them.
    pub realized_plans: i64,
    pub actors: i64,
    pub first_article: Option<String>,
    pub last_article: Option<String>,
    pub events_by_plover: Vec<(String, i64)>,
    pub events_by_modality: Vec<(String, i64)>,
    /// Pipeline stages that ran on the stored articles, as recorded by the last ingest.
    pub stages: Option<String>,
    pub database_bytes: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkQuery {
    /// Only edges touching this actor code (prefix-matched like everywhere else).
    pub actor: Option<String>,
    /// Only the events of these stored actors (`actors.id`): a name resolved to them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actor_ids: Vec<i64>,
    pub plover: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub modality: Option<String>,
    pub min_events: Option<i64>,
    pub limit: Option<usize>,
}

/// A directed actor-to-actor edge: source actors acting on target actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub events: i64,
    /// Events weighted by their independent reports.
    pub weight: i64,
    pub mean_goldstein: Option<f64>,
    /// Events per quad class 1..4.
    pub by_quad: [i64; 4],
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    #[default]
    Month,
    Year,
    /// The finest of the four that puts the events (or `since`..`until`) on at most
    /// [`periods::AUTO_MAX_PERIODS`](crate::query::periods::AUTO_MAX_PERIODS) periods;
    /// [`Counts::interval`] says which was taken.
    Auto,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CountsQuery {
    pub interval: Interval,
    pub actor: Option<String>,
    /// Only the events of these stored actors (`actors.id`): a name resolved to them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actor_ids: Vec<i64>,
    pub plover: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_duplicates: bool,
}

/// Events per period and quad class (when they happen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountRow {
    /// `2021-03-17`, `2021-W11`, `2021-03` or `2021`.
    pub period: String,
    pub quad_class: u8,
    pub quad_name: String,
    pub events: i64,
    /// Mean Goldstein score of those events (absent when none has one).
    #[serde(default)]
    pub mean_goldstein: Option<f64>,
}

/// A place on the map: the matching events located there, by quad class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRow {
    pub location: String,
    /// ISO 3166 alpha-3 of the place, when known.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub events: i64,
    /// Events per quad class 1..4.
    pub by_quad: [i64; 4],
    pub mean_goldstein: Option<f64>,
    /// First and last day the events there happen (ISO), when dated.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// The places of the events matching a query, busiest first, and how many matching
/// events have no coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Places {
    pub places: Vec<PlaceRow>,
    pub unplaced: i64,
}

/// One period of a time axis: its key (as in [`CountRow::period`]) and its first and
/// last day (ISO dates, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub period: String,
    pub start: String,
    pub end: String,
}

/// Events that have no place on a time axis, by why and quad class: `before_report`
/// (only known to lie before the report, `PAST_REF`), `after_report` (`FUTURE_REF`) and
/// `undated` (no date, or one that pins no day such as `XXXX-WXX-6`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndatedCount {
    pub kind: String,
    pub quad_class: u8,
    pub quad_name: String,
    pub events: i64,
}

/// Events over time: every period between the first and the last (or `since` and `until`
/// when given), consecutive and in order, the dated counts, and the events the axis cannot
/// place (counted only when no date bound is given: they lie in no range).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub interval: Interval,
    pub periods: Vec<Period>,
    /// Dated counts per (period, quad class), in period order; periods without events
    /// have no row.
    pub rows: Vec<CountRow>,
    pub undated: Vec<UndatedCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    pub article: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub report_date: Option<String>,
    pub cameo: String,
    pub modality: String,
    pub date: Option<String>,
    pub trigger: String,
    pub sentence: String,
    pub confidence: f64,
    pub duplicate: bool,
    pub source: Option<String>,
}

/// One actor with what the archive knows of it: the actor page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorDetail {
    pub actor: ActorRow,
    /// Events it is a source or target of (counted, non-duplicate).
    pub events: i64,
    pub as_source: i64,
    pub as_target: i64,
    /// Whom it acts on and who acts on it, most events first.
    pub counterparts: Vec<Counterpart>,
    /// Its events per month (`YYYY-MM`) by quad class, every month from the first to the
    /// last, zeros included.
    pub by_month: Vec<MonthCount>,
    /// Its events with no day on the calendar.
    pub undated: i64,
    /// The newest articles mentioning it.
    pub articles: Vec<ActorArticle>,
    /// Quotes it said, from the newest articles mentioning it.
    pub quotes: Vec<ActorQuote>,
}

/// Another actor of the same events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counterpart {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    /// Events in which the page's actor acts on this one, by quad class 1..4.
    pub acts_on: [i64; 4],
    /// Events in which this one acts on the page's actor, by quad class 1..4.
    pub acted_on_by: [i64; 4],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthCount {
    pub period: String,
    /// Events per quad class 1..4.
    pub by_quad: [i64; 4],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorArticle {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub mentions: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorQuote {
    pub article: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub text: String,
    /// The words naming the speaker in the article, when not the name.
    pub speaker: String,
}

/// A stored correction with the coding it corrects, as `export --format feedback` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackRow {
    pub id: i64,
    pub created_at: i64,
    pub field: String,
    pub correction: String,
    pub note: String,
    /// The event as coded when it was flagged.
    pub event: EventRow,
    /// Its reports: article id, sentence, trigger.
    pub mentions: Vec<MentionRow>,
}
