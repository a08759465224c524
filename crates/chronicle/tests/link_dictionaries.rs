//! User dictionaries in Phoenix format (`--dictionaries DIR`): they extend the KB, replace
//! shipped entries of the same name, and report malformed lines as file:line.

use chronicle::date::{Date, PubDate};
use chronicle::link::{Kb, KbOptions, LinkStage};
use chronicle::pipeline::{Stage, TextStage};
use chronicle::Article;

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chronicle-link-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn user_dictionaries_extend_replace_and_warn() {
    let dir = temp_dir("dict");
    std::fs::write(
        dir.join("Local.actors.txt"),
        "# our own actors\n\
         HARBOR_CITY_COUNCIL_ [USAGOVLEG]\n\
         +HARBOR_COUNCIL_\n\
         +ORPHAN_BROKEN_LINE [USAGOV 2004017-20061201]\n\
         MARA_VOSS_\n\
         \t[USAGOV 200101-221231]\n\
         PENTAGON_ [USAGOVXXX]\n\
         NO_CODE_ENTRY_\n",
    )
    .unwrap();
    // A verb dictionary in the same directory belongs to the events stage and is ignored here.
    std::fs::write(
        dir.join("CAMEO.verbs.txt"),
        "--- SAY [010] ---\n- * SAID [010]\n",
    )
    .unwrap();
    let kb = Kb::load(&KbOptions {
        dictionaries: vec![dir.clone()],
        ..Default::default()
    })
    .expect("loads");
    let warnings = kb.warnings.join("\n");
    assert!(warnings.contains("Local.actors.txt:4:"), "{warnings}");
    assert!(warnings.contains("Local.actors.txt:8:"), "{warnings}");

    let stage = LinkStage::with_options(&KbOptions {
        dictionaries: vec![dir.clone()],
        ..Default::default()
    })
    .unwrap();
    let mut article = Article::new(
        "The Harbor City Council met Mara Voss at the Pentagon on Monday.\n".to_string(),
    );
    article.date = Some(PubDate::day(Date::new(2021, 3, 5).unwrap()));
    TextStage.annotate(&mut article);
    stage.annotate(&mut article);
    let code_of = |surface: &str| {
        article
            .actors
            .iter()
            .find(|a| a.mentions.iter().any(|m| m.text == surface))
            .and_then(|a| a.code.clone())
    };
    assert_eq!(code_of("Harbor City Council").as_deref(), Some("USAGOVLEG"));
    assert_eq!(code_of("Mara Voss").as_deref(), Some("USAGOV"));
    // The user's entry wins over the shipped "Pentagon" (USAMIL).
    assert_eq!(code_of("Pentagon").as_deref(), Some("USAGOVXXX"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_dictionary_directory_is_an_error() {
    let missing = std::env::temp_dir().join("chronicle-link-no-such-dir-xyz");
    let err = Kb::load(&KbOptions {
        dictionaries: vec![missing],
        ..Default::default()
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("chronicle-link-no-such-dir-xyz"),
        "{err}"
    );
}
