//! `chronicle._native`: the Rust core behind the `chronicle` Python package.
//!
//! The Python layer (`python/chronicle/`) shapes arguments and results (dicts, pyarrow,
//! pandas); this module does the work with the GIL released: annotation runs on rayon
//! across the cores of the call, Arrow tables cross through the Arrow C data interface
//! (no copies of the columns), archive rows come back as JSON text for the Python side to
//! load.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{
    Array, ArrayRef, BinaryArray, Float64Array, Int64Array, LargeBinaryArray, RecordBatch,
    StringArray, StructArray,
};
use arrow_schema::{DataType, Field, Schema};
use chronicle::date::PubDate;
use chronicle::doc::Article;
use chronicle_archive::export::tables;
use pyo3::exceptions::{PyIOError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;

/// Articles a worker annotates in a row (as the archive's ingest does).
const CHUNK: usize = 8;

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn parse_date(date: Option<&str>) -> PyResult<Option<PubDate>> {
    match date {
        None => Ok(None),
        Some(s) => PubDate::parse(s)
            .map(Some)
            .ok_or_else(|| value_error(format!("date {s:?} is not an ISO 8601 date"))),
    }
}

/// An article from one JSON record (`text` required; `id`, `date`, `title`, `url`,
/// `source` optional, other fields kept in `meta`), as `chronicle extract` reads JSONL.
fn article_of_record(
    record: &str,
    place: usize,
    default_date: Option<PubDate>,
    fields: &[(String, String)],
) -> PyResult<Article> {
    let value: serde_json::Value = serde_json::from_str(record)
        .map_err(|e| value_error(format!("record {place}: not JSON: {e}")))?;
    let (mut article, _warnings) = chronicle::read::article_from_json(value, fields)
        .map_err(|e| value_error(format!("record {place}: {e}")))?;
    if article.date.is_none() {
        article.date = default_date;
    }
    Ok(article)
}

fn annotate_all(pipeline: &chronicle::Pipeline, articles: &mut [Article]) {
    articles
        .par_chunks_mut(CHUNK)
        .for_each(|chunk| chunk.iter_mut().for_each(|a| pipeline.annotate(a)));
}

/// The backfill's records, read and annotated: records that do not parse or hold no text are
/// skipped (the backfill counts them rather than failing a whole Spark task), so the count of
/// skipped records is returned beside the articles.
fn annotate_readable(
    pipeline: &chronicle::Pipeline,
    records: &[String],
    default_date: Option<PubDate>,
    fields: &[(String, String)],
) -> (Vec<Article>, usize) {
    let mut articles: Vec<Article> = records
        .par_iter()
        .enumerate()
        .filter_map(|(i, r)| article_of_record(r, i, default_date, fields).ok())
        .filter(|a| !a.text.trim().is_empty())
        .collect();
    let skipped = records.len() - articles.len();
    annotate_all(pipeline, &mut articles);
    (articles, skipped)
}

/// The standard pipeline, loaded once (models, knowledge base, lexicons) and reused.
#[pyclass(frozen, module = "chronicle._native")]
struct Pipeline {
    inner: Arc<chronicle::Pipeline>,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (dictionaries=None, parse=false))]
    fn new(py: Python<'_>, dictionaries: Option<PathBuf>, parse: bool) -> PyResult<Self> {
        let options = chronicle::pipeline::PipelineOptions {
            dictionaries: dictionaries.clone(),
            strict: false,
            parse,
            ..Default::default()
        };
        let inner = py
            .allow_threads(|| chronicle::Pipeline::with_options(&options))
            .map_err(|e| match &dictionaries {
                Some(dir) => {
                    value_error(format!("loading dictionaries from {}: {e}", dir.display()))
                }
                None => PyRuntimeError::new_err(format!("loading the pipeline: {e}")),
            })?;
        Ok(Pipeline {
            inner: Arc::new(inner),
        })
    }

    /// Warnings from loading user dictionaries (`file:line: message`).
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings().to_vec()
    }

    /// Names of the stages, in order.
    fn stage_names(&self) -> Vec<&'static str> {
        self.inner.stage_names()
    }

    /// Annotates JSON records (one object each); returns the public JSON of each article.
    /// `fields` renames input fields first (`[("body", "text")]`), as `--field` does.
    #[pyo3(signature = (records, date=None, tokens=false, fields=None))]
    fn extract_json(
        &self,
        py: Python<'_>,
        records: Vec<String>,
        date: Option<&str>,
        tokens: bool,
        fields: Option<Vec<(String, String)>>,
    ) -> PyResult<Vec<String>> {
        let default_date = parse_date(date)?;
        let fields = fields.unwrap_or_default();
        let mut articles = records
            .iter()
            .enumerate()
            .map(|(i, r)| article_of_record(r, i, default_date, &fields))
            .collect::<PyResult<Vec<_>>>()?;
        let pipeline = self.inner.clone();
        py.allow_threads(move || {
            annotate_all(&pipeline, &mut articles);
            articles
                .par_iter_mut()
                .map(|a| {
                    let mut out = Vec::with_capacity(a.text.len() * 4);
                    chronicle::output::write_article_json(&mut out, a, tokens, false)
                        .map_err(|e| e.to_string())?;
                    String::from_utf8(out).map_err(|e| e.to_string())
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .map_err(PyRuntimeError::new_err)
    }

    /// The backfill's annotate step: JSON records (one object each, as `chronicle ingest`
    /// reads JSONL lines) annotated, with each article's [`GroupingKeys`] computed from the
    /// annotation in memory. Records `chronicle ingest` skips (not JSON, no `text`, empty
    /// text) are skipped and counted. Returns `(documents as extract's JSON, keys, skipped)`.
    #[pyo3(signature = (records, date=None, fields=None))]
    fn annotate_keyed(
        &self,
        py: Python<'_>,
        records: Vec<String>,
        date: Option<&str>,
        fields: Option<Vec<(String, String)>>,
    ) -> PyResult<(Vec<String>, Vec<GroupingKeys>, usize)> {
        let default_date = parse_date(date)?;
        let fields = fields.unwrap_or_default();
        let pipeline = self.inner.clone();
        py.allow_threads(move || {
            let (mut articles, skipped) =
                annotate_readable(&pipeline, &records, default_date, &fields);
            let (docs, keys): (Vec<String>, Vec<GroupingKeys>) = articles
                .par_iter_mut()
                .map(|a| {
                    let keys = keys_of(a);
                    let mut out = Vec::with_capacity(a.text.len() * 4);
                    chronicle::output::write_article_json(&mut out, a, false, false)
                        .map_err(|e| e.to_string())?;
                    let doc = String::from_utf8(out).map_err(|e| e.to_string())?;
                    Ok((doc, keys))
                })
                .collect::<Result<Vec<_>, String>>()?
                .into_iter()
                .unzip();
            Ok::<_, String>((docs, keys, skipped))
        })
        .map_err(PyRuntimeError::new_err)
    }

    /// The backfill's annotate step in the form Spark caches: like [`Self::annotate_keyed`],
    /// but one `pyarrow.RecordBatch` (`id` string, `pub_day` int64, `keys` list<int64>,
    /// `doc` binary) built here, so no Python object is made per article or per key. `keys`
    /// are the grouping keys hashed ([`key_hash`]); `doc` is the compact document
    /// ([`compact_doc`]), about a fifth of the JSON. Returns `(batch, skipped)`.
    #[pyo3(signature = (records, date=None, fields=None))]
    fn annotate_keyed_batch(
        &self,
        py: Python<'_>,
        records: Vec<String>,
        date: Option<&str>,
        fields: Option<Vec<(String, String)>>,
    ) -> PyResult<(PyObject, usize)> {
        let default_date = parse_date(date)?;
        let fields = fields.unwrap_or_default();
        let pipeline = self.inner.clone();
        let (batch, skipped) = py
            .allow_threads(move || -> Result<(RecordBatch, usize), String> {
                let (mut articles, skipped) =
                    annotate_readable(&pipeline, &records, default_date, &fields);
                let rows = articles
                    .par_iter_mut()
                    .map(|a| {
                        let keys = hashed_keys(&keys_of(a));
                        let doc = compact_doc(a)?;
                        Ok((a.id.clone(), a.day().map(|d| d.to_days()), keys, doc))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok((keyed_batch(&rows)?, skipped))
            })
            .map_err(PyRuntimeError::new_err)?;
        Ok((export_batch(py, &batch)?, skipped))
    }

    /// Annotates a `pyarrow.RecordBatch` of articles with string columns `text` (required),
    /// `id`, `date`, `title`, `url`, `source`; returns `[(name, pyarrow.RecordBatch)]` for
    /// the tables articles, entities, times, actors, events.
    #[pyo3(signature = (batch, date=None))]
    fn annotate_arrow(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        date: Option<&str>,
    ) -> PyResult<Vec<(&'static str, PyObject)>> {
        let default_date = parse_date(date)?;
        let input = import_batch(batch)?;
        let column = |name: &str| -> PyResult<Option<StringArray>> {
            match input.column_by_name(name) {
                None => Ok(None),
                Some(col) => col
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .cloned()
                    .map(Some)
                    .ok_or_else(|| {
                        value_error(format!(
                            "column {name:?} must be of type string, not {}",
                            col.data_type()
                        ))
                    }),
            }
        };
        let text =
            column("text")?.ok_or_else(|| value_error("the batch has no column \"text\""))?;
        let optional = ["id", "date", "title", "url", "source"]
            .into_iter()
            .map(|n| Ok((n, column(n)?)))
            .collect::<PyResult<Vec<_>>>()?;
        let pipeline = self.inner.clone();
        let tables = py
            .allow_threads(move || -> Result<tables::AnnotationTables, String> {
                let mut articles = Vec::with_capacity(text.len());
                for row in 0..text.len() {
                    let mut object = serde_json::Map::new();
                    object.insert(
                        "text".into(),
                        if text.is_valid(row) {
                            text.value(row)
                        } else {
                            ""
                        }
                        .into(),
                    );
                    for (name, col) in &optional {
                        if let Some(col) = col.as_ref().filter(|c| c.is_valid(row)) {
                            object.insert((*name).into(), col.value(row).into());
                        }
                    }
                    let (mut article, _) =
                        chronicle::read::article_from_json(serde_json::Value::Object(object), &[])
                            .map_err(|e| format!("row {row}: {e}"))?;
                    if article.date.is_none() {
                        article.date = default_date;
                    }
                    articles.push(article);
                }
                annotate_all(&pipeline, &mut articles);
                tables::annotation_tables(&articles).map_err(|e| e.to_string())
            })
            .map_err(value_error)?;
        tables
            .named()
            .into_iter()
            .map(|(name, b)| Ok((name, export_batch(py, b)?)))
            .collect()
    }
}

/// A pyarrow RecordBatch into arrow-rs, through the C data interface.
fn import_batch(batch: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    let mut array = FFI_ArrowArray::empty();
    let mut schema = FFI_ArrowSchema::empty();
    batch.call_method1(
        "_export_to_c",
        (&raw mut array as usize, &raw mut schema as usize),
    )?;
    // SAFETY: pyarrow has just filled both structs with a valid struct array and its schema.
    let data = unsafe { from_ffi(array, &schema) }.map_err(value_error)?;
    Ok(RecordBatch::from(StructArray::from(data)))
}

/// An arrow-rs RecordBatch as a pyarrow RecordBatch, through the C data interface.
fn export_batch(py: Python<'_>, batch: &RecordBatch) -> PyResult<PyObject> {
    let data = StructArray::from(batch.clone()).into_data();
    let (array, schema) = to_ffi(&data).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let array = Box::new(array);
    let schema = Box::new(schema);
    let record_batch = py.import("pyarrow")?.getattr("RecordBatch")?;
    // pyarrow moves the structs' contents (it takes over their release callbacks).
    let out = record_batch.call_method1(
        "_import_from_c",
        (
            &*array as *const FFI_ArrowArray as usize,
            &*schema as *const FFI_ArrowSchema as usize,
        ),
    )?;
    Ok(out.unbind())
}

/// A read-only archive.
#[pyclass(frozen, module = "chronicle._native")]
struct Archive {
    inner: chronicle_archive::Archive,
}

fn query<Q: serde::de::DeserializeOwned>(json: &str) -> PyResult<Q> {
    serde_json::from_str(json).map_err(|e| value_error(format!("bad query: {e}")))
}

fn rows<T: serde::Serialize>(r: chronicle_archive::Result<T>) -> PyResult<String> {
    let rows = r.map_err(|e| value_error(e.to_string()))?;
    serde_json::to_string(&rows).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

#[pymethods]
impl Archive {
    #[new]
    fn new(path: PathBuf) -> PyResult<Self> {
        if !path.exists() {
            return Err(PyIOError::new_err(format!(
                "{}: no such archive (create one with `chronicle ingest`)",
                path.display()
            )));
        }
        let inner = chronicle_archive::Archive::open(&path)
            .map_err(|e| PyIOError::new_err(format!("{}: {e}", path.display())))?;
        Ok(Archive { inner })
    }

    /// Runs a query (`search`, `events`, `timeline`, `actors`, `network`, `counts`) given
    /// as JSON (the fields of the archive's request types); returns the rows as JSON.
    fn query_json(&self, py: Python<'_>, kind: &str, request: &str) -> PyResult<String> {
        let archive = &self.inner;
        match kind {
            "search" => {
                let q = query(request)?;
                py.allow_threads(|| rows(archive.search(&q)))
            }
            "events" => {
                let q = query(request)?;
                py.allow_threads(|| rows(archive.events(&q)))
            }
            "timeline" => {
                let q = query(request)?;
                py.allow_threads(|| rows(archive.timeline(&q)))
            }
            "actors" => {
                let q = query(request)?;
                py.allow_threads(|| rows(archive.actors(&q)))
            }
            "network" => {
                let q = query(request)?;
                py.allow_threads(|| rows(archive.network(&q)))
            }
            "counts" => {
                let q = query(request)?;
                py.allow_threads(|| rows(archive.counts_over_time(&q)))
            }
            "stats" => py.allow_threads(|| rows(archive.stats())),
            other => Err(value_error(format!("unknown query kind {other:?}"))),
        }
    }

    /// One article with its layers, events and copies, as JSON (`null` when absent).
    fn article_json(&self, py: Python<'_>, id: &str) -> PyResult<String> {
        py.allow_threads(|| rows(self.inner.article(id)))
    }

    /// The reports (mentions) of one merged event, as JSON.
    fn mentions_json(&self, py: Python<'_>, event: i64) -> PyResult<String> {
        py.allow_threads(|| rows(self.inner.mentions(event)))
    }
}

/// The content hash, MinHash signature and LSH band keys of a text, as the archive computes
/// them: `(hash, signature or None, bands or None)` (None for texts too short to compare).
#[pyfunction]
fn fingerprint(text: &str) -> (String, Option<Vec<u32>>, Option<Vec<i64>>) {
    let hash = chronicle::read::content_id(text);
    match chronicle_archive::minhash::Signature::of_text(text) {
        Some(sig) => {
            let bands = sig.band_keys();
            (hash, Some(sig.0), Some(bands))
        }
        None => (hash, None, None),
    }
}

/// The estimated Jaccard similarity of two MinHash signatures.
#[pyfunction]
fn similarity(a: Vec<u32>, b: Vec<u32>) -> f64 {
    chronicle_archive::minhash::Signature(a).similarity(&chronicle_archive::minhash::Signature(b))
}

fn doc_of(doc: &str, place: usize) -> PyResult<Article> {
    serde_json::from_str(doc).map_err(|e| value_error(format!("document {place}: {e}")))
}

/// `(id, publication day, content hash, LSH band keys or None, blocking keys)`.
type GroupingKeys = (String, Option<i64>, String, Option<Vec<i64>>, Vec<String>);

fn keys_of(a: &Article) -> GroupingKeys {
    let hash = chronicle::read::content_id(&a.text);
    let bands = chronicle_archive::minhash::Signature::of_text(&a.text).map(|s| s.band_keys());
    let keys = chronicle_archive::canon::blocking_keys(a);
    (
        a.id.clone(),
        a.day().map(|d| d.to_days()),
        hash,
        bands,
        keys,
    )
}

/// A grouping key as a 64-bit number (FNV-1a of its text form, `h:<hash>`, `b<band>:<key>`,
/// `e:<blocking key>`). Two keys that collide only join two groups that need not be joined,
/// which costs time, never correctness: groups are replayed exactly however they are joined.
fn key_hash(key: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

/// The grouping keys of one article, hashed: content hash, LSH bands, blocking keys.
fn hashed_keys(keys: &GroupingKeys) -> Vec<i64> {
    let (_, _, hash, bands, blocking) = keys;
    let mut out = Vec::with_capacity(1 + bands.as_ref().map_or(0, Vec::len) + blocking.len());
    out.push(key_hash(&format!("h:{hash}")));
    for (i, b) in bands.iter().flatten().enumerate() {
        out.push(key_hash(&format!("b{i}:{b}")));
    }
    out.extend(blocking.iter().map(|k| key_hash(&format!("e:{k}"))));
    out
}

/// The compact form of an annotated document that the backfill caches and shuffles: the
/// article as serde writes it, less the token-parallel layers the archive never reads
/// (tokens, POS tags, dependencies, lemmas, chunks), deflated as the archive's stored
/// layers are. [`article_of_compact`] reads it back.
fn compact_doc(article: &mut Article) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let tokens = std::mem::take(&mut article.tokens);
    let pos = std::mem::take(&mut article.pos);
    let deps = std::mem::take(&mut article.deps);
    let lemmas = std::mem::take(&mut article.lemmas);
    let chunks = std::mem::take(&mut article.chunks);
    let json = serde_json::to_vec(&*article);
    article.tokens = tokens;
    article.pos = pos;
    article.deps = deps;
    article.lemmas = lemmas;
    article.chunks = chunks;
    let json = json.map_err(|e| e.to_string())?;
    let mut out = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(json.len() / 4),
        flate2::Compression::fast(),
    );
    out.write_all(&json).map_err(|e| e.to_string())?;
    out.finish().map_err(|e| e.to_string())
}

/// An article from its [`compact_doc`] form.
fn article_of_compact(data: &[u8], place: usize) -> PyResult<Article> {
    use std::io::Read;
    let mut json = Vec::with_capacity(data.len() * 5);
    flate2::read::DeflateDecoder::new(data)
        .read_to_end(&mut json)
        .map_err(|e| value_error(format!("document {place}: not a compact document: {e}")))?;
    serde_json::from_slice(&json).map_err(|e| value_error(format!("document {place}: {e}")))
}

/// One row of the backfill's cache: id, publication day, hashed keys, compact document.
type KeyedRow = (String, Option<i64>, Vec<i64>, Vec<u8>);

/// The batch [`Pipeline::annotate_keyed_batch`] returns.
fn keyed_batch(rows: &[KeyedRow]) -> Result<RecordBatch, String> {
    let mut ids = StringBuilder::new();
    let mut days = Int64Builder::new();
    let mut keys = ListBuilder::new(Int64Builder::new());
    let mut docs = BinaryBuilder::new();
    for (id, day, k, doc) in rows {
        ids.append_value(id);
        days.append_option(*day);
        keys.values().append_slice(k);
        keys.append(true);
        docs.append_value(doc);
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(ids.finish()),
        Arc::new(days.finish()),
        Arc::new(keys.finish()),
        Arc::new(docs.finish()),
    ];
    let schema = Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("pub_day", DataType::Int64, true),
        Field::new(
            "keys",
            DataType::List(Arc::new(Field::new("item", DataType::Int64, true))),
            true,
        ),
        Field::new("doc", DataType::Binary, true),
    ]);
    RecordBatch::try_new(Arc::new(schema), columns).map_err(|e| e.to_string())
}

/// Compact documents back as extract's JSON (without the token-parallel layers): what the
/// backfill cached, readable.
#[pyfunction]
fn compact_json(py: Python<'_>, docs: Vec<Vec<u8>>) -> PyResult<Vec<String>> {
    py.allow_threads(|| {
        docs.iter()
            .enumerate()
            .map(|(i, d)| {
                let mut a = article_of_compact(d, i)?;
                let mut out = Vec::new();
                chronicle::output::write_article_json(&mut out, &mut a, false, false)
                    .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
                String::from_utf8(out).map_err(|e| PyRuntimeError::new_err(e.to_string()))
            })
            .collect()
    })
}

/// The hashed grouping keys of annotated documents (the JSON of `extract`), as
/// [`Pipeline::annotate_keyed_batch`] gives them.
#[pyfunction]
fn hashed_grouping_keys(py: Python<'_>, docs: Vec<String>) -> PyResult<Vec<Vec<i64>>> {
    py.allow_threads(|| {
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| Ok(hashed_keys(&keys_of(&doc_of(d, i)?))))
            .collect()
    })
}

/// For annotated documents (the JSON of `extract`): their [`GroupingKeys`], what the
/// backfill groups by.
#[pyfunction]
fn grouping_keys(py: Python<'_>, docs: Vec<String>) -> PyResult<Vec<GroupingKeys>> {
    py.allow_threads(|| {
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| {
                let a = doc_of(d, i)?;
                Ok(keys_of(&a))
            })
            .collect()
    })
}

/// The connected groups of articles: two articles are in one group when they share an id
/// or any grouping key (content hash, LSH band, event blocking key). Returns each article's
/// group number (1.., numbered in the canonical order of each group's first article:
/// publication day, undated last, then id), the number of groups and the largest group's size.
#[pyfunction]
fn assign_groups(
    py: Python<'_>,
    ids: Vec<String>,
    days: Vec<Option<i64>>,
    keys: GroupKeys,
) -> PyResult<(Vec<i64>, usize, usize)> {
    let n_keys = match &keys {
        GroupKeys::Hashed(k) => k.len(),
        GroupKeys::Text(k) => k.len(),
    };
    if ids.len() != days.len() || ids.len() != n_keys {
        return Err(value_error(format!(
            "ids, days and keys differ in length ({}, {}, {})",
            ids.len(),
            days.len(),
            n_keys
        )));
    }
    Ok(py.allow_threads(|| match &keys {
        GroupKeys::Hashed(k) => group_numbers(&ids, &days, k),
        GroupKeys::Text(k) => group_numbers(&ids, &days, k),
    }))
}

/// The grouping keys `assign_groups` takes: hashed (as the backfill sends them) or text.
#[derive(FromPyObject)]
enum GroupKeys {
    Hashed(Vec<Vec<i64>>),
    Text(Vec<Vec<String>>),
}

/// What two articles can share to be in one group: an id, or a grouping key.
#[derive(PartialEq, Eq, Hash)]
enum Node<'a, K> {
    Id(&'a str),
    Key(&'a K),
}

fn group_numbers<K: std::hash::Hash + Eq>(
    ids: &[String],
    days: &[Option<i64>],
    keys: &[Vec<K>],
) -> (Vec<i64>, usize, usize) {
    use std::collections::HashMap;
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        let mut root = x;
        while parent[root] != root {
            root = parent[root];
        }
        while parent[x] != root {
            let next = parent[x];
            parent[x] = root;
            x = next;
        }
        root
    }
    let n = ids.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut first: HashMap<Node<'_, K>, usize> = HashMap::with_capacity(n * 4);
    for i in 0..n {
        let own = std::iter::once(Node::Id(ids[i].as_str())).chain(keys[i].iter().map(Node::Key));
        for key in own {
            let j = *first.entry(key).or_insert(i);
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    // Each group's canonically first article, then the groups in that order.
    let mut first_of: HashMap<usize, usize> = HashMap::new();
    let mut size: HashMap<usize, usize> = HashMap::new();
    let key = |i: usize| chronicle_archive::canon::canonical_key(days[i], &ids[i]);
    for (i, &root) in roots.iter().enumerate() {
        *size.entry(root).or_default() += 1;
        first_of
            .entry(root)
            .and_modify(|f| {
                if key(i) < key(*f) {
                    *f = i;
                }
            })
            .or_insert(i);
    }
    let mut order: Vec<(usize, usize)> = first_of.into_iter().collect();
    order.sort_by_cached_key(|&(_, f)| key(f));
    let number: HashMap<usize, i64> = order
        .iter()
        .enumerate()
        .map(|(k, &(root, _))| (root, k as i64 + 1))
        .collect();
    let groups = roots.iter().map(|r| number[r]).collect();
    let largest = size.values().copied().max().unwrap_or(0);
    (groups, order.len(), largest)
}

/// Replays a self-contained group of annotated documents through the archive's rules in
/// the canonical order; returns the tables `articles` (with `duplicate_of`, `similarity`),
/// `event_mentions` (with `event`, the group-local merged event), `events` (merged, with
/// group-local ids) and `actors`.
#[pyfunction]
fn replay_tables(py: Python<'_>, docs: Vec<String>) -> PyResult<Vec<(&'static str, PyObject)>> {
    let articles = py.allow_threads(|| {
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| doc_of(d, i))
            .collect::<PyResult<Vec<_>>>()
    })?;
    replay_articles(py, articles)
}

/// [`replay_tables`] for the compact documents of column `doc` (binary) of a
/// `pyarrow.RecordBatch`, read through the Arrow C data interface (no Python object per
/// document).
#[pyfunction]
fn replay_compact(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
) -> PyResult<Vec<(&'static str, PyObject)>> {
    let input = import_batch(batch)?;
    let column = input
        .column_by_name("doc")
        .ok_or_else(|| value_error("the batch has no column \"doc\""))?
        .clone();
    let articles = py.allow_threads(|| {
        let any = column.as_any();
        let docs: Vec<&[u8]> = if let Some(a) = any.downcast_ref::<BinaryArray>() {
            a.iter().map(|d| d.unwrap_or_default()).collect()
        } else if let Some(a) = any.downcast_ref::<LargeBinaryArray>() {
            a.iter().map(|d| d.unwrap_or_default()).collect()
        } else {
            return Err(value_error(format!(
                "column \"doc\" must be binary, not {}",
                column.data_type()
            )));
        };
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| article_of_compact(d, i))
            .collect::<PyResult<Vec<_>>>()
    })?;
    replay_articles(py, articles)
}

fn replay_articles(
    py: Python<'_>,
    articles: Vec<Article>,
) -> PyResult<Vec<(&'static str, PyObject)>> {
    let batches = py.allow_threads(|| -> PyResult<Vec<(&'static str, RecordBatch)>> {
        let replay = chronicle_archive::canon::replay(&articles).map_err(value_error)?;
        let err = |e: chronicle_archive::Error| PyRuntimeError::new_err(e.to_string());
        let articles_table = tables::articles_batch(&articles).map_err(err)?;
        let dup_ids = StringArray::from(
            replay
                .duplicate_of
                .iter()
                .map(|d| d.as_ref().map(|(id, _)| id.as_str()))
                .collect::<Vec<_>>(),
        );
        let dup_sims = Float64Array::from(
            replay
                .duplicate_of
                .iter()
                .map(|d| d.as_ref().map(|(_, s)| *s))
                .collect::<Vec<_>>(),
        );
        let articles_table = with_columns(
            &articles_table,
            vec![
                (
                    Field::new("duplicate_of", DataType::Utf8, true),
                    Arc::new(dup_ids) as ArrayRef,
                ),
                (
                    Field::new("similarity", DataType::Float64, true),
                    Arc::new(dup_sims),
                ),
            ],
        )?;
        let mentions = tables::event_mentions_batch(&articles).map_err(err)?;
        let events_of = Int64Array::from(
            replay
                .mention_events
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>(),
        );
        let mentions = with_columns(
            &mentions,
            vec![(
                Field::new("event", DataType::Int64, false),
                Arc::new(events_of) as ArrayRef,
            )],
        )?;
        let events = tables::merged_events_batch(&replay.events).map_err(err)?;
        let actors = tables::actors_batch(&articles).map_err(err)?;
        Ok(vec![
            ("articles", articles_table),
            ("event_mentions", mentions),
            ("events", events),
            ("actors", actors),
        ])
    })?;
    batches
        .iter()
        .map(|(name, b)| Ok((*name, export_batch(py, b)?)))
        .collect()
}

fn with_columns(batch: &RecordBatch, extra: Vec<(Field, ArrayRef)>) -> PyResult<RecordBatch> {
    let mut fields: Vec<Field> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    let mut columns = batch.columns().to_vec();
    for (field, column) in extra {
        fields.push(field);
        columns.push(column);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// The version of the Rust core.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<Archive>()?;
    m.add_function(wrap_pyfunction!(fingerprint, m)?)?;
    m.add_function(wrap_pyfunction!(similarity, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(grouping_keys, m)?)?;
    m.add_function(wrap_pyfunction!(replay_tables, m)?)?;
    m.add_function(wrap_pyfunction!(assign_groups, m)?)?;
    m.add_function(wrap_pyfunction!(replay_compact, m)?)?;
    m.add_function(wrap_pyfunction!(compact_json, m)?)?;
    m.add_function(wrap_pyfunction!(hashed_grouping_keys, m)?)?;
    m.add(
        "DUPLICATE_THRESHOLD",
        chronicle_archive::minhash::DUPLICATE_THRESHOLD,
    )?;
    Ok(())
}
