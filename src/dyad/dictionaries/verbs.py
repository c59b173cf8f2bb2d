"""Reader for TABARI/PETRARCH verb dictionaries (``CAMEO.2.0.txt``, ``PETR.Validate.verbs.txt``).

The file holds, in any order:

* synonym sets: a line ``&NAME`` followed by member lines ``+PHRASE`` (a member may itself be a
  set ``+&OTHER`` or a prepositional phrase ``+(TO THE END)``);
* verb blocks: a header ``--- NAME [code] ---`` (``[---]``: no default event; ``[a:b]``: a paired
  event, the second coded target-to-source), then verb lines ``WORD {FORMS} [code]`` (the forms
  are the irregular inflections; a multi-word verb marks its verb word with ``+``:
  ``+ASK_FOR {+ASKED_FOR}``, ``WIRE_+TAP``), then pattern lines ``- TERMS [code]`` (see
  :mod:`dyad.dictionaries.terms`);
* transformations ``~ a (a b ATTACK) SAY = a b 015`` (an event reported by a speech verb).

The reader keeps everything in plain dataclasses; :mod:`dyad.dictionaries.convert` maps them
onto dyad's pattern model.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from dyad.dictionaries.source import DictionaryWarning, Line, Problems, read_text, strip_comments
from dyad.dictionaries.terms import Term, TermError, tokenize

_HEADER = re.compile(r"^-{3}\s*(?P<name>[^\[\]]*?)\s*(?P<codes>(?:\[[^\]]*\]\s*)*)[\s-]*$")
_CODE = re.compile(r"\[([^\]]*)\]")
_VERB = re.compile(r"^(?P<phrase>[^{}\[\]]+?)\s*(?:\{(?P<forms>[^{}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_PATTERN_CODE = re.compile(r"\[([^\]]*)\]\s*$")
_CODE_TEXT = re.compile(r"^[A-Za-z0-9+\-~]+$")


@dataclass(frozen=True, slots=True)
class Code:
    """An event code as written: ``None`` for ``---`` (match, but code no event)."""

    code: str | None
    paired: str | None = None  # the code of the reverse (target-to-source) event, if any

    def __str__(self) -> str:
        base = self.code or "---"
        return f"{base}:{self.paired}" if self.paired else base


@dataclass(frozen=True, slots=True)
class VerbForm:
    """One verb of a block: its words, which of them is the verb, and its irregular forms."""

    words: tuple[str, ...]  # ("ASK", "FOR")
    head: int  # index of the verb word in ``words``
    forms: tuple[tuple[str, ...], ...]  # irregular inflections, each as words
    code: Code | None  # a code for this verb alone, overriding the block's
    line: int

    @property
    def lemma(self) -> str:
        return self.words[self.head]

    @property
    def particles(self) -> tuple[str, ...]:
        return self.words[self.head + 1 :]

    @property
    def before(self) -> tuple[str, ...]:
        return self.words[: self.head]


@dataclass(frozen=True, slots=True)
class VerbPattern:
    block: str  # the block's name, for messages and ids
    before: tuple[Term, ...]  # terms left of "*" (the subject side)
    after: tuple[Term, ...]  # terms right of "*"
    code: Code
    line: int
    text: str  # the pattern as written, for --explain


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: Code
    line: int
    verbs: list[VerbForm] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Synset:
    name: str
    members: tuple[tuple[Term, ...], ...]
    line: int


@dataclass(frozen=True, slots=True)
class Transformation:
    """``~ a (a b ATTACK) SAY = a b 015``: kept as text; dyad's coder has no such rule yet."""

    text: str
    line: int


@dataclass(slots=True)
class VerbDictionary:
    path: Path
    synsets: dict[str, Synset]
    blocks: list[VerbBlock]
    transformations: list[Transformation]
    skipped: list[str]

    @property
    def patterns(self) -> list[VerbPattern]:
        return [p for b in self.blocks for p in b.patterns]


def parse_code(text: str) -> Code:
    """``042`` / ``---`` / ``032:033`` / ``174K`` / ``:173`` (the reverse event only).

    Raise ValueError on anything else.
    """
    parts = [p.strip() for p in text.split(":")]
    if len(parts) == 2 and not parts[0] and parts[1]:
        parts[0] = "---"
    if len(parts) > 2 or not all(parts) or not all(_CODE_TEXT.match(p) for p in parts):
        raise ValueError(f"bad event code [{text}]")
    first = None if set(parts[0]) == {"-"} else parts[0].upper()
    second = None
    if len(parts) == 2:
        second = None if set(parts[1]) == {"-"} else parts[1].upper()
    return Code(first, second)


def read_verbs(path: str | Path, lenient: bool = False) -> VerbDictionary:
    path = Path(path)
    return parse_verbs(read_text(path), path, lenient)


def parse_verbs(text: str, path: Path | str = "<verbs>", lenient: bool = False) -> VerbDictionary:
    """Parse verb-dictionary text (see the module docstring); errors name ``path:line``."""
    path = Path(path)
    problems = Problems(path, lenient)
    lines = strip_comments(text, semicolon=True)
    names = {_synset_name(ln.text) for ln in lines if ln.text.lstrip().startswith("&")}
    names.discard("")

    synsets: dict[str, Synset] = {}
    raw_members: dict[str, list[Line]] = {}
    blocks: list[VerbBlock] = []
    transformations: list[Transformation] = []
    synset: str | None = None  # the set whose members are being read
    block: VerbBlock | None = None
    skipping_block = False  # the current block's header was bad: skip until the next one

    for ln in lines:
        s = ln.text.strip()
        if s.startswith("---"):
            synset = None
            m = _HEADER.match(s)
            codes = _CODE.findall(m.group("codes")) if m else []
            if not m or not codes or not m.group("name"):
                problems.bad(ln.number, f"bad verb block header: {s!r}")
                block, skipping_block = None, True
                continue
            if len(codes) > 1:  # "--- DELAY [120] [031:031] ---": PETRARCH reads the first code
                if not problems.lenient:
                    problems.bad(ln.number, f"a verb block header has one [code]: {s!r}")
                msg = f"{problems.path}:{ln.number}: a verb block header has one [code]: {s!r}; the first is used"
                problems.skipped.append(msg)
                warnings.warn(msg, DictionaryWarning, stacklevel=2)
            try:
                code = parse_code(codes[0])
            except ValueError as exc:
                problems.bad(ln.number, str(exc))
                block, skipping_block = None, True
                continue
            block = VerbBlock(m.group("name").strip().rstrip("_").upper(), code, ln.number)
            blocks.append(block)
            skipping_block = False
        elif s.startswith("&"):
            synset = _synset_name(s)
            block = None
            skipping_block = False
            raw_members.setdefault(synset, [])
            synsets.setdefault(synset, Synset(synset, (), ln.number))
        elif s.startswith("~"):
            transformations.append(Transformation(s, ln.number))
        elif synset is not None and s.startswith("+"):
            raw_members[synset].append(Line(ln.number, s[1:]))
        elif skipping_block:
            continue
        elif block is None:
            problems.bad(ln.number, f"line outside a verb block or synonym set: {s!r}")
        elif s.startswith("-"):
            pattern = _pattern(s[1:], block.name, ln.number, names, problems)
            if pattern is not None:
                block.patterns.append(pattern)
        else:
            verb = _verb(s, ln.number, problems)
            if verb is not None:
                block.verbs.append(verb)

    for name, members in raw_members.items():
        parsed = []
        for m in members:
            try:
                terms = tokenize(m.text, names)
            except TermError as exc:
                problems.bad(m.number, f"synonym set &{name}: {exc}")
                continue
            if terms:
                parsed.append(terms)
        synsets[name] = Synset(name, tuple(parsed), synsets[name].line)
    _check_cycles(synsets, problems)
    return VerbDictionary(path, synsets, blocks, transformations, problems.skipped)


def _synset_name(s: str) -> str:
    m = re.match(r"&([A-Za-z0-9_\-]+)", s.strip())
    return m.group(1).upper().rstrip("_") if m else ""


def _pattern(body: str, block: str, number: int, names, problems: Problems) -> VerbPattern | None:
    body = body.strip()
    m = _PATTERN_CODE.search(body)
    if not m:
        problems.bad(number, f"pattern without a [code]: {body!r}")
        return None
    try:
        code = parse_code(m.group(1))
        terms = tokenize(body[: m.start()], names)
    except (ValueError, TermError) as exc:
        problems.bad(number, f"pattern {body!r}: {exc}")
        return None
    verbs = [i for i, t in enumerate(terms) if t.kind == "verb"]
    if len(verbs) != 1:
        problems.bad(number, f"pattern {body!r} needs exactly one '*' (the verb), found {len(verbs)}")
        return None
    i = verbs[0]
    return VerbPattern(block, terms[:i], terms[i + 1 :], code, number, body[: m.start()].strip())


def _words(phrase: str) -> tuple[tuple[str, ...], int]:
    """``WIRE_+TAP`` -> (("WIRE", "TAP"), 1); no "+": the first word is the verb."""
    raw = [w for w in re.split(r"[_\s]+", phrase.strip()) if w]
    head = next((i for i, w in enumerate(raw) if w.startswith("+")), 0)
    return tuple(w.lstrip("+").upper() for w in raw), head


def _verb(s: str, number: int, problems: Problems) -> VerbForm | None:
    m = _VERB.match(s)
    if not m or not re.search(r"[A-Za-z]", m.group("phrase")):
        problems.bad(number, f"not a verb line (WORD {{FORMS}} [code]) nor a pattern ('- ...'): {s!r}")
        return None
    words, head = _words(m.group("phrase"))
    if any(not re.fullmatch(r"[A-Z0-9'.\-]+", w) for w in words):
        problems.bad(number, f"not a verb line (WORD {{FORMS}} [code]) nor a pattern ('- ...'): {s!r}")
        return None
    forms = tuple(_words(f)[0] for f in (m.group("forms") or "").split() if f.strip("+_"))
    code = None
    if m.group("code") is not None:
        try:
            code = parse_code(m.group("code"))
        except ValueError as exc:
            problems.bad(number, str(exc))
            return None
    return VerbForm(words, head, forms, code, number)


def _check_cycles(synsets: dict[str, Synset], problems: Problems) -> None:
    """A set that contains itself (directly or not) would never finish expanding."""

    def refs(name: str) -> set[str]:
        out: set[str] = set()
        for member in synsets[name].members:
            stack = list(member)
            while stack:
                t = stack.pop()
                if t.kind == "synset":
                    out.add(t.text)
                stack.extend(t.items)
        return out

    graph = {n: refs(n) & synsets.keys() for n in synsets}
    state: dict[str, int] = {}

    def visit(n: str) -> bool:
        state[n] = 1
        for r in graph[n]:
            if state.get(r) == 1 or (r not in state and visit(r)):
                return True
        state[n] = 2
        return False

    for n in list(graph):
        if n not in state and visit(n):
            problems.bad(synsets[n].line, f"synonym set &{n} contains itself")
            synsets[n] = Synset(n, (), synsets[n].line)
            graph[n] = set()
