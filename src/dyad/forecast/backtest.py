"""Backtest the models on recorded outcomes of EU legislative issues (the DEU tables), scored by
cross-validation that leaves whole proposals out.

The file is the DEU III table (tab-separated, quoted): for each issue the positions ``p<actor>``
and saliences ``s<actor>`` (0-100) of the Commission, the Parliament and the member states, the
procedure (``proc``: COD co-decision, CNS consultation), the Council's voting rule (``counvte``:
QMV, Unan), the reference point ``rp`` and the outcome ``out``. Actors lacking a position or a
salience are left out of an issue; issues without an outcome are skipped. The score is the mean
absolute error on the 0-100 scale.

A *predictor* is a registered model (``dyad.forecast.models``) run on capabilities from a
*scheme*: ``equal`` (every actor 1), ``council`` (Nice-treaty Council votes for the member
states, Commission and Parliament each given the weight of the largest state, 29; public treaty
facts), ``file`` (the file's second line) or ``procedure`` (fitted: see ``ProcedureScheme``).
Some predictors have fitted parameters (``compromise-exponents``, ``@procedure``, ``ensemble``):
each is fitted on the proposals of the other folds only and scored on the held-out fold, so every
reported figure is a cross-validated MAE; a predictor without fitted parameters scores the same
as on the whole table. Differences to the reference (the compromise model) come with a 95%
interval from a paired bootstrap over proposals (issues of one proposal are not independent).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from dyad.errors import InputError
from dyad.forecast.base import Model
from dyad.forecast.batch import Cases, IssueBatch
from dyad.forecast.models import make_model
from dyad.forecast.readers import csv_rows, read_text

# Council votes under the Treaty of Nice (EU-28 after Croatia joined in 2013).
NICE_VOTES = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3, "com": 29, "ep": 29,
}  # fmt: skip
INSTITUTIONS = ("com", "ep")
REFERENCE = "compromise"


@dataclass(frozen=True)
class DeuIssue:
    id: str
    actors: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray  # 0-1
    reference: float | None
    outcome: float
    file_weight: np.ndarray = field(default_factory=lambda: np.zeros(0))
    proposal: str = ""
    procedure: str = ""  # COD | CNS
    voting: str = ""  # QMV | Unan


def read_deu(path: str | Path) -> list[DeuIssue]:
    """The issues of a DEU table that have an outcome, with the actors that have both numbers."""
    p = Path(path)
    rows = csv_rows(read_text(p, "DEU"), p, delimiter="\t")
    if not rows:
        raise InputError(f"{p}: empty file")
    head = [h.strip() for h in rows[0]]
    if "out" not in head:
        raise InputError(f"{p}: line 1: no 'out' (outcome) column; is this a DEU table?")
    skip = ("prnr", "prname", "proc", "proccde")
    actors = [h[1:] for h in head if h.startswith("p") and "s" + h[1:] in head and h not in skip]
    if not actors:
        raise InputError(f"{p}: line 1: no p<actor>/s<actor> column pairs")
    pi = [head.index("p" + a) for a in actors]
    si = [head.index("s" + a) for a in actors]
    col = {name: head.index(name) if name in head else None for name in ("rp", "isnr", "prnr", "proc", "counvte")}
    file_w = np.zeros(len(actors))
    out: list[DeuIssue] = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(head):
            raise InputError(f"{p}: line {lineno}: expected {len(head)} fields, got {len(row)}")
        cell = lambda name: row[col[name]].strip() if col[name] is not None else ""  # noqa: E731
        if col["isnr"] is not None and not cell("isnr"):
            file_w = np.array([_num(row[i], p, lineno, head[i], 0.0, math.inf) or 0.0 for i in pi])
            continue
        outcome = _num(row[head.index("out")], p, lineno, "out")
        if outcome is None:
            continue
        pos = [_num(row[i], p, lineno, head[i]) for i in pi]
        sal = [_num(row[i], p, lineno, head[i]) for i in si]
        keep = [k for k in range(len(actors)) if pos[k] is not None and sal[k] is not None]
        if not keep:
            continue
        out.append(
            DeuIssue(
                id=cell("isnr") or str(lineno),
                actors=tuple(actors[k] for k in keep),
                position=np.array([pos[k] for k in keep], float),
                salience=np.array([sal[k] for k in keep], float) / 100.0,
                reference=_num(row[col["rp"]], p, lineno, "rp") if col["rp"] is not None else None,
                outcome=outcome,
                file_weight=file_w[keep],
                proposal=cell("prnr") or cell("isnr") or str(lineno),
                procedure=cell("proc"),
                voting=cell("counvte"),
            )
        )
    if not out:
        raise InputError(f"{p}: no issue has an outcome")
    return out


def _num(cell: str, p: Path, lineno: int, col: str, lo: float = 0.0, hi: float = 100.0) -> float | None:
    """A number of the table, or None for an empty cell; anything else names line and column."""
    cell = cell.strip()
    if cell == "":
        return None
    try:
        v = float(cell)
    except ValueError:
        raise InputError(f"{p}: line {lineno}: column {col!r}: {cell[:40]!r} is not a number") from None
    if not math.isfinite(v):
        raise InputError(f"{p}: line {lineno}: column {col!r}: {cell!r} is not a finite number")
    if not lo <= v <= hi:
        raise InputError(f"{p}: line {lineno}: column {col!r}: {v:g} is outside {lo:g}-{hi:g}")
    return v


# --- capability schemes -----------------------------------------------------------------------


def capabilities(issue: DeuIssue, scheme: str) -> np.ndarray:
    if scheme == "equal":
        return np.ones(len(issue.actors))
    if scheme == "council":
        return np.array([NICE_VOTES.get(a, 0) for a in issue.actors], float)
    if scheme == "file":
        return issue.file_weight.copy()
    raise InputError(f"unknown capability scheme {scheme!r} (equal, council, file, procedure)")


@dataclass(frozen=True)
class ProcedureScheme:
    """Capabilities that follow the legislative procedure of the issue.

    Member states carry their Council votes, or equal weight under unanimity when
    ``unanimity_equal`` (each holds a veto); the Parliament weighs ``ep_cod`` times the Council's
    total under co-decision and ``ep_cns`` times it under consultation (it is only consulted);
    the Commission ``com`` times it. The three shares are fitted (grid search on the training
    proposals only).
    """

    ep_cod: float = 0.2
    ep_cns: float = 0.05
    com: float = 0.2
    unanimity_equal: bool = False

    def __call__(self, issue: DeuIssue) -> np.ndarray:
        c = capabilities(issue, "council")
        states = np.array([a not in INSTITUTIONS for a in issue.actors])
        if self.unanimity_equal and issue.voting.lower().startswith("unan") and states.any():
            c[states] = c[states].mean()
        total = c[states].sum() if states.any() else 1.0
        for k, a in enumerate(issue.actors):
            if a == "ep":
                c[k] = (self.ep_cod if issue.procedure == "COD" else self.ep_cns) * total
            elif a == "com":
                c[k] = self.com * total
        return c


PROCEDURE_GRID = [
    ProcedureScheme(ep_cod, ep_cns, com, ueq)
    for ep_cod, ep_cns, com, ueq in itertools.product(
        (0.0, 0.1, 0.2, 0.3), (0.0, 0.05, 0.1), (0.05, 0.1, 0.2, 0.3), (False, True)
    )
]
EXPONENT_GRID = list(itertools.product((0.0, 0.5, 1.0, 1.5, 2.0), (0.5, 1.0, 1.5, 2.0)))


# --- predictors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixed:
    """A registered model with fixed parameters on capabilities from a scheme (name or callable).

    Predictions depend on the issues' inputs only, never on outcomes, so they are computed once
    per issue and reused across folds (``cache``).
    """

    label: str
    model: Model
    scheme: Any = "equal"
    cache: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def parameters(self) -> dict[str, Any]:
        scheme = self.scheme if isinstance(self.scheme, str) else {"procedure": vars(self.scheme)}
        return {"model": self.model.name, **self.model.parameters, "capabilities": scheme}

    def fit(self, train: Sequence[DeuIssue]) -> Fixed:
        return self

    def predict(self, issues: Sequence[DeuIssue]) -> np.ndarray:
        todo = [i for i in issues if i.id not in self.cache]
        if todo:
            self.cache.update(zip((i.id for i in todo), self._compute(todo)))
        return np.array([self.cache[i.id] for i in issues])

    def _caps(self, issue: DeuIssue) -> np.ndarray:
        return capabilities(issue, self.scheme) if isinstance(self.scheme, str) else self.scheme(issue)

    def _batch(self, issues: Sequence[DeuIssue], linked: bool) -> IssueBatch:
        b = len(issues)
        sq = [np.nan if i.reference is None else i.reference for i in issues]
        return IssueBatch(
            capability=np.stack([self._caps(i) for i in issues]),
            position=np.stack([i.position for i in issues]),
            salience=np.stack([i.salience for i in issues]),
            low=np.zeros(b), high=np.full(b, 100.0), status_quo=np.array(sq, float),
            actors=issues[0].actors if linked else None,
        )  # fmt: skip

    def _compute(self, issues: Sequence[DeuIssue]) -> list[float]:
        out: dict[str, float] = {}
        if self.model.name == "exchange":  # issues of one proposal are traded together
            for group in _groups(issues, lambda i: i.proposal):
                cases = Cases(tuple(self._batch([i], linked=True) for i in group))
                out.update(zip((i.id for i in group), self.model.predict(cases)[0]))
        else:  # one batched call per number of actors
            for group in _groups(issues, lambda i: len(i.actors)):
                values = self.model.predict(Cases((self._batch(group, linked=False),)))[:, 0]
                out.update(zip((i.id for i in group), values))
        return [float(out[i.id]) for i in issues]


def _groups(issues: Sequence[DeuIssue], key: Any) -> list[list[DeuIssue]]:
    groups: dict[Any, list[DeuIssue]] = {}
    for i in issues:
        groups.setdefault(key(i), []).append(i)
    return list(groups.values())


@dataclass(frozen=True)
class GridFit:
    """The candidate with the lowest MAE on the training issues (first one on ties)."""

    label: str
    candidates: tuple[Fixed, ...]
    chosen: Fixed | None = None

    def parameters(self) -> dict[str, Any]:
        return {"fitted": "grid search on the training proposals", "grid_size": len(self.candidates),
                **({"chosen": self.chosen.parameters()} if self.chosen else {})}  # fmt: skip

    def fit(self, train: Sequence[DeuIssue]) -> GridFit:
        y = np.array([i.outcome for i in train])
        errors = [np.abs(c.predict(train) - y).mean() for c in self.candidates]
        return replace(self, chosen=self.candidates[int(np.argmin(errors))])

    def predict(self, issues: Sequence[DeuIssue]) -> np.ndarray:
        if self.chosen is None:
            raise RuntimeError(f"{self.label}: predict before fit")
        return self.chosen.predict(issues)


@dataclass(frozen=True)
class Ensemble:
    """A convex combination of member predictors, weights minimising the training MAE (an LP)."""

    label: str
    members: tuple[Fixed, ...]
    weights: tuple[float, ...] = ()

    def parameters(self) -> dict[str, Any]:
        return {"fitted": "convex weights minimising the training MAE",
                "members": [m.label for m in self.members],
                **({"weights": [round(w, 4) for w in self.weights]} if self.weights else {})}  # fmt: skip

    def fit(self, train: Sequence[DeuIssue]) -> Ensemble:
        from scipy.optimize import linprog

        x = np.stack([m.predict(train) for m in self.members], 1)
        y = np.array([i.outcome for i in train])
        n, k = x.shape
        # minimise sum t subject to |x w - y| <= t, w >= 0, sum w = 1
        cost = np.r_[np.zeros(k), np.ones(n)]
        a_ub = np.block([[x, -np.eye(n)], [-x, -np.eye(n)]])
        a_eq = np.r_[np.ones(k), np.zeros(n)][None]
        res = linprog(cost, A_ub=a_ub, b_ub=np.r_[y, -y], A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
        w = res.x[:k] if res.success else np.full(k, 1.0 / k)
        return replace(self, weights=tuple(float(v) for v in w))

    def predict(self, issues: Sequence[DeuIssue]) -> np.ndarray:
        if not self.weights:
            raise RuntimeError(f"{self.label}: predict before fit")
        x = np.stack([m.predict(issues) for m in self.members], 1)
        return np.clip(x @ np.array(self.weights), 0.0, 100.0)


Predictor = Fixed | GridFit | Ensemble


def predictor(spec: str) -> Predictor:
    """A predictor from its name: ``model[:preset][@scheme]`` for a registered model (``eum:paper@council``),
    ``compromise-exponents[@scheme]``, ``<model>@procedure`` (fitted scheme) or ``ensemble``."""
    name, at, scheme = spec.partition("@")
    scheme = scheme or "equal"
    if name == "ensemble" and at:
        raise InputError(f"backtest model {spec!r}: the ensemble takes no capability scheme (only a plain model does)")
    if name == "ensemble":
        members = ("compromise@council", "compromise", "mean", "median@council", "exchange@council")
        return Ensemble(spec, tuple(predictor(m) for m in members))  # type: ignore[misc]
    if scheme == "procedure":
        base = predictor(name)
        if not isinstance(base, Fixed):
            raise InputError(f"backtest model {spec!r}: only a plain model takes @procedure")
        return GridFit(spec, tuple(Fixed(spec, base.model, s) for s in PROCEDURE_GRID))
    if scheme not in ("equal", "council", "file"):
        raise InputError(f"backtest model {spec!r}: unknown capability scheme {scheme!r} (equal, council, file, procedure)")
    if name == "compromise-exponents":
        models = [make_model("compromise", capability_exponent=a, salience_exponent=b) for a, b in EXPONENT_GRID]
        return GridFit(spec, tuple(Fixed(spec, m, scheme) for m in models))
    model, _, preset = name.partition(":")
    if preset and model != "eum":
        raise InputError(f"backtest model {spec!r}: only eum takes a preset (eum:paper)")
    return Fixed(spec, make_model(model, preset or "scholz-code"), scheme)


# --- cross-validation and the bootstrap -------------------------------------------------------


def folds_by_proposal(issues: Sequence[DeuIssue], k: int, seed: int) -> np.ndarray:
    """Fold number per issue: proposals dealt at random (seeded) into ``k`` folds, so every issue of
    a proposal lands in the same fold."""
    proposals = sorted({i.proposal for i in issues})
    if not 2 <= k <= len(proposals):
        raise InputError(f"--folds: {k} is outside 2-{len(proposals)} (the number of proposals)")
    order = np.random.default_rng(seed).permutation(len(proposals))
    fold = {p: int(order[n]) % k for n, p in enumerate(proposals)}
    return np.array([fold[i.proposal] for i in issues])


def cross_validated(pred: Predictor, issues: Sequence[DeuIssue], folds: np.ndarray) -> np.ndarray:
    """Every issue's forecast from ``pred`` fitted on the other folds' issues only."""
    out = np.empty(len(issues))
    for k in np.unique(folds):
        train = [i for i, f in zip(issues, folds) if f != k]
        test_rows = np.flatnonzero(folds == k)
        fitted = pred.fit(train)
        out[test_rows] = fitted.predict([issues[r] for r in test_rows])
    return out


def paired_bootstrap(err: np.ndarray, ref: np.ndarray, proposals: Sequence[str], draws: int, seed: int) -> tuple[float, float]:
    """95% interval of MAE(err) - MAE(ref), resampling whole proposals with replacement."""
    ids = sorted(set(proposals))
    index = {p: n for n, p in enumerate(ids)}
    group = np.array([index[p] for p in proposals])
    diff_sum = np.bincount(group, weights=np.abs(err) - np.abs(ref), minlength=len(ids))
    count = np.bincount(group, minlength=len(ids)).astype(float)
    pick = np.random.default_rng(seed).integers(0, len(ids), size=(draws, len(ids)))
    stats = diff_sum[pick].sum(1) / count[pick].sum(1)
    lo, hi = np.percentile(stats, [2.5, 97.5])
    return float(lo), float(hi)


DEFAULT_MODELS = (
    "compromise", "compromise@council", "mean", "median", "median@council", "nash", "nash@council",
    "eum:scholz-code", "eum:scholz-code@council", "eum:paper", "exchange", "exchange@council",
    "compromise-exponents@council", "compromise@procedure", "ensemble",
)  # fmt: skip


def backtest(
    path: str | Path,
    models: Sequence[str] = DEFAULT_MODELS,
    folds: int = 10,
    seed: int = 0,
    bootstrap: int = 2000,
) -> dict[str, Any]:
    """Cross-validated MAE of every predictor, and its difference to the compromise model with a
    95% paired-bootstrap interval over proposals."""
    if not 100 <= bootstrap <= 100_000:
        raise InputError(f"--bootstrap: {bootstrap} is outside 100-100000")
    issues = read_deu(path)
    preds = [predictor(m) for m in models]
    fold = folds_by_proposal(issues, folds, seed)
    y = np.array([i.outcome for i in issues])
    proposals = [i.proposal for i in issues]
    ref = cross_validated(predictor(REFERENCE), issues, fold) - y
    rows: dict[str, dict[str, Any]] = {}
    for pred in preds:
        err = cross_validated(pred, issues, fold) - y
        lo, hi = paired_bootstrap(err, ref, proposals, bootstrap, seed)
        last = pred.fit(issues) if not isinstance(pred, Fixed) else pred  # the fit on all data, for the record
        rows[pred.label] = {
            "cv_mae": round(float(np.abs(err).mean()), 2),
            "diff_to_compromise": round(float(np.abs(err).mean() - np.abs(ref).mean()), 2),
            "diff_95": [round(lo, 2), round(hi, 2)],
            "fitted": not isinstance(pred, Fixed),
            "parameters": last.parameters(),
        }
    with_rp = [i for i in issues if i.reference is not None]
    best = min(rows, key=lambda k: rows[k]["cv_mae"])
    return {
        "issues": len(issues),
        "proposals": len(set(proposals)),
        "folds": folds,
        "seed": seed,
        "bootstrap": bootstrap,
        "reference": REFERENCE,
        "models": rows,
        "mae": {k: v["cv_mae"] for k, v in rows.items()},
        "best": best,
        "status_quo_mae": round(float(np.mean([abs(i.reference - i.outcome) for i in with_rp])), 2) if with_rp else None,
        "issues_with_reference_point": len(with_rp),
    }
