"""Finding the dictionaries in a directory, and reading them all (with a cache).

A file is recognised by its name first (``*verb*``, ``*actor*``, ``*agent*``, ``*discard*``;
issue-coding, ontology and preposition files are left alone), then by its content: verb-block
headers (``--- NAME [code] ---``) make a verb file, ``!SET! = ...`` lines or ``[~CODE]`` brackets an
agent file, ``NAME [CODE]`` lines an actor file. Discard lists are only recognised by name: a
list of plain phrases looks like anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dyad.dictionaries.tabari_actors import ActorDictionary, read_actors
from dyad.dictionaries.agents import AgentDictionary, read_agents
from dyad.dictionaries.discards import DiscardList, read_discards
from dyad.dictionaries.verbs import VerbDictionary, read_verbs
from dyad.errors import InputError

KINDS = ("verbs", "actors", "agents", "discards")
_NAME_HINTS = (("verb", "verbs"), ("actor", "actors"), ("agent", "agents"), ("discard", "discards"))
_IGNORED_HINTS = ("issue", "ontology", "preposition", "records", "readme", "source", "license")
_SUFFIXES = {".txt", ".dict", ".verbs", ".actors", ".agents", ""}
_VERB_HEADER = re.compile(r"^-{3}\s*[A-Z][^\n\[]*\[[^\]\n]*\]", re.M)
_AGENT_HINT = re.compile(r"^!\w+!\s*=|^[^\s#<][^\n\[]*\[\s*~\w+\]|^[^\s#<][^\n\[]*\[\w+~\]", re.M)
_ACTOR_LINE = re.compile(
    r"^(?:\+?[^\s\[#<]+(?:[ _][^\s\[#<]+)*|[ \t]+)\s*\[[A-Za-z0-9+\-/]{3,}(?:\s+[<>]?\s*[\d\s\-]+)?\]", re.M
)


@dataclass(slots=True)
class DictionarySet:
    """Everything read from one directory (or list of files), kept apart by kind."""

    verbs: list[VerbDictionary] = field(default_factory=list)
    actors: list[ActorDictionary] = field(default_factory=list)
    agents: list[AgentDictionary] = field(default_factory=list)
    discards: list[DiscardList] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        """Messages for every line skipped in lenient mode, over all files."""
        return [m for kind in KINDS for d in getattr(self, kind) for m in d.skipped]

    def files(self) -> dict[str, list[Path]]:
        return {kind: [d.path for d in getattr(self, kind)] for kind in KINDS}


def recognise(path: Path) -> str | None:
    """The kind of dictionary ``path`` holds (one of KINDS), or None for anything else."""
    name = path.name.lower()
    if any(h in name for h in _IGNORED_HINTS) or path.suffix.lower() not in _SUFFIXES:
        return None
    for hint, kind in _NAME_HINTS:
        if hint in name:
            return kind
    try:
        with path.open("rb") as fh:
            head = fh.read(65536).decode("utf-8", "replace")
    except OSError:
        return None
    if _VERB_HEADER.search(head):
        return "verbs"
    agent_hits = len(_AGENT_HINT.findall(head))
    actor_hits = len(_ACTOR_LINE.findall(head))
    if agent_hits and agent_hits >= actor_hits / 2:
        return "agents"
    if actor_hits >= 3:
        return "actors"
    return None


def find_dictionaries(directory: str | Path) -> dict[str, list[Path]]:
    """Dictionary files in ``directory`` by kind (not recursive); InputError if there are none."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory (--dictionaries takes a directory)")
    found: dict[str, list[Path]] = {k: [] for k in KINDS}
    for p in sorted(directory.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            kind = recognise(p)
            if kind:
                found[kind].append(p)
    if not any(found.values()):
        raise InputError(f"{directory}: no TABARI/PETRARCH dictionaries found (verbs, actors, agents, discards)")
    return found


_READERS = {"verbs": read_verbs, "actors": read_actors, "agents": read_agents, "discards": read_discards}


def read_dictionaries(files: dict[str, list[Path]], lenient: bool = False) -> DictionarySet:
    """Read the given files (by kind)."""
    out = DictionarySet()
    for kind in KINDS:
        for path in files.get(kind, []):
            getattr(out, kind).append(_READERS[kind](Path(path), lenient=lenient))
    return out


def read_directory(directory: str | Path, lenient: bool = False) -> DictionarySet:
    return read_dictionaries(find_dictionaries(directory), lenient)


