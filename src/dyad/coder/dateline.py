"""Datelines: "KYIV, Ukraine (AP) —", "CHISINAU (Reuters) –", "Kazan [Russia], October 22 :".

Wire copy opens with where (and sometimes when and by whom) the story was filed. The parser reads
the place as the first sentence's subject ("KYIV ... Russia launched": Kyiv launched, or Russia an
apposition of Kyiv), so the coder's parser reads the story without it (``pipeline._parsed_text``
blanks it out, keeping every character offset); the events still quote the text as written.

A dateline is the text before the first dash, colon or bar within the opening characters, if every
word in it is capitalised (or a number, or a connector of place names: "of", "the"), it is short,
and it is marked as one: a place in capitals ("KYIV", "GAZA CITY") or an agency or country in
brackets ("(Reuters)", "[Russia]"). A headline ("US Strikes Iran: ...") is none of these.
"""

from __future__ import annotations

import re

MAX_CHARS = 80  # a dateline is short
MAX_WORDS = 10
# the separator after a dateline: an em or en dash, a spaced hyphen, a colon or a bar
_SEPARATOR = re.compile(r"\s*(?:[\u2014\u2013|:]|\s-\s)\s*")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def dateline_end(text: str, connectors: frozenset[str] | None = None) -> int:
    """The character offset where the story proper starts after a dateline (0: no dateline).
    ``connectors``: the small words a place name may hold (default: the packaged grammar's)."""
    if connectors is None:
        from dyad.coder.frames import default_frames

        connectors = default_frames().place_name_connectors
    m = _SEPARATOR.search(text, 0, MAX_CHARS + 3)
    if m is None or m.start() == 0:
        return 0
    head = text[: m.start()]
    words = _WORD.findall(head)
    if not words or len(words) > MAX_WORDS or not head.lstrip()[:1].isupper():
        return 0
    if any(not (w[0].isupper() or w.lower() in connectors) for w in words):
        return 0
    capitals = words[0].isupper() and (len(words[0]) >= 3 or (len(words) > 1 and words[1].isupper()))
    if not (capitals or "(" in head or "[" in head):
        return 0
    end = m.end()
    agency = _SEPARATOR.search(text, end, end + 30)  # "ISTANBUL, TURKEY | Xinhua | ..."
    if agency is not None and agency.start() > end:
        tag = _WORD.findall(text[end:agency.start()])
        if 0 < len(tag) <= 3 and all(w[0].isupper() for w in tag):
            end = agency.end()
    if len(_WORD.findall(text[end:end + 200])) < 4:
        return 0  # "Ukraine: a timeline" is a title, not a dateline before a story
    return end
