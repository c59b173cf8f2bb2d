"""The codebook's two record types and the lookup object that holds them.

Kept apart from the file reader so that code which only needs the types (the coder, the store)
does not pull in parsing, and so the lookup rules (leading zeros, parents) live in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dyad.errors import InputError

QUAD_NAMES: Mapping[int, str] = MappingProxyType(
    {
        1: "Verbal cooperation",
        2: "Material cooperation",
        3: "Verbal conflict",
        4: "Material conflict",
    }
)


def quad_for_root(root: str) -> int:
    """GDELT's root-to-quad mapping: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4.

    Phoenix's "penta" classes disagree on 09, 14 and 16; dyad follows GDELT so that its quad
    classes can be compared with GDELT's QuadClass column directly.
    """
    n = int(root)
    if not 1 <= n <= 20:
        raise InputError(f"CAMEO root code '{root}' is outside 01-20")
    if n <= 5:
        return 1
    if n <= 9:
        return 2
    if n <= 14:
        return 3
    return 4


def quad_class_of(code: str) -> int | None:
    """The quad class of any code by its root (01-20); None for a code outside CAMEO's roots
    (a foreign dictionary's WEIS-era "212", a malformed code)."""
    root = code[:2]
    if len(root) != 2 or not root.isdigit() or not 1 <= int(root) <= 20:
        return None
    return quad_for_root(root)


@dataclass(frozen=True, slots=True)
class EventType:
    """One CAMEO event code with the attributes analysis needs (scale, class, PLOVER type).

    ``plover`` is None for the statement (01) and appeal (02) families, which PLOVER dropped;
    dyad does not invent a mapping for them.
    """

    code: str
    name: str
    root_code: str
    quad_class: int
    goldstein: float
    plover: str | None = None
    plover_mode: str | None = None

    @property
    def quad_name(self) -> str:
        return QUAD_NAMES[self.quad_class]

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


class Codebook:
    """All CAMEO event codes and actor sector codes, looked up by code string.

    CAMEO codes are strings with leading zeros ("042", not 42): an integer-looking code that lost
    its zero is refused with a hint rather than silently repaired, because "42" in an input file
    usually means a spreadsheet ate the zero and other codes in that file are damaged too.
    """

    __slots__ = ("_events", "_sector_kinds", "_sectors")

    def __init__(self, events: Mapping[str, EventType], sectors: Mapping[str, tuple[str, str]]) -> None:
        """``sectors`` maps a sector code to (kind, name), as ``parse_sectors`` returns it."""
        self._events = MappingProxyType(dict(sorted(events.items())))
        self._sectors = MappingProxyType({code: name for code, (_, name) in sectors.items()})
        self._sector_kinds = MappingProxyType({code: kind for code, (kind, _) in sectors.items()})

    # -- event codes ------------------------------------------------------------------------

    def event(self, code: str) -> EventType:
        """The event type for ``code``; InputError (with a hint) when it is not a CAMEO code."""
        key = self._normalise(code)
        try:
            return self._events[key]
        except KeyError:
            raise InputError(self._unknown_message(key)) from None

    def events(self, root: str | None = None) -> list[EventType]:
        """Every event type in code order, or only those under one root code ("19")."""
        if root is None:
            return list(self._events.values())
        root_type = self.event(root)
        if not root_type.is_root:
            raise InputError(f"'{root}' is not a CAMEO root code (expected two digits, 01-20)")
        return [e for e in self._events.values() if e.root_code == root_type.code]

    def parent(self, code: str) -> EventType | None:
        """The next more general code: 4-digit -> 3-digit -> root; None for a root."""
        et = self.event(code)
        if et.is_root:
            return None
        if len(et.code) == 3:
            return self._events[et.root_code]
        return self._events.get(et.code[:3]) or self._events[et.root_code]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip() in self._events

    def __iter__(self) -> Iterator[EventType]:
        return iter(self._events.values())

    def __len__(self) -> int:
        return len(self._events)

    # -- sectors ----------------------------------------------------------------------------

    @property
    def sectors(self) -> Mapping[str, str]:
        """Actor role/sector code -> name ("MIL" -> "Military")."""
        return self._sectors

    @property
    def sector_kinds(self) -> Mapping[str, str]:
        """Sector code -> kind: political, society, organisation or religion."""
        return self._sector_kinds

    def is_sector(self, code: str) -> bool:
        return isinstance(code, str) and code in self._sectors

    # -- helpers ----------------------------------------------------------------------------

    def _normalise(self, code: object) -> str:
        if isinstance(code, int) and not isinstance(code, bool):
            candidates = [c for c in (f"{code:02d}", f"{code:03d}", f"{code:04d}") if c in self._events]
            hint = f"did you mean {' or '.join(repr(c) for c in candidates)}?" if candidates else ""
            raise InputError(
                f"CAMEO event code {code} given as a number: codes are strings with their leading "
                f"zeros{'; ' + hint if hint else ''}"
            )
        if not isinstance(code, str):
            raise InputError(f"CAMEO event code must be a string such as '042', got {code!r}")
        text = code.strip()
        if not (text.isascii() and text.isdigit() and 1 <= len(text) <= 4):
            raise InputError(
                f"'{code}' is not a CAMEO event code: expected 2-4 digits with leading zeros, "
                "such as '04', '042' or '0421'"
            )
        return text

    def _unknown_message(self, key: str) -> str:
        padded = "0" + key
        if not key.startswith("0") and padded in self._events:
            return (
                f"unknown CAMEO event code '{key}': CAMEO codes keep their leading zero, "
                f"did you mean '{padded}'?"
            )
        return (
            f"unknown CAMEO event code '{key}' (`dyad codebook list` shows the "
            f"{len(self._events)} known codes)"
        )
