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

from dyad.errors import DyadError

app = typer.Typer(
    help="dyad: code political events from news, store them, analyse relations, forecast issues.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """dyad: code political events from news, store them, analyse relations, forecast issues."""


@app.command()
def version() -> None:
    """Print dyad's version."""
    from dyad import __version__

    console.print(__version__)


# --- codebook (dyad.codebook) -----------------------------------------------------------------

# --- actors (dyad.actors) ---------------------------------------------------------------------

# --- coder (dyad.coder) -----------------------------------------------------------------------

# --- dictionaries and validation (dyad.dictionaries) ------------------------------------------

# --- store and analysis (dyad.store, dyad.analysis) -------------------------------------------

# --- forecasting (dyad.forecast) --------------------------------------------------------------


def main() -> None:
    try:
        app()
    except DyadError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
