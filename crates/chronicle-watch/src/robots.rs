//! robots.txt: the group for our product token (else `*`), its `Allow`/`Disallow` rules
//! with `*` and `$` (the longest match wins, `Allow` on a tie) and its `Crawl-delay`.

use std::time::Duration;

/// The rules that apply to us on one site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    /// (allow, pattern), in file order.
    rules: Vec<(bool, String)>,
    pub crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or a 4xx for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing allowed (robots.txt unreachable with a server error: crawlers wait).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![(false, "/".into())],
            crawl_delay: None,
        }
    }

    /// Parses a robots.txt for the crawler called `agent` (its product token, e.g.
    /// `chronicle`).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        // Groups: the agents named, then the rules; a group for us beats `*`.
        let mut ours: Option<Robots> = None;
        let mut star: Option<Robots> = None;
        let mut agents: Vec<String> = Vec::new();
        let mut current = Robots::default();
        let mut in_rules = false;
        let flush = |agents: &mut Vec<String>,
                     current: &mut Robots,
                     ours: &mut Option<Robots>,
                     star: &mut Option<Robots>| {
            let group = std::mem::take(current);
            for a in agents.drain(..) {
                if a == "*" {
                    star.get_or_insert_with(Robots::default).merge(&group);
                } else if a.split(['/', ' ']).next() == Some(agent.as_str()) {
                    // The product token, with or without a version (`chronicle/1.0`).
                    ours.get_or_insert_with(Robots::default).merge(&group);
                }
            }
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        flush(&mut agents, &mut current, &mut ours, &mut star);
                        in_rules = false;
                    }
                    agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if !value.is_empty() {
                        current.rules.push((key == "allow", value.to_string()));
                    }
                }
                "crawl-delay" => {
                    in_rules = true;
                    if let Ok(secs) = value.parse::<f64>() {
                        if secs.is_finite() && secs >= 0.0 {
                            current.crawl_delay = Some(Duration::from_secs_f64(secs.min(3600.0)));
                        }
                    }
                }
                _ => {}
            }
        }
        flush(&mut agents, &mut current, &mut ours, &mut star);
        ours.or(star).unwrap_or_default()
    }

    fn merge(&mut self, other: &Robots) {
        self.rules.extend(other.rules.iter().cloned());
        self.crawl_delay = self.crawl_delay.or(other.crawl_delay);
    }

    /// Whether `path` (path and query, from `/`) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern.as_bytes(), path.as_bytes()) {
                let len = pattern.len();
                let better = match best {
                    None => true,
                    Some((l, a)) => len > l || (len == l && *allow && !a),
                };
                if better {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// A robots.txt pattern against the start of a path: `*` any run, `$` the end.
fn matches(pattern: &[u8], path: &[u8]) -> bool {
    match pattern.split_first() {
        None => true,
        Some((b'$', [])) => path.is_empty(),
        Some((b'*', rest)) => (0..=path.len()).any(|i| matches(rest, &path[i..])),
        Some((c, rest)) => path.first() == Some(c) && matches(rest, &path[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "# a comment\nUser-agent: *\nDisallow: /private\nAllow: /private/open\nCrawl-delay: 2\n\nUser-agent: OtherBot\nUser-agent: chronicle\nDisallow: /drafts/\nDisallow: /*.pdf$\nAllow: /drafts/public\n";

    #[test]
    fn our_group_wins_over_star() {
        let r = Robots::parse(TXT, "chronicle");
        assert!(r.allows("/private/x"));
        assert!(!r.allows("/drafts/1"));
        assert!(r.allows("/drafts/public/1"));
        assert!(!r.allows("/a/b.pdf"));
        assert!(r.allows("/a/b.pdf?x"));
        assert_eq!(r.crawl_delay, None);
        let star = Robots::parse(TXT, "somebody");
        assert!(!star.allows("/private/x"));
        assert!(star.allows("/private/open/1"));
        assert!(star.allows("/drafts/1"));
        assert_eq!(star.crawl_delay, Some(Duration::from_secs(2)));
    }

    #[test]
    fn empty_and_odd_files() {
        assert!(Robots::parse("", "chronicle").allows("/x"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "chronicle").allows("/x"));
        assert!(!Robots::parse("User-agent: *\nDisallow: /\n", "chronicle").allows("/x"));
        assert!(!Robots::disallow_all().allows("/"));
        let versioned = Robots::parse("User-agent: Chronicle/0.1\nDisallow: /x\n", "chronicle");
        assert!(!versioned.allows("/x/1"));
        let other = Robots::parse("User-agent: chron\nDisallow: /x\n", "chronicle");
        assert!(other.allows("/x/1"), "another crawler's group");
        let weird = Robots::parse(
            "Disallow: /x\nnonsense\nUser-agent: *\nCrawl-delay: -1\nDisallow: /**a*$",
            "c",
        );
        assert!(!weird.allows("/ba"));
        assert!(weird.allows("/x"));
    }
}
