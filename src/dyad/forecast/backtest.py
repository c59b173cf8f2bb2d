"""Backtest the models on recorded outcomes of EU legislative issues (the DEU tables).

The file is the DEU III table (tab-separated, quoted): for each issue the positions ``p<actor>``
and saliences ``s<actor>`` (0-100) of the Commission, the Parliament and the member states, the
reference point ``rp`` and the outcome ``out``. Actors lacking a position or a salience are left
out of an issue; issues without an outcome are skipped. The score is the mean absolute error on
the 0-100 scale.

Capability schemes: ``equal`` (every actor 1), ``council`` (Nice-treaty Council votes for the
member states, Commission and Parliament each given the weight of the largest state, 29; the
weights are public treaty facts), and ``file`` (the second line of the file, when present).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dyad.errors import InputError
from dyad.forecast.eum import EUMModel, run_batch
from dyad.forecast.static import nash_bargaining, weighted_mean, weighted_median

# Council votes under the Treaty of Nice (EU-28 after Croatia joined in 2013).
NICE_VOTES = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3, "com": 29, "ep": 29,
}


@dataclass(frozen=True)
class DeuIssue:
    id: str
    actors: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray  # 0-1
    reference: float | None
    outcome: float
    file_weight: np.ndarray = field(default_factory=lambda: np.zeros(0))


def read_deu(path: str | Path) -> list[DeuIssue]:
    """The issues of a DEU table that have an outcome, with the actors that have both numbers."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: DEU file not found")
    with p.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    if not rows:
        raise InputError(f"{p}: empty file")
    head = [h.strip() for h in rows[0]]
    if "out" not in head:
        raise InputError(f"{p}: line 1: no 'out' (outcome) column; is this a DEU table?")
    actors = [h[1:] for h in head if h.startswith("p") and "s" + h[1:] in head and h not in ("prnr", "prname", "proc", "proccde")]
    if not actors:
        raise InputError(f"{p}: line 1: no p<actor>/s<actor> column pairs")
    pi = [head.index("p" + a) for a in actors]
    si = [head.index("s" + a) for a in actors]
    oi, ri = head.index("out"), head.index("rp") if "rp" in head else None
    id_col = head.index("isnr") if "isnr" in head else None
    file_w = np.zeros(len(actors))
    out: list[DeuIssue] = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) < len(head):
            raise InputError(f"{p}: line {lineno}: expected {len(head)} fields, got {len(row)}")
        if id_col is not None and not row[id_col].strip():
            file_w = np.array([_num(row[i], p, lineno, head[i]) or 0.0 for i in pi])
            continue
        outcome = _num(row[oi], p, lineno, "out")
        if outcome is None:
            continue
        pos = [_num(row[i], p, lineno, head[i]) for i in pi]
        sal = [_num(row[i], p, lineno, head[i]) for i in si]
        keep = [k for k in range(len(actors)) if pos[k] is not None and sal[k] is not None]
        if not keep:
            continue
        rp = _num(row[ri], p, lineno, "rp") if ri is not None else None
        out.append(
            DeuIssue(
                id=row[id_col] if id_col is not None else str(lineno),
                actors=tuple(actors[k] for k in keep),
                position=np.array([pos[k] for k in keep], float),
                salience=np.array([sal[k] for k in keep], float) / 100.0,
                reference=rp,
                outcome=outcome,
                file_weight=file_w[keep],
            )
        )
    if not out:
        raise InputError(f"{p}: no issue has an outcome")
    return out


def _num(cell: str, p: Path, lineno: int, col: str) -> float | None:
    cell = cell.strip()
    if cell == "":
        return None
    try:
        return float(cell)
    except ValueError:
        raise InputError(f"{p}: line {lineno}: column {col!r}: {cell!r} is not a number") from None


def capabilities(issue: DeuIssue, scheme: str) -> np.ndarray:
    if scheme == "equal":
        return np.ones(len(issue.actors))
    if scheme == "council":
        return np.array([NICE_VOTES.get(a, 0) for a in issue.actors], float)
    if scheme == "file":
        return issue.file_weight.copy()
    raise InputError(f"unknown capability scheme {scheme!r} (equal, council, file)")


def predict(issue: DeuIssue, model: str, scheme: str = "equal") -> float:
    """One model's forecast for one DEU issue."""
    c = capabilities(issue, scheme)
    x, s = issue.position, issue.salience
    w = c * s
    if w.sum() <= 0:  # nobody weighs in: every actor counts the same (well-defined, documented)
        c, s = np.ones_like(c), np.ones_like(s)
        w = c * s
    if model == "compromise":
        return float(weighted_mean(x, w))
    if model == "median":
        return float(weighted_median(x, w))
    if model == "mean":
        return float(x.mean())
    if model == "nash":
        return float(nash_bargaining(x, w, 0.0, 100.0, issue.reference))
    if model.startswith("eum"):
        preset = model.split(":", 1)[1] if ":" in model else "scholz-code"
        sw = EUMModel.preset(preset).switches
        res = run_batch(x[None], c[None], s[None], sw)
        return float(res["median"][0, -1])
    raise InputError(f"unknown backtest model {model!r}")


DEFAULT_MODELS = ("compromise", "median", "nash", "eum:scholz-code", "eum:paper", "mean")


def predictions(issues: list[DeuIssue], model: str, scheme: str = "equal") -> np.ndarray:
    """Forecasts for many issues; the EUM runs batched over issues with the same number of actors."""
    if not model.startswith("eum"):
        return np.array([predict(i, model, scheme) for i in issues])
    preset = model.split(":", 1)[1] if ":" in model else "scholz-code"
    sw = EUMModel.preset(preset).switches
    out = np.empty(len(issues))
    groups: dict[int, list[int]] = {}
    for k, issue in enumerate(issues):
        groups.setdefault(len(issue.actors), []).append(k)
    for idx in groups.values():
        cs = []
        for k in idx:
            c, s = capabilities(issues[k], scheme), issues[k].salience
            if (c * s).sum() <= 0:
                c, s = np.ones_like(c), np.ones_like(s)
            cs.append((c, s))
        x = np.stack([issues[k].position for k in idx])
        c = np.stack([a for a, _ in cs])
        s = np.stack([b for _, b in cs])
        out[idx] = run_batch(x, c, s, sw)["median"][:, -1]
    return out


def backtest(
    path: str | Path,
    models: tuple[str, ...] = DEFAULT_MODELS,
    schemes: tuple[str, ...] = ("equal", "council"),
) -> dict[str, Any]:
    """MAE of each model (and capability scheme) against the recorded outcomes.

    Keys are the model name for equal capabilities and ``<model>@<scheme>`` otherwise.
    """
    issues = read_deu(path)
    y = np.array([i.outcome for i in issues])
    mae: dict[str, float] = {}
    for scheme in schemes:
        for m in models:
            if m == "mean" and scheme != "equal":
                continue
            key = m if scheme == "equal" else f"{m}@{scheme}"
            mae[key] = round(float(np.abs(predictions(issues, m, scheme) - y).mean()), 2)
    with_rp = [i for i in issues if i.reference is not None]
    if with_rp:
        mae["status-quo"] = round(float(np.mean([abs(i.reference - i.outcome) for i in with_rp])), 2)
    best = min((k for k in mae if k != "status-quo"), key=mae.__getitem__)
    return {"issues": len(issues), "mae": mae, "best": best, "issues_with_reference_point": len(with_rp)}
