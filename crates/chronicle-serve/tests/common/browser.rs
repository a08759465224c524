//! Headless Chromium for the browser tests, and a harness that lets a test script act in a
//! page as a person would (measure it, drag across a chart, click a link) without weakening
//! the server: the pages forbid inline script and framing, so a loopback proxy serves them
//! under its own origin next to a harness page whose script drives them in a frame, and the
//! results come back through `--dump-dom`.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Scratch;

pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let dirs = std::env::var_os("PATH")?;
    std::env::split_paths(&dirs)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Where screenshots go: `$CHRONICLE_ARTIFACTS`, else `target/e2e-artifacts/`.
pub fn artefacts_dir() -> PathBuf {
    let dir = std::env::var_os("CHRONICLE_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-artifacts")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Browser {
    pub binary: PathBuf,
    pub profile: Scratch,
}

impl Browser {
    pub fn new(binary: PathBuf) -> Browser {
        Browser {
            binary,
            profile: Scratch::new("chromium"),
        }
    }

    /// Runs one headless Chromium with a fresh profile; returns its stdout.
    pub fn run(&self, extra: &[String], url: &str) -> String {
        let profile = self.profile.path().join("profile");
        let _ = std::fs::remove_dir_all(&profile);
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--hide-scrollbars",
            // Resolve nothing but loopback: the browser cannot reach off this machine.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(extra.iter().cloned());
        args.push(url.to_string());
        let out_path = self.profile.path().join("stdout.txt");
        let err_path = self.profile.path().join("stderr.txt");
        let mut child = Command::new(&self.binary)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).unwrap())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .spawn()
            .expect("start chromium");
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(
                    status.success(),
                    "chromium failed on {url}: {status}\n{}",
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
                return std::fs::read_to_string(&out_path).unwrap_or_default();
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish on {url} within 180 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The DOM after scripts ran (for up to `budget_ms` of virtual time).
    pub fn dom(&self, url: &str, budget_ms: u32) -> String {
        self.run(
            &[
                "--dump-dom".into(),
                format!("--virtual-time-budget={budget_ms}"),
            ],
            url,
        )
    }

    /// A PNG of `url` in a `width` × `height` window; checked to be a real picture.
    pub fn screenshot(&self, url: &str, file: &Path, width: u32, height: u32) {
        let _ = std::fs::remove_file(file);
        self.run(
            &[
                format!("--screenshot={}", file.display()),
                format!("--window-size={width},{height}"),
                "--virtual-time-budget=2000".into(),
            ],
            url,
        );
        let bytes = std::fs::read(file).unwrap_or_default();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 5_000,
            "no useful screenshot of {url} at {}",
            file.display()
        );
    }
}

/// A loopback proxy in front of the app: `/__harness` is the test's page (with its inline
/// script); every other GET is fetched from the app and passed on without the headers that
/// forbid framing and inline script, so the harness can look into the pages.
pub struct Proxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Proxy {
    pub fn start(app: SocketAddr, harness: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let harness = Arc::new(harness);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let harness = harness.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, app, &harness);
                });
            }
        });
        Proxy {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(stream: TcpStream, app: SocketAddr, harness: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let (status, content_type, body) = if path.starts_with("/__harness") {
        (
            200,
            "text/html; charset=utf-8".to_string(),
            harness.as_bytes().to_vec(),
        )
    } else {
        let mut client = chronicle_serve::client::Client::new(app)?;
        let response = client.get(&path)?;
        let content_type = response
            .header("content-type")
            .unwrap_or("application/octet-stream")
            .to_string();
        (response.status, content_type, response.body)
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(&body)?;
    out.flush()
}

/// The text of `<pre id="out">` in a dumped DOM, unescaped, as JSON.
pub fn harness_result(dom: &str) -> serde_json::Value {
    let start = dom
        .find("<pre id=\"out\">")
        .unwrap_or_else(|| panic!("no harness output in:\n{dom}"))
        + "<pre id=\"out\">".len();
    let end = start + dom[start..].find("</pre>").expect("closed output");
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("harness output {text:?}: {e}"))
}
