"""The accuracy harness: dyad's coder scored on three public gold sets.

- **PETR2_GSR** (UD-PETRARCH's 78 real news sentences with CAMEO codings): precision and recall
  of the coded events at two levels, (source country, target country, root code) and the full
  codes (full actor codes and full event code), each matched per record as multisets; the
  misses (gold not coded) and extras (coded, not gold) are listed; "noevents" records count as
  respected when nothing is coded for them. Country = the first three characters of an actor
  code; a missing target is "---", as in the gold file. Only the ``<Text>`` is coded (never the
  given parse), with the record's date as the document date.
- **PLOVER GSR** (322 edited CAMEO-manual sentences labelled with the 2016 PLOVER draft): event
  type accuracy after mapping dyad's CAMEO code to PLOVER through the codebook. The draft's old
  labels are renamed to current PLOVER first: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
  FIGHT -> ASSAULT, INVESTIGATE -> ACCUSE.
- **ConfliBERT CAMEO classes** (451 test sentences labelled 0-4 in the Phoenix "penta" scheme:
  0 statements 01-02; 1 verbal cooperation 03-05; 2 material cooperation 06-08; 3 verbal
  conflict 09-13 and 16; 4 material conflict 14-15 and 17-20): penta-class accuracy, and
  quad-class accuracy with 0 and 1 merged (both verbal cooperation in the quad scheme). Every
  sentence there has a label: the data has no "no event" class, so a sentence dyad codes
  nothing in counts as wrong; coverage and accuracy on the covered sentences are given too.

For the last two, one label per sentence is needed while dyad may code several events; the
sentence's label comes from its *main* event: asserted before other statuses, then events
other than plain statements (01) and appeals (02), then the earliest trigger. Reported speech
("X said Y attacked Z") thus counts as the attack, as the annotators labelled it.

The product never needs these files; the harness reads them from the shared reference
directory and says clearly when it is absent.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dyad.model import Document, Event
from dyad.errors import InputError

__all__ = [
    "SUITES", "find_shared", "run_suites", "score_petr", "score_labels", "main_event",
    "penta_class", "PLOVER_RELABEL", "render",
]  # fmt: skip

SUITES = ("petr2-gsr", "plover", "conflibert")
PETR_FILE = "data/external/ud-petrarch-validation/PETR2_GSR_validation.xml"
PLOVER_FILE = "data/external/plover/PLOVER_GSR_CAMEO.txt"
CONFLIBERT_FILE = "data/external/conflibert-cameo/cameo_class/test.tsv"
PLOVER_RELABEL = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
NO_TARGET = "---"
NO_EVENT = "(none)"
PENTA_NAMES = {0: "statement", 1: "verbal coop", 2: "material coop", 3: "verbal conflict", 4: "material conflict"}


# -- scoring (pure functions, tested on hand-made cases) ------------------------------------------

Key = tuple[str, str, str]


@dataclass(slots=True)
class Mismatch:
    record: str
    key: Key
    text: str


@dataclass(slots=True)
class Level:
    """Precision/recall at one matching level."""

    gold: int = 0
    coded: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.coded if self.coded else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "coded": self.coded, "matched": self.matched,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class PetrScore:
    records: int = 0
    country_root: Level = field(default_factory=Level)
    full: Level = field(default_factory=Level)
    noevent_records: int = 0
    noevents_respected: int = 0
    misses: list[Mismatch] = field(default_factory=list)  # at the country-root level
    extras: list[Mismatch] = field(default_factory=list)

    def to_dict(self, with_lists: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "suite": "petr2-gsr", "records": self.records,
            "country_root": self.country_root.to_dict(), "full": self.full.to_dict(),
            "noevent_records": self.noevent_records, "noevents_respected": self.noevents_respected,
        }  # fmt: skip
        if with_lists:
            d["misses"] = [asdict(m) for m in self.misses]
            d["extras"] = [asdict(m) for m in self.extras]
        return d


def _country(actor: str | None) -> str:
    return (actor or NO_TARGET)[:3] or NO_TARGET


def score_petr(records: Sequence[Any], coded: dict[str, list[Event]]) -> PetrScore:
    """Score coded events against PETRARCH gold records (``dyad.evaluation.records.Record``).

    Both sides are multisets per record: two gold codings of the same key need two coded events.
    """
    score = PetrScore()
    for rec in records:
        score.records += 1
        events = coded.get(rec.id, [])
        if rec.noevents:
            score.noevent_records += 1
            score.noevents_respected += not events
        gold_cr = Counter((_country(g.source), _country(g.target), g.code[:2]) for g in rec.codings)
        got_cr = Counter((_country(e.source), _country(e.target), e.root_code) for e in events)
        gold_full = Counter((g.source, g.target or NO_TARGET, g.code) for g in rec.codings)
        got_full = Counter((e.source, e.target or NO_TARGET, e.code) for e in events)
        for level, gold, got in ((score.country_root, gold_cr, got_cr), (score.full, gold_full, got_full)):
            level.gold += sum(gold.values())
            level.coded += sum(got.values())
            level.matched += sum((gold & got).values())
        for key, n in (gold_cr - got_cr).items():
            score.misses.extend(Mismatch(rec.id, key, rec.text) for _ in range(n))
        for key, n in (got_cr - gold_cr).items():
            score.extras.extend(Mismatch(rec.id, key, rec.text) for _ in range(n))
    return score


def main_event(events: Sequence[Event]) -> Event | None:
    """The event a one-label-per-sentence gold set is about (see the module docstring)."""
    if not events:
        return None

    def rank(e: Event) -> tuple[int, int, int]:
        trig = e.evidence.get("trigger") if e.evidence else None
        return (e.status != "asserted", e.root_code in ("01", "02"), trig[0] if trig else 10**6)

    return min(events, key=rank)


def penta_class(root_code: str) -> int:
    """Phoenix's penta class of a CAMEO root code (differs from the quad class on 09, 14 and 16)."""
    root = int(root_code)
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


@dataclass(slots=True)
class LabelScore:
    """Accuracy of one label per sentence; a sentence with no prediction counts as wrong."""

    suite: str
    total: int = 0
    covered: int = 0  # sentences with a predicted label
    correct: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted)
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, gold, predicted, text

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def covered_accuracy(self) -> float:
        return self.correct / self.covered if self.covered else 0.0

    @property
    def coverage(self) -> float:
        return self.covered / self.total if self.total else 0.0

    def per_label(self) -> dict[str, dict[str, float | int]]:
        out: dict[str, dict[str, float | int]] = {}
        for label in sorted({g for g, _ in self.confusion}):
            n = sum(v for (g, _), v in self.confusion.items() if g == label)
            ok = self.confusion[(label, label)]
            coded_as = sum(v for (_, p), v in self.confusion.items() if p == label)
            out[label] = {"gold": n, "correct": ok, "recall": round(ok / n, 4) if n else 0.0,
                          "precision": round(ok / coded_as, 4) if coded_as else 0.0}
        return out

    def to_dict(self, with_lists: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "suite": self.suite, "sentences": self.total, "covered": self.covered, "correct": self.correct,
            "accuracy": round(self.accuracy, 4), "coverage": round(self.coverage, 4),
            "covered_accuracy": round(self.covered_accuracy, 4), "per_label": self.per_label(),
        }  # fmt: skip
        if with_lists:
            d["wrong"] = [dict(zip(("id", "gold", "predicted", "text"), w)) for w in self.wrong]
        return d


def score_labels(suite: str, items: Iterable[tuple[str, str, str | None, str]]) -> LabelScore:
    """``items``: (id, gold label, predicted label or None, text)."""
    s = LabelScore(suite)
    for item_id, gold, pred, text in items:
        s.total += 1
        shown = pred if pred is not None else NO_EVENT
        s.confusion[(gold, shown)] += 1
        if pred is not None:
            s.covered += 1
        if pred == gold:
            s.correct += 1
        else:
            s.wrong.append((item_id, gold, shown, text))
    return s


# -- reading the suites ---------------------------------------------------------------------------


def find_shared(explicit: str | Path | None = None) -> Path:
    """The shared reference directory: ``explicit``, else ../shared from the cwd or the project."""
    if explicit is not None:
        p = Path(explicit)
        if not (p / "data" / "external").is_dir():
            raise InputError(f"--shared: {p} holds no data/external directory; give the shared reference directory")
        return p
    project = Path(__file__).resolve().parents[3]
    tried = []
    for cand in (Path.cwd().parent / "shared", project.parent / "shared", Path.cwd() / "shared"):
        if (cand / "data" / "external").is_dir():
            return cand
        tried.append(str(cand))
    raise InputError(
        f"reference data not found (looked in {', '.join(dict.fromkeys(tried))}); "
        "pass --shared DIR, the directory that holds data/external/"
    )


def _need(path: Path) -> Path:
    if not path.is_file():
        raise InputError(f"{path}: reference file not found; is --shared the right directory?")
    return path


def _record_date(raw: str) -> date | None:
    """YYYYMMDD, or the YYMMDD a few PETRARCH records carry (121108 = 2012-11-08)."""
    raw = raw.strip()
    if len(raw) == 6 and raw.isdigit():
        raw = "20" + raw
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except (ValueError, IndexError):
        return None


def petr_documents(shared: Path) -> tuple[list[Any], list[Document]]:
    from dyad.evaluation.records import read_records

    rf = read_records(_need(shared / PETR_FILE))
    recs = [r for r in rf.records if r.evaluate]
    docs = [Document(r.id, r.text, _record_date(r.date)) for r in recs if r.text.strip()]
    return recs, docs


def plover_items(shared: Path) -> list[tuple[str, str, str]]:
    """(id, gold label renamed to current PLOVER, text)."""
    path = _need(shared / PLOVER_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from exc
    out = []
    for rec in data:
        label = rec.get("event")
        if not label or label == "DOCUMENT" or not rec.get("text"):
            continue
        out.append((rec["id"], PLOVER_RELABEL.get(label, label), rec["text"]))
    return out


def conflibert_items(shared: Path) -> list[tuple[str, int, str]]:
    """(id "test:LINE", penta label 0-4, text)."""
    path = _need(shared / CONFLIBERT_FILE)
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) < 2 or not row[-1].strip().isdigit():
                continue
            out.append((f"test:{n}", int(row[-1].strip()), "\t".join(row[:-1]).strip()))
    return out


# -- running --------------------------------------------------------------------------------------


def _code_all(coder: Any, docs: list[Document]) -> dict[str, list[Event]]:
    return {d.id: list(evs) for d, evs in coder.code_many(docs)}


def run_suites(suites: Iterable[str], shared: Path, coder_factory: Callable[[], Any]) -> list[Any]:
    """Score the named suites; the coder is built once (lazily) and shared."""
    coder: Any = None
    results: list[Any] = []
    for suite in suites:
        if suite not in SUITES:
            raise InputError(f"--suite: unknown suite {suite!r}; choose from {', '.join(SUITES)} or all")
    for suite in suites:
        if coder is None:
            coder = coder_factory()
        if suite == "petr2-gsr":
            recs, docs = petr_documents(shared)
            results.append(score_petr(recs, _code_all(coder, docs)))
        elif suite == "plover":
            items = plover_items(shared)
            coded = _code_all(coder, [Document(i, t, date(2000, 1, 1)) for i, _, t in items])
            plover = _plover_of()
            results.append(score_labels("plover", (
                (i, gold, _plover_label(main_event(_with_plover(coded[i], plover)), plover), t) for i, gold, t in items
            )))  # fmt: skip
        else:
            citems = conflibert_items(shared)
            coded = _code_all(coder, [Document(i, t, None) for i, _, t in citems])
            results.append(_conflibert_scores(citems, coded))
    return results


def _plover_of() -> dict[str, str | None]:
    from dyad.codebook import load_codebook

    return {e.code: e.plover for e in load_codebook()}


def _with_plover(events: list[Event], plover: dict[str, str | None]) -> list[Event]:
    """Only events that have a PLOVER type (PLOVER has no statements or appeals)."""
    return [e for e in events if (e.plover or plover.get(e.code))]


def _plover_label(ev: Event | None, plover: dict[str, str | None]) -> str | None:
    if ev is None:
        return None
    return ev.plover or plover.get(ev.code)


def _conflibert_scores(items: list[tuple[str, int, str]], coded: dict[str, list[Event]]) -> list[LabelScore]:
    penta, quad = [], []
    for i, gold, text in items:
        ev = main_event(coded.get(i, []))
        pred = penta_class(ev.root_code) if ev else None
        penta.append((i, str(gold), None if pred is None else str(pred), text))
        quad.append((i, str(_quad(gold)), None if pred is None else str(_quad(pred)), text))
    return [score_labels("conflibert-penta", penta), score_labels("conflibert-quad", quad)]


def _quad(penta: int) -> int:
    """Penta 0 (statements) and 1 are both verbal cooperation in the quad scheme."""
    return 1 if penta <= 1 else penta


def flatten(results: list[Any]) -> list[Any]:
    out: list[Any] = []
    for r in results:
        out.extend(r if isinstance(r, list) else [r])
    return out


# -- presenting -----------------------------------------------------------------------------------


def render(results: list[Any], console: Any, misses: bool = False) -> None:
    """Rich tables for people; ``misses`` adds the per-item misses and extras."""
    from rich.markup import escape
    from rich.table import Table

    for r in flatten(results):
        if isinstance(r, PetrScore):
            t = Table(title=f"PETR2_GSR: {r.records} records", title_justify="left")
            for col in ("level", "gold", "coded", "matched", "precision", "recall", "F1"):
                t.add_column(col, justify="right" if col != "level" else "left")
            for name, lv in (("(src country, tgt country, root)", r.country_root), ("full codes", r.full)):
                t.add_row(name, str(lv.gold), str(lv.coded), str(lv.matched),
                          f"{lv.precision:.3f}", f"{lv.recall:.3f}", f"{lv.f1:.3f}")
            console.print(t)
            console.print(f"noevents respected: {r.noevents_respected}/{r.noevent_records}")
            if misses:
                for title, rows in (("misses (gold not coded)", r.misses), ("extras (coded, not gold)", r.extras)):
                    mt = Table(title=f"PETR2_GSR {title}: {len(rows)}", title_justify="left")
                    mt.add_column("record")
                    mt.add_column("src tgt root")
                    mt.add_column("text", overflow="fold")
                    for m in rows:
                        mt.add_row(escape(m.record), " ".join(m.key), escape(m.text[:160]))
                    console.print(mt)
        else:
            t = Table(title=f"{r.suite}: {r.total} sentences", title_justify="left")
            for col in ("accuracy", "coverage", "accuracy on covered", "correct"):
                t.add_column(col, justify="right")
            t.add_row(f"{r.accuracy:.3f}", f"{r.coverage:.3f}", f"{r.covered_accuracy:.3f}", f"{r.correct}/{r.total}")
            console.print(t)
            pl = Table(title=f"{r.suite} per label", title_justify="left")
            for col in ("label", "gold", "correct", "recall", "precision"):
                pl.add_column(col, justify="right" if col != "label" else "left")
            for label, v in r.per_label().items():
                name = f"{label} {PENTA_NAMES[int(label)]}" if label.isdigit() else label
                pl.add_row(name, str(v["gold"]), str(v["correct"]), f"{v['recall']:.3f}", f"{v['precision']:.3f}")
            console.print(pl)
            if misses:
                wt = Table(title=f"{r.suite} wrong: {len(r.wrong)}", title_justify="left")
                for col in ("id", "gold", "coded", "text"):
                    wt.add_column(col, overflow="fold")
                for i, g, p, text in r.wrong:
                    wt.add_row(escape(i), g, p, escape(text[:160]))
                console.print(wt)


def to_json(results: list[Any], misses: bool = False) -> str:
    return json.dumps([r.to_dict(with_lists=misses) for r in flatten(results)], indent=2)
