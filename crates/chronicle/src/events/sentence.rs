//! One sentence read for coding: its words, tags and clauses, and the actor mentions
//! grouped into arguments ("Seoul and Tokyo", "with X"). Every later step reads a
//! [`Sentence`] rather than the article.

use crate::doc::Article;

use super::lexicon::Lexicon;
use super::syntax::{self, Tag};
use super::tree::Tree;

/// An actor mention inside a sentence, in token positions.
#[derive(Debug, Clone)]
struct Chunk {
    start: usize,
    end: usize,
    actor: usize,
}

/// Adjacent chunks joined by "and", ",", "&": one argument of one or more actors.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) actors: Vec<usize>,
    /// The preposition heading the group, if any ("with", "to", "by", ...).
    pub(super) prep: Option<String>,
    /// "X's ..." / "his ..." — the group modifies the noun after it.
    pub(super) possessive: bool,
    /// Possessive of a noun phrase whose head is itself an actor: never an argument.
    pub(super) modifier: bool,
    /// How many actors the first conjunct holds ("the two secretaries and Moon" → 2); 0
    /// when nothing was coordinated.
    pub(super) first_conjunct: usize,
}

/// A sentence as the coder reads it: lowercased words, raw tokens, byte offsets, tags,
/// clauses, actor groups and times, all indexed by token position.
pub(super) struct Sentence<'a> {
    pub(super) index: usize,
    pub(super) start: usize,
    pub(super) words: Vec<String>,
    pub(super) raw: Vec<&'a str>,
    pub(super) offsets: Vec<(usize, usize)>,
    pub(super) tags: Vec<Tag>,
    pub(super) clauses: Vec<syntax::Clause>,
    pub(super) groups: Vec<Group>,
    /// Times of the article inside this sentence: (token start, token end, index).
    pub(super) times: Vec<(usize, usize, usize)>,
    /// The dependency tree, when the article was parsed.
    pub(super) tree: Option<Tree<'a>>,
}

impl Sentence<'_> {
    pub(super) fn word(&self, i: usize) -> &str {
        self.words.get(i).map(String::as_str).unwrap_or("")
    }
    pub(super) fn tag(&self, i: usize) -> Option<Tag> {
        self.tags.get(i).copied()
    }
    /// Clauses are sorted and disjoint: a binary search keeps long sentences linear.
    pub(super) fn clause_of(&self, i: usize) -> usize {
        let k = self.clauses.partition_point(|c| c.start <= i);
        k.checked_sub(1)
            .filter(|&k| self.clauses.get(k).is_some_and(|c| i < c.end))
            .unwrap_or(0)
    }
    pub(super) fn token_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.offsets.get(start).map(|o| o.0).unwrap_or(self.start);
        let e = end
            .checked_sub(1)
            .and_then(|k| self.offsets.get(k))
            .map(|o| o.1)
            .unwrap_or(s);
        (s, e.max(s))
    }
}

/// The token covering `byte`; `offsets` are sorted and disjoint.
pub(super) fn token_index_at(offsets: &[(usize, usize)], byte: usize) -> Option<usize> {
    let k = offsets
        .partition_point(|&(s, _)| s <= byte)
        .checked_sub(1)?;
    let &(s, e) = offsets.get(k)?;
    (s <= byte && byte < e.max(s + 1)).then_some(k)
}

pub(super) fn analyse<'a>(
    lexicon: &Lexicon,
    article: &'a Article,
    mentions: &[(usize, usize, usize)],
    times_by_start: &[(usize, usize)],
    index: usize,
) -> Option<Sentence<'a>> {
    let sentence = article.sentences.get(index)?;
    let tokens = article.sentence_tokens(index);
    if tokens.is_empty() {
        return None;
    }
    let raw: Vec<&str> = tokens.iter().map(|t| t.text(&article.text)).collect();
    let words: Vec<String> = raw
        .iter()
        .map(|w| {
            if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                w.to_lowercase().replace('’', "'")
            }
        })
        .collect();
    let offsets: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
    // actor mentions → chunks
    let first = mentions.partition_point(|m| m.0 < sentence.start);
    let mut chunks: Vec<Chunk> = Vec::new();
    for &(ms, me, a) in mentions.get(first..).unwrap_or(&[]) {
        if ms >= sentence.end {
            break;
        }
        if me > sentence.end {
            continue;
        }
        let (Some(s), Some(e)) = (
            token_index_at(&offsets, ms),
            token_index_at(&offsets, me.saturating_sub(1)),
        ) else {
            continue;
        };
        chunks.push(Chunk {
            start: s,
            end: e + 1,
            actor: a,
        });
    }
    // a sentence without actors can only refine an earlier event ("the meeting ...")
    if chunks.is_empty()
        && !words.windows(2).any(|w| {
            matches!(w[0].as_str(), "the" | "this" | "that") && lexicon.is_noun_trigger(&w[1])
        })
    {
        return None;
    }
    let tags = syntax::tag(&words, &raw, lexicon);
    let first_time = times_by_start.partition_point(|&(start, _)| start < sentence.start);
    let times: Vec<(usize, usize, usize)> = times_by_start
        .get(first_time..)
        .unwrap_or(&[])
        .iter()
        .take_while(|&&(start, _)| start < sentence.end)
        .filter_map(|&(_, k)| Some((k, article.times.get(k)?)))
        .filter(|(_, t)| t.end <= sentence.end)
        .filter_map(|(k, t)| {
            let s = token_index_at(&offsets, t.start)?;
            let e = token_index_at(&offsets, t.end.saturating_sub(1))? + 1;
            Some((s, e, k))
        })
        .collect();
    let time_starts: Vec<usize> = times.iter().map(|t| t.0).collect();
    let in_time = |i: usize| time_starts.contains(&i);
    let clauses = syntax::clauses(&words, &tags, &in_time);

    chunks.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.actor));
    let mut s = Sentence {
        index,
        start: sentence.start,
        words,
        raw,
        offsets,
        tags,
        clauses,
        groups: Vec::new(),
        times,
        tree: Tree::of_sentence(article, sentence.token_start, sentence.token_end),
    };
    s.groups = group_chunks(&s, &chunks);
    Some(s)
}

fn is_possessive_pronoun(w: &str) -> bool {
    matches!(w, "his" | "her" | "its" | "their" | "our" | "my" | "your")
}

fn group_chunks(s: &Sentence, chunks: &[Chunk]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for c in chunks {
        let possessive = matches!(s.tag(c.end), Some(Tag::Poss))
            || (c.end == c.start + 1 && is_possessive_pronoun(s.word(c.start)));
        if let Some(last) = groups.last_mut() {
            // the same span linked to several actors ("the two allies")
            if c.start == last.start && c.end == last.end {
                if !last.actors.contains(&c.actor) {
                    last.actors.push(c.actor);
                }
                continue;
            }
            // a mention nested in a longer one ("Yemen" in "Yemen's government"): the longer wins
            if c.start < last.end {
                continue;
            }
            let between: Vec<&str> = (last.end..c.start).map(|i| s.word(i)).collect();
            let joins = !between.is_empty()
                && between.len() <= 3
                && between
                    .iter()
                    .all(|w| matches!(*w, "and" | "," | "&" | "as" | "well" | "or" | "the"))
                && between
                    .iter()
                    .any(|w| matches!(*w, "and" | "," | "&" | "or"))
                && s.clause_of(last.start) == s.clause_of(c.start);
            // "Blinken and Defense Secretary Lloyd Austin": a title in front of the next name
            let titled = between.len() <= 5
                && matches!(between.first(), Some(&("and" | "&")))
                && (last.end + 1..c.start).all(|i| matches!(s.tag(i), Some(Tag::Proper)))
                && s.clause_of(last.start) == s.clause_of(c.start);
            if (joins || titled) && !last.possessive {
                if last.first_conjunct == 0 {
                    last.first_conjunct = last.actors.len();
                }
                if !last.actors.contains(&c.actor) {
                    last.actors.push(c.actor);
                }
                last.end = c.end;
                last.possessive = possessive;
                continue;
            }
        }
        let mut j = c.start;
        // skip determiners and adjectives in front: "the", "South Korean", "two"
        while j > 0
            && matches!(s.tag(j - 1), Some(Tag::Det | Tag::Num | Tag::Adv))
            && s.clause_of(j - 1) == s.clause_of(c.start)
        {
            j -= 1;
        }
        let prep = j
            .checked_sub(1)
            .filter(|&p| matches!(s.tag(p), Some(Tag::Prep | Tag::To)))
            .filter(|&p| s.clause_of(p) == s.clause_of(c.start))
            // "since Chile and Bolivia will meet": the word opens a clause, it heads no phrase
            .filter(|&p| {
                s.clauses
                    .get(s.clause_of(p))
                    .is_none_or(|cl| cl.start != p || cl.opener.is_none())
            })
            .map(|p| s.word(p).to_string());
        groups.push(Group {
            start: c.start,
            end: c.end,
            actors: vec![c.actor],
            prep,
            possessive,
            modifier: false,
            first_conjunct: 0,
        });
    }
    // "Japan's foreign minister", "his Australian counterpart": when the head noun is an actor
    // of its own, the possessor only modifies it
    let starts: Vec<usize> = groups.iter().map(|g| g.start).collect();
    for g in &mut groups {
        if g.possessive {
            let head = g.end + usize::from(matches!(s.tag(g.end), Some(Tag::Poss)));
            g.modifier = starts.iter().any(|&st| st >= head && st <= head + 3);
        }
    }
    groups
}
