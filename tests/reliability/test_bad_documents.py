"""One unusable document costs only itself (issue 16, section 3).

A lone surrogate in valid JSON, a value nested thousands of levels deep, a file name that is not
UTF-8: each used to crash the whole ingest (a traceback, and on every re-run the same batch lost).
Now that document is skipped with its id and the reason, everything else is stored exactly as if
the bad one had never been there (tables compared), and a re-run does not trip on it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import Document
from dyad.run.ingest import ingest
from dyad.run.runner import SKIPPED_EXIT
from dyad.store import connect
from store.fakes import FakeCoder

runner = CliRunner()
GOOD = [{"id": f"g{i}", "text": f"SYRGOV 042 RUSGOV 2024-01-0{i}", "date": "2024-01-01"} for i in range(1, 6)]


def tables(db: Path) -> dict[str, list[tuple]]:
    with connect(db) as con:
        return {t: con.execute(f"SELECT * EXCLUDE ({x}) FROM {t} ORDER BY ALL").fetchall()
                for t, x in (("documents", "ingested_at"), ("mentions", "event_key"), ("events", "event_key"))}


@pytest.fixture(autouse=True)
def fake_coder(monkeypatch):
    monkeypatch.setattr("dyad.run.workers.default_coder", FakeCoder)


def _lines(*bad: str) -> str:
    good = [json.dumps(g) for g in GOOD]
    return "\n".join(good[:2] + list(bad) + good[2:]) + "\n"


def _clean(tmp_path: Path) -> dict:
    f = tmp_path / "clean.jsonl"
    f.write_text(_lines())
    db = tmp_path / "clean.duckdb"
    assert runner.invoke(app, ["ingest", str(f), "--db", str(db), "--batch-size", "2"]).exit_code == 0
    return tables(db)


DEEP = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
BAD_LINES = {
    "lone surrogate in the text": ('{"id": "half", "text": "SYRGOV 042 RUSGOV \\ud83d", "date": "2024-01-01"}',
                                   "field 'text' holds a lone surrogate"),
    "lone surrogate in the id": ('{"id": "h\\udc80", "text": "ISRGOV 190 LBN", "date": "2024-01-01"}',
                                 "field 'id' holds a lone surrogate"),
    "JSON nested 100,000 deep": (DEEP, "JSON nested too deeply to read"),
}


@pytest.mark.parametrize("case", BAD_LINES)
def test_a_bad_line_is_skipped_and_the_rest_stored(tmp_path, case):
    line, reason = BAD_LINES[case]
    f = tmp_path / "feed.jsonl"
    f.write_text(_lines(line))
    db = tmp_path / "s.duckdb"
    for _ in range(2):  # the re-run skips it again and changes nothing
        r = runner.invoke(app, ["ingest", str(f), "--db", str(db), "--batch-size", "2"])
        assert r.exit_code == SKIPPED_EXIT, r.output
        assert f"{f}:3" in r.stderr and reason in " ".join(r.stderr.split())
        assert "Traceback" not in r.output
        assert tables(db) == _clean(tmp_path)


def test_a_deep_first_line_on_stdin(tmp_path):
    db = tmp_path / "s.duckdb"
    r = runner.invoke(app, ["ingest", "-", "--db", str(db)], input=DEEP + "\n" + json.dumps(GOOD[0]) + "\n")
    assert r.exit_code == SKIPPED_EXIT and "<stdin>:1" in r.stderr and "nested too deeply" in r.stderr
    assert "1 documents stored" in r.stdout


def test_documents_from_the_library_with_lone_surrogates(tmp_path):
    db = tmp_path / "s.duckdb"
    docs = [Document(id="ok", text="SYRGOV 042 RUSGOV"), Document(id="bad", text="ISRGOV 190 LBN \udc80"),
            Document(id="t", text="USAGOV 036 IRNGOV", title="half \ud83d")]
    for _ in range(2):
        r = ingest(db, docs, FakeCoder)
        assert [(s.where, s.reason.split(" (")[0]) for s in r.skipped] == [
            ("bad", "'text' holds a lone surrogate"), ("t", "'title' holds a lone surrogate")]
    with connect(db) as con:
        assert con.execute("SELECT doc_id FROM documents").fetchall() == [("ok",)]


def test_a_file_name_that_is_not_utf8(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for g in GOOD:
        (d / f"{g['id']}.txt").write_text(g["text"] + "\n")
    bad = os.path.join(os.fsencode(d), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(b"ISRGOV 190 LBN\n")
    db = tmp_path / "s.duckdb"
    for _ in range(2):
        r = runner.invoke(app, ["ingest", str(d), "--db", str(db), "--date", "2024-01-01"])
        assert r.exit_code == SKIPPED_EXIT, r.output
        assert "caf\\xe9.txt: the file name is not valid UTF-8; rename it" in " ".join(r.stderr.split())
        with connect(db) as con:
            assert con.execute("SELECT count(*) FROM documents").fetchall() == [(5,)]
