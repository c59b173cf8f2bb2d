"""The CAMEO codes the coder's rules use (``data/codes.yaml``) and the transforms beside the codebook.

A rule never spells a code: it asks for one by the name of its convention (``codes.code("riot")``),
tests a set by name (``codes.holds("violence", code)``), or asks the codebook's quad class where
that is what it means (``codes.material_conflict(code)``: claiming one's own act of force).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

import yaml

from dyad.codebook.model import quad_class_of
from dyad.codebook.transforms import Transforms, load_transforms
from dyad.errors import DataError

FILE = "codes.yaml"
_MATERIAL_CONFLICT = 4


@dataclass(frozen=True, slots=True)
class CodeRules:
    codes: Mapping[str, str]
    sets: Mapping[str, tuple[str, ...]]  # name -> code prefixes
    sectors: Mapping[str, frozenset[str]]
    transforms: Transforms

    def code(self, name: str) -> str:
        return self.codes[name]

    def holds(self, name: str, code: str | None) -> bool:
        """``code`` is in the named set (by prefix: "18" holds 183)."""
        return bool(code) and code.startswith(self.sets[name])  # type: ignore[union-attr]

    def material_conflict(self, code: str) -> bool:
        """Quad class 4 in the codebook (roots 15-20: force, reduced relations, coercion, violence)."""
        return quad_class_of(code) == _MATERIAL_CONFLICT

    def transform(self, kind: str, code: str) -> str | None:
        """The code of an act embedded under an intention, appeal, demand, ... (None: keep it)."""
        return self.transforms.apply(kind, code)


def parse_codes(text: str, source: str = FILE, transforms: Transforms | None = None) -> CodeRules:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"{source}: not valid YAML: {exc}") from exc
    for section in ("codes", "sets", "sectors"):
        if not isinstance(data.get(section), dict):
            raise DataError(f"{source}: section {section!r} missing or not a mapping")
    codes = {str(k): str(v) for k, v in data["codes"].items()}
    bad = [k for k, v in codes.items() if not (v.isdigit() and 2 <= len(v) <= 4)]
    if bad:
        raise DataError(f"{source}: codes {bad} are not 2-4 digit CAMEO codes")
    sets: dict[str, tuple[str, ...]] = {}
    for name, prefixes in data["sets"].items():
        if not isinstance(prefixes, list) or not all(str(p).isdigit() for p in prefixes):
            raise DataError(f"{source}: set {name!r} must be a list of code prefixes such as \"18\"")
        sets[str(name)] = tuple(str(p) for p in prefixes)
    sectors = {}
    for name, values in data["sectors"].items():
        if not isinstance(values, list) or not all(len(str(v)) == 3 for v in values):
            raise DataError(f"{source}: sectors {name!r} must be a list of three-letter sector codes")
        sectors[str(name)] = frozenset(str(v) for v in values)
    return CodeRules(MappingProxyType(codes), MappingProxyType(sets), MappingProxyType(sectors),
                     transforms or load_transforms())


@cache
def default_codes() -> CodeRules:
    """The packaged rules' codes and the codebook's transforms (read once per process)."""
    text = (resources.files("dyad.coder") / "data" / FILE).read_text(encoding="utf-8")
    return parse_codes(text, f"dyad/coder/data/{FILE}")
