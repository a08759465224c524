//! Exports of an archive built from constructed articles.

mod common;

use chronicle_archive::export::{export, gdelt, timeml, ExportFormat};
use chronicle_archive::{Archive, Writer};

fn archive() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    Writer::open(&path)
        .unwrap()
        .add_batch(&common::corpus())
        .unwrap();
    (dir, Archive::open(&path).unwrap())
}

fn exported(archive: &Archive, format: ExportFormat, dups: bool) -> Vec<u8> {
    let mut out = Vec::new();
    export(archive, format, dups, &mut out).unwrap();
    out
}

#[test]
fn jsonl_round_trips_articles() {
    let (_d, archive) = archive();
    let text = String::from_utf8(exported(&archive, ExportFormat::Jsonl, false)).unwrap();
    let articles: Vec<chronicle::Article> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), 5); // the near-copy is left out
    let originals = common::corpus();
    let held = articles.iter().find(|a| a.id == "held-1").unwrap();
    assert_eq!(held, originals.iter().find(|a| a.id == "held-1").unwrap());
    let with_dups = String::from_utf8(exported(&archive, ExportFormat::Jsonl, true)).unwrap();
    assert_eq!(with_dups.lines().count(), 6);
    assert!(with_dups.contains("\"duplicate_of\":\"plan-1\""));
}

#[test]
fn csv_has_a_row_per_merged_event() {
    let (_d, archive) = archive();
    let text = String::from_utf8(exported(&archive, ExportFormat::Csv, false)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "id");
    assert!(header.contains(&"num_independent"));
    assert_eq!(lines.count(), 4);
}

#[test]
fn gdelt_rows_have_61_columns_with_event_and_report_dates() {
    let (_d, archive) = archive();
    let text = String::from_utf8(exported(&archive, ExportFormat::Gdelt, false)).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == 61));
    let col = |name: &str| gdelt::COLUMNS.iter().position(|c| *c == name).unwrap();
    let held = rows
        .iter()
        .find(|r| r[col("EventCode")] == "036" && r[col("SQLDATE")] == "20210317")
        .unwrap();
    assert_eq!(held[col("DATEADDED")], "20210317000000");
    assert_eq!(held[col("NumArticles")], "2");
    let planned = rows
        .iter()
        .find(|r| r[col("SQLDATE")] == "20210301" && r[col("EventCode")] == "036")
        .unwrap();
    assert_eq!(planned[col("DATEADDED")], "20210305000000"); // reported before it happens
}

#[test]
fn timeml_documents_per_article() {
    let (dir, archive) = archive();
    let out = dir.path().join("tml");
    assert_eq!(timeml::write_dir(&archive, &out, false).unwrap(), 5);
    let doc = std::fs::read_to_string(out.join("held-1.tml")).unwrap();
    assert!(
        doc.starts_with("<?xml")
            && doc.contains("<EVENT eid=\"e1\" class=\"OCCURRENCE\">held talks</EVENT>"),
        "{doc}"
    );
    let all = String::from_utf8(exported(&archive, ExportFormat::Timeml, false)).unwrap();
    assert_eq!(all.matches("<TimeML").count(), 5);
}

/// Reads our Parquet back with pyarrow when it is installed (`pip install pyarrow`).
#[test]
fn parquet_reads_back_with_pyarrow() {
    let (dir, archive) = archive();
    let path = dir.path().join("events.parquet");
    std::fs::write(&path, exported(&archive, ExportFormat::Parquet, false)).unwrap();
    let script = format!(
        "import sys\ntry:\n import pyarrow.parquet as pq\nexcept ImportError:\n print('SKIP'); sys.exit(0)\n\
         t = pq.read_table(r'{}')\nrows = t.to_pylist()\n\
         assert t.num_rows == 4, t.num_rows\n\
         assert t.schema.field('id').type == 'int64'\n\
         assert str(t.schema.field('summary').type) == 'string'\n\
         assert str(t.schema.field('confidence').type) == 'double'\n\
         held = [r for r in rows if r['date'] == '2021-03-17' and r['plover'] == 'CONSULT'][0]\n\
         assert held['num_independent'] == 2 and held['planned_event'] is not None, held\n\
         assert any(r['realized_by'] is None for r in rows)\n\
         print('OK', t.num_rows)\n",
        path.display()
    );
    let out = match std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            eprintln!("skipped: python3 not found");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if stdout.contains("SKIP") {
        eprintln!("skipped: pyarrow not installed (pip install pyarrow to run this check)");
    } else {
        assert!(stdout.contains("OK 4"), "{stdout}");
    }
}
