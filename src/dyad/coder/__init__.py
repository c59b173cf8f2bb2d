"""The event coder: news text -> CAMEO events (see ``dyad.coder.pipeline.Coder``)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dyad.model import Event
    from dyad.coder.pipeline import Coder


@cache
def default_coder(partial: bool = False) -> "Coder":
    """One Coder with dyad's defaults per process (loading the model takes about a second);
    ``partial`` also emits one-actor events (``--partial``), sharing the loaded pipeline."""
    from dyad.coder.conventions import Conventions
    from dyad.coder.pipeline import Coder

    if partial:
        base = default_coder()
        return Coder(actors=base.actors, patterns=base.patterns, nlp=base.nlp, conventions=Conventions.dyad().partial())
    return Coder()


def code_text(text: str, date: date | None = None, doc_id: str = "text", partial: bool = False) -> "list[Event]":
    """Code one piece of text with the default coder (convenience for scripts and notebooks)."""
    from dyad.model import Document

    return default_coder(partial).code(Document(doc_id, text, date))
