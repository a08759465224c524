use super::decode::Scratch;
use super::features::{chunk_features, pos_features};
use super::*;
use crate::doc::Article;
use crate::learn::SentFeats;

fn sentences() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "US",
            "Secretary",
            "of",
            "State",
            "Antony",
            "Blinken",
            "arrived",
            "in",
            "Seoul",
            "on",
            "Wednesday",
            ".",
        ],
        vec!["SEOUL", "WELCOMES", "ENVOY"],
        vec![
            "\u{201c}",
            "We",
            "won\u{2019}t",
            "go",
            ",",
            "\u{201d}",
            "she",
            "said",
        ],
        vec!["28,500", "troops"],
        vec!["x"],
        vec![],
    ]
}

#[test]
fn cached_pos_scores_equal_full_feature_scores() {
    let pos = PosTagger::shipped().unwrap();
    let mut s = Scratch::new();
    for words in sentences() {
        let mut feats = SentFeats::new();
        pos_features(&words, &pos.clusters, &mut feats);
        let mut full = Vec::new();
        pos.model.integer_emissions(&feats, &mut full);
        let mut path = Vec::new();
        pos.decode(&words, &mut s.pos, &mut s.work, &mut path);
        assert_eq!(full, s.work.ints, "{words:?}");
        assert_eq!(path, pos.model.decode(&feats), "{words:?}");
    }
}

#[test]
fn cached_chunk_scores_equal_full_feature_scores() {
    let pos = PosTagger::shipped().unwrap();
    let chunker = Chunker::shipped().unwrap();
    let mut s = Scratch::new();
    for words in sentences() {
        let tags = pos.tag(&words);
        // Also a tag list shorter than the sentence: missing tags read as its end.
        for tags in [&tags[..], &tags[..tags.len().saturating_sub(1)]] {
            let mut feats = SentFeats::new();
            chunk_features(&words, tags, &mut feats);
            let mut full = Vec::new();
            chunker.model.integer_emissions(&feats, &mut full);
            let mut path = Vec::new();
            chunker.decode(
                &words,
                tags,
                (&mut s.chunk_words, &mut s.chunk_tags),
                &mut s.work,
                &mut path,
            );
            assert_eq!(full, s.work.ints, "{words:?} {tags:?}");
            // The stage's path: tags as the POS model's label indices.
            let indices: Vec<u16> = tags
                .iter()
                .map(|t| pos.model.label_index(t).unwrap())
                .collect();
            chunker.decode_indexed(
                &words,
                (&pos.model, &indices),
                (&mut s.chunk_words, &mut s.tag_tables),
                &mut s.work,
                &mut path,
            );
            assert_eq!(full, s.work.ints, "indexed: {words:?} {tags:?}");
        }
    }
}

#[test]
fn the_stage_tags_every_token_and_finds_phrases() {
    use crate::stage::Stage;
    let mut article = Article::new(
        "Blinken met the South Korean foreign minister in Seoul. He left on Friday.".into(),
    );
    crate::text::TextStage.annotate(&mut article);
    SyntaxStage::standard().unwrap().annotate(&mut article);
    assert_eq!(article.pos.len(), article.tokens.len());
    assert!(
        article.pos.iter().all(|t| !t.is_empty()),
        "{:?}",
        article.pos
    );
    assert_eq!(article.pos.first().map(String::as_str), Some("NNP"));
    assert!(article
        .chunks
        .iter()
        .any(|c| c.label == "NP" && c.text == "the South Korean foreign minister"));
    assert!(article
        .chunks
        .iter()
        .any(|c| c.label == "PP" && c.text == "in"));
}

#[test]
fn conllu_xpos_becomes_tagger_training_data_without_the_held_out_slice() {
    let mut text = String::new();
    for i in 0..10 {
        text.push_str(&format!(
            "# sent_id = s{i}\n1\tword{i}\tword\tNOUN\tNN\t_\t0\troot\t_\t_\n2\t(\t(\tPUNCT\t-LRB-\t_\t1\tpunct\t_\t_\n\n"
        ));
    }
    let sentences = parse::conllu::parse_str(&text);
    let kept = pos_doc(&sentences, |i| !held_out(i, 5));
    let words: Vec<&str> = kept.sentences.iter().map(|s| s.words()[0]).collect();
    assert_eq!(
        words,
        ["word0", "word1", "word2", "word3", "word5", "word6", "word7", "word8"]
    );
    assert_eq!(kept.sentences[0].column(1), ["NN", "("]);
    let held = pos_doc(&sentences, |i| held_out(i, 5));
    assert_eq!(held.sentences.len(), 2);
    // Folds come in blocks of five sentences, in turn, so each fold has held-out sentences
    // and trained ones alike, and every sentence is in exactly one fold.
    let folds: Vec<usize> = (0..20).map(|i| jackknife_fold(i, 5, 3)).collect();
    assert_eq!(&folds[..6], &[0, 0, 0, 0, 0, 1]);
    assert_eq!(folds[15], 0);
    assert!(!held_out(3, 0), "no held-out slice when every < 2");
}
