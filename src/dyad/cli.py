"""The ``dyad`` command line: a thin shell over the library.

Each command parses its arguments, calls one library function and prints the result. Errors
raised on purpose (``dyad.errors.DyadError``) become a one-line message and a non-zero exit,
never a traceback. Heavy imports (spaCy, DuckDB) happen inside the commands that need them, so
``dyad --help`` stays instant.

Sections below are owned by the package they front; keep each command short.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

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
        except (OSError, MemoryError, RecursionError) as exc:
            # The machine's faults that no command turned into its own message: still one line.
            if isinstance(exc, BrokenPipeError):
                raise typer.Exit(0) from None
            err_console.print(f"[bold red]error:[/] {escape(_fault_line(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(5 if not isinstance(exc, RecursionError) else 2) from None


def _fault_line(exc: BaseException) -> str:
    """One line for an OSError (file and cause), memory exhaustion or a too-deep input."""
    from dyad.errors import environment_fault

    if isinstance(exc, MemoryError):
        return "out of memory; try a smaller input or fewer --workers"
    if isinstance(exc, RecursionError):
        return "an input is nested too deeply to read"
    where = getattr(exc, "filename", None) or "dyad"
    fault = environment_fault(str(where), exc)
    return str(fault) if fault is not None else f"{where}: {getattr(exc, 'strerror', None) or exc}"


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


# Every --date, --since and --until is read by dyad.dates.parse_date_arg.
_DATE_FORMS = "YYYY-MM-DD; also 20251016 or '16 October 2025'"


def _date_option(value: str | None, flag: str = "--date"):  # noqa: ANN202
    from dyad.dates import parse_date_arg

    return parse_date_arg(value, flag) if value is not None else None


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

actors_app = typer.Typer(help="Look up actors: names, titles, places -> CAMEO actor codes.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")
_ACTORS_OPT = typer.Option(None, "--actors", help="Extra actor YAML file(s); their entries override the defaults")


def _actor_base(files: list[str] | None):  # noqa: ANN202 - keeps dyad.actors out of `dyad --help`
    from dyad.actors import ActorBase

    return ActorBase.load(extra_files=files or ())


@actors_app.command("lookup")
def actors_lookup(
    name: str = typer.Argument(..., help='A name or noun phrase, e.g. "Abu Mohammad al-Jolani", "Israeli forces"'),
    on: str | None = typer.Option(None, "--date", help=f"Code the actor as of this day ({_DATE_FORMS}); default: latest role"),
    actors: list[str] | None = _ACTORS_OPT,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print the entry, kind and role"),
) -> None:
    """Print the CAMEO code of NAME (just the code); unknown names exit 1.

    Example: dyad actors lookup "Abu Mohammad al-Jolani" --date 2025-10-15   ->  SYRGOV
    """
    day = _date_option(on)
    match = _actor_base(actors).lookup(name, day)
    if match is None:
        err_console.print(f"unknown actor: {escape(name)!s} (not in the actor base; add it with --actors FILE)", highlight=False)
        raise typer.Exit(1)
    print(match.code)
    if verbose:
        role = match.role
        dates = f"{role.start or '...'} to {role.end or '...'}" if role and (role.start or role.end) else "undated"
        print(f"  entry {match.entry_id or '-'} ({match.kind}): {match.name}")
        print(f"  role  {role.code if role else '-'} {dates} {role.title or '' if role else ''}".rstrip())
        if match.sector:
            print(f"  sector {match.sector} (from the noun phrase)")


@actors_app.command("show")
def actors_show(
    query: str = typer.Argument(..., help="A code prefix (SYRGOV, IGOUNO) or a name"),
    actors: list[str] | None = _ACTORS_OPT,
) -> None:
    """List entries whose name is QUERY or whose codes start with it, with their dated roles.

    Example: dyad actors show "Hakan Fidan"   or   dyad actors show SYRGOV
    """
    entries = _actor_base(actors).find(query)
    if not entries:
        err_console.print(f"no actor entry matches {escape(query)}", highlight=False)
        raise typer.Exit(1)
    for e in entries[:200]:
        print(f"{e.id} ({e.kind}): {' | '.join(e.names[:6])}{' ...' if len(e.names) > 6 else ''}")
        for r in e.codes:
            span = f"{r.start or '...'} to {r.end or '...'}" if (r.start or r.end) else "undated"
            print(f"    {r.code:<12} {span:<26} {r.title or ''}".rstrip())
    if len(entries) > 200:
        print(f"... and {len(entries) - 200} more entries")


# --- coding: code and ingest share one run layer (dyad.run) -----------------------------------

_WORKERS_OPT = typer.Option(1, "--workers", "-j", help="Processes coding in parallel (each loads the model).")
_DICTIONARIES_OPT = typer.Option(
    None, "--dictionaries", help="Code with the TABARI/PETRARCH dictionaries in this directory alone."
)
_WITH_BUILTIN_OPT = typer.Option(
    False, "--with-builtin", help="With --dictionaries: layer them over dyad's own (dyad's entries win)."
)
_LENIENT_OPT = typer.Option(False, "--lenient", help="With --dictionaries: skip malformed lines with a warning.")
_STATEMENTS_OPT = typer.Option(
    False, "--statements", help="Also code each party's reported statement ('X said ...') as 010, as GDELT does."
)
_CONVENTIONS_OPT = typer.Option(
    None, "--conventions",
    help="Whose coding conventions: dyad, petrarch1, petrarch2 or ud-petrarch "
         "(default: dyad; petrarch2 with --dictionaries alone).",
)
_PARTIAL_OPT = typer.Option(
    False, "--partial",
    help="Also emit one-actor events (no target, or a party without a country: GDELT's one-actor events). "
         "The analyses leave them out.",
)
_FORCE_OPT = typer.Option(
    False, "--force",
    help="Replace an existing output file that is not this command's earlier output (never an input or a store).",
)
_ONTOLOGY_OPT = typer.Option(
    None, "--ontology", help="A PETRARCH coding ontology file: its negation pairs say what a negated code means."
)


def _coder_factory(dictionaries: str | None, with_builtin: bool, lenient: bool, statements: bool,  # noqa: ANN202
                   conventions: str | None = None, ontology: str | None = None, partial: bool = False):
    from dyad.run.options import CoderOptions

    options = CoderOptions(dictionaries=dictionaries, with_builtin=with_builtin, lenient=lenient, statements=statements,
                           conventions=conventions, ontology=ontology, partial=partial)
    return options.factory(
        on_warning=lambda m: err_console.print(f"[yellow]warning:[/] {escape(m)}", highlight=False, soft_wrap=True)
    )


@app.command("code")
def code_command(
    inputs: list[str] = typer.Argument(..., help="Text/HTML/JSONL files, directories, or - for stdin."),
    date: str = typer.Option(None, "--date", help=f"Document date where the input gives none ({_DATE_FORMS})."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or table."),
    explain: bool = typer.Option(False, "--explain", help="Show each event's evidence and pattern."),
    all_sentences: bool = typer.Option(False, "--all-sentences", help="With --explain: also sentences without events."),
    workers: int = _WORKERS_OPT,
    output: str = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
    dictionaries: str = _DICTIONARIES_OPT,
    with_builtin: bool = _WITH_BUILTIN_OPT,
    lenient: bool = _LENIENT_OPT,
    statements: bool = _STATEMENTS_OPT,
    conventions: str = _CONVENTIONS_OPT,
    ontology: str = _ONTOLOGY_OPT,
    partial: bool = _PARTIAL_OPT,
    engine: str = typer.Option("local", "--engine", help="local (this machine's processes) or dask (a Dask cluster; -o is a Parquet dataset)."),
    scheduler: str = typer.Option(None, "--scheduler", help="With --engine dask: the scheduler's address, or its --scheduler-file (default: a local cluster, one worker per core)."),
    partition_size: int = typer.Option(None, "--partition-size", help="With --engine dask: documents per partition (default 1000)."),
    force: bool = _FORCE_OPT,
) -> None:
    """Code news into CAMEO events, one per output row.

    Example: dyad code examples/articles --format table. Skipped inputs are named on stderr;
    the rest is still coded and the exit status is 4.
    """
    import os
    import signal

    from dyad.run.runner import SKIPPED_EXIT, run_code

    def _terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # unwinds, so --output's temporary file is removed

    signal.signal(signal.SIGTERM, _terminated)
    default_date = _date_option(date)
    factory = _coder_factory(dictionaries, with_builtin, lenient, statements, conventions, ontology, partial)
    if engine == "dask":
        coder = dict(dictionaries=dictionaries, with_builtin=with_builtin, lenient=lenient, statements=statements,
                     conventions=conventions, ontology=ontology, partial=partial)
        refused = [f for f, on in (("--explain", explain), ("--workers", workers != 1), ("--format", fmt != "jsonl")) if on]
        return _code_dask(inputs, output, scheduler, partition_size, default_date, factory, coder, refused)
    if engine != "local":
        from dyad.errors import InputError

        raise InputError(f"--engine: {engine!r} is not one of local, dask")
    if scheduler or partition_size is not None:
        from dyad.errors import InputError

        raise InputError(f"{'--scheduler' if scheduler else '--partition-size'}: only with --engine dask")
    try:
        summary = run_code(
            inputs,
            default_date=default_date,
            fmt=fmt,
            output=output,
            explain=explain,
            all_sentences=all_sentences,
            workers=workers,
            coder_factory=factory,
            on_skip=lambda s: err_console.print(f"[yellow]skipped[/] {escape(str(s))}", highlight=False, soft_wrap=True),
            force=force,
        )
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped (dyad code ... | head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    if summary.undated:
        err_console.print(
            f"note: {summary.undated} document(s) had no date; relative dates in them are left "
            "unresolved (give --date or a 'date' field)", highlight=False, soft_wrap=True,
        )
    if summary.output_kept:
        err_console.print(f"nothing coded: {escape(output)} left as it was", highlight=False, soft_wrap=True)
    if summary.skipped:
        err_console.print(
            f"{len(summary.skipped)} input(s) skipped, {summary.documents} document(s) coded", highlight=False
        )
        raise typer.Exit(SKIPPED_EXIT)


def _code_dask(inputs: list[str], output: str | None, scheduler: str | None, partition_size: int | None,
               default_date, factory, coder: dict, refused: list[str]) -> None:  # noqa: ANN001
    """``dyad code --engine dask``: code on a Dask cluster into a Parquet events dataset."""
    import json

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from dyad.errors import InputError
    from dyad.run.dask_engine import run_dask

    if refused:
        raise InputError(f"{refused[0]}: does not apply to --engine dask (it writes a Parquet events dataset)")
    if not output:
        raise InputError("--engine dask needs --output DATASET (a directory or URL for the Parquet events dataset)")
    totals = {"docs": 0, "events": 0}
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} docs"),
                  TimeElapsedColumn(), console=err_console, transient=False) as bar:  # fmt: skip
        task = bar.add_task("starting the cluster", total=None)
        clock: dict[str, float] = {}

        def on_start(documents: int, partitions: int, dashboard: str | None) -> None:
            import time

            clock["t0"] = time.perf_counter()
            bar.update(task, total=documents, description=f"coding {partitions} partitions")
            if dashboard:
                err_console.print(f"Dask dashboard: {dashboard}", highlight=False, soft_wrap=True)

        def on_partition(entry: dict) -> None:
            import time

            totals["docs"] += entry["documents"] + len(entry["errors"])
            totals["events"] += entry["events"]
            rate = max(time.perf_counter() - clock.get("t0", 0.0), 1e-9)
            bar.update(task, completed=totals["docs"], description=(
                f"{totals['docs'] / rate:,.0f} docs/s, {totals['events'] / rate:,.0f} events/s"))

        s = run_dask(list(inputs), output, scheduler=scheduler, partition_size=partition_size or 1000,
                     default_date=default_date, coder_factory=factory, coder=json.dumps(coder, sort_keys=True),
                     on_start=on_start, on_partition=on_partition)  # fmt: skip
    resumed = f" ({s.resumed} partitions were already done)" if s.resumed else ""
    console.print(f"{output}: {s.documents} documents coded into {s.events} events in {s.seconds:.1f}s{resumed}; "
                  f"{s.errors} errors (see {output.rstrip('/')}/errors.jsonl)", highlight=False, soft_wrap=True)  # fmt: skip
    if s.errors:
        from dyad.run.runner import SKIPPED_EXIT

        raise typer.Exit(SKIPPED_EXIT)


@app.command("evaluate")
def evaluate_command(
    suite: str = typer.Option(None, "--suite", help="petr2-gsr, plover, conflibert or all (default: all, unless --set is given)."),
    sets: list[str] = typer.Option(None, "--set", help="Real news with gold events: realnews-dev, realnews-test or a gold JSONL file (repeatable)."),
    shared: str = typer.Option(None, "--shared", help="Shared reference directory (default: ../shared)."),
    misses: bool = typer.Option(False, "--misses", help="List misses and extras / wrong labels."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    statements: bool = typer.Option(False, "--statements", help="Score the coder with reported statements coded (010)."),
) -> None:
    """Score the coder on gold sets: real news it was not tuned on, PETR2_GSR, PLOVER GSR, ConfliBERT.

    Example: dyad evaluate --set realnews-dev --misses
    """
    import json

    from dyad.evaluation import realnews, suites as ev
    from dyad.errors import InputError
    from dyad.run.options import CoderOptions

    if fmt not in ("table", "json"):
        raise InputError(f"--format: choose table or json, got {fmt!r}")
    factory = CoderOptions(statements=statements).factory()
    # the suites' gold follows PETRARCH's conventions: one-actor events (a "---" target), both
    # directions of a meeting, a party's report of another's violence as its accusation
    suite_factory = CoderOptions(statements=statements, conventions="petrarch-gold").factory()
    names = list(ev.SUITES) if suite in (None, "all") and not (sets and suite is None) else []
    if suite not in (None, "all"):
        names = [s.strip() for s in suite.split(",")]
    need_shared = bool(names) or any(s in realnews.SETS for s in sets or ())
    found = ev.find_shared(shared) if need_shared else None
    paths = [(s, realnews.resolve_set(s, found)) for s in sets or ()]  # every name checked before coding
    scores = [realnews.run(name, path, factory) for name, path in paths]
    results = ev.run_suites(names, found, suite_factory) if names else []
    if fmt == "json":
        out = [r.to_dict(with_lists=misses) for r in scores] + json.loads(ev.to_json(results, misses=misses))
        print(json.dumps(out, indent=2))
        return
    for r in scores:
        realnews.render(r, console, misses=misses)
    ev.render(results, console, misses=misses)


# --- dictionaries and validation (dyad.dictionaries) ------------------------------------------


@app.command("validate")
def validate_command(
    records: str = typer.Argument(..., help="A PETRARCH / UD-PETRARCH validation file (<Sentence> records)."),
    dictionaries: str = typer.Option(None, "--dictionaries", "-d", help="Directory of the TABARI/PETRARCH dictionaries (default: the records' directory)."),
    failures: bool = typer.Option(False, "--failures", help="List each failing record with expected and coded events."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    strict: bool = typer.Option(False, "--strict", help="Fail on a malformed dictionary line instead of skipping it."),
    all_categories: bool = typer.Option(False, "--all-categories", help="Also run categories the file's <Include> leaves out."),
    own: bool = typer.Option(False, "--own", help="Code with dyad's own dictionaries instead (the baseline to compare with)."),
) -> None:
    """Code a validation suite with dyad and the foreign dictionaries alone, and score it.

    Example: dyad validate PETR_Validate_records_2_02.xml (dictionaries named in its <Environment>,
    looked up next to it). Prints records, exact, correct, uncoded, extra, TP, FN and FP per category.
    """
    import json
    import warnings

    from dyad.dictionaries.source import DictionaryWarning
    from dyad.evaluation.validate import as_json, failures_text, run, table

    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DictionaryWarning)
        v = run(records, dictionaries, lenient=not strict, all_categories=all_categories, explain=failures, own=own)
    if fmt == "json":
        print(json.dumps(as_json(v, failures), indent=2))
    else:
        print(table(v))
        if failures:
            print(failures_text(v))
    err_console.print(f"coded as: {escape(v.command)}", highlight=False, soft_wrap=True)
    skipped = [w for w in caught if issubclass(w.category, DictionaryWarning)]
    if skipped:
        err_console.print(f"note: {len(skipped)} malformed dictionary line(s) skipped; first: {escape(str(skipped[0].message))}",
                          highlight=False, soft_wrap=True)

# --- store and analysis (dyad.store, dyad.analysis) -------------------------------------------

_DB_HELP = "Store file (default: $DYAD_DB, else ./dyad.duckdb)."


_EVENTS_OPT = typer.Option(
    None, "--events", help="Read a Parquet events dataset (dyad code --engine dask -o DATASET) instead of a store."
)


@contextmanager
def _store(db: str | None, events: str | None = None):  # noqa: ANN202 - keeps duckdb out of `dyad --help`
    """The store, read-only (store_errors names a store that cannot be read), or with --events a
    Parquet events dataset read into memory."""
    if events:
        from dyad.errors import InputError
        from dyad.run.dataset import open_events
        from dyad.store.coded import events_store

        if db:
            raise InputError("--events: give either --db or --events, not both")
        with events_store(open_events(events), events) as con:
            yield con
        return
    from dyad.store import connect, store_errors

    with store_errors(db), connect(db) as con:
        yield con


_FORMAT_OPT = typer.Option("table", "--format", "-f", help="table, or json (the shape `dyad serve`'s API answers).")


def _json_format(fmt: str) -> bool:
    """True for --format json; table is the default; anything else is refused."""
    from dyad.errors import InputError

    if fmt not in ("table", "json"):
        raise InputError(f"--format: {fmt!r} is not one of table, json")
    return fmt == "json"


def _print_json(data: object) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="Files or directories of articles to code and store, or Parquet events datasets (dyad code --engine dask)."),
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    default_date: str = typer.Option(None, "--date", help=f"Date for documents that carry none ({_DATE_FORMS})."),
    batch_size: int = typer.Option(100, "--batch-size", help="Documents per committed batch."),
    window: int = typer.Option(None, "--window", help="Dedup window in days, 0 to 366 (stored with the store; default 1; "
                                                 "a store holding events keeps its window)."),
    on_conflict: str = typer.Option("version", "--on-conflict",
                                    help="A document whose id is stored with other content: 'version' stores it "
                                         "as ID#DIGEST, 'refuse' skips it (exit 4). Reported either way."),
    coded: bool = typer.Option(False, "--coded", help="INPUTS are JSON lines of already-coded events (Event fields)."),
    date_range: str = typer.Option(None, "--date-range",
                                   help="With --coded: event dates allowed, FROM..TO (default 1900-01-01..2100-12-31)."),
    workers: int = _WORKERS_OPT,
    dictionaries: str = _DICTIONARIES_OPT,
    with_builtin: bool = _WITH_BUILTIN_OPT,
    lenient: bool = _LENIENT_OPT,
    statements: bool = _STATEMENTS_OPT,
    conventions: str = _CONVENTIONS_OPT,
    ontology: str = _ONTOLOGY_OPT,
    partial: bool = _PARTIAL_OPT,
) -> None:
    """Code articles and store their events; re-running skips what is already stored.

    Example: dyad ingest examples/articles --db demo.duckdb --workers 2. Inputs or documents
    skipped are named on stderr, the rest is stored, and the exit status is 4.
    """
    from dyad.run.runner import SKIPPED_EXIT
    from dyad.store import resolve_path
    from dyad.run.dataset import is_dataset

    coder_flags = [flag for flag, on in (("--date", default_date is not None), ("--workers", workers != 1),
                   ("--dictionaries", dictionaries is not None), ("--with-builtin", with_builtin),
                   ("--lenient", lenient), ("--statements", statements), ("--conventions", conventions is not None),
                   ("--ontology", ontology is not None), ("--partial", partial)) if on]  # fmt: skip
    if inputs and all(is_dataset(i) for i in inputs):
        from dyad.run.dataset import open_events
        from dyad.store.coded import load_flat

        if coder_flags:
            from dyad.errors import InputError

            raise InputError(f"{coder_flags[0]}: does not apply to a Parquet events dataset (its events are already coded)")
        for i in inputs:
            report = load_flat(db, open_events(i), i, window=window)
            console.print(f"{resolve_path(db)}: {i}: {report.stored} documents stored; {report.mentions} event mentions "
                          f"-> {report.new_events} new events, {report.merged_mentions} mentions joined stored events",
                          highlight=False, soft_wrap=True)  # fmt: skip
        return
    if coded:
        from dyad.store.coded import load_coded

        if coder_flags:
            from dyad.errors import InputError

            raise InputError(f"{coder_flags[0]}: does not apply to --coded (its events are already coded)")
        from dyad.store.coded import DATE_RANGE

        report = load_coded(db, list(inputs), window=window,
                            date_range=_date_range(date_range) if date_range else DATE_RANGE)
        console.print(f"{resolve_path(db)}: {report.stored} documents stored; {report.mentions} event mentions -> "
                      f"{report.new_events} new events, {report.merged_mentions} mentions joined stored events",
                      highlight=False, soft_wrap=True)  # fmt: skip
        return

    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dyad.run.ingest import run_ingest

    if date_range is not None:
        from dyad.errors import InputError

        raise InputError("--date-range: applies to --coded only (text is dated by --date and its own dates)")
    when = _date_option(default_date)
    factory = _coder_factory(dictionaries, with_builtin, lenient, statements, conventions, ontology, partial)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} docs"),
                  TimeElapsedColumn(), console=err_console, transient=False) as bar:  # fmt: skip
        task = bar.add_task("loading the coder, coding", total=None)
        totals = {"events": 0, "dups": 0}

        def on_batch(r) -> None:
            totals["events"] += r.mentions
            totals["dups"] += len(r.duplicates)
            bar.update(task, advance=len(r.stored) + len(r.duplicates),
                       description=f"stored {totals['events']} event mentions, {totals['dups']} already stored")  # fmt: skip

        report = run_ingest(inputs, db, default_date=when, coder_factory=factory, workers=workers,
                            batch_size=batch_size, window=window, on_batch=on_batch,
                            on_conflict=on_conflict)  # fmt: skip
    _say_all("skipped", [f"{getattr(s, 'where', s)}: {getattr(s, 'reason', '')}" for s in report.skipped])
    _say_all("conflict", report.conflicts)
    console.print(
        f"{resolve_path(db)}: {report.stored} documents stored, {report.duplicates} already there, "
        f"{len(report.skipped)} skipped"
        + (f" ({len(report.conflicts)} stored as new versions of a stored id)" if report.conflicts else "")
        + f"; {report.mentions} event mentions -> {report.new_events} new events, "
        f"{report.merged_mentions} mentions joined stored events",
        highlight=False,
        soft_wrap=True,
    )
    if report.skipped:
        raise typer.Exit(SKIPPED_EXIT)


def _date_range(text: str):  # noqa: ANN202
    """--date-range FROM..TO, each side as every date option reads it."""
    from dyad.errors import InputError

    lo, sep, hi = text.partition("..")
    if not sep:
        raise InputError(f"--date-range: {text!r} is not FROM..TO (for example 1990-01-01..2030-12-31)")
    return _date_option(lo.strip(), "--date-range"), _date_option(hi.strip(), "--date-range")


def _say_all(label: str, lines: list[str], first: int = 20) -> None:
    """The first lines of a list on stderr, and how many more there were."""
    for line in lines[:first]:
        err_console.print(f"[yellow]{label}[/] {escape(line)}", highlight=False, soft_wrap=True)
    if len(lines) > first:
        err_console.print(f"... and {len(lines) - first} more {label} lines", highlight=False)


@app.command()
def series(
    a: str = typer.Argument(..., help="Actor: country code (SYR) or full actor code (SYRGOV)."),
    b: str = typer.Argument(..., help="The other actor."),
    freq: str = typer.Option("week", "--freq", help="day, week or month."),
    since: str = typer.Option(None, "--since", help="First date (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Last date (YYYY-MM-DD)."),
    directed: bool = typer.Option(False, "--directed", help="Split A->B from B->A."),
    plot: str = typer.Option(None, "--plot", help="Also draw the series to FILE.png or FILE.svg."),
    fmt: str = _FORMAT_OPT,
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
    force: bool = _FORCE_OPT,
) -> None:
    """Per-period event counts by quad class and Goldstein score for one dyad.

    Example: dyad series SYR RUS --freq month --since 2024-01-01
    """
    from dyad.analysis import series as run
    from dyad.analysis.render import series_hint, series_table
    from dyad.store import resolve_path
    from dyad.analysis.records import series_record

    as_json = _json_format(fmt)
    with _store(db, events) as con:
        s = run(con, a, b, freq=freq, since=since, until=until, directed=directed)
    if as_json:
        _print_json(series_record(s))
    else:
        console.print(series_table(s))
    empty = series_hint(s)
    if empty is not None and not as_json:
        console.print(empty)
    out = err_console if as_json else console  # JSON alone on stdout, notes on stderr
    if plot and empty is None:
        from dyad.analysis.plots import plot_series

        out.print(f"chart written to {plot_series(s, plot, source=str(resolve_path(db)), force=force, inputs=[resolve_path(db)])}")
    elif plot:
        out.print(f"no chart written to {plot}: nothing to draw")


@app.command()
def dyads(
    top: int = typer.Option(10, "--top", help="How many dyads per list."),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    level: str = typer.Option("country", "--level", help="country or actor."),
    min_events: int = typer.Option(3, "--min-events", help="Events a dyad needs on each side of the split to rank by change."),
    fmt: str = _FORMAT_OPT,
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
) -> None:
    """The most active dyads and those whose cooperation changed most.

    Example: dyad dyads --top 20
    """
    from dyad.analysis import dyads as run
    from dyad.analysis.records import dyads_record
    from dyad.analysis.render import dyads_tables

    as_json = _json_format(fmt)
    with _store(db, events) as con:
        r = run(con, top=top, since=since, until=until, level=level, min_events=min_events)
    if as_json:
        return _print_json(dyads_record(r))
    for part in dyads_tables(r):
        console.print(part)


@app.command()
def network(
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    level: str = typer.Option("country", "--level", help="country or actor."),
    directed: bool = typer.Option(False, "--directed"),
    min_events: int = typer.Option(1, "--min-events", help="Events needed for a tie."),
    output: str = typer.Option(None, "--output", "-o", help="Write the graph: .graphml, .gexf or .json."),
    plot: str = typer.Option(None, "--plot", help="Draw the graph to FILE.png or FILE.svg."),
    fmt: str = _FORMAT_OPT,
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
    force: bool = _FORCE_OPT,
) -> None:
    """The signed, weighted actor network: a summary, and optionally the graph file and a drawing.

    Example: dyad network --output net.graphml --plot net.png
    """
    from dyad.analysis import network as run, summary, write_graph
    from dyad.store import resolve_path
    from dyad.analysis.records import network_record
    from dyad.analysis.render import table

    as_json = _json_format(fmt)
    with _store(db, events) as con:
        g = run(con, since=since, until=until, level=level, directed=directed, min_events=min_events)
    out = err_console if as_json else console  # JSON alone on stdout, notes on stderr
    if as_json:
        _print_json(network_record(g))
    else:
        s = summary(g)
        console.print(f"{s['nodes']} actors, {s['edges']} ties: {s['positive']} cooperative, "
                      f"{s['negative']} conflictual, {s['neutral']} neutral", highlight=False)  # fmt: skip
        console.print(table("Busiest actors", ("actor", "name", "events"), s["busiest"]))
        console.print(table("Heaviest ties", ("a", "b", "events", "Goldstein μ"), s["heaviest"]))
    if output:
        out.print(f"graph written to {write_graph(g, output, force=force, inputs=[resolve_path(db)])}")
    if plot:
        from dyad.analysis.plots import plot_network

        out.print(f"chart written to {plot_network(g, plot, source=str(resolve_path(db)), force=force, inputs=[resolve_path(db)])}")


@app.command()
def balance(
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    level: str = typer.Option("country", "--level", help="country or actor."),
    min_events: int = typer.Option(1, "--min-events", help="Events needed for a tie."),
    top: int = typer.Option(10, "--top", help="Frustrated triads to list."),
    fmt: str = _FORMAT_OPT,
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
) -> None:
    """Structural balance of the signed network: share of balanced triads, the most frustrated ones.

    Example: dyad balance --min-events 3
    """
    from dyad.analysis import balance as run, network as build
    from dyad.analysis.render import balance_report
    from dyad.analysis.records import balance_record

    as_json = _json_format(fmt)
    with _store(db, events) as con:
        b = run(build(con, since=since, until=until, level=level, min_events=min_events), top=top)
    if as_json:
        return _print_json(balance_record(b))
    for part in balance_report(b):
        console.print(part, highlight=False)


@app.command()
def shifts(
    freq: str = typer.Option("week", "--freq", help="day, week or month."),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    actor: str = typer.Option(None, "--actor", help="Only dyads involving this actor."),
    window: int = typer.Option(8, "--window", help="Baseline periods."),
    threshold: float = typer.Option(3.0, "--threshold", help="|z| that counts as a shift."),
    top: int = typer.Option(20, "--top"),
    fmt: str = _FORMAT_OPT,
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
) -> None:
    """Dyads whose Goldstein level breaks from their own baseline, with the events behind each break.

    Example: dyad shifts --actor RUS --freq week
    """
    from dyad.analysis import coverage, shifts as run
    from dyad.analysis.render import shifts_hint, shifts_table
    from dyad.analysis.records import shifts_record

    as_json = _json_format(fmt)
    with _store(db, events) as con:
        found = run(con, freq=freq, since=since, until=until, actor=actor, window=window,
                    min_baseline=min(4, window), threshold=threshold, top=top)  # fmt: skip
        if not found and not as_json:
            cov = coverage(con, freq=freq, since=since, until=until, actor=actor, min_baseline=min(4, window))
            console.print(shifts_hint(cov, min(4, window), threshold))
            return
    if as_json:
        return _print_json(shifts_record(found))
    console.print(shifts_table(found))
    for s in found:
        console.print(f"[bold]{s.a}–{s.b} {s.period}[/] ({s.direction}):")
        for e in s.evidence:
            console.print(f"  {e['date']} {e['source']} {e['code']} {e['target']} ({e['goldstein']:+.1f}, "
                          f"{e['mentions']} mentions) {e['doc_id']}: {' '.join((e['sentence'] or '').split())}",
                          highlight=False)  # fmt: skip


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run against the store (read-only)."),
    csv_out: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
    allow_files: bool = typer.Option(
        False, "--allow-files", help="Let the query use DuckDB's file functions (read_csv, COPY ... TO, EXPORT DATABASE)."
    ),
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
) -> None:
    """Run read-only SQL against the store (tables: events, mentions, documents, sentences, actors).

    Allowed: SELECT (also DESCRIBE, SHOW, SUMMARIZE, PIVOT), EXPLAIN, PRAGMA, CALL; this store only.

    Refused: writes, ATTACH, DETACH, INSTALL, LOAD, SET; files (read_text, COPY TO) without --allow-files.

    Example: dyad sql "SELECT code, count(*) FROM events GROUP BY code ORDER BY 2 DESC"
    """
    from dyad.store.sql import run_sql

    with _store(db, events) as con:
        cols, rows = run_sql(con, query, allow_files=allow_files)
    if csv_out:
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    else:
        from dyad.analysis.render import table

        console.print(table(None, cols, rows))


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="gdelt, phoenix, plover, parquet, csv or jsonl."),
    output: str = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    status: str = typer.Option("asserted", "--status", help="asserted, negated, planned, hypothetical or all."),
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    events: str = _EVENTS_OPT,
    force: bool = _FORCE_OPT,
) -> None:
    """Export one row per deduplicated event, with its mention counts.

    Example: dyad export --format gdelt --output events.tsv
    """
    from dyad.store.export import export as run

    with _store(db, events) as con:
        n = run(con, fmt, output or sys.stdout.buffer, since=since, until=until, status=status, force=force)
    if output:
        console.print(f"{n} events written to {output}")


# --- web (dyad.web) --------------------------------------------------------------------------


@app.command()
def serve(
    db: str = typer.Option(None, "--db", help=_DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    cors: list[str] | None = typer.Option(None, "--cors", help="Let pages from this origin (https://host:port) call the API; repeatable."),
    allow_ingest: bool = typer.Option(False, "--allow-ingest", help="Enable POST /api/documents for clients sending DYAD_TOKEN."),
) -> None:
    """Serve the HTTP API and the dashboard over a store, read-only.

    Example: dyad serve --db demo.duckdb, then open http://127.0.0.1:8000/ (API docs at /docs)
    """
    import os
    import socket

    from dyad.errors import InputError
    from dyad.store import connect, resolve_path, store_errors
    from dyad.web import Settings, create_app

    path = resolve_path(db)
    with store_errors(path), connect(path):  # a missing, damaged, foreign or newer store is refused here, in one line
        pass
    token = os.environ.get("DYAD_TOKEN") or None
    if allow_ingest and not token:
        raise InputError("--allow-ingest: set DYAD_TOKEN to the token clients must send as a bearer token")
    for origin in cors or []:
        if not origin.startswith(("http://", "https://")) or origin.rstrip("/") != origin or origin.count("/") != 2:
            raise InputError(f"--cors {origin!r}: give an origin such as https://example.org:8080 (no path, no *)")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(f"--host {host} --port {port}: cannot listen there ({exc.strerror})") from None
    import uvicorn

    settings = Settings(db=path, allow_ingest=allow_ingest, token=token, cors=tuple(cors or ()))
    shown = f"[{host}]" if ":" in host else host
    err_console.print(f"dyad serve: {path} at http://{shown}:{port}/ (API docs /docs); Ctrl-C stops",
                      highlight=False, soft_wrap=True)  # fmt: skip
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False,
                server_header=False, timeout_graceful_shutdown=5)  # fmt: skip


# --- forecasting (dyad.forecast) --------------------------------------------------------------


@app.command()
def forecast(
    scenario: str = typer.Argument(..., help="Scenario file (.yaml, .yml, a .csv Actor,Capability,Position,Salience table or a decide input file)."),
    model: str = typer.Option("all", "--model", help="all, or models joined by commas: eum, compromise, median, nash, exchange, mean."),
    preset: str = typer.Option("scholz-code", "--preset", help="EUM preset: scholz-code, paper or paper-equations."),
    rounds: int = typer.Option(None, "--rounds", help="EUM rounds at most (default 10; it stops earlier when the positions converge or cycle).", min=0),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    rounds_table: bool = typer.Option(False, "--rounds-table", help="Also print the EUM's positions by round and every move."),
    summary: bool = typer.Option(False, "--summary", help="Print one table: each issue's status quo and every model's forecast."),
    plot: str = typer.Option(None, "--plot", help="Write the EUM positions by round to this image (.png, .svg, .pdf)."),
    monte_carlo: int = typer.Option(0, "--monte-carlo", help="Sensitivity: number of runs with drawn inputs.", min=0),
    seed: int = typer.Option(0, "--seed", help="Seed of the sensitivity draws."),
    noise: float = typer.Option(1.0, "--noise", help="Scale of the sensitivity draws (0: every draw is the scenario itself)."),
    db: str = typer.Option(None, "--db", help="Show each pair of scenario actors' events from this store beside the forecast."),
    since: str = typer.Option(None, "--since", help="With --db: events from this date on (YYYY-MM-DD)."),
    force: bool = _FORCE_OPT,
) -> None:
    """Forecast each issue of a scenario with the bargaining models.

    Example: dyad forecast examples/syria-2025.yaml --monte-carlo 1000 --db demo.duckdb
    """
    import json
    from contextlib import nullcontext

    from dyad.errors import InputError
    from dyad.forecast import api, report
    from dyad.forecast.readers import read_scenario
    from dyad.store import resolve_path

    if fmt not in ("table", "json"):
        raise InputError(f"--format: {fmt!r} is not one of table, json")
    if since is not None and db is None:
        raise InputError("--since needs --db (the store the events come from)")
    stores = (resolve_path(db),) if db is not None else ()
    plot_path = api.check_plot_path(plot, force=force, inputs=(scenario, *stores)) if plot is not None else None
    scen = read_scenario(scenario)
    with _store(db) if db is not None else nullcontext() as con:
        data = api.forecast_scenario(scen, models=model, preset=preset, rounds=rounds, monte_carlo=monte_carlo,
                                     seed=seed, noise=noise, con=con, since=since)  # fmt: skip
    if fmt == "json":
        print(json.dumps(data, indent=2, allow_nan=False))
    elif summary:
        print(report.summary_text(data))
    else:
        print(report.to_text(data, rounds_table=rounds_table))
    if plot_path is not None:
        out = report.plot_rounds(scen, data, plot_path)
        err_console.print(f"wrote {out}")


@app.command()
def backtest(
    path: str = typer.Argument(..., help="DEU table (tab-separated p<actor>, s<actor>, proc, counvte, rp, out columns)."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    models: str = typer.Option(
        None, "--models",
        help="Comma-separated predictors, model[:preset][@capabilities] (eum:paper@council, compromise@procedure), "
        "compromise-exponents@council or ensemble; default: all of them.",
    ),
    folds: int = typer.Option(10, "--folds", help="Cross-validation folds (whole proposals left out)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the fold assignment and the bootstrap."),
    bootstrap: int = typer.Option(2000, "--bootstrap", help="Bootstrap resamples of proposals for the intervals."),
) -> None:
    """Score every model's cross-validated mean absolute error on recorded EU legislative outcomes.

    Example: dyad backtest deu3.csv --models compromise,compromise@council,ensemble
    """
    import json

    from dyad.errors import InputError
    from dyad.forecast.backtest import DEFAULT_MODELS
    from dyad.forecast.backtest import backtest as run_backtest

    if fmt not in ("table", "json"):
        raise InputError(f"--format: {fmt!r} is not one of table, json")
    chosen = tuple(m.strip() for m in models.split(",") if m.strip()) if models else DEFAULT_MODELS
    res = run_backtest(path, chosen, folds=folds, seed=seed, bootstrap=bootstrap)
    if fmt == "json":
        print(json.dumps(res, indent=2, allow_nan=False))
        return
    print(f"{res['issues']} issues of {res['proposals']} proposals; cross-validated mean absolute error on 0-100 "
          f"({res['folds']} folds, whole proposals left out; lower is better)")
    print(f"  {'model':<30} {'CV MAE':>6}  {'vs compromise':>13}  95% interval (paired bootstrap over proposals)")
    for name, row in sorted(res["models"].items(), key=lambda kv: kv[1]["cv_mae"]):
        lo, hi = row["diff_95"]
        fitted = "  (fitted per fold)" if row["fitted"] else ""
        print(f"  {name:<30} {row['cv_mae']:6.2f}  {row['diff_to_compromise']:+13.2f}  [{lo:+.2f}, {hi:+.2f}]{fitted}")
    if res["status_quo_mae"] is not None:
        print(f"  {'status quo (reference point)':<30} {res['status_quo_mae']:6.2f}  on the {res['issues_with_reference_point']} issues that have one")
    print(f"best: {res['best']}")


def main() -> None:
    app()  # DyadError is reported by _DyadGroup, the one place that formats it


if __name__ == "__main__":
    main()
