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


def test_annotate_keyed_batch_holds_what_annotate_keyed_gives(pipeline):
    records = [
        json.dumps({"id": "a1", "date": "2021-03-05", "body": MEETING}),
        json.dumps({"id": "a2", "date": "2021-03-07", "body": "Protesters marched in Bangkok on Sunday, police said."}),
        json.dumps({"id": "empty", "body": "  "}),
    ]
    docs, keys, skipped = pipeline._native.annotate_keyed(records, fields=[("body", "text")])
    batch, skipped_too = pipeline._native.annotate_keyed_batch(records, fields=[("body", "text")])
    assert skipped_too == skipped == 1
    assert batch.schema.names == ["id", "pub_day", "keys", "doc"]
    assert batch.column("id").to_pylist() == [k[0] for k in keys]
    assert batch.column("pub_day").to_pylist() == [k[1] for k in keys]
    # The hashed keys are those of the JSON documents, one per content hash, band and
    # blocking key.
    hashed = batch.column("keys").to_pylist()
    assert hashed == _native.hashed_grouping_keys(docs)
    assert [len(h) for h in hashed] == [1 + len(k[3] or []) + len(k[4]) for k in keys]
    # The compact document is the JSON document less the token-parallel layers, and smaller.
    compact = batch.column("doc").to_pylist()
    for doc, back in zip(docs, _native.compact_json(compact)):
        expected = json.loads(doc)
        expected.pop("chunks", None)
        assert json.loads(back) == expected
    assert sum(map(len, compact)) * 2 < sum(len(d.encode()) for d in docs)


def test_replay_of_compact_documents_equals_replay_of_json(pipeline):
    text = MEETING + " The talks follow a visit to Tokyo."
    records = [
        json.dumps({"id": "a1", "date": "2021-03-05", "text": text}),
        json.dumps({"id": "a2", "date": "2021-03-05", "text": text}),
        json.dumps({"id": "a3", "date": "2021-03-04", "text": MEETING.replace("Friday", "Thursday")}),
    ]
    docs, _keys, _ = pipeline._native.annotate_keyed(records)
    batch, _ = pipeline._native.annotate_keyed_batch(records)
    from_json = dict(_native.replay_tables(docs))
    from_compact = dict(_native.replay_compact(batch.select(["doc"])))
    assert from_json.keys() == from_compact.keys()
    for name in from_json:
        assert from_compact[name].equals(from_json[name]), name
    articles = from_compact["articles"].to_pylist()
    assert {a["id"]: a["duplicate_of"] for a in articles}["a2"] == "a1"
    with pytest.raises(ValueError):
        _native.replay_compact(batch.select(["id"]))


def test_assign_groups_takes_hashed_keys():
    groups, n, largest = _native.assign_groups(["c", "a", "b", "d"], [10, 12, None, 11], [[1], [2, -7], [-7], [1]])
    assert (n, largest) == (2, 2) and groups == [1, 2, 2, 1]


def test_balance_groups_gives_the_largest_group_the_emptiest_partition():
    from chronicle.spark.backfill import balance_groups

    sizes = {1: 3, 2: 10, 3: 4, 4: 4, 5: 1, 6: 2}
    part_of = balance_groups(sizes, 2)
    # 10 to partition 0; then 4, 4, 3 to partition 1 (4, 8, 11); 2 to partition 0 (12), 1 to 1 (12).
    assert part_of == {2: 0, 3: 1, 4: 1, 1: 1, 6: 0, 5: 1}
    # The plan does not depend on the order the sizes come in.
    assert balance_groups(dict(reversed(list(sizes.items()))), 2) == part_of
    # More partitions than groups: every group alone.
    assert sorted(balance_groups({7: 5, 8: 5}, 4).values()) == [0, 1]
