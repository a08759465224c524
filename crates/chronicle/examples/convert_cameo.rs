//! Converts Phoenix's PETRARCH verb dictionary and PLOVER's CAMEO table into Chronicle's
//! compact data files. Run once when the sources change:
//!
//! `cargo run -p chronicle --example convert_cameo -- CAMEO.2.0.txt CAMEO2PLOVER-2021.txt data/events`

use std::path::PathBuf;

use chronicle::events::petrarch::parse_petrarch;
use chronicle::events::plover::{PloverEntry, PloverTable};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [verbs, plover, out] = args.as_slice() else {
        return Err("usage: convert_cameo CAMEO.2.0.txt CAMEO2PLOVER-2021.txt OUT_DIR".into());
    };
    let dict = parse_petrarch(&std::fs::read_to_string(verbs)?, verbs)?;
    let header = "# Verb patterns converted from Phoenix/PETRARCH2 CAMEO.2.0.txt (MIT, Open Event Data Alliance)\n# by crates/chronicle/examples/convert_cameo.rs; format in crates/chronicle/src/events/petrarch.rs\n";
    std::fs::write(
        out.join("verbs.tsv"),
        format!("{header}{}", dict.to_compact()),
    )?;
    let mut table = PloverTable::parse_source(&std::fs::read_to_string(plover)?, plover)?;
    // CAMEO 02 (appeals) is absent from PLOVER's table; an appeal is a softly worded
    // request, so Chronicle codes it REQUEST (documented in data/events/README.md).
    table.insert(
        "02".into(),
        PloverEntry {
            plover: chronicle::doc::PloverType::Request,
            mode: None,
            context: Vec::new(),
            description: "Make an appeal or request (Chronicle: CAMEO 02 → REQUEST)".into(),
        },
    );
    table.insert(
        "026".into(),
        PloverEntry {
            plover: chronicle::doc::PloverType::Request,
            mode: Some("meet".into()),
            context: vec!["diplomatic".into()],
            description: "Appeal to meet or negotiate (Chronicle: CAMEO 02 → REQUEST)".into(),
        },
    );
    let header = "# CAMEO -> PLOVER (type, mode, context, description), converted from PLOVER's CAMEO2PLOVER-2021.txt (CC BY-SA 4.0)\n";
    std::fs::write(
        out.join("plover.tsv"),
        format!("{header}{}", table.to_compact()),
    )?;
    eprintln!(
        "{} verb blocks, {} synonym sets, {} PLOVER codes",
        dict.blocks.len(),
        dict.synsets.len(),
        table.len()
    );
    Ok(())
}
