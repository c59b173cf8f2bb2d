"""`ingest --coded` deduplicates the same input into the same events table, however it is chunked,
split into files, ordered, interrupted and resumed (issue 16, section 2).

It used to depend on the chunking: chunks were cut by a hash of the document id, and a late mention
that bridged two stored events left them apart, so a 1.2 M-event load held 29 events more than the
rule allows, and a kill and re-run another table again. Event keys are numbers given in arrival
order; everything else about each event (what it is, its dates, counts, first mention and which
mentions it holds) must not move.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.store import connect
from dyad.store.coded import load_coded

KEYS = [("SYRGOV", "042", "RUSGOV"), ("SYRGOV", "190", "RUSGOV"), ("ISR", "111", None)]
GOLDSTEIN = {"042": 1.9, "190": -10.0, "111": -2.0}

mention = st.tuples(st.sampled_from(KEYS), st.one_of(st.none(), st.integers(0, 15)), st.integers(0, 2))
documents = st.lists(st.lists(mention, min_size=1, max_size=4), min_size=1, max_size=14)


def _lines(docs: list[list[tuple]]) -> list[list[str]]:
    out = []
    for i, mentions in enumerate(docs):
        lines = []
        for j, ((src, code, tgt), day, sent) in enumerate(mentions):
            lines.append(json.dumps({
                "event_id": f"e{i}-{j}", "doc_id": f"d{i:02d}", "sentence_index": sent, "sentence": f"s{sent}",
                "date": None if day is None else f"2024-01-{day + 1:02d}", "source": src, "target": tgt,
                "code": code, "root_code": code[:2], "quad_class": 1 if code < "05" else 4,
                # the score varies by mention, so which mention an event takes it from shows
                "goldstein": GOLDSTEIN[code] + j / 10, "plover": None if j % 2 else "CONSULT",
            }))  # fmt: skip
        out.append(lines)
    return out


def _table(db: Path) -> list[tuple]:
    with connect(db) as con:
        return con.execute("""
            SELECT e.source, e.target, e.code, e.status, e.date, e.last_date, e.root_code, e.quad_class,
                   e.goldstein, e.plover, e.num_mentions, e.num_sources, e.num_articles, e.first_mention,
                   list_sort(list(m.mention_id)) AS mentions
            FROM events e JOIN mentions m USING (event_key)
            GROUP BY ALL ORDER BY ALL""").fetchall()  # fmt: skip


class Interrupted(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=documents, window=st.integers(0, 2), chunk=st.integers(1, 6), files=st.integers(1, 3),
       kill_after=st.one_of(st.none(), st.integers(0, 5)), seed=st.integers(0, 2**16))
def test_same_events_however_chunked_ordered_and_interrupted(tmp_path_factory, docs, window, chunk, files,
                                                            kill_after, seed):  # fmt: skip
    tmp = tmp_path_factory.mktemp("order")
    lines = _lines(docs)
    whole = tmp / "all.jsonl"
    whole.write_text("".join(line + "\n" for doc in lines for line in doc))
    reference = tmp / "ref.duckdb"
    load_coded(reference, [whole], window=window)  # one chunk, one file, in input order

    rng = random.Random(seed)  # documents shuffled and dealt into files; each file's lines kept whole per document
    order = list(range(len(lines)))
    rng.shuffle(order)
    parts = [tmp / f"part{k}.jsonl" for k in range(files)]
    for k, p in enumerate(parts):
        p.write_text("".join(line + "\n" for i in order[k::files] for line in lines[i]))
    db = tmp / "chunked.duckdb"
    batches = 0

    def stop(_result) -> None:
        nonlocal batches
        batches += 1
        if kill_after is not None and batches > kill_after:
            raise Interrupted  # after a committed chunk, as a kill between chunks would
    try:
        load_coded(db, parts, window=window, chunk_docs=chunk, on_batch=stop)
    except Interrupted:
        load_coded(db, list(reversed(parts)), window=window, chunk_docs=chunk)  # resumed, in another order
    assert _table(db) == _table(reference)
    with connect(db) as con:  # and the events are the rule's chains: no two of one key within the window
        overlap = con.execute("""
            SELECT count(*) FROM events a JOIN events b
              ON a.source = b.source AND a.target IS NOT DISTINCT FROM b.target AND a.code = b.code
             AND a.status = b.status AND a.event_key < b.event_key
            WHERE (a.date IS NULL) = (b.date IS NULL)
              AND (a.date IS NULL OR (b.date <= a.last_date + ? AND a.date <= b.last_date + ?))""",
            [window, window]).fetchall()[0][0]  # fmt: skip
    assert overlap == 0
