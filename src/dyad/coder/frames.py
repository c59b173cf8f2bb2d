"""Modality and embedding word lists (``data/frames.yaml``): data that decides event status.

Kept as data so that a reviewer can see, and change, which words make a happening planned,
hypothetical, negated, reported or intended, without reading the code that applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from dyad.errors import DataError

_KEYS = (
    "reporting", "neutral_speakers", "planned", "intent", "future_aux", "hypothetical_aux",
    "hypothetical_words", "failure", "collapse", "negation", "conditional", "transparent",
    "appeal", "demand", "permission", "protesters", "denial", "quantities", "announcing", "documents",
)


@dataclass(frozen=True, slots=True)
class Frames:
    reporting: frozenset[str]
    neutral_speakers: frozenset[str]
    planned: frozenset[str]
    intent: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_words: frozenset[str]
    failure: frozenset[str]
    collapse: frozenset[str]
    negation: frozenset[str]
    conditional: frozenset[str]
    transparent: frozenset[str]
    appeal: frozenset[str]
    demand: frozenset[str]
    permission: frozenset[str]
    protesters: frozenset[str] = frozenset()
    denial: frozenset[str] = frozenset()
    quantities: frozenset[str] = frozenset()  # "70 million dollars of aid": the aid is the object
    announcing: frozenset[str] = frozenset()  # "announced a suspension of aid": the subject's own act
    documents: frozenset[str] = frozenset()  # "issued a statement condemning X": the issuer condemns
    # source word -> the code a generic use of force (190) becomes ("warplanes" -> 195; recode.py)
    force_by_source: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # noun -> verb: "the lifting of sanctions" is the verb's act on the event noun (recode.py)
    nominalisations: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # a negated verb negates the complement it governs ("won't try to attack": no attack); a
    # TABARI / PETRARCH dictionary codes the verb it matched, negated only by its own "not"
    inherit_negation: bool = True


@cache
def default_frames() -> Frames:
    name = "dyad/coder/data/frames.yaml"
    text = (resources.files("dyad.coder") / "data" / "frames.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    missing = [k for k in _KEYS if k not in data]
    if missing:
        raise DataError(f"{name}: missing list(s) {missing}")
    nominal = data.get("nominalisations") or {}
    if not isinstance(nominal, dict) or not all(isinstance(v, str) for v in nominal.values()):
        raise DataError(f"{name}: 'nominalisations' must map each noun to its verb")
    force = data.get("force_by_source") or {}
    if not isinstance(force, dict) or not all(isinstance(v, list) for v in force.values()):
        raise DataError(f"{name}: 'force_by_source' must map each event code to a list of words")
    return Frames(**{k: frozenset(str(w).lower() for w in data[k]) for k in _KEYS},
                  nominalisations={str(k).lower(): v.lower() for k, v in nominal.items()},
                  force_by_source={str(w).lower(): str(code) for code, words in force.items() for w in words})
