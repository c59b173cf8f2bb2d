"""Foreign event-coding dictionaries (TABARI / PETRARCH): readers, conversion, and the coder factory.

* readers: :mod:`.verbs`, :mod:`.tabari_actors`, :mod:`.agents`, :mod:`.discards` (plain dataclasses,
  errors naming ``file:line``, ``lenient=True`` to skip bad lines with a warning);
* :mod:`.directory`: which file in a directory is which;
* :mod:`.convert`: into dyad's own ``PatternSet`` and ``ActorBase`` (dyad codes; nothing here does);
* :mod:`.load`: ``load_dictionaries(dir, with_builtin, lenient) -> (ActorBase, PatternSet)``, cached,
  and ``make_coder`` / ``coder_factory``: the coder of ``dyad code``, ``validate`` and ``ingest``;
* :mod:`.codes`: the foreign event codes and the PETRARCH coding ontology.

The validation suites' records and their scoring are in :mod:`dyad.evaluation`.

Importing this package is cheap; the heavy modules load on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_dictionaries"]


def __getattr__(name: str) -> Any:
    if name == "load_dictionaries":
        from dyad.dictionaries.load import load_dictionaries

        return load_dictionaries
    raise AttributeError(f"module 'dyad.dictionaries' has no attribute {name!r}")
