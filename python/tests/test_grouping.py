"""The backfill's annotate and group steps, without Spark: keys, skipped records, groups."""

import json

import pytest

import chronicle
from chronicle import _native

MEETING = "Blinken will meet Chung in Seoul on Friday, officials said."


@pytest.fixture(scope="module")
def pipeline():
    return chronicle.Pipeline()


def test_annotate_keyed_skips_what_ingest_skips_and_keys_from_memory(pipeline):
    records = [
        json.dumps({"id": "a1", "date": "2021-03-05", "body": MEETING}),
        json.dumps({"id": "empty", "date": "2021-03-05", "body": "   "}),
        "{not json",
        json.dumps({"id": "no-text", "title": "A title only"}),
    ]
    docs, keys, skipped = pipeline._native.annotate_keyed(records, fields=[("body", "text")])
    assert skipped == 3 and len(docs) == 1 and len(keys) == 1
    # The keys computed from the annotation in memory are the keys of its JSON document.
    assert _native.grouping_keys(docs) == keys
    article_id, day, content_hash, bands, blocking = keys[0]
    assert article_id == "a1" and day is not None and content_hash
    assert any(k.startswith("CONSULT|") for k in blocking)


def test_events_that_cannot_merge_have_no_blocking_keys(pipeline):
    doc = json.loads(pipeline._native.extract_json([json.dumps({"id": "m", "date": "2021-03-05", "text": MEETING})])[0])
    consult = [e for e in doc["events"] if e["plover"] == "CONSULT"]
    assert consult, doc["events"]
    dated = _native.grouping_keys([json.dumps(doc)])[0][4]
    assert any(k.startswith("CONSULT|") for k in dated)
    # A year is too vague for an event to merge (the archive's 31-day limit): no keys.
    for event in doc["events"]:
        event["date"] = "2021"
    assert _native.grouping_keys([json.dumps(doc)])[0][4] == []


def test_groups_are_connected_components_in_canonical_order():
    ids = ["c", "a", "b", "d", "e"]
    days = [10, 12, None, 11, 10]
    keys = [["h:1"], ["h:2", "b0:7"], ["b0:7"], ["h:1"], []]
    groups, n, largest = _native.assign_groups(ids, days, keys)
    # {c, d} (hash 1), {a, b} (band 0 key 7), {e}; numbered by each group's first article
    # in canonical order (day, undated last, then id): e (10, "e") after c (10, "c").
    assert (n, largest) == (3, 2)
    assert groups == [1, 3, 3, 1, 2]
    # An id given twice is one article: its rows share a group.
    groups, n, _ = _native.assign_groups(["x", "y", "x"], [1, 2, 3], [["k"], [], []])
    assert groups[0] == groups[2] != groups[1] and n == 2
    with pytest.raises(ValueError):
        _native.assign_groups(["x"], [], [[]])
