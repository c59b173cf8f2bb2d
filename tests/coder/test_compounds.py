"""Compound actors and TABARI/PETRARCH conventions, with tiny dictionaries written for these tests.

Every sentence here is made up for the test (places from no suite); the dictionaries are in the
foreign formats so the coder runs exactly as ``dyad validate`` runs it. The spaCy model is loaded
once per session.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dyad.model import Document
from dyad.coder.conventions import Conventions
from dyad.dictionaries.codes import ForeignCodebook
from dyad.dictionaries.tabari_actors import parse_actors
from dyad.dictionaries.agents import parse_agents
from dyad.dictionaries.convert import ConversionReport, to_actor_base, to_pattern_set
from dyad.dictionaries.verbs import parse_verbs

DAY = date(2001, 3, 14)

ACTORS = """\
NORDLAND_ [NRD]
SUDMARK_ [SUD]
OSTRIA_ [OST]
WESTHAVEN_ [WHV]
THE_LOWLANDS_ [LWA/LWB]
TWIN_CITIES_ [TCA/TCB]
"""

AGENTS = """\
LAWMAKER [~LEG]
OFFICIAL [~GOV]
AMBASSADOR [~GOV]
MINISTER [~GOV]
SOLDIER [~MIL]
STUDENT [~EDU]
POLICE {} [~COP]
"""

VERBS = """\
--- WELCOME [041] ---
WELCOME
- * RESUMPTION [041]

--- RESTORE [064] ---
RESTORE
- * TIES [064]

--- PRESENT [032] ---
PRESENT
- * CREDENTIALS [032]

--- CONDEMN [122] ---
CONDEMN

--- CRITICIZE [121] ---
CRITICIZE

--- ARREST [173] ---
ARREST

--- RENEW [---] ---
RENEW
- * TIES [050:050]

--- ARRIVE [042:043] ---
ARRIVE
ATTEND

--- SAY [010] ---
SAY {SAYS SAID SAYING}

--- MARCH [152] ---
MARCH

--- SIGN [057] ---
SIGN
- * ACCORD [056]

--- URGE [023] ---
URGE

--- WIN [010] ---
WIN

--- NOTE [010] ---
NOTE

--- REGRET [111] ---
REGRET

--- DELAY [191] ---
DELAY
- % * [191]

--- REPORT [---] ---
REPORT
"""


@pytest.fixture(scope="session")
def coder():
    from dyad.coder.pipeline import Coder

    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(VERBS, "t.verbs.txt")], report)
    return Coder(actors=base, patterns=patterns, codebook=ForeignCodebook(), conventions=Conventions.petrarch1())


def under(coder, conventions: Conventions):
    """The same dictionaries and parse under other conventions."""
    from dyad.coder.pipeline import Coder

    return Coder(actors=coder.actors, patterns=coder.patterns, nlp=coder.nlp, codebook=ForeignCodebook(),
                 conventions=conventions)


def coded(coder, text: str) -> list[tuple[str | None, str | None, str]]:
    return sorted((e.source, e.target, e.code) for e in coder.code(Document("t", text, DAY))
                  if e.status != "negated")


def test_an_entry_with_several_codes_is_one_actor_per_code(coder):
    got = coded(coder, "The Lowlands restored full diplomatic ties with the Twin Cities.")
    assert got == sorted((s, t, "064") for s in ("LWA", "LWB") for t in ("TCA", "TCB"))
    assert not any("/" in (s or "") + (t or "") for s, t, _ in got)


def test_several_codes_kept_whole_when_asked(coder):
    kept = under(coder, Conventions.petrarch2())
    got = coded(kept, "The Lowlands restored full diplomatic ties with the Twin Cities.")
    assert got == [("LWA/LWB", "TCA/TCB", "064")]


def test_agents_in_a_compound_place_phrase_are_each_places(coder):
    got = coded(coder, "Lawmakers and officials in Nordland and Sudmark welcomed a resumption of ties with Ostria.")
    assert got == sorted((s, "OST", "041") for s in ("NRDLEG", "SUDLEG", "NRDGOV", "SUDGOV"))


def test_agents_of_a_list_of_countries(coder):
    got = coded(coder, "The ambassadors of Nordland, Sudmark and Westhaven presented credentials to Ostria's minister.")
    assert got == sorted((s, "OSTGOV", "032") for s in ("NRDGOV", "SUDGOV", "WHVGOV"))


def test_a_list_member_parsed_as_an_apposition_with_unknown_modifiers(coder):
    got = coded(coder, "Grim Nordland, the dreadful Sudmark, and brave Westhaven welcomed a resumption of ties with Ostria.")
    assert got == sorted((s, "OST", "041") for s in ("NRD", "SUD", "WHV"))


def test_a_paired_code_with_a_compound_subject_and_no_target_is_reciprocal(coder):
    got = coded(coder, "Nordland and Sudmark renewed diplomatic ties after a long break.")
    assert got == [("NRD", "SUD", "050"), ("SUD", "NRD", "050")]


def test_a_paired_code_at_a_place_gives_the_host_its_event(coder):
    got = coded(coder, "A Nordland minister arrived in Sudmark on Monday.")
    assert got == [("NRDGOV", "SUD", "042"), ("SUD", "NRDGOV", "043")]
    # but the venue of the object ("a summit in Sudmark") hosts nobody
    got = coded(coder, "A Nordland minister will attend a summit in Sudmark on Monday.")
    assert got == [("NRDGOV", "SUD", "042")]


def test_a_trailing_attribution_is_no_event_of_its_own(coder):
    text = "Nordland will restore full diplomatic ties with Sudmark, a senior Ostria official said."
    ud = under(coder, Conventions.petrarch2())
    assert coded(ud, text) == [("NRD", "SUD", "064")]
    # PETRARCH-1 codes it as a statement without target
    assert coded(coder, text) == [("NRD", "SUD", "064"), ("OSTGOV", None, "010")]


def test_a_statement_takes_the_first_actor_of_its_complement(coder):
    got = coded(coder, "Ostria said on Friday that a blockade against Sudmark would not work.")
    assert got == [("OST", "SUD", "010")]


def test_an_adverb_with_a_prepositional_phrase_is_searched_for_the_target(coder):
    got = coded(coder, "Nordland soldiers marched close to the border with Sudmark.")
    assert got == [("NRDMIL", "SUD", "152")]


def test_a_purpose_clause_names_the_target_when_nothing_else_does(coder):
    got = coded(coder, "Nordland signed an accord on Monday to supply Sudmark with grain.")
    assert got == [("NRD", "SUD", "056")]


def test_a_coordinated_member_with_unknown_modifiers_after_and(coder):
    got = coded(coder, "Nordland and the evil awful Sudmark welcomed a resumption of ties with Ostria.")
    assert got == [("NRD", "OST", "041"), ("SUD", "OST", "041")]


def test_a_phrase_naming_two_actors_without_a_comma_is_its_first(coder):
    got = coded(coder, "Nordland and the grim Sudmark awful Westhaven welcomed a resumption of ties with Ostria.")
    assert got == [("NRD", "OST", "041"), ("SUD", "OST", "041")]


def test_an_infinitive_chain_under_an_appeal_is_not_an_event(coder):
    got = coded(coder, "Nordland urged Sudmark on Friday to help win a bigger role for it in the coming talks.")
    assert got == [("NRD", "SUD", "023")]


def test_what_a_statement_says_about_its_target_is_the_statement(coder):
    got = coded(coder, "The Nordland minister noted that Sudmark regretted the refusal of Ostria to talk.")
    assert got == [("NRDGOV", "SUD", "010")]


def test_shallow_target_is_the_first_actor_after_the_verb(coder):
    # "Gxland" is no actor; TABARI's target is the next actor the sentence names
    got = coded(coder, "Nordland will restore full diplomatic ties with Gxland, years after Sudmark crowds burned its embassy.")
    assert got == [("NRD", "SUD", "064")]


def test_shallow_target_stops_short_of_a_trailing_speaker(coder):
    got = coded(coder, "Nordland will restore full diplomatic ties with Gxland, a senior Sudmark official said.")
    assert got == [("NRD", None, "064"), ("SUDGOV", None, "010")]  # the speaker is no target


def test_a_reciprocal_pattern_keeps_its_compound_subject_as_targets(coder):
    got = coded(coder, "Nordland and Sudmark delayed their meeting after a storm was reported near Ostria.")
    assert got == [("NRD", "SUD", "191"), ("SUD", "NRD", "191")]


def test_an_agent_modifying_an_unknown_head_is_the_phrase_sector_in_petrarch1(coder):
    text = "Nordland will restore full diplomatic ties with Sudmark, the chief official broadcaster said."
    assert ("---GOV", None, "010") in coded(coder, text)
    ud = under(coder, replace(Conventions.petrarch2(), attributions=True))
    assert not any(s and s.startswith("---") for s, _, _ in coded(ud, text))  # only an agent at the head


def test_an_agentless_passive_by_its_surface_in_petrarch1_by_its_roles_otherwise(coder):
    text = "Nordland was criticized over its border dispute with Sudmark."
    assert coded(coder, text) == [("NRD", "SUD", "121")]
    ud = under(coder, Conventions.ud_petrarch())
    assert coded(ud, text) == [("SUD", "NRD", "121")]
    # with an agent both read the roles
    assert coded(coder, "Nordland was criticized by Sudmark.") == [("SUD", "NRD", "121")]


def test_a_statement_reads_past_the_speakers_own_pronoun(coder):
    got = coded(coder, "Nordland said it has deep sympathy for the people of Sudmark.")
    assert got == [("NRD", "SUD", "010")]


def test_the_direct_object_is_the_target_even_as_a_bare_agent_in_petrarch1(coder):
    # TABARI's first actor after the verb, though the place after it names a country
    assert coded(coder, "Nordland police arrested students in Ostria today.") == [("NRDCOP", "---EDU", "173")]


def test_a_coordinated_possessor_is_a_compound_target(coder):
    # the parse is given, as the small model rarely reads "A and B's X" this way with these names
    from spacy.tokens import Doc

    words = ["Nordland", "said", "he", "has", "deep", "sympathy", "toward", "Sudmark", "and", "Ostria",
             "'s", "Elrond", "."]
    heads = [1, 1, 3, 1, 5, 3, 5, 11, 7, 7, 9, 6, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "amod", "dobj", "prep", "poss", "cc", "conj", "case",
            "pobj", "punct"]
    sdoc = Doc(coder.nlp.vocab, words=words, heads=heads, deps=deps, sent_starts=[True] + [False] * 12)
    events, _ = coder._code(Document("t", " ".join(words), DAY), sdoc)
    assert sorted((e.source, e.target, e.code) for e in events) == [("NRD", "OST", "010"), ("NRD", "SUD", "010")]


def test_a_purpose_clause_never_gives_the_source_as_its_own_target(coder):
    got = coded(coder, "Nordland signed an accord on Monday to show its goodwill.")
    assert got == [("NRD", None, "056")]
