#!/usr/bin/env python3
"""Draws the page-date test set from html_dev and shows the page source to read the dates by hand.

Usage:
    python3 scripts/html_dates_sample.py [--data ../shared/data/html_dev] [--n 140] [--seed 15]
        [--show]

The draw: the page files that `evaldata.json` names and `pages/` holds, sorted by file name,
shuffled with Python's `random.Random(seed)`; the first N. Without `--show` it prints one file
name a line (the order the hand-read set eval/html_dates/dates.tsv follows). With `--show` it
prints, per page, the source excerpts a reader needs to find the publication date: the page's
URL, every <meta> whose name or property mentions a date or time, every <time> tag, JSON-LD
date fields, and the markup around the first <h1> (where a visible date line usually is). The
dates in dates.tsv were read by hand from these excerpts (and the full source where they were not
enough), before Chronicle's date reading existed; nothing of the page text is stored there.
"""

import argparse
import gzip
import json
import os
import random
import re


def draw(data, n, seed):
    with open(os.path.join(data, "evaldata.json"), encoding="utf-8") as f:
        items = json.load(f)
    files = sorted({v["file"] for v in items.values()
                    if os.path.isfile(os.path.join(data, "pages", v["file"] + ".gz"))})
    urls = {v["file"]: u for u, v in items.items()}
    random.Random(seed).shuffle(files)
    return [(f, urls[f]) for f in files[:n]]


def show(data, name, url):
    with open(os.path.join(data, "pages", name + ".gz"), "rb") as f:
        html = gzip.decompress(f.read()).decode("utf-8", "replace")
    print(f"=== {name}\n    url {url}")
    for m in re.finditer(r"<meta\b[^>]*>", html, re.I):
        tag = m.group(0)
        if re.search(r"(date|time|publish|modified|created|issued)", tag, re.I) and \
                not re.search(r"(update_time\"|viewport)", tag, re.I):
            print("    meta", re.sub(r"\s+", " ", tag)[:200])
    for m in list(re.finditer(r"<time\b[^>]*>[^<]{0,60}", html, re.I))[:4]:
        print("    time", re.sub(r"\s+", " ", m.group(0))[:200])
    for m in list(re.finditer(r"\"(datePublished|dateCreated|dateModified|uploadDate)\"\s*:\s*\"[^\"]*\"",
                              html))[:4]:
        print("    ld  ", m.group(0))
    h1 = re.search(r"<h1\b", html, re.I)
    if h1:
        around = html[max(0, h1.start() - 600): h1.start() + 1500]
        text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", around, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " | ", text)
        text = re.sub(r"(\s*\|\s*)+", " | ", re.sub(r"\s+", " ", text))
        print("    h1± ", text[:900])
    else:
        dates = re.findall(r"[^<>]{0,40}\b(?:\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|"
                           r"\d{1,2}\.? \w+ \d{4}|\w+ \d{1,2}, \d{4})\b[^<>]{0,20}", html)
        print("    text", " || ".join(d.strip() for d in dates[:8])[:900])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data/html_dev")
    ap.add_argument("--n", type=int, default=140)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    for name, url in draw(args.data, args.n, args.seed):
        if args.show:
            show(args.data, name, url)
        else:
            print(name)


if __name__ == "__main__":
    main()
