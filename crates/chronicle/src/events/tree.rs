//! The dependency tree of one sentence as the event coder reads it: the syntax stage's `deps`
//! layer with heads made relative to the sentence and each token's dependents listed, so a
//! trigger's subject, objects and prepositional partners are a lookup, not a scan.

use crate::doc::Article;

/// One sentence's tree; token positions are relative to the sentence.
#[derive(Debug, Clone, Default)]
pub(super) struct Tree<'a> {
    heads: Vec<Option<usize>>,
    rels: Vec<&'a str>,
    /// Dependents of token `i` are `kids[kid_start[i]..kid_start[i + 1]]`, in text order.
    kid_start: Vec<usize>,
    kids: Vec<usize>,
}

impl<'a> Tree<'a> {
    /// The tree of the tokens `start..end` of `article`, or none when the article was not
    /// parsed (the `deps` layer is empty or not parallel to the tokens).
    pub(super) fn of_sentence(article: &'a Article, start: usize, end: usize) -> Option<Self> {
        if article.deps.len() != article.tokens.len() {
            return None;
        }
        let deps = article.deps.get(start..end)?;
        if deps.is_empty() || deps.iter().all(|d| d.rel.is_empty()) {
            return None;
        }
        let n = deps.len();
        let heads: Vec<Option<usize>> = deps
            .iter()
            .map(|d| d.head.and_then(|h| h.checked_sub(start)).filter(|&h| h < n))
            .collect();
        let rels: Vec<&str> = deps.iter().map(|d| d.rel.as_str()).collect();
        let mut kid_start = vec![0usize; n + 1];
        for h in heads.iter().flatten() {
            if let Some(c) = kid_start.get_mut(h + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            let before = kid_start.get(i).copied().unwrap_or(0);
            if let Some(c) = kid_start.get_mut(i + 1) {
                *c += before;
            }
        }
        let mut fill = kid_start.clone();
        let mut kids = vec![0usize; kid_start.get(n).copied().unwrap_or(0)];
        for (i, h) in heads.iter().enumerate() {
            let Some(h) = *h else { continue };
            if let Some(at) = fill.get_mut(h) {
                if let Some(slot) = kids.get_mut(*at) {
                    *slot = i;
                }
                *at += 1;
            }
        }
        Some(Tree {
            heads,
            rels,
            kid_start,
            kids,
        })
    }

    pub(super) fn len(&self) -> usize {
        self.heads.len()
    }

    pub(super) fn head(&self, i: usize) -> Option<usize> {
        self.heads.get(i).copied().flatten()
    }

    /// The relation of token `i` to its head (`""` outside the sentence).
    pub(super) fn rel(&self, i: usize) -> &str {
        self.rels.get(i).copied().unwrap_or("")
    }

    /// The dependents of token `i`, in text order.
    pub(super) fn children(&self, i: usize) -> &[usize] {
        match (self.kid_start.get(i), self.kid_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.kids.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The token of `start..end` that attaches outside the span (its head word); the first
    /// one when several do.
    pub(super) fn top_of(&self, start: usize, end: usize) -> Option<usize> {
        (start..end.min(self.len())).find(|&t| self.head(t).is_none_or(|h| h < start || h >= end))
    }

    /// Whether `t` is `ancestor` or lies below it through at most `depth` arcs whose
    /// relations `keep` accepts.
    pub(super) fn reaches(
        &self,
        mut t: usize,
        ancestor: usize,
        depth: usize,
        keep: impl Fn(&str) -> bool,
    ) -> bool {
        for _ in 0..=depth {
            if t == ancestor {
                return true;
            }
            if !keep(self.rel(t)) {
                return false;
            }
            match self.head(t) {
                Some(h) => t = h,
                None => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Dep;
    use crate::stage::Stage;

    #[test]
    fn children_are_listed_per_head_in_text_order() {
        let mut article = Article::new("Kim met Moon in Seoul.".to_string());
        crate::text::TextStage.annotate(&mut article);
        // met ← Kim (nsubj), Moon (obj), Seoul (obl), . (punct); Seoul ← in (case)
        let arcs = [
            (Some(1), "nsubj"),
            (None, "root"),
            (Some(1), "obj"),
            (Some(4), "case"),
            (Some(1), "obl"),
            (Some(1), "punct"),
        ];
        article.deps = arcs
            .iter()
            .map(|&(head, rel)| Dep {
                head,
                rel: rel.to_string(),
            })
            .collect();
        assert_eq!(article.tokens.len(), 6);
        let tree = Tree::of_sentence(&article, 0, 6).expect("a tree");
        assert_eq!(tree.children(1), &[0, 2, 4, 5]);
        assert_eq!(tree.children(4), &[3]);
        assert_eq!(tree.rel(0), "nsubj");
        assert_eq!(tree.top_of(3, 5), Some(4));
        assert!(tree.reaches(3, 1, 3, |r| r != "punct"));
        assert!(!tree.reaches(5, 1, 0, |_| true));
        // an article without a parse has no tree
        article.deps.clear();
        assert!(Tree::of_sentence(&article, 0, 6).is_none());
    }
}
