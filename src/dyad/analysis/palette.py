"""The colours of dyad's charts, defined once for the command line's plots and the dashboard.

Hex strings only (no plotting library imported), so any front end can use them. The four quad
classes take Okabe and Ito's colour-blind-safe palette: cooperation in blues, conflict in
oranges, the material class of each darker than the verbal one. Under simulated protanopia,
deuteranopia and tritanopia every pair stays far apart (``tests/analysis/test_palette.py``
measures it); the red-green scale used before collapsed material cooperation into material
conflict for deuteranopes, the commonest colour blindness.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

QUAD_COLOURS: Mapping[int, str] = MappingProxyType({
    1: "#56B4E9",  # verbal cooperation: sky blue
    2: "#0072B2",  # material cooperation: blue
    3: "#E69F00",  # verbal conflict: orange
    4: "#D55E00",  # material conflict: vermillion
})  # fmt: skip

QUAD_LABELS: Mapping[int, str] = MappingProxyType({
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
})  # fmt: skip

NEUTRAL = "#999999"

# A tie's sign (dyad.analysis.ties.tie_sign) drawn in the colour of its material quad class.
TIE_COLOURS: Mapping[int, str] = MappingProxyType({1: QUAD_COLOURS[2], -1: QUAD_COLOURS[4], 0: NEUTRAL})

# Lines that are not quad classes (a series' directions): black, then Okabe-Ito's purple and green.
LINE_COLOURS: tuple[str, ...] = ("#000000", "#CC79A7", "#009E73")

NODE_COLOUR = "#4D4D4D"  # actors: a dark grey that competes with no tie colour
