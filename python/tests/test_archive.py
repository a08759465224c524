import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import chronicle


def test_queries_as_pandas_and_arrow(example_archive):
    archive = chronicle.Archive(example_archive)
    stats = archive.stats()
    assert stats["articles"] >= 8 and stats["events"] > 0
    events = archive.events()
    assert len(events) > 0 and {"plover", "source_codes", "num_mentions"} <= set(events.columns)
    consult = archive.events(plover="CONSULT", as_="arrow")
    assert isinstance(consult, pa.Table) and set(consult.column("plover").to_pylist()) == {"CONSULT"}
    hits = archive.search("talks", limit=3)
    assert 0 < len(hits) <= 3 and "snippet" in hits.columns
    actors = archive.actors(limit=5, as_="records")
    assert actors and actors[0]["articles"] >= actors[-1]["articles"]
    kor = archive.timeline("KOR")
    assert len(kor) > 0
    first = hits.iloc[0]["id"]
    record = archive.article(first)
    assert record["article"]["id"] == first
    assert archive.article("no such id") is None
    event_id = int(events.iloc[0]["id"])
    assert len(archive.mentions(event_id)) >= 1


def test_errors(example_archive, tmp_path):
    with pytest.raises(OSError, match="no such archive"):
        chronicle.Archive(tmp_path / "missing.db")
    archive = chronicle.Archive(example_archive)
    with pytest.raises(ValueError):
        archive.events(since="not a date")
    with pytest.raises(ValueError, match="as_ must be"):
        archive.events(as_="excel")


def test_parquet_export_types_in_pyarrow_and_duckdb(chronicle_cli, example_archive, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    subprocess.run(
        [chronicle_cli, "export", "--db", str(example_archive), "--format", "parquet", "--out", str(path)],
        check=True,
        capture_output=True,
    )
    table = pq.read_table(path)
    s = table.schema
    assert s.field("id").type == pa.int64()
    assert s.field("day").type == pa.date32() and s.field("start").type == pa.date32()
    assert s.field("first_report").type == pa.date32()
    assert s.field("source_codes").type == pa.list_(pa.string())
    assert s.field("quad_class").type == pa.int8()
    assert s.field("planned").type == pa.bool_()
    assert s.field("confidence").type == pa.float64()
    n = chronicle.Archive(example_archive).stats()
    rows = table.to_pylist()
    assert len(rows) > 0
    assert all(r["plover"] for r in rows)
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
    assert types["day"] == "DATE" and types["source_codes"] == "VARCHAR[]" and types["id"] == "BIGINT"
    count = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
    assert count == len(rows) and n["events"] >= count
