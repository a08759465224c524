#!/usr/bin/env python3
"""Times the Python package against the binary on the same articles (BENCHMARKS.md, "Python
and Spark"):

  python scripts/bench_python.py --input reuters.jsonl --field body=text [--spark]

* `chronicle extract` of the file (output to /dev/null) vs `Pipeline.annotate_arrow` of the same
  articles read into a pyarrow table (the pipeline loaded once, outside the timing);
* with --spark: `chronicle ingest` into a fresh archive vs the Spark backfill at local[2].

Needs the package installed (`pip install ./python[spark]`) and the binary ($CHRONICLE_BIN).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--field", action="append", default=[])
    ap.add_argument("--bin", default=os.environ.get("CHRONICLE_BIN", "chronicle"))
    ap.add_argument("--spark", action="store_true")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    fields = [tuple(f.split("=", 1)) for f in args.field]

    import pyarrow as pa

    import chronicle

    records = [json.loads(l) for l in open(args.input, encoding="utf-8") if l.strip()]
    for r in records:
        for src, dst in fields:
            if src in r:
                r[dst] = r.pop(src)
    table = pa.table({
        "id": [str(r.get("id")) for r in records],
        "text": [r.get("text") or "" for r in records],
        "date": [r.get("date") for r in records],
        "title": [r.get("title") for r in records],
    })
    mb = sum(len(t.encode()) for t in table.column("text").to_pylist()) / 1e6
    field_args = [a for f in args.field for a in ("--field", f)]

    t = time.time()
    subprocess.run([args.bin, "extract", *field_args, args.input], check=True, stdout=subprocess.DEVNULL)
    extract_s = time.time() - t

    pipeline = chronicle.Pipeline()
    t = time.time()
    out = pipeline.annotate_arrow(table)
    arrow_s = time.time() - t
    result = {
        "articles": len(records), "mb": round(mb, 2),
        "extract_s": round(extract_s, 2), "annotate_arrow_s": round(arrow_s, 2),
        "annotate_arrow_vs_extract": round(extract_s / arrow_s, 2),
        "events": out["events"].num_rows,
    }
    if args.spark:
        from chronicle.spark import backfill as bf

        tmp = tempfile.mkdtemp()
        try:
            t = time.time()
            subprocess.run([args.bin, "ingest", "--quiet", "--db", os.path.join(tmp, "a.db"), *field_args,
                            args.input], check=True, stderr=subprocess.DEVNULL)
            ingest_s = time.time() - t
            spark = bf.session(args.master)
            spark.sparkContext.setLogLevel("ERROR")
            t = time.time()
            timings = bf.backfill(spark, bf.read_input(spark, args.input), os.path.join(tmp, "out"), fields=fields)
            spark_s = time.time() - t
            spark.stop()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        result.update({
            "ingest_s": round(ingest_s, 2), "spark_s": round(spark_s, 2),
            "spark_vs_ingest": round(ingest_s / spark_s, 3),
            "spark_stages": {k: round(v, 2) for k, v in timings.items()},
        })
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    sys.exit(main())
