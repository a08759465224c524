//! Articles written for these tests (in the style of the seed), with hand-made layers
//! standing in for the annotation stages.
#![allow(dead_code)]

use chronicle::date::PubDate;
use chronicle::doc::{Actor, ActorRef, Article, Event, Location, Sentence, Span};

pub fn actor_ref(name: &str, code: &str) -> ActorRef {
    ActorRef {
        id: format!("kb:{}", name.to_lowercase().replace(' ', "-")),
        name: name.into(),
        code: Some(code.into()),
    }
}

pub struct EventSpec<'a> {
    pub plover: &'a str,
    pub cameo: &'a str,
    pub modality: &'a str,
    pub date: Option<&'a str>,
    pub source: &'a [(&'a str, &'a str)],
    pub target: &'a [(&'a str, &'a str)],
    pub trigger: &'a str,
    pub country: Option<&'a str>,
    pub confidence: f32,
}

impl Default for EventSpec<'_> {
    fn default() -> Self {
        EventSpec {
            plover: "CONSULT",
            cameo: "036",
            modality: "asserted",
            date: None,
            source: &[],
            target: &[],
            trigger: "meet",
            country: None,
            confidence: 0.6,
        }
    }
}

/// An article with one sentence per line of `text` and the given events (each event's
/// trigger is found in the text; its sentence is the line holding it).
pub fn article(id: &str, date: &str, title: &str, text: &str, events: &[EventSpec]) -> Article {
    let mut a = Article::new(text.to_string());
    a.id = id.into();
    a.date = PubDate::parse(date);
    a.title = Some(title.into());
    a.source = Some("test-wire".into());
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end().len();
        a.sentences.push(Sentence {
            start,
            end,
            text: text[start..end].to_string(),
            paragraph: 0,
            token_start: 0,
            token_end: 0,
        });
        start += line.len();
    }
    let mut actors: Vec<Actor> = Vec::new();
    for spec in events {
        let at = text.find(spec.trigger).unwrap_or(0);
        let trigger = a.span(chronicle::doc::Range::new(
            at,
            at + spec.trigger.len().min(text.len() - at),
        ));
        let sentence = a
            .sentences
            .iter()
            .position(|s| s.start <= at && at < s.end.max(s.start + 1))
            .unwrap_or(0);
        for (name, code) in spec.source.iter().chain(spec.target) {
            if !actors.iter().any(|x| x.name == *name) {
                let at = text.find(name).unwrap_or(0);
                actors.push(Actor {
                    id: format!("kb:{}", name.to_lowercase().replace(' ', "-")),
                    name: name.to_string(),
                    code: Some(code.to_string()),
                    country: code.get(0..3).map(str::to_string),
                    sector: Vec::new(),
                    role: None,
                    typo: false,
                    typo_mentions: Vec::new(),
                    context_mentions: Vec::new(),
                    kind: None,
                    mentions: vec![Span {
                        start: at,
                        end: at + name.len().min(text.len() - at),
                        text: name.to_string(),
                    }],
                });
            }
        }
        a.events.push(Event {
            cameo: spec.cameo.into(),
            plover: spec.plover.parse().expect("a PLOVER type"),
            mode: None,
            context: Vec::new(),
            source: spec.source.iter().map(|(n, c)| actor_ref(n, c)).collect(),
            target: spec.target.iter().map(|(n, c)| actor_ref(n, c)).collect(),
            trigger,
            sentence,
            date: spec.date.map(str::to_string),
            date_source: if spec.date.is_some() {
                "text"
            } else {
                "publication"
            }
            .into(),
            modality: spec.modality.parse().expect("a modality"),
            attribution: None,
            location: spec.country.map(|c| Location {
                name: c.into(),
                country: Some(c.into()),
                lat: None,
                lon: None,
                span: None,
            }),
            confidence: spec.confidence,
            content_of: None,
        });
    }
    a.actors = actors;
    a
}

pub const USA: (&str, &str) = ("Washington", "USAGOV");
pub const KOR: (&str, &str) = ("Seoul", "KORGOV");
pub const JPN: (&str, &str) = ("Tokyo", "JPNGOV");

/// A small corpus: a planned meeting announced, reported by two wires and a copy, then
/// held; an unrelated Japan story.
pub fn corpus() -> Vec<Article> {
    let plan = "Washington and Seoul will hold talks on the alliance in mid-March, officials in Seoul said on Friday.\n\
        The meeting of the two allies is expected to cover the cost of stationing troops and policy toward the North.\n\
        Officials said the agenda was still being coordinated between the foreign ministries of both countries.\n";
    let plan_copy = "Washington and Seoul will hold talks on the alliance in mid-March, officials in Seoul said on Friday.\n\
        The meeting of the two allies is expected to cover the cost of stationing troops and policy toward the North.\n\
        Officials said the agenda was still being coordinated between the foreign ministries of both countries, they added.\n";
    let plan_other_wire = "Seoul and Washington are set to hold their first senior talks next month, a government source said.\n\
        The allies have yet to fix an exact date for the talks, which follow a trip to Tokyo by the delegation.\n";
    let held = "Seoul and Washington held talks on Wednesday and agreed to strengthen their alliance.\n\
        The two sides discussed the wartime command transfer and the cost of keeping troops on the peninsula.\n";
    let held_other = "Senior officials of South Korea and the United States met in Seoul on Wednesday for talks.\n\
        They reaffirmed the alliance and discussed policy toward Pyongyang, according to a joint statement.\n";
    let japan = "Tokyo and Washington signed a trade accord on Monday after months of negotiations over tariffs.\n\
        Officials in Tokyo said the accord would take effect in the spring once lawmakers approve it.\n";
    vec![
        article(
            "plan-1",
            "2021-03-05",
            "Allies to hold talks in March",
            plan,
            &[EventSpec {
                modality: "planned",
                date: Some("2021-03"),
                source: &[USA],
                target: &[KOR],
                trigger: "talks",
                confidence: 0.5,
                ..Default::default()
            }],
        ),
        article(
            "plan-1-copy",
            "2021-03-05",
            "Allies to hold talks in March",
            plan_copy,
            &[EventSpec {
                modality: "planned",
                date: Some("2021-03"),
                source: &[USA],
                target: &[KOR],
                trigger: "talks",
                confidence: 0.5,
                ..Default::default()
            }],
        ),
        article(
            "plan-2",
            "2021-03-06",
            "Senior talks next month",
            plan_other_wire,
            &[EventSpec {
                modality: "planned",
                date: Some("2021-03"),
                source: &[KOR],
                target: &[USA],
                trigger: "talks",
                confidence: 0.5,
                ..Default::default()
            }],
        ),
        article(
            "held-1",
            "2021-03-17",
            "Allies hold talks",
            held,
            &[
                EventSpec {
                    date: Some("2021-03-17"),
                    source: &[KOR],
                    target: &[USA],
                    trigger: "held talks",
                    confidence: 0.7,
                    ..Default::default()
                },
                EventSpec {
                    plover: "AGREE",
                    cameo: "030",
                    date: Some("2021-03-17"),
                    source: &[KOR, USA],
                    target: &[],
                    trigger: "agreed",
                    ..Default::default()
                },
            ],
        ),
        article(
            "held-2",
            "2021-03-18",
            "Officials meet in Seoul",
            held_other,
            &[EventSpec {
                date: Some("2021-03-17"),
                source: &[("United States", "USA")],
                target: &[("South Korea", "KOR")],
                trigger: "met",
                confidence: 0.7,
                country: Some("KOR"),
                ..Default::default()
            }],
        ),
        article(
            "japan-1",
            "2021-03-02",
            "Japan and US sign trade accord",
            japan,
            &[EventSpec {
                plover: "AGREE",
                cameo: "057",
                date: Some("2021-03-01"),
                source: &[JPN],
                target: &[USA],
                trigger: "signed",
                ..Default::default()
            }],
        ),
    ]
}
