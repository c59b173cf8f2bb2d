"""One call from a scenario to the whole JSON-ready forecast: every chosen model's result, and
optionally the sensitivity analysis, the actor-code check and the evidence from a store.

The CLI (``dyad forecast``) and the web API (``POST /api/forecast`` with a scenario mapping) both
call this, so they return the same thing. The result holds only JSON types and finite numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.outfiles import check_output, drawn_by
from dyad.forecast.models import build_models, run_models
from dyad.forecast.readers import scenario_from_dict
from dyad.forecast.scenario import Scenario

PLOT_FORMATS = (".png", ".svg", ".pdf")


def forecast_scenario(
    scenario: Scenario,
    *,
    models: str = "all",
    preset: str = "scholz-code",
    rounds: int | None = None,
    monte_carlo: int = 0,
    seed: int = 0,
    noise: float = 1.0,
    check_codes: bool = True,
    con: Any = None,
    since: str | date | None = None,
) -> dict[str, Any]:
    """Every model's forecast of every issue (``report.to_dict``), plus ``actor_codes`` (each code
    against the actor base), ``sensitivity`` with ``monte_carlo`` runs, and ``evidence`` from the
    store ``con`` (an open dyad store connection) since ``since``."""
    from dyad.forecast import evidence, montecarlo, report

    chosen = build_models(models, preset, rounds)
    results = run_models(scenario, chosen)
    data = report.to_dict(scenario, results)
    if check_codes:
        data["actor_codes"] = evidence.check_codes(scenario)
    if monte_carlo:
        data["sensitivity"] = montecarlo.monte_carlo(scenario, chosen, monte_carlo, seed, noise=noise,
                                                      points=results).to_dict()  # fmt: skip
    if con is not None:
        data["evidence"] = evidence.store_evidence(con, scenario, since)
    check_finite(data)
    return data


def forecast_mapping(doc: Mapping[str, Any], **options: Any) -> dict[str, Any]:
    """``forecast_scenario`` for a scenario given as a mapping (parsed JSON or YAML), e.g. a web
    request body; a bad scenario raises InputError naming the field."""
    if not isinstance(doc, Mapping):
        raise InputError(f"<scenario>: a scenario is a mapping of fields (issues, actors), not {type(doc).__name__}")
    return forecast_scenario(scenario_from_dict(dict(doc), source="<scenario>"), **options)


def check_finite(value: Any, where: str = "forecast") -> None:
    """Fail loudly rather than emit NaN or Infinity, which are not JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{where}: {value!r} is not a finite number; please report this scenario")
    if isinstance(value, dict):
        for k, v in value.items():
            check_finite(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for k, v in enumerate(value):
            check_finite(v, f"{where}[{k}]")


FORECAST_PLOT = "dyad forecast --plot"


def check_plot_path(path: str | Path, *, force: bool = False, inputs: tuple[str | Path, ...] = ()) -> Path:
    """An image path dyad may write: a known format, in an existing directory, not one of
    ``inputs`` (the scenario, the store) nor another program's file unless ``force``."""
    p = Path(path)
    if p.suffix.lower() not in PLOT_FORMATS:
        raise InputError(f"--plot {p}: unknown image format {p.suffix!r} (use {', '.join(PLOT_FORMATS)})")
    return check_output(p, command=FORECAST_PLOT, flag="--plot", recognise=drawn_by(FORECAST_PLOT), force=force,
                        inputs=inputs)  # fmt: skip
