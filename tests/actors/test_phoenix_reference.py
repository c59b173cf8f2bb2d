"""Our country names against the Phoenix country dictionary (facts only; skipped without ../shared).

Phoenix lists, for each country, its names, adjectives and cities under one 3-letter code. Every
such name that dyad also knows must resolve to the same country: a disagreement is a wrong
code in our data (or a city we deliberately give to someone else, listed below).
"""

from __future__ import annotations

import re
from pathlib import Path

from dyad.actors import ActorBase

_HEAD = re.compile(r"^([A-Z][^\s#\[]*)\s+\[([A-Z]{3})\]\s*(#.*)?$")
# names dyad codes differently on purpose (see docs/actors.md): dependent territories keep their
# own ISO code where Phoenix gives the sovereign's; Western Sahara is ESH; Jersey is the island;
# "Congo" alone is the Democratic Republic, as the wire has used it since 1997.
DELIBERATE = {
    "christmas island", "heard island and mcdonald islands", "aland islands", "aaland islands",
    "mayotte", "saint barthelemy", "western sahara", "jersey", "cocos islands", "keeling islands",
    "congo",
}


def phoenix_country_names(path: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    code = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        head = _HEAD.match(line)
        if head:
            code = head.group(2)
            out.append((head.group(1), code))
        elif line.startswith("+") and code:
            out.append((line[1:].split("#")[0].strip(), code))
        elif line.strip() and not line.startswith("#"):
            code = None
    return [(n.replace("_", " ").strip(), c) for n, c in out if n.strip("_ ")]


def test_country_names_agree_with_phoenix(external: Path) -> None:
    pairs = phoenix_country_names(external / "phoenix-dictionaries" / "Phoenix.Countries.actors.txt")
    assert len(pairs) > 1000
    kb = ActorBase.default()
    known = 0
    bad = []
    for name, code in pairs:
        m = kb.lookup(name)
        if m is None or m.kind not in ("country", "compound"):
            continue
        known += 1
        if m.code[:3] != code and name.lower() not in DELIBERATE:
            bad.append(f"{name}: dyad {m.code}, Phoenix {code}")
    assert known > 300, known
    assert bad == []


def test_every_icews_country_name_resolves_to_its_code(external: Path) -> None:
    """ICEWS's country names -> CAMEO codes: all of them must resolve, to the same code.

    ICEWS codes dependent territories as sovereign + territory (USAGUM) and East Timor with the
    old CAMEO code TMP; dyad keeps ISO codes for both (docs/actors.md). Defunct states and
    ICEWS's misspellings are skipped.
    """
    skip = {"NULL", "Madagaskar", "Serbia and Montenegro", "Netherlands Antilles", "Antarctica",
            "Congo"}  # "Congo" alone: the Democratic Republic in dyad (docs/actors.md)
    kb = ActorBase.default()
    bad = []
    rows = (line.rstrip("\n").split("\t") for line in (external / "icews-cameo-mapping" / "countrynames.txt").open(encoding="utf-8"))
    for name, code, _cow in rows:
        if name in skip or len(code) != 3 or code == "TMP":
            continue
        m = kb.lookup(name)
        if m is None or m.code != code:
            bad.append(f"{name}: dyad {m.code if m else None}, ICEWS {code}")
    assert bad == [] or bad == ["Jersey: dyad JEY, ICEWS GBR", "Mayotte: dyad MYT, ICEWS FRA", "Saint Barthelemy: dyad BLM, ICEWS FRA"], bad
