//! Actor codes in words for the charts: "KORGOV" → "South Korea government", "JPNGOVMIL" →
//! "Japan government military". The country comes from the knowledge base (the same one the
//! pipeline links with); the role codes from CAMEO's actor codebook, in our own short words.

use chronicle::kb::Kb;

/// CAMEO role and sector codes (three letters) in words.
const ROLES: &[(&str, &str)] = &[
    ("AGR", "agriculture"),
    ("BUS", "business"),
    ("COP", "police"),
    ("CRM", "criminals"),
    ("CVL", "civilians"),
    ("DEV", "development"),
    ("EDU", "education"),
    ("ELI", "elites"),
    ("ENV", "environment"),
    ("GOV", "government"),
    ("HLH", "health"),
    ("HRI", "human rights"),
    ("INS", "insurgents"),
    ("JUD", "judiciary"),
    ("LAB", "labour"),
    ("LEG", "legislature"),
    ("MED", "media"),
    ("MIL", "military"),
    ("MOD", "moderates"),
    ("NGO", "NGO"),
    ("OPP", "opposition"),
    ("PTY", "party"),
    ("RAD", "radicals"),
    ("REB", "rebels"),
    ("REF", "refugees"),
    ("SEP", "separatists"),
    ("SPY", "intelligence"),
    ("UAF", "armed forces"),
    ("IGO", "intergovernmental body"),
    ("GOS", "Gulf states"),
];

fn role(code: &str) -> Option<&'static str> {
    ROLES.iter().find(|(c, _)| *c == code).map(|(_, w)| *w)
}

/// The words for an actor code; the code itself when no part of it is known.
pub fn code_label(code: &str) -> String {
    let kb = Kb::shared_default().ok();
    label_with(code, |iso| {
        kb.as_ref()
            .and_then(|kb| kb.country(iso))
            .map(|e| e.name.clone())
    })
}

fn label_with(code: &str, country: impl Fn(&str) -> Option<String>) -> String {
    if code.len() < 3 || !code.is_ascii() || !code.len().is_multiple_of(3) {
        return code.to_string();
    }
    let parts: Vec<&str> = (0..code.len())
        .step_by(3)
        .map(|i| &code[i..i + 3])
        .collect();
    let mut words: Vec<String> = Vec::new();
    let mut rest = parts.as_slice();
    if let Some(name) = country(parts[0]) {
        words.push(name);
        rest = &parts[1..];
    }
    for part in rest {
        match role(part) {
            Some(w) => words.push(w.to_string()),
            None => return code.to_string(),
        }
    }
    if words.is_empty() {
        code.to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(iso: &str) -> Option<String> {
        match iso {
            "KOR" => Some("South Korea".into()),
            "JPN" => Some("Japan".into()),
            _ => None,
        }
    }

    #[test]
    fn codes_read_as_words() {
        assert_eq!(label_with("KORGOV", fake), "South Korea government");
        assert_eq!(label_with("JPNGOVMIL", fake), "Japan government military");
        assert_eq!(label_with("KOR", fake), "South Korea");
        assert_eq!(
            label_with("IGOGOS", fake),
            "intergovernmental body Gulf states"
        );
        // Unknown parts leave the code as it is, never a half translation.
        assert_eq!(label_with("KORXYZ", fake), "KORXYZ");
        assert_eq!(label_with("AB", fake), "AB");
    }
}
