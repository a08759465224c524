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
//!   `nsubj`. `attr`/`acomp` of other verbs become `xcomp`. A prepositional predicate ("is
//!   in Paris") of a main-verb *be* gives the head to its noun (`cop`, `case`).
//! - Small clauses under *let*, *make*, *help*, *see*, ... (`ccomp` with a subject, no
//!   marker or auxiliary): the subject becomes the verb's `obj`, the predicate `xcomp`.
//! - Reported speech after the quote ("Talks resume, he said."): the quote becomes the
//!   head, the reporting verb its `parataxis`.
//! - Coordination: chained conjuncts are hung on the first one; a `cc`, and a comma before
//!   a conjunct, move to the conjunct after them, as in UD v2.
//! - Names: a person name (words marked `NE=PERSON` in MISC by the silver script, from the
//!   teacher's NER) joined by `compound` becomes `flat` under its first word; other names
//!   keep `compound`.
//! - Punctuation: the final mark hangs on the root; a comma after a fronted modifier on
//!   that modifier, one before an apposition or a parenthetical, relative or adverbial
//!   clause on that phrase.
//!
//! Measured against gold trees (spaCy run on EWT dev's own tokens, `scripts/silver_parse.py
//! --conllu`, scored by `chronicle eval syntax --predicted ... --clearnlp`): the converted
//! teacher agrees at UAS 82.7 / LAS 78.2, from 77.7 / 73.2 before these rules.

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

/// The CoNLL-2003 tag for a Penn Treebank tag as UD English (EWT) and spaCy write it: the
/// two differ only in punctuation (`` `` ``/`''` → `"`, `-LRB-`/`-RRB-` → `(`/`)`, `HYPH` →
/// `:`), and the tagger, the chunker and the rules downstream were built on CoNLL-2003's
/// set. Web-only tags (`ADD`, `GW`, `NFP`, `AFX`, `XX`) are kept: CoNLL-2003 has none.
pub fn conll2003_tag(xpos: &str) -> &str {
    match xpos {
        "``" | "''" => "\"",
        "-LRB-" => "(",
        "-RRB-" => ")",
        "HYPH" => ":",
        _ => xpos,
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
    clearnlp_to_ud_names(forms, xpos, lemmas, &[], heads, labels)
}

/// [`clearnlp_to_ud`] with `person` marking the words of person names (the teacher's
/// NER; empty when unknown): a person name joined by `compound` becomes `flat`, headed by
/// its first word, as in UD.
pub fn clearnlp_to_ud_names(
    forms: &[&str],
    xpos: &[&str],
    lemmas: &[&str],
    person: &[bool],
    heads: &mut [usize],
    labels: &mut [String],
) -> bool {
    let n = heads.len();
    if forms.len() != n || xpos.len() != n || labels.len() != n || lemmas.len() != n {
        return false;
    }
    if !is_tree(heads) {
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
        let has_expl = (1..=n).any(|d| heads[d - 1] == b && labels[d - 1] == "expl");
        if preds.is_empty() {
            if is_be && !has_expl {
                prepositional_predicate(b, heads, labels);
            }
            continue;
        }
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
    small_clauses(xpos, lemmas, heads, labels);
    reported_speech(forms, xpos, heads, labels);
    flatten_conjuncts(heads, labels);
    coordination_punctuation(xpos, heads, labels);
    if person.len() == n {
        person_names(person, heads, labels);
    }
    // Coordinators move to the conjunct after them.
    for c in 1..=n {
        if labels[c - 1] != "cc" {
            continue;
        }
        let h = first_conjunct(heads, labels, heads[c - 1]);
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
    punctuation(xpos, heads, labels);
    is_tree(heads)
}

/// A form of *be* whose predicate is a prepositional phrase ("is in Paris"): UD makes the
/// phrase's noun the head, *be* its `cop` and the preposition its `case`. Only when *be*
/// is a main verb (not an auxiliary) with no object or clausal complement.
fn prepositional_predicate(b: usize, heads: &mut [usize], labels: &mut [String]) {
    let n = heads.len();
    if matches!(labels[b - 1].as_str(), "aux" | "auxpass") {
        return;
    }
    let blocking = (1..=n).any(|d| {
        heads[d - 1] == b
            && matches!(
                labels[d - 1].as_str(),
                "dobj" | "ccomp" | "xcomp" | "oprd" | "csubj" | "dative" | "agent"
            )
    });
    if blocking {
        return;
    }
    let Some((p, o)) = (b + 1..=n)
        .filter(|&p| heads[p - 1] == b && labels[p - 1] == "prep")
        .find_map(|p| {
            (p + 1..=n)
                .find(|&o| heads[o - 1] == p && labels[o - 1] == "pobj")
                .map(|o| (p, o))
        })
    else {
        return;
    };
    heads[o - 1] = heads[b - 1];
    labels[o - 1] = std::mem::replace(&mut labels[b - 1], "cop".into());
    heads[b - 1] = o;
    heads[p - 1] = o;
    labels[p - 1] = "case".into();
    for d in 1..=n {
        if d != o && d != p && d != b && (heads[d - 1] == b || heads[d - 1] == p) {
            heads[d - 1] = o;
            if labels[d - 1] == "pobj" {
                labels[d - 1] = "conj".into();
            }
        }
    }
}

/// Punctuation, once relations are UD ones: the sentence's final mark hangs on the root;
/// a comma right after a fronted modifier ("On Monday, ...", "If it rains, ...") on that
/// modifier; a comma right before an apposition, a parenthetical, a relative or adverbial
/// clause on that phrase — where UD puts them and the teacher does not.
fn punctuation(xpos: &[&str], heads: &mut [usize], labels: &[String]) {
    let n = heads.len();
    let Some(root) = (1..=n).find(|&t| heads[t - 1] == 0) else {
        return;
    };
    if let Some(last) = (1..=n)
        .rev()
        .find(|&t| !matches!(xpos[t - 1], "''" | "\"" | "-RRB-"))
    {
        if labels[last - 1] == "punct" && xpos[last - 1] == "." && last != root {
            heads[last - 1] = root;
        }
    }
    for p in 1..=n {
        if labels[p - 1] != "punct" || !matches!(xpos[p - 1], "," | ":") {
            continue;
        }
        let h = heads[p - 1];
        if h == 0 {
            continue;
        }
        let target = if h > p {
            // the left dependent of h whose phrase ends just before the comma
            (1..p).find(|&d| {
                heads[d - 1] == h
                    && matches!(
                        labels[d - 1].split(':').next().unwrap_or(""),
                        "advcl" | "obl" | "advmod" | "discourse"
                    )
                    && span(heads, d).1 == p - 1
            })
        } else {
            // the right dependent of h whose phrase starts just after the comma
            (p + 1..=n).find(|&d| {
                heads[d - 1] == h
                    && matches!(
                        labels[d - 1].as_str(),
                        "appos" | "parataxis" | "advcl" | "acl:relcl" | "acl"
                    )
                    && span(heads, d).0 == p + 1
            })
        };
        if let Some(d) = target {
            heads[p - 1] = d;
        }
    }
}

/// Small clauses under verbs like *let*, *make*, *help* ("let him go", "made it clear"):
/// the teacher makes the clause a `ccomp` with its own subject; UD makes the subject the
/// verb's `obj` and the predicate its `xcomp`.
fn small_clauses(xpos: &[&str], lemmas: &[&str], heads: &mut [usize], labels: &mut [String]) {
    let n = heads.len();
    for c in 1..=n {
        let v = heads[c - 1];
        if v == 0 || v > c || labels[c - 1] != "ccomp" {
            continue;
        }
        let verb = lemmas[v - 1].to_ascii_lowercase();
        let causative = matches!(
            verb.as_str(),
            "let"
                | "make"
                | "help"
                | "have"
                | "hear"
                | "see"
                | "watch"
                | "get"
                | "find"
                | "keep"
                | "feel"
                | "allow"
        );
        if !causative || !matches!(xpos[c - 1], "VB" | "VBN" | "JJ") {
            continue;
        }
        let finite = (1..=n).any(|d| {
            heads[d - 1] == c && matches!(labels[d - 1].as_str(), "mark" | "aux" | "auxpass")
        });
        if finite {
            continue;
        }
        if let Some(s) = (v + 1..c).find(|&s| heads[s - 1] == c && labels[s - 1] == "nsubj") {
            heads[s - 1] = v;
            labels[s - 1] = "dobj".into();
        }
        labels[c - 1] = "xcomp".into();
    }
}

/// Whether `a` is `d` or lies below it.
fn dominates(heads: &[usize], d: usize, a: usize) -> bool {
    let mut at = a;
    for _ in 0..=heads.len() {
        if at == d {
            return true;
        }
        if at == 0 {
            return false;
        }
        at = heads[at - 1];
    }
    false
}

/// The first and last word of `d`'s subtree (1-based).
fn span(heads: &[usize], d: usize) -> (usize, usize) {
    let n = heads.len();
    let first = (1..=n).find(|&a| dominates(heads, d, a)).unwrap_or(d);
    let last = (1..=n).rev().find(|&a| dominates(heads, d, a)).unwrap_or(d);
    (first, last)
}

fn is_punct_tag(xpos: &str) -> bool {
    upos(xpos) == "PUNCT"
}

/// Reported speech with the report after the quote ("Talks will resume, he said."): the
/// teacher makes *said* the head and the quote its `ccomp`; UD makes the quote the head
/// and *said* its `parataxis`. The quote takes the verb's place; quotation marks before the
/// verb and punctuation after it move to the quote; the comma stays on the verb.
fn reported_speech(forms: &[&str], xpos: &[&str], heads: &mut [usize], labels: &mut [String]) {
    let n = heads.len();
    for v in 1..=n {
        if !xpos[v - 1].starts_with("VB") || labels[v - 1] == "ccomp" {
            continue;
        }
        let Some(c) = (1..v).find(|&c| heads[c - 1] == v && labels[c - 1] == "ccomp") else {
            continue;
        };
        let (_, last) = span(heads, c);
        // Only a quote that ends before the verb, set off by punctuation.
        let set_off = (last + 1..v).any(|p| heads[p - 1] == v && is_punct_tag(xpos[p - 1]));
        if last >= v || !set_off {
            continue;
        }
        heads[c - 1] = heads[v - 1];
        labels[c - 1] = std::mem::replace(&mut labels[v - 1], "parataxis".into());
        heads[v - 1] = c;
        for p in 1..=n {
            if heads[p - 1] != v || labels[p - 1] != "punct" {
                continue;
            }
            let quote = matches!(
                forms[p - 1],
                "\"" | "''" | "``" | "'" | "\u{201c}" | "\u{201d}"
            );
            if p > v || quote {
                heads[p - 1] = c;
            }
        }
    }
}

/// Conjuncts: the teacher chains them ("A, B and C": C under B); UD hangs every
/// conjunct on the first.
fn flatten_conjuncts(heads: &mut [usize], labels: &[String]) {
    let n = heads.len();
    for d in 1..=n {
        if labels[d - 1] != "conj" {
            continue;
        }
        let mut h = heads[d - 1];
        let mut steps = 0;
        while h != 0 && labels[h - 1] == "conj" && heads[h - 1] != 0 && steps < n {
            h = heads[h - 1];
            steps += 1;
        }
        heads[d - 1] = h;
    }
}

/// The first conjunct of the coordination `h` belongs to (`h` itself when it is not a
/// conjunct), once [`flatten_conjuncts`] has run.
fn first_conjunct(heads: &[usize], labels: &[String], h: usize) -> usize {
    if h != 0 && labels[h - 1] == "conj" {
        heads[h - 1]
    } else {
        h
    }
}

/// Punctuation before a conjunct ("A, B"): UD hangs it on the conjunct after it, as the
/// coordinator.
fn coordination_punctuation(xpos: &[&str], heads: &mut [usize], labels: &[String]) {
    let n = heads.len();
    for p in 1..=n {
        if labels[p - 1] != "punct" || !matches!(xpos[p - 1], "," | ":") {
            continue;
        }
        let h = first_conjunct(heads, labels, heads[p - 1]);
        if h == 0 || h > p {
            continue;
        }
        let Some(next) = (p + 1..=n).find(|&d| heads[d - 1] == h && labels[d - 1] == "conj") else {
            continue;
        };
        // The conjunct's phrase starts after the comma, with only coordinators between.
        let (first, _) = span(heads, next);
        if first > p && (p + 1..first).all(|t| labels[t - 1] == "cc" || labels[t - 1] == "preconj")
        {
            heads[p - 1] = next;
        }
    }
}

/// Person names (consecutive words marked by the teacher's NER) joined by `compound`:
/// UD joins them with `flat` under the first word, which takes the name's place.
fn person_names(person: &[bool], heads: &mut [usize], labels: &mut [String]) {
    let n = heads.len();
    let mut a = 1;
    while a <= n {
        if !person[a - 1] {
            a += 1;
            continue;
        }
        let mut b = a;
        while b < n && person[b] {
            b += 1;
        }
        // words a..=b; the name's head is its only word whose head is outside
        let inside = |t: usize| t >= a && t <= b;
        let outer: Vec<usize> = (a..=b).filter(|&t| !inside(heads[t - 1])).collect();
        let joined = (a..=b)
            .filter(|&t| inside(heads[t - 1]))
            .all(|t| matches!(labels[t - 1].as_str(), "compound" | "flat"));
        if b > a && outer.len() == 1 && joined {
            let r = outer[0];
            if r != a {
                heads[a - 1] = heads[r - 1];
                labels[a - 1] = std::mem::take(&mut labels[r - 1]);
            }
            for t in a + 1..=b {
                heads[t - 1] = a;
                labels[t - 1] = "flat".into();
            }
            for d in 1..=n {
                if !inside(d) && inside(heads[d - 1]) {
                    heads[d - 1] = a;
                }
            }
        }
        a = b + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_punctuation_tags_become_conll2003_ones() {
        assert_eq!(conll2003_tag("``"), "\"");
        assert_eq!(conll2003_tag("''"), "\"");
        assert_eq!(conll2003_tag("-LRB-"), "(");
        assert_eq!(conll2003_tag("-RRB-"), ")");
        assert_eq!(conll2003_tag("HYPH"), ":");
        assert_eq!(conll2003_tag("NNP"), "NNP");
        assert_eq!(conll2003_tag("ADD"), "ADD");
        // The UPOS of a mapped tag is the UPOS of the original.
        for t in ["``", "''", "-LRB-", "-RRB-", "HYPH"] {
            assert_eq!(upos(conll2003_tag(t)), upos(t));
        }
    }

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
    fn quote_first_reports_make_the_quote_the_head() {
        // Talks resume , he said .
        let t = convert(&[
            ("Talks", "talk", "NNS", 2, "nsubj"),
            ("resume", "resume", "VBP", 5, "ccomp"),
            (",", ",", ",", 5, "punct"),
            ("he", "he", "PRP", 5, "nsubj"),
            ("said", "say", "VBD", 0, "ROOT"),
            (".", ".", ".", 5, "punct"),
        ]);
        assert_eq!(t.heads, vec![2, 0, 5, 5, 2, 2]);
        assert_eq!(
            t.labels,
            vec!["nsubj", "root", "punct", "nsubj", "parataxis", "punct"]
        );
        // He said talks resume: the report comes first and stays the head.
        let t = convert(&[
            ("He", "he", "PRP", 2, "nsubj"),
            ("said", "say", "VBD", 0, "ROOT"),
            ("talks", "talk", "NNS", 4, "nsubj"),
            ("resume", "resume", "VBP", 2, "ccomp"),
        ]);
        assert_eq!(t.heads, vec![2, 0, 4, 2]);
        assert_eq!(t.labels, vec!["nsubj", "root", "nsubj", "ccomp"]);
    }

    #[test]
    fn chained_conjuncts_hang_on_the_first_with_their_commas_and_coordinators() {
        // oil , gold and wheat
        let t = convert(&[
            ("oil", "oil", "NN", 0, "ROOT"),
            (",", ",", ",", 1, "punct"),
            ("gold", "gold", "NN", 1, "conj"),
            ("and", "and", "CC", 3, "cc"),
            ("wheat", "wheat", "NN", 3, "conj"),
        ]);
        assert_eq!(t.heads, vec![0, 3, 1, 5, 1]);
        assert_eq!(t.labels, vec!["root", "punct", "conj", "cc", "conj"]);
    }

    #[test]
    fn person_names_become_flat_under_their_first_word() {
        // Secretary Lloyd Austin met Kim
        let rows = [
            ("Secretary", "Secretary", "NNP", 3, "compound"),
            ("Lloyd", "Lloyd", "NNP", 3, "compound"),
            ("Austin", "Austin", "NNP", 4, "nsubj"),
            ("met", "meet", "VBD", 0, "ROOT"),
            ("Kim", "Kim", "NNP", 4, "dobj"),
        ];
        let forms: Vec<&str> = rows.iter().map(|r| r.0).collect();
        let lemmas: Vec<&str> = rows.iter().map(|r| r.1).collect();
        let xpos: Vec<&str> = rows.iter().map(|r| r.2).collect();
        let mut heads: Vec<usize> = rows.iter().map(|r| r.3).collect();
        let mut labels: Vec<String> = rows.iter().map(|r| r.4.to_string()).collect();
        let person = [false, true, true, false, true];
        assert!(clearnlp_to_ud_names(
            &forms,
            &xpos,
            &lemmas,
            &person,
            &mut heads,
            &mut labels
        ));
        assert_eq!(heads, vec![2, 4, 2, 0, 4]);
        assert_eq!(labels, vec!["compound", "nsubj", "flat", "root", "obj"]);
    }

    #[test]
    fn prepositional_predicates_take_the_head_from_be() {
        // He is in Paris .
        let t = convert(&[
            ("He", "he", "PRP", 2, "nsubj"),
            ("is", "be", "VBZ", 0, "ROOT"),
            ("in", "in", "IN", 2, "prep"),
            ("Paris", "Paris", "NNP", 3, "pobj"),
            (".", ".", ".", 2, "punct"),
        ]);
        assert_eq!(t.heads, vec![4, 4, 4, 0, 4]);
        assert_eq!(t.labels, vec!["nsubj", "cop", "case", "root", "punct"]);
    }

    #[test]
    fn small_clauses_give_the_subject_to_the_verb() {
        // let him go .
        let t = convert(&[
            ("let", "let", "VB", 0, "ROOT"),
            ("him", "he", "PRP", 3, "nsubj"),
            ("go", "go", "VB", 1, "ccomp"),
            (".", ".", ".", 1, "punct"),
        ]);
        assert_eq!(t.heads, vec![0, 1, 1, 1]);
        assert_eq!(t.labels, vec!["root", "obj", "xcomp", "punct"]);
    }

    #[test]
    fn commas_hang_on_fronted_modifiers_and_appositions_and_the_period_on_the_root() {
        // On Monday , Kim , the leader , spoke and left .
        let t = convert(&[
            ("On", "on", "IN", 9, "prep"),
            ("Monday", "Monday", "NNP", 1, "pobj"),
            (",", ",", ",", 9, "punct"),
            ("Kim", "Kim", "NNP", 9, "nsubj"),
            (",", ",", ",", 4, "punct"),
            ("the", "the", "DT", 7, "det"),
            ("leader", "leader", "NN", 4, "appos"),
            (",", ",", ",", 4, "punct"),
            ("spoke", "speak", "VBD", 0, "ROOT"),
            ("and", "and", "CC", 9, "cc"),
            ("left", "leave", "VBD", 9, "conj"),
            (".", ".", ".", 11, "punct"),
        ]);
        assert_eq!(t.heads, vec![2, 9, 2, 9, 7, 7, 4, 4, 0, 11, 9, 9]);
        assert_eq!(
            t.labels,
            vec![
                "case", "obl", "punct", "nsubj", "punct", "det", "appos", "punct", "root", "cc",
                "conj", "punct"
            ]
        );
    }

    #[test]
    fn tree_check() {
        assert!(is_tree(&[2, 0]));
        assert!(!is_tree(&[2, 1]));
        assert!(!is_tree(&[0, 0]));
        assert!(!is_tree(&[3, 0]));
    }
}
