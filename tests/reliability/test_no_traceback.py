"""dyad never shows a Python traceback for an input or environment fault (issue 16, "Done when").

Every command runs against one fault set: each command that reads a store against stores that
are missing, a directory, empty, foreign, cut short, a FIFO or in a missing directory; each
command that reads a file against inputs that are missing, a directory, binary, UTF-16, Latin-1,
nested 100,000 deep, empty, a DuckDB file or named in bytes that are not UTF-8; each command that
writes a file against outputs in a missing directory, onto a directory, a FIFO, a device, the
store or another program's file. Each run must end with the documented exit code (2 bad input, 3
broken data, 4 some inputs skipped, 5 the machine's fault), its error as one line on stderr naming
the file, no exception escaping the command and no "Traceback" in anything it printed; the good
store and the other program's file are unchanged at the end. A command added to dyad fails
`test_every_command_meets_the_fault_set` until it is given its place here.

In-process (CliRunner: an exception that escapes a command is one the real `dyad` would print as
a traceback), with the fake coder, so that the whole set runs in seconds; `dyad serve`, which would
serve forever if a fault slipped through, runs as its own process with a time-out.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from dyad.cli import app
from reliability.test_output_files import fake_coder, make_store, tables  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
SYRIA = ROOT / "examples" / "syria-2025.yaml"
runner = CliRunner()

# --- the faults ------------------------------------------------------------------------------


def _store_faults(d: Path, good: Path) -> dict[str, Path]:
    data = good.read_bytes()
    out = {"missing": d / "missing.duckdb", "directory": d / "dir.duckdb", "empty": d / "empty.duckdb",
           "foreign": d / "foreign.duckdb", "cut short": d / "cut.duckdb", "fifo": d / "fifo.duckdb",
           "missing directory": d / "nodir" / "s.duckdb"}  # fmt: skip
    out["directory"].mkdir()
    out["empty"].write_bytes(b"")
    out["foreign"].write_text('{"not": "a database"}\n' * 100)
    out["cut short"].write_bytes(data[: len(data) // 2])
    os.mkfifo(out["fifo"])
    return out


def _input_faults(d: Path, good: Path) -> dict[str, Path]:
    out = {"missing": d / "missing.jsonl", "directory": d / "empty-dir", "binary": d / "binary.jsonl",
           "utf-16": d / "utf16.yaml", "latin-1": d / "latin1.yaml", "nested": d / "deep.jsonl",
           "empty": d / "empty.txt", "a store": good, "non-utf8 name": d / os.fsdecode(b"caf\xe9.jsonl")}  # fmt: skip
    out["directory"].mkdir()
    out["binary"].write_bytes(bytes(range(256)) * 16)
    out["utf-16"].write_bytes("issues:\n  - name: Peru\n".encode("utf-16"))
    out["latin-1"].write_bytes("issues:\n  - name: caf\xe9\n".encode("latin-1"))
    out["nested"].write_text("[" * 100_000 + "\n")
    out["empty"].write_text("")
    out["non-utf8 name"].write_text('{"id": "a", "text": "PER 111 CHL"}\n')
    return out


def _output_faults(d: Path, good: Path, suffix: str) -> dict[str, Path]:
    out = {"missing directory": d / "nodir" / f"x{suffix}", "a directory": d / f"dir{suffix}",
           "fifo": d / f"fifo{suffix}", "device": Path("/dev/full"), "the store": good,
           "another program's file": d / f"theirs{suffix}"}  # fmt: skip
    if not out["a directory"].exists():
        out["a directory"].mkdir()
        os.mkfifo(out["fifo"])
        out["another program's file"].write_bytes(b"not dyad's")
    return out


# --- the commands, each with where its file goes -------------------------------------------------

STORE_COMMANDS = {  # {store} is the store under test
    "series": ["series", "PER", "CHL", "--db", "{store}"], "dyads": ["dyads", "--db", "{store}"],
    "network": ["network", "--db", "{store}"], "balance": ["balance", "--db", "{store}"],
    "shifts": ["shifts", "--db", "{store}"], "export": ["export", "-f", "csv", "--db", "{store}"],
    "sql": ["sql", "SELECT count(*) FROM events", "--db", "{store}"],
    "ingest": ["ingest", "--coded", "{coded}", "--db", "{store}"],
}  # fmt: skip

INPUT_COMMANDS = {  # {input} is the file under test
    "code": ["code", "{input}"], "ingest": ["ingest", "{input}", "--db", "{new}"],
    "ingest --coded": ["ingest", "--coded", "{input}", "--db", "{new}"], "forecast": ["forecast", "{input}"],
    "backtest": ["backtest", "{input}"], "validate": ["validate", "{input}"], "evaluate": ["evaluate", "--set", "{input}"],
    "code --dictionaries": ["code", "--dictionaries", "{input}", "{coded}"],
}  # fmt: skip

OUTPUT_COMMANDS = {  # {output} is the file under test, with the suffix the command writes
    "code": (".jsonl", ["code", "{feed}", "-o", "{output}"]),
    "export": (".csv", ["export", "-f", "csv", "-o", "{output}", "--db", "{store}"]),
    "network": (".graphml", ["network", "--output", "{output}", "--db", "{store}"]),
    "series": (".png", ["series", "PER", "CHL", "--plot", "{output}", "--db", "{store}"]),
    "forecast": (".png", ["forecast", str(SYRIA), "--plot", "{output}"]),
}  # fmt: skip

# Commands that read no file of the user's: their bad arguments are checked where they are tested.
NO_FILE = {"version": "prints the version", "codebook": "tests/codebook", "actors": "tests/actors"}

INPUT_SKIPS = 4  # `code` and `ingest` skip a bad input, code the rest and exit 4


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("faultset")
    good = make_store(d / "good.duckdb")
    coded = d / "good.events.jsonl"  # written by make_store
    feed = d / "feed.jsonl"
    feed.write_text('{"id": "a1", "text": "PER 111 CHL", "date": "2025-01-02"}\n')
    return {"dir": d, "good": good, "coded": coded, "feed": feed}


def _invoke(args: list[str], **where: Path) -> object:
    argv = [a.format(**{k: str(v) for k, v in where.items()}) if "{" in a else a for a in args]
    return runner.invoke(app, argv, env={"COLUMNS": "200"})


def _no_traceback(r, named: Path, codes: tuple[int, ...]) -> None:
    printed = r.output + (r.stderr or "")
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in printed, printed
    assert r.exit_code in codes, (r.exit_code, printed)
    err = [line for line in r.stderr.splitlines() if line.strip()]
    if r.exit_code != INPUT_SKIPS:
        assert len(err) == 1, err
    name = named.name or str(named)  # a name that is not UTF-8 may be shown escaped, either way
    shown = {name, name.encode("utf-8", "backslashreplace").decode(), os.fsencode(name).decode("utf-8", "backslashreplace")}
    assert any(n in line for n in shown for line in err), (name, err)


@pytest.mark.parametrize("fault", ["missing", "directory", "empty", "foreign", "cut short", "fifo", "missing directory"])
@pytest.mark.parametrize("command", sorted(STORE_COMMANDS))
def test_store_faults(place, command, fault, tmp_path):
    store = _store_faults(tmp_path, place["good"])[fault]
    if command == "ingest" and fault == "missing":
        pytest.skip("ingest creates a missing store: not a fault")
    r = _invoke(STORE_COMMANDS[command], store=store, coded=place["coded"])
    _no_traceback(r, store, (2, 3))


@pytest.mark.parametrize("fault", ["missing", "directory", "binary", "utf-16", "latin-1", "nested", "empty",
                                   "a store", "non-utf8 name"])  # fmt: skip
@pytest.mark.parametrize("command", sorted(INPUT_COMMANDS))
def test_input_faults(place, command, fault, tmp_path):
    given = _input_faults(tmp_path, place["good"])[fault]
    new = tmp_path / "new.duckdb"
    r = _invoke(INPUT_COMMANDS[command], input=given, new=new, coded=place["coded"])
    if r.exit_code == 0:  # read as what it is: UTF-16 text, an empty coded file
        assert fault in ("utf-16", "empty") and "Traceback" not in r.output, (fault, r.output)
        return
    _no_traceback(r, given, (2, 3, INPUT_SKIPS))


@pytest.mark.parametrize("fault", ["missing directory", "a directory", "fifo", "device", "the store",
                                   "another program's file"])  # fmt: skip
@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_output_faults(place, command, fault):
    suffix, args = OUTPUT_COMMANDS[command]
    d = place["dir"] / f"out-{command}"
    d.mkdir(exist_ok=True)
    target = _output_faults(d, place["good"], suffix)[fault]
    before = tables(place["good"])
    theirs = target.read_bytes() if target.is_file() and fault != "the store" else None
    r = _invoke(args, output=target, store=place["good"], feed=place["feed"])
    _no_traceback(r, target, (2, 5))
    assert tables(place["good"]) == before
    if theirs is not None:
        assert target.read_bytes() == theirs


@pytest.mark.parametrize("fault", ["missing", "directory", "empty", "foreign", "cut short", "fifo"])
def test_serve_refuses_a_bad_store_in_one_line(place, fault, tmp_path):
    store = _store_faults(tmp_path, place["good"])[fault]
    dyad = Path(sys.executable).with_name("dyad")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = subprocess.run([str(dyad), "serve", "--db", str(store), "--port", str(port)], capture_output=True, text=True,
                       timeout=60)  # fmt: skip
    assert "Traceback" not in r.stderr + r.stdout, r.stderr
    assert r.returncode in (2, 3) and len(r.stderr.strip().splitlines()) == 1 and store.name in r.stderr, r.stderr


def test_every_command_meets_the_fault_set():
    commands = set(typer.main.get_command(app).commands)
    covered = set(STORE_COMMANDS) | {c.split()[0] for c in INPUT_COMMANDS} | set(OUTPUT_COMMANDS) | {"serve"}
    assert commands - covered - set(NO_FILE) == set(), "give these commands their faults here"


@pytest.mark.parametrize("args, flag", [
    (["shifts", "--threshold", "nan"], "--threshold"), (["shifts", "--threshold", "inf"], "--threshold"),
    (["shifts", "--threshold", "-1"], "--threshold"), (["shifts", "--top", "0"], "--top"),
    (["network", "--min-events", "-1"], "--min-events"), (["balance", "--min-events", "0"], "--min-events"),
    (["dyads", "--min-events", "0"], "--min-events"), (["balance", "--top", "0"], "--top"),
])  # fmt: skip
def test_numbers_out_of_range_are_refused_with_the_flag(place, args, flag):
    """A NaN threshold flagged nothing and exited 0; a negative --min-events was taken as 1."""
    r = _invoke([*args, "--db", "{store}"], store=place["good"])
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {flag}:"), err
