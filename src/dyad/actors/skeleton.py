"""Every country from ISO 3166 (via pycountry), so no country is missing from the base.

The hand-written ``data/countries.yaml`` adds what ISO lacks (short and common names,
adjectives, demonyms, capitals, seats of power) and its names come first. ISO's own names
("Korea, Republic of") stay as names too: data sets such as ICEWS use them.
"""

from __future__ import annotations

import re

import pycountry

from dyad.actors.model import ActorEntry, Role
from dyad.actors.normalize import exact_key


def iso_countries() -> list[ActorEntry]:
    out = []
    for c in pycountry.countries:
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        usable = [n for n in names if n]
        usable += [re.sub(r"\s*\([^)]*\)", "", n) for n in usable if "(" in n]  # "Sint Maarten (Dutch part)"
        out.append(ActorEntry(c.alpha_3, tuple(dict.fromkeys(usable)), "country", (Role(c.alpha_3),), "ISO 3166 (pycountry)"))
    return out


def merge_countries(iso: list[ActorEntry], curated: list[ActorEntry], taken: set[str]) -> list[ActorEntry]:
    """Curated country entries take precedence; ISO names are appended to them.

    ``taken`` holds the keys of every curated name: an ISO name equal to one of them is dropped
    (the curated data decides what "Congo" means), and an ISO country left with no name is left
    out of the base rather than given a made-up one.
    """
    out: dict[str, ActorEntry] = {}
    for e in iso:
        names = tuple(n for n in e.names if exact_key(n) not in taken)
        if names:
            out[e.id] = ActorEntry(e.id, names, e.kind, e.codes, e.source)
    for entry in curated:
        if entry.kind == "country" and entry.id in out:
            extra = tuple(n for n in out[entry.id].names if n not in entry.names)
            entry = ActorEntry(entry.id, entry.names + extra, "country", entry.codes, entry.source, entry.note)
        out[entry.id] = entry
    return list(out.values())
