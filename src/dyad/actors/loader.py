"""Actor data files (YAML) -> entries, sector nouns and modifier words.

One grammar for the packaged files and users' files (documented in docs/actors.md)::

    kind: person                 # default kind of this file's entries
    entries:
      - id: syr-ahmad-al-sharaa  # optional: defaults to the first name, slugged
        names: [Ahmad al-Sharaa, Abu Mohammad al-Jolani]
        code: SYRGOV             # one undated code, or:
        roles:
          - {code: SYRREBMUS, end: 2024-12-07, title: leader of HTS}
          - {code: SYRGOV, start: 2025-01-29, title: President}
    countries:
      - id: RUS
        names: [Russia]
        adjectives: [Russian, Russians]
        places: [Moscow]         # metonyms for the country itself
        seats: {GOV: [the Kremlin]}   # metonyms for one of its sectors -> RUSGOV
    sectors:
      MIL: [forces, troops]
    modifiers: [interim, acting]

Every problem is a DataError naming the file and line, because these files are edited by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dyad.actors.model import KINDS, ActorEntry, Role
from dyad.actors.normalize import exact_key, word_key
from dyad.actors.yamlfile import LineDict, read_yaml
from dyad.errors import DataError

CODE_RE = re.compile(r"^(?:[A-Z]{3}){1,5}$")
_TOP_KEYS = {"kind", "entries", "countries", "sectors", "modifiers"}
_ENTRY_KEYS = {"id", "names", "kind", "code", "roles", "note"}
_ROLE_KEYS = {"code", "start", "end", "title"}
_COUNTRY_KEYS = {"id", "names", "adjectives", "places", "seats", "note"}


@dataclass
class ActorData:
    """The content of one or more actor files, not yet indexed."""

    entries: list[ActorEntry] = field(default_factory=list)
    sectors: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (code, source)
    modifiers: set[str] = field(default_factory=set)


def slug(name: str) -> str:
    return exact_key(name).replace(" ", "-")


def load_file(path: Path) -> ActorData:
    """Read one actor file, checking it is consistent in itself."""
    doc = read_yaml(path)
    if doc is None:
        return ActorData()
    if not isinstance(doc, dict):
        raise DataError(f"{path}:1: an actor file is a mapping with 'entries', 'countries', 'sectors' or 'modifiers'")
    _check_keys(doc, _TOP_KEYS, path, "file")
    default_kind = doc.get("kind", "person")
    if default_kind not in KINDS:
        raise DataError(f"{path}:{_line(doc)}: unknown kind {default_kind!r} (one of {', '.join(KINDS)})")
    data = ActorData()
    for raw in _seq(doc, "entries", path):
        data.entries.append(_entry(raw, default_kind, path))
    for raw in _seq(doc, "countries", path):
        data.entries.extend(_country(raw, path))
    _sectors(doc.get("sectors") or {}, path, data)
    for word in _seq(doc, "modifiers", path):
        key = word_key(_str(word, path, _line(doc), "modifiers"))
        if not key:
            raise DataError(f"{path}:{_line(doc)}: modifier {word!r} has no letters or digits")
        data.modifiers.add(key)
    check_unique(data.entries)
    return data


def check_unique(entries: list[ActorEntry]) -> None:
    """Reject two entries with one id, or one name (after normalisation) on two entries."""
    ids: dict[str, ActorEntry] = {}
    keys: dict[str, ActorEntry] = {}
    for entry in entries:
        if entry.id in ids:
            raise DataError(f"{entry.source}: duplicate actor id {entry.id!r} (first at {ids[entry.id].source})")
        ids[entry.id] = entry
        for name in entry.names:
            key = exact_key(name)
            other = keys.get(key)
            if other is not None and other is not entry:
                raise DataError(
                    f"{entry.source}: name {name!r} of {entry.id!r} is already a name of {other.id!r} "
                    f"({other.source}); one name can only mean one actor"
                )
            keys[key] = entry


def _entry(raw: Any, default_kind: str, path: Path) -> ActorEntry:
    line = _line(raw)
    if not isinstance(raw, dict):
        raise DataError(f"{path}:{line}: an entry is a mapping with 'names' and 'code' or 'roles'")
    _check_keys(raw, _ENTRY_KEYS, path, "entry")
    names = _names(raw.get("names"), path, line)
    kind = raw.get("kind", default_kind)
    if kind not in KINDS:
        raise DataError(f"{path}:{line}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if ("code" in raw) == ("roles" in raw):
        raise DataError(f"{path}:{line}: entry {names[0]!r} needs exactly one of 'code' or 'roles'")
    if "code" in raw:
        roles = (Role(_code(raw["code"], path, line)),)
    else:
        if not isinstance(raw["roles"], list) or not raw["roles"]:
            raise DataError(f"{path}:{line}: 'roles' of {names[0]!r} must be a non-empty list")
        roles = tuple(_role(r, path, line) for r in raw["roles"])
        _check_overlaps(roles, names[0], path, line)
    entry_id = str(raw.get("id") or slug(names[0]))
    note = raw.get("note")
    return ActorEntry(entry_id, names, kind, roles, f"{path}:{line}", None if note is None else str(note))


def _check_overlaps(roles: tuple[Role, ...], name: str, path: Path, line: int) -> None:
    """Two roles with different codes that overlap by more than a hand-over day contradict each
    other: on those days the entry would have two codes."""
    for i, a in enumerate(roles):
        for b in roles[i + 1 :]:
            if a.code == b.code:
                continue
            first = max(a.start or date.min, b.start or date.min)
            last = min(a.end or date.max, b.end or date.max)
            if last.toordinal() - first.toordinal() >= 1:
                raise DataError(
                    f"{path}:{line}: roles of {name!r} contradict each other: {a.code} and {b.code} "
                    f"both hold from {first} to {last}"
                )


def _role(raw: Any, path: Path, entry_line: int) -> Role:
    line = _line(raw) or entry_line
    if not isinstance(raw, dict):
        raise DataError(f"{path}:{line}: a role is a mapping with 'code' and optional 'start', 'end', 'title'")
    _check_keys(raw, _ROLE_KEYS, path, "role")
    if "code" not in raw:
        raise DataError(f"{path}:{line}: role without 'code'")
    start, end = _date(raw.get("start"), path, line, "start"), _date(raw.get("end"), path, line, "end")
    if start and end and end < start:
        raise DataError(f"{path}:{line}: role ends ({end}) before it starts ({start})")
    title = raw.get("title")
    return Role(_code(raw["code"], path, line), start, end, None if title is None else str(title))


def _country(raw: Any, path: Path) -> list[ActorEntry]:
    line = _line(raw)
    if not isinstance(raw, dict) or "id" not in raw:
        raise DataError(f"{path}:{line}: a country is a mapping with 'id' (its CAMEO code) and names")
    _check_keys(raw, _COUNTRY_KEYS, path, "country")
    code = _code(raw["id"], path, line)
    names: list[str] = []
    for field_name in ("names", "adjectives", "places"):
        if field_name in raw:
            names.extend(_names(raw[field_name], path, line))
    src = f"{path}:{line}"
    out = [ActorEntry(code, tuple(dict.fromkeys(names)), "country", (Role(code),), src, raw.get("note"))]
    seats = raw.get("seats") or {}
    if not isinstance(seats, dict):
        raise DataError(f"{path}:{line}: 'seats' maps a sector code to names, e.g. {{GOV: [the Kremlin]}}")
    for sector, seat_names in seats.items():
        full = code + _code(sector, path, line)
        out.append(ActorEntry(full, _names(seat_names, path, line), "compound", (Role(full),), src))
    return out


def _sectors(raw: Any, path: Path, data: ActorData) -> None:
    if not isinstance(raw, dict):
        raise DataError(f"{path}: 'sectors' maps a role code to a list of nouns, e.g. {{MIL: [troops]}}")
    line = _line(raw)
    for code, words in raw.items():
        code = _code(code, path, line)
        for word in _names(words, path, line):
            key = _key(word, path, line)
            if key in data.sectors and data.sectors[key][0] != code:
                raise DataError(
                    f"{path}:{line}: sector noun {word!r} is listed under both {data.sectors[key][0]} and {code}"
                )
            data.sectors[key] = (code, f"{path}:{line}")


def _check_keys(raw: dict, allowed: set[str], path: Path, what: str) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise DataError(
            f"{path}:{_line(raw)}: unknown {what} field(s) {', '.join(sorted(map(str, unknown)))} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )


def _seq(doc: dict, key: str, path: Path) -> list:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise DataError(f"{path}:{_line(doc)}: '{key}' must be a list")
    return value


def _names(raw: Any, path: Path, line: int) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise DataError(f"{path}:{line}: 'names' must be a non-empty list of strings")
    out = []
    for item in raw:
        name = _str(item, path, line, "names")
        _key(name, path, line)
        out.append(name)
    return tuple(dict.fromkeys(out))


def _str(item: Any, path: Path, line: int, what: str) -> str:
    if not isinstance(item, str):
        raise DataError(f"{path}:{line}: {what}: {item!r} is not a string (quote it in YAML)")
    return item.strip()


def _key(name: str, path: Path, line: int) -> str:
    key = exact_key(name)
    if not key:
        raise DataError(f"{path}:{line}: name {name!r} has no letters or digits left after normalisation")
    return key


def _code(raw: Any, path: Path, line: int) -> str:
    code = str(raw).strip().upper() if raw is not None else ""
    if not CODE_RE.match(code):
        raise DataError(f"{path}:{line}: {raw!r} is not a CAMEO code (groups of three letters, e.g. SYRGOV)")
    return code


def _date(raw: Any, path: Path, line: int, what: str) -> date | None:
    if raw is None:
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise DataError(f"{path}:{line}: {what} {raw!r} is not a date (YYYY-MM-DD)") from None


def _line(raw: Any) -> int:
    return raw.line if isinstance(raw, LineDict) else 0
