"""The ``dyad`` command line: a thin shell over the library.

Each command parses its arguments, calls one library function and prints the result. Errors
raised on purpose (``dyad.errors.DyadError``) become a one-line message and a non-zero exit,
never a traceback. Heavy imports (spaCy, DuckDB) happen inside the commands that need them, so
``dyad --help`` stays instant.

Sections below are owned by the package they front; keep each command short.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from dyad.errors import DyadError

console = Console()
err_console = Console(stderr=True)


class _DyadGroup(TyperGroup):
    """Turns a DyadError from any command into one line on stderr and its exit code.

    Done here, not in ``main()``, so that it also holds when the app runs in-process (tests).
    """

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except DyadError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_DyadGroup,
    help="dyad: code political events from news, store them, analyse relations, forecast issues.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """dyad: code political events from news, store them, analyse relations, forecast issues."""


@app.command()
def version() -> None:
    """Print dyad's version."""
    from dyad import __version__

    console.print(__version__)


# --- codebook (dyad.codebook) -----------------------------------------------------------------

codebook_app = typer.Typer(help="Look up CAMEO event codes and actor sector codes.", no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


@codebook_app.command("show")
def codebook_show(code: str = typer.Argument(..., help="CAMEO event code with its leading zero, e.g. 042")) -> None:
    """Show one event code: name, root, quad class, Goldstein score, PLOVER type."""
    from dyad.codebook import load_codebook

    cb = load_codebook()
    et = cb.event(code)
    root = cb.event(et.root_code)
    parent = cb.parent(et.code)
    rows = [
        ("code", et.code),
        ("name", et.name),
        ("root", f"{root.code} {root.name}"),
        ("parent", f"{parent.code} {parent.name}" if parent else "-"),
        ("quad class", f"{et.quad_class} {et.quad_name}"),
        ("Goldstein", f"{et.goldstein:+.1f}"),
        ("PLOVER", et.plover or "- (no PLOVER mapping)"),
        ("PLOVER mode", et.plover_mode or "-"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        console.print(f"{key:<{width}}  {value}", highlight=False, markup=False)


@codebook_app.command("list")
def codebook_list(
    root: str | None = typer.Option(None, "--root", help="Only codes under this root, e.g. 19"),
) -> None:
    """List event codes (all, or one root's) as a table."""
    from rich.table import Table

    from dyad.codebook import load_codebook

    events = load_codebook().events(root=root)
    table = Table("code", "name", "quad", "Goldstein", "PLOVER", "mode")
    for et in events:
        table.add_row(et.code, et.name, str(et.quad_class), f"{et.goldstein:+.1f}", et.plover or "-", et.plover_mode or "-")
    console.print(table)


@codebook_app.command("sectors")
def codebook_sectors() -> None:
    """List CAMEO actor role/sector codes (GOV, MIL, REB, ...)."""
    from rich.table import Table

    from dyad.codebook import load_codebook

    cb = load_codebook()
    sectors, kinds = cb.sectors, cb.sector_kinds
    table = Table("code", "kind", "name")
    for code, name in sectors.items():
        table.add_row(code, kinds[code], name)
    console.print(table)


# --- actors (dyad.actors) ---------------------------------------------------------------------

# --- coder (dyad.coder) -----------------------------------------------------------------------

# --- dictionaries and validation (dyad.dictionaries) ------------------------------------------

# --- store and analysis (dyad.store, dyad.analysis) -------------------------------------------

# --- forecasting (dyad.forecast) --------------------------------------------------------------


def _forecast_fail(exc: DyadError) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
    return typer.Exit(exc.exit_code)


@app.command()
def forecast(
    scenario: str = typer.Argument(..., help="Scenario file (.yaml, .yml, or a .csv Actor,Capability,Position,Salience table)."),
    model: str = typer.Option("all", "--model", help="eum, compromise, median, nash or all."),
    preset: str = typer.Option("scholz-code", "--preset", help="EUM preset: scholz-code, paper or paper-equations."),
    rounds: int = typer.Option(None, "--rounds", help="EUM rounds (default 10).", min=0),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    plot: str = typer.Option(None, "--plot", help="Write the EUM positions by round to this image file."),
    monte_carlo: int = typer.Option(0, "--monte-carlo", help="Sensitivity: number of runs with drawn inputs.", min=0),
    seed: int = typer.Option(0, "--seed", help="Seed of the sensitivity draws."),
) -> None:
    """Forecast each issue of a scenario with the bargaining models.

    Example: dyad forecast examples/syria-2025.yaml --model all --format json
    """
    import json
    from pathlib import Path

    from dyad.errors import InputError
    from dyad.forecast import models as fm
    from dyad.forecast import montecarlo, report
    from dyad.forecast.readers import read_scenario

    try:
        if fmt not in ("table", "json"):
            raise InputError(f"--format: {fmt!r} is not one of table, json")
        if plot is not None and not Path(plot).resolve().parent.is_dir():
            raise InputError(f"--plot: directory {Path(plot).parent} does not exist")
        scen = read_scenario(scenario)
        chosen = fm.build_models(model, preset, rounds)
        results = fm.run_models(scen, chosen)
        data = report.to_dict(scen, results)
        sens = montecarlo.monte_carlo(scen, chosen, monte_carlo, seed) if monte_carlo else None
    except DyadError as exc:
        raise _forecast_fail(exc) from None
    if fmt == "json":
        if sens is not None:
            data["sensitivity"] = sens.to_dict()
        print(json.dumps(data, indent=2))
    else:
        print(report.to_text(scen, results))
        if sens is not None:
            print()
            print(montecarlo.to_text(sens))
    if plot is not None:
        out = report.plot_rounds(scen, results, plot)
        err_console.print(f"wrote {out}")


@app.command()
def backtest(
    path: str = typer.Argument(..., help="DEU table (tab-separated p<actor>, s<actor>, rp, out columns)."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Score every model's mean absolute error against the recorded outcomes of EU legislative issues.

    Example: dyad backtest deu3.csv --format json
    """
    import json

    from dyad.errors import InputError
    from dyad.forecast.backtest import backtest as run_backtest

    try:
        if fmt not in ("table", "json"):
            raise InputError(f"--format: {fmt!r} is not one of table, json")
        res = run_backtest(path)
    except DyadError as exc:
        raise _forecast_fail(exc) from None
    if fmt == "json":
        print(json.dumps(res, indent=2))
        return
    print(f"{res['issues']} issues with an outcome; mean absolute error on 0-100 (lower is better)")
    for name, v in sorted(res["mae"].items(), key=lambda kv: kv[1]):
        note = "  (issues with a reference point only)" if name == "status-quo" else ""
        print(f"  {name:<28} {v:6.2f}{note}")
    print(f"best: {res['best']}")


def main() -> None:
    try:
        app()
    except DyadError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
