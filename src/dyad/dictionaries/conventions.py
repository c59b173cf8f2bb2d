"""How dyad's coder is configured to code the way TABARI/PETRARCH dictionaries assume.

A foreign dictionary carries conventions beyond its patterns, and the validation suites test them:

* its own event codes (``212``, ``174K``): kept verbatim by :class:`ForeignCodebook`;
* no re-coding by modality: PETRARCH codes the verb a pattern matched. dyad's coder, by default,
  turns "X said it would free Y" into X's intention (03), "asked Y to help" into an appeal (02),
  "refused to sign" into a rejection (12), and marks "did not attack" as negated. A PETRARCH
  dictionary expresses such cases itself (``- NOT * [112]``, ``- &NEGATVAUXVRB * [050]``,
  ``- FAILED_TO_* [111]``), so with it the coder keeps reported complements (``said that Y
  attacked Z`` codes Y's attack) but applies no transform and marks nothing negated;
* no re-coding by role or nominalisation: a riot by protesters (145) and "the lifting of
  sanctions" (085) are dyad's own conventions; a dictionary codes the verb or noun it matched.

``coder_options()`` returns the keyword arguments for ``Coder`` that say so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.dictionaries.codes import ForeignCodebook


def petrarch_frames() -> Any:
    """dyad's frames with the re-coding and negation lists emptied (see the module docstring)."""
    from dyad.coder.frames import default_frames

    empty: frozenset[str] = frozenset()
    return replace(
        default_frames(),
        planned=empty, intent=empty, future_aux=empty, hypothetical_aux=empty,
        hypothetical_words=empty, failure=empty, collapse=empty, negation=empty,
        appeal=empty, demand=empty, inherit_negation=False, protesters=empty, nominalisations={},
        force_by_source={}, denial=empty,
    )


def coder_options(petrarch1: bool = False) -> dict[str, Any]:
    """``Coder(actors=..., patterns=..., **coder_options())`` codes as PETRARCH would.

    These conventions differ between PETRARCH-1 (TABARI's heir; ``PETR.UnitTest.records.xml``) and
    UD-PETRARCH (whose record files name a ``PICOfile``; the default here):

    * an actor entry with several codes (``[FRO/BIL/SAM]``): PETRARCH-1 codes one actor per
      code, UD-PETRARCH keeps the slashed code as one actor (``split_codes``);
    * a trailing attribution (", a senior official said"): PETRARCH-1 codes it as a statement
      with no target, UD-PETRARCH does not (``attributions``);
    * a verb whose parse offers no target: PETRARCH-1 (like TABARI, a shallow parser) takes the
      first actor after the verb anywhere in the sentence (``shallow_targets``); PETRARCH-2 and
      UD-PETRARCH do not (on real news, PETR2_GSR with the Phoenix dictionaries, it adds wrong
      targets: 9 more extra events);
    * an agent noun modifying an unknown head ("the official news agency"): PETRARCH-1 gives the
      phrase the agent's sector (``---GOV``), UD-PETRARCH and dyad only an agent at the head
      (``agent_modifiers``).

    How the pattern words meet the text differs too: ``dyad.coder.patterns.Matching`` (a passive
    without a by-phrase, read by its surface in PETRARCH-1, is one of them).
    """
    return {"codebook": ForeignCodebook(), "frames": petrarch_frames(),
            "split_codes": petrarch1, "attributions": petrarch1, "shallow_targets": petrarch1,
            "agent_modifiers": petrarch1}
