"""`dyad code` through the CLI, with a fake coder: formats, skipped inputs, exit status, workers,
atomic output. One slow test at the end runs the real coder on the bundled examples."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from collections.abc import Iterable, Iterator

from dyad.model import Document, Event, Location
from dyad.run.runner import SKIPPED_EXIT


class FakeCoder:
    """One event per document: source AAA, target BBB, code 190; 'BOOM' in the text raises."""

    def code(self, doc: Document) -> list[Event]:
        if "BOOM" in doc.text:
            raise RuntimeError("fake coder exploded")
        sentence = doc.text.strip().splitlines()[0][:80]
        return [
            Event(
                doc_id=doc.id,
                sentence_index=0,
                sentence=sentence,
                date=doc.date.isoformat() if doc.date else None,
                source="AAA",
                source_text="Aland",
                target="BBB",
                target_text="Bland",
                code="190",
                root_code="19",
                quad_class=4,
                goldstein=-10.0,
                plover="ASSAULT",
                location=Location("Quneitra", "SYR", 33.1, 35.8),
                evidence={"source": (0, 1), "target": None, "trigger": (0, min(3, len(sentence)))},
                pattern="fake",
            )
        ]

    def code_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Document, list[Event]]]:
        for d in docs:
            yield d, self.code(d)


def fake_factory() -> FakeCoder:
    return FakeCoder()


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fake_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", fake_factory)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "01-good.txt").write_text("Israel struck Daraa on Wednesday.\n", encoding="utf-8")
    (d / "02-empty.txt").write_bytes(b"")
    (d / "03-binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (d / "04-latin1.txt").write_bytes("Café au lait".encode("latin-1"))
    (d / "05-feed.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": "Turkey shelled Kobani.", "date": "2025-10-14"}),
                "this is not json",
                json.dumps({"id": "j3", "title": "no text"}),
                json.dumps({"id": "j4", "text": "Russia met Syria.", "date": "sometime"}),
                json.dumps({"id": "j5", "text": "Iran met Iraq."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return d


def _run(args: list[str], **kw) -> "object":
    return CliRunner().invoke(app, args, **kw)


def test_bad_inputs_are_named_and_the_rest_is_coded(inputs: Path) -> None:
    r = _run(["code", str(inputs), "--date", "2025-10-16"])
    assert r.exit_code == SKIPPED_EXIT, r.output
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert [e["doc_id"] for e in events] == [str(inputs / "01-good.txt"), "j1", "j5"]
    assert [e["date"] for e in events] == ["2025-10-16", "2025-10-14", "2025-10-16"]
    err = r.stderr
    assert "Traceback" not in err
    for where, why in [
        ("02-empty.txt", "empty file"),
        ("03-binary.txt", "binary file"),
        ("04-latin1.txt", "invalid UTF-8"),
        ("05-feed.jsonl:2", "not valid JSON"),
        ("05-feed.jsonl:3 (id 'j3')", "no 'text' field"),
        ("05-feed.jsonl:4 (id 'j4')", "cannot read the date 'sometime'"),
    ]:
        assert any(where in line and why in line for line in err.splitlines()), (where, err)
    assert "6 input(s) skipped, 3 document(s) coded" in err


def test_clean_run_exits_zero(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Israel struck Daraa.", encoding="utf-8")
    r = _run(["code", str(f), "--date", "2025-10-16"])
    assert r.exit_code == 0 and r.stderr == ""
    [ev] = [json.loads(x) for x in r.stdout.splitlines()]
    assert ev["source"] == "AAA" and ev["location"]["country"] == "SYR" and ev["evidence"]["source"] == [0, 1]


def test_undated_documents_get_a_note(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Israel struck Daraa.", encoding="utf-8")
    r = _run(["code", str(f)])
    assert r.exit_code == 0 and "1 document(s) had no date" in r.stderr


@pytest.mark.parametrize("bad", ["2025-13-01", "16/10/2025", "tomorrow"])
def test_bad_date_option_is_one_line_error(tmp_path: Path, bad: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    r = _run(["code", str(f), "--date", bad])
    assert r.exit_code == 2
    assert "--date: cannot read the date" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_bad_format_and_workers(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    r = _run(["code", str(f), "--format", "xml"])
    assert r.exit_code == 2 and "unknown output format 'xml'" in r.stderr
    r = _run(["code", str(f), "--workers", "0"])
    assert r.exit_code == 2 and "--workers" in r.stderr
    r = _run(["code", str(f), "--all-sentences"])
    assert r.exit_code == 2 and "--explain" in r.stderr


def test_csv_output_flattens_location_and_evidence(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text('He said "hello", then, left.\nSecond line.', encoding="utf-8")
    r = _run(["code", str(f), "--date", "2025-10-16", "--format", "csv"])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert row["location_name"] == "Quneitra" and row["location_country"] == "SYR"
    assert (row["source_start"], row["source_end"], row["target_start"], row["trigger_end"]) == ("0", "1", "", "3")
    assert row["sentence"] == 'He said "hello", then, left.'


def test_table_output(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Israel struck Daraa.", encoding="utf-8")
    # wide enough for the sentence column (pytest-xdist's workers run with COLUMNS=80)
    r = _run(["code", str(f), "--date", "2025-10-16", "-f", "table"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "2025-10-16" in r.stdout and "AAA (Aland)" in r.stdout and "190" in r.stdout
    assert "[Isr]ael" in r.stdout  # the trigger is bracketed, not eaten as markup
    assert "1 events" in r.stdout


def test_output_file_is_written_atomically(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "events.jsonl"
    r = _run(["code", str(inputs / "01-good.txt"), "--date", "2025-10-16", "-o", str(out)])
    assert r.exit_code == 0 and r.stdout == ""
    assert len(out.read_text().splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_failed_run_leaves_no_partial_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("previous complete output\n", encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text("Israel struck Daraa.", encoding="utf-8")

    def broken() -> object:
        raise MemoryError("simulated crash while loading")

    monkeypatch.setattr("dyad.run.workers.default_coder", broken)
    r = _run(["code", str(f), "-o", str(out)])
    assert r.exit_code != 0
    assert out.read_text() == "previous complete output\n"  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_output_into_missing_directory(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    r = _run(["code", str(f), "-o", str(tmp_path / "nope" / "out.jsonl")])
    assert r.exit_code == 2 and "does not exist" in r.stderr


def test_a_document_the_coder_fails_on_is_skipped(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in [("a", "Fine."), ("b", "BOOM here."), ("c", "Fine too.")]),
        encoding="utf-8",
    )
    r = _run(["code", str(f), "--date", "2025-10-16"])
    assert r.exit_code == SKIPPED_EXIT
    assert [json.loads(x)["doc_id"] for x in r.stdout.splitlines()] == ["a", "c"]
    assert "b: the coder failed on this document (RuntimeError: fake coder exploded)" in r.stderr


def test_workers_keep_input_order(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        for i in range(300):
            fh.write(json.dumps({"id": f"d{i:03d}", "text": f"Doc {i}.", "date": "2025-10-16"}) + "\n")
            if i == 150:
                fh.write("broken line\n")
    one = _run(["code", str(f)])
    two = _run(["code", str(f), "--workers", "2"])
    assert one.exit_code == two.exit_code == SKIPPED_EXIT
    ids = [json.loads(x)["doc_id"] for x in two.stdout.splitlines()]
    assert ids == [f"d{i:03d}" for i in range(300)]
    assert two.stdout == one.stdout
    assert f"{f}:152: not valid JSON" in two.stderr


def test_stdin(tmp_path: Path) -> None:
    r = _run(["code", "-", "--date", "2025-10-16"], input="Israel struck Daraa.\n")
    # a stdin document is named by its content: the first 16 hex digits of its text's SHA-256
    digest = hashlib.sha256(b"Israel struck Daraa.\n").hexdigest()[:16]
    assert r.exit_code == 0 and json.loads(r.stdout)["doc_id"] == f"<stdin>:{digest}"


@pytest.mark.slow
def test_real_coder_on_bundled_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real Coder
    examples = ROOT / "examples" / "articles"
    if not examples.is_dir():
        pytest.skip("examples/articles not written yet")
    r = _run(["code", str(examples), "--format", "jsonl"])
    assert r.exit_code == 0, r.stderr
    events = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(events) >= 10
    assert all(e["date"] for e in events)
    assert any(e["source"].startswith("SYR") and (e["target"] or "").startswith("RUS") for e in events)


@pytest.mark.slow
def test_statements_option_adds_the_speakers_statement(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.undo()  # the real Coder
    f = tmp_path / "a.txt"
    f.write_text("Turkey said Syria had agreed to hold talks with the Kurds.\n", encoding="utf-8")
    plain = [json.loads(x) for x in _run(["code", str(f), "--date", "2025-10-16"]).stdout.splitlines()]
    more = [json.loads(x) for x in _run(["code", str(f), "--date", "2025-10-16", "--statements"]).stdout.splitlines()]
    # talks are one happening: one event, from the first named party to the second
    assert {(e["source"], e["target"], e["code"]) for e in plain} == {("SYR", "KUR", "046")}
    added = [e for e in more if e not in plain]
    assert [(e["source"], e["target"], e["code"], e["pattern"]) for e in added] == [
        ("TUR", "SYR", "010", "reported.statement")]
    # the shared default coder is left as it was
    again = [json.loads(x) for x in _run(["code", str(f), "--date", "2025-10-16"]).stdout.splitlines()]
    assert again == plain


def test_sigterm_leaves_no_partial_output(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "events.jsonl"
    dyad = Path(sys.executable).with_name("dyad")
    proc = subprocess.Popen([str(dyad), "code", "-", "-o", str(out)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no temporary output file appeared"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert list(tmp_path.iterdir()) == []  # neither the temporary file nor a half-written output


@pytest.mark.slow
def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    feed = tmp_path / "feed.jsonl"
    # enough events (> 64 KB of JSON) that the pipe is full when head exits
    feed.write_text("".join(json.dumps({"id": i, "text": "Israel struck Daraa. " * 6, "date": "2025-10-16"}) + "\n"
                            for i in range(50)), encoding="utf-8")
    dyad = Path(sys.executable).with_name("dyad")
    r = subprocess.run(f"set -o pipefail; '{dyad}' code '{feed}' | head -2", shell=True, executable="/bin/bash",
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2 and "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr


class _DiesOnDoc:
    """Kills its own worker process on a document mentioning DIE (as the OOM killer would)."""

    def code(self, doc: Document) -> list[Event]:
        if "DIE" in doc.text:
            import os

            os._exit(9)
        return FakeCoder().code(doc)

    def code_many(self, docs, batch_size: int = 64):
        for d in docs:
            yield d, self.code(d)


def test_a_dead_worker_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", _DiesOnDoc)
    f = tmp_path / "feed.jsonl"
    f.write_text("".join(json.dumps({"id": i, "text": "DIE" if i == 40 else "ok"}) + "\n" for i in range(1000)),
                 encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = _run(["code", str(f), "--workers", "2", "-o", str(out)])
    assert r.exit_code == 1 and "coding worker stopped unexpectedly" in r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [f]
