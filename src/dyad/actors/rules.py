"""How an ActorBase matches phrases: dyad's own strict rules, or TABARI's for foreign dictionaries.

dyad's own base never guesses: one unknown word and the phrase is unknown, and the head noun
decides the sector ("military court" -> JUD). The TABARI/PETRARCH dictionaries were written for
other conventions, and their validation suites expect them:

* the actor is the first known actor phrase in the noun phrase; modifiers the dictionaries do
  not know are skipped ("the evil awful Gondor" -> GON, "the KU basketball team" -> USA + EDU),
  but not an unknown head ("the official news agency" is no official) nor a word that ties the
  phrase to another actor ("military-ruled Myanmar", see ``ASSOCIATIONS``);
* every agent noun adds its code, in the order of the text ("Danish Islamist media" ->
  DNK + MUS + MED), a code the actor's code already holds is not added twice;
* an agent written ``[NGO~]`` puts its code before the actor's ("MSF Arnor" -> NGOARN);
* a name without a trailing ``_`` is a stem: its last word matches any word it begins
  ("ARGENTIN" -> Argentina, Argentine, Argentinian).

The rules are data handed to ``ActorBase.from_entries``; the default is dyad's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dyad.actors.normalize import exact_key

# Words that tie a phrase's actor to another one ("Iranian-backed militias", "military-ruled
# Myanmar"): never skipped as unknown modifiers, since the phrase does not name what it contains.
ASSOCIATIONS = frozenset(
    "backed led ruled linked allied affiliated aligned inspired sponsored supported funded "
    "controlled held occupied run dominated based friendly leaning".split()
)

# A stem shorter than this matches only whole words: "UN" would otherwise be "United", "unless"
MIN_STEM = 4


@dataclass(frozen=True, slots=True)
class MatchRules:
    """The conventions a base matches with (see the module docstring).

    ``stems`` holds the names (as written in the entries) whose last word is a stem;
    ``prefixes`` agent nouns whose code goes before the actor's (noun -> code).
    """

    skip_unknown: bool = False
    combine_sectors: bool = False
    stems: frozenset[str] = field(default_factory=frozenset)
    prefixes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def tabari(cls, stems: Iterable[str] = (), prefixes: Mapping[str, str] | None = None) -> MatchRules:
        """TABARI/PETRARCH's conventions, for bases built from their dictionaries."""
        return cls(True, True, frozenset(stems), dict(prefixes or {}))

    def stem_keys(self) -> set[str]:
        """The normalised keys of the stem names whose last word is long enough to be a stem."""
        keys = (exact_key(s) for s in self.stems)
        return {k for k in keys if k and len(k.rsplit(" ", 1)[-1]) >= MIN_STEM and k.rsplit(" ", 1)[-1].isalpha()}

    def prefix_keys(self) -> dict[str, str]:
        return {k: code for noun, code in self.prefixes.items() if (k := exact_key(noun))}


def combine(code: str, parts: Iterable[str]) -> str:
    """``code`` followed by each agent code in turn, skipping one it already holds.

    PETRARCH checks redundancy by three-letter groups: "Arnor's foreign ministry official"
    (GOV, then GOV again) is ARNGOV, not ARNGOVGOV; GOVMED after ARNGOV adds MED.
    """
    groups = {code[i : i + 3] for i in range(0, len(code), 3)}
    for part in parts:
        for i in range(0, len(part), 3):
            group = part[i : i + 3]
            if group not in groups:
                groups.add(group)
                code += group
    return code
