import datetime

import pytest

import chronicle

SEOUL = "Blinken will meet Chung in Seoul on Friday."


def test_the_readme_line_prints_a_consult_event():
    events = chronicle.extract([SEOUL], date="2021-03-05")[0]["events"]
    assert [e["plover"] for e in events] == ["CONSULT"]
    assert events[0]["date"] == "2021-03-05"
    names = " ".join(a["name"] for a in events[0]["source"] + events[0]["target"])
    assert "Blinken" in names and "Chung" in names


def test_records_keep_their_fields_and_match_the_cli_json():
    docs = chronicle.extract(
        [
            {"id": "a1", "date": "2021-03-05", "title": "Talks", "url": "https://example.org/a1", "text": SEOUL,
             "desk": "asia"},
            {"id": "a2", "text": "Protesters marched in Bangkok on Sunday, police said."},
        ],
        date=datetime.date(2021, 3, 7),
    )
    assert [d["id"] for d in docs] == ["a1", "a2"]
    assert docs[0]["title"] == "Talks" and docs[0]["url"] == "https://example.org/a1"
    assert docs[0]["meta"] == {"desk": "asia"}
    assert docs[1]["date"] == "2021-03-07"
    assert "tokens" not in docs[0]
    for key in ("sentences", "entities", "times", "actors", "events", "quotes"):
        assert key in docs[0]


def test_a_single_text_and_tokens():
    doc = chronicle.extract(SEOUL, date="2021-03-05", tokens=True)
    assert len(doc) == 1
    assert doc[0]["tokens"][0]["text"] == "Blinken"


def test_a_pipeline_is_reused_and_says_its_stages():
    p = chronicle.Pipeline()
    assert p.stages[0] == "text" and "events" in p.stages
    assert p.warnings == []
    a = p.extract([SEOUL] * 3, date="2021-03-05")
    assert len(a) == 3 and a[0]["events"] == a[2]["events"]


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="record 1: no 'text'"):
        chronicle.extract([SEOUL, {"title": "no body"}])
    with pytest.raises(ValueError, match="not an ISO 8601 date"):
        chronicle.extract([SEOUL], date="next Friday")
    with pytest.raises(TypeError, match="record 0"):
        chronicle.extract([42])


def test_fingerprints_are_the_archives():
    text = " ".join(["Seoul and Washington agreed on Tuesday to hold joint defence talks"] * 3)
    h, sig, bands = chronicle.fingerprint(text)
    assert len(h) == 16 and len(sig) == 100 and len(bands) == 20
    assert chronicle.similarity(sig, sig) == 1.0
    assert chronicle.fingerprint("Too short.")[1] is None
