"""Stores for the web tests, built once per session without spaCy.

* ``example_store``: the bundled examples (examples/articles) with the events dyad codes from them
  (tests/snapshots/examples-events.jsonl, which tests/test_snapshots.py keeps equal to the
  coder's output), written through the store's own ``write_batch``.
* ``relations_store``: a synthetic store with a known shape (a shift, a frustrated triad, places),
  coded by the fake coder of the store tests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyad.model import Event
from dyad.run.inputs import read_documents
from dyad.run.ingest import ingest
from dyad.store import connect, write_batch
from dyad.web import Settings, create_app
from store.fakes import FakeCoder, doc

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "snapshots" / "examples-events.jsonl"


def build_example_store(db: Path) -> Path:
    """The bundled articles and their coded events, as `dyad ingest examples/articles` stores them."""
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for line in SNAPSHOT.read_text(encoding="utf-8").splitlines():
        ev = Event.from_dict(json.loads(line))
        by_doc[ev.doc_id].append(ev)
    import os

    here = os.getcwd()
    os.chdir(ROOT)  # document ids are the paths as given, as in the snapshot
    try:
        docs = [d for d in read_documents(["examples/articles"]) if hasattr(d, "text")]
    finally:
        os.chdir(here)
    with connect(db, write=True) as con:
        write_batch(con, [(d, by_doc.get(d.id, [])) for d in docs])
    return db


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Path:
    return build_example_store(tmp_path_factory.mktemp("examples") / "examples.duckdb")


START = date(2024, 1, 1)  # a Monday


class PlacedCoder(FakeCoder):
    """The fake coder, placing events whose line names a place (``... @Damascus``)."""

    PLACES = {"Damascus": ("SYR", 33.51, 36.29), "Moscow": ("RUS", 55.75, 37.62), "Tehran": ("IRN", 35.69, 51.39)}

    def code(self, d):  # noqa: ANN001, ANN201
        from dyad.model import Location

        out = super().code(d)
        for ev, line in zip(out, [ln for ln in d.text.splitlines() if len(ln.split()) >= 3]):
            at = [w[1:] for w in line.split() if w.startswith("@")]
            if at:
                country, lat, lon = self.PLACES[at[0]]
                ev.location = Location(at[0], country, lat, lon)
        return out


def relations_lines() -> list[str]:
    lines = []
    for w in range(12):
        monday = START + timedelta(weeks=w)
        lines.append(f"SYRGOV 042 RUSGOV {monday} @Moscow")
        lines.append(f"RUSMIL 061 SYRGOV {monday + timedelta(days=2)} @Damascus")
        lines.append(f"USAGOV 061 ISRGOV {monday + timedelta(days=1)}")
        lines.append(f"USAGOV 111 RUSGOV {monday + timedelta(days=3)}")
        if w % 2 == 0:
            lines.append(f"USAGOV 111 IRNGOV {monday + timedelta(days=4)} @Tehran")
    week12 = START + timedelta(weeks=12)
    for d in (1, 2, 3):
        lines.append(f"RUSMIL 190 SYRREB {week12 + timedelta(days=d)} @Damascus")
    lines.append(f"SYRGOV 111 RUSGOV {week12 + timedelta(days=4)}")
    lines.append(f"USAGOV 042 SYRGOV {START + timedelta(weeks=5)}")
    return lines


@pytest.fixture(scope="session")
def relations_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("relations") / "relations.duckdb"
    docs = [doc(f"r{i:03d}", line, day=line.split()[3], url=f"https://o{i % 3}.example/{i}")
            for i, line in enumerate(relations_lines())]  # fmt: skip
    ingest(db, docs, PlacedCoder, window=0, batch_size=50)
    return db


def client_for(db: Path, **settings) -> TestClient:  # noqa: ANN003
    return TestClient(create_app(Settings(db=db, **settings)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def examples(example_store):  # noqa: ANN001, ANN201
    with client_for(example_store) as c:
        yield c


@pytest.fixture(scope="module")
def relations(relations_store):  # noqa: ANN001, ANN201
    with client_for(relations_store) as c:
        yield c
