"""TABARI's rules in an actor base read from foreign dictionaries: entries with several codes."""

from dyad.actors.rules import combine
from dyad.dictionaries.tabari_actors import parse_actors
from dyad.dictionaries.agents import parse_agents
from dyad.dictionaries.convert import ConversionReport, to_actor_base

ACTORS = """\
THE_LOWLANDS_ [LWA/LWB]
NORDLAND_ [NRD]
NORDLAND_RADIO_ [NRDRAD]
"""

AGENTS = """\
MINISTER [~GOV]
MSF {} [NGO~]
"""


def base():
    return to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")],
                         ConversionReport())


def test_each_code_of_an_entry_with_several_takes_the_agents():
    b = base()
    assert b.lookup("the Lowlands").code == "LWA/LWB"
    assert b.lookup("Lowlands ministers").code == "LWAGOV/LWBGOV"  # not LWA/LWBGOV
    assert b.lookup("MSF Lowlands").code == "NGOLWA/NGOLWB"
    assert b.lookup("Nordland ministers").code == "NRDGOV"


def test_combine_adds_each_three_letter_group_once():
    assert combine("NRD", ["GOV", "GOVMED"]) == "NRDGOVMED"
    assert combine("", ["MUS", "MED"]) == "MUSMED"


def test_unknown_words_inside_a_name_are_skipped():
    b = base()
    assert b.lookup("Nordland state-run radio").code == "NRDRAD"
    assert b.lookup("Nordland radio").code == "NRDRAD"
    assert b.lookup("Nordland state-run newspaper").code == "NRD"  # the name's own words must all be there


def test_dyads_own_rules_skip_nothing_inside_a_name():
    from dyad.dictionaries.convert import to_actor_base as convert

    own = convert([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")],
                  ConversionReport(), with_builtin=True)
    m = own.lookup("Nordland state-run radio")
    assert m is None or m.code != "NRDRAD"
