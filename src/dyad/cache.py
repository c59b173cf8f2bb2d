"""dyad's on-disk caches: pickles of models that are slow to build and quick to load.

The gazetteer and the converted foreign dictionaries each take seconds to build; both keep the
built value here, under a name that is a hash of everything that went into it, so a stale entry
is never read (a changed input is a new name). A cache is only an optimisation, so nothing about
it may stop dyad: an unreadable or damaged entry reads as a miss, an unwritable directory (a
read-only home) just means building each time, and ``DYAD_NO_CACHE=1`` turns every cache off.
Writes go to a temporary file renamed over the entry, so concurrent processes never read half
of one.

Where: ``$DYAD_CACHE_DIR``, else ``$XDG_CACHE_HOME/dyad``, else ``~/.cache/dyad``.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "read_pickle", "write_pickle"]


def cache_dir(*parts: str) -> Path | None:
    """dyad's cache directory (joined with ``parts``), or None when caching is turned off."""
    if os.environ.get("DYAD_NO_CACHE", "").lower() in ("1", "true", "yes"):
        return None
    base = os.environ.get("DYAD_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "dyad"
    )
    return Path(base, *parts)


def read_pickle(path: Path) -> Any | None:
    """The cached value, or None if there is none or it cannot be read (it is then rebuilt)."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, truncated, from another version: a miss
        return None


def write_pickle(path: Path, value: Any, *, replaces: str | None = None) -> None:
    """Store ``value`` at ``path`` atomically; ``replaces`` is a glob of the entries this one
    supersedes (earlier versions' caches), removed once it is written. Failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers never see half a file
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        if replaces:
            for old in path.parent.glob(replaces):
                if old != path:
                    old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, AttributeError, TypeError):  # what pickle raises for a value it cannot store
        pass  # no cache: every load builds afresh
