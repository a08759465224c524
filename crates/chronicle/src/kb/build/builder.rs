//! The KB builder: the shipped tables, the title and name patterns, and the compiled matcher
//! (the Phoenix dictionaries are added by `dicts`).

use std::collections::HashMap;

use crate::error::Error;

use crate::kb::files;
use crate::kb::matcher::{normalize_pattern, Case, KeyMap, Matcher};
use crate::kb::names::{plural, slug};
use crate::kb::phoenix;
use crate::kb::table::{cell, list, opt, parse_kb_date, Table};
use crate::kb::types::{Entry, EntryKind, Form, Gender, Kb, Target, Tenure, Title};

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
pub(super) const OFFICE_WORDS: &[&str] = &[
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

#[derive(Default)]
pub(crate) struct Builder {
    pub(super) entries: Vec<Entry>,
    pub(super) titles: Vec<Title>,
    pub(super) title_index: HashMap<String, usize>,
    pub(super) sectors: HashMap<String, String>,
    pub(super) countries: HashMap<String, usize>,
    pub(super) person_ids: HashMap<String, usize>,
    pub(super) places: HashMap<(String, String), usize>,
    pub(super) patterns: KeyMap<usize>,
    pub(super) pattern_list: Vec<(String, Case)>,
    pub(super) targets: Vec<Vec<Target>>,
    pub(super) warnings: Vec<String>,
}

impl Builder {
    /// A builder sized for about `patterns` names, so the tables do not grow step by step.
    pub(crate) fn with_capacity(patterns: usize) -> Builder {
        let mut b = Builder::default();
        b.patterns.reserve(patterns);
        b.pattern_list.reserve(patterns);
        b.targets.reserve(patterns);
        b.entries.reserve(patterns / 2);
        b
    }

    pub(crate) fn add_pattern(&mut self, text: &str, target: Target) {
        self.add_normalized(normalize_pattern(text), target);
    }

    /// As [`Builder::add_pattern`] for a name already through [`normalize_pattern`].
    pub(crate) fn add_normalized(&mut self, norm: String, target: Target) {
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
    pub(crate) fn has_title_prefix(&self, key: &str) -> bool {
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
    pub(crate) fn add_name(&mut self, entry: usize, form: Form, text: &str) {
        let target = Target {
            entry,
            form,
            case: Case::for_name(text),
            user: false,
        };
        self.add_pattern(text, target);
    }

    /// Adds a name and its `|`-separated aliases.
    pub(crate) fn add_names(&mut self, entry: usize, name: &str, aliases: &str) {
        for a in std::iter::once(name).chain(list(aliases)) {
            self.add_name(entry, Form::Name, a);
        }
    }

    /// The country entry a table row refers to; an unknown code is an error at that line.
    pub(crate) fn country_index(
        &self,
        table: &Table,
        line: usize,
        iso: &str,
    ) -> crate::error::Result<usize> {
        self.countries
            .get(iso)
            .copied()
            .ok_or_else(|| table.error(line, format!("unknown country {iso:?}")))
    }

    pub(crate) fn push(&mut self, entry: Entry) -> usize {
        self.entries.push(entry);
        self.entries.len() - 1
    }

    pub(crate) fn load_defaults(&mut self) -> crate::error::Result<()> {
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

    pub(crate) fn load_sectors(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/sectors.tsv", files::SECTORS)?;
        let [c, n] = t.cols(["code", "name"])?;
        for (_, row) in &t.rows {
            self.sectors
                .insert(cell(row, c).to_string(), cell(row, n).to_string());
        }
        Ok(())
    }

    pub(crate) fn load_countries(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/countries.tsv", files::COUNTRIES)?;
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
        let t = Table::parse("data/kb/historical_countries.tsv", files::HISTORICAL)?;
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

    pub(crate) fn load_nationalities(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/nationalities.tsv", files::NATIONALITIES)?;
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

    pub(crate) fn load_cities(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/cities.tsv", files::CITIES)?;
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

    pub(crate) fn load_place_aliases(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/place_aliases.tsv", files::PLACE_ALIASES)?;
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

    pub(crate) fn load_igos(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/igos.tsv", files::IGOS)?;
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

    pub(crate) fn load_bodies(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/bodies.tsv", files::BODIES)?;
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

    pub(crate) fn add_title(&mut self, title: Title) {
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

    pub(crate) fn load_titles(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/titles.tsv", files::TITLES)?;
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

    pub(crate) fn load_people(&mut self) -> crate::error::Result<()> {
        let t = Table::parse("data/kb/people.tsv", files::PEOPLE)?;
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

    pub(crate) fn finish(mut self) -> crate::error::Result<Kb> {
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
        let mut surnames: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(f) = &e.family {
                families.entry(f.to_lowercase()).or_default().push(i);
            } else if e.kind == EntryKind::Person && e.tenures.iter().any(|t| t.start.is_some()) {
                let last = e.name.rsplit(' ').next().filter(|l| {
                    *l != e.name && l.chars().count() >= 3 && l.chars().all(char::is_alphabetic)
                });
                if let Some(l) = last {
                    surnames.entry(l.to_lowercase()).or_default().push(i);
                }
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
            surnames,
            matcher,
            targets: self.targets,
            warnings: self.warnings,
            places,
        })
    }
}
