"""The actor knowledge base: names, adjectives, places, titles -> CAMEO actor codes on a date.

    >>> from datetime import date
    >>> kb = ActorBase.default()
    >>> kb.lookup("Abu Mohammad al-Jolani", date=date(2025, 10, 15)).code
    'SYRGOV'
    >>> kb.lookup("Israeli forces").code
    'ISRMIL'

Data lives in ``data/*.yaml`` (schema: docs/actors.md); users add files with
``ActorBase.load(extra_files=[...])`` or the ``DYAD_ACTORS`` environment variable.
"""

from dyad.actors.base import ENV_VAR, ActorBase
from dyad.actors.model import KINDS, ActorEntry, ActorMatch, Role

__all__ = ["ENV_VAR", "KINDS", "ActorBase", "ActorEntry", "ActorMatch", "Role"]
