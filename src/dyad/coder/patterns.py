"""The pattern model: how a verb or a noun, in a given syntactic frame, maps to a CAMEO event code.

Patterns are data (YAML under ``dyad/coder/data/``), not code, so that they can be read, reviewed,
extended, and converted from other coders' dictionaries (TABARI / PETRARCH verb files).

The model, in one place
-----------------------
A *verb entry* names a verb by its lemma plus its inflected forms (``forms``; the regular ones are
generated when omitted, irregular ones must be listed, as TABARI does).  It carries one or more
*patterns*; each pattern is a syntactic frame that must hold around the verb in the dependency
parse, and the CAMEO code it yields:

=================  ===========================================================================
field              meaning
=================  ===========================================================================
``id``             stable identifier, reported on every event (``Event.pattern``); generated
                   as ``<verb>.<n>`` when omitted
``code``           CAMEO code of the event source -> target (string, leading zeros kept)
``reverse_code``   optional paired code (TABARI ``[code1:code2]``): a second event target -> source
``particle``       phrasal-verb particle(s) that must be attached to the verb ("carry *out*")
``object``         head words of the direct object (any one must match); a word in CAPITALS
                   (``WEAPON``; or ``"&WEAPON"`` quoted, TABARI style) refers to a synset;
                   ``"*"`` = any object required. Passive subjects count as objects.
``prep``           preposition(s), one of which must attach to the verb or to its object
``prep_object``    head words of that preposition's object (words or SYNSETS in capitals)
``words``          words that must all occur in the verb's clause (TABARI noun-phrase words); an
                   item may be a list of alternatives or a phrase ("did n't": adjacent words,
                   ``*`` standing for the verb itself: "* to provide")
``before``         like ``words``, but each must occur before the verb in its sentence, wherever
                   the tree puts it (TABARI's words left of ``*``: "INDICATED *" holds in
                   "X indicated it deplored Y"; "RECENTLY_*" needs "recently" right before it)
``passive``        true / false: the verb must (not) be in the passive voice
``source``         where the source actor comes from: ``subject`` (default; the ``by``-agent in a
                   passive), ``object``, ``prep`` (the matched preposition's object), ``prep:of``
``target``         where the target comes from: ``auto`` (default: the matched preposition's
                   object if ``prep`` is given, else the object, else the first actor found after
                   to/with/against/on/at/toward/into/from/over/in), ``object``, ``prep``,
                   ``prep:<p>``, ``subject``, ``none``
``symmetric``      true: with a compound source and no target ("China and Russia met") code one
                   event for each ordered pair of the conjuncts (reciprocal events)
``priority``       integer added to the specificity score (default 0)
``light``          (entry level) a light verb ("carry out", "hold", "launch"): when its object is
                   a noun with a nominal pattern, the noun decides the code
=================  ===========================================================================

When several patterns of a verb hold, the most *specific* wins: one point per satisfied
constraint (particle, object, prep, prep_object, each of ``words``, passive), plus ``priority``.
A pattern with no constraints is the verb's default.

A *noun entry* (``nouns:``) has the same shape and codes nominal events: "a visit to Damascus",
"Israeli strikes on ...", "talks between X and Y".  For nouns, ``source`` defaults to the
possessive / adjective / compound / ``by``-phrase modifier ("Israeli strikes", "Russia's
invasion", "strikes by Israel") and ``target`` to the object of ``prep``.

*Synsets* (``synsets:``) are named word sets (TABARI ``&SYNSET``), referred to by their name in
capitals (``ATTACK``).
Multi-word synset members match the head word of the phrase (the last word).

A ``PatternSet`` may be built from several files and *layered*: ``base.layered(extra)`` gives the
patterns of both, extra entries winning ties, so a converted foreign dictionary can be used alone
or on top of dyad's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyad.codebook.transforms import load_transforms
from dyad.errors import DataError
from dyad.coder.codes import FILE as CODES_FILE
from dyad.coder.frames import FILES as FRAME_FILES

TARGET_SLOTS = ("auto", "object", "prep", "subject", "none")
SOURCE_SLOTS = ("subject", "object", "prep", "modifier")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One syntactic frame and the event code it yields."""

    id: str
    code: str
    head: str  # the verb or noun lemma the pattern belongs to
    kind: str = "verb"  # "verb" or "noun"
    reverse_code: str | None = None
    particle: frozenset[str] = frozenset()
    object: frozenset[str] | None = None  # None: no constraint; {"*"}: any object
    prep: frozenset[str] = frozenset()
    prep_object: frozenset[str] | None = None
    # heads that the object / prep_object words hold only as phrases ("military aid"), with the
    # modifiers one of whose sets must stand before the head: (("aid", (("military",),)),)
    object_needs: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    prep_object_needs: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    words: tuple[str, ...] = ()  # plain words, all required
    word_sets: tuple[tuple[tuple[str, ...], ...], ...] = ()  # items of alternatives (phrases)
    before: tuple[tuple[tuple[str, ...], ...], ...] = ()  # items that must precede the verb
    passive: bool | None = None
    source: str = "subject"
    target: str = "auto"
    symmetric: bool = False
    priority: int = 0
    light: bool = False

    def states(self, words: frozenset[str]) -> bool:
        """The pattern's words include one of ``words`` ("- NOT * [112]" states a negation)."""
        mine = set(self.words) | {w for item in self.word_sets + self.before for alt in item for w in alt}
        return bool(mine & words)

    @property
    def specificity(self) -> int:
        n = len(self.words) + sum(min(len(alt) for alt in item) for item in self.word_sets + self.before)
        n += bool(self.particle) + (self.object is not None) + bool(self.prep)
        n += (self.prep_object is not None) + (self.passive is not None)
        return n + self.priority


@dataclass(slots=True)
class PatternSet:
    """All patterns, indexed by surface form so a token finds its candidates in one dict look-up."""

    verbs: dict[str, list[Pattern]] = field(default_factory=dict)  # surface form -> patterns
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()  # surface forms of light verbs
    synsets: dict[str, frozenset[str]] = field(default_factory=dict)
    names: tuple[str, ...] = ()  # where the patterns came from
    # what a negated verb codes when no pattern states the negation: CAMEO's own pairs (declining
    # comment, 011, is "not 010": dyad/codebook/transforms.tsv); a foreign dictionary's ontology
    # may add more (110 is "not 050")
    negations: dict[str, str] = field(default_factory=lambda: load_transforms().negations())
    # phrases that keep a sentence (or, flagged True, a whole story) from being coded: a foreign
    # dictionary's discard list ("WORLD CUP", "+TYPHOON"; dyad.coder.discards)
    discards: tuple[tuple[str, bool], ...] = ()

    def verb_patterns(self, form: str) -> list[Pattern]:
        return self.verbs.get(form, [])

    def noun_patterns(self, form: str) -> list[Pattern]:
        return self.nouns.get(form, [])

    def __len__(self) -> int:
        ids = {p.id for ps in self.verbs.values() for p in ps}
        ids |= {p.id for ps in self.nouns.values() for p in ps}
        return len(ids)

    def layered(self, extra: "PatternSet") -> "PatternSet":
        """Both sets; on equal specificity ``extra``'s patterns come first (and so win)."""
        out = PatternSet(synsets={**self.synsets, **extra.synsets}, names=self.names + extra.names,
                         negations={**self.negations, **extra.negations},
                         discards=tuple(dict.fromkeys(self.discards + extra.discards)))
        for attr in ("verbs", "nouns"):
            merged: dict[str, list[Pattern]] = {}
            for form, ps in getattr(extra, attr).items():
                merged.setdefault(form, []).extend(ps)
            for form, ps in getattr(self, attr).items():
                merged.setdefault(form, []).extend(ps)
            setattr(out, attr, {f: _sorted(ps) for f, ps in merged.items()})
        out.light_verbs = self.light_verbs | extra.light_verbs
        return out

    @classmethod
    def from_dicts(cls, docs: Iterable[tuple[str, Mapping[str, Any]]]) -> "PatternSet":
        """Build from parsed YAML documents ``(name, mapping)``; ``name`` is used in errors."""
        docs = list(docs)
        synsets: dict[str, frozenset[str]] = {}
        for name, doc in docs:
            for key, words in (doc.get("synsets") or {}).items():
                if not isinstance(words, list):
                    raise DataError(f"{name}: synset {key!r} must be a list of words")
                synsets[str(key).lower()] = frozenset(_norm(w) for w in words)
        out = cls(synsets=synsets, names=tuple(n for n, _ in docs))
        for name, doc in docs:
            for key, value in (doc.get("negations") or {}).items():
                out.negations[_code(key, f"{name}: negations")] = _code(value, f"{name}: negations[{key!r}]")
        light: set[str] = set()
        for name, doc in docs:
            for kind, section in (("verb", "verbs"), ("noun", "nouns")):
                for i, entry in enumerate(doc.get(section) or []):
                    where = f"{name}: {section}[{i}]"
                    forms, patterns = _entry(entry, kind, where, synsets)
                    index = out.verbs if kind == "verb" else out.nouns
                    for form in forms:
                        index.setdefault(form, []).extend(patterns)
                    if kind == "verb" and entry.get("light"):
                        light.update(forms)
        out.verbs = {f: _sorted(ps) for f, ps in out.verbs.items()}
        out.nouns = {f: _sorted(ps) for f, ps in out.nouns.items()}
        out.light_verbs = frozenset(light)
        return out

    @classmethod
    def from_files(cls, paths: Iterable[Path | str]) -> "PatternSet":
        docs = []
        for p in paths:
            p = Path(p)
            try:
                docs.append((str(p), yaml.safe_load(p.read_text(encoding="utf-8")) or {}))
            except (OSError, yaml.YAMLError) as exc:
                raise DataError(f"{p}: cannot read pattern file: {exc}") from exc
        return cls.from_dicts(docs)

    @classmethod
    def default(cls) -> "PatternSet":
        """dyad's own verb and noun patterns (packaged data)."""
        return default_patterns()


_NOT_PATTERNS = frozenset({*FRAME_FILES, CODES_FILE})  # the words and codes beside the patterns


@cache
def default_patterns() -> PatternSet:
    root = resources.files("dyad.coder") / "data"
    docs = []
    for name in sorted(n.name for n in root.iterdir() if n.name.endswith(".yaml")):
        if name in _NOT_PATTERNS:
            continue
        text = (root / name).read_text(encoding="utf-8")
        docs.append((f"dyad/coder/data/{name}", yaml.safe_load(text) or {}))
    return PatternSet.from_dicts(docs)


def _sorted(ps: list[Pattern]) -> list[Pattern]:
    seen: set[str] = set()
    uniq = []
    for p in ps:
        if p.id not in seen:
            seen.add(p.id)
            uniq.append(p)
    return sorted(uniq, key=lambda p: -p.specificity)  # stable: earlier (layered-on) first


def _norm(word: Any) -> str:
    if isinstance(word, bool):  # YAML 1.1 reads a bare on / off as a boolean
        return "on" if word else "off"
    return " ".join(str(word).lower().replace("_", " ").split())


def _members(value: Any, synsets: Mapping[str, frozenset[str]], where: str) -> set[str]:
    """The words and phrases an object / prep_object value names, synsets expanded."""
    out: set[str] = set()
    for item in value if isinstance(value, list) else [value]:
        raw = str(item).strip().lstrip("&")
        if raw.isupper() or str(item).startswith("&"):
            name = raw.lower()
            if name not in synsets:
                raise DataError(f"{where}: unknown synset {raw!r} (synset names are written in capitals)")
            out |= synsets[name]
        else:
            out.add(_norm(item))
    return out


def _words(members: set[str] | None) -> frozenset[str] | None:
    """The head words (and their plurals) the members match on: a phrase on its last word."""
    if members is None:
        return None
    return frozenset(f for m in members for f in noun_forms(m.split()[-1]))


def _phrase_needs(members: set[str] | None) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """For each head word (and its plural) that the members hold only inside phrases, the
    modifier sets that may precede it: "military aid" alone makes "aid" need "military"."""
    if not members:
        return ()
    bare = {f for m in members if " " not in m for f in noun_forms(m)}
    needs: dict[str, set[tuple[str, ...]]] = {}
    for m in members:
        *mods, head = m.split()
        if mods:
            for f in noun_forms(head):
                if f not in bare:
                    needs.setdefault(f, set()).add(tuple(mods))
    return tuple(sorted((h, tuple(sorted(alts))) for h, alts in needs.items()))


def phrase_holds(tok_lower: str, lefts: set[str], needs: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]) -> bool:
    """A head word meets a pattern's phrase requirement: its modifiers are among ``lefts``."""
    for head, alts in needs:
        if head == tok_lower:
            return any(all(m in lefts for m in alt) for alt in alts)
    return True


NULL_CODES = (None, "---", "null", "none", "")


def _code(value: Any, where: str, null: bool = False) -> str:
    """A CAMEO code, leading zeros kept; with ``null``, "---" / null give "" (code nothing)."""
    if null and (value is None or str(value).strip().lower() in NULL_CODES):
        return ""
    code = str(value).strip()
    if not code or not code.isalnum() or len(code) > 4:
        raise DataError(f"{where}: bad CAMEO code {value!r}")
    if code.isdigit() and len(code) < 3:
        code = code.zfill(3)
    return code


def _entry(entry: Any, kind: str, where: str, synsets: Mapping[str, frozenset[str]]):
    if not isinstance(entry, Mapping) or kind not in entry:
        raise DataError(f"{where}: each entry needs a {kind!r} key")
    lemma = _norm(entry[kind])
    extra_words: tuple[str, ...] = ()
    if kind == "noun" and " " in lemma:  # "air strike": found on its head word, with its modifiers
        *mods, last = lemma.split()
        extra_words, lemma_key = tuple(mods), last
    else:
        lemma_key = lemma
    forms = {lemma_key} | {_norm(f) for f in entry.get("forms") or []}
    if not entry.get("forms"):
        forms |= set(verb_forms(lemma_key) if kind == "verb" else noun_forms(lemma_key))
    if kind == "noun":
        for f in list(forms):
            forms |= set(noun_forms(f))
    raw = list(entry.get("patterns") or [])
    if "code" in entry:
        raw.append({"code": entry["code"], "id": entry.get("id", lemma.replace(" ", "_"))})
    if not raw:
        raise DataError(f"{where}: {kind} {lemma!r} has no code and no patterns")
    patterns = []
    for j, spec in enumerate(raw):
        w = f"{where} ({lemma!r} pattern {j})"
        if not isinstance(spec, Mapping) or "code" not in spec:
            raise DataError(f"{w}: a pattern needs a 'code'")
        unknown = set(spec) - _PATTERN_KEYS
        if unknown:
            raise DataError(f"{w}: unknown field(s) {sorted(unknown)}")
        obj = spec.get("object")
        objects = None if obj is None or obj == "*" else _members(obj, synsets, w)
        prep_objects = None if spec.get("prep_object") is None else _members(spec["prep_object"], synsets, w)
        target = str(spec.get("target", "auto"))
        source = str(spec.get("source", "subject" if kind == "verb" else "modifier"))
        if target.split(":")[0] not in TARGET_SLOTS:
            raise DataError(f"{w}: target must be one of {TARGET_SLOTS} or prep:<p>, got {target!r}")
        if source.split(":")[0] not in SOURCE_SLOTS:
            raise DataError(f"{w}: source must be one of {SOURCE_SLOTS} or prep:<p>, got {source!r}")
        patterns.append(
            Pattern(
                id=str(spec.get("id") or f"{lemma.replace(' ', '_')}.{j + 1}"),
                code=_code(spec["code"], w, null=True),
                head=lemma,
                kind=kind,
                reverse_code=_code(spec["reverse_code"], w) if spec.get("reverse_code") else None,
                particle=frozenset(_norm(p) for p in _list(spec.get("particle"))),
                object=frozenset(["*"]) if obj == "*" else _words(objects),
                prep=frozenset(_norm(p) for p in _list(spec.get("prep"))),
                prep_object=_words(prep_objects),
                object_needs=_phrase_needs(objects),
                prep_object_needs=_phrase_needs(prep_objects),
                words=extra_words + tuple(_norm(x) for x in _list(spec.get("words")) if _plain(x)),
                word_sets=_word_items([x for x in _list(spec.get("words")) if not _plain(x)], synsets, w),
                before=_word_items(spec.get("before"), synsets, w),
                passive=spec.get("passive"),
                source=source,
                target=target,
                symmetric=bool(spec.get("symmetric", entry.get("symmetric", False))),
                priority=int(spec.get("priority", 0)),
                light=bool(entry.get("light", False)),
            )
        )
    return forms, patterns


_PATTERN_KEYS = {
    "id", "code", "reverse_code", "particle", "object", "prep", "prep_object", "words", "before",
    "passive", "source", "target", "symmetric", "priority",
}


def _word_items(value: Any, synsets: Mapping[str, frozenset[str]], where: str) -> tuple:
    """``words``: each item a word, a list of alternative words / phrases, or a SYNSET (any of
    its members); a phrase alternative needs all its words."""
    out = []
    for item in _list(value):
        alts: list[tuple[str, ...]] = []
        for x in (item if isinstance(item, list) else [item]):
            raw = str(x).strip()
            if raw.lstrip("&").isupper() or raw.startswith("&"):
                name = raw.lstrip("&").lower()
                if name not in synsets:
                    raise DataError(f"{where}: unknown synset {raw!r} in words (synset names are written in capitals)")
                alts.extend(tuple(m.split()) for m in sorted(synsets[name]))
            else:
                alts.append(tuple(_norm(x).split()))
        alts = [a for a in alts if a]
        if not alts:
            raise DataError(f"{where}: empty item in words")
        out.append(tuple(dict.fromkeys(alts)))
    return tuple(out)


def _plain(item: Any) -> bool:
    raw = str(item).strip()
    return not isinstance(item, list) and not raw.startswith("&") and not raw.isupper()


def words_hold(p: Pattern, present: set[str] | frozenset[str], seq: list[str] | None = None,
               around: list[str] | None = None) -> bool:
    """All plain ``words`` occur in ``present``, and every alternatives item has an
    alternative whose words all occur. A phrase alternative ("did n't", TABARI's ``A_B``
    connector) must occur as a run of adjacent words in ``seq`` (the words in text order) when
    that is given; a phrase with the verb in it ("wire *") in ``around`` (the sentence), since
    the parser may hang the verb's neighbour anywhere."""
    if not all(w in present for w in p.words):
        return False
    for item in p.word_sets:
        if not any(_alt_holds(alt, present, seq, around) for alt in item):
            return False
    return True


def _alt_holds(alt: tuple[str, ...], present, seq: list[str] | None, around: list[str] | None) -> bool:
    if around is not None and "*" in alt:
        return _run_in(alt, around)
    return all(w in present for w in alt) and (seq is None or len(alt) == 1 or _run_in(alt, seq))


def in_order(p: Pattern, seq: list[str]) -> bool:
    """The pattern's ``words`` (plain, then alternatives, as the converter writes them in text
    order) occur after the verb (``*`` in ``seq``) one after the other."""
    if "*" not in seq:
        return True
    pos = seq.index("*") + 1
    for w in p.words:
        try:
            pos = seq.index(w, pos) + 1
        except ValueError:
            return False
    return True


def items_hold(items: tuple[tuple[tuple[str, ...], ...], ...], seq: list[str]) -> bool:
    """Every item has an alternative occurring in ``seq``: a word anywhere, a phrase as a run."""
    present = set(seq)
    return all(any((alt[0] in present) if len(alt) == 1 else _run_in(alt, seq) for alt in item)
               for item in items)


def _run_in(phrase: tuple[str, ...], seq: list[str]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_VOWELS = set("aeiou")


def verb_forms(lemma: str) -> list[str]:
    """Regular inflections of a (possibly multi-word) verb: -s, -ed, -ing on the first word.

    Irregular verbs list their forms explicitly in the data, as TABARI dictionaries do."""
    first, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if first.endswith("ee"):
        ed, ing = first + "d", first + "ing"  # free, freed, freeing
    elif first.endswith("e"):
        ed, ing = first + "d", first[:-1] + "ing"
    elif first.endswith("y") and len(first) > 1 and first[-2] not in _VOWELS:
        ed, ing = first[:-1] + "ied", first + "ing"
    elif (
        len(first) >= 3 and first[-1] not in _VOWELS | set("wxy") and first[-2] in _VOWELS
        and first[-3] not in _VOWELS and _syllables(first) == 1
    ):
        ed, ing = first + first[-1] + "ed", first + first[-1] + "ing"
    else:
        ed, ing = first + "ed", first + "ing"
    if first.endswith(("s", "sh", "ch", "x", "z", "o")):
        s = first + "es"
    elif first.endswith("y") and len(first) > 1 and first[-2] not in _VOWELS:
        s = first[:-1] + "ies"
    else:
        s = first + "s"
    return [w + tail for w in (first, s, ed, ing)]


def _syllables(word: str) -> int:
    groups, prev = 0, False
    for ch in word:
        v = ch in _VOWELS
        groups += v and not prev
        prev = v
    return groups


def singular(word: str) -> str:
    """A plural noun's singular, as a lemmatiser would give it ("efforts" -> "effort", "bases" ->
    "base", "crises" -> "crise": regular plurals only; a word not seen as plural is returned)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def noun_forms(word: str) -> list[str]:
    """A noun and its regular plural (and, for a plural, its singular)."""
    out = [word]
    one = singular(word)
    if one != word:
        out.append(one)
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        out.append(word[:-1] + "ies")
    elif word.endswith(("s", "x", "ch", "sh")):
        out.append(word + "es")
    elif word.endswith("o"):
        out += [word + "es", word + "s"]  # embargoes, vetoes; but also memos, photos
    else:
        out.append(word + "s")
    return out
