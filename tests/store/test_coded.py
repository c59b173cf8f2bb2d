"""Bulk loading of already-coded events (JSON lines with the Event field names)."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.errors import InputError
from dyad.run.ingest import ingest
from dyad.store import connect
from dyad.store.coded import load_coded
from store.fakes import FakeCoder, doc
from store.ingest_worker import corpus


def write_events(path, pairs):
    with path.open("w") as fh:
        for _, events in pairs:
            for e in events:
                fh.write(json.dumps(e.to_dict()) + "\n")


def table(db, sql):
    with connect(db) as con:
        return sorted(con.execute(sql).fetchall())


def test_coded_events_dedup_like_ingest(tmp_path):
    docs = corpus(24)
    ingest(tmp_path / "a.duckdb", docs, FakeCoder)
    src = tmp_path / "events.jsonl"
    write_events(src, FakeCoder().code_many(docs))
    r = load_coded(tmp_path / "b.duckdb", [src], chunk_docs=5)  # several chunks, merged across them
    assert r.stored == 24
    cols = "SELECT source, target, code, date, last_date, num_mentions, num_articles FROM events"
    assert table(tmp_path / "a.duckdb", cols) == table(tmp_path / "b.duckdb", cols)
    m = "SELECT mention_id, sentence_index, trigger_start, trigger_end FROM mentions"
    assert table(tmp_path / "a.duckdb", m) == table(tmp_path / "b.duckdb", m)
    again = load_coded(tmp_path / "b.duckdb", [src])
    assert again.stored == 0 and table(tmp_path / "b.duckdb", "SELECT count(*) FROM mentions") == [(r.mentions,)]


def test_export_jsonl_loads_into_another_store(tmp_path):
    db = tmp_path / "a.duckdb"
    ingest(db, [doc("a", "SYRGOV 042 RUSGOV 2024-01-01"), doc("b", "RUSMIL 190 SYRREB 2024-01-02")], FakeCoder)
    out = tmp_path / "e.jsonl"
    assert CliRunner().invoke(app, ["export", "-f", "jsonl", "-o", str(out), "--db", str(db)]).exit_code == 0
    r = CliRunner().invoke(app, ["ingest", "--coded", str(out), "--db", str(tmp_path / "b.duckdb")])
    assert r.exit_code == 0 and "2 documents stored" in r.output
    assert table(tmp_path / "b.duckdb", "SELECT code, source FROM events") == [("042", "SYRGOV"), ("190", "RUSMIL")]


@pytest.mark.parametrize("content,match", [
    ("not json at all\n", "not JSON lines"),
    ('{"doc_id": "z", "sentence_index": 0, "source": "SYRGOV"}\n', "lack a required field"),
    ('{"doc_id": "z", "sentence_index": 0, "source": "S", "code": "042", "root_code": "04", "quad_class": 1,'
     ' "goldstein": 1.0, "status": "rumoured"}\n', "unknown status"),
])  # fmt: skip
def test_bad_coded_files_change_nothing(tmp_path, content, match):
    db = tmp_path / "s.duckdb"
    ingest(db, [doc("a", "SYRGOV 042 RUSGOV")], FakeCoder)
    before = table(db, "SELECT count(*) FROM mentions"), hashlib.sha256(db.read_bytes()).hexdigest()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content)
    with pytest.raises(InputError, match=match):
        load_coded(db, [bad])
    assert table(db, "SELECT count(*) FROM mentions") == before[0]
    with pytest.raises(InputError, match="no such file"):
        load_coded(db, [tmp_path / "missing.jsonl"])


def _flat_table(events):
    """Events as the Parquet events dataset holds them (flat columns, typed by its schema)."""
    from datetime import date

    import pyarrow as pa

    from dyad.run.dataset import arrow_schema
    from dyad.run.outputs import event_row

    rows = [event_row(e) for e in events]
    for row in rows:
        row["date"] = date.fromisoformat(row["date"]) if row["date"] else None
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def test_flat_events_are_checked_as_coded_lines_are(tmp_path):
    """The dataset path (`dyad ingest DATASET`, `--events DATASET`) stores what the JSON-lines path
    stores, and refuses a bad Goldstein score or a date out of range with the field named."""
    from dyad.store.coded import load_flat

    docs = corpus(6)
    events = [e for _, evs in FakeCoder().code_many(docs) for e in evs]
    src = tmp_path / "events.jsonl"
    write_events(src, FakeCoder().code_many(docs))
    load_coded(tmp_path / "lines.duckdb", [src])
    r = load_flat(tmp_path / "flat.duckdb", _flat_table(events), "ds")
    assert r.stored == 6
    cols = "SELECT source, target, code, date, goldstein, num_mentions FROM events"
    assert table(tmp_path / "flat.duckdb", cols) == table(tmp_path / "lines.duckdb", cols)
    before = table(tmp_path / "flat.duckdb", "SELECT * FROM mentions")
    bad = corpus(8)[6:]
    bad_events = [e for _, evs in FakeCoder().code_many(bad) for e in evs]
    bad_events[0].goldstein = float("nan")
    with pytest.raises(InputError, match=r"ds: field 'goldstein': 'nan' is not a Goldstein score"):
        load_flat(tmp_path / "flat.duckdb", _flat_table(bad_events), "ds")
    bad_events[0].goldstein, bad_events[0].date = 1.0, "1850-01-01"
    with pytest.raises(InputError, match=r"ds: field 'date': '1850-01-01' lies outside"):
        load_flat(tmp_path / "flat.duckdb", _flat_table(bad_events), "ds")
    assert table(tmp_path / "flat.duckdb", "SELECT * FROM mentions") == before
