//! Merging rule spans with the model's name spans.

use super::units::TokSpan;

/// NORP spans replace the model spans they cover (an "American" the model called MISC,
/// a "US" it called LOC); a longer model span that contains them ("American Express")
/// wins over them.
pub(super) fn merge_norp(mut names: Vec<TokSpan>, norp: Vec<TokSpan>) -> Vec<TokSpan> {
    for candidate in norp {
        if names.iter().any(|n| {
            n.contains(&candidate) && (n.end - n.start) > (candidate.end - candidate.start)
        }) {
            continue;
        }
        if names
            .iter()
            .any(|n| n.overlaps(&candidate) && !candidate.contains(n))
        {
            continue;
        }
        let mut score = candidate.score;
        names.retain(|n| {
            if candidate.contains(n) {
                if n.start == candidate.start && n.end == candidate.end {
                    score = score.max(n.score);
                }
                false
            } else {
                true
            }
        });
        names.push(TokSpan { score, ..candidate });
    }
    names
}

/// Descriptive spans keep the names they contain and cut names they cross: a model span
/// that starts inside a title loses its title part ("President Moon" → "Moon"); names that
/// only cover title words ("State" in "Secretary of State") disappear.
pub(super) fn resolve(
    names: Vec<TokSpan>,
    descriptive: Vec<(TokSpan, usize, bool)>,
    words: &[&str],
) -> Vec<TokSpan> {
    let mut kept_names = Vec::with_capacity(names.len());
    for mut name in names {
        let mut keep = true;
        for (d, core, person_after) in &descriptive {
            if !d.overlaps(&name) || d.contains(&name) && d.label != "TITLE" {
                continue;
            }
            if d.contains(&name) {
                // A name inside a title: kept only when the title was extended over it
                // ("Foreign Ministry official"), i.e. it precedes the lexicon words.
                let extended = name.end <= *core;
                keep &= extended;
                continue;
            }
            if d.label == "TITLE" && name.start >= d.start && name.end > d.end {
                name.start = d.end;
                if *person_after && matches!(name.label.as_str(), "ORG" | "MISC") {
                    name.label = "PER".into();
                }
                keep &= words
                    .get(name.start)
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            } else if d.label == "TITLE" && name.start < d.start && name.end <= d.end {
                name.end = d.start;
            } else {
                keep = false;
            }
        }
        if keep && name.start < name.end {
            kept_names.push(name);
        }
    }
    // Titles inside a kept name, or crossing one, go.
    let mut out: Vec<TokSpan> = descriptive
        .into_iter()
        .map(|(d, _, _)| d)
        .filter(|d| !kept_names.iter().any(|n| n.overlaps(d) && !d.contains(n)))
        .collect();
    out.extend(kept_names.into_iter().filter(TokSpan::is_name));
    out
}
