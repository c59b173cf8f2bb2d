"""Real news with gold events: how the coder does on wire copy it was never tuned on.

The format (one sentence a line, as in ``../shared/data/realnews-dev``)::

    {"id": "x01", "url": "...", "date": "2025-05-07", "text": "...",
     "events": [{"src": ["RUSMIL", "RUS"], "tgt": ["UKR"], "code": "195", "root": ["19", "18"],
                 "status": "asserted", "req": true}]}

``src`` and ``tgt`` list accepted actor-code *prefixes* (``"*"``: any actor; ``[]``: the sentence
names no such party, matched by a coded event without one); ``root`` the accepted root codes,
best first; ``req`` marks the clear, asserted, two-party events any careful coder must find.

Scoring, as the set's README states it: only the coder's *asserted* events count; gold and coded
events are matched one to one on (source prefix, target prefix, root), required gold events first.
Recall = required events matched / required events; precision = coded events matched to any gold
event / coded asserted events. The full-code level adds the gold's full event code to the key.
Status accuracy is measured on the events found: every coded event (any status) that matches a
gold event on the key, compared on status. Each sentence is coded as a document of its own, with
its article's date.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.model import Document, Event

SETS = {"realnews-dev": "data/realnews-dev/dev.jsonl", "realnews-test": "data/realnews-dev/test.jsonl"}
ANY = "*"


@dataclass(frozen=True, slots=True)
class GoldEvent:
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    code: str
    roots: tuple[str, ...]
    status: str
    required: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str
    date: date | None
    events: tuple[GoldEvent, ...]


@dataclass(slots=True)
class Tally:
    """Counts at one matching level."""

    required: int = 0
    required_matched: int = 0
    coded: int = 0
    coded_matched: int = 0

    @property
    def precision(self) -> float:
        return self.coded_matched / self.coded if self.coded else 0.0

    @property
    def recall(self) -> float:
        return self.required_matched / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"required": self.required, "required_matched": self.required_matched, "coded": self.coded,
                "coded_matched": self.coded_matched, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Miss:
    sentence: str
    what: str  # "src tgt code" of the gold event, or of the coded event for an extra
    text: str
    pattern: str = ""


@dataclass(slots=True)
class RealNewsScore:
    name: str
    sentences: int = 0
    key: Tally = field(default_factory=Tally)  # (source prefix, target prefix, root)
    full: Tally = field(default_factory=Tally)  # ... and the full event code
    status_found: int = 0
    status_correct: int = 0
    misses: list[Miss] = field(default_factory=list)
    extras: list[Miss] = field(default_factory=list)

    @property
    def status_accuracy(self) -> float:
        return self.status_correct / self.status_found if self.status_found else 0.0

    def to_dict(self, with_lists: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"suite": self.name, "sentences": self.sentences, "key": self.key.to_dict(),
                             "full": self.full.to_dict(), "status_found": self.status_found,
                             "status_correct": self.status_correct,
                             "status_accuracy": round(self.status_accuracy, 4)}
        if with_lists:
            d["misses"] = [_miss_dict(m) for m in self.misses]
            d["extras"] = [_miss_dict(m) for m in self.extras]
        return d


def _miss_dict(m: Miss) -> dict[str, str]:
    return {"sentence": m.sentence, "event": m.what, "text": m.text, "pattern": m.pattern}


# -- reading --------------------------------------------------------------------------------------


def read_sentences(path: str | Path) -> list[Sentence]:
    """Read a gold file; a malformed line is an error naming the file and line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the gold file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(_sentence(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{p}:{n}: not a gold sentence ({type(exc).__name__}: {exc})") from exc
        except RecursionError:
            raise InputError(f"{p}:{n}: not a gold sentence (JSON nested too deeply to read)") from None
    if not out:
        raise InputError(f"{p}: no gold sentences in it (one JSON object per line)")
    return out


def _sentence(rec: dict[str, Any]) -> Sentence:
    day = date.fromisoformat(rec["date"]) if rec.get("date") else None
    events = tuple(
        GoldEvent(tuple(e["src"]), tuple(e["tgt"]), str(e["code"]), tuple(e["root"]), e["status"], bool(e["req"]))
        for e in rec["events"]
    )
    return Sentence(str(rec["id"]), rec["text"], day, events)


def resolve_set(name: str, shared: Path | None) -> Path:
    """A set's name (``realnews-dev``, ``realnews-test``) under the shared directory, or a file."""
    if name in SETS:
        if shared is None:
            raise InputError(f"--set {name}: the shared reference directory was not found; pass --shared DIR")
        path = shared / SETS[name]
        if not path.is_file():
            raise InputError(f"--set {name}: {path} not found; is --shared the right directory?")
        return path
    path = Path(name)
    if not path.is_file():
        raise InputError(f"--set: {name!r} is neither {' nor '.join(SETS)} nor a gold file")
    return path


# -- scoring --------------------------------------------------------------------------------------


def _accepts(prefixes: Sequence[str], code: str | None) -> bool:
    if ANY in prefixes:
        return code is not None
    if not prefixes:
        return code is None
    return code is not None and any(code.startswith(p) for p in prefixes)


def matches(ev: Event, gold: GoldEvent, full: bool = False) -> bool:
    """Does a coded event fit a gold event on (source, target, root) (and the full code)?"""
    if not (_accepts(gold.src, ev.source) and _accepts(gold.tgt, ev.target)):
        return False
    return ev.code == gold.code if full else ev.root_code in gold.roots


def _pair(gold: Sequence[GoldEvent], coded: Sequence[Event], full: bool) -> dict[int, int]:
    """One-to-one matching, required gold events first, each taking the first coded event that fits."""
    order = sorted(range(len(gold)), key=lambda i: not gold[i].required)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for gi in order:
        for ci, ev in enumerate(coded):
            if ci not in used and matches(ev, gold[gi], full):
                used.add(ci)
                pairs[gi] = ci
                break
    return pairs


def _tally(t: Tally, gold: Sequence[GoldEvent], asserted: Sequence[Event], pairs: dict[int, int]) -> None:
    t.required += sum(g.required for g in gold)
    t.required_matched += sum(1 for gi in pairs if gold[gi].required)
    t.coded += len(asserted)
    t.coded_matched += len(pairs)


def _show(codes: Iterable[str | None]) -> str:
    return " ".join(c or "-" for c in codes)


def score(name: str, sentences: Sequence[Sentence], coded: dict[str, list[Event]]) -> RealNewsScore:
    s = RealNewsScore(name)
    for sent in sentences:
        s.sentences += 1
        events = coded.get(sent.id, [])
        asserted = [e for e in events if e.status == "asserted"]
        gold = sent.events
        key_pairs = _pair(gold, asserted, full=False)
        _tally(s.key, gold, asserted, key_pairs)
        _tally(s.full, gold, asserted, _pair(gold, asserted, full=True))
        for g in gold:
            found = next((e for e in events if matches(e, g)), None)
            if found is not None:
                s.status_found += 1
                s.status_correct += found.status == g.status
        for gi, g in enumerate(gold):
            if g.required and gi not in key_pairs:
                s.misses.append(Miss(sent.id, _show((g.src[0] if g.src else None, g.tgt[0] if g.tgt else None, g.code)),
                                     sent.text))
        matched = set(key_pairs.values())
        for ci, e in enumerate(asserted):
            if ci not in matched:
                s.extras.append(Miss(sent.id, _show((e.source, e.target, e.code)), sent.text, e.pattern))
    return s


def run(name: str, path: Path, coder_factory: Callable[[], Any]) -> RealNewsScore:
    sentences = read_sentences(path)
    docs = [Document(x.id, x.text, x.date) for x in sentences]
    coded = {d.id: list(evs) for d, evs in coder_factory().code_many(docs)}
    return score(name, sentences, coded)


# -- presenting -----------------------------------------------------------------------------------


def render(s: RealNewsScore, console: Any, misses: bool = False) -> None:
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=f"{s.name}: {s.sentences} sentences (asserted events)", title_justify="left")
    for col in ("level", "required", "found", "coded", "correct", "precision", "recall", "F1"):
        t.add_column(col, justify="left" if col == "level" else "right")
    for label, lv in (("src tgt root", s.key), ("full codes", s.full)):
        t.add_row(label, str(lv.required), str(lv.required_matched), str(lv.coded), str(lv.coded_matched),
                  f"{lv.precision:.3f}", f"{lv.recall:.3f}", f"{lv.f1:.3f}")
    console.print(t)
    console.print(f"status accuracy on the events found: {s.status_correct}/{s.status_found} "
                  f"({s.status_accuracy:.3f})", highlight=False)
    if misses:
        for title, rows in (("misses (required, not coded)", s.misses), ("extras (coded, not gold)", s.extras)):
            mt = Table(title=f"{s.name} {title}: {len(rows)}", title_justify="left")
            for col in ("id", "event", "pattern", "text"):
                mt.add_column(col, overflow="fold")
            for m in rows:
                mt.add_row(escape(m.sentence), m.what, escape(m.pattern), escape(m.text[:200]))
            console.print(mt)
