//! Event code tables: PLOVER event types, CAMEO root/base codes, quad classes and the
//! Goldstein conflict-cooperation scale. The coder checks PLOVER types against them; the
//! archive uses them for merging, indexing and exports (`chronicle_archive::codes`
//! re-exports this module).
//!
//! Facts, not code: the Goldstein values are those of the standard CAMEO-to-Goldstein
//! mapping (J. S. Goldstein, "A Conflict-Cooperation Scale for WEIS Events Data",
//! Journal of Conflict Resolution 36(2), 1992, as extended to CAMEO in the CAMEO codebook,
//! Gerner, Schrodt, Yilmaz, Abu-Jabr, 2002-2012, and distributed with the GDELT event
//! codebook as `CAMEO.goldsteinscale.txt`). Entered by hand from that table; codes below a
//! listed base code inherit its value, which is also how the published table reads.
//! PLOVER event types: PLOVER manual draft 0.8 (2021), CC BY-SA 4.0.

/// The 16 PLOVER event types, in the order the archive's synthetic data and the UI's
/// filter list use.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "REQUEST",
    "COOPERATE",
    "AID",
    "RETREAT",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// GDELT/CAMEO quad class: 1 verbal cooperation, 2 material cooperation,
/// 3 verbal conflict, 4 material conflict.
pub fn quad_class_of_cameo(cameo: &str) -> Option<u8> {
    let root: u32 = cameo.get(0..2)?.parse().ok()?;
    Some(match root {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=20 => 4,
        _ => return None,
    })
}

/// Quad class of a PLOVER type, for events the coder gave no CAMEO code.
pub fn quad_class_of_plover(plover: &str) -> Option<u8> {
    Some(match plover {
        "AGREE" | "CONSULT" | "SUPPORT" | "REQUEST" => 1,
        "CONCEDE" | "COOPERATE" | "AID" | "RETREAT" => 2,
        "ACCUSE" | "REJECT" | "THREATEN" => 3,
        "PROTEST" | "SANCTION" | "MOBILIZE" | "COERCE" | "ASSAULT" => 4,
        _ => return None,
    })
}

/// The quad class of an event: from its CAMEO code when it has one, else from PLOVER.
pub fn quad_class(cameo: &str, plover: &str) -> Option<u8> {
    quad_class_of_cameo(cameo).or_else(|| quad_class_of_plover(plover))
}

pub fn quad_class_name(quad: u8) -> &'static str {
    match quad {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "unknown",
    }
}

/// CAMEO root code (two digits), e.g. "036" -> "03".
pub fn cameo_root(cameo: &str) -> &str {
    cameo.get(0..2).unwrap_or(cameo)
}

/// CAMEO base code (three digits), e.g. "0311" -> "031"; a root stays a root.
pub fn cameo_base(cameo: &str) -> &str {
    cameo.get(0..3).unwrap_or(cameo)
}

/// Goldstein scale value (-10 conflict .. +10 cooperation) of a CAMEO code.
pub fn goldstein(cameo: &str) -> Option<f32> {
    let lookup = |code: &str| {
        GOLDSTEIN
            .binary_search_by(|(c, _)| (*c).cmp(code))
            .ok()
            .and_then(|i| GOLDSTEIN.get(i))
            .map(|(_, v)| *v)
    };
    lookup(cameo)
        .or_else(|| lookup(cameo_base(cameo)))
        .or_else(|| lookup(cameo_root(cameo)))
}

/// Sorted by code (string order) for binary search; see the module doc for the source.
const GOLDSTEIN: &[(&str, f32)] = &[
    ("01", 0.0),
    ("010", 0.0),
    ("011", -0.1),
    ("012", -0.4),
    ("013", 0.4),
    ("014", 0.0),
    ("015", 0.0),
    ("016", 3.4),
    ("017", 0.0),
    ("018", 3.4),
    ("019", 3.4),
    ("02", 3.0),
    ("020", 3.0),
    ("021", 3.4),
    ("022", 3.2),
    ("023", 3.4),
    ("024", -0.3),
    ("025", -0.3),
    ("026", 4.0),
    ("027", 4.0),
    ("028", 4.0),
    ("03", 4.0),
    ("030", 4.0),
    ("031", 5.2),
    ("032", 4.5),
    ("033", 5.2),
    ("0334", 6.0),
    ("034", 7.0),
    ("035", 7.0),
    ("036", 4.0),
    ("037", 5.0),
    ("038", 7.0),
    ("039", 5.0),
    ("04", 1.0),
    ("040", 1.0),
    ("041", 1.0),
    ("042", 1.9),
    ("043", 2.8),
    ("044", 2.5),
    ("045", 5.0),
    ("046", 7.0),
    ("05", 3.5),
    ("050", 3.5),
    ("051", 3.4),
    ("052", 3.5),
    ("053", 3.8),
    ("054", 6.0),
    ("055", 7.0),
    ("056", 7.0),
    ("057", 8.0),
    ("06", 6.0),
    ("060", 6.0),
    ("061", 6.4),
    ("062", 7.4),
    ("063", 7.4),
    ("064", 7.0),
    ("07", 7.0),
    ("070", 7.0),
    ("071", 7.4),
    ("072", 8.3),
    ("073", 7.4),
    ("074", 8.5),
    ("075", 7.0),
    ("08", 5.0),
    ("080", 5.0),
    ("081", 5.0),
    ("082", 5.0),
    ("083", 5.0),
    ("084", 7.0),
    ("085", 7.0),
    ("086", 9.0),
    ("087", 9.0),
    ("0874", 10.0),
    ("09", -2.0),
    ("090", -2.0),
    ("091", -2.0),
    ("092", -2.0),
    ("093", -2.0),
    ("094", -2.0),
    ("10", -5.0),
    ("100", -5.0),
    ("101", -5.0),
    ("102", -5.0),
    ("103", -5.0),
    ("104", -5.0),
    ("105", -5.0),
    ("106", -5.0),
    ("107", -5.0),
    ("108", -5.0),
    ("11", -2.0),
    ("110", -2.0),
    ("111", -2.0),
    ("112", -2.0),
    ("113", -2.0),
    ("114", -2.0),
    ("115", -2.0),
    ("116", -2.0),
    ("12", -4.0),
    ("120", -4.0),
    ("121", -4.0),
    ("122", -4.0),
    ("123", -4.0),
    ("124", -5.0),
    ("125", -5.0),
    ("126", -5.0),
    ("127", -5.0),
    ("128", -5.0),
    ("129", -5.0),
    ("13", -6.0),
    ("130", -4.4),
    ("131", -5.8),
    ("132", -5.8),
    ("133", -5.8),
    ("134", -5.8),
    ("135", -5.8),
    ("136", -7.0),
    ("137", -7.0),
    ("138", -7.0),
    ("139", -7.0),
    ("14", -6.5),
    ("140", -6.5),
    ("141", -6.5),
    ("142", -6.5),
    ("143", -6.5),
    ("144", -7.5),
    ("145", -7.5),
    ("15", -7.2),
    ("150", -7.2),
    ("151", -7.2),
    ("152", -7.2),
    ("153", -7.2),
    ("154", -7.2),
    ("16", -4.0),
    ("160", -4.0),
    ("161", -4.0),
    ("162", -5.6),
    ("163", -8.0),
    ("164", -7.0),
    ("165", -6.5),
    ("166", -7.0),
    ("17", -7.0),
    ("170", -7.0),
    ("171", -9.2),
    ("172", -5.0),
    ("173", -5.0),
    ("174", -5.0),
    ("175", -9.0),
    ("18", -9.0),
    ("180", -9.0),
    ("181", -9.0),
    ("182", -9.5),
    ("183", -10.0),
    ("184", -8.0),
    ("185", -8.0),
    ("186", -10.0),
    ("19", -10.0),
    ("190", -10.0),
    ("191", -9.5),
    ("192", -9.5),
    ("193", -10.0),
    ("194", -10.0),
    ("195", -10.0),
    ("196", -9.5),
    ("20", -10.0),
    ("200", -10.0),
    ("201", -9.5),
    ("202", -10.0),
    ("203", -10.0),
    ("204", -10.0),
];

/// Sectors that are not political on their own: business, media, education, health,
/// science, civilians, refugees, agriculture, environment, religion.
const NON_POLITICAL_SECTORS: [&str; 10] = [
    "BUS", "MED", "EDU", "HLH", "SCI", "CVL", "REF", "AGR", "ENV", "REL",
];

/// The three-letter parts of a CAMEO actor code (`USAGOVMIL` → USA, GOV, MIL); a shorter
/// tail is left out.
pub fn code_chunks(code: &str) -> impl Iterator<Item = &str> {
    (0..code.len() / 3).map_while(move |i| code.get(3 * i..3 * i + 3))
}

/// Whether a CAMEO actor code names a political actor (coding guide §2): a state, its
/// government, officials, legislature, courts, military, police, parties, armed groups,
/// labour, an IGO. Companies (`MNC…`, `…BUS`), media, NGOs and the other civil sectors are
/// not.
pub fn is_political(code: &str) -> bool {
    let code = code.trim();
    if code.starts_with("IGO") {
        return true;
    }
    if code.is_empty() || code.starts_with("MNC") || code.starts_with("NGO") {
        return false;
    }
    !code_chunks(code).any(|c| NON_POLITICAL_SECTORS.contains(&c))
}

#[cfg(test)]
mod tests {
    #[test]
    fn political_actors() {
        for c in ["USA", "USAGOV", "IGOUNO", "GBROPP", "IRNMIL", "USALAB"] {
            assert!(super::is_political(c), "{c}");
        }
        for c in ["USABUS", "MNCUSA", "MED", "NGOHLHIRC", "BRAAGR", ""] {
            assert!(!super::is_political(c), "{c}");
        }
    }

    use super::*;

    #[test]
    fn goldstein_table_is_sorted_for_binary_search() {
        assert!(GOLDSTEIN.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn goldstein_falls_back_to_base_then_root() {
        assert_eq!(goldstein("036"), Some(4.0));
        assert_eq!(goldstein("0311"), Some(5.2)); // inherits 031
        assert_eq!(goldstein("0334"), Some(6.0)); // its own entry
        assert_eq!(goldstein("1831"), Some(-10.0));
        assert_eq!(goldstein("99"), None);
        assert_eq!(goldstein(""), None);
    }

    #[test]
    fn quad_classes_follow_cameo_roots_then_plover() {
        assert_eq!(quad_class("036", "CONSULT"), Some(1));
        assert_eq!(quad_class("0874", "RETREAT"), Some(2));
        assert_eq!(quad_class("112", "ACCUSE"), Some(3));
        assert_eq!(quad_class("190", "ASSAULT"), Some(4));
        assert_eq!(quad_class("", "SANCTION"), Some(4));
        assert_eq!(quad_class("x", "NOPE"), None);
        assert!(PLOVER_TYPES
            .iter()
            .all(|p| quad_class_of_plover(p).is_some()));
    }
}
