"""The actor model: entries with dated roles, and the match a lookup returns.

Kept apart from the loader and the index so that other packages (the PETRARCH dictionary reader,
the coder) can build and inspect entries without touching YAML or normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("country", "person", "igo", "group", "ethnic", "region", "sector", "compound")


@dataclass(frozen=True, slots=True)
class Role:
    """One CAMEO code an actor held, optionally bounded by dates (both ends inclusive).

    An actor whose code never changes has one undated Role; a politician has one Role per office.
    """

    code: str
    start: date | None = None
    end: date | None = None
    title: str | None = None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """A named actor: its names (the first is canonical), kind and codes over time.

    ``source`` says where the entry came from ("file:line"), so that errors and ``dyad actors
    show`` can point a person at the line to edit.
    """

    id: str
    names: tuple[str, ...]
    kind: str
    codes: tuple[Role, ...]
    source: str = ""
    note: str | None = None

    @property
    def name(self) -> str:
        return self.names[0]

    def role_on(self, day: date | None) -> Role | None:
        """The role valid on ``day``; with no day, the most recent role (latest start).

        Where two roles overlap (a deputy prime minister who is also foreign minister), the one
        that started last wins, because news about a date names the newest office.
        """
        if not self.codes:
            return None
        if day is None:
            return max(self.codes, key=_start_key)
        valid = [r for r in self.codes if r.valid_on(day)]
        if not valid:
            return None
        return max(valid, key=_start_key)


def _start_key(role: Role) -> date:
    return role.start or date.min


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """What a lookup found: the CAMEO code for the text (on the date asked), and why.

    ``entry_id`` is the entry the name resolved to (for a composition such as "Israeli forces",
    the country's entry); ``role`` is the dated role used, if any; ``sector`` the role code
    that a sector noun added. Matches are shared between lookups (they are immutable), which
    is why the looked-up text is not part of them.
    """

    code: str
    name: str
    kind: str
    entry_id: str
    role: Role | None = None
    sector: str | None = None
