//! Named entities on the seed article (when the shared data is present) and on a
//! paraphrase of it written for this test (always).

mod common;

use chronicle::{Article, Pipeline};

fn annotate(text: &str) -> Article {
    let pipeline = Pipeline::standard().expect("standard pipeline");
    let mut article = Article::new(text.to_string());
    pipeline.annotate(&mut article);
    article
}

fn listing(article: &Article) -> String {
    article
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.label, e.text))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Some entity with exactly this text has this label.
fn assert_entity(article: &Article, text: &str, label: &str) {
    assert!(
        article
            .entities
            .iter()
            .any(|e| e.text == text && e.label.as_str() == label),
        "expected {label} {text:?}; got {}",
        listing(article)
    );
}

/// The entity starting at the first occurrence of `context` and spelling `text` has `label`.
fn assert_entity_in(article: &Article, context: &str, text: &str, label: &str) {
    let at = article.text.find(context).expect("context in text")
        + context.find(text).expect("text in context");
    assert!(
        article
            .entities
            .iter()
            .any(|e| e.start == at && e.text == text && e.label.as_str() == label),
        "expected {label} {text:?} in {context:?}; got {}",
        listing(article)
    );
}

#[test]
fn seed_article_entities() {
    let Some(text) = common::seed_text() else {
        return;
    };
    let a = annotate(&text);
    for name in [
        "Antony Blinken",
        "Lloyd Austin",
        "Joe Bien",
        "Moon",
        "Biden",
        "Choi Si-young",
    ] {
        assert_entity(&a, name, "PER");
    }
    for name in [
        "State Department",
        "Foreign Ministry",
        "Cheong Wa Dae",
        "AP",
        "Yonhap",
    ] {
        assert_entity(&a, name, "ORG");
    }
    for name in ["Washington", "Japan", "China", "Seoul", "Pyongyang"] {
        assert_entity(&a, name, "LOC");
    }
    assert_entity_in(&a, "US Secretary of State", "US", "NORP");
    assert_entity_in(&a, "US President", "US", "NORP");
    assert_entity(&a, "American", "NORP");
    assert_entity(&a, "South Korean", "NORP");
    assert_entity(&a, "28,500 American troops", "QUANTITY");
    for title in [
        "Secretary of State",
        "Defense Secretary",
        "chief negotiator",
    ] {
        assert_entity(&a, title, "TITLE");
    }
    // Scores are confidences, not a constant.
    let scores: std::collections::BTreeSet<u32> = a
        .entities
        .iter()
        .map(|e| (e.score * 1000.0) as u32)
        .collect();
    assert!(scores.len() > 3);
    assert!(a.entities.iter().all(|e| e.score > 0.0 && e.score <= 1.0));
}

/// Our own story in the seed's style, with other people and places.
const PARAPHRASE: &str = "Canadian Foreign Minister Helen Marchetti and UK Defence Secretary \
Daniel Okafor will visit Canberra next month for talks with their Australian counterparts, \
diplomatic sources said Tuesday.\n\
\u{201c}The agenda is still being drafted,\u{201d} a Foreign Ministry official said in Ottawa.\n\
London and Ottawa want to settle how to share the cost of stationing 4,200 British troops \
in Estonia, where NATO keeps a battle group.\n\
Canberra\u{2019}s chief negotiator flew to London on Monday, Reuters reported. The talks \
could cost $1.2 billion and lift spending by 3.5 percent.\n";

#[test]
fn paraphrase_entities() {
    let a = annotate(PARAPHRASE);
    for name in ["Helen Marchetti", "Daniel Okafor"] {
        assert_entity(&a, name, "PER");
    }
    for name in ["Canberra", "Ottawa", "London", "Estonia"] {
        assert_entity(&a, name, "LOC");
    }
    for name in ["NATO", "Reuters", "Foreign Ministry"] {
        assert_entity(&a, name, "ORG");
    }
    assert_entity(&a, "Canadian", "NORP");
    assert_entity(&a, "Australian", "NORP");
    assert_entity_in(&a, "UK Defence Secretary", "UK", "NORP");
    assert_entity(&a, "Foreign Minister", "TITLE");
    assert_entity(&a, "Defence Secretary", "TITLE");
    assert_entity(&a, "chief negotiator", "TITLE");
    assert_entity(&a, "Foreign Ministry official", "TITLE");
    assert_entity(&a, "4,200 British troops", "QUANTITY");
    assert_entity(&a, "$1.2 billion", "MONEY");
    assert_entity(&a, "3.5 percent", "PERCENT");
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in [
        "",
        " ",
        "\n\n",
        "US",
        "$",
        "A-B-C-D",
        "\u{201c}\u{201d}",
        "12 % of 5 US",
    ] {
        annotate(text);
    }
}
