"""The store fed by the real coder on the bundled examples: what `make demo` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.run.ingest import ingest
from dyad.store import connect

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.mark.slow
def test_bundled_examples_ingest_once_with_evidence(tmp_path):
    from dyad.coder import default_coder
    from dyad.run.inputs import read_documents

    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent")
    db = tmp_path / "demo.duckdb"
    coder = default_coder()
    first = ingest(db, read_documents([str(EXAMPLES)], None), lambda: coder)
    n_files = len(list(EXAMPLES.glob("*.txt")))
    assert first.stored == n_files and first.mentions > 0
    with connect(db) as con:
        # every stored mention points at its event and keeps a sentence containing its trigger
        rows = con.execute("""
            SELECT m.code, s.text, m.trigger_start, m.trigger_end, e.event_key IS NOT NULL
            FROM mentions m JOIN sentences s USING (doc_id, sentence_index)
            LEFT JOIN events e USING (event_key)""").fetchall()
        before = con.execute("SELECT count(*), sum(num_mentions) FROM events").fetchall()
    assert len(rows) == first.mentions and all(r[4] for r in rows)
    assert all(r[1] and (r[2] is None or 0 <= r[2] < r[3] <= len(r[1])) for r in rows)
    assert before[0][1] == first.mentions
    again = ingest(db, read_documents([str(EXAMPLES)], None), lambda: coder)
    assert (again.stored, again.duplicates) == (0, n_files)
    with connect(db) as con:
        assert con.execute("SELECT count(*), sum(num_mentions) FROM events").fetchall() == before
