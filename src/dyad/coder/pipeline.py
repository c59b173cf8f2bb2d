"""The Coder: documents in, CAMEO events out (with evidence, status, date, place and pattern id).

    >>> from dyad.coder.pipeline import Coder
    >>> coder = Coder()
    >>> events = coder.code(Document("d1", "Israeli forces shelled Quneitra on Wednesday."))

Per sentence the coder runs its stages in order (``dyad.coder.stages``: actors, match, govern,
slots, modality, speech, victims, pairs, recode, filters, reports, dedupe, dyadic) over one candidate
model (``dyad.coder.candidate``), configured by one ``Conventions`` value; then the assembler
makes ``Event`` records of the candidates. Everything is keyed by token form, so the work per
sentence is a handful of dict look-ups per token.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dyad.coder import stages as stage_fns
from dyad.coder.assemble import EventAssembler
from dyad.coder.candidate import Reading, Sentence
from dyad.coder.codes import CodeRules, default_codes
from dyad.coder.conventions import Conventions
from dyad.coder.dateline import dateline_end
from dyad.coder.discards import Discards
from dyad.coder.frames import Frames, default_frames
from dyad.coder.match import FrameReader
from dyad.coder.patterns import PatternSet
from dyad.coder.resolver import ActorResolver, Memory
from dyad.coder.slots import SlotFiller
from dyad.coder.speech import Speech
from dyad.coder.victims import VictimRules
from dyad.model import Document, Event


@dataclass(slots=True)
class SentenceTrace:
    """What the coder did with one sentence: its events, or why there are none; for each event
    the stage that produced it and those that changed it (``stages``, aligned with ``events``)."""

    sentence_index: int
    sentence: str
    events: list[Event]
    notes: list[str] = field(default_factory=list)
    stages: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tools:
    """What the stages work with: one coder's data and the helpers built on it."""

    frames: Frames
    codes: CodeRules
    conventions: Conventions
    patterns: PatternSet
    reader: FrameReader
    resolver: ActorResolver
    slots: SlotFiller
    victims: VictimRules
    speech: Speech
    discards: Discards
    countries: frozenset[str] = frozenset()  # the actor base's country codes (scene.py)

    def untargeted(self, code: str) -> bool:
        """An event noun that is news without its target phrase ("an air strike by X")."""
        return self.codes.holds("untargeted_nouns", code)


class Coder:
    """Codes documents with an actor base, a pattern set and the spaCy pipeline.

    Any of these may be replaced: a converted PETRARCH dictionary (``patterns=``), a foreign
    actor dictionary (``actors=``), an already-loaded pipeline (``nlp=``), the words the rules
    read (``frames=``), the codes they use (``codes=``), and the conventions that say which
    stages run and how (``conventions=``, default ``Conventions.dyad()``).
    """

    def __init__(self, actors: Any | None = None, patterns: PatternSet | None = None,
                 nlp: Language | None = None, *, gazetteer: Any | None = None,
                 codebook: Any | None = None, frames: Frames | None = None, codes: CodeRules | None = None,
                 conventions: Conventions | None = None) -> None:
        if actors is None:
            from dyad.actors import ActorBase

            actors = ActorBase.default()
        if gazetteer is None:
            try:
                from dyad.actors.gazetteer import Gazetteer

                gazetteer = Gazetteer.default()
            except ImportError:  # places not available: no locations, no place ruler
                gazetteer = None
        if codebook is None:
            from dyad.codebook import load_codebook

            codebook = load_codebook()
        self.actors = actors
        self.patterns = patterns if patterns is not None else PatternSet.default()
        self.gazetteer = gazetteer
        self.codebook = codebook
        self.frames = frames or default_frames()
        self.codes = codes or default_codes()
        self._nlp = nlp
        self._build(conventions or Conventions.dyad())

    def _build(self, conventions: Conventions) -> None:
        self.conventions = conventions
        frames, codes = self.frames, self.codes
        reader = FrameReader(frames)
        resolver = ActorResolver(self.actors, self.gazetteer, frames, codes, reader,
                                 split_codes=conventions.split_codes, agent_modifiers=conventions.agent_modifiers)
        self.resolver = resolver
        self.assembler = EventAssembler(self.codebook, self.gazetteer, resolver, frames)
        self.tools = Tools(frames, codes, conventions, self.patterns, reader, resolver,
                           SlotFiller(self.patterns, frames, resolver, conventions.shallow_targets),
                           VictimRules(frames, codes, self.patterns),
                           Speech(frames, codes, reader, conventions.cameo_readings),
                           Discards(self.patterns.discards), _countries(self.actors))
        order = conventions.stages
        self._before = [(n, stage_fns.SENTENCE_STAGES[n]) for n in order if n in stage_fns.BEFORE_READINGS]
        self._per_reading = [(n, stage_fns.READING_STAGES[n]) for n in order if n in stage_fns.READING_STAGES]
        self._after = [(n, stage_fns.SENTENCE_STAGES[n]) for n in order
                       if n in stage_fns.SENTENCE_STAGES and n not in stage_fns.BEFORE_READINGS]
        self._reading_names = frozenset(n for n, _ in self._per_reading)

    @property
    def statements(self) -> bool:
        """Code each party's reported statement as 010 too (``Conventions.statements``)."""
        return self.conventions.statements

    @statements.setter
    def statements(self, on: bool) -> None:
        self._build(replace(self.conventions, statements=on))

    @cached_property
    def nlp(self) -> Language:
        if self._nlp is None:
            from dyad.coder.nlp import load_nlp

            self._nlp = load_nlp(self.actors, self.gazetteer)
        return self._nlp

    # -- public API -----------------------------------------------------------------------------

    def code(self, doc: Document) -> list[Event]:
        return next(iter(self.code_many([doc], batch_size=1)))[1]

    def code_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Document, list[Event]]]:
        """Stream: parse in batches with ``nlp.pipe``, yield each document with its events.

        A long document is parsed in windows of whole paragraphs (``windows``), each its own
        spaCy Doc, so memory does not grow with its length (a 990,000-character document took
        2.8 GB parsed whole); its sentences are numbered on across windows.
        """
        def parts() -> Iterator[tuple[str, tuple[Document, int, bool]]]:
            for d in docs:
                pieces = windows(_parsed_text(d, self.frames))
                for k, (start, piece) in enumerate(pieces):
                    yield piece, (d, start, k == len(pieces) - 1)

        events: list[Event] = []
        first = 0
        for sdoc, (d, start, last) in self.nlp.pipe(parts(), as_tuples=True, batch_size=batch_size):
            part = d if start == 0 and last else replace(d, text=d.text[start:start + len(sdoc.text)])
            made, _ = self._code(part, sdoc, first=first, whole=d.text)
            events.extend(made)
            first += sum(1 for _ in sdoc.sents)
            if last:
                yield d, events
                events, first = [], 0

    def explain(self, doc: Document, all_sentences: bool = False) -> list[SentenceTrace]:
        traces = self._code(doc, self.nlp(_parsed_text(doc, self.frames)), explain=True)[1]
        return traces if all_sentences else [t for t in traces if t.events]

    # -- document and sentence ------------------------------------------------------------------

    def _code(self, doc: Document, sdoc: Doc, explain: bool = False, first: int = 0,
              whole: str | None = None) -> tuple[list[Event], list[SentenceTrace]]:
        """``doc``'s events from its parse; for one window of a long document, ``first`` is its
        first sentence's number and ``whole`` the document's text (the discard check reads it all)."""
        events: list[Event] = []
        traces: list[SentenceTrace] = []
        if self.tools.discards.story(doc.text if whole is None else whole):  # a story discard phrase: sports, films, weather
            notes = ["discards: the story holds a story discard phrase"]
            return [], [SentenceTrace(si, span.text, [], notes) for si, span in enumerate(sdoc.sents)] if explain else []
        for s in self.sentences(doc, sdoc, explain, first):
            self.run(s)
            made = self.assembler.events(doc, s.span, s.index, s.candidates, s.ents)
            events.extend(ev for _, ev in made)
            if explain:
                traces.append(SentenceTrace(s.index, s.span.text, [ev for _, ev in made], s.notes or [],
                                            [c.stages for c, _ in made]))
        return events, traces

    def sentences(self, doc: Document, sdoc: Doc, notes: bool = False, first: int = 0) -> Iterator[Sentence]:
        """The parsed document's sentences, ready for the stages; they share the document's
        memory of actors, so run each before taking the next. ``notes``: collect why nothing was
        coded (``--explain``)."""
        memory = Memory(self.codes.sectors["personal"])
        ents = sdoc.ents  # built once: Span.ents rebuilds every entity of the document
        text = doc.text
        for si, span in enumerate(sdoc.sents, start=first):
            sent_ents = [e for e in ents if span.start <= e.start and e.end <= span.end]
            yield Sentence(doc.id, doc.date, span, si, memory, sent_ents, self.tools,
                           text[span.start_char:span.end_char], [] if notes else None)

    def run(self, s: Sentence, until: str | None = None) -> Sentence:
        """Run the stages over one sentence in order, all of them or up to and including
        ``until`` (to look at what the stages before a given one made of it)."""
        for name, stage in self._before:
            stage(s)
            if name == until:
                return s
        if self._per_reading:
            s.readings = [r for r in s.readings if self._refine(r, s, until)]
            if until in self._reading_names:
                return s
        for name, stage in self._after:
            stage(s)
            if name == until:
                break
        return s

    def _refine(self, r: Reading, s: Sentence, until: str | None = None) -> bool:
        """Run the per-reading stages over ``r``; False: it codes nothing. When explaining (the
        sentence collects notes), a stage that changes the reading's code, status or actors is
        added to its ``stages``."""
        trail = s.notes is not None
        for name, stage in self._per_reading:
            if r.decided is not None:
                break
            before = r.state() if trail else None
            if not stage(r, s):
                return False
            if trail and r.state() != before:
                r.stages.append(name)
            if name == until:
                break
        return True


def _countries(actors: Any) -> frozenset[str]:
    """The codes of the actor base's countries (a foreign base without kinds has none)."""
    entries = getattr(actors, "entries", None)
    if entries is None:
        return frozenset()
    return frozenset(r.code for e in entries() if e.kind == "country" for r in e.codes if len(r.code) == 3)


WINDOW_CHARS = 20_000  # a long feature article; a batch of such windows parses in bounded memory


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``size`` characters, (offset, piece), each ending at a
    paragraph break where one falls in its second half, else a line break, else a sentence's
    full stop, else at ``size``: a sentence is cut only if it is longer than a window."""
    out = []
    start = 0
    while len(text) - start > size:
        chunk = text[start:start + size]
        cut = -1
        for mark in ("\n\n", "\n", ". "):
            at = chunk.rfind(mark, size // 2)
            if at >= 0:
                cut = at + len(mark)
                break
        cut = cut if cut > 0 else size
        out.append((start, text[start:start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _parsed_text(doc: Document, frames: Frames) -> str:
    """The text the parser reads: a wire dateline ("KYIV, Ukraine (AP) —") blanked out, so that
    the place it was filed from is not read as the first sentence's subject; blanks keep every
    character offset, and the events quote the document's own text (dateline.py)."""
    end = dateline_end(doc.text, frames.place_name_connectors)
    return " " * end + doc.text[end:] if end else doc.text
