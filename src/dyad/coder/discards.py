"""Discard phrases (TABARI/PETRARCH discard lists): text that is not political news to code.

A foreign dictionary set may bring a list of phrases ("WORLD CUP", "+TYPHOON"): a sentence holding
one is not coded, and a story phrase (``+``) keeps the whole story from being coded (sports
results, films, weather). The phrases travel with the pattern set (``PatternSet.discards``) so
that ``dyad code --dictionaries`` and ``dyad validate`` code the same way. Matching is on whole
words, case and spacing ignored, as TABARI matches them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class Discards:
    def __init__(self, phrases: Iterable[tuple[str, bool]] = ()) -> None:
        phrases = list(phrases)
        self._story = _matcher(p for p, story in phrases if story)
        self._sentence = _matcher(p for p, story in phrases if not story)

    def __bool__(self) -> bool:
        return self._story is not None or self._sentence is not None

    def story(self, text: str) -> bool:
        """The story holds a story discard phrase: none of it is coded."""
        return _hit(self._story, text)

    def sentence(self, text: str) -> bool:
        """The sentence holds a discard phrase of either kind: it is not coded."""
        return _hit(self._sentence, text) or _hit(self._story, text)


def _matcher(phrases: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({" ".join(p.upper().replace("_", " ").split()) for p in phrases if p.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


def _hit(matcher: re.Pattern[str] | None, text: str) -> bool:
    return matcher is not None and matcher.search(" ".join(text.upper().split())) is not None
