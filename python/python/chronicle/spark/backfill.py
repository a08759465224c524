"""The Chronicle backfill on Apache Spark.

    python -m chronicle.spark.backfill --input PATH --output DIR [--master URL]

Reads articles (JSONL, plain or gzipped, or Parquet; a file or a directory) and writes the
Parquet tables ``articles``, ``event_mentions``, ``events`` and ``actors`` under DIR, which
Spark SQL and DuckDB query directly (``events`` and ``event_mentions`` partitioned by event
month, ``articles`` and ``actors`` by publication month; ``undated`` when there is none).

Stages (two Spark jobs):

1. **annotate** (``mapInArrow`` over the input, one pipeline per Python worker process,
   loaded once and reused by every task the worker runs): each article becomes its annotated
   document plus its grouping keys: content hash, the archive's 20 MinHash LSH band keys, and
   the blocking keys of its events (PLOVER type + actor code prefix), hashed to int64. JSONL
   lines reach the pipeline as they are in the file, as ``chronicle ingest`` reads them; one
   native call per Arrow batch returns the whole output batch. The documents stay cached on
   the executors in a compact form (deflated JSON without the token-parallel layers, as the
   archive stores layers: about a fifth of extract's JSON); only ids, days and keys go to
   the driver.
2. **group** (driver, native union-find): articles sharing any key are connected (exact
   copies, LSH candidates, events that could merge); the connected groups are independent of
   each other and numbered in canonical order, and spread over the replay partitions by
   size (largest first, each to the emptiest partition; see :func:`balance_groups`).
3. **replay and write** (one ``mapInArrow`` over partitions of whole groups): the archive's
   own rules — near-duplicates and event merging — applied to the groups in the canonical
   order (publication day, then id), exactly as ``chronicle ingest`` canonicalizes an
   archive; then the task writes its part of the four tables as Parquet files (one per table
   and month, written under a temporary name and moved into place, so a retried task
   replaces its files), with global event ids (the partition's first group number << 32 |
   local id: unique, though which ids depends on the partitioning; the contents do not).
   The result does not depend on partitioning or input order.
"""

from __future__ import annotations

import argparse
import collections
import heapq
import json
import os
import sys
import time
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import pyarrow as pa

from chronicle import _native
from chronicle.spark import spark_arrow_schema, spark_schema, worker_pipeline

#: What the annotate stage caches per article: id, publication day (days since 1970-01-01),
#: grouping keys hashed to int64, and the compact document (deflated JSON without the
#: token-parallel layers; about a fifth of extract's JSON).
KEYED_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("pub_day", pa.int64()),
        ("keys", pa.list_(pa.int64())),
        ("doc", pa.binary()),
    ]
)

STATUS_SCHEMA = pa.schema([("table", pa.string()), ("rows", pa.int64())])

TABLES = ("articles", "event_mentions", "events", "actors")
PARTITION_COLUMN = {"articles": "pub_month", "event_mentions": "event_month", "events": "event_month",
                    "actors": "pub_month"}

#: The column :func:`read_input` gives JSONL input in: each line as it is in the file, so the
#: records reach the pipeline exactly as ``chronicle ingest`` reads them (no schema inference).
RECORD_COLUMN = "chronicle_record"


def _records(batch: pa.RecordBatch) -> List[str]:
    """The batch's articles as JSON records."""
    if RECORD_COLUMN in batch.schema.names:
        return [r for r in batch.column(RECORD_COLUMN).to_pylist() if r and r.strip()]
    return [json.dumps({k: v for k, v in row.items() if v is not None}, default=str)
            for row in batch.to_pylist()]


def _annotate_batches(batches: Iterable[pa.RecordBatch], fields, default_date) -> Iterator[pa.RecordBatch]:
    pipeline = worker_pipeline()
    for batch in batches:
        if batch.num_rows == 0:
            continue
        # One native call per batch: the batch of ids, days, hashed keys and compact
        # documents is built in Rust and crosses to Spark through Arrow as it is.
        keyed, _skipped = pipeline._native.annotate_keyed_batch(
            _records(batch), date=default_date, fields=fields
        )
        if keyed.num_rows:
            yield keyed


def _months(days: pa.Array) -> pa.Array:
    """``YYYY-MM`` of each day (days since 1970-01-01), ``undated`` for nulls."""
    import pyarrow.compute as pc

    dates = days.cast(pa.int32()).cast(pa.date32())
    return pc.fill_null(pc.strftime(dates.cast(pa.timestamp("s")), format="%Y-%m"), "undated")


def _filesystem(output: str):
    """The pyarrow filesystem of ``output`` and the path within it."""
    from pyarrow import fs

    if "://" in output:
        return fs.FileSystem.from_uri(output)
    return fs.LocalFileSystem(), os.path.abspath(output)


def _replay_partition(output: str, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The groups of one partition, replayed together (groups are independent of each
    other, so replaying several in one in-memory replay decides exactly what replaying each
    alone would), and written as this partition's Parquet files of the four tables."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    from pyspark import TaskContext

    batches = [b for b in batches if b.num_rows]
    if not batches:
        return
    table = pa.Table.from_batches(batches)
    group = pc.min(table.column("group")).as_py()
    docs = table.column("doc")
    if docs.nbytes >= 2**31 - 1:
        docs = docs.cast(pa.large_binary())
    docs = pa.RecordBatch.from_arrays([docs.combine_chunks()], names=["doc"])
    del table, batches
    out = {name: pa.Table.from_batches([b]) for name, b in _native.replay_compact(docs)}
    del docs
    base = pa.scalar(group << 32, pa.int64())

    def glob(col):
        return pc.add(col.cast(pa.int64()), base)

    events = out["events"]
    for name in ("id", "planned_event", "realized_by"):
        events = events.set_column(events.schema.get_field_index(name), name, glob(events.column(name)))
    events = events.append_column("event_month", _months(events.column("start").combine_chunks()))
    mentions = out["event_mentions"]
    ev = glob(mentions.column("event"))
    mentions = mentions.set_column(mentions.schema.get_field_index("event"), "event", ev)
    at = pc.index_in(ev, value_set=events.column("id").combine_chunks())
    month = pc.fill_null(pc.take(events.column("event_month").combine_chunks(), at), "undated")
    mentions = mentions.append_column("event_month", month)
    articles = out["articles"]
    articles = articles.append_column("pub_month", _months(articles.column("day").combine_chunks()))
    actors = out["actors"]
    at = pc.index_in(actors.column("article_id"), value_set=articles.column("id").combine_chunks())
    month = pc.fill_null(pc.take(articles.column("pub_month").combine_chunks(), at), "undated")
    actors = actors.append_column("pub_month", month)
    tables = {"articles": articles, "event_mentions": mentions, "events": events, "actors": actors}

    fs, root = _filesystem(output)
    context = TaskContext.get()
    part = context.partitionId() if context is not None else 0
    attempt = context.attemptNumber() if context is not None else 0
    rows = []
    for name, t in tables.items():
        col = PARTITION_COLUMN[name]
        data = t.drop_columns([col])
        data = data.cast(spark_arrow_schema(data.schema))
        months = t.column(col)
        for m in pc.unique(months).to_pylist():
            directory = f"{root}/{name}/{col}={m}"
            fs.create_dir(directory, recursive=True)
            # One file per table, month and partition, written under a temporary name and
            # moved into place: a retried task replaces its file rather than adding one.
            final = f"{directory}/part-{part:05d}.snappy.parquet"
            temporary = f"{directory}/.part-{part:05d}.{attempt}.tmp"
            with fs.open_output_stream(temporary) as sink:
                pq.write_table(data.filter(pc.equal(months, m)), sink, compression="snappy")
            fs.move(temporary, final)
        rows.append((name, t.num_rows))
    yield pa.RecordBatch.from_arrays(
        [pa.array([r[0] for r in rows], pa.string()), pa.array([r[1] for r in rows], pa.int64())],
        schema=STATUS_SCHEMA,
    )


def balance_groups(sizes: Dict[int, int], partitions: int) -> Dict[int, int]:
    """Each group's replay partition (0..partitions-1): the largest group first, each to the
    partition with the fewest articles so far (ties to the lower number), so the partition
    holding the largest group gets as little else as possible and the others even out.
    Deterministic: groups of equal size in group-number order."""
    load = [(0, p) for p in range(partitions)]
    heapq.heapify(load)
    part_of = {}
    for group, size in sorted(sizes.items(), key=lambda gs: (-gs[1], gs[0])):
        articles, p = heapq.heappop(load)
        part_of[group] = p
        heapq.heappush(load, (articles + size, p))
    return part_of


def _murmur3_long(value: int, seed: int = 42) -> int:
    """Spark's ``Murmur3_x86_32.hashLong`` (the SQL ``hash`` of a bigint, seed 42): the hash
    its hash partitioning takes of a bigint column."""
    mask = 0xFFFFFFFF

    def rotl(x, r):
        return ((x << r) | (x >> (32 - r))) & mask

    def mix(h1, k1):
        k1 = rotl((k1 * 0xCC9E2D51) & mask, 15) * 0x1B873593 & mask
        h1 = rotl(h1 ^ k1, 13)
        return (h1 * 5 + 0xE6546B64) & mask

    value &= 0xFFFFFFFFFFFFFFFF
    h1 = mix(mix(seed & mask, value & mask), value >> 32)
    h1 ^= 8
    h1 ^= h1 >> 16
    h1 = (h1 * 0x85EBCA6B) & mask
    h1 ^= h1 >> 13
    h1 = (h1 * 0xC2B2AE35) & mask
    h1 ^= h1 >> 16
    return h1 - (1 << 32) if h1 >= 1 << 31 else h1


def partition_routing(partitions: int) -> List[int]:
    """For each partition number p, a value v with ``pmod(hash(v), partitions) == p``:
    Spark's hash partitioning of a bigint column puts rows whose column holds v in partition
    p, so ``repartition(partitions, col)`` follows the plan of :func:`balance_groups`
    (computed here, without a Spark job)."""
    routing: Dict[int, int] = {}
    v = 0
    while len(routing) < partitions:
        routing.setdefault(_murmur3_long(v) % partitions, v)
        v += 1
    return [routing[p] for p in range(partitions)]


def remove_stale_parts(output: str) -> int:
    """Deletes the temporary files (``.part-*.tmp``) that task attempts which died while
    writing left under ``output``; returns how many. Readers skip them anyway (dot files),
    this only keeps the directory clean."""
    from pyarrow import fs as pafs

    fs, root = _filesystem(output)
    stale = [
        info.path
        for name in TABLES
        if fs.get_file_info(f"{root}/{name}").type == pafs.FileType.Directory
        for info in fs.get_file_info(pafs.FileSelector(f"{root}/{name}", recursive=True))
        if info.type == pafs.FileType.File
        and info.base_name.startswith(".part-")
        and info.base_name.endswith(".tmp")
    ]
    for path in stale:
        fs.delete_file(path)
    return len(stale)


def _fine_file_splits(spark, splits: int) -> Dict[str, Optional[str]]:
    """Asks Spark to cut file inputs into at least ``splits`` partitions of equal bytes
    (``spark.sql.files.minPartitionNum``, and no 4 MB "open cost" that would keep a small
    file whole), unless the session sets these itself. Returns the previous values for
    :func:`_restore_conf`. Spark reads them when it plans a query, so they apply to the
    annotate job and are restored after it (the later job reads the cached documents)."""
    wanted = {"spark.sql.files.minPartitionNum": str(splits), "spark.sql.files.openCostInBytes": "0"}
    previous = {}
    for key, value in wanted.items():
        # With a default given, Spark returns a value only when the session sets one.
        if spark.conf.get(key, None) is None:
            previous[key] = None
            spark.conf.set(key, value)
    return previous


def _restore_conf(spark, previous: Dict[str, Optional[str]]) -> None:
    for key, value in previous.items():
        if value is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, value)


def read_input(spark, path: str, fmt: Optional[str] = None):
    """Articles from JSONL (plain or gzipped) or Parquet, a file or a directory.

    JSONL comes back as one string column, :data:`RECORD_COLUMN`, holding each line as it
    is: the pipeline reads the records exactly as ``chronicle ingest`` reads the file, and
    Spark need not infer a schema (a pass over the whole input)."""
    from pyspark.sql import functions as F

    if fmt is None:
        probe = path
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if not n.startswith(("_", ".")))
            probe = names[0] if names else ""
        fmt = "parquet" if probe.endswith(".parquet") else "json"
    if fmt == "parquet":
        return spark.read.parquet(path)
    if fmt in ("json", "jsonl"):
        lines = spark.read.text(path).select(F.col("value").alias(RECORD_COLUMN))
        return lines.where(F.length(F.trim(F.col(RECORD_COLUMN))) > 0)
    raise ValueError(f"unknown input format {fmt!r} (json or parquet)")


def backfill(spark, df, output: str, fields: Sequence[Tuple[str, str]] = (), date: Optional[str] = None,
             partitions: Optional[int] = None) -> Dict[str, float]:
    """Runs the backfill of DataFrame ``df`` into ``output``; returns stage timings and counts.

    ``df`` holds articles as columns (``text``, ``id``, ``date``, ...) or, as
    :func:`read_input` gives JSONL, one JSON record per row in :data:`RECORD_COLUMN`.

    Two Spark jobs: (1) read + annotate + grouping keys, the annotated documents cached and
    the keys (not the documents) brought to the driver, which numbers the connected groups;
    (2) the documents shuffled by group, each partition replayed and written as Parquet
    files by its own task (one write pass for the four tables)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    timings: Dict[str, float] = {}
    started = time.time()
    # Twice as many input partitions as cores (twice, so a task of long articles does not
    # leave a core idle at the end). Splittable files are cut that fine where they are read
    # (file splits of equal bytes, for this job only), which costs nothing; an input that
    # still has fewer partitions (a gzipped file, a DataFrame built in memory) is spread
    # round-robin, which costs a shuffle of the input.
    split_conf = _fine_file_splits(spark, 2 * spark.sparkContext.defaultParallelism)
    try:
        if not partitions and df.rdd.getNumPartitions() < 2 * spark.sparkContext.defaultParallelism:
            partitions = 2 * spark.sparkContext.defaultParallelism
        if partitions:
            df = df.repartition(partitions)
        fields = [tuple(f) for f in fields]
        keyed = df.mapInArrow(
            lambda it: _annotate_batches(it, fields, date), spark_schema(KEYED_SCHEMA)
        ).persist(StorageLevel.MEMORY_AND_DISK)
        meta = keyed.select("id", "pub_day", "keys").toArrow()
    finally:
        _restore_conf(spark, split_conf)
    timings["annotate_s"] = time.time() - started

    t = time.time()
    ids = meta.column("id").to_pylist()
    groups, n_groups, largest = _native.assign_groups(
        ids, meta.column("pub_day").to_pylist(), meta.column("keys").to_pylist()
    )
    del meta
    # One row per id (an id read twice is one group's, as the union by id made sure).
    group_of = dict(zip(ids, groups))
    replay_partitions = max(1, min(n_groups, spark.sparkContext.defaultParallelism * 2))
    sizes = collections.Counter(group_of.values())
    part_of = balance_groups(sizes, replay_partitions)
    routing = partition_routing(replay_partitions)
    assignment = spark.createDataFrame(
        pa.table({
            "id": pa.array(list(group_of), pa.string()),
            "group": pa.array(list(group_of.values()), pa.int64()),
            "part": pa.array([routing[part_of[g]] for g in group_of.values()], pa.int64()),
        })
    )
    timings["group_s"] = time.time() - t
    timings["groups"] = n_groups
    timings["largest_group"] = largest

    t = time.time()
    from pyarrow.fs import FileType

    fs, root = _filesystem(output)
    for name in TABLES:
        if fs.get_file_info(f"{root}/{name}").type != FileType.NotFound:
            fs.delete_dir(f"{root}/{name}")
    # Groups go to the partitions balance_groups chose (the largest first, in partition 0,
    # which Spark starts first), not where the hash of their number would put them.
    grouped = (
        keyed.join(F.broadcast(assignment), "id")
        .select("group", "part", "doc")
        .repartition(replay_partitions, "part")
        .drop("part")
    )
    status = grouped.mapInArrow(lambda it: _replay_partition(output, it), spark_schema(STATUS_SCHEMA)).toArrow()
    remove_stale_parts(output)
    for name in TABLES:
        fs.create_dir(f"{root}/{name}", recursive=True)
        with fs.open_output_stream(f"{root}/{name}/_SUCCESS"):
            pass
    timings["replay_write_s"] = time.time() - t
    keyed.unpersist()
    rows = {name: 0 for name in TABLES}
    for name, n in zip(status.column("table").to_pylist(), status.column("rows").to_pylist()):
        rows[name] += n
    timings["articles"] = rows["articles"]
    timings.update({f"{name}_rows": n for name, n in rows.items()})
    timings["total_s"] = time.time() - started
    return timings


def session(master: Optional[str] = None, app: str = "chronicle-backfill", shuffle_partitions: int = 8,
            driver_memory: Optional[str] = "3g"):
    """A Spark session for :func:`backfill`. ``driver_memory`` applies when this call starts the
    JVM (local mode: the driver is the executor and caches the annotated documents, about ten
    times the input's size; Spark's default 1 GB made the cache of all of Reuters spill to disk
    and doubled the backfill's time). ``None`` leaves Spark's setting."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
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
    parser.add_argument("--partitions", type=int, help="repartition the input into N partitions (default: 2 x cores when it has fewer)")
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
