"""Deduplication against a brute-force statement of the rule, on random inputs.

For documents arriving in date order, the stored events must be exactly the chains of the rule:
per (source, target, code), mentions sorted by date, a new event wherever the gap to the previous
mention exceeds the window; whatever the batch size.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.model import Document
from dyad.store.ingestion import write_batch
from dyad.store.schema import migrate
from store.fakes import FakeCoder, doc

KEYS = [("SYRGOV", "042", "RUSGOV"), ("RUSGOV", "042", "SYRGOV"), ("SYRGOV", "190", "RUSGOV")]
START = date(2024, 1, 1)


def brute(mentions: list[tuple[tuple[str, str, str], int]], w: int) -> list[tuple]:
    out = []
    for key in KEYS:
        days = sorted(d for k, d in mentions if k == key)
        chain: list[int] = []
        for d in days:
            if chain and d - chain[-1] > w:
                out.append((key, chain[0], chain[-1], len(chain)))
                chain = []
            chain.append(d)
        if chain:
            out.append((key, chain[0], chain[-1], len(chain)))
    return sorted(out)


@settings(max_examples=30, deadline=None)
@given(
    mentions=st.lists(st.tuples(st.sampled_from(KEYS), st.integers(0, 20)), min_size=1, max_size=25),
    window=st.integers(0, 3),
    batch=st.integers(1, 6),
)
def test_events_are_the_rule_s_chains(mentions, window, batch):
    mentions = sorted(mentions, key=lambda m: m[1])  # documents arrive in date order
    docs = [doc(f"d{i}", f"{s} {c} {t} {(START + timedelta(days=d)).isoformat()}", f"article {i}")
            for i, ((s, c, t), d) in enumerate(mentions)]  # fmt: skip
    coder = FakeCoder()
    with duckdb.connect() as con:
        migrate(con, 0)
        for i in range(0, len(docs), batch):
            write_batch(con, list(coder.code_many(docs[i : i + batch])), window=window)
        rows = con.execute("SELECT source, code, target, date, last_date, num_mentions FROM events").fetchall()
    got = sorted(((s, c, t), (d0 - START).days, (d1 - START).days, n) for s, c, t, d0, d1, n in rows)
    assert got == brute(mentions, window)


URLS = [None, "https://a.example/1", "https://www.a.example/2", "https://b.example/x"]


@settings(max_examples=30, deadline=None)
@given(
    docs_spec=st.lists(
        st.tuples(
            st.lists(st.tuples(st.sampled_from(KEYS), st.one_of(st.none(), st.integers(0, 12))), min_size=1, max_size=4),
            st.sampled_from(URLS),
        ),
        min_size=1,
        max_size=12,
    ),
    window=st.integers(0, 2),
    batch=st.integers(1, 5),
)
def test_event_counts_are_their_mentions(docs_spec, window, batch):
    """Whatever the order, outlets and undated mentions: each event's counts, dates and first
    mention are what its own mentions say (the ingest computes them without aggregating them)."""
    docs = []
    for i, (lines, url) in enumerate(docs_spec):
        text = [f"{s} {c} {t}" + ("" if d is None else f" {(START + timedelta(days=d)).isoformat()}") for (s, c, t), d in lines]
        # documents without a date, so a mention without one stays undated; the id line keeps
        # every text distinct (it codes nothing)
        docs.append(Document(id=f"d{i}", text="\n".join([*text, f"d{i}"]), date=None, url=url))
    coder = FakeCoder()
    with duckdb.connect() as con:
        migrate(con, 0)
        for i in range(0, len(docs), batch):
            write_batch(con, list(coder.code_many(docs[i : i + batch])), window=window)
        got = con.execute("""SELECT event_key, date, last_date, num_mentions, num_articles, num_sources, first_mention
                             FROM events ORDER BY event_key""").fetchall()
        want = con.execute("""
            SELECT event_key, min(date), max(date), count(*), count(DISTINCT doc_id),
                   count(DISTINCT outlet) + count(DISTINCT doc_id) FILTER (WHERE outlet IS NULL),
                   arg_min(mention_id, (date, doc_id, sentence_index))
            FROM mentions GROUP BY event_key ORDER BY event_key""").fetchall()
        n_mentions = con.execute("SELECT count(*) FROM mentions").fetchall()[0][0]
    assert n_mentions == sum(len(lines) for lines, _ in docs_spec)
    assert [g[:6] for g in got] == [w[:6] for w in want]
    # the first mention: earliest by (date, doc_id, sentence); ties between identical positions
    # cannot occur (a sentence codes one event here)
    assert [g[6] for g in got] == [w[6] for w in want]
