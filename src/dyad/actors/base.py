"""ActorBase: one fast lookup from noun phrases to CAMEO actor codes, on a date.

Resolution of a text does not depend on the date (only the choice among an entry's roles
does), so each distinct text is resolved once and cached on the instance; a lookup after that is
a dict access plus a scan of a handful of roles. Resolution tries, in order:

1. the whole phrase as a name (exact key, then transliteration-folded key);
2. title + name: a named actor (person, group, IGO) at the end, preceded only by words the base
   knows (countries, sector nouns, titles): "Syrian Interim President Ahmad al-Sharaa";
3. composition: one actor (country, ethnic group, region, or a person standing for a
   government) plus sector nouns and modifiers: "Israeli forces" -> ISRMIL, "the US Senate" ->
   USALEG, "the foreign minister of Syria" -> SYRGOV, "the Trump administration" -> USAGOV;
4. a bare sector noun ("police" -> COP).

Anything else, including a phrase with one unknown word, gives None: the base never guesses.
A base built from foreign dictionaries may follow TABARI's conventions instead (``MatchRules``:
unknown words skipped, agent codes combined in order, ``[NGO~]`` prefixes, stem names).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from bisect import bisect_right
from functools import cache
from importlib import resources
from pathlib import Path

from dyad.actors.loader import ActorData, check_unique, load_file
from dyad.actors.model import ActorEntry, ActorMatch, Role
from dyad.actors.normalize import exact_key, fold_each, fold_tokens, tokens, word_key
from dyad.actors.rules import ASSOCIATIONS, MatchRules, combine
from dyad.actors.skeleton import iso_countries, merge_countries
from dyad.dates import parse_date_arg
from dyad.errors import DataError, InputError

ENV_VAR = "DYAD_ACTORS"
_TERRITORIAL = frozenset({"country", "ethnic", "region", "compound"})
_NAMED = frozenset({"person", "group", "igo"})
# may stand in a person's title: "NATO Secretary General Mark Rutte", "Hamas leader Khalil al-Hayya"
_TITLE_PLACES = _TERRITORIAL | {"igo", "group"}
_MAX_CACHE = 500_000
_STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
_NON_STATE = frozenset({"REB", "INS", "OPP", "UAF", "CRM"})
_MAX_DAYS = 5_000  # distinct dates kept in the hot cache
_NOT_BEFORE_NAME = frozenset({"new"})  # a modifier that starts place names
_MIN_FOLD = 7  # a one-word folded key shorter than this is not used
_MAX_PHRASE = 14  # tokens: longer texts are clauses, only ever matched as whole names
# Acronyms that are also common English words: they name an actor only when written in capitals
# ("WHO", "US", "IS"), never as the words "who", "us", "is".
_GUARDED = frozenset({"who", "us", "is", "it", "car", "au", "sna", "mit", "pa", "sco", "cis", "icc", "oas", "stc"})
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z.]*[A-Z]\b\.?")


# What a text resolves to, whatever the date: (entry id or None for a bare sector, sector or None,
# prefix code or None).
_Resolution = tuple[str | None, str | None, str | None]


def data_dir() -> Path:
    return Path(str(resources.files("dyad.actors") / "data"))


def packaged_files() -> list[Path]:
    return sorted(data_dir().glob("*.yaml"))


class ActorBase:
    """Countries, sectors, people with dated roles, IGOs and groups, indexed for lookup.

    Build it with ``default()``, ``load()`` or ``from_entries()``; it is immutable afterwards
    except for its private resolution cache.
    """

    def __init__(
        self,
        layers: Iterable[list[ActorEntry]],
        sectors: Mapping[str, str],
        modifiers: Iterable[str],
        rules: MatchRules | None = None,
    ) -> None:
        self._rules = rules if rules is not None else MatchRules()
        self._entries: dict[str, ActorEntry] = {}
        self._exact: dict[str, str] = {}
        self._sectors: dict[str, str] = {exact_key(k): v for k, v in sectors.items()}
        self._modifiers = frozenset(word_key(m) for m in modifiers)
        self._build(list(layers))
        self._cache: dict[str, int] = {}
        self._fold_cache: dict[str, str] = {}
        self._res_ids: dict[_Resolution, int] = {}
        self._res_list: list[_Resolution] = []
        self._res_roles: list[tuple[list[int], list[int]] | None] = []  # timelines, see _timeline
        self._matches: dict[object, ActorMatch | None] = {}
        self._hot: dict[date | None, dict[str, ActorMatch | None]] = {}  # date -> text -> match

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def default(cls) -> ActorBase:
        """The packaged data only (cached: building it takes a fraction of a second)."""
        return _default_base()

    @classmethod
    def load(cls, extra_files: Iterable[Path | str] = (), *, use_env: bool = True) -> ActorBase:
        """The packaged data plus users' files; later files override earlier ones.

        Files named in the ``DYAD_ACTORS`` environment variable (an ``os.pathsep``-separated
        list) come before ``extra_files``. An entry overrides a default with the same id
        wholly, and takes over any name it shares with one.
        """
        paths = [Path(p) for p in extra_files]
        if use_env and os.environ.get(ENV_VAR):
            paths = [Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p] + paths
        if not paths:
            return cls.default()
        default_layers, sectors, modifiers = _packaged()
        layers = list(default_layers)
        sectors = dict(sectors)
        modifiers = set(modifiers)
        for path in paths:
            data = load_file(path)
            layers.append(data.entries)
            sectors.update({k: code for k, (code, _) in data.sectors.items()})
            modifiers |= data.modifiers
        return cls(layers, sectors, modifiers)

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[ActorEntry],
        *,
        sectors: Mapping[str, str] | None = None,
        modifiers: Iterable[str] | None = None,
        include_defaults: bool = False,
        strict: bool = True,
        rules: MatchRules | None = None,
    ) -> ActorBase:
        """A base built from entries made in code (e.g. read from a PETRARCH dictionary).

        Entries must not contradict each other (DataError naming their ``source``). Foreign
        dictionaries often do (one name under two entries): with ``strict=False`` the first
        entry keeps a contested name, a repeated id replaces the earlier entry, and names with
        no letters are dropped. With ``include_defaults`` the entries override the packaged
        data; ``sectors`` (noun -> role code) and ``modifiers`` default to the packaged ones.
        ``rules`` sets how phrases are matched (default: dyad's own; ``MatchRules.tabari()``
        for TABARI/PETRARCH dictionaries).
        """
        entries = list(entries) if strict else _lenient(entries)
        check_unique(entries)
        default_layers, default_sectors, default_modifiers = _packaged()
        layers = (list(default_layers) if include_defaults else []) + [entries]
        return cls(
            layers,
            default_sectors if sectors is None else sectors,
            default_modifiers if modifiers is None else modifiers,
            rules,
        )

    def _build(self, layers: list[list[ActorEntry]]) -> None:
        for layer in layers:
            for entry in layer:
                self._entries[entry.id] = entry
        owner: dict[str, int] = {}
        keys_of: dict[str, set[str]] = {}
        for layer_no, layer in enumerate(layers):
            for entry in layer:
                if self._entries[entry.id] is not entry:
                    continue  # replaced by a later layer
                keys = keys_of.setdefault(entry.id, set())
                for name in entry.names:
                    key = exact_key(name)
                    if not key:
                        raise DataError(f"{entry.source}: name {name!r} of {entry.id!r} is empty after normalisation")
                    keys.add(key)
                    prev = self._exact.get(key)
                    if prev is not None and prev != entry.id and owner[key] == layer_no:
                        raise DataError(
                            f"{entry.source}: name {name!r} of {entry.id!r} is already a name of "
                            f"{prev!r} ({self._entries[prev].source})"
                        )
                    self._exact[key] = entry.id
                    owner[key] = layer_no
        folded: dict[str, set[str]] = {}
        for key, entry_id in self._exact.items():
            folded.setdefault(" ".join(fold_tokens(key.split())), set()).add(entry_id)
        # Short single words have too many neighbours once folded (Male/Mali, Angulla/Angola):
        # they must match exactly, or be listed as names.
        self._fold = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1 and (" " in k or len(k) >= _MIN_FOLD)}
        # entries whose code depends on the date: their roles, newest first (as role_on orders them)
        self._dated = {
            e.id: tuple(sorted(e.codes, key=lambda r: r.start or date.min, reverse=True))
            for e in self._entries.values()
            if len(e.codes) != 1 or e.codes[0].start is not None or e.codes[0].end is not None
        }
        # TABARI stems: a name whose last word may be the start of a longer word (ARGENTIN)
        self._stems = {k: self._exact[k] for k in self._rules.stem_keys() if k in self._exact}
        self._stem_lens = sorted({len(k.rsplit(" ", 1)[-1]) for k in self._stems}, reverse=True)
        self._stem_words = frozenset(k for k in self._stems if " " not in k)
        self._prefixes = self._rules.prefix_keys()
        phrases = (*self._exact, *self._sectors, *self._modifiers, *self._prefixes)
        self._starts = frozenset(k.split()[0] for k in phrases)
        # every word of a multi-word name: TABARI skips the others inside a phrase
        self._name_words = frozenset(w for k in self._exact if " " in k for w in k.split())
        self._fstarts = frozenset(k.split()[0] for k in self._fold if k)
        lengths = [len(k.split()) for k in phrases]
        self._max_len = min(max(lengths, default=1), 8)

    # --- lookup -----------------------------------------------------------------------------

    def lookup(self, text: str, date: date | None = None) -> ActorMatch | None:
        """The actor ``text`` names, coded for ``date`` (None: its most recent role).

        ``date`` may also be a datetime (its day is used) or an ISO ``YYYY-MM-DD`` string.
        """
        if date is not None and type(date) is not _DATE:
            date = _as_day(date)
        by_text = self._hot.get(date)
        if by_text is None:
            if len(self._hot) >= _MAX_DAYS:
                self._hot.clear()
            by_text = self._hot[date] = {}
        hot = by_text.get(text, _MISSING)
        if hot is not _MISSING:
            return hot  # type: ignore[return-value]
        idx = self._cache.get(text)
        if idx is None:
            idx = self._intern(text)
        if idx < 0:
            match = None
        else:
            # int keys: (resolution << 16) | position of the role valid on the date (0: undated;
            # 0x8000 + position: no role valid, the nearest one decides), read off a timeline
            key: object = idx << 16
            timeline = self._res_roles[idx]
            if timeline is not None:
                bounds, positions = timeline
                key = key | positions[bisect_right(bounds, date.toordinal()) if date is not None else 0]  # type: ignore[operator]
            match = self._matches.get(key, _MISSING)  # type: ignore[assignment]
            if match is _MISSING:
                if len(self._matches) >= _MAX_CACHE:
                    self._matches.clear()
                match = self._matches[key] = self._match(self._res_list[idx], date)
        if len(by_text) >= _MAX_CACHE:
            by_text.clear()
        by_text[text] = match
        return match

    def _intern(self, text: str) -> int:
        """Resolve ``text`` once; its resolution gets a small int id (-1: nothing)."""
        toks = tokens(text)
        if len(self._fold_cache) >= _MAX_CACHE:
            self._fold_cache.clear()
        res = self._resolve(toks)
        if res is not None and _guard_fails(toks, text):
            key = " ".join(toks)  # "Port-au-Prince" is a name; "au" alone or "us forces" are not
            if key in _GUARDED or key not in self._exact:
                res = None
        if res is None:
            idx = -1
        else:
            idx = self._res_ids.get(res, -1)
            if idx < 0:
                idx = self._res_ids[res] = len(self._res_list)
                self._res_list.append(res)
                roles = self._dated.get(res[0]) if res[0] is not None else None
                self._res_roles.append(None if roles is None else _timeline(roles))
        if len(self._cache) >= _MAX_CACHE:
            self._cache.clear()
        self._cache[text] = idx
        return idx

    def clear_cache(self) -> None:
        """Forget resolved texts and matches (they are rebuilt on demand; answers do not change)."""
        self._cache.clear()
        self._fold_cache.clear()
        self._res_ids.clear()
        self._res_list.clear()
        self._res_roles.clear()
        self._matches.clear()
        self._hot.clear()

    def country_of(self, text: str, date: date | None = None) -> str | None:
        """The country code a name, adjective, place or phrase belongs to ("Emirati" -> ARE)."""
        m = self.lookup(text, date)
        if m is None or len(m.code) < 3:
            return None
        head = m.code[:3]
        entry = self._entries.get(head)
        return head if entry is not None and entry.kind == "country" else None

    def sector_of(self, text: str) -> str | None:
        """The role code of a sector noun or phrase ("troops" -> MIL), else None."""
        return self._sectors.get(exact_key(text))

    def entry(self, entry_id: str) -> ActorEntry:
        try:
            return self._entries[entry_id]
        except KeyError:
            raise KeyError(f"no actor entry with id {entry_id!r}") from None

    def entries(self) -> Iterator[ActorEntry]:
        return iter(self._entries.values())

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """(surface text, entry id) for every name, alias, adjective and metonym in the base."""
        for entry in self._entries.values():
            for name in entry.names:
                if self._exact.get(exact_key(name)) == entry.id:
                    yield name, entry.id

    def sector_nouns(self) -> dict[str, str]:
        """Normalised sector noun -> role code."""
        return dict(self._sectors)

    def find(self, query: str) -> list[ActorEntry]:
        """Entries whose code (any role) starts with ``query`` or whose name is ``query``."""
        q = query.strip().upper()
        out = [e for e in self._entries.values() if any(r.code.startswith(q) for r in e.codes)] if q else []
        by_name = self._exact.get(exact_key(query)) or self._fold.get(" ".join(fold_tokens(tokens(query))))
        if by_name and self._entries[by_name] not in out:
            out.insert(0, self._entries[by_name])
        return out

    def __len__(self) -> int:
        return len(self._entries)

    # --- resolution -------------------------------------------------------------------------

    def _named(self, toks: list[str], ftoks: list[str], i: int, j: int) -> str | None:
        """The entry named by ``toks[i:j]`` exactly or, failing that, after folding."""
        hit = self._exact.get(" ".join(toks[i:j]))
        if hit is None:
            hit = self._fold.get(" ".join([f for f in ftoks[i:j] if f]))
        if hit is None and self._stems:
            hit = self._stemmed(toks, i, j)
        return hit

    def _stemmed(self, toks: list[str], i: int, j: int) -> str | None:
        """The entry whose stem name begins ``toks[i:j]``'s last word (the longest stem wins)."""
        last = toks[j - 1]
        head = " ".join(toks[i : j - 1])
        for size in self._stem_lens:
            if size < len(last):
                hit = self._stems.get(f"{head} {last[:size]}" if head else last[:size])
                if hit is not None:
                    return hit
        return None

    def _phrase_at(self, toks: list[str], k: int) -> bool:
        """A name, agent or prefix phrase begins at ``toks[k]`` (a word that is never skipped)."""
        for size in range(min(self._max_len, len(toks) - k), 0, -1):
            key = " ".join(toks[k : k + size])
            if key in self._exact or key in self._sectors or key in self._prefixes:
                return True
        return False

    def _stem_start(self, tok: str) -> bool:
        return any(size < len(tok) and tok[:size] in self._stem_words for size in self._stem_lens)

    def _resolve(self, toks: list[str]) -> _Resolution | None:
        if not toks:
            return None
        ftoks = fold_each(toks, self._fold_cache)
        n = len(toks)
        hit = self._named(toks, ftoks, 0, n)
        if hit is not None:
            return (hit, None, None)
        if self._rules.skip_unknown and n > 2 and toks[-1] in self._name_words:
            # TABARI: words unknown to the dictionaries are skipped inside a name too
            # ("Ithilen state-run television" is ITHILEN_TELEVISION)
            keep = [k for k, t in enumerate(toks) if t in self._name_words]
            if 2 <= len(keep) < n and not any(self._phrase_at(toks, k) for k in range(n) if k not in keep):
                hit = self._named([toks[k] for k in keep], [ftoks[k] for k in keep], 0, len(keep))
                if hit is not None:
                    return (hit, None, None)
        if n > _MAX_PHRASE:
            return None  # a clause, not a noun phrase: titles and compositions are never this long
        for i in range(1, n):
            hit = self._named(toks, ftoks, i, n)
            if hit is not None and self._entries[hit].kind in _NAMED:
                segs = self._segment(toks, ftoks, 0, i)
                if segs is not None and all(kind != "entity" or self._entries[v].kind in _TITLE_PLACES for kind, v in segs):
                    if not self._rules.combine_sectors:
                        return (hit, None, None)
                    # TABARI: the agents before a name are the name's ("rights activists of Gonzo GMO")
                    sector = combine("", [v for kind, v in segs if kind == "sector"]) or None
                    return (hit, sector, combine("", [v for kind, v in segs if kind == "prefix"]) or None)
        sector_key = " ".join(toks)
        if sector_key in self._sectors:
            return (None, self._sectors[sector_key], None)
        segs = self._segment(toks, ftoks, 0, n)
        if segs is None:
            return None
        entities = [v for kind, v in segs if kind == "entity"]
        if segs[-1][0] == "unknown" and not entities:
            return None  # an agent must be the head: "the official news agency" is no official
        sectors = [v for kind, v in segs if kind == "sector"]
        prefix = combine("", [v for kind, v in segs if kind == "prefix"]) or None
        sector = (combine("", sectors) or None) if self._rules.combine_sectors else _head_sector(sectors)
        kinds = sorted(self._entries[v].kind for v in entities)
        if kinds == ["country", "ethnic"]:
            # "Syrian Kurdish forces" -> SYRKURMIL: country, ethnic group, then the sector
            country = next(v for v in entities if self._entries[v].kind == "country")
            ethnic = next(self._entries[v] for v in entities if self._entries[v].kind == "ethnic")
            return (country, ethnic.codes[0].code + (sector or ""), prefix)
        if len(entities) > 1 and self._rules.skip_unknown and len({self._entries[v].codes[-1].code[:3] for v in entities}) == 1:
            # TABARI: "Bree Prime Minister Romendacil", both names of Bree: one actor, the name decides
            entities = entities[-1:]
        if len(entities) > 1:
            # "Israeli Prime Minister Benjamin Netanyahu's office": one person and the places
            # in their title; the person decides (their country on the date).
            people = [v for v in entities if self._entries[v].kind == "person"]
            others = [v for v in entities if self._entries[v].kind != "person"]
            if len(people) != 1 or not all(self._entries[v].kind in _TERRITORIAL for v in others):
                return None
            entities = people
        if not entities:
            return (None, sector, prefix) if sector or prefix else None
        entity = self._entries[entities[0]]
        if entity.kind == "person" and not sector and not self._rules.skip_unknown:
            return None
        return (entity.id, sector, prefix)

    def _segment(self, toks: list[str], ftoks: list[str], start: int, end: int) -> list[tuple[str, str]] | None:
        """Greedy longest-first split of ``toks[start:end]`` into actors, sector nouns and modifiers."""
        out: list[tuple[str, str]] = []
        skip = self._rules.skip_unknown
        i = start
        while i < end:
            if toks[i] not in self._starts and ftoks[i] and ftoks[i] not in self._fstarts \
                    and not (self._stem_words and self._stem_start(toks[i])):
                if not skip or toks[i] in ASSOCIATIONS:
                    return None  # no known phrase begins with this word
                out.append(("unknown", toks[i]))
                i += 1
                continue
            for size in range(min(self._max_len, end - i), 0, -1):
                key = " ".join(toks[i : i + size])
                if key in self._sectors:
                    out.append(("sector", self._sectors[key]))
                elif key in self._modifiers:
                    out.append(("modifier", key))
                elif key in self._prefixes:
                    out.append(("prefix", self._prefixes[key]))
                else:
                    hit = self._named(toks, ftoks, i, i + size)
                    if hit is None:
                        continue
                    out.append(("entity", hit))
                i += size
                break
            else:
                if not skip or toks[i] in ASSOCIATIONS:
                    return None
                out.append(("unknown", toks[i]))
                i += 1
        if len(out) >= 2 and out[-1][0] == "entity" and out[-2][0] == "modifier" and out[-2][1] in _NOT_BEFORE_NAME:
            return None  # "New Jersey" is not Jersey, "New Mexico" not Mexico ("the new Syrian army" is fine)
        return out

    def _match(self, res: _Resolution, day: date | None) -> ActorMatch | None:
        entry_id, sector, prefix = res
        if entry_id is None:
            if prefix:  # "a human rights body": the agent is an actor type of its own (NGO)
                return ActorMatch(combine(prefix, [sector or ""]), prefix, "group", "", None, sector)
            return ActorMatch(sector or "", sector or "", "sector", "", None, sector)
        entry = self._entries[entry_id]
        role = entry.role_on(day)
        if role is None:
            role = self._former(entry, day)
            if role is None:
                return None
        code = role.code
        kind = entry.kind
        if self._rules.combine_sectors:
            # TABARI: every agent code follows the actor's, a prefix goes before it
            if sector or prefix:  # each of several codes ("[FRO/BIL/SAM]") takes the agents
                code = "/".join((prefix or "") + combine(c, [sector or ""]) for c in code.split("/"))
                kind = "compound"
            return ActorMatch(code, entry.name, kind, entry.id, role, sector)
        if prefix:
            code = prefix + code
        if sector:
            if entry.kind in ("group", "igo"):
                # "Hezbollah fighters", "NATO troops": the group is the actor
                return ActorMatch(code, entry.name, kind, entry.id, role, None)
            if entry.kind == "person":
                # "the Trump administration": the government of the person's country
                country = code[:3]
                if self._entries.get(country) is None or self._entries[country].kind != "country":
                    return ActorMatch(code, entry.name, kind, entry.id, role, None)
                code = country
            if not code.endswith(sector):
                code += sector
            kind = "compound"
        return ActorMatch(code, entry.name, kind, entry.id, role, sector)

    def _former(self, entry: ActorEntry, day: date | None) -> Role | None:
        """A person out of office on ``day``, coded from their nearest role.

        A former (or future) state office holder is their country's elite, ``<country>ELI``, as
        PETRARCH codes former officials; a member of a group or party (Hamas, an opposition
        party) stays coded as such. Anyone else (an IGO official) has no code that day.
        """
        if entry.kind != "person" or day is None or not entry.codes:
            return None
        roles = self._dated.get(entry.id, entry.codes)
        nearest = min(roles, key=lambda r: _distance(r, day))
        country = nearest.code[:3]
        c = self._entries.get(country)
        if c is None or c.kind != "country":
            return None
        what = nearest.title or nearest.code
        if len(nearest.code) == 6 and nearest.code[3:] in _STATE_SECTORS:
            return Role(country + "ELI", None, None, f"out of office (nearest role: {what})")
        return Role(nearest.code, None, None, f"outside the dates of: {what}")


_MISSING = object()
_DATE = date


def _as_day(value: object) -> date:
    """A day from a datetime or an ISO string (the coder's documents carry either)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        return parse_date_arg(value, "date")
    raise InputError(f"date: {value!r} is not a date (expected datetime.date or YYYY-MM-DD)")


def _head_sector(sectors: list[str]) -> str | None:
    """The sector of a phrase: its last (head) noun's, unless a non-state armed or opposition
    word qualifies an armed-forces or leadership head: "rebel forces" are rebels, not an army,
    and an "insurgent leader" leads insurgents, not a government."""
    if not sectors:
        return None
    head = sectors[-1]
    if head in ("MIL", "COP", "GOV"):
        for qualifier in sectors[:-1]:
            if qualifier in _NON_STATE:
                return qualifier
    return head


def _role_position(roles: tuple[Role, ...], day: date) -> int:
    """1 + index of the role valid on ``day`` (newest first), or 0x8000 + index of the nearest."""
    for i, r in enumerate(roles, 1):
        if (r.start is None or r.start <= day) and (r.end is None or day <= r.end):
            return i
    if not roles:
        return 0
    return 0x8000 + min(range(len(roles)), key=lambda i: _distance(roles[i], day))


def _timeline(roles: tuple[Role, ...]) -> tuple[list[int], list[int]]:
    """The role position for every day, as sorted day boundaries and one position per interval.

    Position ``positions[0]`` is for no date (the newest role); for a day d it is
    ``positions[bisect_right(bounds, d.toordinal())]``. The position only changes where a role
    starts or ends, or halfway between a role's end and a later role's start (where the nearest
    role flips), so it is evaluated once per interval between those points.
    """
    points: set[int] = set()
    for r in roles:
        if r.start is not None:
            points.add(r.start.toordinal())
        if r.end is not None:
            points.add(r.end.toordinal() + 1)
    for a in roles:
        for b in roles:
            if a.end is not None and b.start is not None and a.end < b.start:
                mid = (a.end.toordinal() + b.start.toordinal()) // 2
                points.update((mid, mid + 1))
    bounds = sorted(p for p in points if 1 < p < date.max.toordinal())
    firsts = [bounds[0] - 1] + bounds if bounds else [date(2000, 1, 1).toordinal()]
    positions = [1 if roles else 0] + [_role_position(roles, date.fromordinal(d)) for d in firsts]
    # positions[0] (no date) sits before the bisect slots: shift bounds by one slot
    return [date.min.toordinal() - 1] + bounds, positions


def _lenient(entries: Iterable[ActorEntry]) -> list[ActorEntry]:
    """Entries without contradictions: later ids replace earlier ones, first entry keeps a name."""
    by_id: dict[str, ActorEntry] = {}
    for e in entries:
        by_id.pop(e.id, None)
        by_id[e.id] = e
    taken: set[str] = set()
    out = []
    for e in by_id.values():
        names = []
        for n in e.names:
            k = exact_key(n)
            if k and k not in taken:
                taken.add(k)
                names.append(n)
        if names and e.codes:
            out.append(ActorEntry(e.id, tuple(names), e.kind, tuple(e.codes), e.source, e.note))
    return out


def _guard_fails(toks: list[str], text: str) -> bool:
    """True if a guarded acronym ("us", "who") appears in ``text`` in lower case."""
    if _GUARDED.isdisjoint(toks):
        return False
    upper = {w.replace(".", "").lower() for w in _UPPER_WORD.findall(text)}
    return any(t in _GUARDED and t not in upper for t in toks)


def _distance(role: Role, day: date) -> int:
    if role.end is not None and role.end < day:
        return (day - role.end).days
    if role.start is not None and day < role.start:
        return (role.start - day).days
    return 0


@cache
def _packaged() -> tuple[tuple[list[ActorEntry], ...], dict[str, str], frozenset[str]]:
    """The packaged files as one layer (any contradiction between them is a DataError)."""
    merged = ActorData()
    for path in packaged_files():
        data = load_file(path)
        merged.entries.extend(data.entries)
        for key, (code, source) in data.sectors.items():
            if key in merged.sectors and merged.sectors[key][0] != code:
                raise DataError(f"{source}: sector noun {key!r} is also {merged.sectors[key][0]} at {merged.sectors[key][1]}")
            merged.sectors[key] = (code, source)
        merged.modifiers |= data.modifiers
    countries = [e for e in merged.entries if e.kind == "country"]
    others = [e for e in merged.entries if e.kind != "country"]
    taken = {exact_key(n) for e in merged.entries for n in e.names}
    layer = merge_countries(iso_countries(), countries, taken) + others
    check_unique(layer)
    sectors = {k: code for k, (code, _) in merged.sectors.items()}
    return (layer,), sectors, frozenset(merged.modifiers)


@cache
def _default_base() -> ActorBase:
    layers, sectors, modifiers = _packaged()
    return ActorBase(layers, sectors, modifiers)
