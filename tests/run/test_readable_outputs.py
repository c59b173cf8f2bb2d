"""What a reader of `dyad code`'s output sees: one line per field (CSV rows are physical lines), a
table whose columns fit the terminal, and dyad's own event files recognised as such."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import Document, Event, Location
from dyad.run.inputs import Skipped, read_documents
from dyad.run.outputs import TableWriter, one_line, open_writer, table_columns
from dyad.run.runner import SKIPPED_EXIT

# A paragraph as the real coder hands it over: a line break inside the sentence (hard-wrapped
# text), a double space, and the paragraph's blank line at its end.
SENTENCE = "Turkish  forces\nshelled Kobani on Wednesday,\tofficials said.\n\n"


def wrapped_event(doc_id: str = "d1", date: str | None = "2025-10-15") -> Event:
    s = SENTENCE
    return Event(
        doc_id=doc_id, sentence_index=3, sentence=s, date=date, source="TURMIL",
        source_text="Turkish  forces", target="SYR", target_text="Kobani", code="195", root_code="19",
        quad_class=4, goldstein=-10.0, plover="ASSAULT", location=Location("Kobani\n", "SYR", 36.9, 38.4),
        evidence={"source": (0, s.index("\nshelled")), "target": (s.index("Kobani"), s.index(" on")),
                  "trigger": (s.index("shelled"), s.index("shelled") + 7)},
        pattern="shell",
    )  # fmt: skip


def test_one_line_collapses_whitespace_and_moves_the_evidence() -> None:
    ev = wrapped_event()
    flat = one_line(ev)
    assert flat.sentence == "Turkish forces shelled Kobani on Wednesday, officials said."
    for role, words in (("source", "Turkish forces"), ("target", "Kobani"), ("trigger", "shelled")):
        start, end = flat.evidence[role]
        assert flat.sentence[start:end] == words, role
    assert flat.source_text == "Turkish forces" and flat.location.name == "Kobani"
    assert flat.event_id == ev.event_id  # the id does not depend on the text's spacing
    assert ev.sentence == SENTENCE  # the input event is left as it was


def test_one_line_leaves_a_clean_event_alone() -> None:
    ev = one_line(wrapped_event())
    assert one_line(ev) is ev


def test_leading_whitespace_shifts_the_spans() -> None:
    ev = wrapped_event()
    ev.sentence = "\n  " + ev.sentence
    ev.evidence = {k: (a + 3, b + 3) for k, (a, b) in ev.evidence.items()}
    flat = one_line(ev)
    start, end = flat.evidence["trigger"]
    assert flat.sentence.startswith("Turkish") and flat.sentence[start:end] == "shelled"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_every_event_is_one_physical_line(fmt: str) -> None:
    buf = io.StringIO()
    w = open_writer(fmt, buf)
    assert w.write([wrapped_event("d1"), wrapped_event("d2")]) == 2
    w.close()
    lines = buf.getvalue().splitlines()
    assert len(lines) == (2 if fmt == "jsonl" else 3)  # csv: the header and one line per event
    rows = [json.loads(x) for x in lines] if fmt == "jsonl" else list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [r["sentence"] for r in rows] == ["Turkish forces shelled Kobani on Wednesday, officials said."] * 2


def _table(width: int, events: list[Event]) -> str:
    buf = io.StringIO()
    w = TableWriter(buf, width=width)
    w.write(events)
    w.close()
    return buf.getvalue()


def test_table_columns_by_width() -> None:
    assert table_columns(80) == ["date", "source", "event", "target", "status"]
    assert table_columns(200)[-1] == "sentence"


@pytest.mark.parametrize("width", [80, 100])
def test_narrow_table_keeps_the_date_whole_and_drops_the_sentence(width: int) -> None:
    out = _table(width, [wrapped_event(), wrapped_event("d2", "2025-04-30")])
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= width
    assert "2025-10-15" in out and "2025-04-30" in out and "2025-04…" not in out
    assert "sentence" not in lines[1] and "shelled" not in out
    assert "asserted" in out  # the status is never the column that goes
    assert "sentences left out at this width" in lines[-1]


def test_wide_table_shows_the_sentence_excerpt() -> None:
    out = _table(200, [wrapped_event()])
    assert "sentence" in out.splitlines()[1] and "[shelled]" in out
    assert max(len(x) for x in out.splitlines()) <= 200
    assert out.splitlines()[-1] == "1 events"


class WrappingCoder:
    """Codes each document into one event whose sentence is the whole text, line breaks and all."""

    def code(self, doc: Document) -> list[Event]:
        ev = wrapped_event(doc.id)
        return [Event(**{**ev.to_dict(), "sentence": doc.text, "location": ev.location,
                         "evidence": {"trigger": (0, 7)}, "event_id": ""})]  # fmt: skip

    def code_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Document, list[Event]]]:
        for d in docs:
            yield d, self.code(d)


@pytest.fixture
def wrapping_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", WrappingCoder)


def test_code_command_csv_rows_are_lines(tmp_path: Path, wrapping_coder: None) -> None:
    (tmp_path / "a.txt").write_text("Turkish forces\nshelled Kobani.\n\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Syria  protested.\n\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["code", str(tmp_path), "--date", "2025-10-16", "-f", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert len(lines) == 3
    assert [row["sentence"] for row in csv.DictReader(io.StringIO(r.stdout))] == [
        "Turkish forces shelled Kobani.", "Syria protested."]


def test_code_command_table_fits_columns_80(tmp_path: Path, wrapping_coder: None) -> None:
    (tmp_path / "a.txt").write_text("Turkish forces shelled Kobani.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["code", str(tmp_path / "a.txt"), "--date", "2025-10-16", "-f", "table"],
                           env={"COLUMNS": "80"})  # fmt: skip
    assert r.exit_code == 0, r.output
    assert max(len(x) for x in r.stdout.splitlines()) <= 80 and "2025-10-15" in r.stdout


def test_dyads_own_event_file_is_skipped_whole(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Turkish forces shelled Kobani.\n", encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(wrapped_event(f"d{i}").to_dict()) + "\n" for i in range(56)))
    got = list(read_documents([str(tmp_path)]))
    assert [type(x) for x in got] == [Skipped, Document]  # sorted: events.jsonl, story.txt
    assert got[0].where == str(events) and "coded events written by `dyad code`" in got[0].reason
    assert "dyad ingest --coded" in got[0].reason


def test_a_feed_with_a_bad_line_is_still_read_line_by_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "title": "no text"}) + "\n" + json.dumps({"id": "y", "text": "Hi."}) + "\n")
    got = list(read_documents([str(feed)]))
    assert [type(x) for x in got] == [Skipped, Document] and "no 'text' field" in got[0].reason


def test_code_command_names_the_event_file_once(tmp_path: Path, wrapping_coder: None) -> None:
    (tmp_path / "story.txt").write_text("Turkish forces shelled Kobani.\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    r = CliRunner().invoke(app, ["code", str(tmp_path), "--date", "2025-10-16", "-o", str(out)])
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 1
    r = CliRunner().invoke(app, ["code", str(tmp_path), "--date", "2025-10-16"])  # the directory now holds it
    assert r.exit_code == SKIPPED_EXIT
    skipped = [x for x in r.stderr.splitlines() if x.startswith("skipped")]
    assert len(skipped) == 1 and "events.jsonl: coded events written by `dyad code`" in skipped[0]
    assert len(r.stdout.splitlines()) == 1


def test_exports_written_beside_the_articles_are_not_read_as_articles(tmp_path: Path) -> None:
    """`dyad export -f jsonl` and `-f plover` files in an input directory are dyad's own event
    files too: PLOVER lines have a `text` (the event's sentence) and would have been stored as
    one article per event."""
    coded = tmp_path / "coded.jsonl"
    coded.write_text("".join(json.dumps(wrapped_event(f"d{i}").to_dict()) + "\n" for i in range(3)))
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(app, ["ingest", "--coded", str(coded), "--db", str(db)]).exit_code == 0
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "story.txt").write_text("Turkish forces shelled Kobani.\n", encoding="utf-8")
    for fmt in ("jsonl", "plover"):
        r = CliRunner().invoke(app, ["export", "-f", fmt, "-o", str(articles / f"ex-{fmt}.jsonl"), "--db", str(db)])
        assert r.exit_code == 0 and (articles / f"ex-{fmt}.jsonl").stat().st_size > 0, r.output
    got = list(read_documents([str(articles)]))
    assert [type(x) for x in got] == [Skipped, Skipped, Document]  # sorted: ex-jsonl, ex-plover, story
    assert "`dyad export -f jsonl`" in got[0].reason and "dyad export -f plover" in got[1].reason
