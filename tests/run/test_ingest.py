"""`dyad ingest` through the run layer: the coding options of `dyad code`, and workers that store
exactly what one process stores. The fake coder keeps these fast; the last test runs the real one."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.run.ingest import ingest
from dyad.run.inputs import Skipped
from store.fakes import FakeCoder, doc
from store.ingest_worker import corpus

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("documents", "sentences", "mentions", "events", "actors", "store_info")


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the time each document was stored."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall() if r[0] != "ingested_at"]
            out[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


class Picky(FakeCoder):
    """Fails on one document (a coder bug): it is reported skipped and the run goes on."""

    def code(self, d):
        if "BOOM" in d.text:
            raise RuntimeError("fake coder exploded")
        return super().code(d)


def _input() -> list:
    docs = corpus(150)
    docs[7] = doc("boom", "BOOM")
    docs += [docs[3], doc("again", *docs[10].text.splitlines())]  # repeats: by id, by content
    docs.insert(40, Skipped("feed.jsonl:9", "no text"))
    return docs


def test_workers_store_exactly_what_one_process_stores(tmp_path: Path) -> None:
    reports = {}
    for w in (1, 2):
        reports[w] = ingest(tmp_path / f"w{w}.duckdb", _input(), Picky, workers=w, batch_size=7, window=2)
    one, two = tables(tmp_path / "w1.duckdb"), tables(tmp_path / "w2.duckdb")
    assert len(one["documents"]) == 149 and len(one["mentions"]) > 200  # the test stores something
    assert one == two
    for r in reports.values():
        assert (r.documents, r.stored, r.duplicates) == (152, 149, 2)
        assert sorted(s.where for s in r.skipped) == ["boom", "feed.jsonl:9"]
    # a second run, with workers, finds everything stored; the document the coder failed on is tried again
    again = ingest(tmp_path / "w2.duckdb", _input(), Picky, workers=2, batch_size=7)
    assert (again.stored, again.duplicates, [s.where for s in again.skipped]) == (0, 151, ["boom", "feed.jsonl:9"])
    assert tables(tmp_path / "w2.duckdb") == two


def _feed(tmp_path: Path, n: int = 90) -> Path:
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": d.id, "text": d.text, "date": d.date.isoformat(), "url": d.url}) for d in corpus(n)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_ingest_command_with_workers_stores_what_one_process_stores(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", FakeCoder)
    feed = _feed(tmp_path)
    for w in ("1", "2"):
        r = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(tmp_path / f"{w}.duckdb"), "--workers", w,
                                     "--batch-size", "8"])  # fmt: skip
        assert r.exit_code == 0, r.output
        assert "90 documents stored, 0 already there, 0 skipped" in r.stdout
    assert tables(tmp_path / "1.duckdb") == tables(tmp_path / "2.duckdb")


def test_ingest_offers_the_coding_options_of_code() -> None:
    helps = {cmd: CliRunner().invoke(app, [cmd, "--help"], env={"COLUMNS": "200"}).stdout for cmd in ("code", "ingest")}
    for option in ("--workers", "--dictionaries", "--with-builtin", "--lenient", "--statements"):
        assert option in helps["ingest"] and option in helps["code"], option


def test_statements_reach_the_store(tmp_path: Path, monkeypatch) -> None:
    """--statements goes through the same coder options as `dyad code --statements`."""
    seen = []

    class Flagged(FakeCoder):
        statements = False

        def code(self, d):
            seen.append(self.statements)
            return super().code(d)

    monkeypatch.setattr("dyad.run.workers.default_coder", Flagged)
    feed = _feed(tmp_path, 3)
    r = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(tmp_path / "s.duckdb"), "--statements"])
    assert r.exit_code == 0, r.output
    assert seen == [True, True, True]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--with-builtin"], "--with-builtin only makes sense with --dictionaries DIR"),
        (["--lenient"], "--lenient only makes sense with --dictionaries DIR"),
        (["--workers", "0"], "--workers: must be at least 1, got 0"),
        (["--dictionaries", "/nonexistent/dicts"], "/nonexistent/dicts"),
    ],
)
def test_bad_coding_options_are_refused_alike_by_code_and_ingest(tmp_path: Path, args, message) -> None:
    feed = _feed(tmp_path, 2)
    db = tmp_path / "s.duckdb"
    for cmd in (["code", str(feed)], ["ingest", str(feed), "--db", str(db)]):
        r = CliRunner().invoke(app, cmd + args)
        assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.stderr, (cmd, r.output)
    assert not db.exists() or tables(db)["documents"] == []


def test_coded_refuses_coding_options(tmp_path: Path) -> None:
    f = tmp_path / "events.jsonl"
    f.write_text("", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", "--coded", str(f), "--db", str(tmp_path / "s.duckdb"), "--workers", "2"])
    assert r.exit_code == 2 and "--workers: does not apply to --coded" in r.stderr
    assert not (tmp_path / "s.duckdb").exists()


@pytest.mark.slow
def test_real_coder_with_workers_stores_what_one_process_stores(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    for w in ("1", "2"):
        r = CliRunner().invoke(app, ["ingest", "examples/articles", "--db", str(tmp_path / f"{w}.duckdb"), "--workers", w])
        assert r.exit_code == 0, r.output
    one = tables(tmp_path / "1.duckdb")
    coded = CliRunner().invoke(app, ["code", "examples/articles", "--format", "jsonl"]).stdout.splitlines()
    assert len(one["documents"]) == 5 and len(one["mentions"]) == len(coded) > 0  # every coded event stored
    assert one == tables(tmp_path / "2.duckdb")
