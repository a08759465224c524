//! Phoenix (TABARI/PETRARCH) dictionaries into the KB: the shipped converted files, user
//! dictionaries, and the converter that makes the shipped files.

use std::path::{Path, PathBuf};

use crate::error::Error;

use super::builder::{Builder, OFFICE_WORDS};
use crate::date::Date;
use crate::kb::matcher::{normalize_pattern, Case};
use crate::kb::names::push_slug;
use crate::kb::phoenix::{self, PhoenixActor, PhoenixAgent, PhoenixCode};
use crate::kb::table::{cell, list, Table};
use crate::kb::types::{Entry, EntryKind, Form, Target, Tenure, Title};

impl Builder {
    pub(crate) fn load_phoenix_agents_tsv(&mut self, text: &str) -> crate::error::Result<()> {
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

    pub(crate) fn add_agents(&mut self, agents: &[PhoenixAgent]) {
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

    pub(crate) fn load_phoenix_actors_tsv(&mut self, text: &str) -> crate::error::Result<()> {
        self.load_actors_tsv("data/kb/phoenix/actors.tsv.gz", text, false)
    }

    /// Loads a file in the shape of `phoenix/actors.tsv`; with `user`, its entries load as a
    /// user dictionary's do and shadow earlier ones
    /// (the curated `curated_actors.tsv` over Phoenix).
    pub(crate) fn load_actors_tsv(
        &mut self,
        path: &str,
        text: &str,
        user: bool,
    ) -> crate::error::Result<()> {
        let t = Table::parse(path, text)?;
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
            self.add_phoenix_actors(&file, &batch, user);
        }
        Ok(())
    }

    /// Adds Phoenix actors. Defaults never shadow a curated name; user entries (`user`) win.
    pub(crate) fn add_phoenix_actors(&mut self, file: &str, actors: &[PhoenixActor], user: bool) {
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

    pub(crate) fn load_user_dir(&mut self, dir: &Path) -> crate::error::Result<()> {
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
pub fn convert_phoenix(inputs: &[PathBuf], out_dir: &Path) -> crate::error::Result<Vec<String>> {
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
