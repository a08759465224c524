//! The part-of-speech tagger.

use super::decode::{add_window, fill_slots, labels_of, with_scratch, Work};
use super::features::{
    at_or_boundary, pos_context, pos_lent, pos_own, PosWord, BOS, EOS, POS_VERSION,
};
use super::model::{shared, SyntaxModel, SHIPPED_POS};
use crate::error::Result;
use crate::learn::cache::TypeCache;
use crate::learn::clusters::Clusters;
use crate::learn::Model;
use std::sync::{Arc, OnceLock};

/// Part-of-speech tagger.
pub struct PosTagger {
    pub(super) model: Model,
    pub(super) clusters: Clusters,
}

impl SyntaxModel for PosTagger {
    const NAME: &'static str = "pos";
    const VERSION: &'static str = POS_VERSION;
    fn wrap(model: Model) -> Self {
        let clusters = Clusters::parse(&String::from_utf8_lossy(
            model
                .extras
                .get("clusters")
                .map(Vec::as_slice)
                .unwrap_or(&[]),
        ));
        PosTagger { model, clusters }
    }
    fn model(&self) -> &Model {
        &self.model
    }
}

impl PosTagger {
    /// The tagger shipped in `models/pos.bin.gz`, decoded once per process.
    pub fn shipped() -> Result<Arc<Self>> {
        static SHIPPED: OnceLock<std::result::Result<Arc<PosTagger>, String>> = OnceLock::new();
        shared(&SHIPPED, "pos", || {
            Self::from_model(Model::from_gzip(SHIPPED_POS)?)
        })
    }

    /// Tags one sentence.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<String> {
        with_scratch(|s| {
            self.decode(words, &mut s.pos, &mut s.work, &mut s.pos_path);
            labels_of(&self.model, &s.pos_path)
                .map(str::to_string)
                .collect()
        })
    }

    /// Label indices of one sentence into `path`, from cached word sums.
    pub(super) fn decode<S: AsRef<str>>(
        &self,
        words: &[S],
        cache: &mut TypeCache<PosWord>,
        work: &mut Work,
        path: &mut Vec<u16>,
    ) {
        let model = &self.model;
        let l = model.num_labels();
        cache.prepare_window(model, [BOS, EOS], |marker, row| {
            let word = PosWord::boundary(marker);
            fill_slots(model, row, |offset, add| pos_lent(word, offset, add));
            word
        });
        work.entries.clear();
        work.values.clear();
        for w in words {
            let entry = cache.entry(w.as_ref(), |w, row| {
                let mut word = PosWord::boundary(0);
                fill_slots(model, row, |offset, add| {
                    if offset == 0 {
                        word = pos_own(w, &self.clusters, add);
                    }
                });
                fill_slots(model, row, |offset, add| pos_lent(word, offset, add));
                word
            });
            work.entries.push(entry);
            work.values.push(cache.item(entry).map_or(EOS, |w| w.lower));
        }
        work.reset_ints(words.len(), l);
        add_window(cache, &work.entries, &mut work.ints, l);
        let (lowers, context) = (&work.values, &mut work.context);
        context.clear();
        for (i, &lower) in lowers.iter().enumerate() {
            let i_ = i as isize;
            pos_context(
                at_or_boundary(lowers, i_ - 1),
                lower,
                at_or_boundary(lowers, i_ + 1),
                i == 0,
                &mut |k| context.push(k),
            );
            context.end_token();
        }
        work.decode(model, path);
    }
}
