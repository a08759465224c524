//! The actors layer on the seed article (when the shared seeds are present) and, always, on an
//! article of our own written in the same style with the same kinds of references.

mod common;

use chronicle::date::{Date, PubDate};
use chronicle::doc::{Actor, Article, Range};
use chronicle::link::{actors_at, LinkStage};
use chronicle::pipeline::{Stage, TextStage};

/// The whole standard pipeline (NER before linking), built once for all tests.
fn link(text: &str, date: Date) -> Article {
    static PIPELINE: std::sync::OnceLock<chronicle::Pipeline> = std::sync::OnceLock::new();
    let pipeline = PIPELINE.get_or_init(|| chronicle::Pipeline::standard().expect("pipeline"));
    let mut article = Article::new(text.to_string());
    article.date = Some(PubDate::day(date));
    pipeline.annotate(&mut article);
    article
}

/// The actors whose mentions include the `nth` (0-based) occurrence of `surface`.
fn actors_of<'a>(article: &'a Article, surface: &str, nth: usize) -> Vec<&'a Actor> {
    let text = &article.text;
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let start = text
        .match_indices(surface)
        .map(|(i, _)| i)
        .filter(|&i| {
            !is_word(text[..i].chars().next_back())
                && !is_word(text[i + surface.len()..].chars().next())
        })
        .nth(nth)
        .unwrap_or_else(|| panic!("{surface:?} #{nth} not in text"));
    let range = Range::new(start, start + surface.len());
    let found: Vec<&Actor> = article
        .actors
        .iter()
        .filter(|a| a.mentions.iter().any(|m| m.range() == range))
        .collect();
    assert!(
        !found.is_empty(),
        "{surface:?} #{nth} is not a mention; actors: {:#?}",
        summary(article)
    );
    found
}

fn one<'a>(article: &'a Article, surface: &str, nth: usize) -> &'a Actor {
    let found = actors_of(article, surface, nth);
    assert_eq!(found.len(), 1, "{surface:?}: {found:#?}");
    found[0]
}

fn summary(article: &Article) -> Vec<String> {
    article
        .actors
        .iter()
        .map(|a| {
            format!(
                "{} {:?} {:?} {:?} typo={} [{}]",
                a.id,
                a.code,
                a.role,
                a.kind,
                a.typo,
                a.mentions
                    .iter()
                    .map(|m| m.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect()
}

fn codes(actors: &[&Actor]) -> Vec<String> {
    let mut v: Vec<String> = actors.iter().filter_map(|a| a.code.clone()).collect();
    v.sort();
    v
}

#[test]
fn seed_article_actors() {
    let Some(text) = common::seed_text() else {
        return;
    };
    let a = link(&text, Date::new(2021, 3, 5).unwrap());

    let blinken = one(&a, "Antony Blinken", 1);
    assert_eq!(blinken.id, "kb:person/antony-blinken");
    assert_eq!(blinken.code.as_deref(), Some("USAGOV"));
    assert_eq!(blinken.role.as_deref(), Some("Secretary of State"));

    let austin = one(&a, "Lloyd Austin", 0);
    assert!(austin.code.as_deref().unwrap_or("").starts_with("USA"));
    assert!(
        austin.sector.contains(&"GOV".to_string()) && austin.sector.contains(&"MIL".to_string())
    );
    assert_eq!(austin.role.as_deref(), Some("Defense Secretary"));

    let biden = one(&a, "Joe Bien", 0);
    assert_eq!(biden.id, "kb:person/joe-biden");
    assert!(biden.typo);
    // Only the misspelled mention carries the flag, not "Presidents Moon and Biden".
    assert_eq!(one(&a, "Biden", 0).id, biden.id);
    let typos: Vec<&str> = biden
        .typo_mentions
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(typos, vec!["Joe Bien"]);

    let moon = one(&a, "Moon", 0);
    assert_eq!(moon.id, "kb:person/moon-jae-in");
    assert_eq!(moon.code.as_deref(), Some("KORGOV"));
    assert_eq!(one(&a, "Moon", 1).id, moon.id);

    assert_eq!(
        one(&a, "Seoul", 1).code.as_deref(),
        Some("KORGOV"),
        "Seoul favors"
    );
    let washington_sees = a.text.find("Washington sees").unwrap();
    let w = actors_at(&a, Range::new(washington_sees, washington_sees + 10));
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code.as_deref(), Some("USAGOV"));

    let flew = a.text.find("flew to Washington").unwrap() + "flew to ".len();
    let place = a
        .actors
        .iter()
        .find(|x| x.mentions.iter().any(|m| m.start == flew))
        .expect("flew to Washington is a mention");
    assert_eq!(place.kind.as_deref(), Some("place"));
    assert_eq!(place.code.as_deref(), Some("USA"));

    assert_eq!(one(&a, "Pyongyang", 0).code.as_deref(), Some("PRK"));
    let cwd = one(&a, "Cheong Wa Dae", 0);
    assert_eq!(cwd.code.as_deref(), Some("KORGOV"));
    assert_eq!(cwd.role.as_deref(), Some("presidential office"));
    assert_eq!(
        one(&a, "South Korean counterparts", 0).code.as_deref(),
        Some("KORGOV")
    );
    assert_eq!(
        one(&a, "American troops", 0).code.as_deref(),
        Some("USAMIL")
    );
    assert_eq!(
        codes(&actors_of(&a, "the two allies", 0)),
        vec!["KOR", "USA"]
    );
    let secretaries: Vec<String> = actors_of(&a, "the two US secretaries", 0)
        .iter()
        .map(|x| x.id.clone())
        .collect();
    assert!(secretaries.contains(&blinken.id) && secretaries.contains(&austin.id));
}

/// Our own article in the seed's style: every kind of reference, always run.
const PARAPHRASE: &str = "\
Allies to hold security talks in Seoul
US Secretary of State Antony Blinken and Defense Secretary Lloyd Austin are set to travel to Seoul next week for talks with their South Korean counterparts, officials said Thursday.
Seoul wants the talks to focus on North Korea, while Washington sees the trip as a chance to rally partners on China. The visit will be the first by senior officials from the two allies since US President Joe Bien was sworn in.
Washington has said little about the agenda. A Foreign Ministry official said Seoul hopes to close a deal on sharing the cost of the 28,500 American troops stationed in the country.
Pyongyang has yet to react. Cheong Wa Dae said President Moon would receive the two US secretaries if schedules allow. Moon has pushed for dialogue with the North, and he is expected to raise the issue.
Biden has backed the talks.
";

#[test]
fn paraphrase_actors() {
    let a = link(PARAPHRASE, Date::new(2021, 3, 5).unwrap());
    let s = summary(&a);
    let blinken = one(&a, "Antony Blinken", 0);
    assert_eq!(blinken.code.as_deref(), Some("USAGOV"), "{s:#?}");
    assert_eq!(blinken.role.as_deref(), Some("Secretary of State"));
    let austin = one(&a, "Lloyd Austin", 0);
    assert_eq!(austin.code.as_deref(), Some("USAGOVMIL"));
    // "travel to Seoul": a place; "Seoul wants": the government.
    let to_seoul = one(&a, "Seoul", 1);
    assert_eq!(to_seoul.kind.as_deref(), Some("place"));
    assert_eq!(to_seoul.code.as_deref(), Some("KOR"));
    assert_eq!(one(&a, "Seoul", 2).code.as_deref(), Some("KORGOV"));
    assert_eq!(
        one(&a, "Seoul", 3).code.as_deref(),
        Some("KORGOV"),
        "Seoul hopes"
    );
    assert_eq!(one(&a, "Washington", 0).code.as_deref(), Some("USAGOV"));
    assert_eq!(one(&a, "Washington", 1).code.as_deref(), Some("USAGOV"));
    assert_eq!(
        one(&a, "South Korean counterparts", 0).code.as_deref(),
        Some("KORGOV")
    );
    // "their" in the first sentence: the two travelling secretaries.
    let their: Vec<String> = actors_of(&a, "their", 0)
        .iter()
        .map(|x| x.id.clone())
        .collect();
    assert!(
        their.contains(&blinken.id) && their.contains(&austin.id),
        "{their:?}"
    );
    let bien = one(&a, "Joe Bien", 0);
    assert_eq!(bien.id, "kb:person/joe-biden");
    assert!(bien.typo);
    // The correctly spelled mention of the same person is not a typo.
    assert_eq!(one(&a, "Biden", 0).id, bien.id);
    assert_eq!(bien.typo_mentions.len(), 1);
    assert_eq!(bien.typo_mentions[0].text, "Joe Bien");
    assert!(bien.mentions.iter().any(|m| m.text == "Biden"));
    assert_eq!(
        codes(&actors_of(&a, "the two allies", 0)),
        vec!["KOR", "USA"]
    );
    assert_eq!(
        one(&a, "American troops", 0).code.as_deref(),
        Some("USAMIL")
    );
    // "Pyongyang has yet to react": the subject of a clause, so its government.
    assert_eq!(one(&a, "Pyongyang", 0).code.as_deref(), Some("PRKGOV"));
    assert_eq!(one(&a, "Cheong Wa Dae", 0).code.as_deref(), Some("KORGOV"));
    let moon = one(&a, "Moon", 0);
    assert_eq!(moon.id, "kb:person/moon-jae-in");
    assert_eq!(
        one(&a, "Moon", 1).id,
        moon.id,
        "bare 'Moon' after a full mention"
    );
    assert_eq!(one(&a, "he", 0).id, moon.id, "he -> Moon");
    let secretaries = actors_of(&a, "the two US secretaries", 0);
    assert_eq!(secretaries.len(), 2);
}

#[test]
fn typos_need_a_supporting_title() {
    // The same misspelling without a title stays unresolved to the KB.
    let a = link(
        "Joe Bien spoke to reporters on Tuesday.\n",
        Date::new(2021, 3, 5).unwrap(),
    );
    assert!(
        a.actors.iter().all(|x| x.id != "kb:person/joe-biden"),
        "{:#?}",
        summary(&a)
    );
    // And a title whose holder on the date is someone else does not pull the name over.
    let a = link(
        "US President Joe Bien spoke to reporters on Tuesday.\n",
        Date::new(2016, 3, 5).unwrap(),
    );
    assert!(
        a.actors.iter().all(|x| x.id != "kb:person/joe-biden"),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn tenures_follow_the_article_date() {
    let a = link(
        "President Moon met reporters in Seoul.\n",
        Date::new(2023, 6, 1).unwrap(),
    );
    assert!(
        a.actors.iter().all(|x| x.id != "kb:person/moon-jae-in"),
        "{:#?}",
        summary(&a)
    );
    let a = link(
        "Secretary of State Mike Pompeo said on Monday that talks would resume.\n",
        Date::new(2023, 6, 1).unwrap(),
    );
    let pompeo = one(&a, "Mike Pompeo", 0);
    assert_eq!(
        pompeo.code.as_deref(),
        Some("USAELI"),
        "out of office by then"
    );
}

#[test]
fn never_panics_on_odd_text() {
    let stage = LinkStage::new().unwrap();
    for text in [
        "",
        " ",
        "’s",
        "the two",
        "both",
        "President",
        "Presidents Moon and",
        "US Secretary of State",
        "\u{1F600} Seoul\u{301} Seoul’s they he",
        "The two allies. They. He. She.",
    ] {
        let mut article = Article::new(text.to_string());
        TextStage.annotate(&mut article);
        stage.annotate(&mut article);
    }
}

#[test]
fn office_titles_and_possessive_forces() {
    // A text of our own: a bare surname after a title, a state's forces after "its".
    let a = link(
        "President Reagan said on Tuesday that Iraq had warned Iran. Iraq said its forces \
         repelled an attack near the border.",
        Date::new(1987, 3, 3).unwrap(),
    );
    let reagan = one(&a, "Reagan", 0);
    assert_eq!(reagan.code.as_deref(), Some("USAGOV"), "{:#?}", summary(&a));
    let forces = one(&a, "its forces", 0);
    assert_eq!(forces.code.as_deref(), Some("IRQMIL"), "{:#?}", summary(&a));
}
