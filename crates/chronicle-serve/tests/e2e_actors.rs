//! A person in a real browser (headless Chromium driven over the DevTools protocol): types an
//! actor's name into the actor finder, opens the actor's page, expands an event to its
//! evidence, and flags its coding with the form; the correction lands in the archive.
//! Screenshots go to `target/e2e-artifacts/` (or `$CHRONICLE_ARTIFACTS`).
//!
//! Skips with a message when no Chromium is installed (`.ci/run` installs Debian's `chromium`).
//! The browser resolves nothing but loopback. The DevTools client here is the least that
//! works: one WebSocket over loopback, text frames, one command at a time.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Scratch;
use serde_json::{json, Value};

fn find_chromium() -> Option<PathBuf> {
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

fn artefacts_dir() -> PathBuf {
    let dir = std::env::var_os("CHRONICLE_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-artifacts")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The demo archive (the example articles through the real pipeline), served with
/// corrections on.
fn demo(scratch: &Scratch) -> (PathBuf, chronicle_serve::Running) {
    let db = scratch.path().join("demo.db");
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let pipeline = chronicle::Pipeline::standard().expect("pipeline");
    let articles: Vec<_> = chronicle::read::read_inputs(
        std::slice::from_ref(&examples),
        &chronicle::read::ReadOptions::default(),
    )
    .flatten()
    .map(|read| Ok(read.article))
    .collect();
    let mut writer = chronicle_archive::Writer::open(&db).expect("archive");
    chronicle_archive::ingest(
        &mut writer,
        &pipeline,
        articles,
        &chronicle_archive::IngestOptions::default(),
        |_| {},
        |_| {},
    )
    .expect("ingest");
    drop(writer);
    let mut options = chronicle_serve::Options::new(&db, "127.0.0.1:0".parse().unwrap());
    options.feedback = true;
    (db, chronicle_serve::spawn(options).expect("server"))
}

/// A headless Chromium with its DevTools endpoint on a loopback port.
struct Chromium {
    child: Child,
    port: u16,
    _profile: Scratch,
}

impl Chromium {
    fn start(binary: &Path) -> Chromium {
        let profile = Scratch::new("cdp-profile");
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--hide-scrollbars",
                "--window-size=1000,1300",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…"
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                    let _ = tx.send(port.parse::<u16>().ok());
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .ok()
            .flatten()
            .expect("chromium's DevTools port");
        Chromium {
            child,
            port,
            _profile: profile,
        }
    }

    /// A new tab, connected.
    fn tab(&self) -> Tab {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "PUT /json/new?about:blank HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\r\n",
            self.port
        )
        .unwrap();
        // Headers, then exactly Content-Length bytes (the server may keep the connection).
        let mut reader = BufReader::new(stream);
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body).unwrap();
        let target: Value = serde_json::from_slice(&body).expect("target JSON");
        let ws = target["webSocketDebuggerUrl"].as_str().expect("ws url");
        let path = &ws[ws.find("/devtools/").expect("devtools path")..];
        Tab::connect(self.port, path)
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One page over a WebSocket: `call` sends a command and waits for its answer (events
/// in between are dropped).
struct Tab {
    stream: TcpStream,
    next: u64,
}

impl Tab {
    fn connect(port: u16, path: &str) -> Tab {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: Y2hyb25pY2xlLXRlc3Qtaw==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        assert!(
            head.starts_with(b"HTTP/1.1 101"),
            "no WebSocket: {}",
            String::from_utf8_lossy(&head)
        );
        Tab { stream, next: 1 }
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        let mask = [0x37u8, 0xfa, 0x21, 0x3d];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).unwrap();
    }

    /// The next whole text message (fragments joined).
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.stream.read_exact(&mut head).unwrap();
            let fin = head[0] & 0x80 != 0;
            let opcode = head[0] & 0x0f;
            let mut len = u64::from(head[1] & 0x7f);
            if len == 126 {
                let mut b = [0u8; 2];
                self.stream.read_exact(&mut b).unwrap();
                len = u64::from(u16::from_be_bytes(b));
            } else if len == 127 {
                let mut b = [0u8; 8];
                self.stream.read_exact(&mut b).unwrap();
                len = u64::from_be_bytes(b);
            }
            let mut payload = vec![0u8; len as usize];
            self.stream.read_exact(&mut payload).unwrap();
            if opcode == 0x8 {
                panic!("the browser closed the DevTools connection");
            }
            if opcode == 0x1 || opcode == 0x0 {
                message.extend_from_slice(&payload);
                if fin {
                    return String::from_utf8(message).unwrap();
                }
            }
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(&json!({"id": id, "method": method, "params": params}).to_string());
        loop {
            let reply: Value = serde_json::from_str(&self.receive()).unwrap();
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }

    /// Evaluates `js` in the page; its value.
    fn eval(&mut self, js: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{js}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Waits until the page at a URL containing `part` has loaded.
    fn wait_for(&mut self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let state = self.eval("[location.href, document.readyState]");
            if state[0].as_str().is_some_and(|u| u.contains(part)) && state[1] == "complete" {
                return;
            }
            if Instant::now() > deadline {
                let text = self.eval("document.body ? document.body.innerText : ''");
                panic!("never reached {part}: {state}\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for(url);
    }

    fn screenshot(&mut self, file: &Path) {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64_decode(r["data"].as_str().unwrap_or(""));
        assert!(png.starts_with(b"\x89PNG"), "no screenshot");
        std::fs::write(file, png).unwrap();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn a_person_finds_an_actor_by_name_expands_an_event_and_flags_it() {
    let Some(binary) = find_chromium() else {
        eprintln!(
            "SKIPPED e2e: no chromium found (set CHROMIUM or `apt-get install chromium`; CI installs it)"
        );
        return;
    };
    let scratch = Scratch::new("e2e-actors");
    let (db, server) = demo(&scratch);
    let base = format!("http://{}", server.addr());
    let artefacts = artefacts_dir();
    let browser = Chromium::start(&binary);
    eprintln!("chromium DevTools on port {}", browser.port);
    let mut tab = browser.tab();
    eprintln!("tab connected");
    tab.call("Page.enable", json!({}));

    // Types "Biden" into the actor finder and presses Enter.
    tab.open(&format!("{base}/actors"));
    tab.eval("document.querySelector('input[name=q]').focus()");
    tab.call("Input.insertText", json!({"text": "Biden"}));
    tab.call(
        "Input.dispatchKeyEvent",
        json!({"type": "keyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}),
    );
    tab.call(
        "Input.dispatchKeyEvent",
        json!({"type": "keyUp", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}),
    );
    tab.wait_for("q=Biden");
    let first = tab.eval("document.querySelector('table.actors tbody a').textContent");
    assert_eq!(first, "Joe Biden");
    tab.screenshot(&artefacts.join("actors-1-find-biden.png"));

    // Opens his page.
    tab.eval("document.querySelector('table.actors tbody a').click()");
    tab.wait_for("/actors/");
    assert_eq!(
        tab.eval("document.querySelector('h1').firstChild.textContent.trim()"),
        "Joe Biden"
    );
    let text = tab
        .eval("document.body.innerText")
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(text.contains("Counterparts") && text.contains("Events over time"));
    assert!(text.contains("President"), "roles with dates");
    tab.screenshot(&artefacts.join("actors-2-biden.png"));

    // Expands the first event's evidence: its sentences, the trigger marked.
    assert_eq!(
        tab.eval("document.querySelector('details.evidence').open"),
        false
    );
    tab.eval("document.querySelector('details.evidence summary').click()");
    assert_eq!(
        tab.eval("document.querySelector('details.evidence').open"),
        true
    );
    let visible = tab.eval(
        "(() => { const m = document.querySelector('details.evidence mark.trigger'); \
         return m !== null && m.getBoundingClientRect().height > 0; })()",
    );
    assert_eq!(visible, true, "the evidence shows with its trigger marked");
    tab.eval("document.querySelector('details.evidence').closest('tr').scrollIntoView()");
    tab.screenshot(&artefacts.join("actors-3-evidence.png"));

    // Flags the coding: what is wrong, what it should be, a note; submits.
    tab.eval(
        "(() => { const f = document.querySelector('details.evidence form.flag'); \
         f.querySelector('select[name=field]').value = 'type'; \
         f.querySelector('input[name=correction]').value = 'AGREE'; \
         f.querySelector('input[name=note]').value = 'flagged in the browser test'; \
         f.querySelector('button').click(); })()",
    );
    tab.wait_for("flagged=");
    let notice = tab.eval("document.querySelector('.notice').textContent");
    assert!(notice
        .as_str()
        .unwrap_or("")
        .contains("correction is stored"));
    tab.screenshot(&artefacts.join("actors-4-flagged.png"));

    let archive = chronicle_archive::Archive::open(&db).unwrap();
    let stored = archive.feedback().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].field, "type");
    assert_eq!(stored[0].correction, "AGREE");
    assert_eq!(stored[0].note, "flagged in the browser test");
}
