//! The GDELT 2.0 event table: 61 tab-separated columns per event, in the codebook's
//! order (GDELT Event Codebook v2.0, "Event table"), so GDELT tooling reads our events.
//!
//! Mapping: GLOBALEVENTID = our event id; SQLDATE/MonthYear/Year/FractionDate = when the
//! event happens (its first possible day), not when it was reported; DATEADDED = the
//! day of the first report (YYYYMMDDHHMMSS, time unknown: 000000); Actor1 = the first
//! source actor, Actor2 = the first target actor (country code = the CAMEO code's first
//! three letters, type codes = the following three-letter groups); NumMentions/NumSources/
//! NumArticles from the merged event; AvgTone is 0 (no tone model); geo: ActionGeo from
//! the event's location (country as FIPS 10-4, as GDELT writes it); Actor geo is empty;
//! SOURCEURL = the first report's URL, else `chronicle:<article id>`.

use std::collections::HashMap;
use std::sync::OnceLock;

use chronicle::date::Date;

use crate::query::EventRow;
use crate::when::iso_to_day;

/// The 61 column names, in order.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// ISO alpha-3 -> FIPS 10-4 (data/iso3_fips.tsv; source in data/README.md).
fn fips(iso3: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            include_str!("../../data/iso3_fips.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .collect()
        })
        .get(iso3)
        .copied()
}

/// Tabs and newlines would break the row.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Actor code, name, country, known group, ethnic, religion 1, religion 2, type 1..3.
fn actor_columns(code: Option<&String>, names: &str) -> [String; 10] {
    let mut out: [String; 10] = Default::default();
    let Some(code) = code else {
        return out;
    };
    out[0] = code.clone();
    out[1] = clean(names.split("; ").next().unwrap_or("")).to_uppercase();
    let groups: Vec<&str> = (0..code.len() / 3)
        .filter_map(|i| code.get(i * 3..i * 3 + 3))
        .collect();
    let mut types = groups.iter().copied();
    // A leading country code (IGO/NGO/MNC and other non-state actors have none).
    if let Some(first) = groups.first().filter(|g| fips(g).is_some()) {
        out[2] = first.to_string();
        types.next();
    }
    for (slot, t) in out[7..10].iter_mut().zip(types) {
        *slot = t.to_string();
    }
    out
}

fn yyyymmdd(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year, date.month, date.day)
}

/// The 61 cells of one event.
pub fn row(e: &EventRow) -> Vec<String> {
    let day = e
        .start
        .as_deref()
        .or(e.first_report.as_deref())
        .and_then(iso_to_day)
        .map(Date::from_days);
    let mut cells: Vec<String> = Vec::with_capacity(61);
    cells.push(e.id.to_string());
    match day {
        Some(d) => {
            let jan1 = Date {
                year: d.year,
                month: 1,
                day: 1,
            };
            let fraction = (d.to_days() - jan1.to_days()) as f64 / 365.0;
            cells.push(yyyymmdd(d));
            cells.push(format!("{:04}{:02}", d.year, d.month));
            cells.push(format!("{:04}", d.year));
            cells.push(format!("{:.4}", f64::from(d.year) + fraction.min(0.9999)));
        }
        None => cells.extend(std::iter::repeat_n(String::new(), 4)),
    }
    cells.extend(actor_columns(e.source_codes.first(), &e.source_names));
    cells.extend(actor_columns(e.target_codes.first(), &e.target_names));
    cells.push("0".into()); // IsRootEvent: not tracked
    cells.push(e.cameo.clone());
    cells.push(crate::codes::cameo_base(&e.cameo).to_string());
    cells.push(crate::codes::cameo_root(&e.cameo).to_string());
    cells.push(e.quad_class.map(|q| q.to_string()).unwrap_or_default());
    cells.push(e.goldstein.map(|g| format!("{g:.1}")).unwrap_or_default());
    cells.push(e.num_mentions.to_string());
    cells.push(e.num_sources.to_string());
    cells.push(e.num_articles.to_string());
    cells.push("0".into()); // AvgTone
                            // Actor1Geo, Actor2Geo: not resolved.
    for _ in 0..2 {
        cells.push("0".into());
        cells.extend(std::iter::repeat_n(String::new(), 7));
    }
    // ActionGeo.
    match (&e.location, &e.country) {
        (None, None) => {
            cells.push("0".into());
            cells.extend(std::iter::repeat_n(String::new(), 7));
        }
        (name, country) => {
            let country_fips = country.as_deref().and_then(fips).unwrap_or("");
            let is_country = e.lat.is_none() || name.as_deref() == country.as_deref();
            cells.push(if is_country { "1" } else { "4" }.into());
            cells.push(clean(name.as_deref().or(country.as_deref()).unwrap_or("")));
            cells.push(country_fips.to_string());
            cells.push(String::new());
            cells.push(String::new());
            cells.push(e.lat.map(|v| format!("{v:.4}")).unwrap_or_default());
            cells.push(e.lon.map(|v| format!("{v:.4}")).unwrap_or_default());
            cells.push(String::new());
        }
    }
    let added = e
        .first_report
        .as_deref()
        .and_then(iso_to_day)
        .map(|d| format!("{}000000", yyyymmdd(Date::from_days(d))))
        .unwrap_or_default();
    cells.push(added);
    cells.push(clean(
        &e.first_article_url
            .clone()
            .unwrap_or_else(|| format!("chronicle:{}", e.first_article)),
    ));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> EventRow {
        EventRow {
            id: 7,
            date: Some("2021-03-17".into()),
            start: Some("2021-03-17".into()),
            end: Some("2021-03-17".into()),
            plover: "CONSULT".into(),
            cameo: "0361".into(),
            quad_class: Some(1),
            goldstein: Some(4.0),
            modality: "asserted".into(),
            planned: false,
            source_codes: vec!["USAGOV".into()],
            target_codes: vec!["KORGOV".into()],
            source_names: "Antony Blinken; Lloyd Austin".into(),
            target_names: "South Korea".into(),
            location: Some("Seoul".into()),
            country: Some("KOR".into()),
            lat: Some(37.566),
            lon: Some(126.978),
            summary: "They met.".into(),
            num_mentions: 3,
            num_articles: 2,
            num_sources: 2,
            num_independent: 2,
            first_report: Some("2021-03-05".into()),
            last_report: Some("2021-03-18".into()),
            first_article: "a1".into(),
            first_article_url: None,
            confidence: 0.9,
            planned_event: None,
            realized_by: None,
            actors: Vec::new(),
        }
    }

    #[test]
    fn sixty_one_columns_in_codebook_order() {
        let cells = row(&event());
        assert_eq!(cells.len(), 61);
        assert_eq!(COLUMNS.len(), 61);
        let col = |name: &str| cells[COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
        assert_eq!(col("SQLDATE"), "20210317"); // when it happened
        assert_eq!(col("DATEADDED"), "20210305000000"); // when first reported
        assert_eq!(col("MonthYear"), "202103");
        assert_eq!(col("FractionDate"), "2021.2055"); // 75 of 365 days done
        assert_eq!(
            (
                col("Actor1Code"),
                col("Actor1CountryCode"),
                col("Actor1Type1Code")
            ),
            ("USAGOV", "USA", "GOV")
        );
        assert_eq!(col("Actor1Name"), "ANTONY BLINKEN");
        assert_eq!(
            (col("EventCode"), col("EventBaseCode"), col("EventRootCode")),
            ("0361", "036", "03")
        );
        assert_eq!((col("QuadClass"), col("GoldsteinScale")), ("1", "4.0"));
        assert_eq!(
            (col("NumMentions"), col("NumSources"), col("NumArticles")),
            ("3", "2", "2")
        );
        assert_eq!(
            (col("ActionGeo_Type"), col("ActionGeo_CountryCode")),
            ("4", "KS")
        );
        assert_eq!(col("SOURCEURL"), "chronicle:a1");
    }

    #[test]
    fn fips_codes_differ_from_iso() {
        assert_eq!(fips("DEU"), Some("GM"));
        assert_eq!(fips("USA"), Some("US"));
        assert_eq!(fips("XXX"), None);
    }
}
