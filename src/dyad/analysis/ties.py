"""The sign of a tie between two actors: one definition for dyads, network, balance and the plots.

A tie is **cooperative** (+1) when more of its asserted events are cooperation (quad classes 1
and 2, verbal and material) than conflict (quad classes 3 and 4), **conflictual** (-1) when
more are conflict. When the counts are even, the summed Goldstein score decides (a visit and an
air strike, +1.9 and -10, make a conflictual tie); a tie is **neutral** (0) only when that too
is zero.

Why quad classes and not the Goldstein score: the quad class is CAMEO's own statement of which
kind of act an event is, and it is what the tables count; the Goldstein scale grades intensity and
puts several cooperative acts slightly below zero (a call for military de-escalation, 0256, is
verbal cooperation at -0.3). Signing by the mean Goldstein score drew such a tie as conflict next
to a table that counted it as cooperation. The Goldstein score stays the measure of how strongly
a dyad cooperates (``weight``, ``goldstein_mean``) and of change over time (``dyads``, ``shifts``).
"""

from __future__ import annotations

COOPERATION_SQL = "count(*) FILTER (WHERE quad_class <= 2)"
CONFLICT_SQL = "count(*) FILTER (WHERE quad_class >= 3)"

TIE_KINDS = {1: "cooperative", -1: "conflictual", 0: "neutral"}


def tie_sign(cooperation: int, conflict: int, goldstein_sum: float) -> int:
    """+1, -1 or 0 from a tie's counts of cooperative and conflictual events and its Goldstein sum."""
    if cooperation != conflict:
        return 1 if cooperation > conflict else -1
    return (goldstein_sum > 0) - (goldstein_sum < 0)


def tie_kind(sign: int) -> str:
    return TIE_KINDS[sign]
