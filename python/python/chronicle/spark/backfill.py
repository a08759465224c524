"""The Chronicle backfill on Apache Spark.

    python -m chronicle.spark.backfill --input PATH --output DIR [--master URL]

Reads articles (JSONL, plain or gzipped, or Parquet; a file or a directory) and writes the
Parquet tables ``articles``, ``event_mentions``, ``events`` and ``actors`` under DIR, which
Spark SQL and DuckDB query directly (``events`` and ``event_mentions`` partitioned by event
month, ``articles`` and ``actors`` by publication month; ``undated`` when there is none).

Stages:

1. **annotate** (``mapInArrow``, one pipeline per Python worker): each article becomes its
   annotated document plus its grouping keys: content hash, the archive's 20 MinHash LSH
   band keys, and the blocking keys of its events (PLOVER type + actor code prefix).
2. **group**: articles sharing any key are connected (exact copies, LSH candidates, events
   that could merge); the connected groups are independent of each other.
3. **replay** (``mapInArrow`` over partitions of whole groups): the archive's own rules — near-duplicates and
   event merging — applied to the group in the canonical order (publication day, then id),
   exactly as ``chronicle ingest`` canonicalizes an archive. The result does not depend on
   partitioning or input order.
4. **write**: the four tables, with global event ids (the partition's first group number << 32 |
   local id: unique, though which ids depends on the partitioning; the contents do not).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import pyarrow as pa

import chronicle
from chronicle import _native
from chronicle.spark import spark_arrow_schema, spark_schema, worker_pipeline

KEYED_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("pub_day", pa.int64()),
        ("hash", pa.string()),
        ("keys", pa.list_(pa.string())),
        ("doc", pa.string()),
    ]
)

PAYLOAD_SCHEMA = pa.schema([("table", pa.string()), ("part", pa.int64()), ("data", pa.binary())])

TABLES = ("articles", "event_mentions", "events", "actors")


def _annotate_batches(batches: Iterable[pa.RecordBatch], fields, default_date) -> Iterator[pa.RecordBatch]:
    pipeline = worker_pipeline()
    for batch in batches:
        if batch.num_rows == 0:
            continue
        records = [json.dumps({k: v for k, v in row.items() if v is not None}, default=str)
                   for row in batch.to_pylist()]
        docs = pipeline._native.extract_json(records, date=default_date, fields=fields)
        keys = _native.grouping_keys(docs)
        group_keys = []
        for (_id, _day, h, bands, blocking) in keys:
            k = ["h:" + h]
            if bands:
                k.extend(f"b{i}:{b}" for i, b in enumerate(bands))
            k.extend("e:" + b for b in blocking)
            group_keys.append(k)
        yield pa.RecordBatch.from_arrays(
            [
                pa.array([k[0] for k in keys], pa.string()),
                pa.array([k[1] for k in keys], pa.int64()),
                pa.array([k[2] for k in keys], pa.string()),
                pa.array(group_keys, pa.list_(pa.string())),
                pa.array(docs, pa.string()),
            ],
            schema=KEYED_SCHEMA,
        )


class _UnionFind:
    def __init__(self) -> None:
        self.parent: Dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _month(days: Optional[int]) -> str:
    if days is None:
        return "undated"
    import datetime

    d = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(days))
    return f"{d.year:04d}-{d.month:02d}"


def _ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue()


def _replay_partition(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The groups of one partition, replayed together (groups are independent of each
    other, so replaying several in one scratch archive decides exactly what replaying each
    alone would); the four tables come out as Arrow IPC payloads."""
    batches = [b for b in batches if b.num_rows]
    if not batches:
        return
    table = pa.Table.from_batches(batches)
    group = min(table.column("group").to_pylist())
    docs = table.column("doc").to_pylist()
    out = {name: pa.Table.from_batches([b]) for name, b in _native.replay_tables(docs)}
    base = group << 32

    def glob(col):
        import pyarrow.compute as pc

        return pc.add(col.cast(pa.int64()), pa.scalar(base, pa.int64()))

    events = out["events"]
    for name in ("id", "planned_event", "realized_by"):
        events = events.set_column(events.schema.get_field_index(name), name, glob(events.column(name)))
    start = events.column("start").cast(pa.int32()).to_pylist()
    event_month = [_month(d) for d in start]
    events = events.append_column("event_month", pa.array(event_month, pa.string()))
    month_of_event = dict(zip(events.column("id").to_pylist(), event_month))
    mentions = out["event_mentions"]
    ev = glob(mentions.column("event"))
    mentions = mentions.set_column(mentions.schema.get_field_index("event"), "event", ev)
    mentions = mentions.append_column(
        "event_month", pa.array([month_of_event.get(e, "undated") for e in ev.to_pylist()], pa.string())
    )
    articles = out["articles"]
    pub_month = [_month(d) for d in articles.column("day").cast(pa.int32()).to_pylist()]
    articles = articles.append_column("pub_month", pa.array(pub_month, pa.string()))
    month_of_article = dict(zip(articles.column("id").to_pylist(), pub_month))
    actors = out["actors"]
    actors = actors.append_column(
        "pub_month", pa.array([month_of_article.get(a, "undated") for a in actors.column("article_id").to_pylist()], pa.string())
    )
    tables = {"articles": articles, "event_mentions": mentions, "events": events, "actors": actors}
    rows = [(name, group, _ipc(t)) for name, t in tables.items()]
    yield pa.RecordBatch.from_arrays(
        [pa.array([r[0] for r in rows]), pa.array([r[1] for r in rows], pa.int64()), pa.array([r[2] for r in rows], pa.binary())],
        schema=PAYLOAD_SCHEMA,
    )


def _decode(name: str, schema: pa.Schema):
    def run(batches):
        for batch in batches:
            for data in batch.column("data").to_pylist():
                table = pa.ipc.open_stream(data).read_all()
                if table.num_rows:
                    yield from table.cast(schema).to_batches()

    return run


def table_schemas() -> Dict[str, pa.Schema]:
    """The Arrow schemas of the four output tables (with their partition column)."""
    probe = chronicle.Pipeline().extract(
        [{"id": "probe", "text": "Blinken will meet Chung in Seoul on Friday.", "date": "2021-03-05"}]
    )
    tables = {n: pa.Table.from_batches([b]) for n, b in _native.replay_tables([json.dumps(probe[0])])}
    part = {"articles": "pub_month", "event_mentions": "event_month", "events": "event_month", "actors": "pub_month"}
    return {n: spark_arrow_schema(tables[n].schema).append(pa.field(part[n], pa.string())) for n in TABLES}


def read_input(spark, path: str, fmt: Optional[str] = None):
    """Articles from JSONL (plain or gzipped) or Parquet, a file or a directory."""
    if fmt is None:
        probe = path
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if not n.startswith(("_", ".")))
            probe = names[0] if names else ""
        fmt = "parquet" if probe.endswith(".parquet") else "json"
    if fmt == "parquet":
        return spark.read.parquet(path)
    if fmt in ("json", "jsonl"):
        # Strings stay strings (no date inference), as `chronicle ingest` reads them.
        return spark.read.option("inferTimestamp", "false").option("prefersDecimal", "false").json(path)
    raise ValueError(f"unknown input format {fmt!r} (json or parquet)")


def backfill(spark, df, output: str, fields: Sequence[Tuple[str, str]] = (), date: Optional[str] = None,
             partitions: Optional[int] = None) -> Dict[str, float]:
    """Runs the backfill of DataFrame ``df`` into ``output``; returns stage timings and counts."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    timings: Dict[str, float] = {}
    started = time.time()
    if partitions:
        df = df.repartition(partitions)
    fields = [tuple(f) for f in fields]
    keyed = df.mapInArrow(
        lambda it: _annotate_batches(it, fields, date), spark_schema(KEYED_SCHEMA)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    n_articles = keyed.count()
    timings["annotate_s"] = time.time() - started

    t = time.time()
    groups = (
        keyed.select("id", F.explode("keys").alias("key"))
        .groupBy("key")
        .agg(F.collect_set("id").alias("ids"))
        .where(F.size("ids") > 1)
        .select("ids")
        .collect()
    )
    uf = _UnionFind()
    for row in groups:
        ids = sorted(row.ids)
        for other in ids[1:]:
            uf.union(ids[0], other)
    ids_days = keyed.select("id", "pub_day").collect()
    roots: Dict[str, List[Tuple[int, str]]] = {}
    for r in ids_days:
        roots.setdefault(uf.find(r.id), []).append((r.pub_day if r.pub_day is not None else 2**62, r.id))
    # Groups numbered in canonical order of their first article: stable event ids.
    order = sorted(roots, key=lambda root: min(roots[root]))
    number = {root: i + 1 for i, root in enumerate(order)}
    assignment = spark.createDataFrame(
        [(r.id, number[uf.find(r.id)]) for r in ids_days], "id string, group long"
    )
    timings["group_s"] = time.time() - t
    timings["groups"] = len(order)
    timings["largest_group"] = max((len(v) for v in roots.values()), default=0)

    t = time.time()
    replay_partitions = max(1, min(len(order), spark.sparkContext.defaultParallelism * 2))
    grouped = keyed.join(assignment, "id").select("group", "doc").repartition(replay_partitions, "group")
    payload = grouped.mapInArrow(_replay_partition, spark_schema(PAYLOAD_SCHEMA)).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    payload.count()
    timings["replay_s"] = time.time() - t

    t = time.time()
    schemas = table_schemas()
    part = {"articles": "pub_month", "event_mentions": "event_month", "events": "event_month", "actors": "pub_month"}
    for name in TABLES:
        schema = schemas[name]
        table = payload.where(F.col("table") == name).mapInArrow(_decode(name, schema), spark_schema(schema))
        table.write.mode("overwrite").partitionBy(part[name]).parquet(os.path.join(output, name))
    timings["write_s"] = time.time() - t
    payload.unpersist()
    keyed.unpersist()
    timings["articles"] = n_articles
    timings["total_s"] = time.time() - started
    return timings


def session(master: Optional[str] = None, app: str = "chronicle-backfill", shuffle_partitions: int = 8):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    return (
        builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .getOrCreate()
    )


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chronicle.spark.backfill",
        description="Annotate articles on Spark and write Parquet tables articles, event_mentions, events, actors.",
    )
    parser.add_argument("--input", required=True, help="JSONL (.jsonl, .jsonl.gz) or Parquet articles: a file or a directory")
    parser.add_argument("--output", required=True, help="directory for the Parquet tables")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    parser.add_argument("--format", choices=["json", "parquet"], help="input format (default: by extension)")
    parser.add_argument("--field", action="append", default=[], metavar="FROM=TO",
                        help="map an input field to ours, e.g. body=text (repeatable)")
    parser.add_argument("--date", help="publication date for articles without one (YYYY-MM-DD)")
    parser.add_argument("--partitions", type=int, help="repartition the input into N partitions")
    args = parser.parse_args(argv)
    fields = []
    for f in args.field:
        if "=" not in f:
            parser.error(f"--field takes FROM=TO, got {f!r}")
        fields.append(tuple(f.split("=", 1)))
    if not os.path.exists(args.input) and "://" not in args.input:
        parser.error(f"--input {args.input}: no such file or directory")
    spark = session(args.master)
    spark.sparkContext.setLogLevel("WARN")
    df = read_input(spark, args.input, args.format)
    timings = backfill(spark, df, args.output, fields=fields, date=args.date, partitions=args.partitions)
    print(json.dumps(timings), file=sys.stderr)
    print(
        f"backfill: {int(timings['articles'])} article(s) in {timings['total_s']:.1f}s "
        f"({timings['articles'] / max(timings['total_s'], 1e-9):.1f} articles/s) -> {args.output}",
        file=sys.stderr,
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
