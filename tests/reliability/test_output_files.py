"""Output flags never destroy data (issue 16, section 1): an output never replaces an input, the
open store or any DuckDB file; a failed or all-skipped run leaves an existing output untouched;
another program's file needs --force; part files of killed runs are cleaned up. Every case
compares the files (and the store's tables) before and after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.outfiles import PART_SUFFIX, remove_stale_parts
from store.fakes import FakeCoder

runner = CliRunner()
FEED = '{"id": "a1", "text": "PER 111 CHL", "date": "2025-01-02"}\n{"id": "a2", "text": "RUS 042 SYR", "date": "2025-01-03"}\n'


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(autouse=True)
def fake_coder(monkeypatch):
    monkeypatch.setattr("dyad.run.workers.default_coder", FakeCoder)


def events_line(doc: str, k: int) -> dict:
    return {"doc_id": doc, "sentence_index": k, "sentence": f"PER 111 CHL {k}", "date": "2025-01-02",
            "source": "PER", "target": "CHL", "code": "111", "root_code": "11", "quad_class": 3,
            "goldstein": -2.0, "event_id": f"{doc}-{k}"}  # fmt: skip


def make_store(path: Path, docs: int = 4) -> Path:
    coded = path.with_suffix(".events.jsonl")
    coded.write_text("".join(json.dumps(events_line(f"d{d}", k)) + "\n" for d in range(docs) for k in range(2)))
    r = run("ingest", "--coded", coded, "--db", path)
    assert r.exit_code == 0, r.output
    return path


def tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall()))
                for t in ("events", "mentions", "documents", "sentences")}  # fmt: skip
    finally:
        con.close()


def one_line(res, code, *words):
    err = res.stderr.strip()
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output and len(err.splitlines()) == 1, err
    for w in words:
        assert w in err, (w, err)


# --- an output never replaces an input, the store or a DuckDB file ------------------------------


def test_export_over_its_own_store_keeps_the_store(tmp_path):
    db = make_store(tmp_path / "ex.duckdb")
    before = tables(db)
    for extra in ([], ["--force"]):
        one_line(run("export", "--format", "csv", "-o", db, "--db", db, *extra), 2, "ex.duckdb", "never replaces")
    assert tables(db) == before


def test_no_output_replaces_any_duckdb_file(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    other = make_store(tmp_path / "other.duckdb", docs=2)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(FEED)
    before = tables(other)
    cases = [
        ("code", feed, "-o", other, "--force"),
        ("export", "-f", "jsonl", "-o", other, "--db", db, "--force"),
        ("network", "--output", tmp_path / "other.duckdb.wal", "--db", db),
        ("series", "PER", "CHL", "--plot", db, "--db", db, "--force"),
    ]
    (tmp_path / "other.duckdb.wal").write_bytes(b"")  # a WAL beside the store is part of it
    for args in cases:
        res = run(*args)
        assert res.exit_code == 2, (args, res.output)
        assert "Traceback" not in res.output
    assert tables(other) == before


def test_code_never_replaces_its_input(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(FEED)
    link = tmp_path / "link.jsonl"
    os.link(feed, link)  # the same file by another name
    sym = tmp_path / "sym.jsonl"
    sym.symlink_to(feed)
    for out in (feed, link, sym):
        one_line(run("code", feed, "-o", out, "--force"), 2, "an output never replaces an input")
    assert feed.read_text() == FEED


def test_code_never_replaces_a_file_it_reads_from_an_input_directory(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "feed.jsonl").write_text(FEED)
    one_line(run("code", d, "-o", d / "feed.jsonl", "--force"), 2, "reads from")
    assert (d / "feed.jsonl").read_text() == FEED
    # its own earlier output in that directory is no article: re-running replaces it
    assert run("code", d, "-o", d / "events.jsonl").exit_code == 0
    first = (d / "events.jsonl").read_text()
    res = run("code", d, "-o", d / "events.jsonl")
    assert res.exit_code in (0, 4), res.output  # 4: the event file itself is skipped as input
    assert (d / "events.jsonl").read_text() == first


# --- another program's file needs --force; the command's own earlier output does not -------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_code_replaces_its_own_output_but_not_another_file(tmp_path, fmt):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(FEED)
    out = tmp_path / "out.txt"
    out.write_text("notes I keep\n")
    one_line(run("code", feed, "-f", fmt, "-o", out), 2, "not an earlier output of `dyad code`", "--force")
    assert out.read_text() == "notes I keep\n"
    assert run("code", feed, "-f", fmt, "-o", out, "--force").exit_code == 0
    written = out.read_text()
    assert written != "notes I keep\n"
    assert "190" not in written
    feed.write_text(FEED.replace("RUS 042 SYR", "RUS 190 SYR"))
    assert run("code", feed, "-f", fmt, "-o", out).exit_code == 0  # its own earlier output: no --force
    assert "190" in out.read_text()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "plover", "phoenix", "parquet"])
def test_export_replaces_its_own_output_but_not_another_file(tmp_path, fmt):
    db = make_store(tmp_path / "s.duckdb")
    out = tmp_path / f"out.{fmt}"
    out.write_text("someone else's table\n")
    one_line(run("export", "-f", fmt, "-o", out, "--db", db), 2, "not an earlier output of `dyad export`")
    assert out.read_text() == "someone else's table\n"
    assert run("export", "-f", fmt, "-o", out, "--db", db, "--force").exit_code == 0
    res = run("export", "-f", fmt, "-o", out, "--db", db)  # the earlier export is recognised
    assert res.exit_code == 0, res.output


def test_gdelt_files_are_never_taken_for_an_earlier_export(tmp_path):
    """A headerless GDELT file cannot be told from GDELT's own: replacing one needs --force."""
    db = make_store(tmp_path / "s.duckdb")
    out = tmp_path / "events.tsv"
    assert run("export", "-f", "gdelt", "-o", out, "--db", db).exit_code == 0
    first = out.read_bytes()
    one_line(run("export", "-f", "gdelt", "-o", out, "--db", db), 2, "--force")
    assert out.read_bytes() == first


def test_graphs_and_plots_replace_their_own_files_only(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    for args, name in ((("network", "--output"), "net.graphml"), (("network", "--output"), "net.json"),
                       (("network", "--plot"), "net.png"), (("series", "PER", "CHL", "--plot"), "s.svg")):  # fmt: skip
        out = tmp_path / name
        out.write_bytes(b"a drawing of mine")
        res = run(*args, out, "--db", db)
        assert res.exit_code == 2 and "--force" in res.stderr, res.output
        assert out.read_bytes() == b"a drawing of mine"
        assert run(*args, out, "--db", db, "--force").exit_code == 0
        assert run(*args, out, "--db", db).exit_code == 0, name  # recognised as its own
        assert out.read_bytes() != b"a drawing of mine"


def test_output_to_a_fifo_or_device_is_refused(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(FEED)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line(run("code", feed, "-o", fifo, "--force"), 2, "FIFO", "redirect standard output")
    assert fifo.exists() and not fifo.is_file()
    one_line(run("code", feed, "-o", "/dev/null", "--force"), 2, "a device")
    assert Path("/dev/null").is_char_device()


# --- a failed or all-skipped run leaves the output untouched --------------------------------------


def test_code_that_codes_nothing_keeps_the_existing_output(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(FEED)
    keep = tmp_path / "keep.jsonl"
    assert run("code", feed, "-o", keep).exit_code == 0
    before = keep.read_bytes()
    res = run("code", tmp_path / "missing.jsonl", "-o", keep)
    assert res.exit_code == 4 and "left as it was" in res.stderr, res.output
    assert keep.read_bytes() == before
    res = run("code", tmp_path / "missing.jsonl", "-o", tmp_path / "new.jsonl")
    assert res.exit_code == 4 and not (tmp_path / "new.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl", "keep.jsonl"]  # no part file left


def test_a_failed_export_keeps_the_existing_output(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    out = tmp_path / "out.csv"
    assert run("export", "-f", "csv", "-o", out, "--db", db).exit_code == 0
    before = out.read_bytes()
    assert run("export", "-f", "csv", "-o", out, "--db", db, "--since", "not a date").exit_code == 2
    assert out.read_bytes() == before


# --- part files -----------------------------------------------------------------------------------


def test_stale_part_files_of_dead_runs_are_removed(tmp_path):
    """kill -9 leaves .NAME.PID-XXXX.dyad.part behind; the next write to NAME removes it when
    that process is gone, and never a part file of a live process."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    target = tmp_path / "events.jsonl"
    stale = tmp_path / f".events.jsonl.{dead_pid}-abcd1234{PART_SUFFIX}"
    live = tmp_path / f".events.jsonl.{os.getppid()}-abcd1234{PART_SUFFIX}"
    other = tmp_path / f".other.jsonl.{dead_pid}-abcd1234{PART_SUFFIX}"
    for p in (stale, live, other):
        p.write_text("half")
    assert remove_stale_parts(target) == [stale]
    assert live.exists() and other.exists() and not stale.exists()


@pytest.mark.slow
def test_kill_9_during_code_leaves_a_named_part_that_the_next_run_removes(tmp_path):
    import signal
    import time

    out = tmp_path / "events.jsonl"
    dyad = Path(sys.executable).with_name("dyad")
    proc = subprocess.Popen([str(dyad), "code", "-", "-o", str(out)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(f"*{PART_SUFFIX}")):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    (part,) = tmp_path.glob(f"*{PART_SUFFIX}")
    assert part.name.startswith(".events.jsonl.") and "dyad" in part.name
    feed = tmp_path / "feed.txt"
    feed.write_text("Peru criticized Chile on Monday.\n")
    res = subprocess.run([str(dyad), "code", str(feed), "-o", str(out), "--date", "2025-01-02"],
                         capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))
