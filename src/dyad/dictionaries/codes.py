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

from typing import Any

from dyad.codebook.model import EventType


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
