//! The four quad classes of CAMEO/PLOVER as the charts draw them: one colour-blind-safe
//! palette (Okabe–Ito: light and dark blue for cooperation, orange and vermillion for
//! conflict, so the split survives red–green colour blindness and greyscale), the same
//! as the stylesheet's `--quad1`…`--quad4` variables, which override these fills.

/// Quad class number and name.
pub const QUADS: [(u8, &str); 4] = [
    (1, "verbal cooperation"),
    (2, "material cooperation"),
    (3, "verbal conflict"),
    (4, "material conflict"),
];

/// Fill of quad class `i + 1` (also `--quad1`…`--quad4` in `assets/style.css`).
pub const QUAD_FILL: [&str; 4] = ["#56B4E9", "#0072B2", "#E69F00", "#D55E00"];

/// The quad class an event of these counts per class is drawn in: the most frequent one
/// (ties go to conflict, the rarer and more telling side), `None` when all are zero.
pub fn dominant(counts: &[i64; 4]) -> Option<usize> {
    let max = *counts.iter().max()?;
    (max > 0).then(|| counts.iter().rposition(|c| *c == max))?
}

/// A legend of the four classes as HTML (swatch and name).
pub fn legend_html() -> String {
    let mut out = String::from("<ul class=\"quad-legend\">");
    for (i, (_, name)) in QUADS.iter().enumerate() {
        // The page's CSP allows no inline style: the stylesheet colours the swatch.
        out.push_str(&format!(
            "<li><span class=\"swatch q{}\" aria-hidden=\"true\"></span>{name}</li>",
            i + 1
        ));
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_pipeline_and_stylesheet() {
        for (n, name) in QUADS {
            assert_eq!(chronicle::events::codes::quad_class_name(n), name);
        }
        let css = include_str!("../../assets/style.css");
        for (i, fill) in QUAD_FILL.iter().enumerate() {
            assert!(
                css.contains(&format!("--quad{}: {fill}", i + 1)),
                "style.css lacks --quad{}: {fill}",
                i + 1
            );
        }
    }

    #[test]
    fn dominant_class() {
        assert_eq!(dominant(&[0, 0, 0, 0]), None);
        assert_eq!(dominant(&[3, 1, 0, 0]), Some(0));
        assert_eq!(dominant(&[2, 0, 0, 2]), Some(3));
    }
}
