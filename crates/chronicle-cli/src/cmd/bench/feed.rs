//! `chronicle bench feed`: the feed reader on feeds built from the Reuters-21578 bodies — an
//! RSS 2.0 feed (escaped HTML descriptions, RFC 822 dates), an Atom feed and a news sitemap —
//! in MB of feed and items per second of CPU, parse alone and parse + articles.

use anyhow::Result;
use chronicle::read::{item_article, parse_feed, read_inputs, ReadOptions};

use super::clock::{load_average, Timing};
use super::corpus::{data_dir, TextArgs};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The three feeds over `bodies`: (name, text).
fn build_feeds(bodies: &[(String, String)]) -> Vec<(&'static str, String)> {
    let mut rss = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n",
    );
    let mut atom = String::from("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Wire</title>\n");
    let mut sitemap = String::from("<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
    for (i, (title, body)) in bodies.iter().enumerate() {
        let title = escape(title);
        let html: String = body
            .split("\n\n")
            .map(|p| format!("<p>{}</p>", escape(p.trim())))
            .collect();
        let day = 1 + i % 28;
        rss.push_str(&format!(
            "<item><title>{title}</title><link>https://wire.example/{i}</link><guid>w{i}</guid>\
             <pubDate>Mon, {day:02} Mar 1987 10:{:02}:00 GMT</pubDate><description>{}</description></item>\n",
            i % 60,
            escape(&html)
        ));
        atom.push_str(&format!(
            "<entry><title>{title}</title><link rel=\"alternate\" href=\"https://wire.example/{i}\"/><id>w{i}</id>\
             <published>1987-03-{day:02}T10:00:00Z</published><content type=\"html\">{}</content></entry>\n",
            escape(&html)
        ));
        sitemap.push_str(&format!(
            "<url><loc>https://wire.example/{i}</loc><news:news><news:publication><news:name>Wire</news:name>\
             <news:language>en</news:language></news:publication><news:publication_date>1987-03-{day:02}</news:publication_date>\
             <news:title>{title}</news:title></news:news></url>\n"
        ));
    }
    rss.push_str("</channel></rss>\n");
    atom.push_str("</feed>\n");
    sitemap.push_str("</urlset>\n");
    vec![("rss", rss), ("atom", atom), ("news sitemap", sitemap)]
}

pub(super) fn run(args: TextArgs) -> Result<()> {
    let corpus = data_dir(args.data).join("reuters21578/reuters21578.jsonl.gz");
    if !corpus.exists() {
        println!(
            "skipped: {} not found (pass --data DIR or set CHRONICLE_DATA)",
            corpus.display()
        );
        return Ok(());
    }
    let opts = ReadOptions {
        field_map: vec![("body".into(), "text".into())],
        ..Default::default()
    };
    let mut bodies = Vec::new();
    for read in read_inputs(std::slice::from_ref(&corpus), &opts).flatten() {
        let title = read.article.title.clone().unwrap_or_default();
        bodies.push((title, read.article.text));
        if args.limit.is_some_and(|n| bodies.len() >= n) {
            break;
        }
    }
    println!(
        "{} items from {}; load {}",
        bodies.len(),
        corpus.display(),
        load_average()
    );
    for (name, text) in build_feeds(&bodies) {
        let mb = text.len() as f64 / 1e6;
        let (mut parse, mut full) = (Timing::default(), Timing::default());
        let mut items = 0;
        let mut chars = 0;
        for _ in 0..args.passes.max(1) {
            parse = parse.min(Timing::of(|| {
                items = parse_feed(&text).map_or(0, |f| f.items.len());
            }));
            full = full.min(Timing::of(|| {
                if let Some(feed) = parse_feed(&text) {
                    chars = feed
                        .items
                        .iter()
                        .map(|item| item_article(&feed, item).text.len())
                        .sum();
                }
            }));
        }
        println!(
            "{name:>13}: {mb:.1} MB, {items} items; parse {:.0} MB/s ({:.0} items/s); parse + articles {:.0} MB/s ({:.0} items/s, {:.1} MB of text); best of {} (CPU)",
            mb / parse.cpu,
            items as f64 / parse.cpu,
            mb / full.cpu,
            items as f64 / full.cpu,
            chars as f64 / 1e6,
            args.passes.max(1)
        );
    }
    Ok(())
}
