//! The hand-written linking set (eval/actors/linking.jsonl) as a regression test: overall
//! accuracy and every case must stay high. `chronicle eval actors --errors` shows failures.

use chronicle::link::eval::{evaluate, read_set};
use chronicle::link::LinkStage;
use chronicle::pipeline::{Pipeline, TextStage};

#[test]
fn linking_set_accuracy() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/actors/linking.jsonl");
    let set = read_set(&path).expect("the linking set parses");
    let mentions: usize = set.iter().map(|a| a.mentions.len()).sum();
    assert!(mentions >= 100, "only {mentions} mentions");
    let pipeline = Pipeline::with_stages(vec![
        Box::new(TextStage),
        Box::new(LinkStage::new().expect("KB loads")),
    ]);
    let report = evaluate(&pipeline, &set);
    let (correct, total) = report.total();
    let accuracy = correct as f64 / total as f64;
    assert!(
        accuracy >= 0.95,
        "accuracy {accuracy:.3}; failures: {:#?}",
        report.failures
    );
    for (case, (c, t)) in &report.cases {
        assert!(
            *c as f64 / *t as f64 >= 0.75,
            "case {case}: {c}/{t}; {:#?}",
            report.failures
        );
    }
}
