//! The dependency parser on the seed sentence, and well-formed trees for any input: one
//! root per sentence, every token attached, no cycles, in linear time.

use chronicle::pipeline::{Stage, TextStage};
use chronicle::syntax::parse::Parser;
use chronicle::syntax::ud::is_tree;
use chronicle::syntax::{PosTagger, SyntaxStage};
use chronicle::Article;
use proptest::prelude::*;

const SEED: &str =
    "Blinken and Defense Secretary Lloyd Austin will meet with South Korean counterparts";

fn parse(words: &[&str]) -> Vec<(usize, String)> {
    let pos = PosTagger::shipped().unwrap();
    let parser = Parser::shipped().unwrap();
    let tags = pos.tag(words);
    let tree = parser.parse(words, &tags);
    tree.heads
        .iter()
        .zip(&tree.labels)
        .map(|(&h, &l)| (h as usize, parser.label(l).to_string()))
        .collect()
}

#[test]
fn seed_sentence_reads_who_meets_whom() {
    let words: Vec<&str> = SEED.split(' ').collect();
    let at = |w: &str| words.iter().position(|x| *x == w).unwrap() + 1;
    let tree = parse(&words);
    let of = |w: &str| tree[at(w) - 1].clone();
    assert_eq!(of("meet"), (0, "root".to_string()), "{tree:?}");
    assert_eq!(of("Blinken"), (at("meet"), "nsubj".to_string()), "{tree:?}");
    // Austin (the head of "Defense Secretary Lloyd Austin") is conjoined to Blinken.
    let austin = of("Austin");
    let lloyd = of("Lloyd");
    assert!(
        austin == (at("Blinken"), "conj".to_string())
            || lloyd == (at("Blinken"), "conj".to_string()),
        "{tree:?}"
    );
    assert_eq!(
        of("counterparts"),
        (at("meet"), "obl".to_string()),
        "{tree:?}"
    );
    assert_eq!(
        of("with"),
        (at("counterparts"), "case".to_string()),
        "{tree:?}"
    );
}

#[test]
fn the_stage_fills_deps_and_lemmas_parallel_to_tokens() {
    let mut a = Article::new(format!("{SEED}. They met in Seoul on Friday."));
    TextStage.annotate(&mut a);
    SyntaxStage::standard()
        .unwrap()
        .with_shipped_parser()
        .unwrap()
        .annotate(&mut a);
    assert_eq!(a.deps.len(), a.tokens.len());
    assert_eq!(a.lemmas.len(), a.tokens.len());
    let met = a
        .tokens
        .iter()
        .position(|t| t.text(&a.text) == "met")
        .unwrap();
    assert_eq!(a.lemmas[met], "meet");
    for s in &a.sentences {
        let roots = (s.token_start..s.token_end)
            .filter(|&i| a.deps[i].head.is_none())
            .count();
        assert_eq!(roots, 1);
        for i in s.token_start..s.token_end {
            if let Some(h) = a.deps[i].head {
                assert!(
                    h >= s.token_start && h < s.token_end,
                    "head in the sentence"
                );
            }
        }
    }
}

fn check_tree(words: &[&str]) {
    let tree = parse(words);
    assert_eq!(tree.len(), words.len());
    if words.is_empty() {
        return;
    }
    let heads: Vec<usize> = tree.iter().map(|t| t.0).collect();
    assert!(is_tree(&heads), "{words:?} {tree:?}");
    let roots: Vec<&(usize, String)> = tree.iter().filter(|t| t.0 == 0).collect();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0].1, "root");
    assert!(tree.iter().filter(|t| t.0 != 0).all(|t| t.1 != "root"));
}

#[test]
fn a_five_thousand_token_sentence_is_one_tree() {
    let base: Vec<&str> = SEED.split(' ').chain([",", "and"]).collect();
    let words: Vec<&str> = base.iter().copied().cycle().take(5_000).collect();
    check_tree(&words);
}

proptest! {
    #[test]
    fn any_token_sequence_gives_one_tree(words in prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "the", "said", ",", ".", "and", "Seoul", "met", "with", "who", "to",
                "\u{201c}", "28,500", "x", "Blinken", "not", "",
            ])
            .prop_map(str::to_string),
            "[a-zA-Z\u{e9}\u{4e2d}]{1,8}",
        ],
        0..60,
    )) {
        let words: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
        check_tree(&words);
    }
}

/// `PipelineOptions::event_parse`: only the sentences the events stage codes get a tree, and
/// events read their sides from it.
#[test]
fn event_parse_trees_only_the_sentences_events_code() {
    let pipeline = chronicle::Pipeline::with_options(&chronicle::pipeline::PipelineOptions {
        event_parse: true,
        ..Default::default()
    })
    .unwrap();
    assert!(pipeline.stage_names().contains(&"parse"));
    let mut article = Article::new(
        "Shares of the company rose five percent in early trading on Monday.\n\n\
         Chancellor Helmut Kohl met President Ronald Reagan at the White House on Tuesday."
            .to_string(),
    );
    article.date = chronicle::date::PubDate::parse("1987-03-04");
    pipeline.annotate(&mut article);
    assert_eq!(article.deps.len(), article.tokens.len());
    assert_eq!(article.sentences.len(), 2);
    let rels = |k: usize| -> Vec<&str> {
        let s = &article.sentences[k];
        article.deps[s.token_start..s.token_end]
            .iter()
            .map(|d| d.rel.as_str())
            .collect()
    };
    assert!(rels(0).iter().all(|r| r.is_empty()), "{:?}", rels(0));
    assert!(
        rels(1).contains(&"nsubj") && rels(1).contains(&"root"),
        "{:?}",
        rels(1)
    );
    let met = article
        .events
        .iter()
        .find(|e| e.trigger.text == "met")
        .unwrap_or_else(|| panic!("{:#?}", article.events));
    let code = |refs: &[chronicle::doc::ActorRef]| -> Vec<String> {
        refs.iter().filter_map(|a| a.code.clone()).collect()
    };
    assert_eq!(code(&met.source), ["DEUGOV"], "{met:#?}");
    assert_eq!(code(&met.target), ["USAGOV"], "{met:#?}");
}
