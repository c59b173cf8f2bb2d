"""The coder's words (``data/frames.yaml`` and ``data/grammar.yaml``): data that decides readings.

Kept as data so that a reviewer can see, and change, which words make a happening planned,
hypothetical, negated, reported or intended, which prepositions name a place, an agent or an
instrument, and which nouns refer back to an actor, without reading the code that applies them.
``frames.yaml`` holds the content words (what an event means), ``grammar.yaml`` the function
words (how English marks a role). A ``Frames`` value is given to the coder, which hands it to
every stage; nothing reads the packaged files behind the coder's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources

import yaml

from dyad.errors import DataError

FILES = ("frames.yaml", "grammar.yaml")


@dataclass(frozen=True, slots=True)
class Frames:
    # --- modality and embedding (frames.yaml) ---
    reporting: frozenset[str]
    neutral_speakers: frozenset[str]
    planned: frozenset[str]
    intent: frozenset[str]
    future_aux: frozenset[str]
    near_future_aux: frozenset[str]
    planned_modifiers: frozenset[str]
    preparation: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_words: frozenset[str]
    failure: frozenset[str]
    refusal: frozenset[str]
    collapse: frozenset[str]
    negation: frozenset[str]
    negation_exceptions: frozenset[str]
    conditional: frozenset[str]
    transparent: frozenset[str]
    appeal: frozenset[str]
    demand: frozenset[str]
    addressee_preps: frozenset[str]
    threats: frozenset[str]
    offers: frozenset[str]
    obligation_aux: frozenset[str]
    strict_obligation_aux: frozenset[str]
    permission: frozenset[str]
    quantities: frozenset[str]  # "70 million dollars of aid": the aid is the object
    place_nouns: frozenset[str]  # "captured the border town": a place of the scene (scene.py)
    joining: frozenset[str]  # "X joined Y to accuse Z": Y accuses too
    summary_nouns: frozenset[str]  # "..., a move the Kremlin criticized": the clause before's act
    announcing: frozenset[str]  # "announced a suspension of aid": the subject's own act
    documents: frozenset[str]  # "issued a statement condemning X": the issuer condemns
    denial: frozenset[str]
    allegation: frozenset[str]  # "X alleged that Y struck": X's accusation, not Y's strike
    claiming: frozenset[str]
    protesters: frozenset[str]
    anaphors: frozenset[str]
    person_anaphors: frozenset[str]
    titles: frozenset[str]
    associations: frozenset[str]
    # --- function words (grammar.yaml) ---
    place_preps: frozenset[str]
    agent_preps: frozenset[str]
    genitive_preps: frozenset[str]
    origin_preps: frozenset[str]
    target_preps: tuple[str, ...]  # in order of preference
    attack_target_preps: frozenset[str]
    characterisation_preps: frozenset[str]
    bare_infinitive_verbs: frozenset[str]
    governed_target_preps: frozenset[str]
    instrument_preps: frozenset[str]
    beneficiary_preps: frozenset[str]
    means_preps: frozenset[str]
    country_preps: frozenset[str]
    member_preps: frozenset[str]
    aim_modifiers: frozenset[str]
    prep_particles: frozenset[str]
    object_particles: frozenset[str]
    infinitive_marker: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    self_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    reflexive_pronouns: frozenset[str]
    definite_determiners: frozenset[str]
    phrase_skip_words: frozenset[str]
    phrase_boundaries: frozenset[str]
    possessive_clitics: frozenset[str]
    exclusion_prefix: frozenset[str]
    participle_suffix: tuple[str, ...]
    pattern_negators: frozenset[str]
    place_name_connectors: frozenset[str]
    venue_nouns: frozenset[str]  # "on the sidelines of the summit": where, not whom  # "Republic of Congo" in a dateline (dateline.py)
    # --- maps (frames.yaml) ---
    # source word -> the code a generic use of force (190) becomes ("warplanes" -> 195; recode.py)
    force_by_source: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # noun -> verb: "the lifting of sanctions" is the verb's act on the event noun (recode.py)
    nominalisations: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def pronouns(self) -> frozenset[str]:
        """Every pronoun the resolver reads through the document's memory."""
        return (self.person_pronouns | self.thing_pronouns | self.plural_pronouns | self.relative_pronouns
                | self.self_pronouns)

    def participle(self, word: str) -> bool:
        """A present participle or gerund by its form ("killing"): the coder has no tagger."""
        return word.endswith(self.participle_suffix)


_MAPS = frozenset(f.name for f in fields(Frames) if str(f.type).startswith("dict"))
_ORDERED = frozenset(f.name for f in fields(Frames) if str(f.type).startswith("tuple"))  # order matters


def load_frames(texts: dict[str, str]) -> Frames:
    """``Frames`` from the YAML texts of ``FILES`` (name -> text); errors name the file."""
    data: dict[str, object] = {}
    origin: dict[str, str] = {}
    for name, text in texts.items():
        try:
            doc = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise DataError(f"{name}: not valid YAML: {exc}") from exc
        for key, value in doc.items():
            if key in data:
                raise DataError(f"{name}: list {key!r} is also given in {origin[key]}")
            data[key], origin[key] = value, name
    names = [f.name for f in fields(Frames)]
    where = " or ".join(texts) or "frames"
    missing = [k for k in names if k not in _MAPS and k not in data]
    if missing:
        raise DataError(f"{where}: missing list(s) {missing}")
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise DataError(f"{where}: unknown list(s) {unknown}")
    nominal = data.get("nominalisations") or {}
    if not isinstance(nominal, dict) or not all(isinstance(v, str) for v in nominal.values()):
        raise DataError(f"{origin.get('nominalisations', where)}: 'nominalisations' must map each noun to its verb")
    force = data.get("force_by_source") or {}
    if not isinstance(force, dict) or not all(isinstance(v, list) for v in force.values()):
        raise DataError(f"{origin.get('force_by_source', where)}: 'force_by_source' must map each event code to a list of words")
    lists = {}
    for k in names:
        if k in _MAPS:
            continue
        words = data[k]
        if not isinstance(words, list):
            raise DataError(f"{origin[k]}: {k!r} must be a list of words")
        if any(isinstance(w, bool) for w in words):  # YAML 1.1 reads a bare on / off / no / yes so
            raise DataError(f"{origin[k]}: {k!r} holds a bare on, off, yes or no: quote it (\"on\")")
        norm = [str(w).lower() for w in words]
        lists[k] = tuple(norm) if k in _ORDERED else frozenset(norm)
    return Frames(**lists,
                  nominalisations={str(k).lower(): v.lower() for k, v in nominal.items()},
                  force_by_source={str(w).lower(): str(code) for code, words in force.items() for w in words})


@cache
def default_frames() -> Frames:
    """dyad's packaged words (read once per process; a ``Frames`` value is immutable)."""
    root = resources.files("dyad.coder") / "data"
    return load_frames({f"dyad/coder/data/{n}": (root / n).read_text(encoding="utf-8") for n in FILES})
