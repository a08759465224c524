use super::model::viterbi;
use super::simd::Transitions;
use super::*;
use crate::learn::hash::{feature, hash_str};

/// A toy task: tag words as NAME when capitalised and not sentence-initial, with the
/// previous word as context, in BIO so transitions matter.
fn toy() -> Vec<(Vec<&'static str>, Vec<u16>)> {
    vec![
        (
            vec!["we", "met", "John", "Smith", "today"],
            vec![0, 0, 1, 2, 0],
        ),
        (vec!["Mary", "Jones", "left"], vec![1, 2, 0]),
        (vec!["they", "saw", "Ann", "here"], vec![0, 0, 1, 0]),
        (
            vec!["Bob", "Lee", "and", "Sue", "Kim", "ran"],
            vec![1, 2, 0, 1, 2, 0],
        ),
    ]
}

fn feats(words: &[&str]) -> SentFeats {
    let mut f = SentFeats::new();
    for (i, w) in words.iter().enumerate() {
        f.push(feature(0, 0));
        f.push(feature(1, hash_str(w)));
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        f.push(feature(2, u64::from(cap)));
        let prev_cap = i > 0 && words[i - 1].chars().next().is_some_and(char::is_uppercase);
        f.push(feature(3, u64::from(cap) * 2 + u64::from(prev_cap)));
        f.end_token();
    }
    f
}

fn labels() -> Vec<String> {
    ["O", "B-NAME", "I-NAME"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn train() -> Model {
    let data = toy();
    let mut trainer = Trainer::new(labels(), data.iter().map(|(_, g)| g.as_slice()));
    let config = FitConfig {
        seed: 3,
        max_epochs: 10,
        patience: 10,
    };
    let (model, _) = fit(
        &mut trainer,
        &data,
        &config,
        |t, (w, g)| {
            t.learn(&feats(w), g);
        },
        |m| {
            data.iter()
                .filter(|(w, g)| &m.decode(&feats(w)) == g)
                .count() as f64
        },
        |_, _| {},
    );
    model
}

#[test]
fn learns_and_generalises_the_toy_task() {
    let model = train();
    assert_eq!(
        model.decode(&feats(&["then", "Tom", "Hall", "spoke"])),
        vec![0, 1, 2, 0]
    );
}

#[test]
fn forbidden_transitions_are_never_output() {
    let model = train();
    // O -> I-NAME never occurs in training, so it can never be decoded.
    for words in [vec!["x", "Y"], vec!["Z"], vec!["a", "B", "c", "D", "E"]] {
        let path = model.decode(&feats(&words));
        let mut prev = 0;
        for &p in &path {
            assert!(!(prev == 0 && p == 2), "{path:?}");
            prev = p;
        }
    }
}

#[test]
fn training_is_deterministic() {
    let a = train();
    let b = train();
    assert_eq!(a.keys, b.keys);
    assert_eq!(a.weights, b.weights);
}

#[test]
fn save_load_round_trip_keeps_decisions() {
    let model = train();
    let dir = std::env::temp_dir().join(format!("chronicle-perc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.bin.gz");
    let mut model = model;
    model.meta.insert("kind".into(), "toy".into());
    model.extras.insert("blob".into(), vec![1, 2, 3]);
    model.save(&path).unwrap();
    let loaded = Model::load(&path).unwrap();
    assert_eq!(loaded.labels(), model.labels());
    assert_eq!(loaded.meta.get("kind").map(String::as_str), Some("toy"));
    assert_eq!(loaded.extras.get("blob"), Some(&vec![1, 2, 3]));
    for words in [vec!["then", "Tom", "Hall", "spoke"], vec!["Mary", "ran"]] {
        assert_eq!(loaded.decode(&feats(&words)), model.decode(&feats(&words)));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn corrupt_models_are_errors_not_panics() {
    assert!(Model::from_gzip(b"not gzip").is_err());
    let model = train();
    let bytes = model.to_bytes().unwrap();
    for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(Model::from_bytes(&bytes[..cut]).is_err());
    }
}

#[test]
fn marginals_are_distributions_agreeing_with_viterbi() {
    let model = train();
    let f = feats(&["we", "met", "Ann", "Lee"]);
    let e = model.emissions(&f);
    let m = model.marginals(&e);
    let path = model.viterbi(&e);
    for i in 0..4 {
        let row = &m[i * 3..i * 3 + 3];
        let total: f32 = row.iter().sum();
        assert!((total - 1.0).abs() < 1e-3);
        let argmax = (0..3).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
        assert_eq!(argmax as u16, path[i]);
    }
}

/// The score of `path` under `emissions` and transitions (boundary at index `l`).
fn path_score(emissions: &[f32], l: usize, trans: &[f32], path: &[usize]) -> f32 {
    let stride = l + 1;
    let mut total = 0.0;
    let mut prev = l;
    for (i, &c) in path.iter().enumerate() {
        total += trans[prev * stride + c] + emissions[i * l + c];
        prev = c;
    }
    total + trans[prev * stride + l]
}

#[test]
fn viterbi_finds_the_best_path_for_every_label_count() {
    let mut rng = crate::learn::hash::Rng::new(11);
    let mut value = move || (rng.below(2001) as f32 - 1000.0) / 100.0;
    for l in [1usize, 2, 3, 7, 8, 9, 17, 20] {
        for n in 1..=3usize {
            let stride = l + 1;
            let trans: Vec<f32> = (0..stride * stride).map(|_| value()).collect();
            let emissions: Vec<f32> = (0..n * l).map(|_| value()).collect();
            let path = viterbi(&emissions, l, &trans, None);
            let got = path_score(
                &emissions,
                l,
                &trans,
                &path.iter().map(|&c| c as usize).collect::<Vec<_>>(),
            );
            let mut best = f32::NEG_INFINITY;
            for code in 0..l.pow(n as u32) {
                let candidate: Vec<usize> = (0..n).map(|i| code / l.pow(i as u32) % l).collect();
                best = best.max(path_score(&emissions, l, &trans, &candidate));
            }
            assert!((got - best).abs() < 1e-3, "l={l} n={n}: {got} vs {best}");
        }
    }
}

/// Plain Viterbi (scalar, label by label), with the same order of additions and the same
/// tie-breaking (first predecessor, first final label reaching the best score).
fn reference_viterbi(t: &Transitions, emissions: &[f32]) -> Option<Vec<u16>> {
    let l = t.l;
    let n = emissions.len() / l;
    let mut score: Vec<f32> = t.start.iter().zip(emissions).map(|(a, e)| a + e).collect();
    let mut back = vec![0u16; n * l];
    for i in 1..n {
        let mut next = vec![f32::NEG_INFINITY; l];
        for c in 0..l {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for (p, &ps) in score.iter().enumerate() {
                if ps == f32::NEG_INFINITY {
                    continue;
                }
                let s = ps + t.step[p * t.padded + c];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            next[c] = best + emissions[i * l + c];
            back[i * l + c] = arg as u16;
        }
        score = next;
    }
    let mut best = f32::NEG_INFINITY;
    let mut last = None;
    for (c, (&sc, &end)) in score.iter().zip(&t.end).enumerate() {
        let s = sc + end;
        if s > best {
            best = s;
            last = Some(c);
        }
    }
    let mut c = last?;
    let mut path = vec![0u16; n];
    for i in (0..n).rev() {
        path[i] = c as u16;
        c = back[i * l + c] as usize;
    }
    Some(path)
}

#[test]
fn vectorised_viterbi_equals_plain_viterbi() {
    let mut rng = crate::learn::hash::Rng::new(5);
    for round in 0..400 {
        let l = 1 + rng.below(24);
        let n = 1 + rng.below(30);
        let stride = l + 1;
        let mut value = |spread: f32| (rng.below(2001) as f32 - 1000.0) / 1000.0 * spread;
        // Small transitions and peaked emissions (as trained taggers have), ties
        // included (quantised values).
        let trans: Vec<f32> = (0..stride * stride)
            .map(|_| (value(2.0) * 4.0).round() / 4.0)
            .collect();
        let allowed: Vec<bool> = (0..stride * stride).map(|k| k % 7 != round % 7).collect();
        let mut emissions: Vec<f32> = (0..n * l)
            .map(|_| (value(3.0) * 2.0).round() / 2.0)
            .collect();
        for i in 0..n {
            let favourite = (i * 31 + round) % l;
            emissions[i * l + favourite] += value(20.0).abs();
        }
        for constrained in [false, true] {
            let t = Transitions::new(l, &trans, constrained.then_some(&allowed[..]));
            let mut lattice = Lattice::default();
            let mut path = Vec::new();
            let found = t.decode(&emissions, &mut lattice, &mut path);
            let expected = reference_viterbi(&t, &emissions);
            assert_eq!(found, expected.is_some(), "l={l} n={n}");
            if let Some(expected) = expected {
                assert_eq!(path, expected, "l={l} n={n} constrained={constrained}");
            }
        }
    }
}

#[test]
fn empty_input_decodes_to_nothing() {
    let model = train();
    assert!(model.decode(&SentFeats::new()).is_empty());
    assert!(model.marginals(&[]).is_empty());
}
