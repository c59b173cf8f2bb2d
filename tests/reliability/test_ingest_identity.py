"""Ingest never drops a different article as "already there" (issue 16, section 2).

Each case compares the store's tables before and after: what was stored stays, what is new is
stored (as a new version when its id is taken), and the run says what it did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.run.ingest import ingest
from dyad.run.runner import SKIPPED_EXIT
from dyad.store import connect
from dyad.store.ingestion import version_id
from store.fakes import FakeCoder, doc

runner = CliRunner()


def tables(db: Path) -> dict[str, list[tuple]]:
    with connect(db) as con:
        return {t: con.execute(f"SELECT * EXCLUDE ({x}) FROM {t} ORDER BY ALL").fetchall()
                for t, x in (("documents", "ingested_at"), ("mentions", "event_key"), ("sentences", "doc_id"))}


def doc_ids(db: Path) -> list[str]:
    with connect(db) as con:
        return [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]


@pytest.fixture
def fake_coder(monkeypatch):
    monkeypatch.setattr("dyad.run.workers.default_coder", FakeCoder)


def test_two_feeds_numbered_from_1_are_both_stored(tmp_path, fake_coder):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text("".join(json.dumps({"id": str(i), "text": f"SYRGOV 042 RUSGOV 2024-01-0{i}", "date": "2024-01-01"}) + "\n"
                           for i in (1, 2)))  # fmt: skip
    two.write_text("".join(json.dumps({"id": str(i), "text": f"ISRGOV 190 LBN 2024-02-0{i}", "date": "2024-02-01"}) + "\n"
                           for i in (1, 2)))  # fmt: skip
    db = tmp_path / "s.duckdb"
    r = runner.invoke(app, ["ingest", str(one), "--db", str(db)])
    assert r.exit_code == 0, r.output
    before = tables(db)
    r = runner.invoke(app, ["ingest", str(two), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "2 documents stored" in r.stdout and "2 stored as new versions" in r.stdout
    assert "conflict 1: id already stored with another text and date; stored as '1#" in " ".join(r.stderr.split())
    after = tables(db)
    assert all(set(before[t]) <= set(after[t]) for t in before)  # nothing of the first feed changed
    assert len(after["documents"]) == 4
    with connect(db) as con:
        assert con.execute("SELECT DISTINCT source FROM mentions ORDER BY 1").fetchall() == [("ISRGOV",), ("SYRGOV",)]
    # a re-run of either feed finds everything stored, and changes nothing
    for f in (one, two):
        again = runner.invoke(app, ["ingest", str(f), "--db", str(db)])
        assert again.exit_code == 0 and "0 documents stored, 2 already there" in again.stdout
    assert tables(db) == after


def test_refused_conflicts_are_named_and_exit_4(tmp_path, fake_coder):
    db = tmp_path / "s.duckdb"
    ingest(db, [doc("1", "SYRGOV 042 RUSGOV")], FakeCoder)
    before = tables(db)
    f = tmp_path / "b.jsonl"
    f.write_text(json.dumps({"id": "1", "text": "ISRGOV 190 LBN", "date": "2024-01-01"}) + "\n")
    r = runner.invoke(app, ["ingest", str(f), "--db", str(db), "--on-conflict", "refuse"])
    assert r.exit_code == SKIPPED_EXIT
    assert "skipped 1: id already stored with another text (a conflict); refused" in " ".join(r.stderr.split())
    assert tables(db) == before
    bad = runner.invoke(app, ["ingest", str(f), "--db", str(db), "--on-conflict", "overwrite"])
    assert bad.exit_code == 2 and "--on-conflict: 'overwrite' is not one of version, refuse" in bad.stderr
    assert tables(db) == before


def test_stdin_articles_get_ids_from_their_content(tmp_path, fake_coder):
    db = tmp_path / "s.duckdb"
    for text in ("SYRGOV 042 RUSGOV\n", "ISRGOV 190 LBN\n", "SYRGOV 042 RUSGOV\n"):
        r = runner.invoke(app, ["ingest", "-", "--db", str(db), "--date", "2024-01-01"], input=text)
        assert r.exit_code == 0, r.output
    ids = doc_ids(db)
    assert len(ids) == 2 and all(i.startswith("<stdin>:") for i in ids)  # the repeat is the same article
    jsonl = "\n".join(json.dumps({"text": t, "date": "2024-01-01"}) for t in ("USAGOV 036 IRNGOV", "CHNGOV 042 RUSGOV"))
    r = runner.invoke(app, ["ingest", "-", "--db", str(db)], input=jsonl + "\n")
    assert r.exit_code == 0 and "2 documents stored" in r.stdout, r.output
    assert len(doc_ids(db)) == 4


def test_same_text_on_two_dates_is_two_documents(tmp_path):
    db = tmp_path / "s.duckdb"
    a = doc("a", "SYRGOV 042 RUSGOV", day="2024-01-01")
    b = doc("b", "SYRGOV 042 RUSGOV", day="2024-03-01")  # same words, another day: another article
    c = doc("c", "SYRGOV 042 RUSGOV", day="2024-01-01")  # same words, same day, another id: republished
    r = ingest(db, [a, b, c], FakeCoder)
    assert (r.stored, r.duplicates) == (2, 1)
    assert doc_ids(db) == ["a", "b"]
    again = doc("a", "SYRGOV 042 RUSGOV", day="2024-05-01")  # a known id on another date: a conflict
    r = ingest(db, [again], FakeCoder)
    assert r.stored == 1 and r.conflicts and "the same text under another date" in r.conflicts[0]
    assert doc_ids(db) == ["a", version_id(again), "b"]
    with connect(db) as con:  # the version's events carry its id, not the first document's
        assert con.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", [version_id(again)]).fetchall() == [(1,)]
        assert con.execute("SELECT count(DISTINCT mention_id) FROM mentions").fetchall() == [(3,)]
