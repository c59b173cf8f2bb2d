"""The scenario against what dyad knows: actor codes against the actor base, and each pair of
scenario actors against the events in a store.

A scenario's numbers are judgements; the events are a record. Putting them side by side is what
no peer tool does: the same program reads the news and bargains over it. For each pair of
scenario actors with events in the store: the event count, mean Goldstein score, the quad-class
mix, a trend (the monthly mean Goldstein from ``analysis.series``, its least-squares slope) and
any break ``analysis.shifts`` finds. A pair is flagged when its record contradicts the scenario:

* the scenario puts the two at least CONTRADICTION_FAR of the scale apart on an issue, yet their
  events are cooperative (mean Goldstein >= +GOLDSTEIN_LEVEL); or
* it puts them at most CONTRADICTION_NEAR apart, yet their events are conflictual
  (mean Goldstein <= -GOLDSTEIN_LEVEL);

either only with at least MIN_EVENTS events, so one stray event does not raise a flag.
"""

from __future__ import annotations

import difflib
import itertools
import re
from datetime import date
from typing import Any

import numpy as np

from dyad.errors import InputError
from dyad.forecast.scenario import Scenario

CONTRADICTION_FAR = 0.5  # share of the scale width: "opposite ends"
CONTRADICTION_NEAR = 0.15
GOLDSTEIN_LEVEL = 1.0
MIN_EVENTS = 3
QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")


def scenario_actors(scenario: Scenario) -> dict[str, str]:
    """Actor code -> name, in the order the scenario first names them."""
    out: dict[str, str] = {}
    for issue in scenario.issues:
        for st in issue.stakes:
            out.setdefault(st.code, st.name)
    return out


def check_codes(scenario: Scenario, kb: Any = None) -> list[dict[str, Any]]:
    """Each scenario actor's code checked against the actor base.

    A code is known when an entry of the base holds it, or when it is a known country, IGO or
    group code followed by role codes of the codebook (RUS + GOV, SYR + REB): the way the coder
    composes codes. An unknown code is not an error (a scenario may name an actor dyad has never
    coded), but it is reported with the nearest known codes, and no events can match it. An
    actor identified by a name rather than a code (CSV tables, decide files) is marked
    ``is_code: False``.
    """
    from dyad.actors import ActorBase
    from dyad.codebook import load_codebook

    kb = kb or ActorBase.default()
    held = {r.code for e in kb.entries() for r in e.codes}
    heads = {c[:3] for c in held} | {"IGO", "NGO", "MNC"}
    roles = set(load_codebook().sectors) | {c for c in held if len(c) == 3}
    out = []
    for code, name in scenario_actors(scenario).items():
        if not re.fullmatch(r"[A-Z0-9]{3,}", code):  # a name (CSV tables, decide files), not a code
            out.append({"code": code, "name": name, "known": False, "did_you_mean": [], "is_code": False})
            continue
        chunks = [code[k : k + 3] for k in range(3, len(code), 3)]
        known = code in held or (len(code) % 3 == 0 and code[:3] in heads and all(c in roles for c in chunks))
        close = [] if known else difflib.get_close_matches(code, sorted(held), n=3, cutoff=0.6)
        out.append({"code": code, "name": name, "known": known, "did_you_mean": close, "is_code": True})
    return out


def store_evidence(con: Any, scenario: Scenario, since: str | date | None = None) -> dict[str, Any]:
    """Each pair of scenario actors' relations in the store since ``since``, and the flags."""
    from dyad.analysis.series import series
    from dyad.analysis.shifts import shifts
    from dyad.store.queries import DateRange, resolve_actor

    DateRange.of(since, None)  # a bad date fails here, before any query
    actors = scenario_actors(scenario)
    in_store, absent = [], []
    for code in actors:
        try:
            resolve_actor(con, code)
            in_store.append(code)
        except InputError:
            absent.append(code)
    breaks = _breaks(con, shifts, since)
    pairs = []
    for a, b in itertools.combinations(in_store, 2):
        if a.startswith(b) or b.startswith(a):
            continue  # a country and one of its own actors: not a relation between two parties
        rows = series(con, a, b, freq="month", since=since).rows
        pair = _summary(a, b, actors, rows)
        if pair is None:
            continue
        pair["shifts"] = breaks.get(tuple(sorted((a[:3], b[:3]))), [])
        pair["contradictions"] = _contradictions(scenario, a, b, pair)
        pairs.append(pair)
    pairs.sort(key=lambda p: (-len(p["contradictions"]), -p["events"], p["actors"]))
    return {
        "since": None if since is None else str(since),
        "rule": (f"flag: >= {MIN_EVENTS} events and the scenario puts the pair >= {CONTRADICTION_FAR:g} of the "
                 f"scale apart while mean Goldstein >= +{GOLDSTEIN_LEVEL:g}, or <= {CONTRADICTION_NEAR:g} apart "
                 f"while mean Goldstein <= -{GOLDSTEIN_LEVEL:g}"),  # fmt: skip
        "actors_without_events": absent,
        "pairs": pairs,
    }


def _summary(a: str, b: str, names: dict[str, str], rows: list[dict]) -> dict[str, Any] | None:
    events = sum(r["events"] for r in rows)
    if not events:
        return None
    mix = {q: sum(r[q] for r in rows) for q in QUADS}
    active = [(k, r["goldstein_mean"], r["events"]) for k, r in enumerate(rows) if r["events"]]
    slope = None
    if len(active) >= 2:
        t, g, n = (np.array(v, float) for v in zip(*active))
        slope = round(float(np.polyfit(t, g, 1, w=np.sqrt(n))[0]), 2)
    return {
        "actors": [a, b],
        "names": [names[a], names[b]],
        "events": events,
        "goldstein_mean": round(sum(r["goldstein_sum"] for r in rows) / events, 2),
        "quad_classes": mix,
        "first": str(rows[0]["period"]),
        "last": str(rows[-1]["period"]),
        "months_with_events": len(active),
        "trend_per_month": slope,
    }


def _breaks(con: Any, shifts: Any, since: str | date | None) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Breaks per country pair, from ``analysis.shifts`` (monthly periods)."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for sh in shifts(con, freq="month", since=since, top=1000, evidence=0):
        out.setdefault((sh.a, sh.b), []).append(
            {"period": str(sh.period), "z": round(sh.z, 2), "direction": sh.direction})
    return out


def _contradictions(scenario: Scenario, a: str, b: str, pair: dict[str, Any]) -> list[str]:
    if pair["events"] < MIN_EVENTS:
        return []
    g = pair["goldstein_mean"]
    out = []
    for issue in scenario.issues:
        pos = {st.code: st.position.value for st in issue.stakes}
        if a not in pos or b not in pos:
            continue
        gap = abs(pos[a] - pos[b]) / issue.scale.width
        where = f"{issue.name} ({pair['names'][0]} {pos[a]:g}, {pair['names'][1]} {pos[b]:g})"
        if gap >= CONTRADICTION_FAR and g >= GOLDSTEIN_LEVEL:
            out.append(f"far apart on {where}, yet cooperative in the events (mean Goldstein {g:+.1f})")
        elif gap <= CONTRADICTION_NEAR and g <= -GOLDSTEIN_LEVEL:
            out.append(f"close on {where}, yet in conflict in the events (mean Goldstein {g:+.1f})")
    return out
