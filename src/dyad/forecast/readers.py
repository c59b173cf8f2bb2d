"""Read scenarios from YAML (dyad's own format) or CSV (the classic ``Actor,Capability,Position,Salience``
tables of the EUM literature), turning every defect into an InputError that names the place.

YAML layout (see ``examples/syria-2025.yaml`` and ``docs/forecast.md``)::

    name: ...
    actors:                       # shared by all issues
      - {code: RUS, name: Russia, capability: {value: 60, low: 50, high: 70, why: "..."}}
    issues:
      - name: russian-bases
        scale: {low: 0, high: 100, anchors: {0: "...", 50: "...", 100: "..."}}
        status_quo: {value: 50, why: "..."}
        positions:
          - {actor: RUS, position: {value: 90, why: "..."}, salience: {value: 0.8, why: "..."}}

A number is written as a plain number, as ``[low, most likely, high]``, or as a mapping with
``value`` and optional ``low``, ``high``, ``why``. An issue entry may override ``capability``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import InputError
from dyad.forecast.scenario import Estimate, Issue, Scale, Scenario, Stake, validate


def read_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; the format follows the extension (.yaml/.yml/.csv)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: scenario file not found")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(p)
    if suffix in (".csv", ".tsv", ".txt"):
        return read_csv(p)
    raise InputError(f"{p}: unknown scenario format {suffix!r} (use .yaml, .yml or .csv)")


def read_yaml(path: str | Path) -> Scenario:
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"{p}: not valid YAML: {str(exc).splitlines()[0]}") from None
    return scenario_from_dict(doc, source=str(p))


def scenario_from_dict(doc: Any, source: str = "<scenario>") -> Scenario:
    """Build a validated Scenario from parsed YAML/JSON data."""
    if not isinstance(doc, dict):
        raise InputError(f"{source}: expected a mapping with 'issues' at the top level")
    actors: dict[str, dict[str, Any]] = {}
    for i, a in enumerate(_list(doc.get("actors", []), source, "actors")):
        where = f"{source}: actors[{i}]"
        if not isinstance(a, dict):
            raise InputError(f"{where}: expected a mapping with code, name, capability")
        code = _text(a, "code", where)
        if code in actors:
            raise InputError(f"{source}: actor {code!r}: duplicate actor in 'actors'")
        actors[code] = a
    raw_issues = doc.get("issues")
    if raw_issues is None:
        raise InputError(f"{source}: missing field 'issues'")
    issues = [_issue(r, i, actors, source) for i, r in enumerate(_list(raw_issues, source, "issues"))]
    scen = Scenario(
        name=str(doc.get("name", Path(source).stem)),
        issues=tuple(issues),
        source=source,
        description=str(doc.get("description", "")),
    )
    return validate(scen)


def _issue(raw: Any, i: int, actors: dict[str, dict[str, Any]], source: str) -> Issue:
    if not isinstance(raw, dict):
        raise InputError(f"{source}: issues[{i}]: expected a mapping")
    name = _text(raw, "name", f"{source}: issues[{i}]")
    where = f"{source}: issue {name!r}"
    sc = raw.get("scale", {"low": 0, "high": 100})
    if not isinstance(sc, dict):
        raise InputError(f"{where}: field 'scale': expected a mapping with low, high, anchors")
    low = _number(sc.get("low", 0), where, "scale.low")
    high = _number(sc.get("high", 100), where, "scale.high")
    anchors_raw = sc.get("anchors") or {}
    if not isinstance(anchors_raw, dict):
        raise InputError(f"{where}: field 'scale.anchors': expected a mapping point -> words")
    anchors = {_number(k, where, "scale.anchors"): str(v) for k, v in anchors_raw.items()}
    sq = raw.get("status_quo")
    status_quo = None if sq is None else _estimate(sq, where, "status_quo")
    entries = raw.get("positions", raw.get("actors"))
    if entries is None:
        raise InputError(f"{where}: missing field 'positions' (the actors on this issue)")
    stakes = []
    for j, e in enumerate(_list(entries, where, "positions")):
        if not isinstance(e, dict):
            raise InputError(f"{where}: positions[{j}]: expected a mapping")
        code = e.get("actor", e.get("code"))
        if code is None:
            raise InputError(f"{where}: positions[{j}]: missing field 'actor'")
        code = str(code)
        at = f"{where}, actor {code!r}"
        base = actors.get(code, {})
        if not base and "name" not in e and actors:
            raise InputError(f"{at}: not listed under 'actors' (and no name given here)")
        cap_raw = e.get("capability", base.get("capability"))
        if cap_raw is None:
            raise InputError(f"{at}: missing field 'capability'")
        for fld in ("position", "salience"):
            if fld not in e:
                raise InputError(f"{at}: missing field {fld!r}")
        stakes.append(
            Stake(
                code=code,
                name=str(e.get("name", base.get("name", code))),
                capability=_estimate(cap_raw, at, "capability"),
                position=_estimate(e["position"], at, "position"),
                salience=_estimate(e["salience"], at, "salience"),
            )
        )
    return Issue(
        name=name,
        scale=Scale(low, high, anchors),
        stakes=tuple(stakes),
        status_quo=status_quo,
        description=str(raw.get("description", "")),
    )


def _estimate(raw: Any, where: str, name: str) -> Estimate:
    if isinstance(raw, dict):
        if "value" not in raw:
            raise InputError(f"{where}: field {name!r}: missing 'value'")
        low = raw.get("low")
        high = raw.get("high")
        return Estimate(
            value=_number(raw["value"], where, name),
            low=None if low is None else _number(low, where, f"{name}.low"),
            high=None if high is None else _number(high, where, f"{name}.high"),
            why=str(raw.get("why", raw.get("justification", "")) or ""),
        )
    if isinstance(raw, (list, tuple)):
        if len(raw) != 3:
            raise InputError(f"{where}: field {name!r}: a range is [low, most likely, high], got {raw!r}")
        lo, v, hi = (_number(r, where, name) for r in raw)
        return Estimate(value=v, low=lo, high=hi)
    return Estimate(value=_number(raw, where, name))


def _number(raw: Any, where: str, name: str) -> float:
    if isinstance(raw, bool) or raw is None:
        raise InputError(f"{where}: field {name!r}: {raw!r} is not a number")
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise InputError(f"{where}: field {name!r}: {raw!r} is not a number") from None


def _text(d: dict[str, Any], key: str, where: str) -> str:
    v = d.get(key)
    if v is None or str(v).strip() == "":
        raise InputError(f"{where}: missing field {key!r}")
    return str(v)


def _list(v: Any, where: str, name: str) -> list[Any]:
    if not isinstance(v, list):
        raise InputError(f"{where}: field {name!r}: expected a list")
    return v


def read_csv(path: str | Path, issue_name: str | None = None) -> Scenario:
    """Read a classic one-issue table with columns Actor, Capability, Position, Salience (0-1).

    Such tables carry no scale, so the scale is the span of the positions (widened by one unit
    on each side when every actor stands at the same point).
    """
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(f"{p}: empty file")
    header = [h.strip().lower() for h in rows[0]]
    need = ["actor", "capability", "position", "salience"]
    missing = [n for n in need if n not in header]
    if missing:
        raise InputError(f"{p}: line 1: missing column(s) {', '.join(missing)} (need {','.join(need)})")
    idx = {n: header.index(n) for n in need}
    stakes = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise InputError(f"{p}: line {lineno}: expected {len(header)} fields, got {len(row)}")
        name = row[idx["actor"]].strip()
        where = f"{p}: line {lineno}, actor {name!r}"
        if not name:
            raise InputError(f"{p}: line {lineno}: missing field 'Actor'")
        vals = {n: _number(row[idx[n]].strip(), where, n) for n in need[1:]}
        stakes.append(
            Stake(
                code=name,
                name=name,
                capability=Estimate(vals["capability"]),
                position=Estimate(vals["position"]),
                salience=Estimate(vals["salience"]),
            )
        )
    if not stakes:
        raise InputError(f"{p}: the table has no actors")
    xs = [s.position.value for s in stakes]
    lo, hi = min(xs), max(xs)
    if lo == hi:
        lo, hi = lo - 1.0, hi + 1.0
    issue = Issue(name=issue_name or p.stem, scale=Scale(lo, hi), stakes=tuple(stakes))
    return validate(Scenario(name=p.stem, issues=(issue,), source=str(p)))
