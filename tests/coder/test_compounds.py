"""Compound actors under TABARI/PETRARCH conventions, with tiny dictionaries written for these tests.

Every sentence here is made up for the test (places from no suite); the dictionaries are in the
foreign formats so the coder runs exactly as ``dyad validate`` runs it. The spaCy model is loaded
once per session.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.coder.document import Document
from dyad.dictionaries.actors import parse_actors
from dyad.dictionaries.agents import parse_agents
from dyad.dictionaries.conventions import coder_options
from dyad.dictionaries.convert import ConversionReport, to_actor_base, to_pattern_set
from dyad.dictionaries.verbs import parse_verbs

pytestmark = pytest.mark.slow
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
"""


@pytest.fixture(scope="session")
def coder():
    from dyad.coder.pipeline import Coder

    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(VERBS, "t.verbs.txt")], report)
    return Coder(actors=base, patterns=patterns, **coder_options(split_codes=True))


def coded(coder, text: str) -> list[tuple[str | None, str | None, str]]:
    return sorted((e.source, e.target, e.code) for e in coder.code(Document("t", text, DAY))
                  if e.status != "negated")


def test_an_entry_with_several_codes_is_one_actor_per_code(coder):
    got = coded(coder, "The Lowlands restored full diplomatic ties with the Twin Cities.")
    assert got == sorted((s, t, "064") for s in ("LWA", "LWB") for t in ("TCA", "TCB"))
    assert not any("/" in (s or "") + (t or "") for s, t, _ in got)


def test_several_codes_kept_whole_when_asked(coder):
    from dyad.coder.pipeline import Coder

    kept = Coder(actors=coder.actors, patterns=coder.patterns, nlp=coder.nlp, **coder_options())
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
