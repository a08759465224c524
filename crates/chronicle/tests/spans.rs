//! Property tests: whatever the input, every span a reader or the text layer produces lies
//! on char boundaries inside `text`, carries exactly the text it covers, and nothing panics.

use chronicle::doc::Article;
use chronicle::read::{read_bytes, read_html, read_plain, ReadOptions};
use proptest::prelude::*;

fn check_article(a: &Article) {
    if let Err(broken) = a.validate() {
        panic!("{broken}\ntext: {:?}", a.text);
    }
}

/// Text built from pieces that exercise the tokenizer's and the layout's special cases.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_string()),
        Just("Feb.".to_string()),
        Just(" 28,500".to_string()),
        Just("17-18".to_string()),
        Just("Si-young".to_string()),
        Just("a@b.co".to_string()),
        Just("https://x.org/a?b".to_string()),
        Just("We’re".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("—".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("date 2021-03-05 ".to_string()),
        Just("By Kim Min-ji (k@x.org\n)".to_string()),
        Just("(AP-Yonhap)".to_string()),
        Just("SEOUL, March 5 (Yonhap) -- ".to_string()),
        Just("<p>".to_string()),
        Just("&amp;".to_string()),
        "[a-zA-Z]{1,8}",
        "[ \\t]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn plain_reader_and_text_layer(text in newsy_text()) {
        let mut a = read_plain(text);
        chronicle::text::annotate(&mut a);
        check_article(&a);
    }

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,200}") {
        let mut a = read_plain(text);
        chronicle::text::annotate(&mut a);
        check_article(&a);
    }

    #[test]
    fn html_reader(body in newsy_text()) {
        let page = format!("<html><head><title>{body}</title></head><body><article><p>{body}</p><p>{body}</p></article></body></html>");
        let mut a = read_html(&page);
        chronicle::text::annotate(&mut a);
        check_article(&a);
    }

    #[test]
    fn any_bytes_through_every_reader(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        for format in ["text", "jsonl", "json", "html"] {
            let opts = ReadOptions { format: Some(format.parse().unwrap()), ..Default::default() };
            for item in read_bytes("prop", &bytes, &opts).into_iter().flatten() {
                let mut a = item.article;
                chronicle::text::annotate(&mut a);
                check_article(&a);
            }
        }
    }

    #[test]
    fn jsonl_text_field(text in newsy_text()) {
        let line = serde_json::json!({"text": text, "id": "x"}).to_string();
        for item in read_bytes("prop.jsonl", line.as_bytes(), &ReadOptions::default()).into_iter().flatten() {
            let mut a = item.article;
            chronicle::text::annotate(&mut a);
            check_article(&a);
        }
    }
}
