"""Read dyad's codebook files (``events.tsv``, ``sectors.tsv``) shipped inside the package.

The files are dyad's own, human-edited data; this module checks them on load (columns, root and
quad class consistent with the code, no duplicates) so an editing mistake fails loudly with the
file and line instead of skewing every Goldstein average downstream.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from dyad.codebook.model import Codebook, EventType, quad_for_root
from dyad.errors import DataError, InputError

EVENT_COLUMNS = ("code", "root", "quad", "goldstein", "plover", "plover_mode", "name")
SECTOR_COLUMNS = ("code", "kind", "name")
SECTOR_KINDS = ("political", "society", "organisation", "religion")


def _rows(text: str, source: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Tab-separated rows after '#' comments; the first non-comment line is the header."""
    out: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            if tuple(cells) != columns:
                raise DataError(
                    f"{source}:{lineno}: header must be {'<TAB>'.join(columns)}, got {line!r}"
                )
            header = cells
            continue
        if len(cells) != len(columns):
            raise DataError(
                f"{source}:{lineno}: expected {len(columns)} tab-separated fields, got {len(cells)}"
            )
        out.append((lineno, dict(zip(columns, cells))))
    if header is None:
        raise DataError(f"{source}: no header line")
    return out


def parse_events(text: str, source: str = "events.tsv") -> dict[str, EventType]:
    events: dict[str, EventType] = {}
    for lineno, row in _rows(text, source, EVENT_COLUMNS):
        where = f"{source}:{lineno}"
        code = row["code"]
        if not (code.isdigit() and 2 <= len(code) <= 4):
            raise DataError(f"{where}: field 'code': {code!r} is not a 2-4 digit CAMEO code")
        if code in events:
            raise DataError(f"{where}: field 'code': duplicate code {code!r}")
        if row["root"] != code[:2]:
            raise DataError(f"{where}: field 'root': {row['root']!r} but code {code} has root {code[:2]}")
        try:
            quad = quad_for_root(code[:2])
        except InputError as exc:  # root outside 01-20
            raise DataError(f"{where}: field 'code': {exc}") from None
        if row["quad"] != str(quad):
            raise DataError(f"{where}: field 'quad': {row['quad']!r} but root {code[:2]} is quad {quad}")
        try:
            goldstein = float(row["goldstein"])
        except ValueError:
            raise DataError(f"{where}: field 'goldstein': {row['goldstein']!r} is not a number") from None
        if not -10.0 <= goldstein <= 10.0:
            raise DataError(f"{where}: field 'goldstein': {goldstein} is outside -10..10")
        if not row["name"]:
            raise DataError(f"{where}: field 'name' is empty")
        events[code] = EventType(
            code=code,
            name=row["name"],
            root_code=code[:2],
            quad_class=quad,
            goldstein=goldstein,
            plover=row["plover"] or None,
            plover_mode=row["plover_mode"] or None,
        )
    for code in events:
        if len(code) > 2 and code[:2] not in events:
            raise DataError(f"{source}: code {code} has no root entry {code[:2]}")
    return events


def parse_sectors(text: str, source: str = "sectors.tsv") -> dict[str, tuple[str, str]]:
    """Sector code -> (kind, name)."""
    sectors: dict[str, tuple[str, str]] = {}
    for lineno, row in _rows(text, source, SECTOR_COLUMNS):
        code = row["code"]
        if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
            raise DataError(f"{source}:{lineno}: field 'code': {code!r} is not three capital letters")
        if code in sectors:
            raise DataError(f"{source}:{lineno}: field 'code': duplicate sector {code!r}")
        if row["kind"] not in SECTOR_KINDS:
            raise DataError(
                f"{source}:{lineno}: field 'kind': {row['kind']!r} is not one of {', '.join(SECTOR_KINDS)}"
            )
        if not row["name"]:
            raise DataError(f"{source}:{lineno}: field 'name' is empty")
        sectors[code] = (row["kind"], row["name"])
    return sectors


def _read_packaged(name: str) -> str:
    return resources.files("dyad.codebook").joinpath(name).read_text(encoding="utf-8")


@cache
def load_codebook() -> Codebook:
    """The packaged codebook, parsed and checked once per process."""
    return Codebook(parse_events(_read_packaged("events.tsv")), parse_sectors(_read_packaged("sectors.tsv")))


def load_codebook_from(events_path: Path, sectors_path: Path) -> Codebook:
    """A codebook from other files (tests, local variants); not cached."""
    return Codebook(
        parse_events(events_path.read_text(encoding="utf-8"), str(events_path)),
        parse_sectors(sectors_path.read_text(encoding="utf-8"), str(sectors_path)),
    )
