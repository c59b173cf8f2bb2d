"""Turn model results into the forecast report: the JSON contract, a text table and a plot.

JSON contract (``dyad forecast --format json``, and ``api.forecast_mapping`` for the web)::

    {"scenario", "parameters": {"<model>": {...}},
     "issues": [{"name", "scale", "status_quo",
                 "forecasts": {"<model>": number},
                 "models": {"<model>": {"forecast", "status", "note", "nearest_anchor"}},
                 "rounds": [{"round": 0, "positions": {"<actor name>": number}, "median", "mean"}, ...],
                 "stop"}]}

Round 0 is the input. Rounds after 0 come from the EUM when it ran; they also list ``moves``.
The text report is rendered from that same dictionary, so the two cannot say different things:
by default one table per issue (each model, its nearest anchor, how it settled); the EUM's rounds
only with ``rounds_table``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dyad.outfiles import atomic_path, image_metadata
from dyad.forecast.result import ForecastResult, Round
from dyad.forecast.scenario import Issue, Scenario
from dyad.forecast.static import weighted_mean, weighted_median


def input_round(issue: Issue) -> Round:
    c, x, s = issue.arrays()
    w = c * s
    return Round(0, dict(zip(issue.names, map(float, x))), float(weighted_median(x, w)), float(weighted_mean(x, w)))


def nearest_anchor(issue: Issue, value: float) -> float | None:
    if not issue.scale.anchors:
        return None
    return min(issue.scale.anchors, key=lambda a: (abs(a - value), a))


def to_dict(scenario: Scenario, results: list[ForecastResult]) -> dict[str, Any]:
    issues = []
    for issue in scenario.issues:
        rounds: tuple[Round, ...] = (input_round(issue),)
        stop = ""
        models: dict[str, dict[str, Any]] = {}
        for r in results:
            f = r.issue(issue.name)
            if f.rounds:
                rounds, stop = f.rounds, f.note
            anchor = nearest_anchor(issue, f.forecast)
            models[r.model] = {"forecast": f.forecast, "status": f.status, "note": f.note,
                               "nearest_anchor": None if anchor is None else f"{anchor:g}"}  # fmt: skip
        entry: dict[str, Any] = {
            "name": issue.name,
            "scale": {"low": issue.scale.low, "high": issue.scale.high,
                      "anchors": {f"{k:g}": v for k, v in issue.scale.anchors.items()}},
            "status_quo": None if issue.status_quo is None else issue.status_quo.value,
            "forecasts": {name: m["forecast"] for name, m in models.items()},
            "models": models,
            "rounds": [rd.to_dict() for rd in rounds],
        }  # fmt: skip
        if stop:
            entry["stop"] = stop
        issues.append(entry)
    return {
        "scenario": scenario.name,
        "parameters": {r.model: r.parameters for r in results},
        "issues": issues,
    }


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def issue_text(d: dict[str, Any], rounds_table: bool = False, width: int = 100) -> list[str]:
    """One issue's screen: the forecasts, what each model's number rests on, the anchors."""
    import textwrap

    sq = "" if d["status_quo"] is None else f", status quo {d['status_quo']:g}"
    lines = [f"{d['name']}  (scale {d['scale']['low']:g}-{d['scale']['high']:g}{sq})",
             f"  {'model':<11} {'forecast':>8}  {'anchor':>6}  how it settled, why"]  # fmt: skip
    for name, m in d["models"].items():
        words = m["note"] or m["status"] or "-"
        wrapped = textwrap.wrap(words, width - 32) or ["-"]
        lines.append(f"  {name:<11} {m['forecast']:8.1f}  {m['nearest_anchor'] or '-':>6}  {wrapped[0]}")
        lines += [" " * 32 + w for w in wrapped[1:]]
    for point, words in d["scale"]["anchors"].items():
        lines.append(_clip(f"  anchor {point:>5}: {words}", width))
    if rounds_table and len(d["rounds"]) > 1:
        lines += rounds_text(d["rounds"])
    return lines


def rounds_text(rounds: list[dict[str, Any]]) -> list[str]:
    """The EUM's positions by round, then every move."""
    names = list(rounds[0]["positions"])
    width = max(len(n) for n in names)
    lines = ["  EUM rounds (positions; median, mean):",
             "  " + " " * width + "".join(f"{r['round']:>7}" for r in rounds)]  # fmt: skip
    for n in names:
        lines.append("  " + n.ljust(width) + "".join(f"{r['positions'][n]:7.1f}" for r in rounds))
    lines.append("  " + "median".ljust(width) + "".join(f"{r['median']:7.2f}" for r in rounds))
    lines.append("  " + "mean".ljust(width) + "".join(f"{r['mean']:7.2f}" for r in rounds))
    for r in rounds[1:]:
        for m in r.get("moves", []):
            lines.append(f"  round {r['round']}: {m['actor']} takes {m['from']}'s {m['offer']} "
                         f"offer, {m['start']:.2f} -> {m['end']:.2f}")  # fmt: skip
    return lines


def to_text(data: dict[str, Any], rounds_table: bool = False) -> str:
    """The whole report as text, from the JSON-ready dictionary (``api.forecast_scenario``)."""
    lines = [f"scenario: {data['scenario']}"]
    lines += codes_text(data.get("actor_codes", []))
    sens = {i["name"]: i["forecasts"] for i in data["sensitivity"]["issues"]} if "sensitivity" in data else {}
    for d in data["issues"]:
        lines.append("")
        lines += issue_text(d, rounds_table)
        if d["name"] in sens:
            from dyad.forecast.montecarlo import model_lines

            s = data["sensitivity"]
            lines.append(f"  sensitivity ({s['runs']} runs, seed {s['seed']}, noise x{s['noise']:g}):")
            for model, m in sens[d["name"]].items():
                lines += model_lines(model, m)
    if "evidence" in data:
        lines.append("")
        lines += evidence_text(data["evidence"])
    return "\n".join(lines)


def summary_text(data: dict[str, Any]) -> str:
    """One table for the whole scenario: a row per issue, its status quo and each model's forecast,
    for a reader who wants the answers before the reasons (``dyad forecast --summary``)."""
    models = list(data["issues"][0]["models"]) if data["issues"] else []
    name_w = max([len("issue"), *(len(d["name"]) for d in data["issues"])])
    head = f"{'issue':<{name_w}}  {'scale':>7}  {'status quo':>10}" + "".join(f"  {m:>10}" for m in models)
    lines = [f"scenario: {data['scenario']}: each model's forecast per issue", head]
    for d in data["issues"]:
        scale = f"{d['scale']['low']:g}-{d['scale']['high']:g}"
        sq = "-" if d["status_quo"] is None else f"{d['status_quo']:g}"
        lines.append(f"{d['name']:<{name_w}}  {scale:>7}  {sq:>10}"
                     + "".join(f"  {d['models'][m]['forecast']:10.1f}" for m in models))  # fmt: skip
    return "\n".join(lines)


def codes_text(codes: list[dict[str, Any]], show: int = 4) -> list[str]:
    """One line on the scenario's actor codes: how many the actor base knows, the unknown ones."""
    coded = [c for c in codes if c["is_code"]]
    if not codes:
        return []
    if not coded:
        return ["actor codes: none (the actors are named, not coded, so --db cannot match them to events)"]
    unknown = [c for c in coded if not c["known"]]
    words = [f"{c['code']}" + (f" (did you mean {', '.join(c['did_you_mean'])}?)" if c["did_you_mean"] else "")
             for c in unknown[:show]]  # fmt: skip
    more = f" and {len(unknown) - show} more" if len(unknown) > show else ""
    named = len(codes) - len(coded)
    tail = f"; {named} actors named, not coded" if named else ""
    return [f"actor codes: {len(coded) - len(unknown)} of {len(coded)} known to the actor base"
            + (f"; unknown: {'; '.join(words)}{more}" if unknown else "") + tail]


def evidence_text(ev: dict[str, Any], top: int = 12) -> list[str]:
    import textwrap

    since = f" since {ev['since']}" if ev["since"] else ""
    lines = [f"events between scenario actors{since} (store):"]
    if not ev["pairs"]:
        lines.append("  no events between any two scenario actors")
    else:
        lines.append(f"  {'pair':<28} {'events':>6} {'Goldstein':>9}  {'VC/MC/VK/MK':<13} {'trend/month':>11}")
    for p in ev["pairs"][:top]:
        q = p["quad_classes"]
        mix = "/".join(str(q[k]) for k in ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict"))
        trend = "-" if p["trend_per_month"] is None else f"{p['trend_per_month']:+.2f}"
        lines.append(f"  {' - '.join(p['actors']):<28} {p['events']:>6} {p['goldstein_mean']:>+9.2f}  {mix:<13} {trend:>11}")
        for sh in p["shifts"][:2]:
            lines.append(f"  {'':<28} shift {sh['period']}: {sh['direction']} (z {sh['z']:+.1f})")
        for c in p["contradictions"]:
            lines += textwrap.wrap(c, 100, initial_indent="    ! ", subsequent_indent="      ")
    if len(ev["pairs"]) > top:
        lines.append(f"  ... {len(ev['pairs']) - top} more pairs (--format json lists all)")
    if ev["actors_without_events"]:
        lines.append(f"  no events in the store for: {', '.join(ev['actors_without_events'])}")
    return lines


def actor_colours(scenario: Scenario) -> dict[str, Any]:
    """One colour per actor for every panel, in the order the scenario first names the actors."""
    import matplotlib

    tab20 = matplotlib.colormaps["tab20"].colors  # dark shades first, then the light ones
    palette = list(tab20[0::2]) + list(tab20[1::2]) + list(matplotlib.colormaps["tab20b"].colors)
    names: list[str] = []
    for issue in scenario.issues:
        names += [n for n in issue.names if n not in names]
    return {n: palette[k % len(palette)] for k, n in enumerate(names)}


def _mark_forecasts(ax: Any, forecasts: dict[str, float], x: float, width: float) -> None:
    """A marker per model at its forecast, labels spread so that they never overlap."""
    gap = 0.07 * width
    placed: list[float] = []
    for model, value in sorted(forecasts.items(), key=lambda kv: kv[1]):
        eum = model == "eum"
        ax.plot([x], [value], marker="D" if eum else "s", ms=8 if eum else 6, color="black" if eum else "0.5", zorder=5)
        y = max(value, placed[-1] + gap) if placed else value
        placed.append(y)
        ax.annotate(f"{model} {value:.1f}", (x, value), xytext=(x + 0.5, y), fontsize=7, va="center",
                    arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.5})  # fmt: skip


def _title_and_source(fig: Any, scenario: Scenario, data: dict[str, Any], height: float) -> None:
    """What the figure shows (the scenario, the rounds, the forecasts) above it, and where its
    numbers come from below it, as every dyad chart says both."""
    models = list(data["issues"][0]["forecasts"]) if data["issues"] else []
    fig.suptitle(f"Scenario {scenario.name}: actors' positions per round of the expected utility model, "
                 "and each model's forecast, per issue", x=0.01, ha="left", fontsize=11)  # fmt: skip
    fig.text(0.01, 0.004, f"Source: scenario file {scenario.source} (the actors' positions, capabilities and "
             f"saliences estimated there); forecasts by dyad: {', '.join(models)}.", fontsize=7, color="#555")  # fmt: skip
    fig.tight_layout(rect=(0, 0.35 / height, 1, 1 - 0.45 / height))


def plot_rounds(scenario: Scenario, data: dict[str, Any], path: str | Path) -> Path:
    """Positions by round, one panel per issue, each actor in its own colour on every panel, the
    forecasts marked on the right edge (written with matplotlib's Agg backend, atomically)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from matplotlib.ticker import MaxNLocator

    colours = actor_colours(scenario)
    n = len(data["issues"])
    fig, axes = plt.subplots(n, 1, figsize=(11, 3.4 * n), squeeze=False)
    for ax, issue, d in zip(axes[:, 0], scenario.issues, data["issues"]):
        rounds = [r["round"] for r in d["rounds"]]
        for name in [a for a in colours if a in d["rounds"][0]["positions"]]:
            ax.plot(rounds, [r["positions"][name] for r in d["rounds"]], marker="o", ms=3,
                    color=colours[name], label=name)  # fmt: skip
        ax.plot(rounds, [r["median"] for r in d["rounds"]], "k--", lw=2, label="median")
        _mark_forecasts(ax, d["forecasts"], rounds[-1] + 0.8, issue.scale.width)
        ax.set_title(d["name"])
        ax.set_xlabel("round (forecasts at the right; EUM: black diamond)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(-0.3, rounds[-1] + 3.5)
        ax.set_ylim(issue.scale.low, issue.scale.high)
        ax.set_ylabel(f"position ({issue.scale.low:g}-{issue.scale.high:g})")
        ax.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.01, 0.5))
    _title_and_source(fig, scenario, data, height=3.4 * n)
    out = Path(path)
    try:
        with atomic_path(out, shown=f"--plot {out}") as part:
            fig.savefig(part, dpi=110, format=out.suffix.lstrip(".").lower() or "png",
                        metadata=image_metadata("dyad forecast --plot", out.suffix))  # fmt: skip
    finally:
        plt.close(fig)
    return out
