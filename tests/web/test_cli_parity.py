"""Each analysis endpoint answers exactly what its command prints with ``--format json``, for the
same query on the same store: both call the same library function and ``dyad.analysis.records``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app

CASES = [
    ("dyads", {"top": 5, "min_events": 2}, ["dyads", "--top", "5", "--min-events", "2"]),
    ("series", {"a": "SYR", "b": "RUS", "freq": "week"}, ["series", "SYR", "RUS", "--freq", "week"]),
    ("series", {"a": "SYRGOV", "b": "RUS", "freq": "month", "directed": "true", "since": "2024-01-15"},
     ["series", "SYRGOV", "RUS", "--freq", "month", "--directed", "--since", "2024-01-15"]),
    ("network", {"min_events": 2}, ["network", "--min-events", "2"]),
    ("network", {"level": "actor", "directed": "true"}, ["network", "--level", "actor", "--directed"]),
    ("balance", {"top": 3}, ["balance", "--top", "3"]),
    ("shifts", {"freq": "week", "threshold": 2.5}, ["shifts", "--freq", "week", "--threshold", "2.5"]),
    ("shifts", {"actor": "SYR", "window": 4}, ["shifts", "--actor", "SYR", "--window", "4"]),
]  # fmt: skip


@pytest.mark.parametrize("endpoint, params, argv", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_endpoint_equals_command_json(relations, relations_store, endpoint, params, argv) -> None:
    res = CliRunner().invoke(app, [*argv, "--format", "json", "--db", str(relations_store)])
    assert res.exit_code == 0, res.output
    cli = json.loads(res.stdout)
    r = relations.get(f"/api/{endpoint}", params=params)
    assert r.status_code == 200, r.text
    assert r.json() == cli
    assert cli  # the store has something to say for each query (a shift, a frustrated triad, ties)
    if endpoint == "shifts" and "actor" not in params:
        assert any(s["a"] == "RUS" and s["b"] == "SYR" and s["direction"] == "toward conflict" for s in cli)
    if endpoint == "balance":
        assert cli["frustrated"] and cli["triads"] > cli["balanced"]


def test_format_must_be_table_or_json(relations_store) -> None:
    res = CliRunner().invoke(app, ["dyads", "--format", "yaml", "--db", str(relations_store)])
    assert res.exit_code == 2 and "--format" in res.output
