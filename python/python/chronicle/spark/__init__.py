"""Chronicle on Apache Spark.

* :func:`annotate` — annotate a DataFrame of articles with ``mapInArrow`` over the package's
  Rust core; one output row per article, or per event mention / entity / time / actor.
* :mod:`chronicle.spark.backfill` — ``python -m chronicle.spark.backfill --input PATH
  --output DIR [--master URL]``: JSONL or Parquet articles to the Parquet tables
  ``articles``, ``event_mentions``, ``events`` and ``actors``, with near-duplicates and
  merged events exactly as ``chronicle ingest`` decides them.

Executors load one :class:`chronicle.Pipeline` per Python worker process and reuse it.
"""

from __future__ import annotations

from typing import Iterator, Optional

import pyarrow as pa

import chronicle

__all__ = ["annotate", "spark_schema", "TABLE_SCHEMAS"]

_pipeline: Optional[chronicle.Pipeline] = None


def worker_pipeline() -> chronicle.Pipeline:
    """The pipeline of this Python worker process (loaded on first use)."""
    global _pipeline
    if _pipeline is None:
        _pipeline = chronicle.Pipeline()
    return _pipeline


def _arrow_schemas() -> dict:
    p = worker_pipeline()
    empty = pa.table({"text": pa.array([], pa.string())})
    return {name: t.schema for name, t in p.annotate_arrow(empty).items()}


TABLE_SCHEMAS: dict = {}


def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of an annotation table (``articles``, ``entities``, ``times``,
    ``actors``, ``events``): the same as ``Pipeline.annotate_arrow`` returns."""
    if not TABLE_SCHEMAS:
        TABLE_SCHEMAS.update(_arrow_schemas())
    if table not in TABLE_SCHEMAS:
        raise ValueError(f"unknown table {table!r} (one of {', '.join(chronicle.TABLES)})")
    return TABLE_SCHEMAS[table]


def spark_arrow_schema(schema: pa.Schema) -> pa.Schema:
    """The schema as Spark's Arrow exchange writes it: timestamps in microseconds, UTC;
    non-nullable flags dropped (Spark decides nullability itself)."""
    fields = []
    for f in schema:
        t = f.type
        if pa.types.is_timestamp(t):
            t = pa.timestamp("us", tz="UTC")
        fields.append(pa.field(f.name, t, nullable=True))
    return pa.schema(fields)


def spark_schema(schema: pa.Schema):
    """The Spark ``StructType`` of an Arrow schema."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(spark_arrow_schema(schema))


def conform(table: pa.Table, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """``table``'s batches cast to ``schema`` (as Spark expects them back)."""
    table = table.select(schema.names).cast(schema)
    yield from table.to_batches()


def annotate(df, text: str = "text", date: Optional[str] = "date", id: Optional[str] = "id",
             table: str = "articles", default_date=None):
    """Annotates the articles of a Spark DataFrame with ``mapInArrow``.

    :param df: a DataFrame with a text column (and optionally date and id columns; other
        columns named ``title``, ``url``, ``source`` are read too).
    :param text: the text column.
    :param date: the publication date column (string, date or timestamp), or None.
    :param id: the article id column, or None (ids are then content hashes).
    :param table: which table to return: ``articles`` (one row per article), ``events``
        (one per event mention), ``entities``, ``times`` or ``actors``.
    :param default_date: publication date for rows without one.
    :returns: a DataFrame with the schema of ``chronicle.spark.table_schema(table)``.
    """
    from pyspark.sql import functions as F

    cols = [F.col(text).cast("string").alias("text")]
    if date is not None and date in df.columns:
        dtype = dict(df.dtypes)[date]
        if dtype.startswith("timestamp"):
            cols.append(F.date_format(F.col(date), "yyyy-MM-dd'T'HH:mm:ss").alias("date"))
        else:
            cols.append(F.col(date).cast("string").alias("date"))
    if id is not None and id in df.columns:
        cols.append(F.col(id).cast("string").alias("id"))
    for extra in ("title", "url", "source"):
        if extra in df.columns:
            cols.append(F.col(extra).cast("string").alias(extra))
    schema = spark_arrow_schema(table_schema(table))
    default = chronicle._date_arg(default_date)

    def run(batches):
        pipeline = worker_pipeline()
        for batch in batches:
            if batch.num_rows == 0:
                continue
            out = pipeline.annotate_arrow(batch, date=default)[table]
            yield from conform(out, schema)

    return df.select(*cols).mapInArrow(run, spark_schema(schema))
