"""CAMEO code transforms (``transforms.tsv``): the code of an act embedded under another.

CAMEO codes "pledged to expel the ambassador" as an expressed intention (0356), "asked Russia to
help" as an appeal (02x), "demanded that Israel withdraw" as a demand (10x), "refused to sign" as a
rejection (12x): the embedding act, with a sub-code that names the embedded one. Which sub-code is
CAMEO knowledge, so it is data beside the codebook, checked on load like the codebook itself.

    >>> from dyad.codebook.transforms import load_transforms
    >>> load_transforms().apply("intent", "0874")
    '0356'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from dyad.errors import DataError

KINDS = ("intent", "threat", "offer", "appeal", "demand", "reject", "negation")
COLUMNS = ("kind", "embedded", "code")
ANY = "*"


@dataclass(frozen=True, slots=True)
class Transforms:
    """Per kind: embedded-code prefix -> code ("" = keep the embedded code), ``*`` the default."""

    tables: Mapping[str, Mapping[str, str]]

    def apply(self, kind: str, code: str) -> str | None:
        """The code of the whole for an embedded act ``code``; None: keep ``code`` as it is."""
        table = self.tables[kind]
        for n in (4, 3, 2):
            key = code[:n]
            if len(key) == n and key in table:
                return table[key] or None
        return table.get(ANY) or None

    def negations(self) -> dict[str, str]:
        """What a negated code means where no pattern says (exact codes: "010" -> "011")."""
        return dict(self.tables["negation"])


def parse_transforms(text: str, source: str = "transforms.tsv") -> Transforms:
    tables: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    header = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        where = f"{source}:{lineno}"
        if not header:
            if tuple(cells) != COLUMNS:
                raise DataError(f"{where}: header must be {'<TAB>'.join(COLUMNS)}, got {raw!r}")
            header = True
            continue
        if len(cells) == 2:
            cells.append("")
        if len(cells) != 3:
            raise DataError(f"{where}: expected 3 tab-separated fields, got {len(cells)}")
        kind, embedded, code = cells
        if kind not in tables:
            raise DataError(f"{where}: field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
        if code and not (code.isdigit() and 2 <= len(code) <= 4):
            raise DataError(f"{where}: field 'code': {code!r} is not a 2-4 digit CAMEO code")
        for key in _keys(embedded, where):
            if key in tables[kind]:
                raise DataError(f"{where}: {kind} {key!r} is given twice")
            tables[kind][key] = code
    if not header:
        raise DataError(f"{source}: no header line")
    for kind, table in tables.items():
        if kind != "negation" and ANY not in table:
            raise DataError(f"{source}: kind {kind!r} has no default row ('*')")
    return Transforms(MappingProxyType({k: MappingProxyType(v) for k, v in tables.items()}))


def _keys(embedded: str, where: str) -> list[str]:
    if embedded == ANY:
        return [ANY]
    if "-" in embedded:
        lo, _, hi = embedded.partition("-")
        if not (lo.isdigit() and hi.isdigit() and len(lo) == len(hi) == 2 and lo <= hi):
            raise DataError(f"{where}: field 'embedded': {embedded!r} is not a range of roots such as 10-20")
        return [f"{n:02d}" for n in range(int(lo), int(hi) + 1)]
    if not (embedded.isdigit() and 2 <= len(embedded) <= 4):
        raise DataError(f"{where}: field 'embedded': {embedded!r} is not a 2-4 digit code prefix")
    return [embedded]


@cache
def load_transforms() -> Transforms:
    """The packaged table, parsed and checked once per process."""
    text = resources.files("dyad.codebook").joinpath("transforms.tsv").read_text(encoding="utf-8")
    return parse_transforms(text)
