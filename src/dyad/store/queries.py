"""What analysis queries share: actor arguments, date ranges and the event filter.

An actor argument of three characters is a country (or CAMEO special such as IGO) and matches
every actor whose code starts with it (``SYR`` covers SYRGOV, SYRMIL, SYRREB...); a longer one is a
full actor code and matches exactly. Either must be present in the store: a code nobody has coded
is almost always a typo, so it is refused with suggestions rather than answered with zeros.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

import duckdb

from dyad.dates import parse_date_arg
from dyad.errors import InputError

ASSERTED = "asserted"


@dataclass(frozen=True)
class ActorArg:
    """An actor named in a query: which events columns it filters on, and the value."""

    code: str
    level: str  # "country" or "actor"

    def column(self, side: str) -> str:
        return f"{side}_country" if self.level == "country" else side


def resolve_actor(con: duckdb.DuckDBPyConnection, arg: str) -> ActorArg:
    code = arg.strip().upper()
    if not code:
        raise InputError("actor code: empty; give a country code (SYR) or a full actor code (SYRGOV)")
    if len(code) == 3:
        found = con.execute("SELECT count(*) FROM actors WHERE country = ?", [code]).fetchall()[0][0]
        level = "country"
    else:
        found = con.execute("SELECT count(*) FROM actors WHERE code = ?", [code]).fetchall()[0][0]
        level = "actor"
    if not found:
        known = [r[0] for r in con.execute(
            "SELECT DISTINCT country FROM actors UNION SELECT code FROM actors").fetchall()]
        close = difflib.get_close_matches(code, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"actor code {arg!r}: unknown, no event in the store involves it{hint}")
    return ActorArg(code, level)


@dataclass(frozen=True)
class DateRange:
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, since: str | date | None, until: str | date | None) -> "DateRange":
        s = None if since is None else parse_date_arg(since, "--since")
        u = None if until is None else parse_date_arg(until, "--until")
        if s and u and s > u:
            raise InputError(f"--since {s} is after --until {u}: an empty period; swap them")
        return cls(s, u)

    def sql(self, col: str = "date") -> tuple[str, list[object]]:
        """A WHERE fragment (always true when open) and its parameters."""
        parts, params = ["TRUE"], []
        if self.since:
            parts.append(f"{col} >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{col} <= ?")
            params.append(self.until)
        return " AND ".join(parts), params


def actor_name(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """A readable name for a node: the country's name for a three-letter code, else the actor's."""
    if len(code) == 3:
        try:
            import pycountry

            c = pycountry.countries.get(alpha_3=code)
            if c is not None:
                return getattr(c, "common_name", None) or c.name
        except (ImportError, LookupError, KeyError):
            pass
    rows = con.execute("SELECT name FROM actors WHERE code = ?", [code]).fetchall()
    return rows[0][0] if rows and rows[0][0] else code
