//! HTTP: one `ureq` agent (rustls, gzip) with a clear User-Agent, connect and read timeouts,
//! an overall time limit, bounded redirects and a size cap on every body (after gzip, so a
//! compressed bomb is cut too); conditional GETs with ETag / Last-Modified; and a per-host
//! clock that spaces requests to one host.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use ureq::ResponseExt;

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// Longest wait for the response head, and for each part of the body.
    pub read_timeout: Duration,
    /// Longest a whole request may take, redirects and body included.
    pub total_timeout: Duration,
    pub max_redirects: u32,
    /// Bodies longer than this (decompressed) are refused.
    pub max_bytes: u64,
    /// Least time between two requests to the same host.
    pub delay: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: format!(
                "chronicle/{} (news archive watcher; polite: robots.txt, one request per host per second)",
                env!("CARGO_PKG_VERSION")
            ),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            max_redirects: 5,
            max_bytes: 10 * 1024 * 1024,
            delay: Duration::from_secs(1),
        }
    }
}

/// Validators of an earlier response, for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A response: status, the URL it came from after redirects, headers we use, the body.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub final_url: String,
    pub content_type: Option<String>,
    pub validators: Validators,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

/// Why there is no response to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    Timeout(String),
    TooLarge(u64),
    TooManyRedirects,
    /// Connection refused, DNS, TLS, a broken response...
    Transport(String),
}

impl FetchError {
    /// Whether trying again later may work.
    pub fn is_transient(&self) -> bool {
        matches!(self, FetchError::Timeout(_) | FetchError::Transport(_))
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Timeout(what) => write!(f, "timed out ({what})"),
            FetchError::TooLarge(cap) => write!(f, "larger than the {cap}-byte cap"),
            FetchError::TooManyRedirects => write!(f, "too many redirects"),
            FetchError::Transport(m) => write!(f, "{m}"),
        }
    }
}

/// The HTTP client with its per-host clock.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
    /// When each host may be asked next.
    next: HashMap<String, Instant>,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .user_agent(options.user_agent.as_str())
            .timeout_connect(Some(options.connect_timeout))
            .timeout_recv_response(Some(options.read_timeout))
            .timeout_recv_body(Some(options.read_timeout))
            .timeout_global(Some(options.total_timeout))
            .max_redirects(options.max_redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .build();
        Fetcher {
            agent: config.into(),
            options,
            next: HashMap::new(),
        }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// Waits until `host` may be asked again, then books its next slot `delay` (at least
    /// the fetcher's own) later.
    fn wait_turn(&mut self, host: &str, delay: Duration) {
        let delay = delay.max(self.options.delay);
        let now = Instant::now();
        if let Some(at) = self.next.get(host) {
            if *at > now {
                std::thread::sleep(*at - now);
            }
        }
        self.next.insert(host.to_string(), Instant::now() + delay);
    }

    /// GETs `url` after waiting for `host`'s turn; conditional when `validators` are given.
    pub fn get(
        &mut self,
        url: &str,
        host: &str,
        delay: Duration,
        validators: Option<&Validators>,
        accept: &str,
    ) -> Result<Fetched, FetchError> {
        self.wait_turn(host, delay);
        let started = Instant::now();
        let mut request = self.agent.get(url).header("Accept", accept);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(lm) = &v.last_modified {
                request = request.header("If-Modified-Since", lm.as_str());
            }
        }
        let response = request
            .call()
            .map_err(|e| map_error(e, self.options.max_bytes))?;
        let status = response.status().as_u16();
        let final_url = response.get_uri().to_string();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let content_type = header("content-type");
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let declared: Option<u64> = header("content-length").and_then(|l| l.parse().ok());
        let cap = self.options.max_bytes;
        let gzipped = header("content-encoding").is_some();
        if declared.is_some_and(|l| l > cap) && !gzipped {
            return Err(FetchError::TooLarge(cap));
        }
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(cap + 1)
            .read_to_end(&mut body)
            .map_err(|e| classify_io(&e))?;
        if body.len() as u64 > cap {
            return Err(FetchError::TooLarge(cap));
        }
        Ok(Fetched {
            status,
            final_url,
            content_type,
            validators,
            body,
            elapsed: started.elapsed(),
        })
    }
}

fn classify_io(e: &std::io::Error) -> FetchError {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            FetchError::Timeout("reading the body".into())
        }
        _ => {
            let text = e.to_string();
            if text.contains("timeout") || text.contains("timed out") {
                FetchError::Timeout("reading the body".into())
            } else {
                FetchError::Transport(text)
            }
        }
    }
}

fn map_error(e: ureq::Error, cap: u64) -> FetchError {
    match e {
        ureq::Error::Timeout(which) => FetchError::Timeout(format!("{which:?}").to_lowercase()),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge(cap),
        ureq::Error::Io(io) => classify_io(&io),
        other => FetchError::Transport(other.to_string()),
    }
}

/// The charset a `Content-Type` header names (`text/html; charset=ISO-8859-1`).
pub fn header_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_host_gets_its_own_next_slot() {
        let mut f = Fetcher::new(FetchOptions {
            delay: Duration::from_secs(60),
            ..Default::default()
        });
        f.wait_turn("a.example", Duration::ZERO);
        f.wait_turn("b.example", Duration::from_secs(600));
        let now = Instant::now();
        // Booked a delay ahead (the longer of ours and the site's Crawl-delay); a host not
        // asked yet waits for nobody.
        assert!(f.next["a.example"] > now + Duration::from_secs(50));
        assert!(f.next["b.example"] > now + Duration::from_secs(500));
        assert!(!f.next.contains_key("c.example"));
    }

    #[test]
    fn charsets_from_headers() {
        assert_eq!(
            header_charset("text/html; charset=ISO-8859-1").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(
            header_charset("text/html;Charset=\"utf-8\"").as_deref(),
            Some("utf-8")
        );
        assert_eq!(header_charset("text/html"), None);
    }
}
