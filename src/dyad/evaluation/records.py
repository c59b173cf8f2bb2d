"""Reader for PETRARCH/UD-PETRARCH validation record files.

These files are XML in name only: UD-PETRARCH's are not well-formed (stray ``<EventCoding...>``,
``<XXX`` tags, unescaped ``&``, raw ``#`` headers outside comments), so they are read leniently, record
by record, with regular expressions. Only what dyad uses is kept: the record's attributes, its gold
codings and its ``<Text>``. The ``<Parse>`` block is ignored on purpose: dyad parses the text itself.

``<Config option=... value=...>`` lines between records change settings for the records that follow
(for example ``require_dyad``); each record carries the settings in force where it stands.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import InputError

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SENTENCE = re.compile(r"<Sentence\b([^>]*?)/?>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_CONFIG = re.compile(r"<Config\b([^>]*?)/?>", re.S)
_STOP = re.compile(r"<Stop\b", re.S)
_ATTR = re.compile(r'([A-Za-z_][\w-]*)\s*=\s*"([^"]*)"')
_INCLUDE = re.compile(r"<Include>(.*?)</Include>", re.S)
_ENVIRONMENT = re.compile(r"<(Verbfile|Actorfile|Agentfile|Discardfile|PICOfile)>(.*?)</\1>", re.S)


@dataclass(frozen=True, slots=True)
class GoldCoding:
    """One expected event. ``source``/``target`` are CAMEO actor codes as written in the file."""

    source: str
    target: str
    code: str


@dataclass(slots=True)
class Record:
    id: str
    category: str
    date: str  # YYYYMMDD as in the file
    text: str
    codings: list[GoldCoding] = field(default_factory=list)
    noevents: bool = False  # the record must yield no event
    error: str | None = None  # expected error kind (dateline, storydiscard, ...)
    evaluate: bool = True  # False: the file says to skip this record
    config: dict[str, str] = field(default_factory=dict)  # settings in force for this record
    line: int = 0  # line of the <Sentence> tag, for messages


@dataclass(slots=True)
class RecordFile:
    path: Path
    records: list[Record]
    include: list[str]  # categories the file says to run ("valid" excluded)
    environment: dict[str, list[str]]  # Verbfile/Actorfile/... -> file names


def _attrs(text: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(text)}


def _blank_comments(raw: str) -> str:
    """Comments become spaces of the same length, so positions (and line numbers) stay true."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), raw)


def read_records(path: str | Path) -> RecordFile:
    """Read a validation file; raise InputError naming the file if it holds no records."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read validation records ({exc.strerror})") from exc
    body = _blank_comments(raw)

    include_m = _INCLUDE.search(body)
    include = [c for c in include_m.group(1).split() if c != "valid"] if include_m else []
    environment = {
        tag: [p.strip() for p in value.split(",") if p.strip()]
        for tag, value in _ENVIRONMENT.findall(body)
    }

    stop = _STOP.search(body, _SENTENCE.search(body).start() if _SENTENCE.search(body) else 0)
    end_of_records = stop.start() if stop else len(body)

    # Config lines, by position, so each record sees those before it.
    configs = [(m.start(), _attrs(m.group(1))) for m in _CONFIG.finditer(body)]
    starts = [m for m in _SENTENCE.finditer(body) if m.start() < end_of_records]
    records: list[Record] = []
    config: dict[str, str] = {}
    ci = 0
    for i, m in enumerate(starts):
        while ci < len(configs) and configs[ci][0] < m.start():
            opt = configs[ci][1]
            if "option" in opt:
                config[opt["option"]] = opt.get("value", "")
            ci += 1
        chunk_end = starts[i + 1].start() if i + 1 < len(starts) else end_of_records
        chunk = body[m.end() : chunk_end]
        attrs = _attrs(m.group(1))
        line = body.count("\n", 0, m.start()) + 1
        text_m = _TEXT.search(chunk)
        if not text_m:
            raise InputError(f"{path}:{line}: record {attrs.get('id', '?')!r} has no <Text>")
        text = " ".join(html.unescape(text_m.group(1)).split())
        rec = Record(
            id=attrs.get("id", f"line-{line}"),
            category=attrs.get("category", ""),
            date=attrs.get("date", ""),
            text=text,
            evaluate=attrs.get("evaluate", "true").lower() != "false",
            config=dict(config),
            line=line,
        )
        # Codings stand between the <Sentence> tag and <Text> (PLEvent lines are ignored).
        for cm in _CODING.finditer(chunk, 0, text_m.start()):
            a = _attrs(cm.group(1))
            if a.get("noevents", "").lower() == "true":
                rec.noevents = True
            elif "error" in a:
                rec.error = a["error"]
            elif "eventcode" in a:
                rec.codings.append(
                    GoldCoding(a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"])
                )
        records.append(rec)
    if not records:
        raise InputError(f"{path}: no <Sentence> records found; is this a PETRARCH validation file?")
    return RecordFile(path=path, records=records, include=include, environment=environment)
