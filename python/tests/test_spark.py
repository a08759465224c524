"""Spark in local mode: `annotate` on mapInArrow, and the backfill against `chronicle ingest`."""

import gzip
import json
import os
import random
import sqlite3
import subprocess
from collections import defaultdict

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

import chronicle

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'chronicle[spark]')")

from chronicle import spark as cspark  # noqa: E402
from chronicle.spark import backfill as bf  # noqa: E402

REUTERS_N = 2000


@pytest.fixture(scope="module")
def spark():
    s = bf.session("local[2]", app="chronicle-tests")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_annotate_on_mapinarrow(spark):
    df = spark.createDataFrame(
        [("a1", "Blinken will meet Chung in Seoul on Friday.", "2021-03-05"),
         ("a2", "Protesters marched in Bangkok on Sunday, police said.", "2021-03-07")],
        "id string, text string, date string",
    )
    events = cspark.annotate(df, table="events").collect()
    consult = [r for r in events if r.plover == "CONSULT"]
    assert consult and consult[0].article_id == "a1" and str(consult[0].day) == "2021-03-05"
    arts = cspark.annotate(df).orderBy("id").collect()
    assert [a.id for a in arts] == ["a1", "a2"] and str(arts[1].day) == "2021-03-07"


def reuters_sample(path, n, out):
    """The first n Reuters articles with a body, as JSONL."""
    kept = 0
    with gzip.open(path, "rt", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            rec = json.loads(line)
            if not (rec.get("body") or "").strip():
                continue
            dst.write(line if line.endswith("\n") else line + "\n")
            kept += 1
            if kept == n:
                break
    return kept


def archive_view(db):
    """What must agree: articles, near-duplicate pairs, event mentions, merged events."""
    con = sqlite3.connect(db)
    ids = {r[0] for r in con.execute("SELECT id FROM articles")}
    pairs = set(con.execute(
        "SELECT a.id, o.id FROM articles a JOIN articles o ON o.rowid = a.duplicate_of"))
    mentions = set()
    groups = defaultdict(set)
    for article, idx, cameo, plover, modality, event in con.execute(
        "SELECT a.id, m.idx, m.cameo, m.plover, m.modality, m.event FROM mentions m "
        "JOIN articles a ON a.rowid = m.article"
    ):
        mentions.add((article, idx, cameo, plover, modality))
        groups[event].add((article, idx))
    facts = {}
    for eid, n_m, n_a, n_i, conf, src, tgt in con.execute(
        "SELECT rowid, num_mentions, num_articles, num_independent, confidence, source_codes, target_codes FROM events"
    ):
        facts[frozenset(groups[eid])] = (n_m, n_a, n_i, round(conf, 5), tuple(sorted(src.split())), tuple(sorted(tgt.split())))
    return ids, pairs, mentions, facts


def backfill_view(out):
    arts = ds.dataset(os.path.join(out, "articles"), format="parquet", partitioning="hive").to_table().to_pylist()
    ids = {a["id"] for a in arts}
    pairs = {(a["id"], a["duplicate_of"]) for a in arts if a["duplicate_of"]}
    men = ds.dataset(os.path.join(out, "event_mentions"), format="parquet", partitioning="hive").to_table().to_pylist()
    mentions = {(m["article_id"], m["idx"], m["cameo"], m["plover"], m["modality"]) for m in men}
    groups = defaultdict(set)
    for m in men:
        groups[m["event"]].add((m["article_id"], m["idx"]))
    evs = ds.dataset(os.path.join(out, "events"), format="parquet", partitioning="hive").to_table().to_pylist()
    facts = {}
    for e in evs:
        facts[frozenset(groups[e["id"]])] = (e["num_mentions"], e["num_articles"], e["num_independent"],
                                             round(e["confidence"], 5), tuple(sorted(e["source_codes"])),
                                             tuple(sorted(e["target_codes"])))
    return ids, pairs, mentions, facts


def ingest(cli, src, db):
    subprocess.run([cli, "ingest", "--db", str(db), "--quiet", "--field", "body=text", str(src)],
                   check=True, capture_output=True)


def test_backfill_equals_ingest_on_reuters(spark, chronicle_cli, reuters_path, tmp_path):
    src = tmp_path / "reuters.jsonl"
    assert reuters_sample(reuters_path, REUTERS_N, src) == REUTERS_N
    db = tmp_path / "ingest.db"
    ingest(chronicle_cli, src, db)
    expected = archive_view(db)

    # The archive's canonical form does not depend on input order.
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    random.Random(7).shuffle(lines)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("".join(lines), encoding="utf-8")
    db2 = tmp_path / "shuffled.db"
    ingest(chronicle_cli, shuffled, db2)
    assert archive_view(db2) == expected

    out = tmp_path / "backfill"
    df = bf.read_input(spark, str(shuffled))
    timings = bf.backfill(spark, df, str(out), fields=[("body", "text")], partitions=4)
    assert timings["articles"] == REUTERS_N
    got = backfill_view(out)
    names = ("articles", "near-duplicate pairs", "event mentions", "merged events")
    for name, g, e in zip(names, got, expected):
        assert g == e, f"{name} differ: {len(g)} vs {len(e)}"
    assert expected[1], "the sample should hold near-duplicates"
    assert len(expected[3]) < len(expected[2]), "some mentions should merge"


def test_backfill_tables_open_in_spark_sql_and_duckdb(spark, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    src = tmp_path / "in.jsonl"
    recs = [
        {"id": "a1", "date": "2021-03-05", "text": "Blinken will meet Chung in Seoul on Friday, officials said."},
        {"id": "a2", "date": "2021-03-06", "text": "Blinken met Chung in Seoul on Friday, the ministry said."},
        {"id": "a3", "date": "2021-03-06", "text": "Protesters marched in Bangkok on Sunday, police said."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs))
    out = tmp_path / "out"
    bf.backfill(spark, bf.read_input(spark, str(src)), str(out))
    for table in bf.TABLES:
        assert (out / table / "_SUCCESS").exists(), table
    ev = spark.read.parquet(str(out / "events"))
    types = dict(ev.dtypes)
    assert types["day"] == "date" and types["source_codes"] == "array<string>" and types["event_month"] == "string"
    n = spark.sql(f"SELECT count(*) AS n FROM parquet.`{out / 'event_mentions'}`").collect()[0].n
    assert n >= 1
    con = duckdb.connect()
    months = con.execute(
        f"SELECT DISTINCT event_month FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning=true)"
    ).fetchall()
    assert ("2021-03",) in months
    arts = con.execute(f"SELECT id, typeof(day) FROM read_parquet('{out}/articles/*/*.parquet') ORDER BY id").fetchall()
    assert [a[0] for a in arts] == ["a1", "a2", "a3"] and arts[0][1] == "DATE"


def test_partition_routing_puts_each_group_where_balance_groups_planned(spark):
    from pyspark.sql import functions as F

    values = list(range(-3, 3)) + [2**40 + 7, -(2**62)]
    expected = spark.createDataFrame([(v,) for v in values], "v long").select(F.hash("v").alias("h")).collect()
    assert [bf._murmur3_long(v) for v in values] == [r.h for r in expected]
    n = 4
    routing = bf.partition_routing(n)
    assert len(set(routing)) == n
    plan = bf.balance_groups({1: 9, 2: 3, 3: 3, 4: 2, 5: 1, 6: 1}, n)
    rows = [(g, routing[p]) for g, p in plan.items()]
    df = spark.createDataFrame(rows, "group long, part long").repartition(n, "part")
    got = {r.group: r.pid for r in df.select("group", F.spark_partition_id().alias("pid")).collect()}
    assert got == plan


class _Attempt:
    """A stand-in for the TaskContext of a task attempt."""

    def __init__(self, part, attempt):
        self._part, self._attempt = part, attempt

    def partitionId(self):
        return self._part

    def attemptNumber(self):
        return self._attempt


def _replay_input():
    records = [
        json.dumps({"id": "r1", "date": "2021-03-05", "text": "Blinken will meet Chung in Seoul on Friday, officials said."}),
        json.dumps({"id": "r2", "date": "2021-04-06", "text": "Protesters marched in Bangkok on Sunday, police said."}),
    ]
    keyed, _ = cspark.worker_pipeline()._native.annotate_keyed_batch(records)
    return pa.RecordBatch.from_arrays([pa.array([5, 5], pa.int64()), keyed.column("doc")], names=["group", "doc"])


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_retried_replay_task_replaces_its_files(tmp_path, monkeypatch):
    from pyspark import TaskContext

    out = tmp_path / "out"
    batch = _replay_input()
    monkeypatch.setattr(TaskContext, "get", classmethod(lambda cls: _Attempt(3, 0)))
    first = pa.Table.from_batches(list(bf._replay_partition(str(out), [batch])))
    files = _files(out)
    assert files and all("part-00003.snappy.parquet" in f for f in files)
    assert any(f.startswith("articles/pub_month=2021-03/") for f in files)
    before = {f: ds.dataset(str(out / f)).to_table() for f in files}
    # An attempt that died while writing leaves its temporary file; the retry (attempt 1)
    # writes the same files again, and the tables read as after one attempt.
    stale = out / "articles" / "pub_month=2021-03" / ".part-00003.0.tmp"
    stale.write_bytes(b"half a file")
    monkeypatch.setattr(TaskContext, "get", classmethod(lambda cls: _Attempt(3, 1)))
    second = pa.Table.from_batches(list(bf._replay_partition(str(out), [batch])))
    assert second.equals(first)
    assert _files(out) == sorted(files + [str(stale.relative_to(out))])
    for f, table in before.items():
        assert ds.dataset(str(out / f)).to_table().equals(table), f
    arts = ds.dataset(str(out / "articles"), format="parquet", partitioning="hive").to_table()
    assert sorted(arts.column("id").to_pylist()) == ["r1", "r2"]
    assert bf.remove_stale_parts(str(out)) == 1
    assert _files(out) == files


def test_a_small_file_is_read_in_fine_splits_for_the_job_only(spark, tmp_path):
    src = tmp_path / "small.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": "Officials met in Seoul on Friday. " * 20}) + "\n"
                           for i in range(400)), encoding="utf-8")
    key = "spark.sql.files.minPartitionNum"
    assert spark.conf.get(key, None) is None
    assert bf.read_input(spark, str(src)).rdd.getNumPartitions() == 1
    previous = bf._fine_file_splits(spark, 4)
    try:
        # Planned now: at least four splits, every line read once.
        lines = bf.read_input(spark, str(src))
        assert lines.rdd.getNumPartitions() >= 4
        assert sorted(json.loads(r[0])["id"] for r in lines.collect()) == sorted(f"a{i}" for i in range(400))
    finally:
        bf._restore_conf(spark, previous)
    assert spark.conf.get(key, None) is None
    assert bf.read_input(spark, str(src)).rdd.getNumPartitions() == 1

    # A session that sets the split count keeps it.
    spark.conf.set(key, "3")
    try:
        assert key not in bf._fine_file_splits(spark, 4)
        assert spark.conf.get(key) == "3"
    finally:
        spark.conf.unset(key)
        spark.conf.unset("spark.sql.files.openCostInBytes")
