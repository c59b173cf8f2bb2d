"""The validation runner: code a PETRARCH/UD-PETRARCH record file with dyad and score it.

Each record's ``<Text>`` is coded by dyad's own coder (its own parse; the file's ``<Parse>`` is
never used) with the foreign dictionaries alone, and the coded (source, target, code) triples are
compared with the record's ``<EventCoding>`` lines, as UD-PETRARCH's ``validation.py`` does:

* ``correct``: expected triples coded; ``uncoded``: expected but not coded; ``extra``: coded but
  not expected (a ``noevents`` record expects nothing, so all it yields is extra);
* ``TP = correct / (correct + uncoded)``, ``FN = 100 - TP``, ``FP = extra / records``;
* ``exact``: records whose coded set equals the expected set (the PETRARCH-1 unit-test criterion).

Conventions of the files, honoured here:

* only categories listed in ``<Include>`` are run (UD-PETRARCH's published table counts the same
  244 records: PARSING and ERROR are not included in the 2_02 file), and ``evaluate="false"``
  records are skipped;
* a record expecting an ``error`` (dateline, bad input, story discard) must yield no event;
* a missing actor is written ``---`` (``""`` in two records), and an agent without an actor
  ``---GOV``: dyad's target-less events and sector-only actors are written the same way;
* ``<Config option="require_dyad" value="true">``: events without both a source and a target do
  not count (they are neither correct nor extra);
* negated events are not counted as coded (PETRARCH codes what happened, and codes "did not"
  sentences only through explicit negation patterns); planned and hypothetical ones are.

The records are coded exactly as ``dyad code --dictionaries DIR --conventions C [--ontology F]``
codes text (``dyad.dictionaries.load.make_coder``), with the conventions of the coder the file was
written for (``conventions_for``): PETRARCH-1's for a file naming no coding ontology, UD-PETRARCH's
with the ontology where the file names one and it is there, PETRARCH-2's otherwise. The coder
applies the dictionaries' discard phrases: a record holding one codes nothing (``discarded``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.dictionaries.directory import KINDS, find_dictionaries
from dyad.evaluation.records import GoldCoding, Record, RecordFile, read_records
from dyad.errors import InputError

Triple = tuple[str, str, str]
_ENV_KIND = {"Verbfile": "verbs", "Actorfile": "actors", "Agentfile": "agents", "Discardfile": "discards"}
NULL = "---"


@dataclass(slots=True)
class RecordResult:
    record: Record
    expected: list[Triple]
    coded: list[Triple]
    correct: int
    uncoded: int
    extra: int
    discarded: bool = False
    patterns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the coder's own account (with explain=True)

    @property
    def exact(self) -> bool:
        return self.uncoded == 0 and self.extra == 0


@dataclass(slots=True)
class Tally:
    records: int = 0
    exact: int = 0
    correct: int = 0
    uncoded: int = 0
    extra: int = 0

    def add(self, r: RecordResult) -> None:
        self.records += 1
        self.exact += r.exact
        self.correct += r.correct
        self.uncoded += r.uncoded
        self.extra += r.extra

    @property
    def tp(self) -> float:
        n = self.correct + self.uncoded
        return 100.0 * self.correct / n if n else 100.0

    @property
    def fp(self) -> float:
        return 100.0 * self.extra / self.records if self.records else 0.0

    @property
    def exact_rate(self) -> float:
        return 100.0 * self.exact / self.records if self.records else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records, "exact": self.exact, "correct": self.correct,
            "uncoded": self.uncoded, "extra": self.extra, "tp": round(self.tp, 2),
            "fn": round(100.0 - self.tp, 2), "fp": round(self.fp, 2),
            "exact_rate": round(self.exact_rate, 2),
        }


@dataclass(slots=True)
class Validation:
    path: Path
    dictionaries: dict[str, list[Path]]
    results: list[RecordResult]
    skipped_lines: list[str]
    conversion: list[str]
    command: str = ""  # the `dyad code` command that codes the records' texts the same way

    def by_category(self) -> dict[str, Tally]:
        out: dict[str, Tally] = {}
        for r in self.results:
            out.setdefault(r.record.category, Tally()).add(r)
        return out

    def total(self) -> Tally:
        t = Tally()
        for r in self.results:
            t.add(r)
        return t

    def failures(self) -> list[RecordResult]:
        return [r for r in self.results if not r.exact]


# --- scoring --------------------------------------------------------------------------------


def _norm_code(code: str | None) -> str:
    code = (code or "").strip().upper()
    return code if code else NULL


def expected_triples(record: Record) -> list[Triple]:
    if record.noevents or record.error:
        return []
    return [(_norm_code(c.source), _norm_code(c.target), c.code.strip().upper()) for c in record.codings]


def score(record: Record, coded: list[Triple]) -> RecordResult:
    """Compare as multisets: a triple expected twice must be coded twice."""
    exp = expected_triples(record)
    e, c = Counter(exp), Counter(coded)
    correct = sum((e & c).values())
    return RecordResult(record, exp, list(coded), correct, len(exp) - correct, len(coded) - correct)


def require_dyad(record: Record) -> bool:
    return record.config.get("require_dyad", "true").strip().lower() != "false"


# --- dictionaries for a record file ---------------------------------------------------------


def dictionary_files(records: RecordFile, directory: str | Path | None = None) -> dict[str, list[Path]]:
    """The dictionaries to code ``records`` with.

    Files named in the records' ``<Environment>`` are taken from ``directory`` (default: the
    records' own directory) when they are all there; otherwise every dictionary recognised in
    the directory is used.
    """
    directory = Path(directory) if directory is not None else records.path.parent
    if not directory.is_dir():
        raise InputError(f"{directory}: dictionary directory not found")
    named: dict[str, list[Path]] = {k: [] for k in KINDS}
    for tag, names in records.environment.items():
        kind = _ENV_KIND.get(tag)
        if kind:
            named[kind].extend(directory / n for n in names)
    wanted = [p for ps in named.values() for p in ps]
    if wanted and all(p.is_file() for p in wanted):
        return named
    return find_dictionaries(directory)


def conventions_for(records: RecordFile, directory: str | Path | None = None) -> tuple[str, Path | None]:
    """The conventions of the coder the records were written for, and the coding ontology to
    code them with: a file naming no ontology is PETRARCH-1's (its unit tests, TABARI-era); one
    naming an ontology that is in the directory is UD-PETRARCH's (2_02), coded with it; one
    naming an ontology that is not there (PETR2_GSR beside the Phoenix dictionaries) PETRARCH-2's.
    These are ``dyad code``'s ``--conventions`` and ``--ontology``."""
    named = records.environment.get("PICOfile")
    if not named:
        return "petrarch1", None
    directory = Path(directory) if directory is not None else records.path.parent
    found = next((directory / n for n in named if (directory / n).is_file()), None)
    return ("ud-petrarch", found) if found is not None else ("petrarch2", None)


def command(files: dict[str, list[Path]], conventions: str, ontology: Path | None) -> str:
    """The ``dyad code`` command that codes the records' texts as ``run`` does."""
    dirs = sorted({str(p.parent) for ps in files.values() for p in ps})
    parts = ["dyad code", *(f"--dictionaries {d}" for d in dirs), f"--conventions {conventions}"]
    if ontology is not None:
        parts.append(f"--ontology {ontology}")
    return " ".join(parts + ["--lenient"])


# --- running --------------------------------------------------------------------------------


def run(
    records_path: str | Path,
    directory: str | Path | None = None,
    *,
    lenient: bool = True,
    coder: Any = None,
    all_categories: bool = False,
    explain: bool = False,
    own: bool = False,
) -> Validation:
    """Code and score every included record (see the module docstring).

    With ``explain``, each failing record also gets the coder's notes (why a verb found no
    actor, which pattern it used): what a coder developer needs to fix the mechanism. With
    ``own``, the records are coded with dyad's own dictionaries and conventions instead (the
    baseline the foreign dictionaries are compared with).
    """
    from dyad.model import Document
    from dyad.dictionaries.convert import on
    from dyad.dictionaries.load import load, make_coder

    rf = read_records(records_path)
    if own:  # dyad's own dictionaries and conventions: the baseline to compare with
        from dyad.actors import ActorBase

        files: dict[str, list[Path]] = {k: [] for k in KINDS}
        actor_base, skipped, conversion = ActorBase.default(), [], ["dyad's own dictionaries"]
        coder = coder if coder is not None else make_coder()
        coded_as = "dyad code"
    else:
        files = dictionary_files(rf, directory)
        loaded = load(files=files, lenient=lenient)
        actor_base, skipped, conversion = loaded.actors, loaded.skipped, loaded.report.lines()
        conventions, ontology = conventions_for(rf, directory)
        coded_as = command(files, conventions, ontology)
        if coder is None:  # the coder `dyad code --dictionaries --conventions --ontology` builds
            coder = make_coder(files, conventions=conventions, ontology=ontology, lenient=lenient, loaded=loaded)
    discards = getattr(getattr(coder, "tools", None), "discards", None)
    sector_codes = set(actor_base.sector_nouns().values())
    actor_codes = {r.code for e in actor_base.entries() for r in e.codes}

    todo = [r for r in rf.records if r.evaluate and (all_categories or not rf.include or r.category in rf.include)]
    docs = [Document(id=r.id + f"@{r.line}", text=r.text, date=on(r.date)) for r in todo]
    results: dict[str, RecordResult] = {}
    by_id = {r.id + f"@{r.line}": r for r in todo}
    for doc, events in coder.code_many(docs):
        rec = by_id[doc.id]
        coded, pats = [], []
        for ev in events:
            if ev.status == "negated":
                continue
            src = _actor(ev.source, sector_codes, actor_codes)
            tgt = _actor(ev.target, sector_codes, actor_codes)
            if require_dyad(rec) and (src == NULL or tgt == NULL):
                continue
            coded.append((src, tgt, ev.code.upper()))
            pats.append(ev.pattern)
        res = score(rec, coded)
        res.patterns = pats
        res.discarded = bool(discards) and (discards.story(doc.text) or discards.sentence(doc.text))
        results[doc.id] = res
    ordered = [results[r.id + f"@{r.line}"] for r in todo]
    if explain and hasattr(coder, "explain"):
        for res in ordered:
            if not res.exact and not res.discarded:
                rec = res.record
                doc = Document(id=rec.id, text=rec.text, date=on(rec.date))
                res.notes = [n for tr in coder.explain(doc, all_sentences=True) for n in tr.notes]
    return Validation(rf.path, files, ordered, skipped, conversion, coded_as)


def _actor(code: str | None, sector_codes: set[str], actor_codes: set[str]) -> str:
    """dyad's code as the record files write it: "---" for none, "---GOV" for a bare agent."""
    if not code:
        return NULL
    code = code.upper()
    if code in sector_codes and code not in actor_codes:
        return NULL + code
    return code


# --- output ---------------------------------------------------------------------------------


def table(v: Validation) -> str:
    """UD-PETRARCH's table (plus an ``Exact`` column: records coded exactly right)."""
    head = f"{'Category':<12}{'Records':>9}{'Exact':>8}{'Correct':>9}{'Uncoded':>9}{'Extra':>8}{'TP':>9}{'FN':>9}{'FP':>9}"
    lines = [head]
    cats = v.by_category()
    for name, t in list(cats.items()) + [("Total", v.total())]:
        lines.append(
            f"{name:<12}{t.records:>9}{t.exact:>8}{t.correct:>9}{t.uncoded:>9}{t.extra:>8}"
            f"{t.tp:>8.2f}%{100 - t.tp:>8.2f}%{t.fp:>8.2f}%"
        )
    t = v.total()
    lines.append(
        f"TP = correct/(correct+uncoded); FN = 100-TP; FP = extra/records; "
        f"exact: {t.exact}/{t.records} records ({t.exact_rate:.2f}%)"
    )
    return "\n".join(lines)


def failures_text(v: Validation) -> str:
    out = []
    for r in v.failures():
        rec = r.record
        out.append(f"{rec.id} [{rec.category}] {rec.date}: {rec.text}")
        out.append(f"  expected: {_fmt(r.expected)}")
        out.append(f"  coded:    {_fmt(r.coded)}" + ("  (discarded)" if r.discarded else ""))
        if r.patterns:
            out.append(f"  patterns: {', '.join(r.patterns)}")
        for note in r.notes:
            out.append(f"  note:     {note}")
    return "\n".join(out)


def _fmt(triples: list[Triple]) -> str:
    return "; ".join(f"{s} {t} {c}" for s, t, c in triples) if triples else "(none)"


def as_json(v: Validation, failures: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "records_file": str(v.path),
        "dictionaries": {k: [str(p) for p in ps] for k, ps in v.dictionaries.items()},
        "categories": {k: t.as_dict() for k, t in v.by_category().items()},
        "total": v.total().as_dict(),
        "skipped_dictionary_lines": len(v.skipped_lines),
        "conversion": v.conversion,
    }
    if failures:
        out["failures"] = [
            {"id": r.record.id, "category": r.record.category, "text": r.record.text,
             "expected": [list(t) for t in r.expected], "coded": [list(t) for t in r.coded],
             "patterns": r.patterns, "notes": r.notes, "discarded": r.discarded}
            for r in v.failures()
        ]
    return out


__all__ = ["GoldCoding", "RecordResult", "Tally", "Validation", "run", "score", "table"]
