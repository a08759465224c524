//! Form widgets shared by the pages: text fields, selects, check boxes, the filter form
//! built from [`Control`]s, and the pager that keeps a page's filters.

use std::fmt::Write;

use chronicle_archive as archive;

use crate::api;
use crate::params::Params;
use crate::ui::html::{esc, link};

pub(super) fn field(
    name: &str,
    label: &str,
    value: &str,
    placeholder: &str,
    class: &str,
) -> String {
    format!(
        "<label class=\"{class}\">{label}<input type=\"text\" name=\"{name}\" value=\"{}\" placeholder=\"{}\"></label>",
        esc(value),
        esc(placeholder)
    )
}

pub(super) fn select(name: &str, label: &str, options: &[&str], value: &str) -> String {
    let mut out = format!("<label>{label}<select name=\"{name}\"><option value=\"\">any</option>");
    for o in options {
        let selected = if o.eq_ignore_ascii_case(value) {
            " selected"
        } else {
            ""
        };
        let _ = write!(out, "<option value=\"{o}\"{selected}>{o}</option>");
    }
    out.push_str("</select></label>");
    out
}

pub(super) fn val(p: &Params, name: &str) -> String {
    p.get(name).unwrap_or_default()
}

pub(super) fn checkbox(name: &str, label: &str, checked: bool) -> String {
    format!(
        "<label class=\"check\"><span><input type=\"checkbox\" name=\"{name}\" value=\"true\"{}> {label}</span></label>",
        if checked { " checked" } else { "" }
    )
}

/// One control of a filter form, filled in from the request's parameters.
#[derive(Clone, Copy)]
pub(super) enum Control {
    /// A text box: parameter, label, placeholder.
    Text(&'static str, &'static str, &'static str),
    /// A text box across the form (the main query).
    Wide(&'static str, &'static str, &'static str),
    /// A text box listing every value of a repeatable parameter, comma-separated.
    Codes(&'static str, &'static str, &'static str),
    /// A list to choose from ("any" first).
    Choice(&'static str, &'static str, &'static [&'static str]),
    /// A true/false flag.
    Flag(&'static str, &'static str),
}

pub(super) const ACTOR_CODES: Control =
    Control::Codes("actor", "Actor (name or code)", "e.g. Biden, USAGOV");
pub(super) const ACTOR_CODE: Control =
    Control::Text("actor", "Actor (name or code)", "e.g. Biden, KOR");
pub(super) const COUNTRY: Control =
    Control::Text("country", "Country (name or ISO-3)", "e.g. Japan, KOR");
pub(super) const PLOVER: Control = Control::Choice(
    "plover",
    "Event type (PLOVER)",
    &archive::codes::PLOVER_TYPES,
);
pub(super) const MODALITY: Control = Control::Choice("modality", "Modality", api::MODALITIES);
pub(super) const HAPPENING_FROM: Control = Control::Text("since", "Happening from", "YYYY-MM-DD");
pub(super) const HAPPENING_UNTIL: Control = Control::Text("until", "Happening until", "YYYY-MM-DD");
pub(super) const DUPLICATES: Control = Control::Flag("duplicates", "include near-duplicates");

/// A GET form to `action` with `controls`, their values from `p` unless `value` gives
/// one, and a submit button (plus a "clear" link when `clear`).
pub(super) fn filter_form(
    action: &str,
    controls: &[Control],
    p: &Params,
    value: impl Fn(&str) -> Option<String>,
    button: &str,
    clear: bool,
) -> String {
    let role = if action == "/" {
        " role=\"search\""
    } else {
        ""
    };
    let mut out = format!("<form class=\"filters\" method=\"get\" action=\"{action}\"{role}>");
    let current = |name: &str| value(name).unwrap_or_else(|| val(p, name));
    for control in controls {
        out.push_str(&match *control {
            Control::Text(name, label, hint) => field(name, label, &current(name), hint, ""),
            Control::Wide(name, label, hint) => field(name, label, &current(name), hint, "wide"),
            Control::Codes(name, label, hint) => {
                let all = value(name).unwrap_or_else(|| p.all(name).join(","));
                field(name, label, &all, hint, "")
            }
            Control::Choice(name, label, options) => select(name, label, options, &current(name)),
            Control::Flag(name, label) => checkbox(name, label, p.flag(name).unwrap_or(false)),
        });
    }
    let _ = write!(out, "<div><button type=\"submit\">{button}</button>");
    if clear {
        let _ = write!(out, " <a href=\"{action}\">clear</a>");
    }
    out.push_str("</div></form>");
    out
}

/// "Previous / next" links that keep every other parameter.
pub(crate) fn pager(
    path: &str,
    p: &Params,
    names: &[&str],
    offset: usize,
    limit: usize,
    shown: usize,
) -> String {
    let mut pairs: Vec<(String, String)> = names
        .iter()
        .filter(|n| **n != "offset")
        .filter_map(|n| p.all_raw(n).map(|v| (n.to_string(), v)))
        .collect();
    let mut out = String::from("<nav class=\"pager\" aria-label=\"Pages\">");
    let href = |pairs: &mut Vec<(String, String)>, off: usize| {
        pairs.retain(|(k, _)| k != "offset");
        if off > 0 {
            pairs.push(("offset".into(), off.to_string()));
        }
        link(path, pairs)
    };
    if offset > 0 {
        let _ = write!(
            out,
            "<a href=\"{}\">← previous {limit}</a>",
            esc(&href(&mut pairs, offset.saturating_sub(limit)))
        );
    }
    if shown >= limit && limit > 0 {
        let _ = write!(
            out,
            "<a href=\"{}\">next {limit} →</a>",
            esc(&href(&mut pairs, offset + limit))
        );
    }
    out.push_str("</nav>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_keeps_filters() {
        let p = Params::parse(Some("q=a%20b&actor=KOR&offset=20"));
        let html = pager(
            "/",
            &p,
            crate::ui::pages::search::SEARCH_UI.as_slice(),
            20,
            20,
            20,
        );
        assert!(html.contains("href=\"/?q=a%20b&amp;actor=KOR\""));
        assert!(html.contains("href=\"/?q=a%20b&amp;actor=KOR&amp;offset=40\""));
    }
}
