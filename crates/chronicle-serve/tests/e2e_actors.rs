//! A person in a real browser (headless Chromium driven over the DevTools protocol): types an
//! actor's name into the actor finder, opens the actor's page, expands an event to its
//! evidence, and flags its coding with the form; the correction lands in the archive.
//! Screenshots go to `target/e2e-artifacts/` (or `$CHRONICLE_ARTIFACTS`).
//!
//! Skips with a message when no Chromium is installed (`.ci/run` installs Debian's `chromium`).
//! The browser resolves nothing but loopback. The DevTools client is `common::devtools`.

mod common;

use common::browser::{artefacts_dir, find_chromium};
use common::devtools::Chromium;
use common::{demo_server as demo, Scratch};
use serde_json::json;

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
