"""The quad-class colours stay apart for colour-blind readers, and the plots use them.

Colour vision deficiency is simulated with Machado, Oliveira and Fernandes' (2009) matrices at
full severity, applied in linear RGB; distance is CIE76 Delta E in CIELAB (D65). A distance
under about 10 reads as "the same colour" at a glance on a chart.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from dyad.analysis.palette import QUAD_COLOURS, TIE_COLOURS

MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "normal vision": np.eye(3).tolist(),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])
MIN_DELTA_E = 15.0


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours: list[str], vision: str) -> float:
    m = np.array(MACHADO[vision])
    labs = [_lab(m @ _linear(c)) for c in colours]
    return min(float(np.linalg.norm(a - b)) for a, b in combinations(labs, 2))


@pytest.mark.parametrize("vision", list(MACHADO))
def test_quad_colours_are_distinct_for_every_vision(vision):
    assert closest_pair(list(QUAD_COLOURS.values()), vision) >= MIN_DELTA_E


@pytest.mark.parametrize("vision", list(MACHADO))
def test_tie_colours_are_distinct_for_every_vision(vision):
    assert closest_pair(list(TIE_COLOURS.values()), vision) >= MIN_DELTA_E


def test_the_red_green_scale_it_replaced_fails_the_same_check():
    """The check can fail: the former greens and reds merge for deuteranopes."""
    assert closest_pair(["#a6d96a", "#1a9641", "#fdae61", "#d7191c"], "deuteranopia") < MIN_DELTA_E
