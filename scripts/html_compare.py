#!/usr/bin/env python3
"""Chronicle's HTML main text and trafilatura's, scored the same way on the same pages.

Usage:
    python3 scripts/html_compare.py [--data ../shared/data/html_dev]
        [--chronicle target/release/chronicle] [--no-comments] [--json]

Runs `chronicle eval html --json --dump TMP` (Chronicle's own score and speed, and its main text per
page), then trafilatura's `extract()` on every page that has a file, and scores both texts with
the score documented in crates/chronicle/src/read/web_eval.rs: white-space runs collapsed to one
space (the characters Rust's `char::is_whitespace` takes, as Chronicle does), a snippet is
found when it is a case-sensitive substring; tp/fn over `with` snippets, fp/tn over `without`
snippets, precision, recall, F1 and accuracy over all pages. The Chronicle figure is recomputed
here from the dumped text, so the two lines of the table come from one scorer and one run.

trafilatura is a comparison tool only (`pip install trafilatura lxml_html_clean`), never a
dependency of the binary. Its time is one Python process on one core, decompression excluded,
as Chronicle's is.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

# Rust's char::is_whitespace: the Unicode White_Space property.
WHITE = re.compile(
    "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)


def normalize(s):
    return WHITE.sub(" ", s).strip(" ")


def score(text, item, counts):
    text = normalize(text or "")
    for s in item.get("with", []):
        if normalize(s) in text:
            counts["tp"] += 1
        else:
            counts["fn"] += 1
    for s in item.get("without", []):
        if normalize(s) in text:
            counts["fp"] += 1
        else:
            counts["tn"] += 1


def figures(c):
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    a = (c["tp"] + c["tn"]) / max(1, sum(c.values()))
    return p, r, f, a


def page_path(data, name):
    for cand in (os.path.join(data, "pages", name + ".gz"), os.path.join(data, "pages", name)):
        if os.path.isfile(cand):
            return cand
    return None


def read_page(path):
    with open(path, "rb") as f:
        raw = f.read()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data/html_dev")
    ap.add_argument("--chronicle", default="target/release/chronicle")
    ap.add_argument("--no-comments", action="store_true",
                    help="run trafilatura with include_comments=False (default: its defaults)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=DIR[=PAGES_PER_S]",
                    help="also score another extractor's output: DIR/FILE.txt per page "
                         "(e.g. a Rust crate's, written by a small driver)")
    ap.add_argument("--skip-trafilatura", action="store_true")
    args = ap.parse_args()

    with open(os.path.join(args.data, "evaldata.json"), encoding="utf-8") as f:
        items = json.load(f)
    items = sorted(items.items())

    with tempfile.TemporaryDirectory() as dump:
        out = subprocess.run(
            [args.chronicle, "eval", "html", "--data", args.data, "--json", "--dump", dump],
            check=True, capture_output=True, text=True,
        ).stdout
        chron_report = json.loads(out)
        chron = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
        chron_empty = 0
        for _url, item in items:
            if page_path(args.data, item["file"]) is None:
                continue
            with open(os.path.join(dump, item["file"] + ".txt"), encoding="utf-8") as f:
                text = f.read()
            chron_empty += not text.strip()
            score(text, item, chron)

    extra_rows = []
    for spec in args.extra:
        name, folder, *speed = spec.split("=")
        c = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
        empty = 0
        for _url, item in items:
            if page_path(args.data, item["file"]) is None:
                continue
            path = os.path.join(folder, item["file"] + ".txt")
            text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            empty += not text.strip()
            score(text, item, c)
        extra_rows.append((name, c, empty, float(speed[0]) if speed else float("nan")))

    rows = [("chronicle", chron, chron_empty, chron_report["pages_per_second"])] + extra_rows
    if not args.skip_trafilatura:
        rows.append(run_trafilatura(args, items))
    if args.json:
        print(json.dumps([
            dict(zip(("name", "counts", "empty", "pages_per_second"), r))
            | dict(zip(("precision", "recall", "f1", "accuracy"), figures(r[1])))
            for r in rows
        ], indent=2))
        return
    pages = sum(1 for _u, item in items if page_path(args.data, item["file"]))
    print(f"{pages} pages of {len(items)} in {args.data}")
    print(f"{'extractor':<34} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'empty':>6} {'pages/s':>8}")
    for name, c, empty, speed in rows:
        p, r, f, a = figures(c)
        print(f"{name:<34} {p:6.3f} {r:6.3f} {f:6.3f} {a:6.3f} {empty:6d} {speed:8.1f}")
    if abs(figures(chron)[2] - chron_report["f1"]) > 1e-9:
        print("warning: the Rust and Python scorers disagree on Chronicle's F1:",
              chron_report["f1"], file=sys.stderr)


def run_trafilatura(args, items):
    import trafilatura  # imported late: a missing package should not hide the other figures

    traf = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    traf_empty = 0
    traf_time = 0.0
    pages = 0
    for _url, item in items:
        path = page_path(args.data, item["file"])
        if path is None:
            continue
        html = read_page(path)
        started = time.process_time()
        kwargs = {"include_comments": False} if args.no_comments else {}
        text = trafilatura.extract(html, **kwargs)
        traf_time += time.process_time() - started
        pages += 1
        traf_empty += not (text or "").strip()
        score(text, item, traf)

    name = "trafilatura " + trafilatura.__version__ + (" (no comments)" if args.no_comments else "")
    return (name, traf, traf_empty, pages / max(traf_time, 1e-9))


if __name__ == "__main__":
    main()
