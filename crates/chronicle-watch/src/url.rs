//! The little of URLs the watcher needs: checking a URL is http(s) with a host, the origin
//! (`scheme://host[:port]`) that robots.txt and the rate limit go by, and links relative to
//! a feed resolved against it.

use crate::error::{Error, Result};

/// A checked absolute http(s) URL split into its origin and the rest (path and query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    pub origin: String,
    /// Lowercased host (and port), the rate limit's key.
    pub host: String,
    /// Path and query, starting with `/`.
    pub path: String,
}

impl WebUrl {
    pub fn parse(url: &str) -> Result<WebUrl> {
        let bad = |message: &str| Error::BadUrl {
            url: url.to_string(),
            message: message.to_string(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("not an absolute URL (expected http:// or https://)"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad("only http and https URLs can be watched"));
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority
            .rsplit('@')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if host.is_empty() || host.starts_with(':') || host.contains(char::is_whitespace) {
            return Err(bad("no host in this URL"));
        }
        let mut path = rest[end..].split('#').next().unwrap_or("").to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Ok(WebUrl {
            origin: format!("{scheme}://{host}"),
            host,
            path,
        })
    }
}

/// `link` as an absolute URL: as it is when absolute, else against `base` (`/path`,
/// `//host/path`, or relative to the base's directory). `None` for other schemes.
pub fn resolve(base: &str, link: &str) -> Option<String> {
    let link = link.trim();
    if link.is_empty() {
        return None;
    }
    if let Some((scheme, _)) = link.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        return (scheme == "http" || scheme == "https").then(|| link.to_string());
    }
    if link.contains(':') && !link.starts_with('/') && !link.starts_with('.') {
        let before_colon = link.split(':').next().unwrap_or("");
        if before_colon
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+')
        {
            // mailto:, javascript:, tag: ...
            return None;
        }
    }
    let base_url = WebUrl::parse(base).ok()?;
    if let Some(rest) = link.strip_prefix("//") {
        let scheme = base_url.origin.split("://").next().unwrap_or("https");
        return Some(format!("{scheme}://{rest}"));
    }
    if link.starts_with('/') {
        return Some(format!("{}{link}", base_url.origin));
    }
    let dir = base_url
        .path
        .split('?')
        .next()
        .and_then(|p| p.rsplit_once('/'))
        .map_or("", |(dir, _)| dir);
    Some(format!("{}{dir}/{link}", base_url.origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_resolves() {
        let u = WebUrl::parse("HTTPS://News.Example:8443/a/b?x=1#frag").unwrap();
        assert_eq!(u.origin, "https://news.example:8443");
        assert_eq!(u.host, "news.example:8443");
        assert_eq!(u.path, "/a/b?x=1");
        assert_eq!(WebUrl::parse("http://h.example").unwrap().path, "/");
        assert!(WebUrl::parse("ftp://h.example/x").is_err());
        assert!(WebUrl::parse("h.example/x").is_err());
        assert!(WebUrl::parse("http:///x").is_err());
        let base = "https://n.example/feeds/world.xml";
        assert_eq!(resolve(base, "/a/1").unwrap(), "https://n.example/a/1");
        assert_eq!(resolve(base, "a/1").unwrap(), "https://n.example/feeds/a/1");
        assert_eq!(
            resolve(base, "//cdn.example/x").unwrap(),
            "https://cdn.example/x"
        );
        assert_eq!(
            resolve(base, "http://o.example/").unwrap(),
            "http://o.example/"
        );
        assert_eq!(resolve(base, "mailto:x@y.example"), None);
        assert_eq!(resolve(base, "  "), None);
    }
}
