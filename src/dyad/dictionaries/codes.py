"""Event codes a foreign dictionary brings that dyad's CAMEO codebook does not know.

The PETRARCH validation dictionaries use WEIS-era and test-only codes (``212``, ``174K``, ``903``,
``1010``); dyad's coder looks every code up in its codebook and, finding none, would drop the
event or shorten the code to its parent. Coding with a foreign dictionary must report the
dictionary's own codes, so the coder is given this codebook: a known code is answered by dyad's
codebook unchanged; an unknown one keeps its spelling, takes the scale and quad class of its
nearest known parent (``174K`` -> ``174``), or, with none, quad class 0 and Goldstein 0.0,
marking it as outside CAMEO.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dyad.codebook.model import EventType
from dyad.errors import InputError


class ForeignCodebook:
    """dyad's codebook, extended on the fly with the unknown codes of a foreign dictionary."""

    def __init__(self, base: Any | None = None) -> None:
        if base is None:
            from dyad.codebook import load_codebook

            base = load_codebook()
        self._base = base
        self._extra: dict[str, EventType] = {}

    def __getattr__(self, name: str) -> Any:  # everything else is the base codebook's
        return getattr(self._base, name)

    def _known(self, code: str) -> EventType | None:
        try:
            et = self._base.event(code)
        except Exception:  # noqa: BLE001 - any miss of the base codebook means "unknown"
            return None
        return et if et is not None and et.code == code else None

    def event(self, code: str) -> EventType:
        code = str(code).strip().upper()
        et = self._known(code)
        if et is not None:
            return et
        if code in self._extra:
            return self._extra[code]
        parent = next((p for k in range(len(code) - 1, 1, -1) if (p := self._known(code[:k]))), None)
        et = EventType(
            code=code,
            name=f"foreign code {code}" + (f" (under {parent.code})" if parent else ""),
            root_code=parent.root_code if parent else code[:2],
            quad_class=parent.quad_class if parent else 0,
            goldstein=parent.goldstein if parent else 0.0,
            plover=parent.plover if parent else None,
        )
        self._extra[code] = et
        return et


# --- the PETRARCH internal coding ontology (PICO) --------------------------------------------
#
# UD-PETRARCH codes internally with a hexadecimal "PICO" value per CAMEO code (``050:0x0080``,
# ``110:0x1007f``) and codes a negated verb as its value minus 0xFFFF: so "not 110" (0xFFFF + 0x80)
# is 050, "not 010" (0x1000) is 011 (0x1000 - 0xFFFF). A record file names its ontology
# (``<PICOfile>``); dyad reads from it only what a negation codes, as pairs of CAMEO codes.

_PICO_LINE = re.compile(r"^\s*([0-9A-Za-z]{2,4})\s*:\s*([-+0-9A-Fa-fx\s]+?)\s*(?:#.*)?$")
_PICO_TERM = re.compile(r"([-+]?)\s*(0x[0-9A-Fa-f]+|\d+)")
NEGATION_OFFSET = 0xFFFF


def read_pico(path: str | Path) -> dict[str, int]:
    """CAMEO code -> PICO value from an ontology file (``CODE:VALUE # comment``, VALUE a sum of
    signed hexadecimal terms such as ``-0xFFFF+0x0070``); unreadable lines are skipped, since
    they are comments or the null code ``---``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the coding ontology ({exc.strerror})") from exc
    out: dict[str, int] = {}
    for line in text.splitlines():
        m = _PICO_LINE.match(line)
        if not m:
            continue
        terms = _PICO_TERM.findall(m.group(2))
        if not terms or "".join(s + v for s, v in terms).replace(" ", "") != m.group(2).replace(" ", ""):
            continue
        out.setdefault(m.group(1), sum((-1 if s == "-" else 1) * int(v, 0) for s, v in terms))
    return out


def negation_pairs(pico: dict[str, int]) -> dict[str, str]:
    """Code -> the code its negation takes, where the ontology has one (the first code listed
    with that value)."""
    by_value: dict[int, str] = {}
    for code, value in pico.items():
        by_value.setdefault(value, code)
    return {code: by_value[value - NEGATION_OFFSET] for code, value in pico.items()
            if value - NEGATION_OFFSET in by_value}
