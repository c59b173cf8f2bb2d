"""Output files: which files an output flag may replace, and writing them whole or not at all.

Every ``--output`` and ``--plot`` of dyad goes through here, so one set of rules holds for all:

- **An output never replaces an input, the open store or any DuckDB file**, ``--force`` or not
  (``dyad export -o ex.duckdb --db ex.duckdb`` used to replace the store by a CSV). Inputs are
  compared as files (``os.path.samefile``: a hard link or a symlink to an input is the input), and
  a file under an input directory that the command would read counts as an input.
- **An existing file is replaced only when it is the previous output of the same command**, or
  with ``--force``. "Previous output" is recognised by content, by the command that owns the
  format (``recognise``): the shape it writes (dyad code's event lines or CSV header, an export's
  header or columns, a graph file of dyad's network, an image whose metadata names the dyad
  command that drew it). A file edited into another shape, or anyone else's file of that name,
  needs ``--force``. Formats without a recognisable shape (GDELT's headerless columns) always do.
- **Written whole or not at all**: the output is written to a hidden part file beside it
  (``.NAME.PID-XXXX.dyad.part``) and renamed over the target only when the run succeeded, so a
  failed run leaves an existing output untouched. Part files left by a process that died (kill -9)
  are removed by the next write to the same target (their process id is gone).
- **Faults of the machine** (full disk, read-only or unwritable directory) are one-line
  ``EnvironmentFault``\\s naming the file, not tracebacks.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from dyad.errors import EnvironmentFault, InputError, environment_fault

__all__ = ["check_output", "atomic_path", "atomic_text", "head_and_tail", "is_duckdb_file", "PART_SUFFIX"]

PART_SUFFIX = ".dyad.part"
_PEEK = 65536  # bytes read from each end of a file to recognise it


def head_and_tail(path: Path, size: int = _PEEK) -> tuple[bytes, bytes]:
    """The first and last ``size`` bytes of a file (what a recogniser looks at)."""
    with path.open("rb") as fh:
        head = fh.read(size)
        end = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, end - size))
        return head, fh.read(size)


def is_duckdb_file(path: Path) -> bool:
    """A DuckDB database (its magic bytes), whatever its name."""
    try:
        with path.open("rb") as fh:
            return fh.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _under(path: Path, directory: Path) -> bool:
    try:
        path.relative_to(directory)
        return True
    except ValueError:
        return False


def check_output(
    path: str | os.PathLike[str],
    *,
    command: str,
    flag: str = "--output",
    recognise: Callable[[Path], bool] | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    reads: Callable[[Path], bool] | None = None,
    force: bool = False,
) -> Path:
    """The file to write for ``flag PATH`` (symlinks followed), or the one-line reason it may not be.

    ``inputs`` are the files and directories the command reads (the store among them); ``reads``
    says which files under an input directory it would read (default: none). ``recognise`` says
    whether an existing file is this ``command``'s earlier output (default: nothing is).
    """
    given = Path(path)
    shown = f"{flag} {given}"
    if str(given) in ("", "-"):
        raise InputError(f"{flag}: give a file name (leave {flag} out to write to standard output)")
    if given.is_dir():
        raise InputError(f"{shown}: a directory, not a file")
    target = Path(os.path.realpath(given))
    directory = target.parent
    if not directory.is_dir():
        raise InputError(f"{shown}: directory {given.parent} does not exist")
    if not os.access(directory, os.W_OK):
        fault = _unwritable(directory)
        raise EnvironmentFault(f"{shown}: cannot write in directory {given.parent} ({fault})")
    if not target.exists():
        _refuse_wal(target, shown)
        return target
    mode = target.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputError(f"{shown}: {_kind(mode)}; dyad writes whole files and would replace it "
                         f"(leave {flag} out and redirect standard output instead)")  # fmt: skip
    ours = recognise is not None and _safely(recognise, target)
    for raw in inputs:
        inp = Path(raw)
        if inp.is_dir():
            if not ours and reads is not None and _under(target, Path(os.path.realpath(inp))) and reads(target):
                raise InputError(f"{shown}: would replace a file the command reads from {inp}; "
                                 "an output never replaces an input (write it elsewhere)")  # fmt: skip
        elif inp.exists() and os.path.samefile(inp, target):
            raise InputError(f"{shown}: is the input {inp}; an output never replaces an input (write it elsewhere)")
    if is_duckdb_file(target):
        raise InputError(f"{shown}: a DuckDB database (a store?); an output never replaces one, even with "
                         "--force (remove it yourself if it is not needed)")  # fmt: skip
    _refuse_wal(target, shown)
    if not ours and not force:
        raise InputError(f"{shown}: the file exists and is not an earlier output of `{command}`; "
                         "give --force to replace it")  # fmt: skip
    return target


def _refuse_wal(target: Path, shown: str) -> None:
    """A store's write-ahead log (``X.duckdb.wal``) is part of the store."""
    if target.suffix == ".wal" and is_duckdb_file(target.with_suffix("")):
        raise InputError(f"{shown}: the write-ahead log of the DuckDB database {target.with_suffix('')}; "
                         "an output never replaces it")  # fmt: skip


def _unwritable(directory: Path) -> str:
    """Why a directory cannot be written: try to create a file there and name the system's cause."""
    probe = directory / f".dyad-probe-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        probe.touch(exist_ok=False)
    except OSError as exc:
        return exc.strerror.lower() if exc.strerror else str(exc)
    probe.unlink(missing_ok=True)
    return "not writable"


def _safely(recognise: Callable[[Path], bool], path: Path) -> bool:
    try:
        return bool(recognise(path))
    except (OSError, ValueError, UnicodeDecodeError):
        return False


def _part_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{PART_SUFFIX}")


def remove_stale_parts(target: Path) -> list[Path]:
    """Part files of ``target`` whose writing process is gone (killed before it could clean up)."""
    removed = []
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(PART_SUFFIX)):
            continue
        pid_text = name[len(prefix) : -len(PART_SUFFIX)].split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        part = target.parent / name
        try:
            part.unlink()
            removed.append(part)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def atomic_path(target: str | os.PathLike[str], *, shown: str | None = None) -> Iterator[Path]:
    """A part file to write ``target`` through (by a library that takes a path: DuckDB's COPY,
    matplotlib, networkx); renamed over ``target`` only if the block succeeds."""
    target = Path(target)
    shown = shown or str(target)
    remove_stale_parts(target)
    part = _part_name(target)
    try:
        yield part
        if not part.exists():
            raise EnvironmentFault(f"{shown}: nothing was written")
        with part.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise (environment_fault(shown, exc, "any earlier file there is untouched") or exc) from None
    except BaseException as exc:
        part.unlink(missing_ok=True)
        fault = environment_fault(shown, exc, "any earlier file there is untouched") if _is_io(exc) else None
        if fault is not None:
            raise fault from None
        raise


def _is_io(exc: BaseException) -> bool:
    """A library's error that may carry a machine fault as text (DuckDB's IOException, for one)."""
    return isinstance(exc, Exception) and type(exc).__module__.lstrip("_").startswith("duckdb")


@contextmanager
def atomic_text(target: str | os.PathLike[str], *, shown: str | None = None) -> Iterator[TextIO]:
    """A text file (UTF-8) that replaces ``target`` only if the block succeeds."""
    with atomic_path(target, shown=shown) as part:
        try:
            fh = open(part, "x", encoding="utf-8", newline="")
        except OSError as exc:
            raise (environment_fault(shown or str(target), exc) or exc) from None
        with fh:
            yield fh


def image_metadata(command: str, suffix: str) -> dict[str, str]:
    """Metadata that marks an image as drawn by ``command`` (matplotlib's ``savefig(metadata=)``):
    how the next run recognises its own earlier image."""
    return {("Software" if suffix.lower() == ".png" else "Creator"): f"{command} (dyad)"}


def drawn_by(command: str) -> Callable[[Path], bool]:
    """Recogniser of an image ``image_metadata(command, ...)`` marked (PNG text chunk, SVG or PDF creator)."""
    mark = f"{command} (dyad)".encode()

    def recognise(path: Path) -> bool:
        head, tail = head_and_tail(path)
        return not head or mark in head or mark in tail

    return recognise
