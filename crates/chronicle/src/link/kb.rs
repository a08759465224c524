//! The knowledge base: countries, places, organisations, bodies, titles and people, loaded once
//! from the TSV files in `data/kb/` (compiled into the binary) plus optional Phoenix dictionaries.
//!
//! Loading is all-or-nothing for the shipped files (a broken shipped file is a bug and an error,
//! never an empty KB); user dictionaries are forgiving: a malformed line becomes a warning
//! (`file:line: message`) and is skipped.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::date::Date;
use crate::error::Error;

use super::matcher::{normalize_pattern, Case, KeyMap, Matcher};
use super::phoenix::{self, PhoenixActor, PhoenixAgent, PhoenixCode};

const COUNTRIES: &str = include_str!("../../../../data/kb/countries.tsv");
const HISTORICAL: &str = include_str!("../../../../data/kb/historical_countries.tsv");
const NATIONALITIES: &str = include_str!("../../../../data/kb/nationalities.tsv");
const CITIES: &str = include_str!("../../../../data/kb/cities.tsv");
const PLACE_ALIASES: &str = include_str!("../../../../data/kb/place_aliases.tsv");
const IGOS: &str = include_str!("../../../../data/kb/igos.tsv");
const BODIES: &str = include_str!("../../../../data/kb/bodies.tsv");
const SECTORS: &str = include_str!("../../../../data/kb/sectors.tsv");
const TITLES: &str = include_str!("../../../../data/kb/titles.tsv");
const PEOPLE: &str = include_str!("../../../../data/kb/people.tsv");
const PHOENIX_AGENTS: &str = include_str!("../../../../data/kb/phoenix/agents.tsv");
const PHOENIX_ACTORS_GZ: &[u8] = include_bytes!("../../../../data/kb/phoenix/actors.tsv.gz");

/// City names that are far more often ordinary words or people in news text.
const AMBIGUOUS_CITIES: &[&str] = &[
    "Of",
    "Mobile",
    "Reading",
    "Nice",
    "Split",
    "Victoria",
    "Santa",
    "Eagle",
    "Surprise",
    "Independence",
    "Florence",
    "Orange",
    "Concord",
    "Columbia",
    "Lincoln",
    "Jackson",
    "Hamilton",
    "Aurora",
    "Gary",
    "Lafayette",
    "Warren",
    "Troy",
    "Chandler",
    "Mandela",
    "Kent",
    "Washington",
    "Georgetown",
    "Marina",
    "Alexandria",
    "Cambridge",
    "Bath",
    "Wolf",
    "Carmel",
    "Temple",
    "Bristol",
    "Cape Coast",
    "Vale",
    "Brest",
    "Sale",
    "Mansfield",
    "Blackburn",
    "Bolton",
    "Wallace",
    "Hunt",
    "Carter",
    "Austin",
    "Harris",
    "Moon",
    "Park",
    "Mesa",
    "Salem",
    "Mission",
    "Pueblo",
    "Kasai",
    "Man",
    "Bo",
    "Ede",
    "Como",
    "Lens",
    "Hove",
    "Poole",
    "Derby",
    "Bury",
    "Much",
    "Asia",
    "Delta",
    "Union",
    "Paradise",
    "Norman",
    "Clinton",
    "Quincy",
    "Trump",
];

/// Honorifics and office abbreviations that prefix names in the Phoenix lists.
const HONORIFICS: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen",
    "sen.",
    "senator",
    "gov",
    "gov.",
    "governor",
    "gen",
    "gen.",
    "general",
    "lt",
    "col",
    "adm",
    "rep",
    "rep.",
    "secretary-general",
    "foreign",
    "defense",
    "defence",
    "former",
    "ex",
    "elect",
];

/// Words that make a Phoenix entry a title phrase rather than a named actor.
const OFFICE_WORDS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "premier",
    "chancellor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "king",
    "queen",
    "vice",
    "chief",
    "envoy",
    "official",
    "officials",
    "leader",
    "prime",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Country,
    Place,
    Igo,
    Body,
    Person,
    /// A coded actor from a Phoenix dictionary that is not a country or person (group, firm).
    Actor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// One office held for a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Tenure {
    pub code: String,
    /// head_state, head_gov, vice_president, foreign, defence, security, igo_head, other, "".
    pub class: String,
    pub role: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Tenure {
    pub fn valid_on(&self, day: Date) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day <= e)
    }
}

/// A KB record.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: EntryKind,
    /// ISO alpha-3 (or an IGO code for IGO officials).
    pub country: Option<String>,
    /// CAMEO code (countries: the CAMEO country code; places: their country's).
    pub code: Option<String>,
    pub sectors: Vec<String>,
    /// Body kind ("presidential office"), IGO kind.
    pub role: Option<String>,
    pub tenures: Vec<Tenure>,
    pub gender: Option<Gender>,
    pub family: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// For places: the country whose capital this is.
    pub capital_of: Option<String>,
    /// For countries: the capital's entry.
    pub capital: Option<usize>,
}

impl Entry {
    fn new(id: String, name: String, kind: EntryKind) -> Entry {
        Entry {
            id,
            name,
            kind,
            country: None,
            code: None,
            sectors: Vec::new(),
            role: None,
            tenures: Vec::new(),
            gender: None,
            family: None,
            lat: None,
            lon: None,
            capital_of: None,
            capital: None,
        }
    }

    /// The tenure valid on `day` (the latest-starting one when several are).
    pub fn tenure_on(&self, day: Option<Date>) -> Option<&Tenure> {
        match day {
            Some(d) => self
                .tenures
                .iter()
                .filter(|t| t.valid_on(d))
                .max_by_key(|t| t.start),
            None => self.tenures.iter().max_by_key(|t| t.start),
        }
    }
}

/// A title or group noun and what it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub text: String,
    pub sectors: Vec<String>,
    /// A noun for a body of people ("troops", "counterparts") rather than one person's title.
    pub group: bool,
    pub class: Option<String>,
}

/// How a pattern refers to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The name or an alias.
    Name,
    /// "South Korean".
    Adjective,
    /// "South Koreans".
    Demonym,
    /// A person's family name used alone ("Moon").
    Family,
    /// A title; `entry` indexes [`Kb::titles`].
    Title,
    /// The plural of a title ("Presidents"); `entry` indexes [`Kb::titles`].
    TitlePlural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub entry: usize,
    pub form: Form,
    pub case: Case,
    /// Came from a user dictionary (wins over the defaults for the same pattern).
    pub user: bool,
}

/// The loaded knowledge base with its compiled matcher.
#[derive(Debug)]
pub struct Kb {
    pub entries: Vec<Entry>,
    pub titles: Vec<Title>,
    /// CAMEO sector code → name.
    pub sectors: HashMap<String, String>,
    /// ISO alpha-3 (and CAMEO country code) → country entry.
    pub countries: HashMap<String, usize>,
    /// Lower-cased family name → person entries.
    pub families: HashMap<String, Vec<usize>>,
    pub matcher: Matcher,
    /// Targets of each matcher pattern.
    pub targets: Vec<Vec<Target>>,
    /// Problems met in user dictionaries (`file:line: message`).
    pub warnings: Vec<String>,
    /// Lower-cased place name or alias → place entries (most populous first).
    pub places: HashMap<String, Vec<usize>>,
}

/// Where the KB comes from.
#[derive(Debug, Clone, Default)]
pub struct KbOptions {
    /// Directories of Phoenix-format dictionaries (`*.txt`) that extend the defaults; their
    /// entries replace default entries with the same name.
    pub dictionaries: Vec<PathBuf>,
    /// Leave out the converted Phoenix dictionaries that ship with Chronicle.
    pub no_default_phoenix: bool,
}

static DEFAULT_KB: OnceLock<Result<Arc<Kb>, String>> = OnceLock::new();

impl Kb {
    /// The shipped KB, built once per process and shared.
    pub fn shared_default() -> crate::Result<Arc<Kb>> {
        DEFAULT_KB
            .get_or_init(|| {
                Kb::load(&KbOptions::default())
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|message| Error::Model {
                name: "knowledge base".into(),
                message,
            })
    }

    /// Builds a KB from the shipped files plus `options`.
    pub fn load(options: &KbOptions) -> crate::Result<Kb> {
        let t0 = std::time::Instant::now();
        let debug = std::env::var_os("CHRONICLE_LINK_DEBUG").is_some();
        let mut b = Builder::with_capacity(if options.no_default_phoenix {
            16_384
        } else {
            65_536
        });
        b.load_defaults()?;
        if debug {
            eprintln!("kb: defaults {:?}", t0.elapsed());
        }
        if !options.no_default_phoenix {
            b.load_phoenix_agents_tsv(PHOENIX_AGENTS)?;
            let mut text = String::new();
            flate2::read::GzDecoder::new(PHOENIX_ACTORS_GZ)
                .read_to_string(&mut text)
                .map_err(|e| Error::io("data/kb/phoenix/actors.tsv.gz", e))?;
            if debug {
                eprintln!("kb: phoenix unzipped {:?}", t0.elapsed());
            }
            b.load_phoenix_actors_tsv(&text)?;
            if debug {
                eprintln!("kb: phoenix loaded {:?}", t0.elapsed());
            }
        }
        for dir in &options.dictionaries {
            b.load_user_dir(dir)?;
        }
        let kb = b.finish();
        if debug {
            eprintln!("kb: built {:?}", t0.elapsed());
        }
        kb
    }

    /// The place best known by `name` (capitals first, then the earliest listed, i.e. the
    /// most populous city of that name).
    pub fn place(&self, name: &str) -> Option<&Entry> {
        let list = self.places.get(&normalize_pattern(name).to_lowercase())?;
        let best = list
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .min_by_key(|e| e.capital_of.is_none())?;
        Some(best)
    }

    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    pub fn title(&self, index: usize) -> Option<&Title> {
        self.titles.get(index)
    }

    pub fn country(&self, code: &str) -> Option<&Entry> {
        self.countries.get(code).and_then(|&i| self.entries.get(i))
    }

    /// Targets of a hit whose own case policy accepts the matched text.
    pub fn targets_for<'k>(
        &'k self,
        pattern: usize,
        matched: &'k str,
    ) -> impl Iterator<Item = &'k Target> + 'k {
        self.targets
            .get(pattern)
            .into_iter()
            .flatten()
            .filter(move |t| t.case.accepts(matched))
    }
}

/// A parsed TSV table: header and rows (1-based line numbers kept for errors).
struct Table<'a> {
    name: &'a str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(name: &'a str, text: &'a str) -> crate::Result<Table<'a>> {
        let mut header: Option<Vec<&str>> = None;
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            match &header {
                None => header = Some(fields),
                Some(h) => {
                    if fields.len() > h.len() {
                        return Err(Error::Parse {
                            path: name.into(),
                            line: i + 1,
                            message: format!("{} columns, header has {}", fields.len(), h.len()),
                        });
                    }
                    rows.push((i + 1, fields));
                }
            }
        }
        let header = header.ok_or_else(|| Error::Parse {
            path: name.into(),
            line: 1,
            message: "no header line".into(),
        })?;
        Ok(Table { name, header, rows })
    }

    fn col(&self, column: &str) -> crate::Result<usize> {
        self.header
            .iter()
            .position(|h| *h == column)
            .ok_or_else(|| Error::Parse {
                path: self.name.into(),
                line: 1,
                message: format!("missing column {column:?}"),
            })
    }

    /// The indices of several columns at once.
    fn cols<const N: usize>(&self, columns: [&str; N]) -> crate::Result<[usize; N]> {
        let mut out = [0; N];
        for (slot, column) in out.iter_mut().zip(columns) {
            *slot = self.col(column)?;
        }
        Ok(out)
    }

    fn error(&self, line: usize, message: String) -> Error {
        Error::Parse {
            path: self.name.into(),
            line,
            message,
        }
    }
}

fn cell<'a>(row: &[&'a str], index: usize) -> &'a str {
    row.get(index).copied().unwrap_or("")
}

fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn opt(cell: &str) -> Option<String> {
    (!cell.is_empty() && cell != "-").then(|| cell.to_string())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `end` picks the last day of a partial date.
fn parse_kb_date(s: &str, end: bool) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => Date::new(year, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        2 => {
            let month: u32 = parts.get(1)?.parse().ok()?;
            let day = if end {
                crate::date::days_in_month(year, month)
            } else {
                1
            };
            Date::new(year, month, day)
        }
        3 => Date::parse_iso(s),
        _ => None,
    }
}

pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_slug(&mut out, name);
    out
}

/// Appends the slug of `name` to `out` ("Moon Jae-in" → "moon-jae-in").
fn push_slug(out: &mut String, name: &str) {
    let base = out.len();
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if out.len() > base && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > base && out.ends_with('-') {
        out.pop();
    }
}

/// English plural of a title noun ("secretary" → "secretaries", "boss" → "bosses").
pub fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if word.ends_with('s') || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        return format!("{word}es");
    }
    if word.ends_with("man") {
        return format!("{}men", word.trim_end_matches("man"));
    }
    format!("{word}s")
}

#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    titles: Vec<Title>,
    title_index: HashMap<String, usize>,
    sectors: HashMap<String, String>,
    countries: HashMap<String, usize>,
    person_ids: HashMap<String, usize>,
    places: HashMap<(String, String), usize>,
    patterns: KeyMap<usize>,
    pattern_list: Vec<(String, Case)>,
    targets: Vec<Vec<Target>>,
    warnings: Vec<String>,
}

impl Builder {
    /// A builder sized for about `patterns` names, so the tables do not grow step by step.
    fn with_capacity(patterns: usize) -> Builder {
        let mut b = Builder::default();
        b.patterns.reserve(patterns);
        b.pattern_list.reserve(patterns);
        b.targets.reserve(patterns);
        b.entries.reserve(patterns / 2);
        b
    }

    fn add_pattern(&mut self, text: &str, target: Target) {
        self.add_normalized(normalize_pattern(text), target);
    }

    /// As [`Builder::add_pattern`] for a name already through [`normalize_pattern`].
    fn add_normalized(&mut self, norm: String, target: Target) {
        if norm.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return;
        }
        let lowered = (!norm.is_ascii()).then(|| norm.to_lowercase());
        let key = lowered.as_deref().unwrap_or(&norm);
        let index = match self.patterns.get(key) {
            Some(&i) => {
                if let Some((stored, case)) = self.pattern_list.get_mut(i) {
                    // The dictionary pattern takes the loosest policy; each target keeps its own.
                    if target.case == Case::Any
                        || (*case == Case::Exact && target.case != Case::Exact)
                    {
                        *case = target.case;
                        if target.case != Case::Exact {
                            *stored = norm;
                        }
                    }
                }
                i
            }
            None => {
                let i = self.pattern_list.len();
                self.patterns
                    .insert(lowered.unwrap_or_else(|| norm.clone()), i);
                self.pattern_list.push((norm, target.case));
                self.targets.push(Vec::new());
                i
            }
        };
        if let Some(list) = self.targets.get_mut(index) {
            if !list.contains(&target) {
                list.push(target);
            }
        }
    }

    /// Whether a multi-word name starts with a title, honorific or nationality word, or
    /// contains an office word.
    fn has_title_prefix(&self, key: &str) -> bool {
        let mut words = key.split(' ');
        let first = words.next().unwrap_or("");
        if words.next().is_none() {
            return false;
        }
        if key
            .split(' ')
            .any(|w| OFFICE_WORDS.contains(&w) || HONORIFICS.contains(&w))
        {
            return true;
        }
        self.patterns
            .get(first)
            .and_then(|&p| self.targets.get(p))
            .is_some_and(|ts| {
                ts.iter().any(|t| {
                    matches!(t.form, Form::Title | Form::TitlePlural | Form::Adjective)
                        || (t.form == Form::Name
                            && self
                                .entries
                                .get(t.entry)
                                .is_some_and(|e| e.kind == EntryKind::Country))
                })
            })
    }

    /// Adds `text` as a name of `entry`, its case policy taken from its own spelling.
    fn add_name(&mut self, entry: usize, form: Form, text: &str) {
        let target = Target {
            entry,
            form,
            case: Case::for_name(text),
            user: false,
        };
        self.add_pattern(text, target);
    }

    /// Adds a name and its `|`-separated aliases.
    fn add_names(&mut self, entry: usize, name: &str, aliases: &str) {
        for a in std::iter::once(name).chain(list(aliases)) {
            self.add_name(entry, Form::Name, a);
        }
    }

    /// The country entry a table row refers to; an unknown code is an error at that line.
    fn country_index(&self, table: &Table, line: usize, iso: &str) -> crate::Result<usize> {
        self.countries
            .get(iso)
            .copied()
            .ok_or_else(|| table.error(line, format!("unknown country {iso:?}")))
    }

    fn push(&mut self, entry: Entry) -> usize {
        self.entries.push(entry);
        self.entries.len() - 1
    }

    fn load_defaults(&mut self) -> crate::Result<()> {
        self.load_sectors()?;
        self.load_countries()?;
        self.load_nationalities()?;
        self.load_cities()?;
        self.load_place_aliases()?;
        self.load_igos()?;
        self.load_bodies()?;
        self.load_titles()?;
        self.load_people()?;
        Ok(())
    }

    fn load_sectors(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/sectors.tsv", SECTORS)?;
        let [c, n] = t.cols(["code", "name"])?;
        for (_, row) in &t.rows {
            self.sectors
                .insert(cell(row, c).to_string(), cell(row, n).to_string());
        }
        Ok(())
    }

    fn load_countries(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/countries.tsv", COUNTRIES)?;
        let [code, cameo, name, official, aliases] =
            t.cols(["code", "cameo", "name", "official_name", "aliases"])?;
        let [capital, lat, lon] = t.cols(["capital", "capital_lat", "capital_lon"])?;
        for (line, row) in &t.rows {
            let iso = cell(row, code);
            if iso.len() != 3 {
                return Err(t.error(*line, format!("bad country code {iso:?}")));
            }
            let mut e = Entry::new(
                format!("kb:country/{iso}"),
                cell(row, name).to_string(),
                EntryKind::Country,
            );
            e.country = Some(iso.to_string());
            e.code = Some(cell(row, cameo).to_string());
            e.role = opt(cell(row, capital));
            e.lat = cell(row, lat).parse().ok();
            e.lon = cell(row, lon).parse().ok();
            let names: Vec<String> = std::iter::once(cell(row, name))
                .chain(std::iter::once(cell(row, official)))
                .chain(list(cell(row, aliases)))
                .filter(|n| !n.is_empty() && !n.contains(','))
                .map(str::to_string)
                .collect();
            let idx = self.push(e);
            self.countries.insert(iso.to_string(), idx);
            self.countries.insert(cell(row, cameo).to_string(), idx);
            for n in names {
                self.add_name(idx, Form::Name, &n);
            }
        }
        let t = Table::parse("data/kb/historical_countries.tsv", HISTORICAL)?;
        let [code, name] = t.cols(["code", "name"])?;
        for (_, row) in &t.rows {
            let iso = cell(row, code);
            if self.countries.contains_key(iso) {
                continue;
            }
            let n = cell(row, name);
            let mut e = Entry::new(
                format!("kb:country/{iso}"),
                n.to_string(),
                EntryKind::Country,
            );
            e.country = Some(iso.to_string());
            e.code = Some(iso.to_string());
            let idx = self.push(e);
            self.countries.insert(iso.to_string(), idx);
            if !n.contains(',') {
                self.add_name(idx, Form::Name, n);
            }
        }
        Ok(())
    }

    fn load_nationalities(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/nationalities.tsv", NATIONALITIES)?;
        let [code, adj, dem, aliases, capital] =
            t.cols(["code", "adjectives", "demonyms", "aliases", "capital"])?;
        for (line, row) in &t.rows {
            let iso = cell(row, code);
            let idx = self.country_index(&t, *line, iso)?;
            for a in list(cell(row, adj)) {
                self.add_name(idx, Form::Adjective, a);
            }
            for d in list(cell(row, dem)) {
                self.add_name(idx, Form::Demonym, d);
            }
            for a in list(cell(row, aliases)) {
                self.add_name(idx, Form::Name, a);
            }
            if let (Some(c), Some(e)) = (opt(cell(row, capital)), self.entries.get_mut(idx)) {
                e.role = Some(c);
            }
        }
        Ok(())
    }

    fn load_cities(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/cities.tsv", CITIES)?;
        let [name, country, lat, lon, capital, gid] =
            t.cols(["name", "country", "lat", "lon", "capital", "geonameid"])?;
        for (line, row) in &t.rows {
            let n = cell(row, name);
            let iso = cell(row, country);
            let cidx = self.country_index(&t, *line, iso)?;
            if self.places.contains_key(&(n.to_string(), iso.to_string())) {
                continue;
            }
            let country_capital = self.entries.get(cidx).and_then(|c| c.role.clone());
            let is_capital = cell(row, capital) == "1" || country_capital.as_deref() == Some(n);
            let mut e = Entry::new(
                format!("kb:place/{}", cell(row, gid)),
                n.to_string(),
                EntryKind::Place,
            );
            e.country = Some(iso.to_string());
            e.code = self.entries.get(cidx).and_then(|c| c.code.clone());
            e.lat = cell(row, lat).parse().ok();
            e.lon = cell(row, lon).parse().ok();
            if is_capital {
                e.capital_of = Some(iso.to_string());
            }
            let idx = self.push(e);
            self.places.insert((n.to_string(), iso.to_string()), idx);
            if is_capital {
                if let Some(c) = self.entries.get_mut(cidx) {
                    c.capital = Some(idx);
                }
            }
            let ambiguous = !is_capital && AMBIGUOUS_CITIES.contains(&n);
            if n.chars().count() >= 3 && !ambiguous {
                self.add_name(idx, Form::Name, n);
            }
        }
        Ok(())
    }

    fn load_place_aliases(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/place_aliases.tsv", PLACE_ALIASES)?;
        let [alias, name, country, lat, lon] =
            t.cols(["alias", "name", "country", "lat", "lon"])?;
        for (line, row) in &t.rows {
            let (a, n, iso) = (cell(row, alias), cell(row, name), cell(row, country));
            let cidx = self.country_index(&t, *line, iso)?;
            let idx = match self.places.get(&(n.to_string(), iso.to_string())) {
                Some(&i) => i,
                None => {
                    let mut e = Entry::new(
                        format!("kb:place/{}-{}", iso.to_lowercase(), slug(n)),
                        n.to_string(),
                        EntryKind::Place,
                    );
                    e.country = Some(iso.to_string());
                    e.code = self.entries.get(cidx).and_then(|c| c.code.clone());
                    e.lat = cell(row, lat).parse().ok();
                    e.lon = cell(row, lon).parse().ok();
                    let capital = self.entries.get(cidx).and_then(|c| c.role.clone());
                    if capital.as_deref() == Some(n) {
                        e.capital_of = Some(iso.to_string());
                    }
                    let i = self.push(e);
                    self.places.insert((n.to_string(), iso.to_string()), i);
                    if capital.as_deref() == Some(n) {
                        if let Some(c) = self.entries.get_mut(cidx) {
                            c.capital = Some(i);
                        }
                    }
                    self.add_name(i, Form::Name, n);
                    i
                }
            };
            self.add_name(idx, Form::Name, a);
        }
        Ok(())
    }

    fn load_igos(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/igos.tsv", IGOS)?;
        let [code, name, aliases, kind] = t.cols(["code", "name", "aliases", "kind"])?;
        for (_, row) in &t.rows {
            let n = cell(row, name);
            let mut e = Entry::new(format!("kb:igo/{}", slug(n)), n.to_string(), EntryKind::Igo);
            e.code = opt(cell(row, code));
            e.role = opt(cell(row, kind));
            e.sectors = vec![cell(row, code).get(..3).unwrap_or("IGO").to_string()];
            let idx = self.push(e);
            self.add_names(idx, n, cell(row, aliases));
        }
        Ok(())
    }

    fn load_bodies(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/bodies.tsv", BODIES)?;
        let [country, code, name, aliases, kind] =
            t.cols(["country", "code", "name", "aliases", "kind"])?;
        for (line, row) in &t.rows {
            let iso = cell(row, country);
            self.country_index(&t, *line, iso)?;
            let n = cell(row, name);
            let c = cell(row, code);
            let mut e = Entry::new(
                format!("kb:body/{}/{}", iso.to_lowercase(), slug(n)),
                n.to_string(),
                EntryKind::Body,
            );
            e.country = Some(iso.to_string());
            e.code = opt(c);
            e.sectors = phoenix::code_parts(c)
                .into_iter()
                .skip(1)
                .map(str::to_string)
                .collect();
            e.role = opt(cell(row, kind));
            let idx = self.push(e);
            self.add_names(idx, n, cell(row, aliases));
        }
        Ok(())
    }

    fn add_title(&mut self, title: Title) {
        let key = title.text.to_lowercase();
        if self.title_index.contains_key(&key) {
            return;
        }
        let idx = self.titles.len();
        self.title_index.insert(key.clone(), idx);
        let any = |form| Target {
            entry: idx,
            form,
            case: Case::Any,
            user: false,
        };
        self.add_pattern(&key, any(Form::Title));
        let mut words: Vec<&str> = key.split(' ').collect();
        // "secretary of state" → "secretaries of state"; "defense secretary" → "defense secretaries".
        let head = words
            .iter()
            .position(|w| *w == "of")
            .map_or(words.len().saturating_sub(1), |p| p.saturating_sub(1));
        if let Some(w) = words.get(head).copied() {
            if !title.group {
                let p = plural(w);
                if let Some(slot) = words.get_mut(head) {
                    *slot = &p;
                }
                let plural_text = words.join(" ");
                self.add_pattern(&plural_text, any(Form::TitlePlural));
            }
        }
        self.titles.push(title);
    }

    fn load_titles(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/titles.tsv", TITLES)?;
        let [title, sectors, kind, class] = t.cols(["title", "sectors", "kind", "class"])?;
        for (line, row) in &t.rows {
            let k = cell(row, kind);
            if k != "role" && k != "group" {
                return Err(t.error(*line, format!("bad kind {k:?}")));
            }
            self.add_title(Title {
                text: cell(row, title).to_lowercase(),
                sectors: list(cell(row, sectors)).map(str::to_string).collect(),
                group: k == "group",
                class: opt(cell(row, class)),
            });
        }
        Ok(())
    }

    fn load_people(&mut self) -> crate::Result<()> {
        let t = Table::parse("data/kb/people.tsv", PEOPLE)?;
        let c = t.cols([
            "id", "name", "family", "aliases", "gender", "country", "code", "class", "role",
            "start", "end",
        ])?;
        for (line, row) in &t.rows {
            let get = |i: usize| cell(row, c[i]);
            let start = opt(get(9));
            let end = opt(get(10));
            let tenure = Tenure {
                code: get(6).to_string(),
                class: get(7).to_string(),
                role: opt(get(8)),
                start: match &start {
                    Some(s) => Some(
                        parse_kb_date(s, false)
                            .ok_or_else(|| t.error(*line, format!("bad date {s:?}")))?,
                    ),
                    None => None,
                },
                end: match &end {
                    Some(s) => Some(
                        parse_kb_date(s, true)
                            .ok_or_else(|| t.error(*line, format!("bad date {s:?}")))?,
                    ),
                    None => None,
                },
            };
            let id = get(0);
            let idx = match self.person_ids.get(id) {
                Some(&i) => i,
                None => {
                    let mut e = Entry::new(
                        format!("kb:person/{id}"),
                        get(1).to_string(),
                        EntryKind::Person,
                    );
                    e.country = opt(get(5));
                    e.gender = match get(4) {
                        "m" => Some(Gender::Male),
                        "f" => Some(Gender::Female),
                        "" => None,
                        g => return Err(t.error(*line, format!("bad gender {g:?}"))),
                    };
                    e.family = opt(get(2));
                    let i = self.push(e);
                    self.person_ids.insert(id.to_string(), i);
                    i
                }
            };
            if let Some(e) = self.entries.get_mut(idx) {
                e.tenures.push(tenure);
            }
            for n in std::iter::once(get(1)).chain(list(get(3))) {
                let target = Target {
                    entry: idx,
                    form: Form::Name,
                    case: Case::Capitalized,
                    user: false,
                };
                self.add_pattern(n, target);
            }
            if let Some(f) = opt(get(2)) {
                let target = Target {
                    entry: idx,
                    form: Form::Family,
                    case: Case::Capitalized,
                    user: false,
                };
                self.add_pattern(&f, target);
            }
        }
        Ok(())
    }

    fn load_phoenix_agents_tsv(&mut self, text: &str) -> crate::Result<()> {
        let t = Table::parse("data/kb/phoenix/agents.tsv", text)?;
        let [term, code] = t.cols(["term", "code"])?;
        let agents: Vec<PhoenixAgent> = t
            .rows
            .iter()
            .map(|(_, row)| PhoenixAgent {
                term: cell(row, term).to_string(),
                code: cell(row, code).to_string(),
            })
            .collect();
        self.add_agents(&agents);
        Ok(())
    }

    fn add_agents(&mut self, agents: &[PhoenixAgent]) {
        for a in agents {
            let text = a.term.to_lowercase();
            if text.split(' ').count() > 4 {
                continue;
            }
            let sectors: Vec<String> = phoenix::code_parts(&a.code)
                .into_iter()
                .map(str::to_string)
                .collect();
            if sectors.is_empty() {
                continue;
            }
            self.add_title(Title {
                text,
                sectors,
                group: false,
                class: None,
            });
        }
    }

    fn load_phoenix_actors_tsv(&mut self, text: &str) -> crate::Result<()> {
        let t = Table::parse("data/kb/phoenix/actors.tsv.gz", text)?;
        let [file, line, name, aliases, codes] =
            t.cols(["file", "line", "name", "aliases", "codes"])?;
        let mut actors = Vec::with_capacity(t.rows.len());
        let mut current_file = String::new();
        let mut batch: Vec<PhoenixActor> = Vec::new();
        for (l, row) in &t.rows {
            let mut parsed = Vec::new();
            for item in list(cell(row, codes)) {
                let (code, range) = item.split_once('@').unwrap_or((item, ""));
                let (s, e) = range.split_once("..").unwrap_or(("", ""));
                let start = if s.is_empty() {
                    None
                } else {
                    Some(Date::parse_iso(s).ok_or_else(|| t.error(*l, format!("bad date {s:?}")))?)
                };
                let end = if e.is_empty() {
                    None
                } else {
                    Some(Date::parse_iso(e).ok_or_else(|| t.error(*l, format!("bad date {e:?}")))?)
                };
                parsed.push(PhoenixCode {
                    code: code.to_string(),
                    start,
                    end,
                });
            }
            let f = cell(row, file);
            if f != current_file && !batch.is_empty() {
                actors.push((
                    std::mem::take(&mut current_file),
                    std::mem::take(&mut batch),
                ));
            }
            current_file = f.to_string();
            batch.push(PhoenixActor {
                name: cell(row, name).to_string(),
                aliases: list(cell(row, aliases)).map(str::to_string).collect(),
                codes: parsed,
                line: cell(row, line).parse().unwrap_or(0),
            });
        }
        if !batch.is_empty() {
            actors.push((current_file, batch));
        }
        for (file, batch) in actors {
            self.add_phoenix_actors(&file, &batch, false);
        }
        Ok(())
    }

    /// Adds Phoenix actors. Defaults never shadow a curated name; user entries (`user`) win.
    fn add_phoenix_actors(&mut self, file: &str, actors: &[PhoenixActor], user: bool) {
        let countries_file = file.contains("Countries");
        for actor in actors {
            let codes: Vec<&PhoenixCode> = actor
                .codes
                .iter()
                .filter(|c| {
                    c.code.len() >= 3
                        && c.code.len() % 3 == 0
                        && c.code.bytes().all(|b| b.is_ascii_uppercase())
                })
                .collect();
            let Some(first) = codes.first() else { continue };
            // Spellings that embed a title or a nationality ("US PRESIDENT BARACK OBAMA",
            // "PRESIDENT OBAMA") would hide the title from the appositive logic and make the
            // mention span the whole phrase: the title logic finds those people anyway.
            let names: Vec<Spelling> = std::iter::once(actor.name.as_str())
                .chain(actor.aliases.iter().map(String::as_str))
                .map(Spelling::new)
                .filter(|n| user || !self.has_title_prefix(n.key()))
                // "THE UN" when "UN" is known: matching it would split "the UN General Assembly".
                .filter(|n| {
                    n.key()
                        .strip_prefix("the ")
                        .is_none_or(|rest| user || !self.patterns.contains_key(rest))
                })
                .collect();
            if names.is_empty() {
                continue;
            }
            // A country block: its synonyms are more names for the country.
            if codes.len() == 1
                && first.code.len() == 3
                && first.start.is_none()
                && first.end.is_none()
            {
                if let Some(&cidx) = self.countries.get(first.code.as_str()) {
                    for n in names {
                        if user || !self.patterns.contains_key(n.key()) {
                            let case = phoenix_case(n.text);
                            self.add_normalized(
                                n.norm,
                                Target {
                                    entry: cidx,
                                    form: Form::Name,
                                    case,
                                    user,
                                },
                            );
                        }
                    }
                    continue;
                }
            }
            let dated = codes.iter().any(|c| c.start.is_some() || c.end.is_some());
            // Title phrases coded as actors ("US SECRETARY OF STATE", "AMERICAN VICE PRESIDENT")
            // are left to the title logic, which also finds the name that follows them.
            let office = |w: &str| OFFICE_WORDS.iter().any(|o| w.eq_ignore_ascii_case(o));
            if !dated && !user && actor.name.split(' ').any(office) {
                continue;
            }
            // The same person as a curated entry: only add the extra spellings.
            let curated = names.iter().find_map(|n| {
                let &p = self.patterns.get(n.key())?;
                self.targets
                    .get(p)?
                    .iter()
                    .find(|t| {
                        t.form == Form::Name
                            && self
                                .entries
                                .get(t.entry)
                                .is_some_and(|e| e.kind == EntryKind::Person)
                    })
                    .map(|t| t.entry)
            });
            if let (Some(idx), false) = (curated, user) {
                for n in names {
                    if !self.patterns.contains_key(n.key()) {
                        let case = phoenix_case(n.text);
                        self.add_normalized(
                            n.norm,
                            Target {
                                entry: idx,
                                form: Form::Name,
                                case,
                                user,
                            },
                        );
                    }
                }
                continue;
            }
            let kind = if countries_file || dated {
                EntryKind::Person
            } else {
                EntryKind::Actor
            };
            let mut id = String::with_capacity(actor.name.len() + 11);
            id.push_str("kb:phoenix/");
            push_slug(&mut id, &actor.name);
            let mut e = Entry::new(id, phoenix::display_name(&actor.name), kind);
            let country_of = |code: &str| {
                code.get(..3)
                    .filter(|c| self.countries.contains_key(*c))
                    .map(str::to_string)
            };
            e.country = codes.iter().find_map(|c| country_of(&c.code));
            e.code = Some(first.code.clone());
            e.tenures = codes
                .iter()
                .map(|c| Tenure {
                    code: c.code.clone(),
                    class: String::new(),
                    role: None,
                    start: c.start,
                    end: c.end,
                })
                .collect();
            e.sectors = phoenix::code_parts(&first.code)
                .into_iter()
                .skip(1)
                .map(str::to_string)
                .collect();
            let idx = self.push(e);
            for n in names {
                if user || !self.patterns.contains_key(n.key()) {
                    let case = phoenix_case(n.text);
                    self.add_normalized(
                        n.norm,
                        Target {
                            entry: idx,
                            form: Form::Name,
                            case,
                            user,
                        },
                    );
                }
            }
        }
    }

    fn load_user_dir(&mut self, dir: &Path) -> crate::Result<()> {
        let read = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        // The same directory may hold verb dictionaries for the events stage: only actor and
        // agent files are ours.
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                name.ends_with(".txt") && (name.contains("actor") || name.contains("agent"))
            })
            .collect();
        files.sort();
        for path in files {
            let parsed = phoenix::read(&path)?;
            self.warnings.extend(parsed.warnings);
            self.add_agents(&parsed.agents);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.add_phoenix_actors(&name, &parsed.actors, true);
        }
        Ok(())
    }

    fn finish(mut self) -> crate::Result<Kb> {
        // User entries replace the defaults for the same name.
        for list in &mut self.targets {
            if list.iter().any(|t| t.user) {
                list.retain(|t| t.user);
            }
        }
        if self.entries.is_empty() || self.pattern_list.is_empty() {
            return Err(Error::Model {
                name: "knowledge base".into(),
                message: "no entries loaded".into(),
            });
        }
        let mut families: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(f) = &e.family {
                families.entry(f.to_lowercase()).or_default().push(i);
            }
        }
        let mut places: HashMap<String, Vec<usize>> = HashMap::new();
        for (pattern, targets) in self.pattern_list.iter().zip(&self.targets) {
            for t in targets {
                let is_place = self
                    .entries
                    .get(t.entry)
                    .is_some_and(|e| e.kind == EntryKind::Place)
                    && t.form == Form::Name;
                if is_place {
                    places
                        .entry(pattern.0.to_lowercase())
                        .or_default()
                        .push(t.entry);
                }
            }
        }
        let t0 = std::time::Instant::now();
        let matcher = Matcher::new(self.pattern_list)?;
        if std::env::var_os("CHRONICLE_LINK_DEBUG").is_some() {
            eprintln!("kb: automaton {:?}", t0.elapsed());
        }
        Ok(Kb {
            entries: self.entries,
            titles: self.titles,
            sectors: self.sectors,
            countries: self.countries,
            families,
            matcher,
            targets: self.targets,
            warnings: self.warnings,
            places,
        })
    }
}

/// A name in normal form with its lookup key, computed once.
struct Spelling<'a> {
    text: &'a str,
    norm: String,
    lowered: Option<String>,
}

impl<'a> Spelling<'a> {
    fn new(text: &'a str) -> Spelling<'a> {
        let norm = normalize_pattern(text);
        let lowered = (!norm.is_ascii()).then(|| norm.to_lowercase());
        Spelling {
            text,
            norm,
            lowered,
        }
    }

    fn key(&self) -> &str {
        self.lowered.as_deref().unwrap_or(&self.norm)
    }
}

/// Phoenix names are upper-case: only very short ones are acronyms that must match exactly.
fn phoenix_case(name: &str) -> Case {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if !name.contains(' ') && (letters <= 3 || name.contains('.')) {
        Case::Exact
    } else {
        Case::Capitalized
    }
}

/// Converts Phoenix dictionary files into the shipped TSVs (`actors.tsv.gz`, `agents.tsv`).
/// Returns the warnings met (malformed lines, as `file:line: message`).
pub fn convert_phoenix(inputs: &[PathBuf], out_dir: &Path) -> crate::Result<Vec<String>> {
    use std::io::Write;
    let mut warnings = Vec::new();
    let mut actors = String::from(
        "# Converted by `chronicle kb import-phoenix` from the PETRARCH2 Phoenix dictionaries\n\
         # (openeventdata/petrarch2, MIT licence, Copyright (c) 2014 Open Event Data Alliance).\n\
         # Columns: file | line | name | aliases ('|') | codes ('|', CODE or CODE@START..END)\n\
         file\tline\tname\taliases\tcodes\n",
    );
    let mut agents = String::from(
        "# Converted by `chronicle kb import-phoenix` from Phoenix.agents.txt\n\
         # (openeventdata/petrarch2, MIT licence, Copyright (c) 2014 Open Event Data Alliance).\n\
         # Columns: term | code (sector codes, e.g. GOVMIL)\n\
         term\tcode\n",
    );
    let clean = |s: &str| s.replace(['\t', '|'], " ");
    for path in inputs {
        let parsed = phoenix::read(path)?;
        warnings.extend(parsed.warnings);
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for a in &parsed.actors {
            let codes: Vec<String> = a
                .codes
                .iter()
                .map(|c| match (c.start, c.end) {
                    (None, None) => c.code.clone(),
                    (s, e) => format!(
                        "{}@{}..{}",
                        c.code,
                        s.map(|d| d.to_string()).unwrap_or_default(),
                        e.map(|d| d.to_string()).unwrap_or_default()
                    ),
                })
                .collect();
            let aliases: Vec<String> = a.aliases.iter().map(|s| clean(s)).collect();
            actors.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\n",
                file,
                a.line,
                clean(&a.name),
                aliases.join("|"),
                codes.join("|")
            ));
        }
        for a in &parsed.agents {
            agents.push_str(&format!("{}\t{}\n", clean(&a.term), a.code));
        }
    }
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let gz_path = out_dir.join("actors.tsv.gz");
    let file = std::fs::File::create(&gz_path).map_err(|e| Error::io(&gz_path, e))?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(actors.as_bytes())
        .map_err(|e| Error::io(&gz_path, e))?;
    gz.finish().map_err(|e| Error::io(&gz_path, e))?;
    let agents_path = out_dir.join("agents.tsv");
    std::fs::write(&agents_path, agents).map_err(|e| Error::io(&agents_path, e))?;
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kb_dates_accept_partial_forms() {
        assert_eq!(parse_kb_date("2024-12", true), Date::new(2024, 12, 31));
        assert_eq!(parse_kb_date("2014", false), Date::new(2014, 1, 1));
        assert_eq!(parse_kb_date("2021-01-20", false), Date::new(2021, 1, 20));
        assert_eq!(parse_kb_date("soon", false), None);
    }

    #[test]
    fn plurals_of_titles() {
        assert_eq!(plural("secretary"), "secretaries");
        assert_eq!(plural("president"), "presidents");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("congressman"), "congressmen");
    }

    #[test]
    fn broken_tables_are_errors() {
        assert!(Table::parse("x.tsv", "# only comments\n").is_err());
        assert!(Table::parse("x.tsv", "a\tb\n1\t2\t3\n").is_err());
        let t = Table::parse("x.tsv", "a\tb\n1\n").unwrap();
        assert!(t.col("c").is_err());
    }
}
