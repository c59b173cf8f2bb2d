"""`make demo` (examples/demo.sh) tells the story in under 150 lines, one screen per step, and each
step shows its result: what was coded, what was stored, the relations and the plots written, the
forecast as one table, and where to look next. The results are checked against the store and the
scenario the demo used, not against numbers written here. Slow: the demo codes with spaCy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]

SCREEN = 45  # lines a step may take


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("demo") / "out"
    env = {**os.environ, "DEMO_OUT": str(out), "DYAD": str(Path(sys.executable).parent / "dyad")}
    run = subprocess.run(["bash", str(ROOT / "examples" / "demo.sh")], env=env, capture_output=True, text=True,
                         timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return re.sub(r"\x1b\[[0-9;]*m", "", run.stdout + run.stderr), out


def _steps(text: str) -> dict[str, str]:
    parts = re.split(r"^== (\d)/5 ", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.slow
def test_the_demo_fits_and_shows_each_step(demo: tuple[str, Path]) -> None:
    text, out = demo
    assert len(text.splitlines()) < 150
    steps = _steps(text)
    assert sorted(steps) == ["1", "2", "3", "4", "5"]
    for n, body in steps.items():
        assert len(body.splitlines()) <= SCREEN, f"step {n} takes {len(body.splitlines())} lines"
    con = duckdb.connect(str(out / "demo.duckdb"), read_only=True)
    try:
        docs = dict(con.execute("SELECT doc_id, n_mentions FROM documents").fetchall())
        top = con.execute("SELECT dyad FROM events GROUP BY dyad ORDER BY count(*) DESC, dyad LIMIT 1").fetchone()[0]
    finally:
        con.close()

    # 1: the coded article as a table, as many events as the store holds for it
    kremlin = next(d for d in docs if d.endswith("sharaa-kremlin.txt"))
    assert f"{docs[kremlin]} events" in steps["1"] and "┃ source" in steps["1"]
    # 2: every bundled article stored, and the second run stores nothing new
    articles = len(list((ROOT / "examples" / "articles").iterdir()))
    assert f"{articles} documents stored" in steps["2"] and f"0 documents stored, {articles} already there" in steps["2"]
    assert all(d in steps["2"] for d in docs)
    # 3: the dyads (the busiest pair among them), and the plots written, named, real PNGs
    assert "Most active dyads" in steps["3"] and top.replace("|", "–") in steps["3"]
    for name in ("syr-isr.png", "network.png"):
        assert f"written to {out / name}" in steps["3"]
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # 4: one table, a row per issue of the scenario, no EUM round tables
    from dyad.forecast.readers import read_scenario

    issues = [i.name for i in read_scenario(ROOT / "examples" / "syria-2025.yaml").issues]
    rows = [line for line in steps["4"].splitlines() if line.split()[:1] and line.split()[0] in issues]
    assert [r.split()[0] for r in rows] == issues
    assert "EUM rounds" not in text and "round 1" not in text
    # 5: the dashboard on the demo's store, and each file the demo wrote
    assert f"serve --db {out / 'demo.duckdb'}" in steps["5"]
    assert all(f"  {p.name}" in steps["5"] for p in out.iterdir() if not p.name.endswith(".wal"))
