"""The elements of a TABARI/PETRARCH verb pattern, and the tokenizer that reads them.

A pattern such as ``- $ * (TO &CURRENCY) {PEACE PLAN} +  [037]`` is a sequence of *terms*:

=========  ==================================================================================
``*``      the verb itself (``kind="verb"``)
``$``      where the source actor stands (``"source"``); ``+`` the target (``"target"``)
``%``      a compound actor that is both source and target (``"compound"``, ``[030:030]``)
``^``      skip one noun phrase (``"skip"``)
``WORD``   a word (``"word"``); ``A/B`` a word with alternatives (``alternatives``)
``&NAME``  a synonym set (``"synset"``), resolved against the sets the file defines
``( )``    a prepositional phrase (``"pp"``, its terms in ``items``): ``(TO BORDER)``
``{ }``    a noun phrase (``"np"``): ``{PEACE PLAN}``
=========  ==================================================================================

Words joined by ``_`` must be adjacent in the text (TABARI's "connector"); a space allows other
words between. The tokenizer records that on the term before the ``_`` (``joined``).
"""

from __future__ import annotations

from typing import NamedTuple

_MARKERS = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}
_SPECIAL = set("_()[]{}*$%^&+ \t")


class Term(NamedTuple):
    kind: str  # word | verb | synset | source | target | compound | skip | pp | np
    text: str = ""  # the word (upper case) or the synset name (without "&")
    items: tuple["Term", ...] = ()  # the terms inside a pp / np
    joined: bool = False  # "_" to the next term: must be adjacent in the text
    alternatives: tuple[str, ...] = ()  # "TO/FOR": every spelling the word may take

    def __str__(self) -> str:
        if self.kind == "word":
            return self.text
        if self.kind == "synset":
            return "&" + self.text
        if self.kind in ("pp", "np"):
            inner = " ".join(str(t) for t in self.items)
            return f"({inner})" if self.kind == "pp" else "{" + inner + "}"
        return next(k for k, v in _MARKERS.items() if v == self.kind)


class TermError(ValueError):
    """The pattern text cannot be read; the message says why (the caller adds file:line)."""


def tokenize(text: str, synsets: frozenset[str] | set[str]) -> tuple[Term, ...]:
    """Read pattern text into terms. ``synsets``: the names defined in the file (no "&")."""
    terms, pos = _read(text, 0, None, synsets)
    return tuple(terms)


def _read(text: str, pos: int, close: str | None, synsets) -> tuple[list[Term], int]:
    terms: list[Term] = []
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == close:
            return terms, pos + 1
        if c in " \t":
            pos += 1
        elif c == "_":
            # "_" before a space or the end is TABARI's "whole word" mark, not a connector.
            followed = pos + 1 < n and text[pos + 1] not in " \t" and text[pos + 1] != close
            if followed and terms and not terms[-1].joined:
                t = terms[-1]
                terms[-1] = Term(t.kind, t.text, t.items, True, t.alternatives)
            pos += 1
        elif c in "({":
            end = ")" if c == "(" else "}"
            inner, pos = _read(text, pos + 1, end, synsets)
            if not inner:
                raise TermError(f"empty {c}{end} in pattern")
            terms.append(Term("pp" if c == "(" else "np", items=tuple(inner)))
        elif c in ")}]":
            raise TermError(f"unbalanced {c!r} in pattern")
        elif c in _MARKERS:
            terms.append(Term(_MARKERS[c]))
            pos += 1
        elif c == "&":
            j = pos + 1
            while j < n and (text[j].isalnum() or text[j] in "_-"):
                j += 1
            raw = text[pos + 1 : j].upper()
            name = _longest_synset(raw, synsets)
            if name is None:
                raise TermError(f"unknown synonym set &{raw.rstrip('_')}")
            terms.append(Term("synset", name))
            pos = pos + 1 + len(name)
        elif c == "[":
            raise TermError("stray '[' in pattern (a second code?)")
        else:
            j = pos
            while j < n and text[j] not in _SPECIAL and text[j] != close:
                j += 1
            word = text[pos:j].upper()
            alts = tuple(a for a in word.split("/") if a)
            if len(alts) > 1:
                terms.append(Term("word", alts[0], alternatives=alts))
            else:
                terms.append(Term("word", word))
            pos = j
    if close is not None:
        raise TermError(f"missing {close!r} in pattern")
    return terms, pos


def _longest_synset(raw: str, synsets) -> str | None:
    """``TIETYPES_RELATIONS`` -> ``TIETYPES`` when only that set exists; longest name wins."""
    cand = raw
    while cand:
        if cand in synsets:
            return cand
        cut = cand.rfind("_")
        if cut < 0:
            break
        cand = cand[:cut]
    stripped = raw.rstrip("_")
    return stripped if stripped in synsets else None
