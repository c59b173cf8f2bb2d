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
