//! Page metadata: loose ISO dates, JSON-LD lookups, and the charset a page declares.

use super::scan::parse_tag;

/// The first value of `key` anywhere in the JSON-LD blocks (depth-first).
pub(super) fn json_ld_find<'v>(
    values: &'v [serde_json::Value],
    key: &str,
) -> Option<&'v serde_json::Value> {
    fn walk<'v>(
        v: &'v serde_json::Value,
        key: &str,
        depth: usize,
    ) -> Option<&'v serde_json::Value> {
        if depth > 16 {
            return None;
        }
        match v {
            serde_json::Value::Object(map) => map
                .get(key)
                .or_else(|| map.values().find_map(|c| walk(c, key, depth + 1))),
            serde_json::Value::Array(items) => items.iter().find_map(|c| walk(c, key, depth + 1)),
            _ => None,
        }
    }
    values.iter().find_map(|v| walk(v, key, 0))
}

/// Every author name of the first JSON-LD `author` (a name, a person, or a list of them).
pub(super) fn json_ld_authors(values: &[serde_json::Value]) -> Vec<String> {
    let Some(author) = json_ld_find(values, "author") else {
        return Vec::new();
    };
    let items = match author {
        serde_json::Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|a| match a {
            serde_json::Value::String(s) => Some(s.trim().to_string()),
            serde_json::Value::Object(map) => {
                map.get("name")?.as_str().map(|s| s.trim().to_string())
            }
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .take(20)
        .collect()
}

/// The name of the first JSON-LD `publisher`.
pub(super) fn json_ld_publisher(values: &[serde_json::Value]) -> Option<String> {
    match json_ld_find(values, "publisher")? {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Object(map) => map.get("name")?.as_str().map(|s| s.trim().to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The charset label a page declares: `<meta charset=...>`, or `<meta http-equiv=content-type
/// content="text/html; charset=...">`. `head` is the start of the page read as UTF-8 (lossily;
/// the markup that matters is ASCII in every encoding a page may declare this way).
pub(crate) fn declared_charset(head: &str) -> Option<String> {
    let mut i = 0;
    while let Some(off) = head.get(i..).and_then(|rest| rest.find('<')) {
        let at = i + off;
        let rest = &head[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(head.len(), |e| at + e + 3);
            continue;
        }
        let Some((tag, after)) = parse_tag(head, at) else {
            i = at + 1;
            continue;
        };
        i = after;
        if tag.name != "meta" || tag.closing {
            continue;
        }
        if let Some(label) = tag.attr("charset").map(str::trim).filter(|l| !l.is_empty()) {
            return Some(label.to_string());
        }
        let content_type = tag
            .attr("http-equiv")
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"));
        if let Some(label) = tag
            .attr("content")
            .filter(|_| content_type)
            .and_then(charset_param)
        {
            return Some(label);
        }
    }
    None
}

/// `charset=X` in a Content-Type value (`text/html; charset="X"`).
pub(crate) fn charset_param(content: &str) -> Option<String> {
    let at = content.to_ascii_lowercase().find("charset")?;
    let rest = content[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets() {
        let found = |s: &str| declared_charset(s);
        assert_eq!(
            found("<meta charset=\"ISO-8859-1\">").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(
            found("<!-- <meta charset=koi8-r> --><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1252\">")
                .as_deref(),
            Some("windows-1252")
        );
        assert_eq!(found("<meta name=x content=\"charset=utf-8\">"), None);
        assert_eq!(found("<p>no declaration</p>"), None);
    }
}
