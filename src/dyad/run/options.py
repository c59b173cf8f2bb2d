"""How to build the coder: the options ``dyad code`` and ``dyad ingest`` share, in one value.

Both commands (and scripts) describe the coder they want with a ``CoderOptions`` and get from it
a zero-argument factory for the run layer, so an option added here reaches both commands at
once. The factory is picklable (workers that cannot fork build their own coder from it), and
foreign dictionaries are read when it is made, so a bad dictionary file stops the run before any
input is read.
"""

from __future__ import annotations

import copy
import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dyad.errors import InputError

__all__ = ["CoderOptions"]


@dataclass(frozen=True, slots=True)
class CoderOptions:
    """The coder a run uses. The defaults are dyad's own coder (``dyad.coder.default_coder``)."""

    dictionaries: str | None = None  # code with the TABARI/PETRARCH dictionaries in this directory
    with_builtin: bool = False  # with ``dictionaries``: layered over dyad's own (dyad's win)
    lenient: bool = False  # with ``dictionaries``: skip malformed lines with a warning
    statements: bool = False  # also code each reported statement ("X said ...") as 010
    conventions: str | None = None  # dyad, petrarch1, petrarch2, ud-petrarch (default: see dictionaries.load)
    ontology: str | None = None  # a PETRARCH coding ontology: what a negated code means
    partial: bool = False  # also one-actor events (no target, or a party without a country)

    def factory(self, on_warning: Callable[[str], None] | None = None) -> Callable[[], Any]:
        """A zero-argument factory for the coder these options describe.

        Warnings raised while reading the dictionaries (lines skipped with ``lenient``) go to
        ``on_warning`` when given, else they are issued as usual.
        """
        if self.dictionaries is None and (self.with_builtin or self.lenient):
            flag = "--with-builtin" if self.with_builtin else "--lenient"
            raise InputError(f"{flag} only makes sense with --dictionaries DIR")
        from dyad.run import workers  # looked up now, not at import: tests swap the default coder

        if self.dictionaries is None and self.conventions is None and self.ontology is None and not self.partial:
            factory: Callable[[], Any] = workers.default_coder
            return functools.partial(_with_statements, factory) if self.statements else factory
        from dyad.dictionaries.load import coder_factory

        with warnings.catch_warnings(record=on_warning is not None) as caught:
            if on_warning is not None:
                warnings.simplefilter("always")
            factory = coder_factory(self.dictionaries, conventions=self.conventions, ontology=self.ontology,
                                    with_builtin=self.with_builtin, lenient=self.lenient, statements=self.statements,
                                    partial=self.partial)
        for w in caught or ():
            on_warning(str(w.message))  # type: ignore[misc]
        # the coder is built again from the dictionaries (in this process or a worker), which warns
        # again about the same lines: once told through on_warning, those repeats are silenced
        return functools.partial(_without_repeats, factory) if on_warning is not None else factory


def _with_statements(factory: Callable[[], Any]) -> Any:
    """The same coder, also coding reported statements; the shared default coder is left as it is."""
    coder = copy.copy(factory())
    coder.statements = True
    return coder


def _without_repeats(factory: Callable[[], Any]) -> Any:
    """Build the coder without re-issuing the dictionary warnings already reported once."""
    from dyad.dictionaries.source import DictionaryWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DictionaryWarning)
        return factory()
