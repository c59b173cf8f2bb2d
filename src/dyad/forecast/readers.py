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

Also read: the classic CSV tables (``read_csv``) and the input files of the decide exchange-model
software (``read_decide``: ``#A`` actor, ``#P`` issue, ``#M`` scale point, ``#D`` actor issue
position salience power rows). Every reader bounds what a file may cost before any model runs:
at most MAX_FILE_BYTES, UTF-8 text only, YAML nested at most MAX_YAML_DEPTH deep and expanding
to at most MAX_YAML_NODES nodes (a 1 KB alias bomb expands to billions), CSV fields of at most
128 KB (Python's csv limit); the scenario limits themselves are in ``scenario.py``.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import InputError
from dyad.forecast.scenario import Estimate, Issue, Scale, Scenario, Stake, validate

MAX_FILE_BYTES = 20 * 2**20
MAX_YAML_DEPTH = 32
MAX_YAML_NODES = 200_000


def read_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; the format follows the extension (.yaml/.yml/.csv),
    and a ``.txt`` or ``.csv`` file whose first row starts with ``#`` is read as a decide file."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(p)
    if suffix in (".csv", ".tsv", ".txt"):
        text = read_text(p, "scenario")
        if text.lstrip().startswith(("#", "'#")):
            return read_decide(p, text)
        return read_csv(p, text=text)
    if not p.exists():
        raise InputError(f"{p}: scenario file not found")
    raise InputError(f"{p}: unknown scenario format {suffix!r} (use .yaml, .yml or .csv)")


def read_text(path: str | Path, what: str) -> str:
    """A file's text, or an InputError that names the file and why it cannot be read as text."""
    p = Path(path)
    try:
        if not p.is_file():
            raise InputError(f"{p}: {what} file not found" if not p.exists() else f"{p}: not a regular file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{p}: {size:,} bytes; a {what} file may have at most {MAX_FILE_BYTES:,}")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the {what} file: {exc.strerror or exc}") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{p}: UTF-16 text; convert it to UTF-8")
    if b"\x00" in data:
        raise InputError(f"{p}: a binary file (it holds NUL bytes), not a {what} file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{p}: line {line}: byte 0x{bad} is not UTF-8 (Latin-1?); save the file as UTF-8") from None


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit; the expanded size is checked after composing."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise InputError(f"line {mark.line + 1}: nested more than {MAX_YAML_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes the document holds once every alias is expanded (an alias bomb's is astronomical)."""
    key = id(node)
    if key not in memo:
        memo[key] = 1  # a node that refers to itself counts once
        if isinstance(node, yaml.SequenceNode):
            memo[key] = 1 + sum(_expanded_size(v, memo) for v in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    return memo[key]


def load_yaml(text: str, source: str) -> Any:
    """Parsed YAML within the bounds above; every failure is an InputError naming ``source``."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            size = _expanded_size(node, {})
            if size > MAX_YAML_NODES:
                raise InputError(f"{size:,} nodes once its aliases are expanded; at most {MAX_YAML_NODES:,} "
                                 "are allowed (an alias bomb?)")  # fmt: skip
        return None if node is None else loader.construct_document(node)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InputError(f"{source}: nested too deeply to read") from None
    finally:
        loader.dispose()


def read_yaml(path: str | Path) -> Scenario:
    p = Path(path)
    return scenario_from_dict(load_yaml(read_text(p, "scenario"), str(p)), source=str(p))


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
        v = float(raw)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{where}: field {name!r}: {_short(raw)} is not a number") from None
    if not math.isfinite(v):
        raise InputError(f"{where}: field {name!r}: {_short(raw)} is not a finite number")
    return v


def _short(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(d: dict[str, Any], key: str, where: str) -> str:
    v = d.get(key)
    if v is None or str(v).strip() == "":
        raise InputError(f"{where}: missing field {key!r}")
    return str(v)


def _list(v: Any, where: str, name: str) -> list[Any]:
    if not isinstance(v, list):
        raise InputError(f"{where}: field {name!r}: expected a list")
    return v


def csv_rows(text: str, source: str | Path, delimiter: str = ",") -> list[list[str]]:
    """All rows of a CSV text; a malformed one (a field over 128 KB...) names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        why = str(exc)
        if "field larger than field limit" in why:
            why = f"a field is longer than {csv.field_size_limit():,} characters (128 KB); is this the right file?"
        raise InputError(f"{source}: line {reader.line_num}: {why}") from None


def read_csv(path: str | Path, issue_name: str | None = None, text: str | None = None) -> Scenario:
    """Read a classic one-issue table with columns Actor, Capability, Position, Salience (0-1).

    Such tables carry no scale, so the scale is the span of the positions (widened by one unit
    on each side when every actor stands at the same point).
    """
    p = Path(path)
    text = read_text(p, "scenario") if text is None else text
    rows = csv_rows(text, p)
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


def read_decide(path: str | Path, text: str | None = None) -> Scenario:
    """Read an input file of the decide exchange-model software (tab-separated, fields optionally
    in single quotes): ``#A id name``, ``#P id name``, ``#M issue point`` (the scale is the span
    of an issue's points, else of its positions), ``#D actor issue position salience power``.
    Rows starting with another ``#`` tag (``#O``, ``#/``) are comments."""
    p = Path(path)
    text = read_text(p, "scenario") if text is None else text
    names: dict[str, str] = {}
    issues: dict[str, dict[str, Any]] = {}
    for lineno, row in enumerate(csv_rows(text, p, delimiter="\t"), start=1):
        cells = [c.strip().strip("'") for c in row]
        if not cells or not cells[0]:
            continue
        tag, rest, where = cells[0], cells[1:], f"{p}: line {lineno}"
        need = {"#A": 1, "#P": 1, "#M": 2, "#D": 5}.get(tag)
        if need is None:
            continue
        if len(rest) < need:
            raise InputError(f"{where}: a {tag} row needs {need} fields, got {len(rest)}")
        if tag == "#A":
            names[rest[0]] = rest[1] if len(rest) > 1 and rest[1] else rest[0]
        elif tag == "#P":
            issues.setdefault(rest[0], {"points": [], "positions": []})
        elif tag == "#M":
            _decide_issue(issues, rest[0], where)["points"].append(_number(rest[1], where, "scale point"))
        else:
            actor, issue = rest[0], rest[1]
            if actor not in names:
                raise InputError(f"{where}: actor {actor!r} has no #A row")
            pos, sal, power = (_number(v, f"{where}, actor {actor!r}", f) for v, f in
                               zip(rest[2:5], ("position", "salience", "power")))  # fmt: skip
            _decide_issue(issues, issue, where)["positions"].append(
                {"actor": actor, "name": names[actor], "position": pos, "salience": sal, "capability": power})
    if not issues:
        raise InputError(f"{p}: no #P (issue) rows; is this a decide input file?")
    doc = {"name": p.stem, "issues": []}
    for name, d in issues.items():
        xs = d["points"] or [e["position"] for e in d["positions"]] or [0.0]
        lo, hi = min(xs), max(xs)
        doc["issues"].append({"name": name, "scale": {"low": lo, "high": hi if hi > lo else lo + 1},
                              "positions": d["positions"]})  # fmt: skip
    return scenario_from_dict(doc, source=str(p))


def _decide_issue(issues: dict[str, dict[str, Any]], name: str, where: str) -> dict[str, Any]:
    if name not in issues:
        raise InputError(f"{where}: issue {name!r} has no #P row")
    return issues[name]
