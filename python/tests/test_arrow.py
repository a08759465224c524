import threading

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import chronicle

SEOUL = "Blinken will meet Chung in Seoul on Friday."
BANGKOK = "Protesters marched in Bangkok on Sunday, police said."


@pytest.fixture(scope="module")
def pipeline():
    return chronicle.Pipeline()


def articles(n=2):
    return pa.table(
        {
            "id": ["a1", "a2"][:n],
            "text": [SEOUL, BANGKOK][:n],
            "date": pa.array([pa.scalar(18691, pa.date32()).as_py()] * n, pa.date32()),  # 2021-03-05
            "title": ["Talks", None][:n],
        }
    )


def test_tables_and_their_types(pipeline):
    out = pipeline.annotate_arrow(articles())
    assert list(out) == list(chronicle.TABLES)
    a = out["articles"]
    assert a.column("id").to_pylist() == ["a1", "a2"]
    assert a.schema.field("day").type == pa.date32()
    assert a.schema.field("published").type == pa.timestamp("ms", tz="UTC")
    assert str(a.column("day")[0]) == "2021-03-05"
    ev = out["events"]
    assert ev.schema.field("source_codes").type == pa.list_(pa.string())
    assert ev.schema.field("day").type == pa.date32()
    assert ev.schema.field("report_day").type == pa.date32()
    consult = [r for r in ev.to_pylist() if r["plover"] == "CONSULT"]
    assert consult and consult[0]["article_id"] == "a1" and str(consult[0]["day"]) == "2021-03-05"
    assert consult[0]["date"] == "2021-03-05"
    times = out["times"]
    assert times.schema.field("value").type == pa.string() and times.schema.field("day").type == pa.date32()


def test_same_annotations_as_extract(pipeline):
    docs = pipeline.extract([{"id": "a1", "text": SEOUL}, {"id": "a2", "text": BANGKOK}], date="2021-03-05")
    out = pipeline.annotate_arrow(articles())
    for doc in docs:
        mine = [r for r in out["events"].to_pylist() if r["article_id"] == doc["id"]]
        assert [(r["cameo"], r["plover"], r["trigger"]) for r in mine] == [
            (e["cameo"], e["plover"], e["trigger"]["text"]) for e in doc["events"]
        ]
        ents = [r for r in out["entities"].to_pylist() if r["article_id"] == doc["id"]]
        assert [(e["text"], e["label"]) for e in ents] == [(e["text"], e["label"]) for e in doc["entities"]]


def test_record_batches_timestamps_and_default_dates(pipeline):
    batch = pa.RecordBatch.from_pydict(
        {"text": [SEOUL], "date": pa.array([1614936600000], pa.timestamp("ms", tz="UTC"))}
    )
    out = pipeline.annotate_arrow(batch)
    assert out["articles"].column("published")[0].as_py().isoformat() == "2021-03-05T09:30:00+00:00"
    undated = pipeline.annotate_arrow(pa.table({"text": [SEOUL]}), date="2021-03-05")
    assert str(undated["articles"].column("day")[0]) == "2021-03-05"
    assert len(undated["articles"].column("id")[0].as_py()) == 16  # the content hash


def test_errors_name_the_problem(pipeline):
    with pytest.raises(ValueError, match="no 'text' column"):
        pipeline.annotate_arrow(pa.table({"body": ["x"]}))
    with pytest.raises(TypeError):
        pipeline.annotate_arrow({"text": ["x"]})
    empty = pipeline.annotate_arrow(pa.table({"text": pa.array([], pa.string())}))
    assert all(t.num_rows == 0 for t in empty.values())


def test_threads_share_one_pipeline(pipeline):
    results = []

    def work():
        results.append(pipeline.annotate_arrow(articles())["events"].num_rows)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0] > 0


def test_tables_round_trip_through_parquet_and_duckdb(pipeline, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = pipeline.annotate_arrow(articles())
    for name, table in out.items():
        path = tmp_path / f"{name}.parquet"
        pq.write_table(table, path)
        back = pq.read_table(path)
        assert back.schema.equals(table.schema), name
        n = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
        assert n == table.num_rows
    row = duckdb.connect().execute(
        f"SELECT typeof(day), typeof(source_codes) FROM read_parquet('{tmp_path / 'events.parquet'}') LIMIT 1"
    ).fetchall()[0]
    assert row == ("DATE", "VARCHAR[]")
