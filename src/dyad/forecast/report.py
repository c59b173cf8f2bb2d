"""Turn model results into the forecast report: the JSON contract, a text table and a plot.

JSON contract (``dyad forecast --format json``)::

    {"parameters": {"<model>": {...}}, "issues": [{"name", "forecasts": {"<model>": number},
     "rounds": [{"round": 0, "positions": {"<actor name>": number}, "median", "mean"}, ...]}]}

Round 0 is the input. Rounds after 0 come from the EUM when it ran; they also list ``moves``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dyad.forecast.result import ForecastResult, Round
from dyad.forecast.scenario import Scenario
from dyad.forecast.static import weighted_mean, weighted_median


def input_round(issue) -> Round:
    c, x, s = issue.arrays()
    w = c * s
    return Round(0, dict(zip(issue.names, map(float, x))), float(weighted_median(x, w)), float(weighted_mean(x, w)))


def to_dict(scenario: Scenario, results: list[ForecastResult]) -> dict[str, Any]:
    issues = []
    for issue in scenario.issues:
        forecasts = {r.model: r.forecast(issue.name) for r in results}
        rounds: tuple[Round, ...] = (input_round(issue),)
        stop = ""
        for r in results:
            f = next(f for f in r.issues if f.issue == issue.name)
            if f.rounds:
                rounds, stop = f.rounds, f.stop
        entry: dict[str, Any] = {
            "name": issue.name,
            "forecasts": forecasts,
            "rounds": [rd.to_dict() for rd in rounds],
            "scale": {"low": issue.scale.low, "high": issue.scale.high,
                      "anchors": {f"{k:g}": v for k, v in issue.scale.anchors.items()}},
            "status_quo": None if issue.status_quo is None else issue.status_quo.value,
        }
        if stop:
            entry["stop"] = stop
        issues.append(entry)
    return {
        "scenario": scenario.name,
        "parameters": {r.model: r.parameters for r in results},
        "issues": issues,
    }


def anchor_text(issue, value: float) -> str:
    """The words of the anchor nearest to a value, to read a number on the issue's own terms."""
    if not issue.scale.anchors:
        return ""
    k = min(issue.scale.anchors, key=lambda a: abs(a - value))
    return f"nearest anchor {k:g}: {issue.scale.anchors[k]}"


def to_text(scenario: Scenario, results: list[ForecastResult]) -> str:
    data = to_dict(scenario, results)
    lines = [f"scenario: {scenario.name}"]
    for issue, d in zip(scenario.issues, data["issues"]):
        lines.append("")
        sq = "" if d["status_quo"] is None else f", status quo {d['status_quo']:g}"
        lines.append(f"issue {d['name']} (scale {issue.scale.low:g}-{issue.scale.high:g}{sq})")
        for model, v in d["forecasts"].items():
            lines.append(f"  {model:<11} {v:8.2f}   {anchor_text(issue, v)}")
        if len(d["rounds"]) > 1:
            names = list(d["rounds"][0]["positions"])
            width = max(len(n) for n in names)
            lines.append("  EUM rounds (positions; median, mean):")
            head = "  " + " " * width + "".join(f"{r['round']:>7}" for r in d["rounds"])
            lines.append(head)
            for n in names:
                lines.append("  " + n.ljust(width) + "".join(f"{r['positions'][n]:7.1f}" for r in d["rounds"]))
            lines.append("  " + "median".ljust(width) + "".join(f"{r['median']:7.2f}" for r in d["rounds"]))
            lines.append("  " + "mean".ljust(width) + "".join(f"{r['mean']:7.2f}" for r in d["rounds"]))
            for r in d["rounds"][1:]:
                for m in r.get("moves", []):
                    lines.append(
                        f"  round {r['round']}: {m['actor']} takes {m['from']}'s {m['offer']} "
                        f"offer, {m['start']:.2f} -> {m['end']:.2f}"
                    )
            if d.get("stop"):
                lines.append(f"  stopped: {d['stop']}")
    return "\n".join(lines)


def plot_rounds(scenario: Scenario, results: list[ForecastResult], path: str | Path) -> Path:
    """Positions by round, one panel per issue (written with matplotlib's Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = to_dict(scenario, results)
    n = len(data["issues"])
    fig, axes = plt.subplots(n, 1, figsize=(10, 3.2 * n), squeeze=False)
    colours = plt.get_cmap("tab20").colors
    for ax, issue, d in zip(axes[:, 0], scenario.issues, data["issues"]):
        rounds = [r["round"] for r in d["rounds"]]
        for k, name in enumerate(d["rounds"][0]["positions"]):
            ax.plot(rounds, [r["positions"][name] for r in d["rounds"]], marker="o", ms=3,
                    color=colours[k % len(colours)], label=name)
        ax.plot(rounds, [r["median"] for r in d["rounds"]], "k--", lw=2, label="median")
        ax.set_title(d["name"])
        ax.set_xlabel("round")
        ax.set_ylim(issue.scale.low, issue.scale.high)
        ax.set_ylabel("position")
        ax.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
