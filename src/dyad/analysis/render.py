"""Rich tables for the analysis commands, kept out of cli.py so the commands stay one-liners."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from dyad.analysis.balance import Balance
from dyad.analysis.dyads import DyadRanking
from dyad.analysis.series import Series
from dyad.analysis.shifts import Shift


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c, justify="right" if c not in ("period", "direction", "dyad", "names", "triad", "shift") else "left")
    for r in rows:
        t.add_row(*(_fmt(v) for v in r))
    return t


def series_table(s: Series) -> Table:
    cols = ["period", "direction", "events", "verbal_coop", "material_coop", "verbal_conflict",
            "material_conflict", "goldstein_sum", "goldstein_mean", "mentions"]  # fmt: skip
    heads = ["period", "direction", "events", "VC", "MC", "VK", "MK", "G sum", "G mean", "mentions"]
    if not s.directed:  # one row per period: the direction column would only say "both"
        del cols[1], heads[1]
    rows = [[r[c] for c in cols] for r in s.rows]
    title = f"{s.a} – {s.b} per {s.freq}, both directions" if not s.directed else f"{s.a} – {s.b} per {s.freq}"
    return table(title + " (VC/MC verbal/material cooperation, VK/MK verbal/material conflict, G Goldstein)", heads, rows)


def dyads_tables(r: DyadRanking) -> list[Table]:
    active = table(
        "Most active dyads",
        ("dyad", "events", "cooperation", "conflict", "Goldstein μ"),
        [(f"{d['a']}–{d['b']}", d["events"], d["cooperation"], d["conflict"], d["goldstein_mean"]) for d in r.active],
    )
    change = table(
        f"Biggest change in cooperation (mean Goldstein after vs before {r.split})",
        ("dyad", "before", "after", "change", "events before", "events after"),
        [(f"{d['a']}–{d['b']}", d["goldstein_before"], d["goldstein_after"], d["change"],
          d["events_before"], d["events_after"]) for d in r.change],  # fmt: skip
    )
    return [active, change]


def balance_table(b: Balance) -> Table:
    return table(
        "Most frustrated triads (product of edge signs negative)",
        ("triad", "names", "signs ab/bc/ac", "events"),
        [("–".join(f["actors"]), " / ".join(f["names"]), " ".join(f"{s:+d}" for s in f["signs"]), f["events"])
         for f in b.frustrated],  # fmt: skip
    )


def shifts_table(shifts: list[Shift]) -> Table:
    return table(
        "Shifts (rolling z-score of mean Goldstein against the dyad's previous periods)",
        ("dyad", "period", "events", "Goldstein μ", "baseline μ", "baseline σ", "z", "shift"),
        [(f"{s.a}–{s.b}", s.period, s.events, s.goldstein_mean, s.baseline_mean, s.baseline_sd, s.z, s.direction)
         for s in shifts],  # fmt: skip
    )
