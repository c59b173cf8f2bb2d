"""CAMEO codebook: event codes with names, root, quad class, Goldstein score and PLOVER type,
plus the CAMEO actor role/sector codes.

    >>> from dyad.codebook import load_codebook
    >>> cb = load_codebook()
    >>> cb.event("042").plover
    'CONSULT'

The data are dyad's own files (``events.tsv``, ``sectors.tsv`` next to this module); their
headers say where the facts come from.
"""

from dyad.codebook.loader import load_codebook, load_codebook_from, parse_events, parse_sectors
from dyad.codebook.model import QUAD_NAMES, Codebook, EventType, quad_class_of, quad_for_root

__all__ = [
    "QUAD_NAMES",
    "Codebook",
    "EventType",
    "load_codebook",
    "load_codebook_from",
    "parse_events",
    "parse_sectors",
    "quad_class_of",
    "quad_for_root",
]
