//! Identifiers and word forms made from names: slugs and title plurals.

pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_slug(&mut out, name);
    out
}

/// Appends the slug of `name` to `out` ("Moon Jae-in" → "moon-jae-in").
pub(crate) fn push_slug(out: &mut String, name: &str) {
    let base = out.len();
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if out.len() > base && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > base && out.ends_with('-') {
        out.pop();
    }
}

/// English plural of a title noun ("secretary" → "secretaries", "boss" → "bosses").
pub(crate) fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if word.ends_with('s') || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        return format!("{word}es");
    }
    if word.ends_with("man") {
        return format!("{}men", word.trim_end_matches("man"));
    }
    format!("{word}s")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn plurals_of_titles() {
        assert_eq!(plural("secretary"), "secretaries");
        assert_eq!(plural("president"), "presidents");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("congressman"), "congressmen");
    }
}
