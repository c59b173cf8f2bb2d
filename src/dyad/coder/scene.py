"""The scene's country: whose "government forces", "civilians" or "junta soldiers" a report means.

Reports of a country's own conflict name its parties by sector alone once the country is clear:
"RSF fighters killed civilians", "Assad loyalists attacked government forces", "the army retook
the town". A bare sector (``---MIL``, ``---CVL``) is then the scene's: when everything the
sentence and the document so far name with a country (actors and places) lies in one country,
a party without a country belongs to it. Where two or more countries are named ("Israeli forces
killed civilians in Gaza", "Hezbollah fired at troops across the border from Israel") nothing
is assumed: the place rules of ``victims.py`` decide or the event stays one-sided. A place named
by a common noun only ("captured the border town", "took control of the palace") is likewise the
scene's (``PLACE``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dyad.coder.resolver import PLACE_LABELS, Actor

PLACE = "---"  # a place named by a common noun ("the border town", "the palace"): its country unknown

if TYPE_CHECKING:
    from dyad.coder.candidate import Candidate, Sentence


def scene_country(s: "Sentence", countries: frozenset[str]) -> str | None:
    """The one country the sentence and the document's earlier actors name, else None."""
    named: set[str] = set()
    for found in s._actors.values():
        named.update(a.country for a in found if a.country in countries)
    for _, found in s.memory.mentions:
        named.update(a.country for a in found if a.country in countries)
    resolver = s.tools.resolver
    for ent in s.ents:
        code = None
        if ent.label_ in PLACE_LABELS:
            code = getattr(resolver.place(ent.text), "country", None)
        if code is None and ent.label_ in PLACE_LABELS | {"NORP"}:  # "near the Peruvian border"
            code = resolver.kb.country_of(ent.text, s.day)
        if code in countries:
            named.add(code)
        if len(named) > 1:
            return None
    return next(iter(named)) if len(named) == 1 else None


def with_scene(c: "Candidate", country: str | None, state: frozenset[str]) -> "Candidate":
    """The candidate with its bare-sector parties in ``country``, where that makes an event
    between two parties: not of a country's organ on the country itself ("Ukraine called for a
    meeting of the heads of state"), nor of one state organ on another (``state`` sectors)."""
    if country is None or c.target is None:
        return c
    source, target = _placed(c.source, country), _placed(c.target, country)
    place = c.target.code == PLACE  # "captured the border town": a town of the scene's country
    if source.code == target.code or len(source.code) == 3 or (len(target.code) == 3 and not place):
        return c
    if source.code[3:6] in state and target.code[3:6] in state:
        return c
    if source is c.source and target is c.target:
        return c
    return replace(c, source=source, target=target, stages=c.stages + ("dyadic",))


def _placed(a: Actor, country: str) -> Actor:
    if a.code == PLACE:
        return replace(a, code=country, via=a.via + "+scene")
    if a.has_country or len(a.code) <= 3:
        return a
    return replace(a, code=country + a.code[3:], via=a.via + "+scene")
