//! Choosing the article in a page: which elements are furniture, which element holds the
//! story (a density score over the text blocks, as readability-style extractors do), which of
//! its siblings belong with it, and which blocks inside are still page furniture.
//!
//! 1. **Furniture.** An element marked as furniture (by tag, role, whole class/id part, or as
//!    hidden) is dropped with everything in it, except `<html>`, `<body>`, any element
//!    holding more than half of the page's text, and any element around an article container
//!    (`<article>`, `<main>`, `itemprop=articleBody`, ...) that holds a quarter of it:
//!    `<body class="one-sidebar">`, an ASP.NET `<form>` around the whole page or a wrapper
//!    `<div class="below-banner">` never empties it. An element that is furniture only by a
//!    class/id part or as a `<form>` is kept when it holds more than half of the text of the
//!    story element (`<article>`, articleBody, ..., not `<main>`) around it: `<div
//!    class="entry share">`, `<div class="paywall-container">` inside the `<article>`.
//! 2. **Scores.** Every prose block (at least 25 characters, less than half of it link text)
//!    scores `1 + commas + min(chars / 100, 3)`; its container gets the score, the next
//!    ancestor half, the ones above a sixth, a ninth. An element's score is that sum plus a
//!    weight for its tag and its class/id (article containers up, comment and widget boxes
//!    down), times the share of its text that is not link text.
//! 3. **Container.** The best-scored element, lifted to a common ancestor when three of the
//!    near-best candidates sit under one, plus the siblings that qualify: a score of at
//!    least a fifth of the best, or a paragraph of prose with few links.
//! 4. **Blocks.** Inside the chosen elements, link lists, headline teasers (a heading that
//!    is one link), short layout text and furniture lines are dropped; lists, tables,
//!    headings, quotes and captions stay; the photo caption and byline of the `<article>`
//!    around the container are kept even when they sit beside it. A label line of at most
//!    three words ending in a colon goes unless a list or table follows it.
//! 5. **Lead.** The article's lead, when it sits outside the container (in a header box
//!    above the story), is found by the page's own summary (`og:description` and kin) and
//!    added in its place.

use super::blocks::{Block, BlockKind, Elem, Page};
use super::boilerplate::{is_furniture, word_has_hint};

/// Class/id parts that raise an element's chance of being the story's container.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "artikel", "inhalt", "beitrag", "news", "single",
];

/// Class/id parts that lower it.
const NEGATIVE: &[&str] = &[
    "comment",
    "comments",
    "contact",
    "foot",
    "footer",
    "footnote",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "shoutbox",
    "sidebar",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "teaser",
    "more",
    "recommended",
];

/// The indices of the blocks that make the article's main text, in document order;
/// `summaries` (the page's own, from [`summaries`]) find a lead outside the container.
pub(super) fn main_blocks(page: &Page, summaries: &[Summary]) -> Vec<usize> {
    let elems = &page.elems;
    let n = elems.len();
    if n == 0 {
        return Vec::new();
    }
    // Text and link characters under each element (parents precede their children).
    let mut chars = vec![0usize; n];
    let mut links = vec![0usize; n];
    for b in &page.blocks {
        chars[b.elem] += b.text.len();
        links[b.elem] += b.link_chars;
    }
    for e in (1..n).rev() {
        if let Some(p) = elems[e].parent {
            chars[p] += chars[e];
            links[p] += links[e];
        }
    }
    let total = chars[0];
    // The most text one article container (<article>, <main>, articleBody, ...) holds under
    // each element, the element itself included.
    let mut story = vec![0usize; n];
    for e in (1..n).rev() {
        if elems[e].content {
            story[e] = story[e].max(chars[e]);
        }
        if let Some(p) = elems[e].parent {
            story[p] = story[p].max(story[e]);
        }
    }

    // 1. Furniture, top-down. `story_box[e]`: the nearest story element (`<article>`,
    // articleBody, ... but not `<main>`) above e.
    let mut hidden = vec![false; n];
    let mut story_box: Vec<Option<usize>> = vec![None; n];
    for e in 1..n {
        let parent = elems[e].parent;
        let parent_hidden = parent.is_some_and(|p| hidden[p]);
        story_box[e] = parent.and_then(|p| {
            (elems[p].content && elems[p].name != "main")
                .then_some(p)
                .or(story_box[p])
        });
        // A wrapper named like furniture that holds most of its story's text is the story's
        // body (`<div class="entry share">`, `<div class="paywall-container">`).
        let holds_story = elems[e].hinted && story_box[e].is_some_and(|s| chars[e] * 2 > chars[s]);
        hidden[e] = parent_hidden
            || (elems[e].furniture
                && !holds_story
                && !matches!(elems[e].name.as_str(), "html" | "body")
                && chars[e] * 2 <= total
                && story[e] * 4 < total);
    }

    // 2. Scores.
    let mut raw = vec![0f64; n];
    for b in &page.blocks {
        if hidden[b.elem] || !scores(b) {
            continue;
        }
        let commas = b
            .text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
            .count();
        let score = 1.0 + commas as f64 + (b.text.chars().count() as f64 / 100.0).min(3.0);
        // A block's own element is its container when the text sits directly in a <div>,
        // <td>, ...; a <p>'s or <li>'s container is its parent.
        let mut at = if b.kind == BlockKind::Div {
            Some(b.elem)
        } else {
            elems[b.elem].parent
        };
        if elems[b.elem].name == "li" {
            at = at.and_then(|e| elems[e].parent); // past the <ul>
        }
        for level in 0..5 {
            let Some(e) = at else { break };
            if e == 0 {
                break;
            }
            let share = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            raw[e] += score / share;
            at = elems[e].parent;
        }
    }
    let mut score = vec![0f64; n];
    for e in 1..n {
        if raw[e] == 0.0 || hidden[e] {
            continue;
        }
        let link_share = links[e] as f64 / chars[e].max(1) as f64;
        score[e] = (raw[e] + weight(&elems[e])) * (1.0 - link_share).max(0.0);
    }

    // 3. The container.
    let Some(top) = (1..n)
        .filter(|&e| score[e] > 0.0)
        .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)))
    else {
        return fallback(page, &hidden);
    };
    let top = lift(top, &score, elems);
    let best = score[top];
    let mut chosen = vec![false; n];
    chosen[top] = true;
    if let Some(parent) = elems[top].parent.filter(|&p| p != 0) {
        let threshold = (best * 0.2).max(10.0);
        for s in (parent + 1..n).filter(|&s| elems[s].parent == Some(parent) && s != top) {
            if hidden[s] {
                continue;
            }
            let link_share = links[s] as f64 / chars[s].max(1) as f64;
            let paragraph = elems[s].name == "p"
                && ((chars[s] > 80 && link_share < 0.25)
                    || (chars[s] > 0 && chars[s] <= 80 && links[s] == 0));
            if score[s] >= threshold || paragraph {
                chosen[s] = true;
            }
        }
    }
    let mut inside = vec![false; n];
    for e in 1..n {
        inside[e] = chosen[e] || elems[e].parent.is_some_and(|p| inside[p]);
    }

    // The story element around the container (`<article>` and kin): its photo caption and
    // its byline belong to the article even when they sit beside the body's box.
    let mut story = None;
    let mut at = Some(top);
    while let Some(a) = at.filter(|&a| a != 0) {
        if elems[a].content && (elems[a].name == "article" || a == top) {
            story = Some(a);
        }
        at = elems[a].parent;
    }
    let beside = |b: &Block| {
        story.is_some_and(|s| is_under(b.elem, s, elems))
            && (b.kind == BlockKind::Caption
                || b.text.len() < 120 && super::super::plain::parse_byline(&b.text).is_some())
    };

    // 4. The blocks.
    let mut keep: Vec<bool> = page
        .blocks
        .iter()
        .map(|b| {
            !hidden[b.elem]
                && (inside[b.elem] || b.kind == BlockKind::H1 || beside(b))
                && keep_block(b)
        })
        .collect();
    drop_empty_sections(page, &mut keep);
    drop_trailing_headings(page, &mut keep);
    drop_trailing_labels(page, &mut keep);
    drop_bare_labels(page, &mut keep);
    let mut kept: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    add_lead(page, summaries, &mut kept);
    let kept_chars: usize = kept.iter().map(|&i| page.blocks[i].text.len()).sum();
    if kept_chars < 200 && total > 4 * kept_chars.max(50) {
        let wider = fallback(page, &hidden);
        let wider_chars: usize = wider.iter().map(|&i| page.blocks[i].text.len()).sum();
        if wider_chars > kept_chars {
            return wider;
        }
    }
    kept
}

/// The page's own summary of the article, with the forms a block is matched against
/// computed once per page rather than once per block.
pub(super) struct Summary {
    /// The summary as the page gives it (white space collapsed, trailing ellipsis cut).
    pub(super) text: String,
    /// Its first 60 characters.
    head: String,
    /// The summary with quote marks folded (`fold_quotes`), and its first 60 characters.
    folded: String,
    folded_head: String,
}

impl Summary {
    fn new(text: String) -> Summary {
        let folded = fold_quotes(&text);
        Summary {
            head: text.chars().take(60).collect(),
            folded_head: folded.chars().take(60).collect(),
            folded,
            text,
        }
    }
}

/// The page's own summaries of the article (`og:description`, `description`,
/// `twitter:description`, the JSON-LD `description`), white space collapsed and a trailing
/// ellipsis cut; only summaries of at least 30 characters.
pub(super) fn summaries(page: &Page) -> Vec<Summary> {
    let metas = ["og:description", "description", "twitter:description"]
        .iter()
        .filter_map(|k| page.meta.get(*k).map(String::as_str));
    let ld = super::meta::json_ld_find(&page.json_ld, "description").and_then(|v| v.as_str());
    let mut out: Vec<String> = Vec::new();
    for s in metas.chain(ld) {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let s = s
            .trim_end_matches(['\u{2026}', '.', ' '])
            .trim_end_matches("[")
            .trim_end()
            .to_string();
        if s.chars().count() >= 30 && !out.contains(&s) {
            out.push(s);
        }
    }
    out.into_iter().map(Summary::new).collect()
}

/// Whether a block's text is the page's summary: it holds the summary's first 60 characters
/// (all of it when shorter), or the summary holds the block's text (of at least 40 characters),
/// with straight and typographic quote marks taken as the same.
pub(super) fn is_summary(text: &str, summary: &Summary) -> bool {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.contains(&summary.head) || text.chars().count() >= 40 && summary.text.contains(&text) {
        return true;
    }
    // The same words with other quote marks (`d'Attac` in the meta, `d’Attac` on the page).
    let text = fold_quotes(&text);
    text.contains(&summary.folded_head)
        || text.chars().count() >= 40 && summary.folded.contains(&text)
}

/// Typographic apostrophes and quotation marks as their ASCII forms.
fn fold_quotes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' | '\u{B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}' => '"',
            c => c,
        })
        .collect()
}

/// The article's lead (standfirst) when it sits outside the chosen container, above the
/// story in a header box or beside it: the first prose block whose text is the page's own
/// summary (`og:description` and kin), added unless a kept block already is. `kept` stays in
/// document order.
fn add_lead(page: &Page, summaries: &[Summary], kept: &mut Vec<usize>) {
    if summaries.is_empty() {
        return;
    }
    let matches = |b: &Block| summaries.iter().any(|s| is_summary(&b.text, s));
    if kept.iter().any(|&i| matches(&page.blocks[i])) {
        return;
    }
    let lead = page.blocks.iter().enumerate().position(|(i, b)| {
        b.kind != BlockKind::Caption
            && b.text.len() >= 40
            && b.link_chars * 2 < b.text.len()
            && kept.binary_search(&i).is_err()
            && matches(b)
    });
    if let Some(i) = lead {
        let at = kept.partition_point(|&k| k < i);
        kept.insert(at, i);
    }
}

/// Drops a section heading (`<h2>`-`<h6>`) none of whose blocks, up to the next heading, were
/// kept: the title of a teaser list or a "most read" box whose links are gone.
fn drop_empty_sections(page: &Page, keep: &mut [bool]) {
    let is_heading = |i: usize| matches!(page.blocks[i].kind, BlockKind::H | BlockKind::H1);
    // Backwards, so each heading knows its section at once: whether it has blocks, whether
    // any of them is kept, and whether anything at all is kept after it.
    let (mut section_blocks, mut section_kept, mut kept_after) = (false, false, false);
    for i in (0..keep.len()).rev() {
        if !is_heading(i) {
            section_blocks = true;
            section_kept |= keep[i];
            kept_after |= keep[i];
            continue;
        }
        let heading_kept = keep[i];
        if keep[i]
            && page.blocks[i].kind == BlockKind::H
            && (section_blocks && !section_kept || !section_blocks && !kept_after)
        {
            keep[i] = false;
        }
        kept_after |= heading_kept && keep[i];
        section_blocks = false;
        section_kept = false;
    }
}

/// Drops the headings after the story's last paragraph of prose (at least 15 words) whose
/// section keeps no list or table: the titles of what follows the story inside its box
/// ("Weitere Informationen", "Most read", "Kontakt") whose items were dropped as link lists
/// or furniture, or are a line or two of contact details. A heading over a kept list or
/// table ("What changes", then a timetable) stays.
fn drop_trailing_headings(page: &Page, keep: &mut [bool]) {
    let is_heading = |i: usize| matches!(page.blocks[i].kind, BlockKind::H | BlockKind::H1);
    let Some(last_prose) = (0..keep.len()).rev().find(|&i| {
        keep[i] && !is_heading(i) && page.blocks[i].text.split_whitespace().count() >= 15
    }) else {
        return;
    };
    for i in last_prose + 1..keep.len() {
        if !keep[i] || !is_heading(i) {
            continue;
        }
        let holds_list = (i + 1..keep.len())
            .take_while(|&j| !is_heading(j))
            .any(|j| keep[j] && matches!(page.blocks[j].kind, BlockKind::Li | BlockKind::Div));
        if !holds_list {
            keep[i] = false;
        }
    }
}

/// Drops the short label lines after the story's last paragraph of prose: at most six words
/// ending in a colon, a question mark or an ellipsis ("Kontakt:", "Schon gelesen?", "Mehr
/// Themen:"), the lead-in of a box whose content was dropped or is not the story's.
fn drop_trailing_labels(page: &Page, keep: &mut [bool]) {
    let Some(last_prose) = (0..keep.len())
        .rev()
        .find(|&i| keep[i] && page.blocks[i].text.split_whitespace().count() >= 15)
    else {
        return;
    };
    for (kept, block) in keep.iter_mut().zip(&page.blocks).skip(last_prose + 1) {
        let text = block.text.trim_end();
        if text.split_whitespace().count() <= 6
            && (text.ends_with([':', '?', '\u{2026}']) || text.ends_with("..."))
        {
            *kept = false;
        }
    }
}

/// Drops label lines of at most three words ending in a colon ("Weitere Informationen:",
/// "Quellenangaben:") whose next kept block is prose rather than a list or table: the lead-in
/// of a box whose content was dropped.
fn drop_bare_labels(page: &Page, keep: &mut [bool]) {
    for i in 0..keep.len() {
        let text = page.blocks[i].text.trim_end();
        if !keep[i] || text.split_whitespace().count() > 3 || !text.ends_with(':') {
            continue;
        }
        let next = (i + 1..keep.len()).find(|&j| keep[j]);
        let list_follows = next.is_some_and(|j| {
            matches!(page.blocks[j].kind, BlockKind::Li | BlockKind::Div)
                && page.blocks[j].text.split_whitespace().count() < 15
        });
        if !list_follows {
            keep[i] = false;
        }
    }
}

/// Whether a block counts towards its container's score.
fn scores(b: &Block) -> bool {
    let len = b.text.len();
    len >= 25
        && b.link_chars * 2 < len
        && matches!(
            b.kind,
            BlockKind::P | BlockKind::Div | BlockKind::Li | BlockKind::Quote
        )
}

/// Whether a block inside the chosen container is article text.
fn keep_block(b: &Block) -> bool {
    let words = b.text.split_whitespace().count();
    let link_share = b.link_chars as f32 / b.text.len().max(1) as f32;
    match b.kind {
        // A heading that is one link is a teaser for another story.
        BlockKind::H1 | BlockKind::H if link_share > 0.5 => return false,
        _ if link_share > 0.6 && (b.kind == BlockKind::Li || words < 25) => return false,
        _ => {}
    }
    !is_furniture(&b.text)
}

/// Without a container: every visible prose block (what the reader did before scoring).
fn fallback(page: &Page, hidden: &[bool]) -> Vec<usize> {
    page.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !hidden[b.elem] && keep_block(b))
        .filter(|(_, b)| {
            b.kind != BlockKind::Div
                || b.text.split_whitespace().count() >= 12
                    && b.text.ends_with(['.', '!', '?', '"', '\u{201D}'])
        })
        .map(|(i, _)| i)
        .collect()
}

/// The weight of an element's tag and class/id.
fn weight(e: &Elem) -> f64 {
    let mut w = match e.name.as_str() {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    if e.content {
        w += 25.0;
    }
    let words = e.hints.split_whitespace();
    let mut positive = false;
    let mut negative = false;
    for word in words {
        positive |= POSITIVE.iter().any(|h| word_has_hint(word, h));
        negative |= NEGATIVE.iter().any(|h| word_has_hint(word, h));
    }
    if positive {
        w += 25.0;
    }
    if negative {
        w -= 25.0;
    }
    w
}

/// The best candidate, or an ancestor of it under which at least three of the near-best
/// candidates sit (a story split into several boxes).
fn lift(top: usize, score: &[f64], elems: &[Elem]) -> usize {
    let best = score[top];
    let mut alternatives: Vec<usize> = (1..score.len())
        .filter(|&e| e != top && score[e] >= best * 0.75)
        .filter(|&e| !is_under(e, top, elems) && !is_under(top, e, elems))
        .collect();
    alternatives.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    alternatives.truncate(4);
    if alternatives.len() < 3 {
        return top;
    }
    let mut at = elems[top].parent;
    while let Some(a) = at.filter(|&a| a != 0) {
        let under = alternatives
            .iter()
            .filter(|&&c| is_under(c, a, elems))
            .count();
        if under >= 3 {
            return a;
        }
        at = elems[a].parent;
    }
    top
}

fn is_under(mut e: usize, ancestor: usize, elems: &[Elem]) -> bool {
    while let Some(p) = elems[e].parent {
        if p == ancestor {
            return true;
        }
        e = p;
    }
    false
}
