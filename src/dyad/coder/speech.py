"""Reported speech: who speaks, and the acts that are the speaking itself.

The ``speech`` stage decides, per coded event, whether a report of it is neutral (the reported
event stands), a party's accusation (112), a claim (015) or a denial (016). This module holds what
reported speech adds beyond the events it carries:

* the speaker of a reporting verb and whether the report is neutral ("state media reported",
  "officials said": news, not a party's claim);
* obligations: "The administration declared that China must drop barriers" is a demand (100)
  by the speaker on the party that must act, whatever the act;
* statements (``Conventions.statements``, ``dyad code --statements``): "Turkey said Syria had
  agreed to talks" is also Turkey's statement (010) about Syria, as GDELT codes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Span, Token

from dyad.coder.candidate import Candidate
from dyad.coder.codes import CodeRules
from dyad.coder.frames import Frames
from dyad.coder.match import FrameReader
from dyad.coder.modality import assess
from dyad.coder.patterns import singular
from dyad.coder.resolver import Actor
from dyad.coder.slots import SUBJECT_DEPS

Actors = Callable[[Token | None], tuple[Actor, ...]]


class Speech:
    """Reported speech for one coder: its reporting verbs, neutral speakers and codes."""

    def __init__(self, frames: Frames, codes: CodeRules, reader: FrameReader, cameo: bool = True) -> None:
        self.words = frames
        self.codes = codes
        self.reader = reader
        self.cameo = cameo
        self.media = codes.sectors["media"]

    def speaker(self, verb: Token, actors: Actors) -> tuple[tuple[Actor, ...], bool]:
        """The actors who speak through ``verb``, and whether the report is neutral (a reporter,
        an unresolved organisation, the media, or nobody named)."""
        toks = self.reader.frame(verb).subjects
        neutral_words = self.words.neutral_speakers
        found: list[Actor] = []
        neutral = not toks
        for t in toks:
            low = t.lower_
            got = actors(t)
            if low in neutral_words or singular(low) in neutral_words or (t.ent_type_ == "ORG" and not got) \
                    or any(m in a.code[3:] for a in got for m in self.media):
                neutral = True
            found.extend(got)
        return tuple(found), neutral or not found

    def _reporting_verbs(self, sent: Span, cands: list[Candidate]) -> Iterator[Token]:
        """The sentence's reporting verbs that no candidate is already made of (as its trigger, or
        as the verb that transformed it: "said it would not", "said ... must")."""
        used = {c.trigger.i for c in cands} | {c.embedder for c in cands if c.embedder is not None}
        return (tok for tok in sent if tok.lower_ in self.words.reporting and tok.i not in used)

    def obligations(self, sent: Span, cands: list[Candidate], actors: Actors) -> list[Candidate]:
        """"The administration declared that China must drop barriers": a demand (100) by the
        speaker on the party that must act, whatever the act (an act with a pattern of its own is
        already coded as the demand: ``Modality.must_in_report``)."""
        out: list[Candidate] = []
        strict = self.words.strict_obligation_aux
        for tok in self._reporting_verbs(sent, cands):
            for comp in (c for c in tok.children if c.dep_ == "ccomp"):
                if not any(g.dep_ == "aux" and g.lower_ in strict for g in comp.children):
                    continue
                speakers, _ = self.speaker(tok, actors)
                bound = tuple(a for g in comp.children if g.dep_ in SUBJECT_DEPS for a in actors(g))
                if not speakers or not bound or same_side(speakers, bound):
                    continue
                mod = assess(tok, self.words, self.reader, cameo=self.cameo)
                out.extend(Candidate(self.codes.code("demand"), sp, b, tok, "reported.must", mod.status, mod.cues,
                                     stages=("reports",))
                           for sp in speakers for b in bound)
        return out

    def statements(self, sent: Span, cands: list[Candidate], actors: Actors) -> list[Candidate]:
        """"Turkey said Syria had agreed to talks": Turkey's statement (010) beside what it
        reported, aimed at the other party the report is about. Not where the statement is already
        an act of its own (an accusation, a claim, a denial, an intention, ...), nor where the
        speaker reports its own act ("Hamas said it fired rockets")."""
        out: list[Candidate] = []
        for tok in self._reporting_verbs(sent, cands):
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is None:
                continue
            speakers, neutral = self.speaker(tok, actors)
            if neutral or not speakers:
                continue
            own = {a.country for a in speakers}
            inside = {t.i for t in comp.subtree}
            reported = [c for c in cands if c.trigger.i in inside]
            if any(c.source.country in own for c in reported):
                continue
            target = next((a for c in reported for a in (c.source, c.target) if a is not None
                           and a.country not in own and a.has_country), None)
            if target is None:
                target = next((a for t in comp.subtree if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                               for a in actors(t) if a.country not in own and a.has_country), None)
            if target is None:
                continue
            mod = assess(tok, self.words, self.reader, cameo=self.cameo)
            out.extend(Candidate(self.codes.code("statement"), sp, target, tok, "reported.statement", mod.status,
                                 mod.cues, stages=("reports",))
                       for sp in speakers)
        return out


def same_side(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> bool:
    return any(x.country == y.country for x in a for y in b)
