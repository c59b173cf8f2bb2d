"""Reading news into Documents: text files, HTML pages, JSONL feeds, directories and stdin.

Input is streamed, one document at a time, so a feed of any size codes in bounded memory. Bad
input never stops a run: each unusable file or line becomes a ``Skipped`` naming it (path, or
path:line) and the reason, and reading goes on; the command line reports them and exits non-zero.

Decisions (documented in docs/code-command.md):

- **Document date**: the JSONL ``date`` field, else ``--date`` (``default_date``), else the file's
  own metadata: the HTML page's publication date, or for a text file a dateline on one of its
  first three lines ("16 October 2025", "Date: 2025-10-16", "DAMASCUS, Oct. 16, 2025 -"), else a
  date in its file name ("sharaa-2025-10-16.txt"); a dateline alone on its line is removed from
  the text. The file's modification time is never used:
  it says when the file was copied, not when the story was filed, and would silently misdate
  every "on Wednesday". A document with no date is still coded; its relative dates stay
  unresolved.
- **Oversized documents** (over ``MAX_DOCUMENT_CHARS``, spaCy's own default limit, about 150,000
  words: no news article comes near it) are skipped, not truncated: coding half a document
  silently would lose events without anyone knowing. The message says to split it.
- **stdin** is JSONL when its first non-empty line is a JSON object, HTML when it starts with an
  HTML tag, else one plain-text article. Deciding on the first line keeps stdin streaming.
  A document read from stdin without an ``id`` of its own is named by its content
  (``<stdin>:`` and the first 16 hex digits of its text's SHA-256): two different articles piped
  in two runs are two documents, and the same article piped twice is one.
- **Unusable lines and names**: a JSON value nested too deeply for the parser, a string holding a
  lone surrogate (``"\ud83d"``, half of an emoji: valid JSON, not valid Unicode), a file name that
  is not UTF-8: each is skipped, named and explained like any other bad input.
- **dyad's own event files** (JSON lines of coded events, as ``dyad code -o events.jsonl``
  writes them, often into the directory of the articles) are not articles: such a file is
  skipped whole with one message saying how to store it, instead of one "no 'text' field" per
  event. It is recognised by its first line: an object with the event fields and no ``text``.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from dyad.dates import parse_date_arg
from dyad.model import Document
from dyad.errors import InputError

__all__ = ["Skipped", "read_documents", "read_article", "read_jsonl", "walk", "is_jsonl", "is_read",
           "MAX_DOCUMENT_CHARS", "SUFFIXES"]

MAX_DOCUMENT_CHARS = 1_000_000
MAX_HTML_BYTES = 64_000_000  # a page is read up to this size, then measured by its extracted article
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson")
_JSONL = (".jsonl", ".ndjson")
_HTML = (".html", ".htm")
_SNIFF = 8192  # bytes looked at to tell binary from text and HTML from prose


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be coded: where it is (file, file:line, or file:line (id)) and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def read_documents(paths: Iterable[str], default_date: date | None = None) -> Iterator[Document | Skipped]:
    """Every document in ``paths`` (files, directories, ``-`` for stdin), in order, streamed."""
    for raw in paths:
        if raw == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", default_date)
            continue
        if not _valid_name(raw):
            yield Skipped(_shown(raw), "the name is not valid UTF-8; rename it")
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in walk(path):
                found = True
                if not file.is_file():  # a FIFO would block the run forever, a device never end
                    yield Skipped(str(file), "not a regular file (a FIFO, socket or device); not read")
                    continue
                yield from _read_file(file, default_date)
            if not found:
                yield Skipped(raw, f"directory holds no {'/'.join(SUFFIXES)} files")
        elif path.exists():
            yield from _read_file(path, default_date)
        else:
            yield Skipped(raw, "no such file or directory")


def is_read(path: Path) -> bool:
    """Whether a file met in a directory is read as input (a known suffix, not hidden)."""
    return not path.name.startswith(".") and path.name.lower().endswith(SUFFIXES)


def walk(root: Path) -> Iterator[Path]:
    """Files with a known suffix under root, recursively, sorted, hidden names skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if is_read(Path(name)):
                yield Path(dirpath) / name


def _valid_name(name: str) -> bool:
    """False for a path with bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown_text(s: str) -> str:
    """A string as it can be printed: lone surrogates as escapes."""
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(name: str) -> str:
    """A path as it can be printed: bytes that are not UTF-8 as escapes (\\xe9)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _read_file(path: Path, default_date: date | None) -> Iterator[Document | Skipped]:
    where = str(path)
    if not _valid_name(where):
        yield Skipped(_shown(where), "the file name is not valid UTF-8; rename it (its documents would "
                                     "have no valid id)")  # fmt: skip
        return
    try:
        if path.suffix.lower() in _JSONL:
            with path.open("rb") as fh:
                head = fh.read(_SNIFF)
                utf16 = _utf16(head)
                if b"\x00" in head and utf16 is None:
                    yield Skipped(where, "binary file (contains NUL bytes), expected UTF-8 JSON lines")
                    return
                fh.seek(0)
                lines = fh if utf16 is None else (line.encode("utf-8") for line in io.TextIOWrapper(fh, encoding=utf16))
                yield from _read_jsonl(lines, where, default_date)
            return
        too_big = _over_read_limit(path.stat().st_size, path.suffix.lower() in _HTML)
        if too_big:
            yield Skipped(where, too_big)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(where, f"cannot read ({exc.strerror or exc})")
        return
    yield read_article(data, where, default_date)


def _over_read_limit(size: int, html: bool) -> str | None:
    """Why a file of ``size`` bytes is not read at all, if it is not. UTF-8 is at most 4 bytes a
    character; a page is measured later by the article extracted from it, so it may be larger."""
    if html and size > MAX_HTML_BYTES:
        return f"HTML page of {size / 1e6:.1f} MB, over the {MAX_HTML_BYTES // 10**6} MB read for one page"
    if not html and size > 4 * MAX_DOCUMENT_CHARS:
        return _too_big(size, None)
    return None


def is_jsonl(name: str) -> bool:
    """A feed of one article per line (by its suffix), as opposed to one article per file."""
    return name.lower().endswith(_JSONL)


def read_article(data: bytes, where: str, default_date: date | None) -> Document | Skipped:
    """One article file's bytes (text or HTML, told by the suffix of ``where`` or the content);
    ``where`` is its path or URL, the document's id. Engines that fetch files themselves (from
    object stores) read them through here, so they get the same documents as ``dyad code``."""
    html = where.lower().endswith(_HTML) or _looks_like_html(data[:_SNIFF])
    too_big = _over_read_limit(len(data), html)
    if too_big:
        return Skipped(where, too_big)
    return _one_document(data, where, default_date, html=html, name=where.replace("\\", "/").rsplit("/", 1)[-1])


def read_jsonl(lines: Iterable[bytes], where: str, default_date: date | None, start: int = 1,
               stop: int | None = None) -> Iterator[Document | Skipped]:
    """Documents of lines ``start`` to ``stop`` (1-based, ``stop`` excluded) of a JSONL feed, from
    ``lines`` that begin at line ``start`` (a file already positioned there): one slice of a feed
    coded apart from the rest gets the ids and messages the whole would."""
    yield from _read_jsonl(lines if stop is None else _take(lines, stop - start), where, default_date, first_line=start)


def _take(lines: Iterable[bytes], count: int) -> Iterator[bytes]:
    for n, raw in enumerate(lines):
        if n >= count:
            return
        yield raw


def _read_stream(stream: BinaryIO, where: str, default_date: date | None) -> Iterator[Document | Skipped]:
    """stdin: JSONL, HTML or one text article, decided on the first non-empty line."""
    first = b""
    lines: list[bytes] = []
    for line in stream:
        lines.append(line)
        if line.strip():
            first = line.strip()
            break
    if first.startswith(b"{") and _is_json_object(first):
        yield from _read_jsonl(_chain(lines, stream), where, default_date, content_ids=True)
        return
    data = b"".join(lines) + stream.read(4 * MAX_DOCUMENT_CHARS + 1)
    if len(data) > 4 * MAX_DOCUMENT_CHARS:
        yield Skipped(where, _too_big(len(data), None, at_least=True))
        for _ in iter(lambda: stream.read(1 << 20), b""):  # drain, so the writer is not blocked
            pass
        return
    yield _one_document(data, where, default_date, html=_looks_like_html(data[:_SNIFF]), name=None)


def _chain(head: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return line.lstrip().startswith(b"{")  # too deep to parse, still a JSON line: its own line says why


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in start


def _utf16(head: bytes) -> str | None:
    """The codec of UTF-16 text (with a byte-order mark, or without one when every other byte of
    the start is NUL, as in English UTF-16), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[: _SNIFF - _SNIFF % 2]
    if len(sample) >= 4:
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
            return "utf-16-be"
    return None


def _decode(data: bytes, where: str) -> str | Skipped:
    utf16 = _utf16(data[:_SNIFF])
    if utf16 is not None:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as exc:
            return Skipped(where, f"UTF-16 text with a bad sequence at byte {exc.start}; convert it to UTF-8")
    if b"\x00" in data[:_SNIFF]:
        return Skipped(where, "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Skipped(where, f"invalid UTF-8 at byte {exc.start}; save the file as UTF-8")


def _too_big(size: int, chars: int | None, at_least: bool = False) -> str:
    what = f"{'over ' if at_least else ''}{size / 1e6:.1f} MB" + (f" ({chars:,} characters)" if chars else "")
    return (
        f"document is {what}, over the {MAX_DOCUMENT_CHARS:,}-character limit for one article; "
        "split it into articles (one per file or one per JSONL line)"
    )


def _one_document(data: bytes, where: str, default_date: date | None, *, html: bool, name: str | None) -> Document | Skipped:
    text = _decode(data, where)
    if isinstance(text, Skipped):
        return text
    if not text.strip():
        return Skipped(where, "empty file" if name else "empty input")
    title = url = None
    file_date: date | None = None
    if html:
        extracted = _extract_html(text)
        if extracted is None:
            return Skipped(where, "no article text found in the HTML page")
        text, title, url, file_date = extracted
    else:
        file_date, text = _dateline(text)
        if file_date is None and name:
            file_date = _date_in_name(name)
    if len(text) > MAX_DOCUMENT_CHARS:
        return Skipped(where, _too_big(len(text.encode("utf-8")) if html else len(data), len(text)))
    doc = Document(id=where, text=text, date=default_date or file_date, title=title, url=url)
    return doc if name else _content_id(doc)


def _content_id(doc: Document) -> Document:
    """A document from stdin named by its content: stdin has no name that tells one article from another."""
    return replace(doc, id=f"{doc.id}:{doc.content_hash[:16]}")


def _extract_html(page: str) -> tuple[str, str | None, str | None, date | None] | None:
    import trafilatura  # lazy: only HTML input needs it

    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        return None
    text = doc.text.strip()
    title = (doc.title or "").strip() or None
    if title:  # the headline is kept as the title, not coded as a run-on first sentence
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip()
    when = None
    if doc.date:
        try:
            when = parse_date_arg(doc.date[:10])
        except InputError:
            when = None
    return text, title, (doc.url or None), when


_DATELINE_PATTERNS = [
    re.compile(r"^(?:date|dated|published|posted)\s*[:\-]\s*(.+)$", re.I),
    re.compile(r"^(?:[A-Za-z]+day,?\s+)?(.{6,30}?\d{4})\s*$"),  # a line holding only a date
    re.compile(r"^[A-Z][A-Z .'\-]{2,40},\s+(.{6,30}?\d{4})\b"),  # "DAMASCUS, Oct. 16, 2025 (...)"
]


def _dateline(text: str) -> tuple[date | None, str]:
    """A date stated on one of the first three non-empty lines, if one clearly is, and the text.

    A line that holds nothing but the dateline ("MOSCOW, October 16, 2025", "Date: 2025-10-16")
    is metadata, not news: it is removed from the text so that it is not coded as the start of
    the first sentence. A dateline that opens the first sentence ("DAMASCUS, Oct. 16, 2025
    (Wire) - Israeli forces ...") stays in the text.
    """
    lines = text.splitlines(keepends=True)
    seen = 0
    for i, raw in enumerate(lines[:10]):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > 3:
            break
        if len(line) > 120:
            continue
        for rx in _DATELINE_PATTERNS:
            m = rx.match(line)
            if not m:
                continue
            try:
                found = parse_date_arg(m.group(1).strip(" .,-"))
            except InputError:
                continue
            if m.end() >= len(line.rstrip(" .,-\u2013\u2014")):  # the line is only the dateline
                rest = "".join(lines[:i] + lines[i + 1 :]).lstrip("\n")
                return found, rest if rest.strip() else text
            return found, text
    return None, text


_NAME_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")


def _date_in_name(name: str) -> date | None:
    m = _NAME_DATE.search(name)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


_EVENT_FIELDS = frozenset(("event_id", "doc_id", "sentence_index", "sentence", "source", "code", "quad_class"))


def _event_file(line: bytes) -> str | None:
    """What wrote this first line, if it is one of dyad's own event files rather than articles:
    ``dyad code`` or ``dyad export -f jsonl`` (the Event contract's fields, no article text), or
    ``dyad export -f plover`` (a ``dyad-`` id beside the CAMEO code: its ``text`` is the event's
    sentence, not an article)."""
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    if "text" not in obj and _EVENT_FIELDS <= obj.keys():
        return ("coded events written by `dyad code` (or `dyad export -f jsonl`), not articles; store them with "
                "`dyad ingest --coded FILE`")
    if str(obj.get("id", "")).startswith("dyad-") and {"cameo", "eventText", "text"} <= obj.keys():
        return "PLOVER events written by `dyad export -f plover`, not articles (each line's text is one event's sentence)"
    return None


def _read_jsonl(lines: Iterable[bytes], where: str, default_date: date | None, first_line: int = 1, *,
                content_ids: bool = False) -> Iterator[Document | Skipped]:
    first = first_line == 1
    for n, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            continue
        own = _event_file(raw) if first else None
        if own:
            yield Skipped(where, own)
            return
        first = False
        at = f"{where}:{n}"
        if len(raw) > 4 * MAX_DOCUMENT_CHARS + 1024:
            yield Skipped(at, _too_big(len(raw), None))
            continue
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Skipped(at, f"invalid UTF-8 at byte {exc.start} of the line")
            continue
        yield _jsonl_document(line, at, default_date, content_ids)


def _jsonl_document(line: str, at: str, default_date: date | None, content_ids: bool = False) -> Document | Skipped:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        msg = getattr(exc, "msg", str(exc))
        col = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        return Skipped(at, f"not valid JSON ({msg}{col}); expected one JSON object per line")
    except RecursionError:
        return Skipped(at, "JSON nested too deeply to read (thousands of brackets); expected one flat "
                           "JSON object per line")  # fmt: skip
    if not isinstance(obj, dict):
        return Skipped(at, f"expected a JSON object with a 'text' field, got a JSON {type(obj).__name__}")
    bad = next((k for k in ("id", "text", "title", "url") if isinstance(obj.get(k), str) and not _valid_name(obj[k])), None)
    doc_id = obj.get("id")
    doc_id = str(doc_id) if doc_id not in (None, "") else None
    if doc_id is not None:
        at = f"{at} (id {_shown_text(doc_id)!r})"
    if bad is not None:
        return Skipped(at, f"field '{bad}' holds a lone surrogate (an escape like \\ud83d without its "
                           "other half): not valid Unicode")  # fmt: skip
    text = obj.get("text")
    if not isinstance(text, str):
        return Skipped(at, "no 'text' field" if text is None else "'text' is not a string")
    if not text.strip():
        return Skipped(at, "'text' is empty")
    if len(text) > MAX_DOCUMENT_CHARS:
        return Skipped(at, _too_big(len(line.encode("utf-8")), len(text)))
    when = default_date
    if obj.get("date") not in (None, ""):
        try:
            when = parse_date_arg(str(obj["date"]), where="field 'date'")
        except InputError as exc:
            return Skipped(at, str(exc))
    title = obj.get("title")
    url = obj.get("url")
    if doc_id is None:
        doc_id = f"{at.split(':', 1)[0]}:{Document(id='', text=text).content_hash[:16]}" if content_ids else at
    return Document(
        id=doc_id,
        text=text,
        date=when,
        title=title if isinstance(title, str) and title.strip() else None,
        url=url if isinstance(url, str) and url.strip() else None,
    )
