"""Mapping what the readers found onto dyad's own models: ``PatternSet`` and ``ActorBase``.

dyad codes foreign dictionaries with its own coder; this module only translates. The mapping of a
TABARI/PETRARCH verb pattern onto :class:`dyad.coder.patterns.Pattern`:

=========================  ===================================================================
TABARI                     dyad
=========================  ===================================================================
verb line ``+ASK_FOR``     verb ``ask`` (its listed forms plus the regular ones); ``for`` as a
                           particle when it is one (up, down, out...), else as ``prep``
``(TO &CURRENCY)``         ``prep: to``, ``prep_object: &CURRENCY`` (other words in the phrase
                           go to ``words``); a second phrase goes wholly to ``words``
``{PEACE PLAN}``           ``object: plan`` (its head), ``words: [peace]``
``&SYN`` after ``*``       ``object: &SYN`` when no object is set yet and no word follows it
                           (``* &TIETYPES TIES``: the set modifies "ties", so both are words)
words after ``*``          ``words`` (must occur in the verb's clause); ``A/B``: alternatives;
                           a set: one pattern per member
words before ``*``         ``before`` (must occur before the verb in its sentence)
``A_B``, ``X_*``           a phrase item: adjacent words; ``*`` stands for the verb
``WIRE_+TAP``              ``words: [["wire *"]]``: the word right before the verb
``$`` / ``+``              ``source`` / ``target``: ``subject`` before ``*``, ``object`` after it,
                           ``prep``/``prep:<p>`` inside a phrase
``%``                      ``symmetric: true``
``[a:b]``                  ``code: a``, ``reverse_code: b``; ``[:b]`` codes ``b`` object -> subject
``[---]``                  ``code: "---"``: a null pattern, matched but coding nothing
``~`` transformations      dropped (counted)
=========================  ===================================================================

What cannot be expressed is counted in :class:`ConversionReport` rather than silently lost, so
``dyad validate`` can say how much of a dictionary dyad actually uses.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from dyad.actors.base import ActorBase
from dyad.actors.model import ActorEntry, Role
from dyad.actors.normalize import exact_key
from dyad.actors.rules import MatchRules
from dyad.coder.patterns import PatternSet, verb_forms
from dyad.dictionaries.tabari_actors import ActorDictionary, DatedCode
from dyad.dictionaries.agents import AgentDictionary
from dyad.dictionaries.terms import Term
from dyad.dictionaries.verbs import Code, VerbDictionary, VerbForm, VerbPattern

PARTICLES = frozenset(
    "up down out off away back over on in around through along forward aside apart about across".split()
)
_CODE_OK = re.compile(r"^[A-Za-z0-9]{1,4}$")


@dataclass(slots=True)
class ConversionReport:
    """What was converted and what dyad's models could not take (with counts by reason)."""

    patterns: int = 0
    verbs: int = 0
    actors: int = 0
    names: int = 0
    sectors: int = 0
    null: int = 0  # null-code patterns ([---]): a match that codes nothing
    dropped: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [
            f"{self.verbs} verbs, {self.patterns} patterns, {self.actors} actors "
            f"({self.names} names), {self.sectors} agent nouns, {self.null} null-code patterns"
        ]
        out += [f"not converted: {n} x {why}" for why, n in self.dropped.most_common()]
        return out


# --- verbs ----------------------------------------------------------------------------------


def verb_document(dicts: list[VerbDictionary], report: ConversionReport) -> dict:
    """A pattern document (the mapping ``PatternSet.from_dicts`` takes) for the verb files."""
    synsets: dict[str, list[str]] = {}
    for d in dicts:
        for name in d.synsets:
            synsets[name] = sorted(_flatten(d, name, set()))
    entries: list[dict] = []
    for d in dicts:
        stem = d.path.name
        report.dropped["transformation (~ rule)"] += len(d.transformations)
        for block in d.blocks:
            specs = []
            for p in block.patterns:
                specs.extend(_pattern_spec(p, stem, report, synsets))
            entries.extend(_block_entries(block.verbs, block.code, specs, stem, report))
    return {"synsets": synsets, "verbs": entries}


def _flatten(d: VerbDictionary, name: str, seen: set[str]) -> set[str]:
    """A set's words, nested sets expanded; a member phrase counts as its words joined."""
    if name in seen or name not in d.synsets:
        return set()
    seen = seen | {name}
    out: set[str] = set()
    for member in d.synsets[name].members:
        if len(member) == 1 and member[0].kind == "synset":
            out |= _flatten(d, member[0].text, seen)
            continue
        words = [w for w in _plain_words(member)]
        if words:
            out.add(" ".join(words).lower())
    return out


def _plain_words(terms) -> list[str]:
    out = []
    for t in terms:
        if t.kind == "word":
            out.append(t.text)
        elif t.kind in ("pp", "np"):
            out.extend(_plain_words(t.items))
    return out


def _code_fields(code: Code, report: ConversionReport, what: str) -> dict | None:
    if code.code is None and code.paired is None:
        report.null += 1
        return {"code": "---"}  # a match that codes nothing: it keeps a less specific pattern out
    for c in (code.code, code.paired):
        if c is not None and not _CODE_OK.match(c):
            report.dropped[f"{what} with a code dyad cannot store ([{c}])"] += 1
            return None
    if code.code is None:  # [:b]: the event runs from the object to the subject
        return {"code": code.paired, "source": "object", "target": "subject"}
    out = {"code": code.code}
    if code.paired:
        out["reverse_code"] = code.paired
    return out


def _word(t: Term) -> str:
    return t.text.lower()


def _ref(t: Term) -> str:
    return "&" + t.text if t.kind == "synset" else _word(t)


def _head(items) -> Term | None:
    """The last word or set of a phrase: what dyad matches a noun phrase on."""
    for t in reversed(items):
        if t.kind in ("word", "synset"):
            return t
        if t.kind in ("pp", "np"):
            h = _head(t.items)
            if h is not None:
                return h
    return None


_MAX_EXPANSION = 64  # word-set modifiers expand into one pattern per member (up to this many)
_MAX_PHRASE_MEMBERS = 5  # sets with more multi-word members (&WEAPON: 55) match on head words


def _pattern_spec(
    p: VerbPattern, stem: str, report: ConversionReport, synsets: dict[str, list[str]] | None = None
) -> list[dict]:
    """dyad pattern specs for one TABARI pattern (several when word sets must be expanded).

    dyad's ``words`` are plain words that must all occur in the clause; a word set or an ``A/B``
    alternative outside the object slots (``{&TIETYPES TIES}``, ``&NEGATVAUXVRB *``) becomes
    one pattern per member, so the constraint is kept exactly.
    """
    synsets = synsets or {}
    fields = _code_fields(p.code, report, "pattern")
    if fields is None:
        return []
    spec: dict = {"id": f"{stem}:{p.line}", **fields}
    groups: list[list[tuple[str, ...]]] = []  # each: the alternatives one slot of words may take
    obj: list[str] | None = None
    prep: str | None = None
    prep_alts: list[str] = []
    prep_obj: str | None = None
    particle: str | None = None

    def add(items, skip: Term | None = None) -> None:
        groups.extend(_word_groups(items, synsets, skip))

    for i, t in enumerate(p.before):
        if t.kind in ("word", "synset", "np", "pp"):
            if i == 0 or p.before[i - 1].kind not in ("word", "synset"):
                add(_run(p.before, i))  # a run at once, so "_" joins inside it hold
        elif t.kind == "source":
            spec["source"] = "subject"
        elif t.kind == "target":
            spec["target"] = "subject"
        elif t.kind == "compound":
            spec["symmetric"] = True
    # words left of "*" must precede the verb in the sentence ("before"); "RECENTLY_*": right before it
    pre, groups[:] = list(groups), []
    if pre and p.before[-1].kind in ("word", "synset") and p.before[-1].joined:
        pre[-1] = [a + ("*",) for a in pre[-1]]

    verb_joined = re.search(r"\*_\S", p.text) is not None  # "*_TO_PROVIDE": the next words follow it directly
    after = _bare_preps(p.after, synsets, verb_joined)
    for i, t in enumerate(after):
        in_run = i > 0 and after[i - 1].kind in ("word", "synset") and not (i == 1 and particle)
        if t.kind in ("word", "synset") and in_run:
            continue  # added with its run
        run = _run(after, i) if t.kind in ("word", "synset") else ()
        if t.kind == "word":
            w = _word(t)
            if i == 0 and w in PARTICLES and particle is None and not t.alternatives and not verb_joined:
                particle = w
            else:
                add(run)
                if i == 0 and verb_joined:
                    groups[0] = [("*",) + a for a in groups[0]]
        elif t.kind == "synset":
            if obj is None and len(run) == 1:
                obj = [_ref(t)]
            else:  # "* &TIETYPES_MEMOS FROM": the set modifies a later word, it is not the object
                add(run)
        elif t.kind == "np":
            head = _head(t.items)
            if obj is None and head is not None and head in t.items:
                obj = [_ref(head)] if not head.alternatives else [a.lower() for a in head.alternatives]
                add(t.items, skip=head)
            else:
                add(t.items)
        elif t.kind == "pp":
            first = t.items[0] if t.items else None
            if prep is None and first is not None and first.kind == "word":
                prep = _word(first)
                prep_alts = [a.lower() for a in (first.alternatives or (first.text,))]
                rest = t.items[1:]
                head = _head(rest)
                if head is not None and head in rest:
                    prep_obj = _ref(head)
                    add(rest, skip=head)
                else:
                    add(rest)
                for m in rest:
                    if m.kind == "source":
                        spec["source"] = "prep"
                    elif m.kind == "target":
                        spec["target"] = "prep"
                    elif m.kind == "compound":
                        spec["symmetric"] = True
            else:
                add(t.items)
                for m in t.items[1:]:
                    if m.kind in ("source", "target") and first is not None and first.kind == "word":
                        spec[m.kind] = f"prep:{_word(first)}"
        elif t.kind in ("source", "target"):
            spec[t.kind] = _marker_slot(after[:i], groups)
        elif t.kind == "compound":
            spec["symmetric"] = True

    if spec.get("source") == spec.get("target") and "source" in spec:
        report.dropped["pattern with source and target in one slot"] += 1
        return []
    if prep is not None:
        spec["prep"] = prep_alts or [prep]
    if particle is not None:
        spec["particle"] = [particle]
    # a set in a head slot: its one-word members as the slot's words, and each multi-word member
    # ("TOTAL BOYCOTT") as its head word plus the rest as clause words, so it does not match
    # every "boycott"
    slots = [("object", obj), ("prep_object", [prep_obj] if prep is not None and prep_obj else None)]
    slot_variants: list[list[tuple[str, list[str], tuple[str, ...]]]] = []
    for key, value in slots:
        if value is None:
            continue
        multi = [m for m in synsets.get(value[0][1:], [])] if len(value) == 1 and value[0].startswith("&") else []
        n_multi = sum(" " in m for m in multi)
        if n_multi > _MAX_PHRASE_MEMBERS:
            report.dropped["multi-word set members matched on their head word (large sets)"] += 1
        if 0 < n_multi <= _MAX_PHRASE_MEMBERS:
            members = synsets[value[0][1:]]
            singles = [m for m in members if " " not in m]
            opts = [(key, singles, ())] if singles else []
            opts += [(key, [m.split()[-1]], tuple(m.split()[:-1])) for m in members if " " in m]
            slot_variants.append(opts)
        else:
            slot_variants.append([(key, value, ())])
    n = 1
    for g in groups + pre + slot_variants:
        n *= len(g)
    if n > _MAX_EXPANSION:
        report.dropped[f"pattern whose word sets expand to more than {_MAX_EXPANSION} patterns"] += 1
        return []
    variants = [spec]
    if prep in PARTICLES and prep_obj is None and particle is None and len(prep_alts) <= 1:
        # "- * (DOWN) [190]": the parser may make "down" a particle ("burned down the embassy")
        variants.append({k: v for k, v in spec.items() if k != "prep"} | {"particle": [prep], "id": spec["id"] + "p"})
    out = []
    for base in variants:
        for k, (combo, slot_combo) in enumerate(itertools.product(itertools.product(*groups, *pre), itertools.product(*slot_variants))):
            s = dict(base)
            extra: list[str] = []
            for key, value, more in slot_combo:
                s[key] = value
                extra.extend(more)
            items = _items(combo[: len(groups)])
            words = list({repr(w): w for w in [*items, *extra]}.values())
            if words:
                s["words"] = words
            if pre:
                s["before"] = _items(combo[len(groups):])
            if n > 1:
                s["id"] = f"{base['id']}.{k + 1}"
            out.append(s)
    return out


def _items(parts) -> list:
    """Pattern-model ``words`` items: a word as itself, a phrase as a one-alternative list."""
    out = [part[0] if len(part) == 1 else [" ".join(part)] for part in parts if part]
    return list({repr(w): w for w in out}.values())


def _word_groups(items, synsets: dict[str, list[str]], skip: Term | None = None) -> list[list[tuple[str, ...]]]:
    """The clause words of ``items``: one group of alternatives per word or set, where words
    joined by ``_`` become one phrase that must occur as adjacent words ("MOST_CERTAINLY").

    ``skip`` is the noun phrase's head (matched as the object; a word joined to it keeps it in
    the phrase).
    """
    out: list[list[tuple[str, ...]]] = []
    carry: list[tuple[str, ...]] | None = None
    for i, x in enumerate(items):
        if x.kind == "word":
            alts = [(a.lower(),) for a in (x.alternatives or (x.text,))]
        elif x.kind == "synset":
            alts = [tuple(m.split()) for m in synsets.get(x.text) or []] or [()]
        else:
            if carry is not None:
                out.append(carry)
                carry = None
            if x.kind in ("pp", "np"):
                out.extend(_word_groups(x.items, synsets))
            continue
        if carry is not None:
            alts = [a + b for a in carry for b in alts]
            carry = None
        nxt = items[i + 1] if i + 1 < len(items) else None
        joined = x.joined and nxt is not None and nxt.kind in ("word", "synset")
        if joined:
            carry = alts
        elif x is not skip or len(alts[0]) > 1:  # the head alone is the object, not a clause word
            out.append(alts)
    if carry is not None:
        out.append(carry)
    return out


def _run(terms: tuple[Term, ...], i: int) -> tuple[Term, ...]:
    """The words and sets from ``terms[i]`` up to the next phrase, marker or verb."""
    j = i
    while j < len(terms) and terms[j].kind in ("word", "synset"):
        j += 1
    return terms[i:j] if j > i else terms[i:i + 1]


def _bare_preps(terms: tuple[Term, ...], synsets: dict[str, list[str]], verb_joined: bool = False) -> tuple[Term, ...]:
    """Older (PETRARCH-1) patterns write a prepositional phrase without brackets:
    ``* WITH %``, ``* &PREPOSIT1 RESOLUTION``, ``* FOR &ECONSANCT``. The first preposition (or set
    of prepositions) followed by a word, set or noun phrase becomes ``( )``, as newer files write
    it. "to" is left alone: ``* TO RECONSIDER`` is an infinitive, not a phrase."""
    if any(t.kind == "pp" for t in terms):
        return terms
    for i, t in enumerate(terms[:-1]):
        nxt = terms[i + 1]
        if nxt.kind not in ("word", "synset", "np", "compound", "source", "target"):
            continue
        if (i > 0 and terms[i - 1].joined) or (i == 0 and verb_joined):
            continue  # "MEMOS_ON_&TIETYPES": adjacent words, not a phrase slot
        if t.kind == "word" and not t.alternatives and _word(t) in _PREPOSITIONS and _word(t) != "to":
            prep = t
        elif t.kind == "synset" and synsets.get(t.text) and all(
            m in _PREPOSITIONS for m in (x.lower() for x in synsets[t.text])
        ):
            members = [x.upper() for x in synsets[t.text]]
            prep = Term("word", members[0], alternatives=tuple(members))
        else:
            continue
        return (*terms[:i], Term("pp", items=(prep, nxt)), *terms[i + 2 :])
    return terms


def _marker_slot(before: tuple[Term, ...], groups: list[list[tuple[str, ...]]]) -> str:
    """Where a ``$``/``+`` after the verb points: the object of the preposition just before it
    (``* THEIR ^ ABOUT +``, ``* (AT) ^ +``; skipped noun phrases ``^`` in between are passed
    over), else the direct object."""
    for t in reversed(before):
        if t.kind == "skip":
            continue
        if t.kind == "word" and _word(t) in _PREPOSITIONS:
            if [(_word(t),)] in groups:  # matched as the slot's preposition, not as a clause word
                groups.remove([(_word(t),)])
            return f"prep:{_word(t)}"
        if t.kind == "pp" and len(t.items) == 1 and t.items[0].kind == "word":
            return f"prep:{_word(t.items[0])}"
        break
    return "object"


def _verb_extras(verb: VerbForm) -> tuple[dict, list[str]]:
    """What a multi-word verb adds to each of its patterns: particle or prep, and words."""
    extra: dict = {}
    # "WIRE_+TAP": the words before the verb's head stand right before it, whatever the parse
    words: list = [[" ".join([*(w.lower() for w in verb.before), "*"])]] if verb.before else []
    for w in (x.lower() for x in verb.particles):
        if w in PARTICLES and "particle" not in extra:
            extra["particle"] = [w]
        elif w in _PREPOSITIONS and "prep" not in extra:
            extra["prep"] = [w]
        else:
            words.append(w)
    return extra, words


def _block_entries(verbs: list[VerbForm], block_code: Code, specs: list[dict], stem: str, report) -> list[dict]:
    """Entries for a block's verbs: verbs that add nothing of their own share one entry.

    A block's patterns hold for all its verbs, so one entry indexed under every verb's forms
    carries them once instead of once per verb (CAMEO.2.0: 4,600 patterns, not 50,000).
    """
    groups: dict[tuple, list[VerbForm]] = {}
    for verb in verbs:
        extra, words = _verb_extras(verb)
        key = (str(verb.code) if verb.code else None, repr(sorted(extra.items())), repr(words))
        groups.setdefault(key, []).append(verb)
    out = []
    for group in groups.values():
        entry = _verb_entry(group, block_code, specs, stem, report)
        if entry is not None:
            out.append(entry)
    return out


def _verb_entry(group: list[VerbForm], block_code: Code, specs: list[dict], stem: str, report) -> dict | None:
    first = group[0]
    lemma = first.lemma.lower()
    forms: set[str] = set()
    for verb in group:
        own = verb.lemma.lower()
        forms |= {own, *verb_forms(own)}
        for f in verb.forms:
            forms.add((f[verb.head] if len(f) == len(verb.words) else f[0]).lower())
    extra, words = _verb_extras(first)
    patterns = []
    for spec in specs:
        s = dict(spec, id=f"{spec['id']}:{lemma}:{first.line}")
        more = list(words)
        for k, v in extra.items():
            if k not in s:
                s[k] = v
            elif k != "particle":
                more.extend(v)
        if more:
            s["words"] = list({repr(w): w for w in [*s.get("words", []), *more]}.values())
        patterns.append(s)
    code = first.code or block_code
    default = _code_fields(code, report, "verb default")
    if default is not None:
        d = {"id": f"{stem}:{first.line}:{lemma}", **default, **extra}
        if words:
            d["words"] = list({repr(w): w for w in words}.values())
        patterns.append(d)
    if not patterns:
        report.dropped["verb with no code and no usable pattern"] += len(group)
        return None
    report.verbs += len(group)
    report.patterns += len(patterns)
    return {"verb": lemma, "forms": sorted(forms), "patterns": patterns}


_PREPOSITIONS = frozenset(
    "to for with against from into onto at by of about toward towards upon under between among in on near"
    " over after before during within without across through behind beyond inside outside amid".split()
)


def to_pattern_set(dicts: list[VerbDictionary], report: ConversionReport | None = None) -> PatternSet:
    report = report if report is not None else ConversionReport()
    doc = verb_document(dicts, report)
    name = "+".join(str(d.path) for d in dicts) or "<no verbs>"
    return PatternSet.from_dicts([(name, doc)])


# --- actors and agents ----------------------------------------------------------------------


def _roles(codes: tuple[DatedCode, ...]) -> tuple[Role, ...]:
    """Dated codes first: where one holds it beats the undated default (ties keep this order)."""
    dated = [c for c in codes if c.start or c.end]
    undated = [c for c in codes if not (c.start or c.end)][:1]
    return tuple(Role(c.code, c.start, c.end) for c in (*dated, *undated))


def actor_entries(
    dicts: list[ActorDictionary], report: ConversionReport, taken: set[str] | None = None
) -> list[ActorEntry]:
    """One ActorEntry per record; a name already used (earlier file or ``taken``) is dropped."""
    seen: set[str] = set(taken or ())
    ids: set[str] = set()
    out: list[ActorEntry] = []
    for d in dicts:
        for rec in d.actors:
            names = []
            for n in rec.names:
                text = n.text
                key = exact_key(text)
                if not key or key in seen:
                    report.dropped["actor name already defined (first one kept)"] += 1
                    continue
                seen.add(key)
                names.append(text)
            if not names:
                continue
            roles = _roles(rec.codes)
            kind = _kind(roles)
            code = roles[-1].code  # the undated default when there is one
            entry_id = code if kind == "country" and code not in ids else f"{code}@{d.path.name}:{rec.line}"
            ids.add(entry_id)
            out.append(ActorEntry(entry_id, tuple(names), kind, roles, source=f"{d.path}:{rec.line}"))
            report.actors += 1
            report.names += len(names)
    return out


def _kind(roles: tuple[Role, ...]) -> str:
    """The actor kind dyad's lookup needs (it decides how titles and agent nouns combine).

    country: only three-letter codes; compound (territorial, takes agent nouns): some
    three-letter code (Iraq, with its dated occupation code); igo: IGO/NGO/MNC codes; person:
    dated roles; group otherwise. People, groups and IGOs can follow a title ("President X").
    """
    codes = [r.code for r in roles]
    if all(len(c) == 3 and c.isalpha() for c in codes):
        return "country"
    if any(len(c) == 3 and c.isalpha() for c in codes):
        return "compound"
    if codes[0][:3] in ("IGO", "NGO", "MNC"):
        return "igo"
    if any(r.start or r.end for r in roles):
        return "person"
    return "group"


def sector_nouns(dicts: list[AgentDictionary], report: ConversionReport, prefix: bool = False) -> dict[str, str]:
    """Agent noun (and its plurals) -> role code; the first file's meaning of a noun wins.

    ``prefix``: the agents written ``[XXX~]`` instead (their code goes before the actor's).
    """
    out: dict[str, str] = {}
    for d in dicts:
        for a in d.agents:
            if a.prefix != prefix:
                continue
            names = [n.text for n in (*a.names, *(a.plurals or ()))]
            if a.plurals is None:  # no { }: the regular plural of the last word
                names += [_plural(n.text) for n in a.names]
            for text in names:
                key = exact_key(text)
                if key and key not in out:
                    out[key] = a.code
    if not prefix:
        report.sectors = len(out)
    return out


def stem_names(dicts: list[ActorDictionary]) -> set[str]:
    """Names written without a trailing ``_``: TABARI matches their last word as a stem."""
    return {n.text for d in dicts for rec in d.actors for n in rec.names if not n.exact}


def _plural(text: str) -> str:
    head, _, last = text.rpartition(" ")
    low = last.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif low.endswith("man"):
        last = last[:-3] + "men"
    else:
        last += "s"
    return f"{head} {last}".strip()


def to_actor_base(
    actors: list[ActorDictionary],
    agents: list[AgentDictionary],
    report: ConversionReport | None = None,
    with_builtin: bool = False,
) -> ActorBase:
    """An ActorBase of the foreign entries; with ``with_builtin``, layered under dyad's own.

    dyad's own names and sector nouns win on conflict: a foreign name dyad already knows is
    dropped, so the two layers never disagree about what a name means.
    """
    report = report if report is not None else ConversionReport()
    sectors = sector_nouns(agents, report)
    prefixes = sector_nouns(agents, report, prefix=True)
    stems = stem_names(actors)
    if not with_builtin:
        rules = MatchRules.tabari(stems, prefixes)
        return ActorBase.from_entries(actor_entries(actors, report), sectors=sectors, rules=rules)
    builtin = ActorBase.default()
    taken = {exact_key(text) for text, _ in builtin.surface_forms()}
    entries = actor_entries(actors, report, taken)
    builtin_ids = {e.id for e in builtin.entries()}
    entries = [_rename(e) if e.id in builtin_ids else e for e in entries]
    merged = {**sectors, **builtin.sector_nouns()}
    rules = MatchRules(stems=frozenset(stems), prefixes={k: v for k, v in prefixes.items() if k not in merged})
    return ActorBase.from_entries(entries, sectors=merged, include_defaults=True, rules=rules)


def _rename(e: ActorEntry) -> ActorEntry:
    return ActorEntry(f"{e.id}@{e.source}", e.names, e.kind, e.codes, e.source, e.note)


def on(day: str | date | None) -> date | None:
    """A record's ``YYYYMMDD`` as a date (None when absent or unreadable)."""
    if isinstance(day, date) or day is None:
        return day
    try:
        return date(int(day[:4]), int(day[4:6]), int(day[6:8]))
    except (ValueError, IndexError):
        return None
