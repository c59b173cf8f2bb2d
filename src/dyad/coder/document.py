"""A document to code: the unit that article dates and in-document references belong to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``date`` is what relative dates in its sentences resolve against."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None

    @property
    def content_hash(self) -> str:
        """Hash of the text alone, so the same article under two ids is still recognised."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
