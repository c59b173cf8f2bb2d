"""``load_dictionaries``: a directory of foreign dictionaries -> dyad's ``ActorBase`` and ``PatternSet``.

This is the one call the ``code`` and ``validate`` commands (and Python users) need. Building the
models for the full Phoenix set takes several seconds (most of it normalising 34,000 actor names),
so the result is cached as a pickle in the user's cache directory
(``$DYAD_CACHE_DIR/dictionaries`` or ``~/.cache/dyad/dictionaries``). The key is a SHA-256 over
every dictionary file's bytes, the options (``lenient``, ``with_builtin``) and the size and
modification time of dyad's own code and packaged data that go into the models, so editing a
dictionary, upgrading dyad or changing its built-in actors all make a new key. The cache is only
an optimisation: an unreadable entry is rebuilt, an unwritable directory is ignored, and
``DYAD_NO_CACHE=1`` turns it off. Lines skipped in lenient mode are warned about on every load,
cached or not.
"""

from __future__ import annotations

import functools
import hashlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from dyad.actors.base import ActorBase
from dyad.cache import cache_dir, read_pickle, write_pickle
from dyad.coder.patterns import PatternSet
from dyad.dictionaries.convert import ConversionReport, to_actor_base, to_pattern_set
from dyad.dictionaries.directory import KINDS, find_dictionaries, read_dictionaries
from dyad.dictionaries.source import DictionaryWarning

_CACHE_FORMAT = "2"


@dataclass(slots=True)
class Loaded:
    """The models plus what went into them: files by kind, skipped lines, the conversion report."""

    actors: ActorBase
    patterns: PatternSet
    files: dict[str, list[Path]]
    skipped: list[str] = field(default_factory=list)
    report: ConversionReport = field(default_factory=ConversionReport)
    discards: list[tuple[str, bool]] = field(default_factory=list)  # (phrase, whole story)


def load_dictionaries(
    directory: str | Path | None = None,
    with_builtin: bool = False,
    lenient: bool = False,
    *,
    files: dict[str, list[Path]] | None = None,
) -> tuple[ActorBase, PatternSet]:
    """dyad's models built from the foreign dictionaries in ``directory`` (see ``load``)."""
    loaded = load(directory, with_builtin, lenient, files=files)
    return loaded.actors, loaded.patterns


def load(
    directory: str | Path | None = None,
    with_builtin: bool = False,
    lenient: bool = False,
    *,
    files: dict[str, list[Path]] | None = None,
    use_cache: bool = True,
) -> Loaded:
    """Read and convert the dictionaries in ``directory`` (or the given ``files`` by kind).

    Alone, the foreign entries are all dyad knows; ``with_builtin`` layers them under dyad's own
    actors and patterns (dyad's win on conflict). ``lenient`` skips malformed lines with a
    :class:`DictionaryWarning` instead of raising :class:`~dyad.errors.InputError`.
    """
    if files is None:
        if directory is None:
            raise ValueError("load() needs a directory or files")
        files = find_dictionaries(directory)
    files = {k: [Path(p) for p in files.get(k, [])] for k in KINDS}
    cache = cache_dir("dictionaries") if use_cache else None
    key = _key(files, with_builtin, lenient) if cache is not None else None
    if key is not None:
        hit = read_pickle(cache / f"{key}.pickle")
        if isinstance(hit, Loaded):
            for msg in hit.skipped:
                warnings.warn(msg + "; line skipped", DictionaryWarning, stacklevel=2)
            return hit
    ds = read_dictionaries(files, lenient)
    report = ConversionReport()
    patterns = to_pattern_set(ds.verbs, report)
    if with_builtin:
        patterns = patterns.layered(PatternSet.default())  # dyad's own win ties
    actors = to_actor_base(ds.actors, ds.agents, report, with_builtin=with_builtin)
    discards = [(" ".join(d.phrase.words), d.story) for lst in ds.discards for d in lst.discards]
    loaded = Loaded(actors, patterns, files, ds.skipped, report, discards)
    if key is not None:
        write_pickle(cache / f"{key}.pickle", loaded)
    return loaded


# --- cache ----------------------------------------------------------------------------------


def _code_stamp() -> str:
    """Sizes and mtimes of the dyad files that shape the models (code and packaged data)."""
    import dyad

    root = Path(dyad.__file__).parent
    parts = []
    for sub in ("actors", "coder", "dictionaries"):
        for p in sorted((root / sub).rglob("*")):
            if p.suffix in (".py", ".yaml", ".tsv", ".txt") and p.is_file():
                st = p.stat()
                parts.append(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _key(files: dict[str, list[Path]], with_builtin: bool, lenient: bool) -> str | None:
    from dyad import __version__

    h = hashlib.sha256(f"{_CACHE_FORMAT}|{__version__}|{with_builtin}|{lenient}|{_code_stamp()}".encode())
    for kind in KINDS:
        for path in files[kind]:
            try:
                data = path.read_bytes()
            except OSError:
                return None  # the reader raises the proper error
            h.update(f"|{kind}|{path.resolve()}|{len(data)}|".encode())
            h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


# --- a coder for the ``code`` command -------------------------------------------------------


def make_coder(directory: str, with_builtin: bool = False, lenient: bool = False) -> Any:
    """A ``Coder`` for the dictionaries in ``directory`` (cached models; see ``coder_factory``)."""
    from dyad.coder.pipeline import Coder
    from dyad.dictionaries.conventions import coder_options

    actors, patterns = load_dictionaries(directory, with_builtin, lenient)
    options = coder_options()
    if with_builtin:  # dyad's own patterns rely on dyad's modality frames: keep them
        options.pop("frames")
    return Coder(actors=actors, patterns=patterns, **options)


def coder_factory(directory: str | Path, with_builtin: bool = False, lenient: bool = False) -> Callable[[], Any]:
    """A picklable zero-argument factory for ``run_code(coder_factory=...)``.

    The dictionaries are read once here, so a bad file fails before any input is read (and
    worker processes then find the models in the cache).
    """
    load(directory, with_builtin, lenient)
    return functools.partial(make_coder, str(directory), with_builtin, lenient)
