//! What the seed tests share: where the seed article is. Its text is not ours, so it is not in
//! the repository; the tests look for it and say so when they skip.

use std::path::{Path, PathBuf};

const SEED: &str = "000_89a143fe9ee27e8d.txt";

/// `$CHRONICLE_SEEDS`, else `seeds/` beside `$CHRONICLE_DATA`, else `shared/seeds` in the
/// repository's parent or any folder above it (a checkout in a worktree folder still finds it).
pub fn seed_path() -> Option<PathBuf> {
    let from_env = [
        std::env::var_os("CHRONICLE_SEEDS").map(PathBuf::from),
        std::env::var_os("CHRONICLE_DATA").map(|d| PathBuf::from(d).join("../seeds")),
    ];
    let above = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| Some(dir.join("shared/seeds")));
    from_env
        .into_iter()
        .chain(above)
        .flatten()
        .map(|dir| dir.join(SEED))
        .find(|file| file.is_file())
}

/// The seed's text, or `None` after telling why the calling test skips.
pub fn seed_text() -> Option<String> {
    let Some(path) = seed_path() else {
        eprintln!(
            "skipping: seed article {SEED} not found (set CHRONICLE_SEEDS or CHRONICLE_DATA)"
        );
        return None;
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!(
            "seed article {} is there but unreadable: {e}",
            path.display()
        ),
    }
}
