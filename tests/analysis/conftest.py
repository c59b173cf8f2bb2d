"""A small store with known structure, built once per session with the fake coder.

Twelve cooperative weeks between Syria and Russia, then a week of fighting (a shift); the USA
cooperating with Israel, quarrelling with Iran and Russia, friendly to Syria (a frustrated triad
USA-RUS-SYR next to a balanced USA-ISR-IRN). Each happening is its own event (window 0, distinct
dates per key), so expectations can be recomputed by brute force from ``RAW``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dyad.run.ingest import ingest
from store.fakes import GOLDSTEIN, FakeCoder, doc, quad

START = date(2024, 1, 1)  # a Monday


def _raw() -> list[tuple[str, str, str, date]]:
    out = []
    for w in range(12):
        monday = START + timedelta(weeks=w)
        out.append(("SYRGOV", "042", "RUSGOV", monday))
        out.append(("RUSMIL", "061", "SYRGOV", monday + timedelta(days=2)))
        out.append(("USAGOV", "061", "ISRGOV", monday + timedelta(days=1)))
        out.append(("USAGOV", "111", "RUSGOV", monday + timedelta(days=3)))
        if w % 2 == 0:
            out.append(("USAGOV", "111", "IRNGOV", monday + timedelta(days=4)))
    week12 = START + timedelta(weeks=12)
    for d in (1, 2, 3):
        out.append(("RUSMIL", "190", "SYRREB", week12 + timedelta(days=d)))
    out.append(("SYRGOV", "111", "RUSGOV", week12 + timedelta(days=4)))
    out.append(("ISRMIL", "190", "IRNMIL", START + timedelta(weeks=3)))
    out.append(("ISRMIL", "190", "IRNMIL", START + timedelta(weeks=6)))
    out.append(("USAGOV", "042", "SYRGOV", START + timedelta(weeks=5)))
    return out


RAW = _raw()


def goldstein(code: str) -> float:
    return GOLDSTEIN[code[:2]]


def quad_of(code: str) -> int:
    return quad(code[:2])


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    db = tmp_path_factory.mktemp("analysis") / "a.duckdb"
    docs = [doc(f"e{i:03d}", f"{s} {c} {t} {d.isoformat()}", day=d.isoformat(), url=f"https://o{i % 3}.example/{i}")
            for i, (s, c, t, d) in enumerate(RAW)]  # fmt: skip
    ingest(db, docs, FakeCoder, window=0, batch_size=50)
    return db


@pytest.fixture
def con(store_path):
    from dyad.store import connect

    with connect(store_path) as c:
        yield c
