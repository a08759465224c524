// Shared by every target: what must hold for any article a reader returns.

use chronicle::read::ReadArticle;

/// Annotates with the text layer and checks every span; panics (= a finding) otherwise.
pub fn check(items: Vec<chronicle::Result<ReadArticle>>) {
    for item in items.into_iter().flatten() {
        let mut a = item.article;
        chronicle::text::annotate(&mut a);
        if let Err(broken) = a.validate() {
            panic!("{broken}");
        }
        let _ = chronicle::output::render_text(&a, true);
        let _ = chronicle::output::article_json(&a, true);
    }
}

pub fn opts(format: &str) -> chronicle::read::ReadOptions {
    chronicle::read::ReadOptions {
        format: format.parse().ok(),
        ..Default::default()
    }
}
