"""One exception family, so the command line can turn any of them into a clean message.

Every message names the input (file, line, field, actor...) and says what is wrong, so that a
person can act on it without reading a traceback.
"""

from __future__ import annotations


class DyadError(Exception):
    """Base of every error dyad raises on purpose (bad input, bad configuration)."""

    exit_code: int = 1


class InputError(DyadError):
    """Input that dyad cannot use: a file, a line of it, a field, an argument."""

    exit_code = 2


class DataError(DyadError):
    """dyad's own or a user's data files (codebook, actors, dictionaries) are inconsistent."""

    exit_code = 3


class EnvironmentFault(DyadError):
    """The machine stopped dyad, not the data: a full disk, a read-only or unwritable place, an
    I/O error. What was committed or written before is kept; fix the cause and run again."""

    exit_code = 5


class StoreLocked(DyadError):
    """Another process held the store for longer than dyad waits; nothing is wrong with it, so
    this is not exit 3 (broken data): a script may simply retry."""

    exit_code = 6


# Causes an OSError or a DuckDB I/O message can carry, in the words a user acts on.
_CAUSES = {
    28: ("No space left on device", "the disk is full (no space left on device)"),
    30: ("Read-only file system", "a read-only file system"),
    13: ("Permission denied", "permission denied"),
    1: ("Operation not permitted", "operation not permitted"),
    122: ("Disk quota exceeded", "the disk quota is exceeded"),
    27: ("File too large", "the file is larger than this system allows (file size limit)"),
    5: ("Input/output error", "an input/output error of the device"),
}


def environment_fault(where: str, exc: BaseException, kept: str = "") -> EnvironmentFault | None:
    """An ``EnvironmentFault`` naming ``where`` and the cause when ``exc`` (an OSError, or a
    DuckDB error whose message carries the system's words) is the machine's fault, else None.

    DuckDB reports a full disk or a read-only file as text ("IO Error: ... No space left on
    device"), with no errno, hence the match on the system's own wording too.
    """
    errno = getattr(exc, "errno", None)
    text = str(exc)
    for code, (words, said) in _CAUSES.items():
        if errno == code or words in text:
            return EnvironmentFault(f"{where}: {said}" + (f"; {kept}" if kept else ""))
    return None
