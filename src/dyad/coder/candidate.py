"""An event before it becomes an ``Event``: the tokens and actors it was found with.

Kept apart from the pipeline so that the modules that refine candidates (victims, reported
speech) and the assembler share one type without importing the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.coder.resolver import Actor


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
