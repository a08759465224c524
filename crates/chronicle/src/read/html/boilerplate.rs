//! Page furniture and article containers: tags and class/id hints that mark navigation,
//! share bars, cookie notices and the like, those that mark the story's body, and short
//! furniture lines inside the story.

use super::scan::Tag;

pub(super) const BOILERPLATE_TAGS: &[&str] = &[
    "nav", "footer", "aside", "form", "menu", "button", "select", "iframe", "dialog", "object",
    "canvas", "video", "audio", "label",
];

/// Class/id fragments that mark page furniture rather than the story.
pub(super) const BOILERPLATE_HINTS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "share",
    "social",
    "cookie",
    "consent",
    "gdpr",
    "banner",
    "advert",
    "ad-slot",
    "ad-container",
    "ads-",
    "promo",
    "newsletter",
    "subscribe",
    "related",
    "recommend",
    "comment",
    "breadcrumb",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "toolbar",
    "skip-link",
    "masthead",
    "paywall",
    "signup",
    "sign-up",
    "most-read",
    "trending",
    "tags",
    "pagination",
    "disclaimer",
];

pub(super) const CONTENT_HINTS: &[&str] = &[
    "article-body",
    "articlebody",
    "article_body",
    "story-body",
    "storybody",
    "post-content",
    "entry-content",
    "article-content",
    "story-content",
    "article-text",
    "news-content",
];

/// Why an element is page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Furniture {
    /// Not furniture.
    No,
    /// By its tag, role or as hidden: a `<nav>`, `role=navigation`, `display:none`.
    Marked,
    /// Only by a class or id part (`entry share`, `steady-paywall-container`) or as a
    /// `<form>`: names a page also gives to the wrapper around its story, so the text the
    /// element holds decides (see `extract`).
    Hinted,
}

/// Whether an element opened by `tag` is page furniture, and why.
pub(super) fn furniture_of(tag: &Tag<'_>, inside_content: bool) -> Furniture {
    if tag.name == "form" {
        return Furniture::Hinted;
    }
    if is_boilerplate(tag, inside_content) {
        return Furniture::Marked;
    }
    if hinted(tag) {
        return Furniture::Hinted;
    }
    Furniture::No
}

/// Furniture by tag, role or as hidden (everything but the class/id hints).
fn is_boilerplate(tag: &Tag<'_>, inside_content: bool) -> bool {
    if BOILERPLATE_TAGS.contains(&tag.name.as_str()) {
        return true;
    }
    if tag.name == "header" && !inside_content {
        return true;
    }
    if tag.attr("hidden").is_some() || tag.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = tag.attr("style") {
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.to_ascii_lowercase().contains("display:none") {
            return true;
        }
    }
    if let Some(role) = tag.attr("role") {
        if matches!(
            role,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "dialog"
                | "menu"
        ) {
            return true;
        }
    }
    false
}

/// Furniture by a whole class or id part.
fn hinted(tag: &Tag<'_>) -> bool {
    let hints = format!(
        "{} {}",
        tag.attr("class").unwrap_or(""),
        tag.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    // An article container is never furniture by its class: `<article class="post
    // sticky-sidebar-parent">`, `<main class="has-modal">`.
    if hints.trim().is_empty()
        || CONTENT_HINTS.iter().any(|h| hints.contains(h))
        || is_content_marker(tag)
    {
        return false;
    }
    hints
        .split(|c: char| c.is_whitespace())
        .filter(|word| !is_state_modifier(word))
        .any(|word| BOILERPLATE_HINTS.iter().any(|h| word_has_hint(word, h)))
}

/// Class names that say what a container *has* or how it is laid out, not what it is:
/// `one-sidebar`, `has-sidebar`, `no-comments`, `with-share-bar`, `layout-nav-top`. A page's
/// `<body>` or main wrapper often carries them.
fn is_state_modifier(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "has-",
        "has_",
        "no-",
        "no_",
        "with-",
        "without-",
        "one-",
        "two-",
        "three-",
        "is-",
        "show-",
        "hide-",
        "layout-",
        "page-",
        "template-",
        "theme-",
        "single-",
        "full-",
        "not-",
        "non-",
        "js-",
    ];
    const SUFFIXES: &[&str] = &[
        "-enabled",
        "-disabled",
        "-active",
        "-open",
        "-opened",
        "-closed",
        "-visible",
        "-parent",
        "-relative",
        "-loaded",
        "-ready",
    ];
    // Counts and negations say the same after another part: `zen-one-sidebar-second`.
    const INNER: &[&str] = &["one-", "two-", "three-", "no-", "non-"];
    PREFIXES.iter().any(|p| word.starts_with(p))
        || SUFFIXES.iter().any(|s| word.ends_with(s))
        || word
            .match_indices('-')
            .any(|(i, _)| INNER.iter().any(|p| word[i + 1..].starts_with(p)))
}

/// `hint` as a whole part of a class name: "share" in "share-bar" or "article__share",
/// not in "shareholders".
pub(super) fn word_has_hint(word: &str, hint: &str) -> bool {
    let mut search = 0;
    while let Some(pos) = word.get(search..).and_then(|w| w.find(hint)) {
        let at = search + pos;
        let before_ok = at == 0 || !word.as_bytes()[at - 1].is_ascii_alphabetic();
        let end = at + hint.len();
        let after_ok = end >= word.len()
            || !word.as_bytes()[end].is_ascii_alphabetic()
            || word[end..].starts_with('s')
                && (end + 1 >= word.len() || !word.as_bytes()[end + 1].is_ascii_alphabetic());
        if before_ok && after_ok {
            return true;
        }
        search = at + 1;
    }
    false
}

pub(super) fn is_content_marker(tag: &Tag<'_>) -> bool {
    if matches!(tag.name.as_str(), "article" | "main") {
        return true;
    }
    if tag.attr("role") == Some("main") || tag.attr("itemprop") == Some("articleBody") {
        return true;
    }
    let hints = format!(
        "{} {}",
        tag.attr("class").unwrap_or(""),
        tag.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    CONTENT_HINTS.iter().any(|h| hints.contains(h))
}

/// Short lines that are page furniture even inside the article.
pub(super) fn is_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = text.split_whitespace().count();
    if words <= 6 {
        const PHRASES: &[&str] = &[
            "advertisement",
            "share",
            "share this",
            "share this article",
            "tweet",
            "email",
            "print",
            "read more",
            "related articles",
            "related",
            "comments",
            "subscribe",
            "sign up",
            "follow us",
            "skip to content",
            "skip to main content",
            "loading",
            "most read",
            "more stories",
            "back to top",
            "menu",
            "search",
            "close",
        ];
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != ' ');
        if PHRASES.contains(&bare) {
            return true;
        }
        if has_pointer_phrase(&lower) {
            return true;
        }
    }
    if words <= 30 && is_call_to_subscribe(&lower) {
        return true;
    }
    if is_publication_stamp(&lower, words) {
        return true;
    }
    lower.starts_with('©')
        || lower.starts_with("copyright ")
        || lower.starts_with("all rights reserved")
        || (words <= 40
            && (lower.contains("we use cookies") || lower.contains("this site uses cookies")))
}

/// Phrases that point away from the story or act on the page ("Lesen Sie auch", "Veja
/// também:", "Gefällt mir"), as whole words in a line of at most six words; a bare verb
/// ("Diesen Artikel teilen", "Rezept drucken") only in a line of at most four words that is
/// not a sentence ("Die Mieter teilen sich den Garten." stays).
fn has_pointer_phrase(lower: &str) -> bool {
    const VERBS: &[&str] = &[
        "teilen",
        "share",
        "partager",
        "compartir",
        "condividi",
        "drucken",
        "print",
        "imprimir",
    ];
    const PHRASES: &[&str] = &[
        "gefällt mir",
        "like this",
        "weiterlesen",
        "lesen sie auch",
        "read more",
        "read also",
        "siehe auch",
        "see also",
        "mehr zum thema",
        "veja também",
        "lee también",
        "lire aussi",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() <= 4
        && !lower.trim_end().ends_with(['.', '!'])
        && words.iter().any(|w| VERBS.contains(w))
    {
        return true;
    }
    PHRASES.iter().any(|phrase| {
        let parts: Vec<&str> = phrase.split(' ').collect();
        words.windows(parts.len()).any(|w| w == parts.as_slice())
    })
}

/// A short line that asks the reader to subscribe or sign up ("Subscribe now to our e-edition
/// for the full story", "Melde dich für unseren Newsletter an"): a paywall's or a newsletter
/// box's text inside the story. `lower` is the lower-cased line.
fn is_call_to_subscribe(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "subscribe",
        "subscribers",
        "subscriber",
        "newsletter",
        "abonnieren",
        "abonniere",
        "abonnez",
        "suscríbete",
        "suscribirse",
    ];
    let mut previous = "";
    for word in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if WORDS.contains(&word) || previous == "sign" && word == "up" {
            return true;
        }
        previous = word;
    }
    false
}

/// A publication or update stamp rather than prose: a line of at most six words holding a
/// date ("11 Jan 2019", "Stand: 05. Februar 2020"), or of at most thirty words holding a date
/// and a word that says published, updated or posted ("Publiziert: 03.04.2020, 12:35", "This
/// entry was posted on March 3, 2020 in News"). The page's date is read from the metadata and
/// the headline area separately (`published`); the line itself is not article text.
fn is_publication_stamp(lower: &str, words: usize) -> bool {
    const STAMP_WORDS: &[&str] = &[
        "published",
        "posted",
        "updated",
        "publiziert",
        "veröffentlicht",
        "aktualisiert",
        "erstellt",
        "stand",
        "pubblicato",
        "publicado",
        "actualizado",
        "publié",
        "modified",
        "modifica",
    ];
    if words > 30 {
        return false;
    }
    let stamp_word = || {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| STAMP_WORDS.contains(&w))
    };
    (words <= 6 || stamp_word()) && super::dates::find_date(lower).is_some()
}

/// A photo credit or source line set apart from the text ("Bild: Jahr Media", "© AFP / Name",
/// "(crédito: Name/Agency)", "Titelbild: Agency"): at most 25 words, opening with a picture or
/// credit label and a colon, or carrying a copyright sign. Such a line is the picture's
/// caption, not article text.
pub(super) fn is_credit_line(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "bild",
        "bilder",
        "foto",
        "fotos",
        "photo",
        "photos",
        "image",
        "titelbild",
        "credit",
        "credits",
        "crédito",
        "crédits photos",
        "crédit photo",
        "crédits",
        "quelle",
    ];
    if text.split_whitespace().count() > 25 {
        return false;
    }
    let lower = text.to_lowercase();
    if lower.contains('©') || lower.contains("(c)") {
        return true;
    }
    let head = lower.trim_start_matches(['(', '[', ' ']);
    LABELS.iter().any(|label| {
        head.strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_words() {
        assert!(word_has_hint("share-bar", "share"));
        assert!(word_has_hint("article__share", "share"));
        assert!(!word_has_hint("shareholders", "share"));
        assert!(word_has_hint("comments", "comment"));
        assert!(!word_has_hint("navy", "nav"));
        assert!(is_state_modifier("one-sidebar"));
        assert!(is_state_modifier("has-sidebar"));
        assert!(!is_state_modifier("sidebar"));
        assert!(!is_state_modifier("share-bar"));
        assert!(is_state_modifier("modal-enabled"));
        assert!(is_state_modifier("sticky-sidebar-parent"));
        assert!(is_state_modifier("zen-one-sidebar-second"));
        assert!(is_state_modifier("non-paywall"));
        assert!(!is_state_modifier("main-nav"));
        assert!(!is_state_modifier("paywall-none"));
    }

    #[test]
    fn calls_to_subscribe() {
        for line in [
            "Subscribe now to our weekly edition for the whole story.",
            "Get our newsletter every Friday.",
            "Sign up here to hear from us.",
            "Jetzt den Newsletter abonnieren!",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "The town signed up three new bus drivers this spring.",
            "Subscription numbers at the paper fell by a third over the decade, its owners said.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn pointer_phrases() {
        for line in [
            "Diesen Artikel teilen",
            "Lesen Sie auch:",
            "Veja também:",
            "Rezept drucken",
            "See also",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "Shareholders met on Monday.",
            "Printers in the town went on strike over pay and hours, the union said on Monday.",
            "Die Mieter teilen sich den Garten.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn publication_stamps() {
        for line in [
            "14 Feb 2021",
            "Stand: 05. Februar 2021",
            "Publiziert: 03.04.2021, 12:35",
            "This entry was posted on March 3, 2021 in Town news.",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "The bridge closed on 3 March 2021 after the council voted to repair it.",
            "Updated timetables are on the notice board.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn credit_lines() {
        for line in [
            "Bild: Stadtarchiv",
            "Foto : Example Agency",
            "(Photo: Jane Doe/Example Agency)",
            "The harbour at dawn. \u{a9} Example Photo / Jane Doe",
            "Titelbild: Example Agency",
        ] {
            assert!(is_credit_line(line), "{line}");
        }
        for line in [
            "Photographers gathered at the harbour before dawn.",
            "The council said the photo was taken in 1921.",
        ] {
            assert!(!is_credit_line(line), "{line}");
        }
    }
}
