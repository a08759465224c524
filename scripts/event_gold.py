#!/usr/bin/env python3
"""Draws the random event gold set and shows its sentences to annotators.

The sentences come from the shared corpora (Reuters-21578 and BBC News as JSONL); the project
stores only where they are (corpus, article id, character offsets into the body) and a
fingerprint, never their text.

    python3 scripts/event_gold.py draw [--data ../shared/data] [--seed 20261207] > eval/events/random/sample.jsonl
    python3 scripts/event_gold.py draw --seed 1 --exclude eval/events/random/sample.jsonl > eval/events/random/dev-sample.jsonl
    python3 scripts/event_gold.py show eval/events/random/sample.jsonl [--from N] [--to M]

Strata (see docs/event-coding-guide.md and eval/events/random/README.md):
  reuters-political  300 sentences drawn uniformly from all sentences of Reuters stories with
                     political content (rule: `political()` below)
  other              150 sentences: 75 from the other Reuters stories, 75 from BBC News (all
                     categories)
  recall             every sentence of 20 whole political stories (14 Reuters, 6 BBC politics)
"""

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import sys

# Words that mark a story as political: governments, officials, diplomacy, conflict, protest.
POLITICAL_WORDS = re.compile(
    r"\b(government|minister|ministry|president|prime minister|parliament|congress|senate|"
    r"embassy|ambassador|diplomat\w*|treaty|sanction\w*|troops|army|military|rebels?|guerrillas?|"
    r"talks|summit|election\w*|party|opposition|premier|cabinet|foreign|secretary of state|"
    r"protest\w*|strike|police|war|attack\w*|negotiat\w*|accord|white house|kremlin|united nations|"
    r"nato|opec|imf|world bank|gatt|european community)\b",
    re.IGNORECASE,
)

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "co", "corp", "inc", "ltd", "no", "vs", "gen", "col", "lt", "sen", "rep",
    "gov", "u.s", "u.k", "u.n", "jr", "sr", "pct", "approx", "dlrs", "mln", "bln", "e.g", "i.e",
}

SENTENCE_END = re.compile(r"[.!?][\"')]*(?=\s+[\"'(]?[A-Z0-9])")


def political(title, body, people):
    """A story is political when it names people of the Reuters `people` index or uses at
    least three distinct political words."""
    if people:
        return True
    found = {m.group(0).lower() for m in POLITICAL_WORDS.finditer(title + " " + body)}
    return len(found) >= 4


def sentences(body):
    """Character ranges of the body's sentences: ends at . ! ? followed by space and a capital,
    except after known abbreviations and single initials; paragraph breaks (blank lines) end a
    sentence too."""
    out = []
    for para in re.finditer(r"\S(?:.|\n(?!\s*\n))*", body):
        start = para.start()
        text = para.group(0)
        pos = 0
        for m in SENTENCE_END.finditer(text):
            word = re.search(r"([A-Za-z.]+)\.?[\"')]*$", text[: m.start() + 1])
            if word:
                w = word.group(1).rstrip(".").lower()
                if w in ABBREVIATIONS or len(w) == 1:
                    continue
            end = m.end()
            out.append((start + pos, start + end))
            pos = end
            while pos < len(text) and text[pos].isspace():
                pos += 1
        if pos < len(text):
            out.append((start + pos, start + len(text)))
    return [(a, b) for a, b in out if len(body[a:b].split()) >= 3]


def fingerprint(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:12]


def load(data):
    reuters = []
    with gzip.open(os.path.join(data, "reuters21578/reuters21578.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            body = d.get("body") or ""
            if len(body.split()) < 20:
                continue
            reuters.append(
                {
                    "corpus": "reuters21578",
                    "doc": str(d["id"]),
                    "date": (d.get("date") or "")[:10] or None,
                    "title": d.get("title") or "",
                    "body": body,
                    "political": political(d.get("title") or "", body, d.get("people") or []),
                }
            )
    bbc = []
    with gzip.open(os.path.join(data, "bbc_news/bbc_news.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            bbc.append(
                {
                    "corpus": "bbc_news",
                    "doc": d["id"],
                    "date": None,
                    "title": d.get("title") or "",
                    "body": d.get("body") or "",
                    "category": d.get("category"),
                }
            )
    return reuters, bbc


def item(story, rng_range, stratum, n):
    a, b = rng_range
    return {
        "id": f"{stratum}-{n:03d}",
        "stratum": stratum,
        "corpus": story["corpus"],
        "doc": story["doc"],
        "date": story["date"],
        "start": a,
        "end": b,
        "sha1": fingerprint(story["body"][a:b]),
    }


def draw_sentences(rng, stories, count):
    """`count` sentences uniformly over all sentences of `stories` (without replacement)."""
    pool = [(i, r) for i, s in enumerate(stories) for r in sentences(s["body"])]
    return [(stories[i], r) for i, r in rng.sample(pool, count)]


def cmd_draw(args):
    rng = random.Random(args.seed)
    reuters, bbc = load(args.data)
    if args.exclude:
        # A development draw leaves out every article of the measurement draw.
        with open(args.exclude, encoding="utf-8") as f:
            gone = {(d["corpus"], d["doc"]) for d in map(json.loads, f) if d}
        reuters = [s for s in reuters if (s["corpus"], s["doc"]) not in gone]
        bbc = [s for s in bbc if (s["corpus"], s["doc"]) not in gone]
    pol = [s for s in reuters if s["political"]]
    other = [s for s in reuters if not s["political"]]
    bbc_pol = [s for s in bbc if s["category"] == "politics"]
    # Whole stories for recall first, so the sentence draws can leave them out.
    whole = rng.sample(pol, 14) + rng.sample(bbc_pol, 6)
    taken = {(s["corpus"], s["doc"]) for s in whole}
    pol_rest = [s for s in pol if (s["corpus"], s["doc"]) not in taken]
    bbc_rest = [s for s in bbc if (s["corpus"], s["doc"]) not in taken]
    out = []
    prefix = "dev-" if args.exclude else ""
    for n, (s, r) in enumerate(draw_sentences(rng, pol_rest, 300)):
        out.append(item(s, r, prefix + "reuters-political", n))
    picks = draw_sentences(rng, other, 75) + draw_sentences(rng, bbc_rest, 75)
    for n, (s, r) in enumerate(picks):
        out.append(item(s, r, prefix + "other", n))
    n = 0
    for s in whole:
        for r in sentences(s["body"]):
            out.append(item(s, r, prefix + "recall", n))
            n += 1
    for o in out:
        print(json.dumps(o))
    print(
        f"drew {len(out)} sentences: political stories {len(pol)}, other Reuters {len(other)}, BBC {len(bbc)}",
        file=sys.stderr,
    )


def cmd_show(args):
    reuters, bbc = load(args.data)
    index = {(s["corpus"], s["doc"]): s for s in reuters + bbc}
    with open(args.file, encoding="utf-8") as f:
        items = [json.loads(l) for l in f if l.strip() and not l.startswith("#")]
    for it in items[args.start : args.to]:
        s = index.get((it["corpus"], it["doc"]))
        if s is None:
            print(f"{it['id']}: article {it['corpus']}/{it['doc']} not found")
            continue
        body = s["body"]
        text = body[it["start"] : it["end"]]
        ok = fingerprint(text) == it["sha1"]
        before = body[max(0, it["start"] - args.context) : it["start"]]
        print(f"=== {it['id']}  [{it['corpus']} {it['doc']}  date {it['date']}]  {s['title']}")
        if not ok:
            print("!!! fingerprint mismatch")
        if before.strip():
            print("    context: ..." + " ".join(before.split()))
        print("    SENTENCE: " + " ".join(text.split()))
        print()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("CHRONICLE_DATA", "../shared/data"))
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--seed", type=int, default=20261207)
    d.add_argument("--exclude", help="a draw whose articles this one leaves out (for a development set)")
    s = sub.add_parser("show")
    s.add_argument("file")
    s.add_argument("--from", dest="start", type=int, default=0)
    s.add_argument("--to", type=int, default=None)
    s.add_argument("--context", type=int, default=400, help="characters of preceding text shown")
    args = p.parse_args()
    {"draw": cmd_draw, "show": cmd_show}[args.cmd](args)


if __name__ == "__main__":
    main()
