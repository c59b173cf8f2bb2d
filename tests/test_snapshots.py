"""dyad's own outputs on the bundled examples, checked byte for byte against files dyad wrote.

A refactoring must not change what dyad codes, stores or forecasts; a change that is meant to
(a new rule, a forecasting fix) regenerates the files and says so in its commit:

    DYAD_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py

The expected files are dyad's output on dyad's own example texts (examples/), never third-party
text.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).with_name("snapshots")
ARTICLES = ROOT / "examples" / "articles"
SCENARIO = ROOT / "examples" / "syria-2025.yaml"
# store columns that record when or how fast, not what
VOLATILE = {"ingested_at"}


def _check(name: str, got: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("DYAD_UPDATE_SNAPSHOTS") == "1":
        path.write_text(got, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with DYAD_UPDATE_SNAPSHOTS=1 to write it"
    expected = path.read_text(encoding="utf-8")
    assert got == expected, f"{name}: output differs from the snapshot (see the module docstring)"


def _run(*args: str) -> str:
    res = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.slow
def test_coded_examples_are_unchanged(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # document ids are the paths as given
    _check("examples-events.jsonl", _run("code", "examples/articles", "--format", "jsonl"))


@pytest.mark.slow
def test_stored_examples_are_unchanged(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    db = str(tmp_path / "s.duckdb")
    _run("ingest", "examples/articles", "--db", db)
    out = io.StringIO()
    import duckdb

    con = duckdb.connect(db, read_only=True)
    for table in ("documents", "sentences", "events", "mentions", "actors"):
        cur = con.execute(f"SELECT * FROM {table} ORDER BY ALL")
        cols = [d[0] for d in cur.description]
        keep = [i for i, c in enumerate(cols) if c not in VOLATILE]
        w = csv.writer(out, lineterminator="\n")
        out.write(f"## {table}\n")
        w.writerow([cols[i] for i in keep])
        for row in cur.fetchall():
            w.writerow([row[i] for i in keep])
    con.close()
    _check("examples-store.csv", out.getvalue())


def _rounded(value):  # noqa: ANN001, ANN202
    """Floats to 9 decimals: the last bits of a sum differ between CPUs (numpy's SIMD paths), a
    forecast on a 0-100 scale does not."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def test_forecasts_on_the_example_are_unchanged() -> None:
    data = json.loads(_run("forecast", str(SCENARIO), "--format", "json"))
    forecasts = {i["name"]: i["forecasts"] for i in data["issues"]}
    _check("syria-2025-forecasts.json", json.dumps(_rounded({"parameters": data["parameters"], "forecasts": forecasts}),
                                                   indent=1, sort_keys=True) + "\n")
