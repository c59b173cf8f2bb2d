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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dyad.actors.base import ActorBase
from dyad.cache import cache_dir, read_pickle, write_pickle
from dyad.coder.conventions import Conventions
from dyad.coder.patterns import PatternSet
from dyad.dictionaries.convert import ConversionReport, to_actor_base, to_pattern_set
from dyad.dictionaries.directory import KINDS, find_dictionaries, read_dictionaries
from dyad.dictionaries.source import DictionaryWarning

_CACHE_FORMAT = "3"  # 3: the pattern set carries the discard phrases


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
    patterns = replace(patterns, discards=patterns.discards + tuple(discards))  # the coder applies them
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
    for sub in ("actors", "codebook", "coder", "dictionaries"):
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


# --- the coder of ``dyad code``, ``dyad validate`` (and ``dyad ingest``) --------------------


def default_conventions(dictionaries: object = None, with_builtin: bool = False) -> Conventions:
    """dyad's conventions, or PETRARCH-2's for foreign dictionaries coded alone (their patterns
    state what dyad's modality and recoding would otherwise read into the context)."""
    return Conventions.petrarch2() if dictionaries is not None and not with_builtin else Conventions.dyad()


def make_coder(
    dictionaries: str | Path | Mapping[str, list[Path]] | None = None,
    *,
    conventions: str | Conventions | None = None,
    ontology: str | Path | None = None,
    with_builtin: bool = False,
    lenient: bool = False,
    statements: bool = False,
    partial: bool = False,
    loaded: Loaded | None = None,
) -> Any:
    """The ``Coder`` every command codes with.

    ``dictionaries``: a directory of TABARI/PETRARCH dictionaries, or their files by kind (as a
    validation file's ``<Environment>`` names them); None: dyad's own actors and patterns.
    ``conventions``: a ``Conventions`` value or a preset's name (``dyad``, ``petrarch1``,
    ``petrarch2``, ``ud-petrarch``); default ``default_conventions``. ``ontology``: a PETRARCH
    coding ontology (``PETR.Internal.Coding.Ontology.txt``) whose negation pairs say what a negated
    code means ("not 110" is 050). ``statements``: also code bare reported statements (010).
    ``partial``: also emit one-actor events (no target, or a party without a country).
    ``loaded``: the dictionaries already read (a caller that needs them too reads them once).
    """
    from dyad.coder.pipeline import Coder

    conv = _conventions(conventions, dictionaries, with_builtin)
    if statements:
        conv = conv.with_statements()
    if partial:
        conv = conv.partial()
    kwargs: dict[str, Any] = {}
    if dictionaries is not None:
        from dyad.dictionaries.codes import ForeignCodebook

        if loaded is None:
            loaded = _load(dictionaries, with_builtin, lenient)
        kwargs = {"actors": loaded.actors, "patterns": loaded.patterns, "codebook": ForeignCodebook()}
    if ontology is not None:
        patterns = kwargs.get("patterns") or PatternSet.default()
        kwargs["patterns"] = replace(patterns, negations={**patterns.negations, **ontology_negations(ontology)})
    return Coder(conventions=conv, **kwargs)


def coder_factory(
    dictionaries: str | Path | Mapping[str, list[Path]] | None = None,
    *,
    conventions: str | Conventions | None = None,
    ontology: str | Path | None = None,
    with_builtin: bool = False,
    lenient: bool = False,
    statements: bool = False,
    partial: bool = False,
) -> Callable[[], Any]:
    """A picklable zero-argument factory for ``make_coder`` with these options (``run_code``
    and the workers call it).

    The dictionaries, the ontology and the conventions' name are checked here, so a bad file or
    option fails before any input is read (and worker processes then find the models in the
    cache).
    """
    _conventions(conventions, dictionaries, with_builtin)
    if dictionaries is not None:
        _load(dictionaries, with_builtin, lenient)
    if ontology is not None:
        ontology_negations(ontology)
    if isinstance(dictionaries, Mapping):
        dictionaries = {k: [str(p) for p in v] for k, v in dictionaries.items()}
    elif dictionaries is not None:
        dictionaries = str(dictionaries)
    return functools.partial(make_coder, dictionaries, conventions=conventions,
                             ontology=str(ontology) if ontology is not None else None,
                             with_builtin=with_builtin, lenient=lenient, statements=statements, partial=partial)


def ontology_negations(path: str | Path) -> dict[str, str]:
    """The negation pairs of a PETRARCH coding ontology file (``InputError`` naming it if unreadable)."""
    from dyad.dictionaries.codes import negation_pairs, read_pico

    return negation_pairs(read_pico(Path(path)))


def _conventions(conventions: str | Conventions | None, dictionaries: object, with_builtin: bool) -> Conventions:
    if conventions is None:
        return default_conventions(dictionaries, with_builtin)
    return conventions if isinstance(conventions, Conventions) else Conventions.named(conventions)


def _load(dictionaries: str | Path | Mapping[str, list[Path]], with_builtin: bool, lenient: bool) -> Loaded:
    if isinstance(dictionaries, Mapping):
        return load(files={k: [Path(p) for p in v] for k, v in dictionaries.items()}, with_builtin=with_builtin,
                    lenient=lenient)
    return load(dictionaries, with_builtin, lenient)
