//! Arrow tables: one schema per table, shared by `chronicle export --format parquet`, the
//! Python package (`Pipeline.annotate_arrow`, `Archive`) and the Spark backfill.
//!
//! Types are real types: a TIMEX3 value that is a whole day also comes as `date32`
//! (`day`), beside the string; an event's interval as `start`/`end` `date32`; actor code
//! lists as `list<string>`; publication times as `timestamp[ms, UTC]`.
//!
//! | table | one row per | schema |
//! |---|---|---|
//! | `articles` | article | [`articles_schema`] |
//! | `entities` | named entity | [`entities_schema`] |
//! | `times` | time expression | [`times_schema`] |
//! | `actors` | actor of an article | [`actors_schema`] |
//! | `events` | event mention | [`event_mentions_schema`] |
//! | merged events | cross-article event | [`merged_events_schema`] |

use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float32Builder, Float64Builder, Int32Builder,
    Int64Builder, Int8Builder, ListBuilder, StringBuilder, TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chronicle::date::PubDate;
use chronicle::doc::{ActorRef, Article};

use crate::codes;
use crate::error::{Error, Result};
use crate::query::EventRow;
use crate::when::{interval_of_timex, iso_to_day};

fn field(name: &str, kind: DataType, nullable: bool) -> Field {
    Field::new(name, kind, nullable)
}

fn utf8(name: &str) -> Field {
    field(name, DataType::Utf8, true)
}

fn required_utf8(name: &str) -> Field {
    field(name, DataType::Utf8, false)
}

fn date32(name: &str) -> Field {
    field(name, DataType::Date32, true)
}

/// `list<string>`, as [`ListBuilder<StringBuilder>`] builds it.
fn string_list(name: &str) -> Field {
    field(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
}

fn timestamp_utc(name: &str) -> Field {
    field(
        name,
        DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        true,
    )
}

/// `articles`: one row per article.
pub fn articles_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        required_utf8("id"),
        utf8("source"),
        utf8("url"),
        utf8("title"),
        // The publication date as given (ISO 8601), its day, and the instant when a time
        // of day was given (a time without a zone is taken as UTC).
        utf8("date"),
        date32("day"),
        timestamp_utc("published"),
        required_utf8("text"),
        field("bytes", DataType::Int64, false),
        field("sentences", DataType::Int32, false),
        field("entities", DataType::Int32, false),
        field("actors", DataType::Int32, false),
        field("events", DataType::Int32, false),
    ]))
}

/// `entities`: one row per named entity; offsets are bytes into the article's text.
pub fn entities_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        required_utf8("article_id"),
        field("idx", DataType::Int32, false),
        field("start", DataType::Int64, false),
        field("end", DataType::Int64, false),
        required_utf8("text"),
        required_utf8("label"),
        field("score", DataType::Float32, false),
        utf8("link"),
    ]))
}

/// `times`: one row per TIMEX3 expression.
pub fn times_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        required_utf8("article_id"),
        field("idx", DataType::Int32, false),
        field("start", DataType::Int64, false),
        field("end", DataType::Int64, false),
        required_utf8("text"),
        required_utf8("type"),
        required_utf8("value"),
        // `value` as a date when it is one whole day (`2021-03-05`).
        date32("day"),
        // The days a DATE value covers (`2021-03` → March 1..31).
        date32("first_day"),
        date32("last_day"),
        utf8("modifier"),
    ]))
}

/// `actors`: one row per actor of an article.
pub fn actors_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        required_utf8("article_id"),
        required_utf8("actor_id"),
        required_utf8("name"),
        utf8("code"),
        utf8("country"),
        string_list("sector"),
        utf8("role"),
        utf8("kind"),
        field("mentions", DataType::Int32, false),
    ]))
}

/// `events`: one row per event mention, as the events stage found it in one article.
pub fn event_mentions_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        required_utf8("article_id"),
        field("idx", DataType::Int32, false),
        required_utf8("cameo"),
        required_utf8("plover"),
        utf8("mode"),
        field("quad_class", DataType::Int8, true),
        field("goldstein", DataType::Float64, true),
        required_utf8("modality"),
        string_list("source_codes"),
        string_list("target_codes"),
        string_list("source_names"),
        string_list("target_names"),
        required_utf8("trigger"),
        field("sentence_idx", DataType::Int32, false),
        required_utf8("sentence"),
        // TIMEX3 value of when the event happens; `day` when it is one whole day;
        // `first_day`..`last_day` the days it covers (the report day when undated).
        utf8("date"),
        date32("day"),
        date32("first_day"),
        date32("last_day"),
        utf8("location"),
        utf8("country"),
        field("lat", DataType::Float64, true),
        field("lon", DataType::Float64, true),
        field("confidence", DataType::Float32, false),
        date32("report_day"),
        utf8("attribution"),
    ]))
}

/// Merged (cross-article) events, as `chronicle export --format parquet` writes them.
pub fn merged_events_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        field("id", DataType::Int64, false),
        utf8("date"),
        date32("day"),
        date32("start"),
        date32("end"),
        required_utf8("plover"),
        required_utf8("cameo"),
        field("quad_class", DataType::Int8, true),
        field("goldstein", DataType::Float64, true),
        required_utf8("modality"),
        field("planned", DataType::Boolean, false),
        string_list("source_codes"),
        string_list("target_codes"),
        utf8("source_names"),
        utf8("target_names"),
        utf8("location"),
        utf8("country"),
        field("lat", DataType::Float64, true),
        field("lon", DataType::Float64, true),
        field("num_mentions", DataType::Int64, false),
        field("num_articles", DataType::Int64, false),
        field("num_sources", DataType::Int64, false),
        field("num_independent", DataType::Int64, false),
        date32("first_report"),
        date32("last_report"),
        field("confidence", DataType::Float64, false),
        field("planned_event", DataType::Int64, true),
        field("realized_by", DataType::Int64, true),
        required_utf8("first_article"),
        utf8("first_article_url"),
        required_utf8("summary"),
    ]))
}

/// The day of a TIMEX3 value that is exactly one day (`YYYY-MM-DD`).
pub fn whole_day(value: &str) -> Option<i32> {
    let v = value.trim();
    if v.len() != 10 {
        return None;
    }
    iso_to_day(v).and_then(|d| i32::try_from(d).ok())
}

fn day32(day: i64) -> Option<i32> {
    i32::try_from(day).ok()
}

/// Milliseconds since the epoch (UTC) of a publication date with a time of day.
pub fn published_millis(date: &PubDate) -> Option<i64> {
    let (h, m, s, ms) = date.time?;
    let seconds = date.date.to_days() * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60
        - i64::from(date.offset_minutes.unwrap_or(0)) * 60
        + i64::from(s);
    Some(seconds * 1000 + i64::from(ms))
}

fn batch(schema: &SchemaRef, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| Error::Query(format!("arrow: {e}")))
}

/// Finishes each column's builder, in schema order, into one batch.
fn finish_batch(schema: &SchemaRef, columns: &mut [&mut dyn ArrayBuilder]) -> Result<RecordBatch> {
    batch(schema, columns.iter_mut().map(|c| c.finish()).collect())
}

fn append_list<'a>(b: &mut ListBuilder<StringBuilder>, items: impl IntoIterator<Item = &'a str>) {
    for item in items {
        b.values().append_value(item);
    }
    b.append(true);
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Codes of the actors on one side of an event, sorted and unique (as the archive keys them).
pub fn side_codes(refs: &[ActorRef]) -> Vec<String> {
    let mut out: Vec<String> = refs
        .iter()
        .filter_map(|r| r.code.as_deref())
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The five annotation tables of a set of annotated articles.
#[derive(Debug, Clone)]
pub struct AnnotationTables {
    pub articles: RecordBatch,
    pub entities: RecordBatch,
    pub times: RecordBatch,
    pub actors: RecordBatch,
    pub events: RecordBatch,
}

impl AnnotationTables {
    /// The tables with their names, in a fixed order.
    pub fn named(&self) -> [(&'static str, &RecordBatch); 5] {
        [
            ("articles", &self.articles),
            ("entities", &self.entities),
            ("times", &self.times),
            ("actors", &self.actors),
            ("events", &self.events),
        ]
    }
}

/// Builds the annotation tables of `articles` (annotated by the pipeline).
pub fn annotation_tables(articles: &[Article]) -> Result<AnnotationTables> {
    Ok(AnnotationTables {
        articles: articles_batch(articles)?,
        entities: entities_batch(articles)?,
        times: times_batch(articles)?,
        actors: actors_batch(articles)?,
        events: event_mentions_batch(articles)?,
    })
}

/// The `articles` table.
pub fn articles_batch(articles: &[Article]) -> Result<RecordBatch> {
    let n = articles.len();
    let mut id = StringBuilder::new();
    let mut source = StringBuilder::new();
    let mut url = StringBuilder::new();
    let mut title = StringBuilder::new();
    let mut date = StringBuilder::new();
    let mut day = Date32Builder::with_capacity(n);
    let mut published = TimestampMillisecondBuilder::with_capacity(n).with_timezone("UTC");
    let mut text = StringBuilder::new();
    let mut bytes = Int64Builder::with_capacity(n);
    let mut sentences = Int32Builder::with_capacity(n);
    let mut entities = Int32Builder::with_capacity(n);
    let mut actors = Int32Builder::with_capacity(n);
    let mut events = Int32Builder::with_capacity(n);
    for a in articles {
        id.append_value(&a.id);
        source.append_option(a.source.as_deref());
        url.append_option(a.url.as_deref());
        title.append_option(a.title.as_deref());
        date.append_option(a.date.map(|d| d.to_string()));
        day.append_option(a.day().and_then(|d| day32(d.to_days())));
        published.append_option(a.date.as_ref().and_then(published_millis));
        text.append_value(&a.text);
        bytes.append_value(a.text.len() as i64);
        sentences.append_value(count(a.sentences.len()));
        entities.append_value(count(a.entities.len()));
        actors.append_value(count(a.actors.len()));
        events.append_value(count(a.events.len()));
    }
    finish_batch(
        &articles_schema(),
        &mut [
            &mut id,
            &mut source,
            &mut url,
            &mut title,
            &mut date,
            &mut day,
            &mut published,
            &mut text,
            &mut bytes,
            &mut sentences,
            &mut entities,
            &mut actors,
            &mut events,
        ],
    )
}

/// The `entities` table.
pub fn entities_batch(articles: &[Article]) -> Result<RecordBatch> {
    let mut article_id = StringBuilder::new();
    let mut idx = Int32Builder::new();
    let mut start = Int64Builder::new();
    let mut end = Int64Builder::new();
    let mut text = StringBuilder::new();
    let mut label = StringBuilder::new();
    let mut score = Float32Builder::new();
    let mut link = StringBuilder::new();
    for a in articles {
        for (i, e) in a.entities.iter().enumerate() {
            article_id.append_value(&a.id);
            idx.append_value(count(i));
            start.append_value(e.start as i64);
            end.append_value(e.end as i64);
            text.append_value(&e.text);
            label.append_value(e.label.to_string());
            score.append_value(e.score);
            link.append_option(e.link.as_deref());
        }
    }
    finish_batch(
        &entities_schema(),
        &mut [
            &mut article_id,
            &mut idx,
            &mut start,
            &mut end,
            &mut text,
            &mut label,
            &mut score,
            &mut link,
        ],
    )
}

/// The `times` table.
pub fn times_batch(articles: &[Article]) -> Result<RecordBatch> {
    let mut article_id = StringBuilder::new();
    let mut idx = Int32Builder::new();
    let mut start = Int64Builder::new();
    let mut end = Int64Builder::new();
    let mut text = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut value = StringBuilder::new();
    let mut day = Date32Builder::new();
    let mut first = Date32Builder::new();
    let mut last = Date32Builder::new();
    let mut modifier = StringBuilder::new();
    for a in articles {
        for (i, t) in a.times.iter().enumerate() {
            article_id.append_value(&a.id);
            idx.append_value(count(i));
            start.append_value(t.start as i64);
            end.append_value(t.end as i64);
            text.append_value(&t.text);
            kind.append_value(t.kind.to_string());
            value.append_value(&t.value);
            day.append_option(whole_day(&t.value));
            let interval = (t.kind == chronicle::doc::TimexType::Date)
                .then(|| interval_of_timex(&t.value))
                .flatten();
            first.append_option(interval.and_then(|w| day32(w.start)));
            last.append_option(interval.and_then(|w| day32(w.end)));
            modifier.append_option(t.modifier.as_deref());
        }
    }
    finish_batch(
        &times_schema(),
        &mut [
            &mut article_id,
            &mut idx,
            &mut start,
            &mut end,
            &mut text,
            &mut kind,
            &mut value,
            &mut day,
            &mut first,
            &mut last,
            &mut modifier,
        ],
    )
}

/// The `actors` table.
pub fn actors_batch(articles: &[Article]) -> Result<RecordBatch> {
    let mut article_id = StringBuilder::new();
    let mut actor_id = StringBuilder::new();
    let mut name = StringBuilder::new();
    let mut code = StringBuilder::new();
    let mut country = StringBuilder::new();
    let mut sector = ListBuilder::new(StringBuilder::new());
    let mut role = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut mentions = Int32Builder::new();
    for a in articles {
        for actor in &a.actors {
            article_id.append_value(&a.id);
            actor_id.append_value(&actor.id);
            name.append_value(&actor.name);
            code.append_option(actor.code.as_deref());
            country.append_option(actor.country.as_deref());
            append_list(&mut sector, actor.sector.iter().map(String::as_str));
            role.append_option(actor.role.as_deref());
            kind.append_option(actor.kind.as_deref());
            mentions.append_value(count(actor.mentions.len()));
        }
    }
    finish_batch(
        &actors_schema(),
        &mut [
            &mut article_id,
            &mut actor_id,
            &mut name,
            &mut code,
            &mut country,
            &mut sector,
            &mut role,
            &mut kind,
            &mut mentions,
        ],
    )
}

/// The `events` table (event mentions).
pub fn event_mentions_batch(articles: &[Article]) -> Result<RecordBatch> {
    let mut article_id = StringBuilder::new();
    let mut idx = Int32Builder::new();
    let mut cameo = StringBuilder::new();
    let mut plover = StringBuilder::new();
    let mut mode = StringBuilder::new();
    let mut quad = Int8Builder::new();
    let mut goldstein = Float64Builder::new();
    let mut modality = StringBuilder::new();
    let mut source_codes = ListBuilder::new(StringBuilder::new());
    let mut target_codes = ListBuilder::new(StringBuilder::new());
    let mut source_names = ListBuilder::new(StringBuilder::new());
    let mut target_names = ListBuilder::new(StringBuilder::new());
    let mut trigger = StringBuilder::new();
    let mut sentence_idx = Int32Builder::new();
    let mut sentence = StringBuilder::new();
    let mut date = StringBuilder::new();
    let mut day = Date32Builder::new();
    let mut first = Date32Builder::new();
    let mut last = Date32Builder::new();
    let mut location = StringBuilder::new();
    let mut country = StringBuilder::new();
    let mut lat = Float64Builder::new();
    let mut lon = Float64Builder::new();
    let mut confidence = Float32Builder::new();
    let mut report_day = Date32Builder::new();
    let mut attribution = StringBuilder::new();
    for a in articles {
        let pub_day = a.day().map(|d| d.to_days());
        for (i, e) in a.events.iter().enumerate() {
            let plover_name = e.plover.to_string();
            article_id.append_value(&a.id);
            idx.append_value(count(i));
            cameo.append_value(&e.cameo);
            plover.append_value(&plover_name);
            mode.append_option(e.mode.as_deref());
            quad.append_option(codes::quad_class(&e.cameo, &plover_name).map(|q| q as i8));
            goldstein.append_option(codes::goldstein(&e.cameo).map(f64::from));
            modality.append_value(e.modality.to_string());
            append_list(
                &mut source_codes,
                side_codes(&e.source).iter().map(String::as_str),
            );
            append_list(
                &mut target_codes,
                side_codes(&e.target).iter().map(String::as_str),
            );
            append_list(&mut source_names, e.source.iter().map(|r| r.name.as_str()));
            append_list(&mut target_names, e.target.iter().map(|r| r.name.as_str()));
            trigger.append_value(&e.trigger.text);
            sentence_idx.append_value(count(e.sentence));
            sentence.append_value(
                a.sentences
                    .get(e.sentence)
                    .map(|s| s.text.as_str())
                    .unwrap_or(""),
            );
            date.append_option(e.date.as_deref());
            day.append_option(e.date.as_deref().and_then(whole_day));
            let interval = crate::store::event_interval(e, pub_day);
            first.append_option(interval.and_then(|w| day32(w.start)));
            last.append_option(interval.and_then(|w| day32(w.end)));
            let loc = e.location.as_ref();
            location.append_option(loc.map(|l| l.name.as_str()));
            country.append_option(loc.and_then(|l| l.country.as_deref()));
            lat.append_option(loc.and_then(|l| l.lat));
            lon.append_option(loc.and_then(|l| l.lon));
            confidence.append_value(e.confidence);
            report_day.append_option(pub_day.and_then(day32));
            attribution.append_option(e.attribution.as_ref().map(|t| t.text.as_str()));
        }
    }
    finish_batch(
        &event_mentions_schema(),
        &mut [
            &mut article_id,
            &mut idx,
            &mut cameo,
            &mut plover,
            &mut mode,
            &mut quad,
            &mut goldstein,
            &mut modality,
            &mut source_codes,
            &mut target_codes,
            &mut source_names,
            &mut target_names,
            &mut trigger,
            &mut sentence_idx,
            &mut sentence,
            &mut date,
            &mut day,
            &mut first,
            &mut last,
            &mut location,
            &mut country,
            &mut lat,
            &mut lon,
            &mut confidence,
            &mut report_day,
            &mut attribution,
        ],
    )
}

/// Merged events as a record batch of [`merged_events_schema`].
pub fn merged_events_batch(rows: &[EventRow]) -> Result<RecordBatch> {
    let mut id = Int64Builder::new();
    let mut date = StringBuilder::new();
    let mut day = Date32Builder::new();
    let mut start = Date32Builder::new();
    let mut end = Date32Builder::new();
    let mut plover = StringBuilder::new();
    let mut cameo = StringBuilder::new();
    let mut quad = Int8Builder::new();
    let mut goldstein = Float64Builder::new();
    let mut modality = StringBuilder::new();
    let mut planned = BooleanBuilder::new();
    let mut source_codes = ListBuilder::new(StringBuilder::new());
    let mut target_codes = ListBuilder::new(StringBuilder::new());
    let mut source_names = StringBuilder::new();
    let mut target_names = StringBuilder::new();
    let mut location = StringBuilder::new();
    let mut country = StringBuilder::new();
    let mut lat = Float64Builder::new();
    let mut lon = Float64Builder::new();
    let mut num_mentions = Int64Builder::new();
    let mut num_articles = Int64Builder::new();
    let mut num_sources = Int64Builder::new();
    let mut num_independent = Int64Builder::new();
    let mut first_report = Date32Builder::new();
    let mut last_report = Date32Builder::new();
    let mut confidence = Float64Builder::new();
    let mut planned_event = Int64Builder::new();
    let mut realized_by = Int64Builder::new();
    let mut first_article = StringBuilder::new();
    let mut first_article_url = StringBuilder::new();
    let mut summary = StringBuilder::new();
    let to_day = |s: &Option<String>| s.as_deref().and_then(iso_to_day).and_then(day32);
    for r in rows {
        id.append_value(r.id);
        date.append_option(r.date.as_deref());
        day.append_option(r.date.as_deref().and_then(whole_day));
        start.append_option(to_day(&r.start));
        end.append_option(to_day(&r.end));
        plover.append_value(&r.plover);
        cameo.append_value(&r.cameo);
        quad.append_option(r.quad_class.map(|q| q as i8));
        goldstein.append_option(r.goldstein);
        modality.append_value(&r.modality);
        planned.append_value(r.planned);
        append_list(&mut source_codes, r.source_codes.iter().map(String::as_str));
        append_list(&mut target_codes, r.target_codes.iter().map(String::as_str));
        source_names.append_value(&r.source_names);
        target_names.append_value(&r.target_names);
        location.append_option(r.location.as_deref());
        country.append_option(r.country.as_deref());
        lat.append_option(r.lat);
        lon.append_option(r.lon);
        num_mentions.append_value(r.num_mentions);
        num_articles.append_value(r.num_articles);
        num_sources.append_value(r.num_sources);
        num_independent.append_value(r.num_independent);
        first_report.append_option(to_day(&r.first_report));
        last_report.append_option(to_day(&r.last_report));
        confidence.append_value(r.confidence);
        planned_event.append_option(r.planned_event);
        realized_by.append_option(r.realized_by);
        first_article.append_value(&r.first_article);
        first_article_url.append_option(r.first_article_url.as_deref());
        summary.append_value(&r.summary);
    }
    finish_batch(
        &merged_events_schema(),
        &mut [
            &mut id,
            &mut date,
            &mut day,
            &mut start,
            &mut end,
            &mut plover,
            &mut cameo,
            &mut quad,
            &mut goldstein,
            &mut modality,
            &mut planned,
            &mut source_codes,
            &mut target_codes,
            &mut source_names,
            &mut target_names,
            &mut location,
            &mut country,
            &mut lat,
            &mut lon,
            &mut num_mentions,
            &mut num_articles,
            &mut num_sources,
            &mut num_independent,
            &mut first_report,
            &mut last_report,
            &mut confidence,
            &mut planned_event,
            &mut realized_by,
            &mut first_article,
            &mut first_article_url,
            &mut summary,
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_days_and_published_instants() {
        assert_eq!(whole_day("1970-01-02"), Some(1));
        assert_eq!(whole_day("2021-03"), None);
        assert_eq!(whole_day("2021-03-05/2021-03-06"), None);
        assert_eq!(whole_day("PRESENT_REF"), None);
        let d = PubDate::parse("1970-01-02T01:00:00+01:00").unwrap();
        assert_eq!(published_millis(&d), Some(86_400_000));
        assert_eq!(
            published_millis(&PubDate::parse("1970-01-02").unwrap()),
            None
        );
    }

    #[test]
    fn tables_of_an_annotated_article_follow_their_schemas() {
        let pipeline = chronicle::Pipeline::standard().unwrap();
        let (mut article, _) = chronicle::read::article_from_json(
            serde_json::json!({"id": "a1", "date": "2021-03-05T09:30:00Z",
                "text": "Blinken will meet Chung in Seoul on Friday, the ministry said."}),
            &[],
        )
        .unwrap();
        pipeline.annotate(&mut article);
        let tables = annotation_tables(std::slice::from_ref(&article)).unwrap();
        assert_eq!(tables.articles.num_rows(), 1);
        assert_eq!(tables.articles.schema(), articles_schema());
        assert_eq!(tables.events.num_rows(), article.events.len());
        assert!(tables.events.num_rows() >= 1, "{:?}", article.events);
        assert_eq!(tables.entities.num_rows(), article.entities.len());
        assert_eq!(tables.times.num_rows(), article.times.len());
        assert_eq!(tables.actors.num_rows(), article.actors.len());
        let days = tables.times.column_by_name("day").unwrap();
        // "Friday" after a date of 2021-03-05 (a Friday) with "will": a whole day.
        assert_eq!(days.null_count(), 0);
    }
}
