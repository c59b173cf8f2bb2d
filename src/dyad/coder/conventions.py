"""How the coder codes: one ``Conventions`` value says which stages run and how.

dyad codes by CAMEO's conventions as dyad reads them (``Conventions.dyad()``). A TABARI/PETRARCH
dictionary was written for a coder with other conventions, and its validation suites test them;
the presets give those coders' readings with dyad's stages:

=====================  ==========================================================================
preset                 for
=====================  ==========================================================================
``dyad()``             dyad's own patterns and actors (the default)
``petrarch1()``        TABARI and PETRARCH-1 dictionaries (``PETR.UnitTest.records.xml``)
``petrarch2()``        PETRARCH-2 dictionaries without their coding ontology (Phoenix, PETR2_GSR):
                       the default of ``dyad code --dictionaries``
``ud_petrarch()``      UD-PETRARCH: PETRARCH-2 dictionaries with the coding ontology
                       (``PETR_Validate_records_2_02.xml``; ``--ontology``)
=====================  ==========================================================================

What differs:

* ``cameo_readings``: dyad reads an event's context by CAMEO's conventions: moods ("will visit",
  "could strike": planned, hypothetical), negative words and failure ("never", "failed to",
  "the talks collapsed"), a negated verb negating the act it governs ("won't try to attack"),
  the codes CAMEO gives embedded acts (an intention "pledged to expel" 03x, an appeal "asked X
  to help" 02x, a demand 10x, a refusal "refused to sign" 12x), denials (016), obligations laid
  on another party (100) and the act an event noun is governed by ("the lifting of sanctions").
  PETRARCH codes the verb its pattern matched: its dictionaries state such readings as patterns
  ("- NOT * [112]", "- FAILED_TO_* [111]"); only the parser's negation and conditional clauses
  change an event's status.
* ``stages``: the ``recode`` stage (a riot by protesters 145, repression 175, arms 195) and the
  ``dyadic`` stage (events need both parties, with a country each) are dyad's; PETRARCH codes
  one-actor events (``---GOV``, no target) and its suites expect them. ``partial()`` keeps them
  with dyad's conventions (``--partial``, GDELT's one-actor events).
* ``split_codes``: an actor entry with several codes ("[FRO/BIL/SAM]") is one actor per code in
  TABARI, PETRARCH-1 and dyad; UD-PETRARCH and PETRARCH-2 keep the slashed code as one actor.
* ``attributions``: PETRARCH-1 codes a trailing attribution (", a senior official said") as a
  statement of its own; the others read it as who reported the clause before it.
* ``shallow_targets``: PETRARCH-1 (like TABARI, a shallow parser) takes the first actor after the
  verb anywhere in the sentence where the parse offers no target.
* ``agent_modifiers``: PETRARCH-1 gives an unknown phrase the sector of an agent noun anywhere in
  it ("the official news agency" -> ``---GOV``); the others only an agent at its head.
* ``matching``: how a pattern's words meet the text (``Matching``).
* ``statements``: "X said ..." is also X's statement (010), as GDELT codes it (``--statements``).
* ``one_per_happening``: a meeting, a signing, a clash is one event between its parties (dyad);
  PETRARCH codes it in both directions.
* ``reports_as_fact``: "X said Y attacked Z" reports Y's attack, coded as such, and only an
  allegation ("X alleged", "X accused") is X's act (dyad, and the real-news gold); PETRARCH-2's
  gold (PETR2_GSR) codes a party's report of another's violence as the party's accusation (112).

``petrarch_gold()`` is dyad's readings with PETRARCH's two reporting conventions and one-actor
events: the suites annotated by PETRARCH's conventions (PETR2_GSR) are scored with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dyad.errors import InputError

# The stages, in the order they run (dyad.coder.stages describes each).
STAGES = ("actors", "match", "govern", "slots", "modality", "speech", "victims", "pairs", "recode",
          "filters", "reports", "dedupe", "dyadic")


@dataclass(frozen=True, slots=True)
class Matching:
    """How a pattern's words meet the text: the conventions of the coder a dictionary was
    written for (dyad's own patterns and PETRARCH-2's use the defaults)."""

    # where a pattern's ``before`` words are looked for: "sentence" (TABARI, PETRARCH-1: anywhere
    # before the verb) or "subject" (UD-PETRARCH: in the verb's subject phrase only)
    before_scope: str = "sentence"
    # how a pattern word meets a text word: "exact" (the word as written) or "lemma" (UD-PETRARCH
    # matches lemmas: EFFORT holds for "efforts"; a plural noun counts as its singular)
    word_match: str = "exact"
    # TABARI and PETRARCH-1 turn a passive round only when a by-phrase names the agent: "X was
    # criticized over Y" has X for its source there
    passive_needs_agent: bool = False
    # TABARI matches words, not heads: its "* &REVOLT" holds for "a revolutionary manifesto", a
    # modifier of the object (with it, an object word may be the object's adjective or compound)
    object_modifiers: bool = False
    # TABARI reads the words after the verb in the order written: "* THE FULL" needs "the" and
    # then "full" after the verb ("restore full ties with the X" does not hold)
    ordered_words: bool = False

    @classmethod
    def petrarch1(cls) -> "Matching":
        """TABARI's and PETRARCH-1's matching (their unit tests)."""
        return cls(passive_needs_agent=True, object_modifiers=True, ordered_words=True)

    @classmethod
    def ud_petrarch(cls) -> "Matching":
        """UD-PETRARCH's matching on its dependency parse."""
        return cls(before_scope="subject", word_match="lemma")


@dataclass(frozen=True, slots=True)
class Conventions:
    """Which stages run and how (see the module docstring for each field)."""

    name: str = "dyad"
    stages: tuple[str, ...] = STAGES
    cameo_readings: bool = True
    split_codes: bool = True
    attributions: bool = False
    shallow_targets: bool = False
    agent_modifiers: bool = False
    statements: bool = False
    one_per_happening: bool = True
    reports_as_fact: bool = True
    matching: Matching = Matching()

    def __post_init__(self) -> None:
        unknown = [s for s in self.stages if s not in STAGES]
        if unknown:
            raise InputError(f"conventions {self.name!r}: unknown stage(s) {unknown}; the stages are {', '.join(STAGES)}")
        if list(self.stages) != [s for s in STAGES if s in self.stages]:
            raise InputError(f"conventions {self.name!r}: stages must keep the order {', '.join(STAGES)}")

    def runs(self, stage: str) -> bool:
        return stage in self.stages

    def with_statements(self, on: bool = True) -> "Conventions":
        return replace(self, statements=on)

    def partial(self) -> "Conventions":
        """These conventions, keeping one-actor events (no ``dyadic`` stage)."""
        return replace(self, stages=tuple(s for s in self.stages if s != "dyadic"))

    @classmethod
    def dyad(cls) -> "Conventions":
        return cls()

    @classmethod
    def petrarch_gold(cls) -> "Conventions":
        return cls(name="petrarch-gold", stages=tuple(s for s in STAGES if s != "dyadic"),
                   one_per_happening=False, reports_as_fact=False)

    @classmethod
    def petrarch2(cls) -> "Conventions":
        return cls(name="petrarch2", stages=_WITHOUT_RECODE, cameo_readings=False, split_codes=False,
                   one_per_happening=False, reports_as_fact=False)

    @classmethod
    def ud_petrarch(cls) -> "Conventions":
        return replace(cls.petrarch2(), name="ud-petrarch", matching=Matching.ud_petrarch())

    @classmethod
    def petrarch1(cls) -> "Conventions":
        return cls(name="petrarch1", stages=_WITHOUT_RECODE, cameo_readings=False, split_codes=True,
                   attributions=True, shallow_targets=True, agent_modifiers=True, matching=Matching.petrarch1(),
                   one_per_happening=False, reports_as_fact=False)

    @classmethod
    def named(cls, name: str) -> "Conventions":
        """A preset by its name on the command line (``--conventions``)."""
        try:
            return _PRESETS[name.strip().lower().replace("_", "-")]()
        except KeyError:
            raise InputError(f"--conventions: {name!r} is not one of {', '.join(_PRESETS)}") from None


_WITHOUT_RECODE = tuple(s for s in STAGES if s not in ("recode", "dyadic"))
_PRESETS = {preset().name: preset for preset in (Conventions.dyad, Conventions.petrarch1, Conventions.petrarch2,
                                                  Conventions.ud_petrarch, Conventions.petrarch_gold)}
PRESETS = tuple(_PRESETS)
