"""TABARI's matching conventions in a base read from foreign dictionaries (dyad.actors.rules)."""

from datetime import date

import pytest

from dyad.dictionaries.tabari_actors import parse_actors
from dyad.dictionaries.agents import parse_agents
from dyad.dictionaries.convert import ConversionReport, to_actor_base

ACTORS = """\
GONDOR_ [GON]
ARNOR_ [ARN]
ARGENTIN  [ARG]
DANISH_ [DNK]
UN_ [IGOUNO]
BREE_ [BRE]
ROMENDACIL_ [BRE]
KU_ [USAEDU]
GONZO_GMO [GONGMO]
SAM_GAMGEE_ [HOB]
\t[HOBMIL 20080120-20121109]
"""

AGENTS = """\
ISLAMIST [~MUS]
MEDIA {} [~MED]
GOVERNMENT [~GOV]
GOVERNMENT_NEWSPAPER [~GOVMED]
OFFICIAL [~GOV]
DIPLOMAT [~GOV]
PRIME_MINISTER [~GOV]
TEAM [~EDU]
MSF {} [NGO~]
HUMAN_RIGHTS_BODY [NGO~]
SOLDIER [~MIL]
HUMAN_RIGHTS_ACTIVIST [~OPP]
"""


@pytest.fixture(scope="module")
def bases():
    actors = [parse_actors(ACTORS, "t.actors.txt")]
    agents = [parse_agents(AGENTS, "t.agents.txt")]
    report = ConversionReport()
    return to_actor_base(actors, agents, report), to_actor_base(actors, agents, with_builtin=True), report


def code(base, text, day=None):
    m = base.lookup(text, day)
    return m.code if m else None


@pytest.mark.parametrize("text, expected", [
    ("the evil awful Gondor", "GON"),  # unknown modifiers are skipped
    ("Gondor's golden geese", "GON"),  # ... and so is an unknown head after an actor
    ("Danish Islamist media", "DNKMUSMED"),  # every agent, in the order of the text
    ("the Danish government newspaper", "DNKGOVMED"),  # the longest agent phrase first
    ("Danish government officials", "DNKGOV"),  # a code the actor already has is not repeated
    ("MSF Arnor", "NGOARN"),  # [NGO~]: the code goes before the actor's
    ("an MSF Arnor diplomat", "NGOARNGOV"),
    ("a human rights body", "NGO"),
    ("Argentina", "ARG"),  # ARGENTIN without "_" is a stem
    ("Argentinian soldiers", "ARGMIL"),
    ("Bree Prime Minister Romendacil", "BREGOV"),  # two names of one actor: one actor
    ("the KU basketball team", "USAEDU"),
    ("UN soldiers", "IGOUNOMIL"),  # agents follow any actor
    ("human rights activists of Gonzo GMO", "GONGMOOPP"),  # ... named ones too
    ("officials", "GOV"),  # an agent alone is a sector (the coder makes it ---GOV)
])
def test_tabari_conventions(bases, text, expected):
    assert code(bases[0], text) == expected


@pytest.mark.parametrize("text", [
    "Gondorian",  # GONDOR_ ends in "_": whole words only
    "Unless",  # UN_ likewise; and a stem shorter than four letters would never be one
    "the official news agency",  # an agent must be the head when no actor is named
    "military-ruled Gondor",  # a word tying the phrase to another actor is never skipped
    "Gondor-backed soldiers",
    "evil awful",  # nothing known
    "Arnor Gondor",  # two different actors
])
def test_tabari_conventions_refuse(bases, text):
    assert code(bases[0], text) is None


def test_dated_codes_still_combine(bases):
    assert code(bases[0], "Sam Gamgee", date(2010, 1, 1)) == "HOBMIL"
    assert code(bases[0], "Sam Gamgee soldiers", date(2020, 1, 1)) == "HOBMIL"  # HOB + MIL


def test_prefix_agents_are_converted_not_dropped(bases):
    report = bases[2]
    assert not any("XXX~" in why for why in report.dropped)


def test_with_builtin_keeps_dyads_own_rules(bases):
    _, layered, _ = bases
    assert code(layered, "Argentina") == "ARG"  # dyad's own name
    assert code(layered, "Israeli forces") == "ISRMIL"
    assert code(layered, "the evil awful Gondor") is None  # dyad's rule: an unknown word fails
    assert code(layered, "MSF Gondor") == "NGOGON"  # but a foreign prefix agent still works
