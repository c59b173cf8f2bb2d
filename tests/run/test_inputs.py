"""Reading documents: formats, dates, ids and every kind of bad input (as Skipped, never raised)."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from dyad.model import Document
from dyad.run.inputs import MAX_DOCUMENT_CHARS, Skipped, read_documents


def _read(paths, default_date=None):
    return list(read_documents([str(p) for p in paths], default_date))


def test_text_file_with_dateline_and_default_date(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("DAMASCUS, Oct. 16, 2025 (Wire) - Talks were held.\n", encoding="utf-8")
    [doc] = _read([f])
    assert isinstance(doc, Document) and doc.id == str(f) and doc.date == date(2025, 10, 16)
    # --date wins over the file's own metadata
    [doc] = _read([f], date(2025, 1, 2))
    assert doc.date == date(2025, 1, 2)


def test_a_dateline_on_its_own_line_is_metadata_not_text(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("MOSCOW, October 16, 2025\n\nSyrian and Russian leaders held talks.\n", encoding="utf-8")
    [doc] = _read([f])
    assert doc.date == date(2025, 10, 16) and doc.text == "Syrian and Russian leaders held talks.\n"
    [doc] = _read([f], date(2025, 1, 2))  # with --date the line is still not news
    assert doc.date == date(2025, 1, 2) and doc.text.startswith("Syrian")
    g = tmp_path / "inline.txt"
    g.write_text("DAMASCUS, Oct. 16, 2025 (Wire) - Talks were held.", encoding="utf-8")
    [doc] = _read([g])
    assert doc.text.startswith("DAMASCUS, Oct. 16, 2025 (Wire)")  # opens the first sentence: kept


def test_text_file_date_from_name_and_none_otherwise(tmp_path: Path) -> None:
    (tmp_path / "a-2025-10-14.txt").write_text("Plain text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain text, no date anywhere.", encoding="utf-8")
    os.utime(tmp_path / "b.txt", (0, 1_700_000_000))  # the mtime is never a document date
    a, b = _read([tmp_path])
    assert a.date == date(2025, 10, 14)
    assert b.date is None


def test_directory_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "b.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    assert [d.text for d in _read([tmp_path])] == ["A.", "B."]


def test_empty_directory_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    got = _read([tmp_path / "d", tmp_path / "nope.txt"])
    assert all(isinstance(s, Skipped) for s in got)
    assert "holds no" in got[0].reason and "no such file" in got[1].reason


def test_html_page(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>Leaders meet</title>"
        '<meta property="article:published_time" content="2025-10-15T08:00:00Z"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Leaders meet</h1>"
        "<p>The Syrian president met the Russian president in Moscow on Wednesday, officials said.</p>"
        "<p>They discussed the Khmeimim air base and the port of Tartus at length.</p></article>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    [doc] = _read([page])
    assert doc.title == "Leaders meet" and doc.date == date(2025, 10, 15)
    assert doc.text.startswith("The Syrian president") and "Copyright" not in doc.text


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><head><script>var x = 1;</script></head><body><div></div></body></html>", encoding="utf-8")
    [s] = _read([page])
    assert isinstance(s, Skipped) and "no article text" in s.reason


def test_jsonl_lines_good_and_bad(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "One.", "date": "2025-10-15", "title": "T", "url": "http://x"}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps([1, 2]),
        json.dumps({"id": "e", "text": "Five.", "date": "last Tuesday"}),
        "",
        json.dumps({"text": "No id."}),
        json.dumps({"id": 8, "text": 42}),
        json.dumps({"id": "i", "text": "   "}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _read([f], date(2025, 1, 1))
    docs = [g for g in got if isinstance(g, Document)]
    skipped = {s.where: s.reason for s in got if isinstance(s, Skipped)}
    assert [(d.id, d.date) for d in docs] == [("a", date(2025, 10, 15)), (f"{f}:7", date(2025, 1, 1))]
    assert docs[0].title == "T" and docs[0].url == "http://x"
    assert "not valid JSON" in skipped[f"{f}:2"]
    assert "no 'text' field" in skipped[f"{f}:3 (id 'c')"]
    assert "JSON list" in skipped[f"{f}:4"]
    assert "cannot read the date 'last Tuesday'" in skipped[f"{f}:5 (id 'e')"]
    assert "not a string" in skipped[f"{f}:8 (id '8')"]
    assert "empty" in skipped[f"{f}:9 (id 'i')"]


def test_jsonl_invalid_utf8_line_is_skipped_alone(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_bytes(b'{"text": "ok one"}\n{"text": "caf\xe9"}\n{"text": "ok three"}\n')
    got = _read([f])
    assert [type(g).__name__ for g in got] == ["Document", "Skipped", "Document"]
    assert got[1].where == f"{f}:2" and "invalid UTF-8" in got[1].reason


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text("".join(json.dumps({"text": f"Doc {i}."}) + "\n" for i in range(1000)), encoding="utf-8")
    it = read_documents([str(f)])
    first = next(it)
    assert first.text == "Doc 0."  # a generator: nothing beyond the first line had to be parsed
    assert sum(1 for _ in it) == 999


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Caf\xe9 in Damascus", "invalid UTF-8 at byte 3"),
    ],
)
def test_bad_text_files(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [s] = _read([f])
    assert isinstance(s, Skipped) and s.where == str(f) and reason in s.reason


def test_oversized_document_is_skipped_not_truncated(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    with f.open("wb") as fh:  # 50 MB of text, written in chunks
        chunk = b"Israeli forces shelled the town. " * 32768
        for _ in range(50 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    ok = tmp_path / "ok.txt"
    ok.write_text("Small.", encoding="utf-8")
    big, small = _read([f, ok])
    assert isinstance(big, Skipped) and "limit for one article" in big.reason and "split it" in big.reason
    assert isinstance(small, Document)


def test_oversized_jsonl_line(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(
        json.dumps({"id": "huge", "text": "x " * (MAX_DOCUMENT_CHARS // 2 + 10)}) + "\n" + json.dumps({"text": "fine"}) + "\n",
        encoding="utf-8",
    )
    huge, fine = _read([f])
    assert isinstance(huge, Skipped) and huge.where == f"{f}:1 (id 'huge')" and "limit" in huge.reason
    assert isinstance(fine, Document)


def test_stdin_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    class In:
        def __init__(self, data: bytes) -> None:
            self.buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", In(b"Israel struck Daraa.\nMore text.\n"))
    [doc] = list(read_documents(["-"], date(2025, 10, 16)))
    assert doc.id == f"<stdin>:{doc.content_hash[:16]}" and doc.text.startswith("Israel") and doc.date == date(2025, 10, 16)

    monkeypatch.setattr("sys.stdin", In(b'{"id": "x", "text": "A."}\n\n{"text": "B."}\nnope\n'))
    got = list(read_documents(["-"]))
    b_id = "<stdin>:" + Document(id="", text="B.").content_hash[:16]  # no id of its own: named by its content
    assert [g.id if isinstance(g, Document) else g.where for g in got] == ["x", b_id, "<stdin>:4"]

    monkeypatch.setattr("sys.stdin", In(b""))
    [s] = list(read_documents(["-"]))
    assert isinstance(s, Skipped) and s.where == "<stdin>"
