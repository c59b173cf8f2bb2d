"""Exports: one row per deduplicated event with its mention counts, in each format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dyad.model import Event
from dyad.errors import InputError
from dyad.run.ingest import ingest
from dyad.store import connect
from dyad.store.export import FORMATS, export
from store.fakes import FakeCoder, doc

GDELT_COLUMNS = 61


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "e.duckdb"
    docs = [
        doc("a", "SYRGOV 042 RUSGOV 2024-03-01", "IGOUNO 011 SYRGOV 2024-03-01", url="https://www.bbc.co.uk/1"),
        doc("b", "SYRGOV 042 RUSGOV 2024-03-01", url="https://reuters.com/2"),
        doc("c", "RUSMIL 190 SYRREB 2024-03-05", url="https://reuters.com/3"),
    ]
    ingest(path, docs, FakeCoder)
    return path


def run(db, fmt, **kw) -> bytes:
    buf = io.BytesIO()
    with connect(db) as con:
        n = export(con, fmt, buf, **kw)
    data = buf.getvalue()
    return n, data


def test_gdelt_rows_have_61_columns_and_counts(db):
    n, data = run(db, "gdelt")
    rows = [line.split("\t") for line in data.decode().splitlines()]
    assert n == len(rows) == 3
    assert all(len(r) == GDELT_COLUMNS for r in rows)
    consult = next(r for r in rows if r[26] == "042")
    assert consult[1] == "20240301" and consult[5] == "SYRGOV" and consult[7] == "SYR" and consult[12] == "GOV"
    assert (consult[31], consult[32], consult[33]) == ("2", "2", "2")  # NumMentions, NumSources, NumArticles
    assert consult[29] == "1" and float(consult[30]) == 1.0  # QuadClass, Goldstein
    un = next(r for r in rows if r[5] == "IGOUNO")
    assert un[7] == "" and un[8] == "UNO"  # no country, known group UNO
    assert consult[60].startswith("https://")


def test_phoenix_has_header_and_penta_class(db):
    _, data = run(db, "phoenix")
    rows = list(csv.DictReader(io.StringIO(data.decode()), delimiter="\t"))
    assert len(rows) == 3 and len(rows[0]) == 26
    fight = next(r for r in rows if r["EventCode"] == "190")
    assert fight["PentaClass"] == "4" and fight["SourceActorRole"] == "MIL"
    consult = next(r for r in rows if r["EventCode"] == "042")
    assert sorted(consult["NewsSources"].split(";")) == ["bbc.co.uk", "reuters.com"]


def test_jsonl_reads_back_as_events(db):
    _, data = run(db, "jsonl")
    recs = [json.loads(x) for x in data.decode().splitlines()]
    assert len(recs) == 3
    events = [Event.from_dict(r) for r in recs]
    consult = next(e for e, r in zip(events, recs) if r["code"] == "042")
    assert consult.source == "SYRGOV" and consult.sentence == "SYRGOV 042 RUSGOV 2024-03-01"
    assert consult.evidence["trigger"] == (7, 10)
    assert next(r for r in recs if r["code"] == "042")["num_mentions"] == 2


def test_plover_records_skip_events_without_a_plover_type(db):
    _, data = run(db, "plover")
    recs = [json.loads(x) for x in data.decode().splitlines()]
    assert {r["event"] for r in recs} == {"CONSULT", "ASSAULT"}  # 011 has no PLOVER type
    a = next(r for r in recs if r["event"] == "ASSAULT")
    assert a["source"][0] == {"actorText": "Rusmil", "code": "RUS", "sector": "MIL", "actorCode": "RUSMIL"}
    assert a["eventText"] == "190"


def test_csv_and_parquet_files(db, tmp_path):
    out = tmp_path / "e.csv"
    with connect(db) as con:
        assert export(con, "csv", out) == 3
        export(con, "parquet", tmp_path / "e.parquet")
        rows = con.execute(f"SELECT num_mentions FROM read_parquet('{tmp_path / 'e.parquet'}') ORDER BY 1").fetchall()
    assert rows == [(1,), (1,), (2,)]
    assert next(csv.DictReader(out.open()))["sentence"]
    assert not list(tmp_path.glob("*.part"))


def test_filters_and_bad_arguments(db, tmp_path):
    n, _ = run(db, "csv", since="2024-03-02")
    assert n == 1
    with connect(db) as con:
        for fmt, kw, match in [("xml", {}, "format"), ("csv", {"since": "2024-04-01", "until": "2024-03-01"}, "after"),
                               ("csv", {"status": "maybe"}, "status")]:  # fmt: skip
            with pytest.raises(InputError, match=match):
                export(con, fmt, io.BytesIO(), **kw)
        with pytest.raises(InputError, match="does not exist"):
            export(con, "csv", tmp_path / "nowhere" / "x.csv")
    assert set(FORMATS) == {"gdelt", "phoenix", "plover", "parquet", "csv", "jsonl"}


def test_every_format_writes_each_event_on_one_line_with_its_words(tmp_path):
    """A sentence kept with the article's line breaks and double spaces (and an actor text with
    a tab) is exported one line per event in every format, whitespace made single spaces, and the
    evidence spans moved so they still point at their words (issue 17: CSV rows spanned lines)."""
    from dyad.store.coded import load_coded

    sentence = "\n  Turkish  forces\nshelled Kobani on Wednesday,\tofficials said.\n\n"
    line = {"doc_id": "w1", "sentence_index": 0, "sentence": sentence, "date": "2025-10-15", "source": "TURMIL",
            "source_text": "Turkish\tforces", "target": "SYR", "target_text": "Kobani", "code": "195",
            "root_code": "19", "quad_class": 4, "goldstein": -10.0, "plover": "ASSAULT",
            "evidence": {"source": [sentence.index("Turkish"), sentence.index("\nshelled")],
                         "target": [sentence.index("Kobani"), sentence.index(" on")],
                         "trigger": [sentence.index("shelled"), sentence.index("shelled") + 7]}}  # fmt: skip
    src = tmp_path / "wrapped.jsonl"
    src.write_text(json.dumps(line) + "\n")
    db = tmp_path / "w.duckdb"
    load_coded(db, [src])
    flat = "Turkish forces shelled Kobani on Wednesday, officials said."
    for fmt in ("gdelt", "phoenix", "plover", "jsonl", "csv"):
        n, data = run(db, fmt)
        text = data.decode()
        header = fmt in ("phoenix", "csv")
        assert n == 1 and len(text.splitlines()) == 1 + header, (fmt, text)
    d = json.loads(run(db, "jsonl")[1])
    assert d["sentence"] == flat and d["source_text"] == "Turkish forces"
    words = {role: d["sentence"][a:b] for role, (a, b) in d["evidence"].items()}
    assert words == {"source": "Turkish forces", "target": "Kobani", "trigger": "shelled"}
    (row,) = csv.DictReader(io.StringIO(run(db, "csv")[1].decode()))
    assert row["sentence"] == flat
    plover = json.loads(run(db, "plover")[1])
    assert plover["text"] == flat and plover["eventText"] == "shelled"
