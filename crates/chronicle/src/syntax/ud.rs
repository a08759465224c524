//! Universal Dependencies tables: Penn Treebank tags to UPOS, and the conversion of
//! ClearNLP-style dependency trees (what spaCy's English parsers write, our silver
//! training data) to UD v2 relations and attachment.
//!
//! What is converted exactly, and what is approximated:
//! - Relabelled one to one: `nsubj`, `nsubjpass`→`nsubj:pass`, `csubj`, `csubjpass`→`csubj:pass`,
//!   `dobj`→`obj`, `iobj`, `dative`→`iobj` (a bare noun; with a preposition see below), `aux`,
//!   `auxpass`→`aux:pass`, `neg`→`advmod`, `det`, `predet`→`det:predet`, `amod`, `advmod`,
//!   `npadvmod`→`obl:npmod`, `compound`, `nummod`, `quantmod`→`advmod`, `poss`→`nmod:poss`,
//!   `case`, `appos`, `conj`, `preconj`→`cc:preconj`, `punct`, `mark`, `prt`→`compound:prt`,
//!   `ccomp`, `xcomp`, `oprd`→`xcomp`, `advcl`, `acl`, `relcl`→`acl:relcl`, `expl`,
//!   `parataxis`, `intj`→`discourse`, `meta`→`discourse`, `nmod`, `dep`, `ROOT`→`root`.
//! - Infinitival `to` (`aux` with tag `TO`) becomes `mark`, as in UD.
//! - Prepositions: UD hangs the preposition on its noun. A `prep` (or `agent`, or `dative`
//!   with an object) with a `pobj` child: the object takes the preposition's head and
//!   becomes `obl` under a verb, adjective or adverb (`obl:agent` for `agent`) and `nmod`
//!   under a noun; the preposition becomes its `case`. With a `pcomp` child instead, the
//!   complement becomes `advcl` (a verb) or `obl`, the preposition its `mark` (`case` for a
//!   nominal complement). Any other children of the preposition move with the object. A
//!   preposition with neither stays on its head as `advmod` (stranded or intransitive use;
//!   approximated: UD has several analyses here).
//! - Copula: a form of *be* with an `attr` or `acomp` child and no `expl` child gives the
//!   head to that predicate (`cop` on *be*; all other children of *be* move to the
//!   predicate). With an `expl` ("there is a risk") *be* stays the head and `attr` becomes
//!   `nsubj`. `attr`/`acomp` of other verbs become `xcomp`. Prepositional predicates ("is in
//!   Paris") keep *be* as the head (approximated: UD makes the noun the head).
//! - Coordination: a `cc` moves from the first conjunct to the next conjunct after it, as
//!   in UD v2. Commas between conjuncts stay on the first one (approximated).
//! - Names: spaCy's `compound` chains in names are kept as `compound` (UD EWT uses `flat`
//!   for some names, headed by the first word: approximated).

/// UPOS of a Penn Treebank tag (the tags our POS tagger and spaCy write). Unknown tags
/// give `X`.
pub fn upos(xpos: &str) -> &'static str {
    match xpos {
        "NN" | "NNS" => "NOUN",
        "NNP" | "NNPS" => "PROPN",
        "VB" | "VBD" | "VBG" | "VBN" | "VBP" | "VBZ" => "VERB",
        "MD" => "AUX",
        "JJ" | "JJR" | "JJS" | "AFX" => "ADJ",
        "RB" | "RBR" | "RBS" | "WRB" => "ADV",
        "PRP" | "PRP$" | "WP" | "WP$" | "EX" => "PRON",
        "DT" | "PDT" | "WDT" => "DET",
        "IN" => "ADP",
        "CC" => "CCONJ",
        "CD" => "NUM",
        "TO" | "POS" | "RP" => "PART",
        "UH" => "INTJ",
        "SYM" | "$" | "#" => "SYM",
        "FW" | "LS" | "ADD" | "GW" | "XX" | "NIL" => "X",
        "." | "," | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "(" | ")" | "\"" | "HYPH" | "NFP" => {
            "PUNCT"
        }
        _ => "X",
    }
}

/// The UD relation for a ClearNLP label that maps one to one (see the module doc); the
/// labels needing structure (`prep`, `pobj`, `pcomp`, `agent`, `attr`, `acomp`, `dative`)
/// are handled by [`clearnlp_to_ud`].
pub fn clearnlp_label(label: &str) -> &str {
    match label {
        "ROOT" | "root" => "root",
        "nsubjpass" => "nsubj:pass",
        "csubjpass" => "csubj:pass",
        "dobj" => "obj",
        "dative" => "iobj",
        "auxpass" => "aux:pass",
        "neg" => "advmod",
        "predet" => "det:predet",
        "npadvmod" => "obl:npmod",
        "quantmod" => "advmod",
        "poss" => "nmod:poss",
        "preconj" => "cc:preconj",
        "prt" => "compound:prt",
        "oprd" => "xcomp",
        "relcl" => "acl:relcl",
        "intj" | "meta" => "discourse",
        "attr" | "acomp" => "xcomp",
        "prep" | "agent" => "advmod",
        "pobj" | "pcomp" => "dep",
        "" => "dep",
        other => other,
    }
}

fn is_verbal(xpos: &str) -> bool {
    xpos.starts_with("VB") || xpos == "MD"
}

fn is_nominal(xpos: &str) -> bool {
    xpos.starts_with("NN") || xpos.starts_with("PRP") || xpos == "CD" || xpos.starts_with("W")
}

/// Whether `heads` (0 = root, else 1-based) make one tree: exactly one root, no cycles.
pub fn is_tree(heads: &[usize]) -> bool {
    let n = heads.len();
    if heads.iter().filter(|&&h| h == 0).count() != 1 || heads.iter().any(|&h| h > n) {
        return false;
    }
    // Walking up from any token must reach the root within n steps.
    (1..=n).all(|start| {
        let mut at = start;
        for _ in 0..=n {
            if at == 0 {
                return true;
            }
            at = heads[at - 1];
        }
        false
    })
}

/// Converts one ClearNLP-style tree to UD in place: `heads` 1-based (0 = root), `labels`
/// ClearNLP labels, `forms`/`xpos`/`lemmas` the tokens. Returns false when the result is
/// not a tree (the caller drops the sentence).
pub fn clearnlp_to_ud(
    forms: &[&str],
    xpos: &[&str],
    lemmas: &[&str],
    heads: &mut [usize],
    labels: &mut [String],
) -> bool {
    let n = heads.len();
    if forms.len() != n || xpos.len() != n || labels.len() != n || lemmas.len() != n {
        return false;
    }
    let tag = |i: usize| xpos.get(i.wrapping_sub(1)).copied().unwrap_or("");
    let children = |heads: &[usize], labels: &[String], h: usize, label: &str| -> Vec<usize> {
        (1..=n)
            .filter(|&d| heads[d - 1] == h && labels[d - 1] == label)
            .collect()
    };
    // Infinitival `to`.
    for i in 0..n {
        if labels[i] == "aux" && xpos[i] == "TO" {
            labels[i] = "mark".into();
        }
    }
    // Copula (before prepositions, so a predicate's PPs see the new head).
    for b in 1..=n {
        let lemma = lemmas[b - 1].to_ascii_lowercase();
        let is_be = lemma == "be"
            || matches!(
                forms[b - 1].to_ascii_lowercase().as_str(),
                "is" | "was"
                    | "are"
                    | "were"
                    | "be"
                    | "been"
                    | "being"
                    | "am"
                    | "'s"
                    | "'re"
                    | "'m"
            );
        let preds: Vec<usize> = (1..=n)
            .filter(|&d| heads[d - 1] == b && matches!(labels[d - 1].as_str(), "attr" | "acomp"))
            .collect();
        if preds.is_empty() {
            continue;
        }
        let has_expl = (1..=n).any(|d| heads[d - 1] == b && labels[d - 1] == "expl");
        if !is_be || matches!(labels[b - 1].as_str(), "aux" | "auxpass") {
            for p in preds {
                labels[p - 1] = "xcomp".into();
            }
            continue;
        }
        if has_expl {
            for p in preds {
                labels[p - 1] = "nsubj".into();
            }
            continue;
        }
        let p = preds[0];
        heads[p - 1] = heads[b - 1];
        labels[p - 1] = std::mem::replace(&mut labels[b - 1], "cop".into());
        for d in 1..=n {
            if d != p && heads[d - 1] == b {
                heads[d - 1] = p;
                if matches!(labels[d - 1].as_str(), "attr" | "acomp") {
                    labels[d - 1] = "conj".into();
                }
            }
        }
        heads[b - 1] = p;
    }
    // Prepositions.
    for p in 1..=n {
        let kind = labels[p - 1].clone();
        if !matches!(kind.as_str(), "prep" | "agent" | "dative") {
            continue;
        }
        let h = heads[p - 1];
        let objects = children(heads, labels, p, "pobj");
        let complements = children(heads, labels, p, "pcomp");
        let (object, is_clause) = match (objects.first(), complements.first()) {
            (Some(&o), _) => (o, false),
            (None, Some(&c)) => (c, true),
            (None, None) => {
                labels[p - 1] = if kind == "dative" { "iobj" } else { "advmod" }.into();
                continue;
            }
        };
        let head_tag = tag(h);
        let object_tag = tag(object);
        heads[object - 1] = h;
        labels[object - 1] = if is_clause && is_verbal(object_tag) {
            "advcl".into()
        } else if kind == "agent" {
            "obl:agent".into()
        } else if h != 0 && is_nominal(head_tag) {
            "nmod".into()
        } else {
            "obl".into()
        };
        if h == 0 {
            labels[object - 1] = "root".into();
        }
        for d in 1..=n {
            if d != object && heads[d - 1] == p {
                heads[d - 1] = object;
                if matches!(labels[d - 1].as_str(), "pobj" | "pcomp") {
                    labels[d - 1] = "conj".into();
                }
            }
        }
        heads[p - 1] = object;
        labels[p - 1] = if is_clause && is_verbal(object_tag) {
            "mark".into()
        } else {
            "case".into()
        };
    }
    // Coordinators move to the conjunct after them.
    for c in 1..=n {
        if labels[c - 1] != "cc" {
            continue;
        }
        let h = heads[c - 1];
        if let Some(next) = (c + 1..=n).find(|&d| heads[d - 1] == h && labels[d - 1] == "conj") {
            heads[c - 1] = next;
        }
    }
    for label in labels.iter_mut() {
        let mapped = clearnlp_label(label);
        if mapped != label.as_str() {
            *label = mapped.to_string();
        }
    }
    is_tree(heads)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tree {
        heads: Vec<usize>,
        labels: Vec<String>,
    }

    fn convert(rows: &[(&str, &str, &str, usize, &str)]) -> Tree {
        let forms: Vec<&str> = rows.iter().map(|r| r.0).collect();
        let lemmas: Vec<&str> = rows.iter().map(|r| r.1).collect();
        let xpos: Vec<&str> = rows.iter().map(|r| r.2).collect();
        let mut heads: Vec<usize> = rows.iter().map(|r| r.3).collect();
        let mut labels: Vec<String> = rows.iter().map(|r| r.4.to_string()).collect();
        assert!(clearnlp_to_ud(
            &forms,
            &xpos,
            &lemmas,
            &mut heads,
            &mut labels
        ));
        Tree { heads, labels }
    }

    #[test]
    fn upos_table_covers_the_ptb_tags() {
        assert_eq!(upos("NNP"), "PROPN");
        assert_eq!(upos("VBD"), "VERB");
        assert_eq!(upos("MD"), "AUX");
        assert_eq!(upos("PRP$"), "PRON");
        assert_eq!(upos(","), "PUNCT");
        assert_eq!(upos("TO"), "PART");
        assert_eq!(upos("???"), "X");
    }

    #[test]
    fn prepositions_hang_on_their_nouns() {
        // They met with officials in Seoul .
        let t = convert(&[
            ("They", "they", "PRP", 2, "nsubj"),
            ("met", "meet", "VBD", 0, "ROOT"),
            ("with", "with", "IN", 2, "prep"),
            ("officials", "official", "NNS", 3, "pobj"),
            ("in", "in", "IN", 4, "prep"),
            ("Seoul", "Seoul", "NNP", 5, "pobj"),
            (".", ".", ".", 2, "punct"),
        ]);
        assert_eq!(t.heads, vec![2, 0, 4, 2, 6, 4, 2]);
        assert_eq!(
            t.labels,
            vec!["nsubj", "root", "case", "obl", "case", "nmod", "punct"]
        );
    }

    #[test]
    fn passive_agent_and_auxiliaries() {
        // The loan was approved by the IMF
        let t = convert(&[
            ("The", "the", "DT", 2, "det"),
            ("loan", "loan", "NN", 4, "nsubjpass"),
            ("was", "be", "VBD", 4, "auxpass"),
            ("approved", "approve", "VBN", 0, "ROOT"),
            ("by", "by", "IN", 4, "agent"),
            ("the", "the", "DT", 7, "det"),
            ("IMF", "IMF", "NNP", 5, "pobj"),
        ]);
        assert_eq!(t.heads, vec![2, 4, 4, 0, 7, 7, 4]);
        assert_eq!(
            t.labels,
            vec![
                "det",
                "nsubj:pass",
                "aux:pass",
                "root",
                "case",
                "det",
                "obl:agent"
            ]
        );
    }

    #[test]
    fn copula_gives_the_head_to_the_predicate() {
        // He is a doctor and she was not ready .
        let t = convert(&[
            ("He", "he", "PRP", 2, "nsubj"),
            ("is", "be", "VBZ", 0, "ROOT"),
            ("a", "a", "DT", 4, "det"),
            ("doctor", "doctor", "NN", 2, "attr"),
            (".", ".", ".", 2, "punct"),
        ]);
        assert_eq!(t.heads, vec![4, 4, 4, 0, 4]);
        assert_eq!(t.labels, vec!["nsubj", "cop", "det", "root", "punct"]);
        // There is a risk: expletive keeps "is" as the head.
        let t = convert(&[
            ("There", "there", "EX", 2, "expl"),
            ("is", "be", "VBZ", 0, "ROOT"),
            ("a", "a", "DT", 4, "det"),
            ("risk", "risk", "NN", 2, "attr"),
        ]);
        assert_eq!(t.heads, vec![2, 0, 4, 2]);
        assert_eq!(t.labels, vec!["expl", "root", "det", "nsubj"]);
    }

    #[test]
    fn coordinators_move_to_the_next_conjunct_and_to_becomes_mark() {
        // agreed to resume talks and trade
        let t = convert(&[
            ("agreed", "agree", "VBD", 0, "ROOT"),
            ("to", "to", "TO", 3, "aux"),
            ("resume", "resume", "VB", 1, "xcomp"),
            ("talks", "talk", "NNS", 3, "dobj"),
            ("and", "and", "CC", 4, "cc"),
            ("trade", "trade", "NN", 4, "conj"),
        ]);
        assert_eq!(t.heads, vec![0, 3, 1, 3, 6, 4]);
        assert_eq!(t.labels, vec!["root", "mark", "xcomp", "obj", "cc", "conj"]);
    }

    #[test]
    fn clausal_complement_of_a_preposition_becomes_advcl_with_mark() {
        // left after signing it
        let t = convert(&[
            ("left", "leave", "VBD", 0, "ROOT"),
            ("after", "after", "IN", 1, "prep"),
            ("signing", "sign", "VBG", 2, "pcomp"),
            ("it", "it", "PRP", 3, "dobj"),
        ]);
        assert_eq!(t.heads, vec![0, 3, 1, 3]);
        assert_eq!(t.labels, vec!["root", "mark", "advcl", "obj"]);
    }

    #[test]
    fn tree_check() {
        assert!(is_tree(&[2, 0]));
        assert!(!is_tree(&[2, 1]));
        assert!(!is_tree(&[0, 0]));
        assert!(!is_tree(&[3, 0]));
    }
}
