// Shared by every target: what must hold for any article a reader returns.

use chronicle::read::ReadArticle;

fn check_span(text: &str, start: usize, end: usize) {
    assert!(start <= end && end <= text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

/// Annotates with the text layer and checks every span; panics (= a finding) otherwise.
pub fn check(items: Vec<chronicle::Result<ReadArticle>>) {
    for item in items.into_iter().flatten() {
        let mut a = item.article;
        chronicle::text::annotate(&mut a);
        let t = a.text.as_str();
        for p in &a.paragraphs {
            check_span(t, p.start, p.end);
            assert_eq!(&t[p.start..p.end], p.text);
        }
        for s in &a.sentences {
            check_span(t, s.start, s.end);
            assert_eq!(&t[s.start..s.end], s.text);
            assert!(s.token_end <= a.tokens.len());
        }
        for tok in &a.tokens {
            check_span(t, tok.start, tok.end);
        }
        for span in [&a.caption, &a.dateline].into_iter().flatten() {
            check_span(t, span.start, span.end);
            assert_eq!(&t[span.start..span.end], span.text);
        }
        if let Some(span) = a.byline.as_ref().and_then(|b| b.span.as_ref()) {
            check_span(t, span.start, span.end);
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
