"""Actor resolution from the dependency parse: which CAMEO actor(s) a noun phrase names.

The actor base decides what a *phrase* means; this module decides which phrase to ask about:
the noun's own modifiers ("Syrian Interim President Ahmad al-Sharaa", "Israeli forces"), its
possessor ("Iraq's national security advisor"), an of-phrase ("leaders of Egypt's Muslim
Brotherhood"), an apposition ("The US commander in Iraq, General David Petraeus"), coordination
("China and Russia" -> two actors), places (Aleppo -> SYR) and, for pronouns and "the
delegation"-style references, the actors named earlier in the document (``Memory``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from spacy.tokens import Token

from dyad.coder.codes import CodeRules
from dyad.coder.frames import Frames

if TYPE_CHECKING:
    from dyad.coder.match import FrameReader

NO_COUNTRY = "---"  # CAMEO's country part of an actor code whose country is unknown ("---GOV")

_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "case", "npadvmod"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # entity labels of places (also victims.py)
_ACTOR_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC"})


class KnowledgeBase(Protocol):
    """What the coder needs from an actor base (``dyad.actors.ActorBase`` provides it)."""

    def lookup(self, text: str, date: date | None = None) -> Any: ...
    def country_of(self, text: str, date: date | None = None) -> str | None: ...
    def sector_of(self, text: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor mention: its code and where it is in the sentence (token indices)."""

    code: str
    text: str
    start: int  # doc token index of the first token of the mention
    end: int  # exclusive
    person: bool = False
    via: str = "name"  # how it was found: name, composition, place, pronoun, apposition, of

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def has_country(self) -> bool:
        """False for a bare sector ("---CVL": civilians of no named country)."""
        return not self.code.startswith(NO_COUNTRY)


@dataclass(slots=True)
class Memory:
    """Actors named so far in the document, for pronouns and "the delegation" references."""

    # sectors whose actors "he" and "she" may refer to beside persons (codes.yaml: personal)
    personal: frozenset[str] = frozenset()
    mentions: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)
    heads: dict[str, tuple[int, tuple[Actor, ...]]] = field(default_factory=dict)  # "delegation" -> ...

    def add_head(self, word: str, position: int, actors: tuple[Actor, ...]) -> None:
        if actors and all(a.via != "pronoun" for a in actors):
            self.heads[word] = (position, actors)

    def add(self, position: int, actors: tuple[Actor, ...]) -> None:
        if actors and all(a.via != "pronoun" for a in actors):
            self.mentions.append((position, actors))

    def with_sector(self, position: int, sector: str) -> Actor | None:
        """The latest actor before ``position`` with this sector and a known country."""
        if not sector:
            return None
        for pos, actors in reversed(self.mentions):
            if pos < position:
                for a in actors:
                    if a.code[3:] == sector and a.has_country:
                        return a
        return None

    def before(self, position: int, want: str, exclude: frozenset[int] = frozenset()) -> tuple[Actor, ...]:
        for pos, actors in reversed(self.mentions):
            if pos >= position or pos in exclude:
                continue
            if want == "person" and not any(a.person or a.code[3:6] in self.personal for a in actors):
                continue
            if want == "thing" and len(actors) > 1:
                continue
            if want == "state" and any(a.person for a in actors):
                continue
            return actors
        return ()


class ActorResolver:
    """Resolves noun tokens of a parsed sentence to actors, against a knowledge base."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Any | None, frames: Frames, codes: CodeRules,
                 reader: "FrameReader", *, split_codes: bool = True, agent_modifiers: bool = False) -> None:
        self.kb = kb
        self.gazetteer = gazetteer
        self.words = frames
        self.pronouns = frames.pronouns()  # looked up for every noun: built once
        self.exclusions = tuple(p + "-" for p in frames.exclusion_prefix)
        self.roles = codes.sectors["roles"]
        self.organisations = codes.sectors["organisations"]
        self.reader = reader  # for the subjects an object pronoun cannot refer to
        # PETRARCH-1 / TABARI: an agent noun anywhere in a phrase that names no actor gives the
        # phrase its sector ("the primary official news agency" -> ---GOV); dyad: only the head
        self.agent_modifiers = agent_modifiers
        # TABARI / PETRARCH-1: an entry with several codes ("[FRO/BIL/SAM]") is one actor per
        # code; UD-PETRARCH keeps the slashed code as one actor (its suite expects that)
        self.split_codes = split_codes

    # -- public ---------------------------------------------------------------------------------

    def resolve(self, tok: Token, day: date | None, memory: Memory | None = None) -> tuple[Actor, ...]:
        """All actors a noun phrase names: the head and each coordinated conjunct."""
        heads = [tok]
        ent = _entity_of(tok) if tok.ent_type_ else None
        members = list(ent) if ent is not None else [tok]
        for m in members:  # "Barack Obama and Vladimir Putin" parsed with Obama as the conjunct's head
            for c in m.conjuncts:
                if c.i > tok.i and c not in heads and not (ent is not None and ent.start <= c.i < ent.end):
                    heads.append(c)
            for c in m.children:  # "The US, Russia, and Switzerland": a list parsed as an apposition
                if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children):
                    heads.append(c)
                    heads.extend(g for g in c.conjuncts if g.i > c.i and g not in heads)
                elif c.dep_ == "appos" and c not in heads and any(
                        (g.dep_ == "conj" and g.i > c.i) or (g.dep_ == "cc" and g.i < c.i) for g in m.children) \
                        and not self._continues_named_phrase(c, m, day, memory):
                    # "Norway, the small Denmark, and Sweden", "France and the new Germany": an
                    # "apposition" inside a coordination is a member of the list
                    heads.append(c)
        heads.sort(key=lambda t: (t is not tok, t.i))
        spread = self._distributed(heads, day, memory)
        if spread:
            return tuple(_each_code(spread) if self.split_codes else spread)
        out: list[Actor] = []
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "nmod") and any(g.dep_ == "conj" for g in c.children):
                first = self.resolve_one(tok, day, memory)
                if first:
                    sector = first[0].code[3:]
                    for g in (c, *c.conjuncts):
                        code = self.kb.country_of(g.text, day)
                        if code and all(a.country != code for a in out):
                            out.append(Actor(code + sector, g.text + " " + tok.text, g.i, tok.i + 1, False, "composition"))
        lead: Actor | None = None
        for h in heads:
            got = self.resolve_one(h, day, memory)
            if lead is None and got and got[0].has_country:
                lead = got[0]
            elif lead is not None and h is not tok and len(got) == 1 and not got[0].has_country \
                    and not any(c.dep_ in ("det", "amod", "compound", "poss") for c in h.lefts):
                # "Danish media and government": the bare conjunct shares the first one's country
                got = (self._share(lead, got[0], tok),)
            for a in got:
                if all(a.code != b.code for b in out):
                    out.append(a)
        # one noun phrase, two readings ("Somali militant group al-Shabab"): keep the fuller code
        out = [a for a in out if not any(b is not a and b.code.startswith(a.code) and
                                         b.code != a.code for b in out)]
        return tuple(_each_code(out) if self.split_codes else out)

    def _continues_named_phrase(self, c: Token, m: Token, day: date | None, memory: Memory | None) -> bool:
        """"A and the evil B awful C": with no comma, C ends the noun phrase whose first
        actor, B, the parser hung on a conjunct; TABARI takes the phrase's first actor only."""
        start = c.left_edge.i
        if start == 0:
            return False
        prev = c.doc[start - 1]
        for g in m.children:
            if g.dep_ == "conj" and g.i < c.i and g.left_edge.i <= prev.i <= g.right_edge.i and not prev.is_punct:
                return bool(self.resolve_one(g, day, memory))
        return False

    def _distributed(self, heads: list[Token], day: date | None, memory: Memory | None) -> list[Actor]:
        """"Lawmakers and officials in A and B", "the ambassadors of A, B and C": agent nouns
        whose of / in / from phrase names several actors are each of them's (A's lawmakers, B's
        lawmakers, ...), as TABARI distributes a compound. A country the parser hung on the agent
        noun rather than on the phrase ("in A and B" with B a conjunct of "lawmakers") is one
        of the phrase's members. Empty where the phrase names fewer than two actors."""
        kb = self.kb
        agents = [h for h in heads if kb.sector_of(h.lower_) or kb.sector_of(h.text)]
        if not agents:
            return []
        place: Token | None = None
        for h in agents:
            for c in h.rights:
                if c.dep_ == "prep" and c.lower_ in self.words.member_preps:
                    place = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if place is not None:
                        break
            if place is not None:
                break
        if place is None:
            return []
        members = [place, *(g for g in place.conjuncts if g.i > place.i)]
        members += [h for h in heads if h not in agents and h.i > place.i and h not in members]
        if len(members) < 2 or any(h.i > place.i for h in agents):
            return []
        countries: list[Actor] = []
        for g in sorted(members, key=lambda t: t.i):
            a = self._phrase(g, day, memory)
            if a is None or not a.has_country:
                continue
            countries.append(a)
        if len(countries) < 2:
            return []
        out: list[Actor] = []
        for h in agents:
            sector = kb.sector_of(h.lower_) or kb.sector_of(h.text) or ""
            for a in countries:
                code = a.code if a.code.endswith(sector) else a.code + sector
                if all(b.code != code for b in out):
                    out.append(Actor(code, f"{h.text} {a.text}", a.start, a.end, False, "composition"))
        return out

    def _share(self, lead: Actor, bare: Actor, lead_tok: Token) -> Actor:
        sector = bare.code[3:]
        own = self.kb.sector_of(lead_tok.lower_) or ""
        stem = lead.code[: len(lead.code) - len(own)] if own and lead.code.endswith(own) else lead.code[:3]
        return Actor(stem + sector, bare.text, bare.start, bare.end, bare.person, "composition")

    def resolve_one(self, h: Token, day: date | None, memory: Memory | None) -> tuple[Actor, ...]:
        low = h.lower_
        w = self.words
        if low in self.pronouns and not (h.text.isupper() and len(h.text) > 1):
            return self._pronoun(h, memory)
        if low in w.anaphors and memory is not None and self._is_definite_bare(h) and self._of_object(h) is None:
            # (not "the Organization of American States", "the government of Syria": named there)
            want = "person" if low in w.person_anaphors else "state"
            same = memory.heads.get(low)  # "a Russian delegation ... the delegation"
            found = same[1] if same is not None and same[0] < h.i else memory.before(h.i, want, self._clause_subjects(h))
            if found:
                return tuple(_as(a, h, "pronoun") for a in found)
        if self._excluded(h):
            return ()
        actor = self._phrase(h, day, memory)
        if actor is not None and not actor.has_country and memory is not None \
                and any(c.dep_ == "det" and c.lower_ in w.definite_determiners for c in h.lefts):
            # "the interim government" after "al-Sharaa's government": the same country's
            earlier = memory.with_sector(h.i, actor.code[3:])
            if earlier is not None:
                return (Actor(earlier.code, actor.text, actor.start, actor.end, False, "pronoun"),)
        if actor is not None:
            return (actor,)
        return ()

    # -- internals ------------------------------------------------------------------------------

    def _pronoun(self, h: Token, memory: Memory | None) -> tuple[Actor, ...]:
        low = h.lower_
        w = self.words
        if low in w.relative_pronouns or memory is None:
            return ()  # a relative pronoun is resolved by the caller, through the clause it heads
        exclude = frozenset() if low in w.reflexive_pronouns else self._clause_subjects(h)
        if low in w.person_pronouns or low in w.self_pronouns:
            found = memory.before(h.i, "person", exclude)
        elif low in w.thing_pronouns:
            found = memory.before(h.i, "thing", exclude)
        else:
            found = memory.before(h.i, "any", exclude)
        return tuple(_as(a, h, "pronoun") for a in found)

    def _is_definite_bare(self, h: Token) -> bool:
        dets = [c for c in h.lefts if c.dep_ == "det"]
        mods = [c for c in h.lefts if c.dep_ in ("amod", "compound", "poss")]
        return bool(dets) and dets[0].lower_ in self.words.definite_determiners and not mods

    def _phrase(self, h: Token, day: date | None, memory: Memory | None = None) -> Actor | None:
        kb = self.kb
        lex = self.words
        join = self._text
        left = _left_tokens(h)
        start = left[0].i if left else h.i
        words = [t for t in left if t.lower_ not in lex.phrase_skip_words] + [h]
        ent = _entity_of(h) if h.ent_type_ else None
        candidates: list[tuple[int, str]] = []
        # 1. the whole phrase (with an of-phrase: "the foreign minister of Syria")
        of = self._of_object(h)
        base_text = join(words)
        if of is not None:
            candidates.append((start, f"{base_text} of {join(_left_tokens(of) + [of])}"))
        for k in range(len(words)):
            candidates.append((words[k].i, join(words[k:])))
        if ent is not None and ent.label_ in _ACTOR_LABELS:
            candidates.insert(1, (ent.start, ent.text))
        weak: Actor | None = None  # a sector-only match ("officials" -> GOV) waiting for a country
        for pos, text in candidates:
            m = kb.lookup(text, day)
            if m is None or not m.code:
                continue
            person = getattr(m, "kind", "") == "person" or h.ent_type_ == "PERSON"
            if getattr(m, "kind", "") == "sector" or len(m.code) == 3 and m.code.isalpha() and m.code in self.roles:
                if weak is None:
                    weak = Actor(m.code, text, pos, h.i + 1, person, "sector")
                continue
            return Actor(m.code, text, pos, h.i + 1, person, "name")
        # 1b. an unknown person with a known title: "Israeli Prime Minister Ehud Barak" -> ISRGOV
        name_start = ent.start if ent is not None and ent.label_ == "PERSON" else None
        if name_start is None and len(words) > 1:
            # "President George W. Bush": a run of capitalised names after a title is a person,
            # even where the place ruler calls "Bush" a town
            i = len(words) - 1
            while i > 0 and words[i - 1].text[:1].isupper() and words[i - 1].lower_ not in lex.titles \
                    and not kb.country_of(words[i - 1].text, day):
                i -= 1
            if 0 < i < len(words) - 1 or (0 < i and words[i - 1].lower_ in lex.titles):
                if words[i - 1].lower_ in lex.titles:
                    name_start = words[i].i
        if name_start is not None and name_start > start:
            title = [t for t in words if t.i < name_start]
            if title:
                m = kb.lookup(join(title), day)
                if m is not None and m.code and getattr(m, "kind", "") != "sector":
                    return Actor(m.code, join(words), start, h.i + 1, True, "title")
                if m is not None and m.code and weak is None:
                    weak = Actor(m.code, join(words), start, h.i + 1, True, "sector")
        # 2. composition: a country from a possessor / adjective / compound / of-phrase + sector
        sector = weak.code if weak is not None else kb.sector_of(h.lower_) or kb.sector_of(h.text)
        country = self._country_in(h, day, memory)
        if country is None and of is not None:
            sub = self._phrase(of, day)
            if sub is not None:
                if sector and len(sub.code) == 3:
                    country = sub.code
                else:
                    return Actor(sub.code, join(words) + " of " + sub.text, start, sub.end, sub.person, "of")
        if country is None and sector:
            country = self._country_after(h, day)  # "a court in Guyana", "dissidents from Egypt"
        if country is None and sector:
            country = self._country_before(h, day)  # "a Russian military and political delegation"
        if country is not None:
            code = country if not sector or country.endswith(sector) else country + sector
            if len(code) == 3:  # "his Russian counterpart Vladimir Putin": the name says more
                for c in h.rights:
                    if c.dep_ == "appos":
                        sub = self._phrase(c, day, memory)
                        if sub is not None and sub.country == code:
                            return Actor(sub.code, sub.text, sub.start, sub.end, sub.person, "apposition")
            via = "place" if not sector and self.named_after_place(h) else "composition"
            return Actor(code, join(words), start, h.i + 1, False, via)
        # 3. a place the gazetteer knows (not a person's name after a title: "President Bush")
        if ent is not None and ent.label_ in PLACE_LABELS and not self._after_title(ent) and name_start is None:
            c = self._place_country(ent.text)
            if c:
                return Actor(c, ent.text, ent.start, ent.end, False, "place")
        # 4. an apposition ("the US commander in Iraq, General David Petraeus")
        for c in h.rights:
            if c.dep_ == "appos":
                sub = self._phrase(c, day)
                if sub is not None:
                    return Actor(sub.code, sub.text, sub.start, sub.end, sub.person, "apposition")
        if weak is not None:
            return Actor(NO_COUNTRY + weak.code, weak.text, weak.start, weak.end, weak.person, "sector")
        if self.agent_modifiers:
            for t in left:
                code = kb.sector_of(t.lower_) if t.dep_ in ("amod", "compound") else None
                if code:
                    return Actor(NO_COUNTRY + code, join(words), start, h.i + 1, False, "sector")
        return None

    def _country_after(self, h: Token, day: date | None) -> str | None:
        for c in h.rights:
            if c.dep_ == "prep" and c.lower_ in self.words.country_preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        sub = self._phrase(g, day)
                        if sub is not None and len(sub.code) == 3:
                            return sub.code
        return None

    def named_after_place(self, h: Token) -> bool:
        """The noun's only country comes from a town or region before it ("the Kharkiv strike",
        "the Ghazni attacks"): it says where, not who; a country or its adjective says who."""
        if self.gazetteer is None:
            return False
        for c in h.lefts:
            if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in PLACE_LABELS:
                ent = _entity_of(c)
                place = self.gazetteer.resolve(ent.text) if ent is not None else None
                if place is None or str(place.id).startswith("country:"):
                    return False
                return True
        return False

    def _country_before(self, h: Token, day: date | None) -> str | None:
        """A country adjective among the words right before a sector noun, read off the surface
        where the parse lost it: in "a high-level Russian military and political delegation" the
        small model makes "military" an object and "Russian" its modifier, not the delegation's."""
        doc = h.doc
        for j in range(h.i - 1, max(h.sent.start, h.i - _PREMODIFIERS) - 1, -1):
            t = doc[j]
            if t.lower_ in self.words.phrase_boundaries or t.dep_ in _NP_STOP or (t.dep_ == "punct" and t.text not in ("-", ",")):
                return None  # the phrase ends at a determiner, a preposition or a verb
            if t.ent_type_ in ("NORP", "GPE"):
                return self.kb.country_of(t.text, day)
        return None

    def _country_in(self, h: Token, day: date | None, memory: Memory | None = None) -> str | None:
        """A country named among the noun's left modifiers (possessor first)."""
        for c in h.lefts:
            if c.dep_ == "poss":
                if c.lower_ in self.pronouns:
                    got = self._pronoun(c, memory)
                    if got:
                        return got[0].code
                    continue
                sub = self._phrase(c, day, memory)
                if sub is not None:
                    return sub.code
        for c in h.lefts:
            if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.lower_ not in self.words.phrase_skip_words:
                text = self._text(_left_tokens(c) + [c])
                code = self.kb.country_of(text, day) or self.kb.country_of(c.text, day)
                if code:
                    return code
                if c.lower_ in self.words.associations:
                    continue  # "Al Qaeda-linked group", "Iran-backed militia": not the group itself
                for piece in (text, *(t.text for t in _left_tokens(c) if t.dep_ != "punct")):
                    m = self.kb.lookup(piece, day)  # "Kurdish-held", "UN-backed"
                    if m is not None and m.code and getattr(m, "kind", "") not in ("sector", "person") \
                            and (m.code[:3] not in self.roles or m.code[:3] in self.organisations):
                        return m.code
                ent = _entity_of(c) if c.ent_type_ else None
                if ent is not None and ent.label_ in PLACE_LABELS:
                    code = self._place_country(ent.text)
                    if code:
                        return code
        return None

    def _place_country(self, name: str) -> str | None:
        code = self.kb.country_of(name)
        if code:
            return code
        if self.gazetteer is None:
            return None
        try:
            loc = self.gazetteer.locate(name)
        except Exception:  # noqa: BLE001 - a gazetteer failure must not stop coding
            return None
        return getattr(loc, "country", None) if loc is not None else None

    def place(self, name: str) -> Any:
        if self.gazetteer is None:
            return None
        try:
            return self.gazetteer.locate(name)
        except Exception:  # noqa: BLE001
            return None

    def _after_title(self, ent) -> bool:
        doc = ent.doc
        return ent.start > 0 and doc[ent.start - 1].lower_ in self.words.titles

    def _clause_subjects(self, h: Token) -> frozenset[int]:
        """An object pronoun ("targeted the country", "fired at it") is not its own clause's subject."""
        if h.dep_ in ("nsubj", "nsubjpass", "poss"):
            return frozenset()
        v = h.head
        if v.dep_ in ("prep", "agent", "dative"):
            v = v.head
        out = {c.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass")}
        if not out:  # "Putin is slated to meet him": the controller is the clause's subject
            out = {t.i for t in self.reader.inherited_subjects(v)}
        for c in list(v.children):
            if c.dep_ in ("nsubj", "nsubjpass"):
                out.update(x.i for x in c.conjuncts)
        return frozenset(out)

    def _excluded(self, h: Token) -> bool:
        """'non-Muslims', 'non-Syrian fighters': the phrase names everyone *but* the actor."""
        doc = h.doc
        prefixes = self.words.exclusion_prefix
        for t in (*_left_tokens(h), h):
            if t.lower_.startswith(self.exclusions) or (
                t.i >= 2 and doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ in prefixes
            ):
                return True
        return False

    def _of_object(self, h: Token) -> Token | None:
        for c in h.rights:
            if c.dep_ == "prep" and c.lower_ in self.words.genitive_preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None

    def _text(self, tokens: list[Token]) -> str:
        """The phrase as written, the possessive clitic kept on its word ("Iraq's")."""
        clitics = self.words.possessive_clitics
        out = ""
        for t in tokens:
            if t.text in clitics and out:
                out += t.text
            else:
                out += (" " if out else "") + t.text
        return out


_PREMODIFIERS = 6  # how far back _country_before looks
_NP_STOP = frozenset({"prep", "case", "ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj",
                      "parataxis", "nsubj", "nsubjpass", "aux", "auxpass", "neg", "nummod", "mark"})


def _each_code(actors: list[Actor]) -> list[Actor]:
    """An entry with several codes (TABARI's ``[FRO/BIL/SAM]``: a name that stands for several
    actors at once) is several actors: each takes part in the event on its own, as a conjunct."""
    out: list[Actor] = []
    for a in actors:
        parts = [c for c in a.code.split("/") if c] if "/" in a.code else [a.code]
        for c in parts:
            if all(b.code != c for b in out):
                out.append(Actor(c, a.text, a.start, a.end, a.person, a.via))
    return out


def _as(a: Actor, h: Token, via: str) -> Actor:
    return Actor(a.code, h.text, h.i, h.i + 1, a.person, via)


def _entity_of(tok: Token):
    """The entity span a token belongs to, found from its IOB tags (no scan over all entities)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return _span_with_label(doc, start, end, tok.ent_type_)


def _span_with_label(doc, start: int, end: int, label: str):
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)


def _left_tokens(h: Token) -> list[Token]:
    """The noun's pre-modifiers with their own subtrees, in order ("Iraq 's national security")."""
    out: list[Token] = []
    for c in h.lefts:
        if c.dep_ in _MODIFIER_DEPS:
            out.extend(t for t in c.subtree if t.dep_ not in ("punct", "cc", "det") or t.i == c.i)
    out.sort(key=lambda t: t.i)
    return out

