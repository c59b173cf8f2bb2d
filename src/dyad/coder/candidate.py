"""The candidate model the stages share: a sentence, its readings, its candidates.

A ``Reading`` is one matched pattern on its way to events: each stage from ``govern`` to
``victims`` refines it (its code, status, sources, targets) or drops it with a note. The ``pairs``
stage turns each reading into ``Candidate`` events, one per (source, target); the stages after it
work on candidates. Every candidate carries the names of the stages that produced and changed it,
so that ``--explain`` can say which stage is answerable for an event.

Kept apart from the pipeline so that the modules that refine candidates (victims, reported
speech) and the assembler share one type without importing the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from dyad.coder.resolver import Actor, Memory

if TYPE_CHECKING:
    from dyad.coder.match import Hit
    from dyad.coder.modality import Modality
    from dyad.coder.recode import Governed


@dataclass(slots=True)
class Candidate:
    """An event before it becomes an ``Event``: tokens and actors, for explaining too."""

    code: str
    source: Actor
    target: Actor | None
    trigger: Token
    pattern: str
    status: str
    cues: list[str] = field(default_factory=list)
    specificity: int = 0
    embedder: int | None = None  # token index of the verb whose complement this was transformed by
    stages: tuple[str, ...] = ()  # the stage that produced it, then each stage that changed it


@dataclass(slots=True)
class Reading:
    """One matched pattern on its way to events: what each stage has made of it so far."""

    hit: "Hit"
    trigger: Token
    nominal: bool
    code: str
    pid: str
    status: str = "asserted"
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    governed: "Governed | None" = None
    mod: "Modality | None" = None
    embedder: int | None = None
    # candidates a stage decided outright (a denial, an accusation): later stages leave them be
    decided: list[Candidate] | None = None
    stages: list[str] = field(default_factory=lambda: ["match"])

    @property
    def pattern(self) -> Any:
        return self.hit.pattern

    def state(self) -> tuple:
        """What a stage may change; compared before and after each stage to name the changers."""
        return self.code, self.status, self.sources, self.targets, self.decided is not None


@dataclass(slots=True)
class Sentence:
    """One sentence being coded: what every stage reads and writes."""

    doc_id: str
    day: date | None
    span: Span
    index: int
    memory: Memory
    ents: list[Span]
    tools: Any  # the coder's data and helpers (``dyad.coder.pipeline.Tools``)
    text: str = ""  # the sentence as written (``Span.text`` would rebuild it on every call)
    notes: list[str] | None = None
    readings: list[Reading] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # object tokens a verb's pattern has coded
    _actors: dict[int, tuple[Actor, ...]] = field(default_factory=dict)

    def note(self, stage: str, text: str) -> None:
        """Why a stage coded nothing, for ``--explain`` (only collected when explaining)."""
        if self.notes is not None:
            self.notes.append(f"{stage}: {text}")

    def actors(self, tok: Token | None) -> tuple[Actor, ...]:
        """The actors a token names (resolved once per sentence; a relative pronoun through the
        noun its clause modifies)."""
        if tok is None:
            return ()
        got = self._actors.get(tok.i)
        if got is None:
            tools = self.tools
            if tok.lower_ in tools.frames.relative_pronouns and tok.head.dep_ in ("relcl", "acl"):
                got = self.actors(tok.head.head)
            else:
                got = tools.resolver.resolve(tok, self.day, self.memory)
            self._actors[tok.i] = got
        return got
