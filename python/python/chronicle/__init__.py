"""Chronicle for Python: news articles to entities, times, actors, CAMEO/PLOVER events and
quotes, annotated by the Rust core (the same as the ``chronicle`` command).

>>> import chronicle
>>> doc = chronicle.extract(["Blinken will meet Chung in Seoul on Friday."], date="2021-03-05")[0]
>>> doc["events"][0]["plover"]
'CONSULT'

* :func:`extract` — texts or records to the public JSON of ``chronicle extract`` (dicts);
* :class:`Pipeline` — the pipeline loaded once; :meth:`Pipeline.annotate_arrow` annotates a
  pyarrow table of articles on every core and returns Arrow tables;
* :class:`Archive` — read-only queries on an archive made by ``chronicle ingest``, as pandas
  DataFrames or pyarrow tables;
* :mod:`chronicle.spark` — the same on Apache Spark (``annotate`` and the backfill job).
"""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pyarrow as pa

from . import _native

__all__ = ["extract", "Pipeline", "Archive", "TABLES", "fingerprint", "similarity", "__version__"]

__version__: str = _native.version()

#: The tables :meth:`Pipeline.annotate_arrow` returns, in order.
TABLES = ("articles", "entities", "times", "actors", "events")

#: Input columns :meth:`Pipeline.annotate_arrow` reads (``text`` is required).
INPUT_COLUMNS = ("text", "id", "date", "title", "url", "source")

Record = Union[str, Mapping[str, Any]]

_default_lock = threading.Lock()
_default: Optional["Pipeline"] = None


def fingerprint(text: str):
    """The archive's content hash, MinHash signature and LSH band keys of ``text``:
    ``(hash, signature | None, bands | None)``; ``None`` for texts too short to compare."""
    return _native.fingerprint(text)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two MinHash signatures (from :func:`fingerprint`)."""
    return _native.similarity(list(a), list(b))


def _record_json(record: Record, place: int) -> str:
    if isinstance(record, str):
        return json.dumps({"text": record})
    if isinstance(record, Mapping):
        if "text" not in record:
            raise ValueError(f"record {place}: no 'text' field")
        return json.dumps(dict(record), default=str)
    raise TypeError(f"record {place}: expected a str or a mapping, not {type(record).__name__}")


def _date_arg(date: Any) -> Optional[str]:
    if date is None:
        return None
    if hasattr(date, "isoformat"):
        return date.isoformat()
    return str(date)


class Pipeline:
    """The standard Chronicle pipeline, loaded once (models, knowledge base, lexicons) and
    reused for every call. Thread-safe; calls release the GIL.

    :param dictionaries: a directory of Phoenix/PETRARCH dictionaries extending the
        knowledge base (actors, agents) and replacing the CAMEO verb dictionary.
    :param parse: also run the dependency parser (``deps``, ``lemmas`` on the tokens).
    """

    def __init__(self, dictionaries: Optional[str] = None, parse: bool = False) -> None:
        self._native = _native.Pipeline(dictionaries=None if dictionaries is None else str(dictionaries), parse=parse)

    @property
    def stages(self) -> List[str]:
        """Names of the stages, in the order they run."""
        return list(self._native.stage_names())

    @property
    def warnings(self) -> List[str]:
        """Malformed lines skipped while loading user dictionaries (``file:line: message``)."""
        return list(self._native.warnings())

    def extract(
        self,
        texts_or_records: Union[Record, Iterable[Record]],
        date: Any = None,
        tokens: bool = False,
    ) -> List[Dict[str, Any]]:
        """Annotates texts or records and returns one dict per article, the JSON of
        ``chronicle extract`` (see docs/schema.md).

        :param texts_or_records: strings (the article text) or mappings with ``text`` and
            optionally ``id``, ``date``, ``title``, ``url``, ``source`` (other fields are
            kept under ``meta``). A single string or mapping is taken as one article.
        :param date: publication date (ISO 8601 string, ``datetime.date`` or ``datetime``)
            for articles that carry none; relative times ("on Friday") are resolved
            against it.
        :param tokens: include the tokens layer.
        """
        if isinstance(texts_or_records, (str, Mapping)):
            texts_or_records = [texts_or_records]
        records = [_record_json(r, i) for i, r in enumerate(texts_or_records)]
        out = self._native.extract_json(records, date=_date_arg(date), tokens=tokens)
        return [json.loads(s) for s in out]

    def annotate_arrow(self, data: Union[pa.RecordBatch, pa.Table], date: Any = None) -> Dict[str, pa.Table]:
        """Annotates a pyarrow ``RecordBatch`` or ``Table`` of articles on all cores and
        returns the tables ``articles``, ``entities``, ``times``, ``actors`` and ``events``
        (event mentions) as ``pyarrow.Table`` s, through the Arrow C data interface.

        The input needs a ``text`` column; ``id``, ``date``, ``title``, ``url`` and
        ``source`` are read when present (any type castable to string: a ``date32`` or a
        timestamp ``date`` column works). Articles without an ``id`` get the content hash.
        The schemas are those of ``chronicle export --format parquet`` and the Spark
        backfill (``chronicle.spark.SCHEMAS``).
        """
        if isinstance(data, pa.RecordBatch):
            data = pa.Table.from_batches([data])
        if not isinstance(data, pa.Table):
            raise TypeError(f"expected a pyarrow RecordBatch or Table, not {type(data).__name__}")
        if "text" not in data.column_names:
            raise ValueError(f"the table has no 'text' column (columns: {', '.join(data.column_names)})")
        columns, names = [], []
        for name in INPUT_COLUMNS:
            if name in data.column_names:
                col = data.column(name)
                if name == "date" and pa.types.is_timestamp(col.type):
                    col = _timestamps_as_iso(col)
                elif col.type != pa.string():
                    col = col.cast(pa.string())
                columns.append(col)
                names.append(name)
        table = pa.Table.from_arrays(columns, names=names)
        batch = table.combine_chunks().to_batches()
        batch = batch[0] if batch else pa.RecordBatch.from_pydict({n: pa.array([], pa.string()) for n in names})
        results = self._native.annotate_arrow(batch, date=_date_arg(date))
        return {name: pa.Table.from_batches([b]) for name, b in results}


def _timestamps_as_iso(col: pa.ChunkedArray) -> pa.ChunkedArray:
    import pyarrow.compute as pc

    fmt = "%Y-%m-%dT%H:%M:%S"
    if col.type.tz is not None:
        col = col.cast(pa.timestamp("ms", tz="UTC"))
        return pc.strftime(col, format=fmt + "Z")
    return pc.strftime(col, format=fmt)


def default_pipeline() -> Pipeline:
    """The process-wide pipeline :func:`extract` uses (loaded on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Pipeline()
        return _default


def extract(
    texts_or_records: Union[Record, Iterable[Record]],
    date: Any = None,
    tokens: bool = False,
) -> List[Dict[str, Any]]:
    """Annotates texts or records with the standard pipeline; one dict per article, the
    same JSON as ``chronicle extract``. See :meth:`Pipeline.extract`."""
    return default_pipeline().extract(texts_or_records, date=date, tokens=tokens)


def _query(**fields: Any) -> str:
    return json.dumps({k: v for k, v in fields.items() if v is not None}, default=str)


def _as_list(v: Union[None, str, Sequence[str]]) -> Optional[List[str]]:
    if v is None:
        return None
    if isinstance(v, str):
        return [v]
    return list(v)


class Archive:
    """A Chronicle archive (made by ``chronicle ingest``), opened read-only.

    Every query returns a pandas ``DataFrame`` (``as_="pandas"``, the default) or a
    ``pyarrow.Table`` (``as_="arrow"``). Dates are ``YYYY-MM-DD`` strings (a year or month
    is accepted as a bound); actor filters take CAMEO codes and match refinements
    (``KOR`` finds ``KORGOV``).
    """

    def __init__(self, path: str) -> None:
        self.path = str(path)
        self._native = _native.Archive(self.path)

    def _rows(self, kind: str, as_: str, **fields: Any):
        rows = json.loads(self._native.query_json(kind, _query(**fields)))
        return _frame(rows, as_)

    def search(self, text: str, *, since=None, until=None, actors=None, country=None, plover=None,
               cameo=None, include_duplicates=False, limit=None, offset=0, as_="pandas"):
        """Full-text search (bm25-ranked), with snippets; filters as in ``chronicle search``."""
        return self._rows("search", as_, text=text, since=since, until=until, actors=_as_list(actors),
                          country=country, plover=plover, cameo=cameo,
                          include_duplicates=include_duplicates, limit=limit, offset=offset)

    def events(self, *, actors=None, plover=None, cameo=None, modality=None, since=None, until=None,
               country=None, min_confidence=None, include_duplicates=False, limit=None, offset=0,
               as_="pandas"):
        """Merged (cross-article) events by event date."""
        return self._rows("events", as_, actors=_as_list(actors), plover=plover, cameo=cameo,
                          modality=modality, since=since, until=until, country=country,
                          min_confidence=min_confidence, include_duplicates=include_duplicates,
                          limit=limit, offset=offset)

    def timeline(self, subject: str, *, since=None, until=None, include_duplicates=False, limit=None,
                 as_="pandas"):
        """Events of an actor (a CAMEO code or a name) or of a text query, by when they happen."""
        return self._rows("timeline", as_, subject=subject, since=since, until=until,
                          include_duplicates=include_duplicates, limit=limit)

    def actors(self, *, country=None, code=None, name=None, limit=None, offset=0, as_="pandas"):
        """Actors by number of articles."""
        return self._rows("actors", as_, country=country, code=code, name=name, limit=limit, offset=offset)

    def network(self, *, actor=None, plover=None, since=None, until=None, modality=None,
                min_events=None, limit=None, as_="pandas"):
        """Actor-to-actor edges with event counts and weights."""
        return self._rows("network", as_, actor=actor, plover=plover, since=since, until=until,
                          modality=modality, min_events=min_events, limit=limit)

    def stats(self) -> Dict[str, Any]:
        """Counts and facts about the archive."""
        return json.loads(self._native.query_json("stats", "{}"))

    def article(self, id: str) -> Optional[Dict[str, Any]]:
        """One article with its layers, events and copies (``None`` when absent)."""
        return json.loads(self._native.article_json(id))

    def mentions(self, event: int, as_="pandas"):
        """The reports of one merged event."""
        return _frame(json.loads(self._native.mentions_json(int(event))), as_)

    def __repr__(self) -> str:
        return f"Archive({self.path!r})"


def _frame(rows: List[Dict[str, Any]], as_: str):
    if as_ == "arrow":
        return pa.Table.from_pylist(rows)
    if as_ == "pandas":
        import pandas as pd

        return pd.DataFrame(rows)
    if as_ == "records":
        return rows
    raise ValueError(f"as_ must be 'pandas', 'arrow' or 'records', not {as_!r}")
