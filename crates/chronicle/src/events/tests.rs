//! Event coding on hand-built layers: the actor and time layers are constructed here so the
//! clause machinery is tested on its own, whatever the other stages do.

use super::*;
use crate::date::{Date, PubDate};
use crate::doc::{Actor, ActorRef, Span, TimeAnchor, TimeRange, Timex, TimexType};
use crate::text::TextStage;

pub(crate) struct Fixture {
    pub article: Article,
}

impl Fixture {
    pub fn new(text: &str, date: &str) -> Self {
        let mut article = Article::new(text.to_string());
        article.date = PubDate::parse(date);
        TextStage.annotate(&mut article);
        Fixture { article }
    }

    /// Every occurrence of `needle`; `"Ottawa| and"` finds "Ottawa and" but spans "Ottawa".
    fn spans_of(&self, needle: &str) -> Vec<Span> {
        let keep = needle.find('|').unwrap_or(needle.len());
        let whole = needle.replace('|', "");
        self.article
            .text
            .match_indices(&whole)
            .map(|(i, m)| Span {
                start: i,
                end: i + keep,
                text: m[..keep].to_string(),
            })
            .collect()
    }

    /// An actor with every occurrence of each `mention` string as a mention.
    pub fn actor(mut self, id: &str, code: &str, kind: Option<&str>, mentions: &[&str]) -> Self {
        let mut spans: Vec<Span> = mentions.iter().flat_map(|m| self.spans_of(m)).collect();
        spans.sort_by_key(|s| s.start);
        self.article.actors.push(Actor {
            id: id.to_string(),
            name: id.to_string(),
            code: Some(code.to_string()),
            country: code.get(..3).map(str::to_string),
            sector: code
                .get(3..)
                .filter(|s| !s.is_empty())
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
            role: None,
            typo: false,
            typo_mentions: Vec::new(),
            context_mentions: Vec::new(),
            kind: kind.map(str::to_string),
            mentions: spans,
        });
        self
    }

    pub fn time(mut self, text: &str, value: &str) -> Self {
        for span in self.spans_of(text) {
            if self
                .article
                .times
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
            {
                continue;
            }
            self.article.times.push(Timex {
                start: span.start,
                end: span.end,
                text: span.text,
                kind: TimexType::Date,
                value: value.to_string(),
                modifier: None,
                range: None,
                anchor: TimeAnchor::None,
            });
        }
        self.article.times.sort_by_key(|t| t.start);
        self
    }

    /// A time expression read as a range of days ("June 24-25").
    pub fn range(mut self, text: &str, begin: &str, end: &str) -> Self {
        for span in self.spans_of(text) {
            self.article.times.push(Timex {
                start: span.start,
                end: span.end,
                text: span.text,
                kind: TimexType::Date,
                value: begin.to_string(),
                modifier: None,
                range: Some(TimeRange {
                    begin: begin.to_string(),
                    end: end.to_string(),
                }),
                anchor: TimeAnchor::None,
            });
        }
        self.article.times.sort_by_key(|t| t.start);
        self
    }

    /// A dependency tree over the article's tokens: (head, relation) per token.
    pub fn deps(mut self, arcs: &[(Option<usize>, &str)]) -> Self {
        assert_eq!(arcs.len(), self.article.tokens.len(), "one arc per token");
        self.article.deps = arcs
            .iter()
            .map(|&(head, rel)| crate::doc::Dep {
                head,
                rel: rel.to_string(),
            })
            .collect();
        self
    }

    pub fn run(mut self) -> Article {
        let stage = EventStage::standard().unwrap();
        stage.annotate(&mut self.article);
        self.article
    }
}

fn codes(refs: &[ActorRef]) -> Vec<String> {
    refs.iter().filter_map(|a| a.code.clone()).collect()
}

fn find<'a>(a: &'a Article, trigger: &str) -> &'a Event {
    a.events
        .iter()
        .find(|e| e.trigger.text.contains(trigger))
        .unwrap_or_else(|| panic!("no event on {trigger:?}: {:#?}", a.events))
}

#[test]
fn active_voice_with_partner() {
    let a = Fixture::new(
        "Japan's prime minister met with Chinese officials in Beijing on Tuesday.",
        "2022-05-12",
    )
    .actor("jp", "JPNGOV", None, &["Japan's prime minister"])
    .actor("cn", "CHNGOV", None, &["Chinese officials"])
    .actor("bj", "CHN", Some("place"), &["Beijing"])
    .time("Tuesday", "2022-05-10")
    .run();
    let e = find(&a, "met");
    assert_eq!(e.plover, "CONSULT");
    assert_eq!(codes(&e.source), ["JPNGOV"]);
    assert_eq!(codes(&e.target), ["CHNGOV"]);
    assert_eq!(e.date.as_deref(), Some("2022-05-10"));
    assert_eq!(e.date_source, "text");
    assert_eq!(e.modality, "asserted");
    assert_eq!(
        e.location.as_ref().map(|l| l.name.as_str()),
        Some("Beijing")
    );
}

#[test]
fn passive_voice_swaps_roles() {
    let a = Fixture::new(
        "A police station in the north was attacked by Taliban fighters.",
        "2020-01-02",
    )
    .actor("police", "AFGCOP", None, &["A police station"])
    .actor("tal", "AFGINSTAL", None, &["Taliban fighters"])
    .run();
    let e = find(&a, "attacked");
    assert_eq!(e.plover, "ASSAULT");
    assert_eq!(codes(&e.source), ["AFGINSTAL"]);
    assert_eq!(codes(&e.target), ["AFGCOP"]);
    assert_eq!(e.date.as_deref(), Some("PAST_REF"));
    assert_eq!(e.date_source, "tense");
}

#[test]
fn coordination_planned_and_counterparts() {
    let a = Fixture::new(
        "French Foreign Minister Anne Dupont and Defense Minister Paul Mercier will meet with their German counterparts next week, officials said.",
        "2023-06-01",
    )
    .actor("dupont", "FRAGOV", None, &["French Foreign Minister Anne Dupont"])
    .actor("mercier", "FRAGOV", None, &["Defense Minister Paul Mercier"])
    .actor("de", "DEU", None, &["their German counterparts"])
    .time("next week", "2023-W23")
    .run();
    let e = find(&a, "meet");
    assert_eq!(codes(&e.source), ["FRAGOV", "FRAGOV"]);
    assert_eq!(codes(&e.target), ["DEUGOV"]);
    assert_eq!(e.modality, "planned");
    assert_eq!(e.date.as_deref(), Some("2023-W23"));
    assert_eq!(
        e.attribution.as_ref().map(|x| x.text.as_str()),
        Some("officials")
    );
}

#[test]
fn symmetric_subject_is_split_and_negated_agreement_is_disagreement() {
    let a = Fixture::new(
        "Brazil and Argentina do not see eye to eye on tariffs.",
        "2019-04-04",
    )
    .actor("br", "BRA", None, &["Brazil"])
    .actor("ar", "ARG", None, &["Argentina"])
    .run();
    let e = find(&a, "see eye to eye");
    assert_eq!(e.cameo, "110");
    assert_eq!(e.plover, "ACCUSE");
    assert_eq!(codes(&e.source), ["BRA"]);
    assert_eq!(codes(&e.target), ["ARG"]);
    assert_eq!(e.modality, "asserted");
}

#[test]
fn modalities() {
    let cases = [
        (
            "Kenya could impose sanctions on Uganda, analysts said.",
            "sanctions",
            "speculated",
        ),
        ("Kenya did not attack Uganda.", "attack", "negated"),
        (
            "Kenya will attack Uganda if talks fail.",
            "attack",
            "hypothetical",
        ),
        (
            "If Kenya attacks Uganda, the region will suffer.",
            "attack",
            "hypothetical",
        ),
        ("Kenya is expected to visit Uganda.", "visit", "planned"),
        (
            "Kenya denied that it attacked Uganda.",
            "attacked",
            "negated",
        ),
    ];
    for (text, trigger, modality) in cases {
        let a = Fixture::new(text, "2020-02-02")
            .actor("ke", "KEN", None, &["Kenya"])
            .actor("ug", "UGA", None, &["Uganda"])
            .run();
        let e = find(&a, trigger);
        assert_eq!(e.modality, modality, "{text}");
    }
}

#[test]
fn reported_speech_attributes_and_keeps_the_reported_subject() {
    let a = Fixture::new(
        "A Foreign Ministry official said Egypt would host Sudanese negotiators in Cairo.",
        "2021-08-08",
    )
    .actor("eg", "EGY", None, &["Egypt"])
    .actor("sd", "SDNGOV", None, &["Sudanese negotiators"])
    .actor("cairo", "EGY", Some("place"), &["Cairo"])
    .run();
    let e = find(&a, "host");
    assert_eq!(e.cameo, "043");
    assert_eq!(codes(&e.source), ["EGY"]);
    assert_eq!(codes(&e.target), ["SDNGOV"]);
    assert_eq!(e.modality, "planned");
    let att = e.attribution.as_ref().unwrap();
    assert_eq!(att.text, "A Foreign Ministry official");
}

#[test]
fn nominal_triggers_and_definite_reference_refines_date() {
    let a = Fixture::new(
        "Chile will hold talks with Peru in April, diplomats said, adding the talks would take place on April 9.",
        "2022-03-01",
    )
    .actor("cl", "CHL", None, &["Chile"])
    .actor("pe", "PER", None, &["Peru"])
    .time("April 9", "2022-04-09")
    .time("April", "2022-04")
    .run();
    let talks: Vec<&Event> = a
        .events
        .iter()
        .filter(|e| e.trigger.text == "talks")
        .collect();
    assert_eq!(talks.len(), 1, "{:#?}", a.events);
    let e = talks[0];
    assert_eq!(e.cameo, "046");
    assert_eq!(codes(&e.source), ["CHL"]);
    assert_eq!(codes(&e.target), ["PER"]);
    assert_eq!(e.date.as_deref(), Some("2022-04-09"));
    assert_eq!(e.modality, "planned");
}

#[test]
fn motion_verbs_take_places_as_destinations() {
    let a = Fixture::new("Italy's top envoy flew to Tunis on Monday.", "2022-03-09")
        .actor("it", "ITAGOV", None, &["Italy"])
        .actor("tunis", "TUN", Some("place"), &["Tunis"])
        .time("Monday", "2022-03-07")
        .run();
    let e = find(&a, "flew to");
    assert_eq!(e.cameo, "042");
    assert_eq!(e.mode.as_deref(), Some("visit"));
    assert_eq!(codes(&e.target), ["TUN"]);
    assert_eq!(e.location.as_ref().map(|l| l.name.as_str()), Some("Tunis"));
}

#[test]
fn quotes_with_speakers() {
    let a = Fixture::new(
        "“We will not give up. The talks go on,” a Foreign Ministry official said.\n\n\"Nothing is final,\" said Maria Lopez.",
        "2021-01-01",
    )
    .actor("lopez", "ESPGOV", None, &["Maria Lopez"])
    .run();
    assert_eq!(a.quotes.len(), 2, "{:#?}", a.quotes);
    assert_eq!(
        a.quotes[0].speaker_span.as_ref().map(|s| s.text.as_str()),
        Some("a Foreign Ministry official")
    );
    assert!(a.quotes[0].text.contains("The talks go on"));
    assert_eq!(
        a.quotes[1].speaker.as_ref().map(|s| s.id.as_str()),
        Some("lopez")
    );
}

#[test]
fn nothing_panics_on_odd_input() {
    for text in [
        "",
        "“",
        "\"unbalanced",
        "met met met",
        "by by by attacked",
        "The the , , .",
    ] {
        let a = Fixture::new(text, "2021-01-01")
            .actor("x", "USA", None, &["met"])
            .run();
        let _ = a.events.len();
    }
    let _ = Date::new(2021, 1, 1);
}

/// A paraphrase of a seed-style story, written for this test, with hand-built layers.
#[test]
fn paraphrase_story() {
    let text = "Canadian Foreign Minister Claire Martin and Trade Minister Omar Haddad will meet with Mexican counterparts in early May after a two-day stop in Chile, officials said Tuesday, adding the meeting would be held on May 6-7.\n\n\
Ottawa and Mexico City do not see eye to eye on energy rules as Ottawa favors open markets.\n\n\
Mexico's chief negotiator flew to Ottawa on Monday for another round of negotiations.\n\n\
Presidents Ruiz and Tremblay will discuss the issue in a videoconference on May 20.";
    let mut f = Fixture::new(text, "2024-04-16")
        .actor(
            "martin",
            "CANGOV",
            None,
            &["Canadian Foreign Minister Claire Martin"],
        )
        .actor("haddad", "CANGOV", None, &["Trade Minister Omar Haddad"])
        .actor("mexgov", "MEX", None, &["Mexican counterparts"])
        .actor("ottawa", "CANGOV", None, &["Ottawa| and", "Ottawa| favors"])
        .actor("mexico", "MEXGOV", None, &["Mexico City| do", "Mexico|'s"])
        .actor("ottawa-place", "CAN", Some("place"), &["Ottawa| on"])
        .actor("ruiz", "MEXGOV", None, &["Ruiz"])
        .actor("tremblay", "CANGOV", None, &["Tremblay"])
        .time("early May", "2024-05")
        .time("Tuesday", "2024-04-16")
        .time("Monday", "2024-04-15")
        .time("May 20", "2024-05-20");
    // "May 6-7" as a range
    let start = f.article.text.find("May 6-7").unwrap();
    f.article.times.push(Timex {
        start,
        end: start + "May 6-7".len(),
        text: "May 6-7".into(),
        kind: TimexType::Date,
        value: "2024-05-06".into(),
        modifier: None,
        range: Some(TimeRange {
            begin: "2024-05-06".into(),
            end: "2024-05-07".into(),
        }),
        anchor: TimeAnchor::None,
    });
    f.article.times.sort_by_key(|t| t.start);
    let a = f.run();

    let meet = find(&a, "meet");
    assert_eq!(meet.plover, "CONSULT");
    assert_eq!(meet.modality, "planned");
    assert_eq!(codes(&meet.source), ["CANGOV", "CANGOV"]);
    assert_eq!(codes(&meet.target), ["MEXGOV"]);
    assert_eq!(meet.date.as_deref(), Some("2024-05-06/2024-05-07"));
    assert_eq!(
        meet.attribution.as_ref().map(|x| x.text.as_str()),
        Some("officials")
    );

    let eye = find(&a, "see eye to eye");
    assert_eq!(eye.plover, "ACCUSE");
    assert_eq!(codes(&eye.source), ["CANGOV"]);
    assert_eq!(codes(&eye.target), ["MEXGOV"]);

    let flew = find(&a, "flew to");
    assert_eq!(flew.cameo, "042");
    assert_eq!(codes(&flew.source), ["MEXGOV"]);
    assert_eq!(codes(&flew.target), ["CAN"]);
    assert_eq!(flew.date.as_deref(), Some("2024-04-15"));
    assert_eq!(flew.modality, "asserted");

    let talks = find(&a, "negotiations");
    assert_eq!(talks.cameo, "046");

    let video = find(&a, "discuss");
    assert_eq!(video.cameo, "041");
    assert_eq!(video.modality, "planned");
    assert_eq!(video.date.as_deref(), Some("2024-05-20"));
    assert_eq!(codes(&video.source), ["MEXGOV"]);
    assert_eq!(codes(&video.target), ["CANGOV"]);
}

/// A definite "the talks" / "the meeting" nearby with a sharper date, inside the earlier
/// event's vaguer one, dates that event and is not coded again.
#[test]
fn definite_mention_refines_a_compatible_earlier_event() {
    let a = Fixture::new(
        "Peru and Chile will hold talks in late June, officials said Monday, adding the talks would take place on June 24-25.",
        "2023-06-05",
    )
    .actor("pe", "PERGOV", None, &["Peru"])
    .actor("cl", "CHLGOV", None, &["Chile"])
    .time("late June", "2023-06")
    .time("Monday", "2023-06-05")
    .range("June 24-25", "2023-06-24", "2023-06-25")
    .run();
    let talks: Vec<&Event> = a
        .events
        .iter()
        .filter(|e| e.cameo.starts_with("04"))
        .collect();
    assert_eq!(talks.len(), 1, "{:#?}", a.events);
    assert_eq!(talks[0].date.as_deref(), Some("2023-06-24/2023-06-25"));
    assert_eq!(talks[0].date_source, "text");
    assert_eq!(talks[0].modality, "planned");

    // a tense-dated planned event takes a later date from the next sentence
    let a = Fixture::new(
        "Ghana will meet with Nigeria. The meeting will take place on May 3.",
        "2023-04-01",
    )
    .actor("gh", "GHAGOV", None, &["Ghana"])
    .actor("ng", "NGAGOV", None, &["Nigeria"])
    .time("May 3", "2023-05-03")
    .run();
    assert_eq!(a.events.len(), 1, "{:#?}", a.events);
    assert_eq!(a.events[0].date.as_deref(), Some("2023-05-03"));
}

#[test]
fn definite_mention_leaves_other_kinds_and_other_dates_alone() {
    // a visit is not the meeting; a June date is not inside "in May"
    for tail in [
        "the visit would begin on May 3",
        "the meeting would fall on June 2",
    ] {
        let text = format!("Ghana will meet with Nigeria in May, officials said, adding {tail}.");
        let a = Fixture::new(&text, "2023-04-01")
            .actor("gh", "GHAGOV", None, &["Ghana"])
            .actor("ng", "NGAGOV", None, &["Nigeria"])
            .time("in May", "2023-05")
            .time("May 3", "2023-05-03")
            .time("June 2", "2023-06-02")
            .run();
        let meet = find(&a, "meet with");
        assert_eq!(meet.date.as_deref(), Some("2023-05"), "{tail}");
    }
    // too far back: three sentences later the mention no longer reaches the event
    let a = Fixture::new(
        "Ghana will meet with Nigeria in May. Trade fell. Prices rose. Rain came. The meeting would fall on May 9.",
        "2023-04-01",
    )
    .actor("gh", "GHAGOV", None, &["Ghana"])
    .actor("ng", "NGAGOV", None, &["Nigeria"])
    .time("in May", "2023-05")
    .time("May 9", "2023-05-09")
    .run();
    assert_eq!(find(&a, "meet with").date.as_deref(), Some("2023-05"));
}

#[test]
fn refining_dates_needs_containment_or_agreeing_tense() {
    let day = Some("2021-03-05");
    assert!(refines_date(
        Some("2021-03-17/2021-03-18"),
        Some("2021-03"),
        "text",
        day
    ));
    assert!(refines_date(
        Some("2021-03-17"),
        Some("2021-03-01/2021-03-20"),
        "text",
        day
    ));
    assert!(!refines_date(
        Some("2021-04-02"),
        Some("2021-03"),
        "text",
        day
    ));
    assert!(!refines_date(
        Some("2021-03"),
        Some("2021-03-17"),
        "text",
        day
    ));
    assert!(!refines_date(Some("2021-03"), Some("2021-03"), "text", day));
    // ISO week 10 of 2021 runs Monday 8 to Sunday 14 March
    let week = |d: &str| refines_date(Some(d), Some("2021-W10"), "text", day);
    assert!(week("2021-03-09") && week("2021-03-14"));
    assert!(!week("2021-03-07") && !week("2021-03-15"));
    assert!(!refines_date(
        Some("2021-03-09"),
        Some("2021-SP"),
        "text",
        day
    ));
    assert!(refines_date(
        Some("2021-03-09"),
        Some("FUTURE_REF"),
        "tense",
        day
    ));
    assert!(!refines_date(
        Some("2021-03-01"),
        Some("FUTURE_REF"),
        "tense",
        day
    ));
    assert!(refines_date(
        Some("2021-03-01"),
        Some("PAST_REF"),
        "tense",
        day
    ));
    assert!(refines_date(
        Some("2021-03-01"),
        Some("2021-03-05"),
        "publication",
        day
    ));
    assert!(!refines_date(
        Some("PAST_REF"),
        Some("2021-03"),
        "text",
        day
    ));
    assert!(same_event_class("040", "046"));
    assert!(!same_event_class("040", "042"));
    assert!(same_event_class("190", "195"));
    assert!(!same_event_class("190", "173"));
}

/// (id, code, mentions) of one fixture actor.
type ActorSpec<'a> = (&'a str, &'a str, &'a [&'a str]);

#[test]
fn over_generation_traps_are_not_events() {
    let cases: [(&str, &[ActorSpec]); 4] = [
        (
            "Brazil and Argentina will discuss pressing trade issues.",
            &[
                ("br", "BRAGOV", &["Brazil"]),
                ("ar", "ARGGOV", &["Argentina"]),
            ],
        ),
        (
            "Manila seeks wartime operational command and civilian control of its navy.",
            &[("ph", "PHLGOV", &["Manila"])],
        ),
        (
            "Oslo favors engagement with Rangoon rather than sanctions.",
            &[("no", "NORGOV", &["Oslo"]), ("mm", "MMRGOV", &["Rangoon"])],
        ),
        (
            "Leaders will gather at a forum that Lima hosts.",
            &[("pe", "PERGOV", &["Lima"])],
        ),
    ];
    for (text, actors) in cases {
        let mut f = Fixture::new(text, "2022-05-02");
        for (id, code, mentions) in actors {
            f = f.actor(id, code, None, mentions);
        }
        let a = f.run();
        let bad: Vec<&str> = a
            .events
            .iter()
            .map(|e| e.trigger.text.as_str())
            .filter(|t| {
                matches!(
                    *t,
                    "pressing" | "command" | "control" | "sanctions" | "hosts"
                )
            })
            .collect();
        assert!(bad.is_empty(), "{text}: {:#?}", a.events);
    }
}

#[test]
fn between_splits_at_the_coordination_and_denial_by_predicate() {
    let a = Fixture::new(
        "Talks between the two Sudanese generals and President Ruto would not happen.",
        "2024-01-15",
    )
    .actor("burhan", "SDNMIL", None, &["the two Sudanese generals"])
    .actor("hemedti", "SDNMIL", None, &["the two Sudanese generals"])
    .actor("ruto", "KENGOV", None, &["Ruto"])
    .run();
    let e = find(&a, "Talks");
    assert_eq!(codes(&e.source), ["SDNMIL", "SDNMIL"]);
    assert_eq!(codes(&e.target), ["KENGOV"]);
    assert_eq!(e.modality, "negated");
}

/// Thousands of quotes in one article (the speaker search used to rescan the whole token
/// list per quote): every quote still gets exactly its own speaker.
#[test]
fn many_quotes_each_find_their_own_speaker() {
    const N: usize = 6000;
    let mut text = String::new();
    for i in 0..N {
        let para = match i % 3 {
            0 => format!("“We will keep talking about item {i} today,” a trade official said."),
            1 => format!("“Nothing about item {i} is final yet,” said Maria Lopez."),
            _ => format!("Reporters asked again. Lopez said: “The item {i} talks go on.”"),
        };
        text.push_str(&para);
        text.push_str("\n\n");
    }
    let article = Fixture::new(&text, "2021-01-01")
        .actor("lopez", "ESPGOV", None, &["Maria Lopez", "Lopez| said:"])
        .article;
    let quotes = quotes::find_quotes(&article, &mention_index(&article));
    assert_eq!(quotes.len(), N);
    for (i, q) in quotes.iter().enumerate() {
        assert!(q.text.contains(&format!("item {i} ")), "{i}: {q:?}");
        let speaker = q.speaker_span.as_ref().map(|s| s.text.as_str());
        let id = q.speaker.as_ref().map(|s| s.id.as_str());
        match i % 3 {
            0 => assert_eq!((speaker, id), (Some("a trade official"), None), "{i}"),
            1 => assert_eq!((speaker, id), (Some("Maria Lopez"), Some("lopez")), "{i}"),
            _ => assert_eq!((speaker, id), (Some("Lopez"), Some("lopez")), "{i}"),
        }
    }
}

/// Publishing a photo or a report is no release of people or property (CAMEO 084); freeing
/// detainees is, whoever reports it.
#[test]
fn publishing_is_not_releasing() {
    let a = Fixture::new(
        "Lena Hart spoke in Oslo in this photo released by Nordic Wire. Nordic Wire \
         released its annual report on Monday. The rebels released 30 prisoners to Norway on \
         Tuesday.",
        "2023-06-08",
    )
    .actor("hart", "NORGOV", None, &["Lena Hart"])
    .actor("wire", "NORMED", None, &["Nordic Wire"])
    .actor("rebels", "NORREB", None, &["The rebels"])
    .actor("nor", "NOR", None, &["Norway"])
    .time("Monday", "2023-06-05")
    .time("Tuesday", "2023-06-06")
    .run();
    let released: Vec<&Event> = a
        .events
        .iter()
        .filter(|e| e.trigger.text.starts_with("released"))
        .collect();
    assert_eq!(released.len(), 1, "{:#?}", a.events);
    assert_eq!(codes(&released[0].source), ["NORREB"]);
    assert_eq!(released[0].date.as_deref(), Some("2023-06-06"));
}

/// "the two allies", "three rallies": a counted plural is a noun, not the verb it also spells.
#[test]
fn counted_plurals_are_nouns() {
    let a = Fixture::new(
        "The two allies started talks in Lisbon when Portugal and Spain met in May.",
        "2023-06-08",
    )
    .actor("prt", "PRT", None, &["Portugal"])
    .actor("esp", "ESP", None, &["Spain"])
    .time("May", "2023-05")
    .run();
    assert!(
        a.events.iter().all(|e| e.trigger.text != "allies"),
        "{:#?}",
        a.events
    );
    assert_eq!(find(&a, "met").plover, "CONSULT");
}

#[test]
fn speech_act_content_is_linked_with_its_own_modality() {
    let cases = [("Kenya promised Uganda aid.", "promised", "aid", "promised")];
    for (text, act, content, modality) in cases {
        let a = Fixture::new(text, "2020-02-02")
            .actor("ke", "KEN", None, &["Kenya"])
            .actor("ug", "UGA", None, &["Uganda"])
            .actor("tz", "TZA", None, &["Tanzania"])
            .run();
        let act_index = a
            .events
            .iter()
            .position(|e| e.trigger.text.contains(act))
            .unwrap_or_else(|| panic!("no act in {text}: {:#?}", a.events));
        let c = find(&a, content);
        assert_eq!(c.modality, modality, "{text}");
        assert_eq!(c.content_of, Some(act_index), "{text}");
        assert_eq!(a.events[act_index].content_of, None, "{text}");
    }
}

#[test]
fn firms_alone_give_no_event() {
    let a = Fixture::new("Acme criticised Widget on Monday.", "2020-02-02")
        .actor("acme", "USABUS", None, &["Acme"])
        .actor("widget", "MNCUSA", None, &["Widget"])
        .run();
    assert!(a.events.is_empty(), "{:#?}", a.events);
    // a government on one side is enough
    let a = Fixture::new("Kenya criticised Widget on Monday.", "2020-02-02")
        .actor("ke", "KENGOV", None, &["Kenya"])
        .actor("widget", "MNCUSA", None, &["Widget"])
        .run();
    assert_eq!(find(&a, "criticised").plover, "ACCUSE");
}

#[test]
fn evaluative_saying_and_verbal_attacks_are_criticism() {
    let a = Fixture::new("Kenya said the plan was ill-advised.", "2020-02-02")
        .actor("ke", "KENGOV", None, &["Kenya"])
        .run();
    let e = find(&a, "said");
    assert_eq!((e.plover.as_str(), e.cameo.as_str()), ("ACCUSE", "111"));
    assert_eq!(codes(&e.source), ["KENGOV"]);
    let a = Fixture::new("Labour attacked the Tories on Monday.", "2005-02-02")
        .actor("lab", "GBRGOV", None, &["Labour"])
        .actor("con", "GBROPP", None, &["Tories"])
        .run();
    assert_eq!(find(&a, "attacked").plover, "ACCUSE");
}

#[test]
fn tree_request_to_meet_is_one_event_from_the_urger() {
    // Kohl urged Mitterrand to meet Reagan .
    let a = Fixture::new("Kohl urged Mitterrand to meet Reagan.", "1987-03-02")
        .actor("kohl", "DEUGOV", None, &["Kohl"])
        .actor("mitterrand", "FRAGOV", None, &["Mitterrand"])
        .actor("reagan", "USAGOV", None, &["Reagan"])
        .deps(&[
            (Some(1), "nsubj"),
            (None, "root"),
            (Some(1), "obj"),
            (Some(4), "mark"),
            (Some(1), "xcomp"),
            (Some(4), "obj"),
            (Some(1), "punct"),
        ])
        .run();
    assert_eq!(a.events.len(), 1, "{:#?}", a.events);
    let urge = find(&a, "urged");
    assert_eq!(urge.cameo, "026");
    assert_eq!(codes(&urge.source), ["DEUGOV"]);
    assert_eq!(codes(&urge.target), ["FRAGOV"]);
}

#[test]
fn tree_relative_clause_subject_is_the_noun_it_modifies() {
    // Shultz , who met Genscher in Bonn , left on Friday .
    let a = Fixture::new(
        "Shultz, who met Genscher in Bonn, left on Friday.",
        "1987-03-02",
    )
    .actor("shultz", "USAGOV", None, &["Shultz"])
    .actor("genscher", "DEUGOV", None, &["Genscher"])
    .actor("bonn", "DEU", Some("place"), &["Bonn"])
    .deps(&[
        (Some(8), "nsubj"),
        (Some(0), "punct"),
        (Some(3), "nsubj"),
        (Some(0), "acl:relcl"),
        (Some(3), "obj"),
        (Some(6), "case"),
        (Some(3), "obl"),
        (Some(0), "punct"),
        (None, "root"),
        (Some(10), "case"),
        (Some(8), "obl"),
        (Some(8), "punct"),
    ])
    .run();
    let meet = find(&a, "met");
    assert_eq!(codes(&meet.source), ["USAGOV"]);
    assert_eq!(codes(&meet.target), ["DEUGOV"]);
}

#[test]
fn thing_nouns_are_events_only_where_a_clause_makes_them_happen() {
    // inside a prepositional phrase, the subject of another predicate, a modifier
    for text in [
        "Sterling rose with the aid of polls favouring Britain's ruling party.",
        "Britain's Paris accord could collapse, the minister said.",
        "The Indonesian assistance offer would focus on Aceh, Britain said.",
    ] {
        let a = Fixture::new(text, "1987-04-07")
            .actor("gb", "GBRGOV", None, &["Britain"])
            .actor("id", "IDNGOV", None, &["Indonesian"])
            .run();
        assert!(
            !a.events
                .iter()
                .any(|e| matches!(e.plover.as_str(), "AID" | "AGREE" | "COOPERATE")),
            "{text}: {:#?}",
            a.events
        );
    }
    // made to happen: "an agreement reached today"
    let a = Fixture::new(
        "South Africa will repay its debt under an agreement reached today with Britain.",
        "1987-03-30",
    )
    .actor("za", "ZAF", None, &["South Africa"])
    .actor("gb", "GBR", None, &["Britain"])
    .run();
    assert_eq!(find(&a, "agreement").plover, "AGREE");
}

#[test]
fn a_question_is_no_request() {
    let a = Fixture::new(
        "Reagan was asked by Congress whether the government should act.",
        "1987-03-20",
    )
    .actor("reagan", "USAGOV", None, &["Reagan"])
    .actor("congress", "USALEG", None, &["Congress"])
    .run();
    assert!(
        !a.events.iter().any(|e| e.plover == "REQUEST"),
        "{:#?}",
        a.events
    );
}

#[test]
fn assault_words_of_other_senses_need_an_armed_side() {
    let a = Fixture::new("France hit a record trade deficit in March.", "1987-04-07")
        .actor("fr", "FRA", None, &["France"])
        .run();
    assert!(a.events.is_empty(), "{:#?}", a.events);
    let a = Fixture::new(
        "Iraqi troops hit Iranian positions near Basra.",
        "1987-03-05",
    )
    .actor("iq", "IRQMIL", None, &["Iraqi troops"])
    .actor("ir", "IRN", None, &["Iranian"])
    .run();
    assert_eq!(find(&a, "hit").plover, "ASSAULT");
}

#[test]
fn killed_or_wounded_is_one_act_of_armed_forces() {
    let a = Fixture::new(
        "Iraq said Iraq killed or wounded 15,000 Iranian guards.",
        "1987-03-05",
    )
    .actor("iq", "IRQ", None, &["Iraq"])
    .actor("ir", "IRNMIL", None, &["Iranian guards"])
    .run();
    let assaults: Vec<&Event> = a.events.iter().filter(|e| e.plover == "ASSAULT").collect();
    assert_eq!(assaults.len(), 1, "{:#?}", a.events);
    let e = find(&a, "killed");
    // a fighting country is its armed forces (CAMEO 19)
    assert_eq!(codes(&e.source), ["IRQMIL"]);
    assert_eq!(codes(&e.target), ["IRNMIL"]);
}

#[test]
fn an_accusation_accuses_the_subject_of_its_that_clause() {
    let a = Fixture::new(
        "Reagan accused Congress yesterday, alleging that Japan has failed to abide by the pact.",
        "1987-03-31",
    )
    .actor("reagan", "USAGOV", None, &["Reagan"])
    .actor("jp", "JPN", None, &["Japan"])
    .run();
    let e = find(&a, "alleging");
    assert_eq!(e.plover, "ACCUSE");
    assert_eq!(codes(&e.target), ["JPN"]);
}

#[test]
fn vague_acts_are_the_unspecified_cooperation_yielding_and_investigation_codes() {
    for c in ["040", "050", "054", "061", "080", "090", "075"] {
        assert!(weak_act(c), "{c}");
    }
    for c in ["042", "046", "051", "057", "020", "111", "130", "190"] {
        assert!(!weak_act(c), "{c}");
    }
}
#[test]
fn a_promised_gift_goes_to_whom_it_is_promised() {
    // the gift alone names no recipient ("Uganda aid" reads as Uganda's); the promise does
    let a = Fixture::new("Kenya promised Uganda aid.", "2020-02-02")
        .actor("ke", "KEN", None, &["Kenya"])
        .actor("ug", "UGA", None, &["Uganda"])
        .run();
    let aid = find(&a, "aid");
    assert_eq!(codes(&aid.source), ["KEN"]);
    assert_eq!(codes(&aid.target), ["UGA"]);
    // a gift with nobody who receives it is no event
    let a = Fixture::new(
        "Kenya contributed 50 million shillings to Uganda.",
        "2020-02-02",
    )
    .actor("ke", "KEN", None, &["Kenya"])
    .actor("ug", "UGA", None, &["Uganda"])
    .run();
    assert_eq!(codes(&find(&a, "contributed").target), ["UGA"]);
    let a = Fixture::new("Kenya contributed 50 million shillings.", "2020-02-02")
        .actor("ke", "KEN", None, &["Kenya"])
        .run();
    assert!(
        !a.events.iter().any(|e| e.cameo.starts_with("07")),
        "{:#?}",
        a.events
    );
    // an uncoded body (a fund, a scheme) is where money goes, not an actor who receives it
    let mut f = Fixture::new(
        "Kenya contributed 50 million shillings to the relief fund.",
        "2020-02-02",
    )
    .actor("ke", "KEN", None, &["Kenya"])
    .actor("fund", "XXX", Some("organization"), &["the relief fund"]);
    if let Some(fund) = f.article.actors.get_mut(1) {
        fund.code = None;
        fund.country = None;
        fund.sector.clear();
    }
    let a = f.run();
    assert!(
        !a.events.iter().any(|e| e.cameo.starts_with("07")),
        "{:#?}",
        a.events
    );
}
