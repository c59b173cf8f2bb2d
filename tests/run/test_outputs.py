"""Event writers: the JSONL contract, the flat CSV row, the table excerpt, atomic files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dyad.model import Event, Location
from dyad.run.outputs import CSV_COLUMNS, atomic_output, event_row, excerpt, open_writer
from dyad.errors import InputError


def make(sentence: str = "Israeli warplanes struck Quneitra on Wednesday.", trigger=(18, 24)) -> Event:
    return Event(
        doc_id="d1", sentence_index=2, sentence=sentence, date="2025-10-15", source="ISRMIL",
        source_text="Israeli warplanes", target="SYR", target_text="Quneitra", code="195", root_code="19",
        quad_class=4, goldstein=-10.0, plover="ASSAULT", location=Location("Quneitra", "SYR", 33.1, 35.8),
        evidence={"source": (0, 17), "target": (25, 33), "trigger": trigger}, pattern="strike.v",
    )  # fmt: skip


def test_jsonl_round_trips_through_the_contract() -> None:
    buf = io.StringIO()
    w = open_writer("jsonl", buf)
    assert w.write([make(), make()]) == 2
    w.close()
    lines = buf.getvalue().splitlines()
    assert len(lines) == 2
    back = Event.from_dict(json.loads(lines[0]))
    assert back == make() and back.event_id == make().event_id


def test_csv_row_is_flat() -> None:
    row = event_row(make())
    assert set(row) == set(CSV_COLUMNS)
    assert (row["location_name"], row["location_lat"]) == ("Quneitra", 33.1)
    assert (row["source_start"], row["source_end"], row["trigger_start"], row["trigger_end"]) == (0, 17, 18, 24)
    no_loc = make()
    no_loc.location = None
    no_loc.evidence = {"source": (0, 17), "target": None, "trigger": None}
    row = event_row(no_loc)
    assert row["location_country"] is None and row["target_start"] is None and row["trigger_end"] is None


def test_excerpt_marks_the_trigger_and_cuts_around_it() -> None:
    assert excerpt(make()) == "Israeli warplanes [struck] Quneitra on Wednesday."
    long = "Officials said " + "that " * 60 + "Israeli warplanes struck Quneitra " + "again " * 40 + "."
    start = long.index("struck")
    out = excerpt(make(long, (start, start + 6)), width=80)
    assert "[struck]" in out and out.startswith("…") and out.endswith("…") and len(out) <= 84


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="unknown output format 'xml'"):
        open_writer("xml", io.StringIO())


def test_atomic_output(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with atomic_output(target) as fh:
        fh.write("complete\n")
        assert not target.exists()  # nothing visible until the block ends
    assert target.read_text() == "complete\n"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as fh:
            fh.write("half")
            raise RuntimeError("boom")
    assert target.read_text() == "complete\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
