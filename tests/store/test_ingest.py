"""Ingest: idempotent, deduplicating across articles, batched so that a kill -9 loses nothing
reported stored, and friendly to readers in other processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.store import connect, ingest, write_batch
from store.fakes import FakeCoder, doc
from store.ingest_worker import SlowCoder, corpus

WORKER = Path(__file__).with_name("ingest_worker.py")


def q(db, sql, params=None):
    with connect(db) as con:
        return con.execute(sql, params or []).fetchall()


def snapshot(db):
    """Everything a re-run must reproduce, independent of event numbering."""
    return sorted(q(db, "SELECT source, target, code, date, last_date, num_mentions, num_sources, num_articles FROM events"))


def test_ingest_twice_changes_nothing_and_skips_coding(tmp_path):
    db = tmp_path / "s.duckdb"
    docs = corpus(12)
    first = ingest(db, docs, FakeCoder(), batch_size=5)
    assert first.stored == 12 and first.duplicates == 0
    before = snapshot(db), q(db, "SELECT count(*) FROM mentions"), q(db, "SELECT count(*) FROM sentences")
    coder = FakeCoder()
    again = ingest(db, docs, coder, batch_size=5)
    assert again.stored == 0 and again.duplicates == 12
    assert coder.coded == []  # stored documents are not even re-coded
    assert (snapshot(db), q(db, "SELECT count(*) FROM mentions"), q(db, "SELECT count(*) FROM sentences")) == before


def test_same_text_under_another_id_is_a_duplicate(tmp_path):
    db = tmp_path / "s.duckdb"
    a = doc("a", "SYRGOV 042 RUSGOV")
    b = doc("b", "SYRGOV 042 RUSGOV")
    r = ingest(db, [a, b, a], FakeCoder())
    assert (r.stored, r.duplicates) == (1, 2)
    assert q(db, "SELECT doc_id FROM documents") == [("a",)]


def test_mentions_across_articles_form_one_event(tmp_path):
    db = tmp_path / "s.duckdb"
    docs = [
        doc("a", "SYRGOV 042 RUSGOV 2024-03-01", url="https://www.bbc.co.uk/1"),
        doc("b", "SYRGOV 042 RUSGOV 2024-03-02", url="https://bbc.co.uk/2"),
        doc("c", "other line", "SYRGOV 042 RUSGOV 2024-03-01", url="https://reuters.com/3"),
        doc("d", "SYRGOV 042 RUSGOV 2024-03-09"),  # outside the 1-day window: its own event
        doc("e", "SYRGOV 043 RUSGOV 2024-03-01"),  # another code
        doc("f", "RUSGOV 042 SYRGOV 2024-03-01"),  # the other direction
    ]
    ingest(db, docs, FakeCoder(), batch_size=2)  # merges happen across batches too
    rows = q(db, "SELECT code, source, date, last_date, num_mentions, num_sources, num_articles FROM events ORDER BY event_key")
    assert len(rows) == 4
    main = [r for r in rows if r[0] == "042" and r[1] == "SYRGOV" and r[4] > 1]
    assert main == [("042", "SYRGOV", main[0][2], main[0][3], 3, 2, 3)]
    assert str(main[0][2]) == "2024-03-01" and str(main[0][3]) == "2024-03-02"
    # every mention keeps its own sentence as evidence
    ev = q(db, """SELECT m.doc_id, s.text FROM mentions m JOIN events e USING (event_key)
                  JOIN sentences s ON s.doc_id = m.doc_id AND s.sentence_index = m.sentence_index
                  WHERE e.num_mentions = 3 ORDER BY m.doc_id""")
    assert [r[0] for r in ev] == ["a", "b", "c"]
    assert ev[1][1] == "SYRGOV 042 RUSGOV 2024-03-02"


def test_window_is_configurable(tmp_path):
    db = tmp_path / "s.duckdb"
    docs = [doc("a", "SYRGOV 042 RUSGOV 2024-03-01"), doc("b", "SYRGOV 042 RUSGOV 2024-03-06")]
    ingest(db, docs, FakeCoder(), window=7)
    assert q(db, "SELECT num_mentions FROM events") == [(2,)]
    with pytest.raises(InputError, match="window"):
        ingest(tmp_path / "t.duckdb", docs, FakeCoder(), window=-1)


def test_batch_split_does_not_change_the_result(tmp_path):
    docs = corpus(30)
    ingest(tmp_path / "one.duckdb", docs, FakeCoder(), batch_size=100)
    ingest(tmp_path / "many.duckdb", docs, FakeCoder(), batch_size=4)
    assert snapshot(tmp_path / "one.duckdb") == snapshot(tmp_path / "many.duckdb")


def test_statuses_do_not_merge_and_skipped_items_are_reported(tmp_path):
    from dyad.model import Event

    d = doc("a", "x")
    ev = dict(doc_id="a", sentence_index=0, sentence="x", date="2024-01-01", source="SYRGOV", source_text="Syria",
              target="RUSGOV", target_text="Russia", code="042", root_code="04", quad_class=1, goldstein=1.0,
              plover="CONSULT")  # fmt: skip

    class Skipped:
        where, reason = "feed.jsonl:3", "no text"

    class TwoStatus(FakeCoder):
        def code(self, doc):
            return [Event(**ev), Event(**ev, status="negated")]

    r = ingest(tmp_path / "s.duckdb", [Skipped(), d], TwoStatus())
    assert r.skipped[0].where == "feed.jsonl:3"
    assert sorted(q(tmp_path / "s.duckdb", "SELECT status FROM events")) == [("asserted",), ("negated",)]


def test_failed_batch_leaves_nothing_half_written(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, [doc("a", "SYRGOV 042 RUSGOV")], FakeCoder())
    before = q(db, "SELECT count(*) FROM documents"), q(db, "SELECT count(*) FROM mentions")
    good = doc("b", "USAGOV 042 IRNGOV")
    bad_events = FakeCoder().code(doc("c", "USAGOV 043 IRNGOV"))
    bad_events[0].quad_class = "not a number"  # fails inside the transaction, after documents went in
    with connect(db, write=True) as con, pytest.raises(Exception):
        write_batch(con, [(good, FakeCoder().code(good)), (doc("c", "USAGOV 043 IRNGOV"), bad_events)])
    assert (q(db, "SELECT count(*) FROM documents"), q(db, "SELECT count(*) FROM mentions")) == before


def _run_until(db, n, batch, stop_after_batches, delay=0.01):
    """Start the worker; SIGKILL it after it reported ``stop_after_batches`` batches."""
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db), str(n), str(delay), str(batch)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    reported: list[str] = []
    batches = 0
    for line in proc.stdout:
        if line.startswith("STORED "):
            reported += [x for x in line[7:].strip().split(",") if x]
            batches += 1
            if batches >= stop_after_batches:
                time.sleep(0.013 * batches % 0.05)  # land the kill at varying points of the next batch
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=30)
    proc.stdout.close()
    return reported, proc.returncode


def test_kill_9_loses_nothing_reported_and_rerun_completes(tmp_path):
    n, batch = 60, 5
    clean = tmp_path / "clean.duckdb"
    ingest(clean, corpus(n), FakeCoder(), batch_size=batch)
    db = tmp_path / "killed.duckdb"
    all_reported: set[str] = set()
    for stop in (3, 2):
        reported, rc = _run_until(db, n, batch, stop)
        assert rc == -signal.SIGKILL
        all_reported |= set(reported)
        stored = {r[0] for r in q(db, "SELECT doc_id FROM documents")}
        assert all_reported <= stored  # nothing reported stored was lost
        assert len(stored) < n
    out = subprocess.run([sys.executable, str(WORKER), str(db), str(n), "0", str(batch)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0 and "DONE" in out.stdout, out.stderr
    assert q(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(n, n)]
    assert q(db, "SELECT count(*) - count(DISTINCT mention_id) FROM mentions") == [(0,)]
    assert snapshot(db) == snapshot(clean)


def test_readers_in_other_processes_get_in_between_batches(tmp_path):
    db = tmp_path / "s.duckdb"
    n, batch = 40, 5
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db), str(n), "0.03", str(batch)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    seen = []
    try:
        while proc.poll() is None:
            if db.exists():
                with connect(db, wait=10) as con:
                    # each read sees whole batches only: the count is a multiple of the batch size
                    seen.append(con.execute("SELECT count(*) FROM documents").fetchall()[0][0])
            time.sleep(0.05)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
    during = [c for c in seen if c < n]
    assert len(during) >= 2, seen  # readers got in while the writer was still ingesting
    assert all(c % batch == 0 for c in seen), seen
    assert seen == sorted(seen)
    assert q(db, "SELECT count(*) FROM documents") == [(n,)]


def test_in_process_reader_sees_a_consistent_snapshot(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, corpus(10), FakeCoder())
    with connect(db, write=True) as con:
        reader = con.cursor()
        reader.execute("BEGIN TRANSACTION")
        n0 = reader.execute("SELECT count(*) FROM documents").fetchall()[0][0]
        write_batch(con, list(SlowCoder(0).code_many(corpus(20)[10:])))
        assert reader.execute("SELECT count(*) FROM documents").fetchall()[0][0] == n0
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM documents").fetchall()[0][0] == 20


def test_two_ingests_at_once_take_turns_without_duplicates(tmp_path):
    db = tmp_path / "s.duckdb"
    n, batch = 20, 5
    procs = [subprocess.Popen([sys.executable, str(WORKER), str(db), str(n), "0", str(batch)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    assert q(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(n, n)]
    assert q(db, "SELECT count(*) - count(DISTINCT mention_id) FROM mentions") == [(0,)]
    clean = tmp_path / "clean.duckdb"
    ingest(clean, corpus(n), FakeCoder(), batch_size=batch)
    assert q(db, "SELECT count(*) FROM mentions") == q(clean, "SELECT count(*) FROM mentions")


class _NamedCoder(FakeCoder):
    """Events whose source text is the document's id: one actor code met under several texts."""

    def code(self, doc):
        from dataclasses import replace

        return [replace(e, source_text=doc.id.split("-")[0]) for e in super().code(doc)]


@pytest.mark.parametrize("order", [("Zeta-1", "Alpha-1", "Zeta-2", "Alpha-2", "Mid-1"), ("Alpha-1", "Mid-1", "Alpha-2", "Zeta-1", "Zeta-2")])
def test_actor_name_is_the_most_frequent_text_ties_alphabetical(tmp_path, order):
    """Two texts met equally often: the name does not depend on the order the mentions come in."""
    db = tmp_path / "s.duckdb"
    docs = [doc(name, f"SYRGOV 042 RUSGOV 2024-03-0{i + 1}") for i, name in enumerate(order)]
    ingest(db, docs, _NamedCoder())
    assert q(db, "SELECT name FROM actors WHERE code = 'SYRGOV'") == [("Alpha",)]
