//! A synthetic archive for query benchmarks: millions of rows written straight into the
//! tables (no extraction, no merging), shaped like a real one — Zipf-distributed words,
//! actors and countries, events with one to five reports, ten years of dates — so the
//! query plans and index sizes are those of a large real archive.

use std::path::Path;

use rusqlite::params;

use crate::codes::{goldstein, quad_class, PLOVER_TYPES};
use crate::error::Result;
use crate::store::Writer;

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// An index in `0..n` with probability ∝ 1 / (rank + 1) (Zipf, s = 1).
    pub fn zipf(&mut self, n: usize) -> usize {
        // Inverse CDF of the continuous approximation: rank = n^u - 1.
        let r = (n as f64 + 1.0).powf(self.unit()) - 1.0;
        (r as usize).min(n.saturating_sub(1))
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ren", "sa", "to", "vi", "dar", "el", "po", "nu", "gra", "se", "bo", "ti",
    "ran", "fe", "mo", "lu", "cha", "di", "ve", "no", "ski",
];

/// News words first (the frequent ranks), then made-up words for the long tail.
const COMMON: [&str; 40] = [
    "the",
    "said",
    "government",
    "talks",
    "minister",
    "officials",
    "trade",
    "agreement",
    "president",
    "security",
    "military",
    "economy",
    "prices",
    "oil",
    "bank",
    "election",
    "sanctions",
    "meeting",
    "summit",
    "protest",
    "police",
    "court",
    "budget",
    "exports",
    "border",
    "ceasefire",
    "aid",
    "troops",
    "alliance",
    "inflation",
    "shares",
    "market",
    "company",
    "investment",
    "rates",
    "growth",
    "parliament",
    "crisis",
    "negotiations",
    "deal",
];

/// Country codes the synthetic actors belong to (a Zipf head of real CAMEO codes).
pub const COUNTRIES: [&str; 40] = [
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "JPN", "KOR", "PRK", "IND", "IRN", "ISR", "PSE",
    "SYR", "IRQ", "TUR", "UKR", "PAK", "AFG", "SAU", "EGY", "NGA", "ZAF", "BRA", "MEX", "CAN",
    "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "ETH", "KEN", "SDN", "LBY", "VEN", "COL", "ARG",
    "ITA",
];
const SECTORS: [&str; 6] = ["", "GOV", "MIL", "BUS", "CVL", "OPP"];
const MODALITIES: [&str; 5] = ["asserted", "asserted", "asserted", "planned", "speculated"];

fn vocabulary(size: usize) -> Vec<String> {
    let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
    let mut i = 0usize;
    while words.len() < size {
        let mut w = String::new();
        let mut k = i;
        for _ in 0..3 {
            w.push_str(SYLLABLES[k % SYLLABLES.len()]);
            k /= SYLLABLES.len();
        }
        if i >= SYLLABLES.len().pow(3) {
            w.push_str(&(i / SYLLABLES.len().pow(3)).to_string());
        }
        words.push(w);
        i += 1;
    }
    words
}

/// The vocabulary the generator draws from (queries for benchmarks pick from it).
pub fn words() -> Vec<String> {
    vocabulary(20_000)
}

/// Writes `articles` synthetic articles (and about 0.7 merged events per article) into a
/// new archive at `path`. `progress` hears the number of articles written so far.
pub fn generate(
    path: &Path,
    articles: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Result<()> {
    let mut writer = Writer::open(path)?;
    let conn = writer.connection();
    conn.pragma_update(None, "synchronous", "OFF")?;
    // Random-order inserts into the actor and FTS indexes stay in memory instead of
    // re-reading pages from disk (about 1 GiB for a million articles).
    conn.pragma_update(None, "cache_size", -1_048_576)?;
    let words = words();
    let mut rng = Rng::new(seed);
    let start_day = crate::when::iso_to_day("2015-01-01").unwrap_or(16436);
    let span_days = 3650usize;

    // Actors: every country, every sector.
    let mut actor_codes: Vec<String> = Vec::new();
    {
        let tx = conn.transaction()?;
        let mut stmt = tx.prepare(
            "INSERT OR IGNORE INTO actors (key, name, code, country, sector, articles, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 0)",
        )?;
        for c in COUNTRIES {
            for s in SECTORS {
                let code = format!("{c}{s}");
                stmt.execute(params![
                    format!("code:{code}"),
                    format!("{c} {}", if s.is_empty() { "country" } else { s }),
                    code,
                    c,
                    (!s.is_empty()).then_some(s),
                ])?;
                actor_codes.push(code);
            }
        }
        drop(stmt);
        tx.commit()?;
    }
    let actor_rowid = |i: usize| i as i64 + 1;
    let pick_actor = |rng: &mut Rng| -> usize {
        let country = rng.zipf(COUNTRIES.len());
        country * SECTORS.len() + rng.below(SECTORS.len())
    };

    let batch = 10_000;
    let mut written = 0usize;
    let mut event_id = 0i64;
    while written < articles {
        let n = batch.min(articles - written);
        let tx = conn.transaction()?;
        {
            let mut ins_article = tx.prepare_cached(
                "INSERT INTO articles (rowid, id, content_hash, source, title, pub_date, pub_day, text,
                     bytes, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
            )?;
            let mut ins_fts = tx.prepare_cached(
                "INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
            )?;
            let mut ins_aa = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_actors (actor, article, mentions) VALUES (?1, ?2, ?3)",
            )?;
            let mut ins_event = tx.prepare_cached(
                "INSERT INTO events (rowid, plover, cameo, quad, goldstein, modality, date, day_start,
                     day_end, country, source_codes, target_codes, source_names, target_names,
                     summary, num_mentions, num_articles, num_sources, num_independent,
                     first_report, last_report, first_article, confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15,
                     ?15, ?15, ?16, ?17, ?18, ?19)",
            )?;
            let mut ins_ea = tx.prepare_cached(
                "INSERT OR IGNORE INTO event_actors (code, day, event, role) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut ins_mention = tx.prepare_cached(
                "INSERT INTO mentions (event, article, idx, cameo, plover, modality, date, trigger,
                     sentence, confidence, report_day, duplicate, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'said', ?8, 0.6, ?9, 0, 'synthetic')",
            )?;
            for i in 0..n {
                let rowid = (written + i + 1) as i64;
                let day = start_day + rng.below(span_days) as i64;
                let length = 30 + rng.below(60);
                let text: Vec<&str> = (0..length)
                    .map(|_| words[rng.zipf(words.len())].as_str())
                    .collect();
                let text = text.join(" ");
                let title: Vec<&str> = (0..6)
                    .map(|_| words[rng.zipf(words.len())].as_str())
                    .collect();
                let title = title.join(" ");
                let date = crate::when::day_to_iso(day);
                ins_article.execute(params![
                    rowid,
                    format!("synthetic-{rowid}"),
                    format!("{:016x}", rng.next_u64()),
                    "synthetic",
                    title,
                    date,
                    day,
                    text,
                    text.len() as i64,
                ])?;
                ins_fts.execute(params![rowid, title, text])?;
                let a = pick_actor(&mut rng);
                let b = pick_actor(&mut rng);
                ins_aa.execute(params![actor_rowid(a), rowid, 2])?;
                ins_aa.execute(params![actor_rowid(b), rowid, 1])?;
                // 7 in 10 articles report an event; the others are background.
                if rng.below(10) < 7 {
                    event_id += 1;
                    let plover = PLOVER_TYPES[rng.zipf(PLOVER_TYPES.len())];
                    let cameo = format!("{:02}{}", 1 + rng.below(20), rng.below(10));
                    let event_day = day - rng.below(3) as i64;
                    let event_date = crate::when::day_to_iso(event_day);
                    let reports = 1 + rng.zipf(5) as i64;
                    let (src, tgt) = (&actor_codes[a], &actor_codes[b]);
                    ins_event.execute(params![
                        event_id,
                        plover,
                        cameo,
                        quad_class(&cameo, plover),
                        goldstein(&cameo),
                        MODALITIES[rng.below(MODALITIES.len())],
                        event_date,
                        event_day,
                        src.get(0..3),
                        src,
                        tgt,
                        src,
                        tgt,
                        "Synthetic officials said they would meet.",
                        reports,
                        day,
                        day + reports - 1,
                        rowid,
                        1.0 - 0.4f64.powi(reports as i32),
                    ])?;
                    for (role, code) in [(0, src), (1, tgt)] {
                        ins_ea.execute(params![code, event_day, event_id, role])?;
                        if code.len() > 3 {
                            ins_ea.execute(params![&code[0..3], event_day, event_id, role])?;
                        }
                    }
                    ins_mention.execute(params![
                        event_id,
                        rowid,
                        0,
                        cameo,
                        plover,
                        "asserted",
                        event_date,
                        "Synthetic officials said they would meet.",
                        day
                    ])?;
                }
            }
        }
        tx.commit()?;
        written += n;
        progress(written);
    }
    conn.execute_batch(
        "UPDATE actors SET articles = (SELECT count(*) FROM article_actors aa WHERE aa.actor = actors.rowid),
                           mentions = (SELECT coalesce(sum(mentions), 0) FROM article_actors aa WHERE aa.actor = actors.rowid);",
    )?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    writer.set_meta("stages", "synthetic")?;
    writer.optimize()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_prefers_low_ranks_and_stays_in_range() {
        let mut rng = Rng::new(7);
        let draws: Vec<usize> = (0..10_000).map(|_| rng.zipf(100)).collect();
        assert!(draws.iter().all(|d| *d < 100));
        let head = draws.iter().filter(|d| **d < 10).count();
        assert!(head > 4000, "{head}");
    }

    #[test]
    fn generates_a_queryable_archive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synth.db");
        generate(&path, 500, 1, |_| {}).unwrap();
        let archive = crate::Archive::open(&path).unwrap();
        let stats = archive.stats().unwrap();
        assert_eq!(stats.articles, 500);
        assert!(stats.events > 250);
        let hits = archive
            .search(&crate::SearchQuery {
                text: "government".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(!hits.is_empty());
        let usa = archive
            .timeline(&crate::TimelineQuery {
                subject: "USA".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(!usa.is_empty());
        assert!(usa.windows(2).all(|w| w[0].start <= w[1].start));
    }
}
