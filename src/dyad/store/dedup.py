"""Chaining a batch's mentions into events, in numpy over one sorted scan.

The rule (see docs/store.md): per key (source, target, code, status) the batch's mentions and
the stored events of that key (as date spans) are sorted by date, and a new chain starts wherever
a row begins more than the window after everything before it ended. A chain holding a stored
event continues it (the earliest, should one bridge two); any other chain is a new event.

Why numpy rather than SQL window functions: the rule needs a running maximum and a running sum
per key, which in SQL are two window sorts over string partitions plus a join back; here DuckDB
sorts once, on small integers (a key number, the date, a document number), hands the columns over
as arrays, and the running maximum, the chain starts, the chain numbers and the per-event counts
(mentions, distinct articles, distinct sources, first mention) are a handful of vector operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

# Integer numbers for the batch's keys (ordered like the keys, so new events are numbered in key
# order) and for its documents (ordered by doc_id: the first mention is the earliest by date, then
# doc_id, then sentence). A document without outlet is its own source: its source number is
# negative, distinct from every outlet's.
_NUMBERS = """
CREATE TEMP TABLE _k AS
SELECT source, tkey, code, status, row_number() OVER (ORDER BY source, tkey, code, status) AS kid
FROM (SELECT DISTINCT source, tkey, code, status FROM _m);
CREATE TEMP TABLE _d AS
SELECT doc_id, row_number() OVER (ORDER BY doc_id) AS dno,
       CASE WHEN outlet IS NULL THEN -row_number() OVER (ORDER BY doc_id)
            ELSE dense_rank() OVER (ORDER BY outlet) END AS sno
FROM (SELECT doc_id, any_value(outlet) AS outlet FROM _m GROUP BY doc_id);
"""

# One row per mention and per stored event of the batch's keys near its dates, in chaining order.
_ROWS = """
SELECT kid, day IS NULL AS undated, coalesce(day, 0) AS day, coalesce(last, 0) AS last,
       last IS NULL AS unended, coalesce(ekey, -1) AS ekey, coalesce(rn, 0) AS rn,
       coalesce(dno, 0) AS dno, coalesce(sno, 0) AS sno
FROM (
    SELECT k.kid, m.date - DATE '1970-01-01' AS day, m.date - DATE '1970-01-01' AS last,
           NULL::BIGINT AS ekey, m.rn, d.dno, d.sno, m.sentence_index AS si, m.mention_id AS mid
    FROM _m m JOIN _k k USING (source, tkey, code, status) JOIN _d d USING (doc_id)
    UNION ALL
    SELECT k.kid, e.date - DATE '1970-01-01', e.last_date - DATE '1970-01-01', e.event_key,
           NULL, NULL, NULL, NULL, NULL
    FROM events e JOIN _k k
      ON e.source = k.source AND coalesce(e.target, '') = k.tkey AND e.code = k.code AND e.status = k.status
    WHERE {prune}
)
ORDER BY kid, day NULLS FIRST, ekey NULLS LAST, dno, si, mid
"""

# A DuckDB date is within 2**31 days of 1970, so a day lifted by _BIG // 2 lies in [0, _BIG); key
# numbers times _BIG stay below 2**63 for up to 2**31 keys in one batch.
_BIG = np.int64(1) << 32


@dataclass
class Assignment:
    """Each staged mention's event and the new events' summaries."""

    rn: np.ndarray  # the mentions (their ``rn`` in ``_m``)
    event_key: np.ndarray  # and their events
    matched: np.ndarray  # stored event keys that gained mentions
    merged_mentions: int
    new: dict[str, np.ndarray]  # per new event: event_key, rn of first mention, last day, counts
    absorbed: dict[str, np.ndarray]  # stored events a batch's mentions bridged: gone -> keep

def assign(con: duckdb.DuckDBPyConnection, w: int, base: int, prune: str) -> Assignment:
    con.execute(_NUMBERS)
    a = con.execute(_ROWS.format(prune=prune)).fetchnumpy()
    con.execute("DROP TABLE _k")
    con.execute("DROP TABLE _d")
    kid = np.asarray(a["kid"], dtype=np.int64)
    day = np.asarray(a["day"], dtype=np.int64)
    last = np.asarray(a["last"], dtype=np.int64)
    undated = np.asarray(a["undated"], dtype=bool)
    unended = np.asarray(a["unended"], dtype=bool)
    ekey = np.asarray(a["ekey"], dtype=np.int64)
    rn = np.asarray(a["rn"], dtype=np.int64)
    dno = np.asarray(a["dno"], dtype=np.int64)
    sno = np.asarray(a["sno"], dtype=np.int64)
    n = len(kid)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Assignment(empty, empty, empty, 0, {k: empty for k in ("event_key", "rn", "last", "n", "ns", "na")},
                          {"gone": empty, "keep": empty})
    # where everything before each row (of its key) ended: a running maximum that cannot leak
    # across keys, because keys ascend and each is lifted by _BIG; an unended row counts as nothing
    lifted = kid * _BIG + np.where(unended, 0, last + (_BIG >> 1))
    ran = np.maximum.accumulate(lifted)
    prev = np.empty(n, dtype=np.int64)
    prev[0] = -1
    prev[1:] = ran[:-1]
    # undated mentions of a key are one event of their own, never chained to dated ones: which dated
    # chain they would join would depend on what else their batch held
    first_of_key = np.ones(n, dtype=bool)
    first_of_key[1:] = (kid[1:] != kid[:-1]) | (undated[1:] != undated[:-1])
    nothing_before = prev <= kid * _BIG  # no earlier row of this key has ended (all undated)
    ended = prev - kid * _BIG - (_BIG >> 1)
    starts = first_of_key | (~undated & (nothing_before | (day - ended > w)))
    chain = np.cumsum(starts) - 1  # chain number of each row, ascending in chaining order
    heads = np.flatnonzero(starts)
    n_chains = len(heads)
    # a chain holding stored events continues the earliest of them
    big = np.iinfo(np.int64).max
    stored_key = np.minimum.reduceat(np.where(ekey >= 0, ekey, big), heads)
    fresh = stored_key == big
    chain_key = np.where(fresh, base + np.cumsum(fresh), stored_key)
    is_mention = rn > 0
    key_of_row = chain_key[chain]
    merged = is_mention & ~fresh[chain]
    # a chain holding several stored events (mentions bridged them) makes them one: the earliest
    # key keeps them all, so the events are the rule's chains whatever order the mentions came in
    bridged = (ekey >= 0) & (ekey != key_of_row)
    absorbed = {"gone": ekey[bridged], "keep": key_of_row[bridged]}
    matched = _sorted_unique(np.concatenate([key_of_row[merged], absorbed["keep"]]))
    # new events: their chains hold mentions only, sorted by (date, doc, sentence): the head is the
    # first mention and the tail the last date
    tails = np.append(heads[1:], n) - 1
    counts = np.diff(np.append(heads, n))
    mchain = chain[is_mention]
    na = _distinct_per_chain(mchain, dno[is_mention], n_chains)
    ns = _distinct_per_chain(mchain, sno[is_mention], n_chains)
    new = {
        "event_key": chain_key[fresh],
        "rn": rn[heads[fresh]],
        "last": np.where(undated[tails[fresh]], np.iinfo(np.int32).min, day[tails[fresh]]),
        "n": counts[fresh],
        "ns": ns[fresh],
        "na": na[fresh],
    }
    return Assignment(rn[is_mention], key_of_row[is_mention], matched, int(merged.sum()), new, absorbed)


def _distinct_per_chain(chain: np.ndarray, value: np.ndarray, n_chains: int) -> np.ndarray:
    """How many distinct values each chain holds (pairs packed into one integer, then unique)."""
    if len(chain) == 0:
        return np.zeros(n_chains, dtype=np.int64)
    span = int(np.abs(value).max()) + 1
    pairs = _sorted_unique(chain * (2 * span) + (value + span))
    return np.bincount(pairs // (2 * span), minlength=n_chains)


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    """np.unique by sorting: numpy 2's hash-based unique is several times slower on int64."""
    x = np.sort(x)
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = x[1:] != x[:-1]
    return x[keep]
