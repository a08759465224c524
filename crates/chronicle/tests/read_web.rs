//! Web pages end to end: bytes in a legacy charset, read through `read_bytes` as a fetcher or
//! a file would hand them over, come out as the right text with the right metadata.

use chronicle::read::{read_bytes, Format, ReadOptions};

/// A Latin-1 page written for this test (no declaration of its own when `meta` is false).
fn latin1_page(meta: bool) -> Vec<u8> {
    let head = if meta {
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
    } else {
        ""
    };
    let mut page = format!(
        "<html lang=\"de\"><head>{head}<title>Br\u{fc}cke gesperrt</title>\
         <meta property=\"article:published_time\" content=\"2021-06-03T08:00:00+02:00\"></head>\
         <body><article><h1>Br\u{fc}cke \u{fc}ber die Isar gesperrt</h1>\
         <p>M\u{fc}nchen \u{2013} Die gro\u{df}e Br\u{fc}cke bleibt ab Montag f\u{fc}r zwei Jahre gesperrt, \
         teilte die Stadt am Donnerstag mit; die Kosten liegen bei vier Millionen \u{a3}.</p>\
         <p>Autofahrer m\u{fc}ssen \u{fc}ber die n\u{f6}rdliche Br\u{fc}cke ausweichen, was die meisten Fahrten \
         um zehn Minuten verl\u{e4}ngert.</p></article></body></html>"
    );
    // No character outside Latin-1 may stay: the en dash becomes a hyphen.
    page = page.replace('\u{2013}', "-");
    page.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

fn read(bytes: &[u8], content_type: Option<&str>) -> chronicle::Article {
    let opts = ReadOptions {
        format: Some(Format::Html),
        content_type: content_type.map(str::to_string),
        ..Default::default()
    };
    let mut items = read_bytes("page.html", bytes, &opts);
    assert_eq!(items.len(), 1);
    let read = items.remove(0).expect("the page reads");
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    read.article
}

#[test]
fn latin1_page_by_http_header_and_by_declaration() {
    let bytes = latin1_page(false);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    for article in [
        read(&bytes, Some("text/html; charset=ISO-8859-1")),
        read(&latin1_page(true), None),
    ] {
        assert_eq!(
            article.title.as_deref(),
            Some("Brücke über die Isar gesperrt")
        );
        assert!(
            article.text.contains("München - Die große Brücke"),
            "{}",
            article.text
        );
        assert!(article.text.contains("vier Millionen £"));
        assert!(article.text.contains("nördliche Brücke"));
        assert!(!article.text.contains('\u{FFFD}'));
        assert_eq!(
            article.date.unwrap().to_string(),
            "2021-06-03T08:00:00+02:00"
        );
    }
    // Without the header the undeclared page is not UTF-8: replaced bytes and a warning.
    let opts = ReadOptions {
        format: Some(Format::Html),
        ..Default::default()
    };
    let read = read_bytes("page.html", &bytes, &opts).remove(0).unwrap();
    assert!(read.article.text.contains('\u{FFFD}'));
    assert!(!read.warnings.is_empty());
}
