"""The scenario: issues, their scales, and each actor's capability, position and salience.

A scenario is the only input every forecasting model takes, so it is validated once, here, and
the models can trust it. Every number may carry a range (low, most likely, high) and a
justification, because a forecast is only as credible as the numbers fed to it, and the
sensitivity analysis draws from those ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dyad.errors import InputError

# Bounds every model can rely on, stated once (issue 16: 3,000 actors asked the EUM for 201 GiB).
# The EUM's memory is bounded by computing in blocks; these bound the time a scenario can cost.
MAX_ISSUES = 200
MAX_ACTORS = 500  # per issue
MAX_MAGNITUDE = 1e12  # any number: larger ones overflow the weights and the scale's width


@dataclass(frozen=True)
class Estimate:
    """One input number: the most likely value, an optional range and why it was chosen."""

    value: float
    low: float | None = None
    high: float | None = None
    why: str = ""

    @property
    def has_range(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    def bounds(self) -> tuple[float, float]:
        """(low, high); a number given without a range has zero width."""
        lo = self.value if self.low is None else self.low
        hi = self.value if self.high is None else self.high
        return lo, hi


@dataclass(frozen=True)
class Stake:
    """An actor on one issue."""

    code: str
    name: str
    capability: Estimate
    position: Estimate
    salience: Estimate


@dataclass(frozen=True)
class Scale:
    """The issue's continuum, with what its points mean in words (``anchors``)."""

    low: float
    high: float
    anchors: dict[float, str] = field(default_factory=dict)

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Issue:
    name: str
    scale: Scale
    stakes: tuple[Stake, ...]
    status_quo: Estimate | None = None
    description: str = ""

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stakes]

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Most likely (capability, position, salience) as arrays, in the scenario's actor order."""
        c = np.array([s.capability.value for s in self.stakes], dtype=float)
        x = np.array([s.position.value for s in self.stakes], dtype=float)
        sal = np.array([s.salience.value for s in self.stakes], dtype=float)
        return c, x, sal


@dataclass(frozen=True)
class Scenario:
    name: str
    issues: tuple[Issue, ...]
    source: str = "<scenario>"
    description: str = ""

    def issue(self, name: str) -> Issue:
        for issue in self.issues:
            if issue.name == name:
                return issue
        raise InputError(f"{self.source}: no issue named {name!r}")


def validate(scenario: Scenario) -> Scenario:
    """Check every rule a model relies on; raise InputError naming file, issue, actor and field.

    Rules: at least one issue and at most MAX_ISSUES; each issue has a scale with low < high, at
    least one actor and at most MAX_ACTORS, no duplicate actor code; every number finite and
    within +-MAX_MAGNITUDE; capability >= 0, salience within 0-1, position and status quo within
    the scale; ranges ordered low <= value <= high; and some actor with capability x salience > 0.
    """
    src = scenario.source
    if not scenario.issues:
        raise InputError(f"{src}: the scenario has no issues")
    if len(scenario.issues) > MAX_ISSUES:
        raise InputError(f"{src}: {len(scenario.issues)} issues; a scenario may have at most {MAX_ISSUES}")
    seen_issues: set[str] = set()
    for issue in scenario.issues:
        where = f"{src}: issue {issue.name!r}"
        if issue.name in seen_issues:
            raise InputError(f"{where}: duplicate issue name")
        seen_issues.add(issue.name)
        lo, hi = issue.scale.low, issue.scale.high
        for label, v in (("low", lo), ("high", hi)):
            if not (np.isfinite(v) and abs(v) <= MAX_MAGNITUDE):
                raise InputError(f"{where}: field 'scale.{label}': {v:g} is not a finite number within "
                                 f"+-{MAX_MAGNITUDE:g}")  # fmt: skip
        if not lo < hi:
            raise InputError(f"{where}: field 'scale': low ({lo:g}) must be below high ({hi:g})")
        if not issue.stakes:
            raise InputError(f"{where}: the issue has no actors")
        if len(issue.stakes) > MAX_ACTORS:
            raise InputError(f"{where}: {len(issue.stakes)} actors; an issue may have at most {MAX_ACTORS}")
        codes: set[str] = set()
        for st in issue.stakes:
            at = f"{where}, actor {st.code!r}"
            if st.code in codes:
                raise InputError(f"{at}: duplicate actor on this issue")
            codes.add(st.code)
            _check(st.capability, at, "capability", 0.0, MAX_MAGNITUDE)
            _check(st.salience, at, "salience", 0.0, 1.0)
            _check(st.position, at, "position", lo, hi)
        if issue.status_quo is not None:
            _check(issue.status_quo, where, "status_quo", lo, hi)
        if not any(st.capability.value * st.salience.value > 0 for st in issue.stakes):
            raise InputError(
                f"{where}: every actor has capability x salience = 0, so no model can weigh them; "
                "give at least one actor a positive capability and salience"
            )
    return scenario


def _check(est: Estimate, where: str, name: str, lo: float, hi: float) -> None:
    for label, v in (("value", est.value), ("low", est.low), ("high", est.high)):
        if v is None:
            continue
        if not np.isfinite(v):
            raise InputError(f"{where}: field {name!r}: {label} {v!r} is not a finite number")
        if not lo <= v <= hi:
            rng = f"{lo:g}-{hi:g}"
            kind = "the scale" if name in ("position", "status_quo") else "the allowed range"
            raise InputError(f"{where}: field {name!r}: {label} {v:g} is outside {kind} ({rng})")
    if est.low is not None and est.low > est.value:
        raise InputError(f"{where}: field {name!r}: low {est.low:g} is above the value {est.value:g}")
    if est.high is not None and est.high < est.value:
        raise InputError(f"{where}: field {name!r}: high {est.high:g} is below the value {est.value:g}")
