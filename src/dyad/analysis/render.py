"""Rich tables for the analysis commands, kept out of cli.py so the commands stay one-liners.

An empty result is never an empty table: it says why there is nothing (how much data the
analysis needs, how much the store has) and what to try, with the option to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from dyad.analysis.balance import Balance
from dyad.analysis.dyads import DyadRanking
from dyad.analysis.series import Series
from dyad.analysis.shifts import Coverage, Shift
from dyad.analysis.ties import tie_kind

TIE_RULE = ("a tie is cooperative when more of its events are cooperation (quad classes 1-2) than conflict (3-4), "
            "conflictual when fewer; on an even split the sign of its summed Goldstein score decides")


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c, justify="right" if c not in ("period", "direction", "dyad", "names", "triad", "shift", "tie") else "left")
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


def dyads_tables(r: DyadRanking) -> list[RenderableType]:
    if not r.active:
        return [hint("No dyads: the store has no dated, asserted events between two known countries or actors "
                     "in this period. Ingest news with `dyad ingest`, or widen --since/--until.")]  # fmt: skip
    active = table(
        "Most active dyads",
        ("dyad", "events", "cooperation", "conflict", "tie", "Goldstein μ"),
        [(f"{d['a']}–{d['b']}", d["events"], d["cooperation"], d["conflict"], tie_kind(d["sign"]), d["goldstein_mean"])
         for d in r.active],  # fmt: skip
    )
    active.caption, active.caption_justify = TIE_RULE[0].upper() + TIE_RULE[1:] + ".", "left"
    title = f"Biggest change in cooperation (mean Goldstein after vs before {r.split})"
    if not r.change:
        return [active, hint(f"{title}: none ranked. {_change_hint(r)}")]
    change = table(
        title,
        ("dyad", "before", "after", "change", "events before", "events after"),
        [(f"{d['a']}–{d['b']}", d["goldstein_before"], d["goldstein_after"], d["change"],
          d["events_before"], d["events_after"]) for d in r.change],  # fmt: skip
    )
    return [active, change]


def _change_hint(r: DyadRanking) -> str:
    need = f"A dyad needs --min-events {r.min_events} events on each side of {r.split} (the middle of the period)"
    if r.rankable_at == 0:
        return (f"{need}, and no dyad has events on both sides: widen --since/--until, or ingest news "
                "from more dates.")  # fmt: skip
    return f"{need}; the best-covered have {r.rankable_at}. Try --min-events {r.rankable_at}, or ingest more news."


def hint(message: str) -> Text:
    return Text(message, style="yellow")


def balance_report(b: Balance) -> list[RenderableType]:
    """What the share of balanced triads is made of, and the frustrated triads, or why there are none."""
    ties = f"{b.actors} actors and {b.signed_ties} signed ties ({b.neutral_ties} neutral ties left out)"
    if not b.triads:
        wider = f"--min-events 1 (now {b.min_events}), " if b.min_events > 1 else ""
        return [hint(f"No triads: structural balance needs three actors tied to one another by signed ties, and "
                     f"among {ties} no three close a triangle. Try {wider}a wider --since/--until, or more news.")]  # fmt: skip
    frustrated = b.triads - b.balanced
    head = Text(f"Structural balance of {ties}: {b.balanced} of {b.triads} triads balanced "
                f"({b.share_balanced:.1%}), {frustrated} frustrated.")  # fmt: skip
    head.append(f"\nA triad is balanced when it has an even number of conflictual ties (\"the enemy of my enemy is "
                f"my friend\"); {TIE_RULE}.", style="dim")  # fmt: skip
    if not b.frustrated:
        return [head, Text("No frustrated triads: every triangle of signed ties is balanced.")]
    return [head, balance_table(b)]


def balance_table(b: Balance) -> Table:
    return table(
        "Most frustrated triads (product of edge signs negative)",
        ("triad", "names", "signs ab/bc/ac", "events"),
        [("–".join(f["actors"]), " / ".join(f["names"]), " ".join(f"{s:+d}" for s in f["signs"]), f["events"])
         for f in b.frustrated],  # fmt: skip
    )


def shifts_hint(c: Coverage, min_baseline: int, threshold: float) -> Text:
    """Why ``shifts`` found none: too little history per dyad, or history without a break."""
    f = c.freq
    if c.busiest is None:
        return hint("No shifts: no dyad has dated, asserted events in this period (or with this --actor). "
                    "Ingest news with `dyad ingest`, or widen --since/--until.")  # fmt: skip
    if c.ready == 0:
        a, b, k = c.busiest
        finer = "--freq day (finer periods), " if f != "day" else ""
        return hint(
            f"No shifts: a dyad needs events in at least {min_baseline + 1} {f}s to show one ({min_baseline} to set "
            f"its baseline, then the {f} that breaks from it); the most active here, {a}–{b}, has events in {k} "
            f"{f}{'s' if k != 1 else ''}. Try {finer}a shorter --window (at least 2), a wider --since/--until, "
            "or more news."
        )  # fmt: skip
    return hint(
        f"No shifts: {c.ready} of {c.dyads} dyads have events in {min_baseline + 1} or more {f}s, and none of them "
        f"moved by |z| >= {threshold:g} in a {f} with at least 2 events. Try a lower --threshold (e.g. 2)."
    )  # fmt: skip


def series_hint(s: Series) -> Text | None:
    """None when the series has events; else what an empty series means."""
    if any(r["events"] for r in s.rows):
        return None
    return hint(f"No events between {s.a} and {s.b} in this period. `dyad dyads` lists the pairs that have events "
                "(`--level actor` for full actor codes).")  # fmt: skip


def shifts_table(shifts: list[Shift]) -> Table:
    return table(
        "Shifts (rolling z-score of mean Goldstein against the dyad's previous periods)",
        ("dyad", "period", "events", "Goldstein μ", "baseline μ", "baseline σ", "z", "shift"),
        [(f"{s.a}–{s.b}", s.period, s.events, s.goldstein_mean, s.baseline_mean, s.baseline_sd, s.z, s.direction)
         for s in shifts],  # fmt: skip
    )
