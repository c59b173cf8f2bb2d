import re
import warnings
from datetime import date

import pytest

from dyad.dictionaries.tabari_actors import DatedCode, parse_actors, parse_code, parse_date
from dyad.dictionaries.agents import parse_agents
from dyad.dictionaries.discards import parse_discards
from dyad.dictionaries.source import DictionaryWarning
from dyad.errors import InputError

ACTORS = """\
<!-- header -->
GONDOR [GON]
+MINAS_TIRITH
+ANORIEN   # a comment

SAM_GAMGEE [HOB]  # default
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBGOV 20121109 - 20130119]
\t[HOBELI > 20130119]

BASHAR_AL_ASSAD_ [SYRELI 830101-000101][SYRGOV >000717]
ARGENTIN  [ARG]
U.N._

UN_SECRETARY_GENERAL
+UNSG
\t[IGOUNO]
"""


def test_actors_names_synonyms_and_dated_codes():
    d = parse_actors(ACTORS, "a.txt")
    gon, sam, assad, arg, un = d.actors
    assert [n.text for n in gon.names] == ["Gondor", "Minas Tirith", "Anorien"]
    assert gon.codes == (DatedCode("GON"),) and gon.line == 2
    assert sam.codes == (
        DatedCode("HOB"),
        DatedCode("HOBCIV", None, date(2008, 1, 19)),  # "<" is strictly before
        DatedCode("ORCHOB", date(2010, 1, 9), date(2010, 1, 12)),  # a range includes both ends
        DatedCode("HOBGOV", date(2012, 11, 9), date(2013, 1, 19)),
        DatedCode("HOBELI", date(2013, 1, 20), None),  # ">" is strictly after
    )
    assert assad.codes[1] == DatedCode("SYRGOV", date(2000, 7, 18), None)
    assert assad.codes[0].start == date(1983, 1, 1) and assad.names[0].exact
    assert not arg.names[0].exact  # TABARI stem: no trailing underscore
    # a name line without codes lends its name to the next entry (Phoenix's U.N._)
    assert [n.text for n in un.names] == ["U.N.", "Un Secretary General", "Unsg"]
    assert un.codes == (DatedCode("IGOUNO"),)


@pytest.mark.parametrize("text, when", [
    ("000717", date(2000, 7, 17)), ("830101", date(1983, 1, 1)), ("19950601", date(1995, 6, 1)),
])
def test_dates(text, when):
    assert parse_date(text) == when


@pytest.mark.parametrize("bad", ["SYRGOV 9008223-911221", "EGYGOV 20121207-20120802", "GBRGOV >201005011", "X Y Z"])
def test_bad_codes(bad):
    with pytest.raises(ValueError):
        parse_code(bad)


@pytest.mark.parametrize("text, line, reason", [
    ("GONDOR [GON\n", 1, "unbalanced [ ]"),
    ("+MINAS_TIRITH\n", 1, "synonym '+MINAS_TIRITH' before any actor name"),
    ("GONDOR [GON]\n[ARN 20200101-20190101]\n", 2, "date range ends before it starts"),
    ("GONDOR [GON]\nARNOR\n", 2, "has no code"),
])
def test_actor_errors(text, line, reason):
    with pytest.raises(InputError, match=rf"a\.txt:{line}: .*" + re.escape(reason)):
        parse_actors(text, "a.txt")


def test_actor_lenient_skips():
    with pytest.warns(DictionaryWarning, match="a.txt:2"):
        d = parse_actors("GONDOR [GON]\n\t[GONGOV 1-2]\nARNOR [ARN]\n", "a.txt", lenient=True)
    assert [a.codes[0].code for a in d.actors] == ["GON", "ARN"] and len(d.skipped) == 1


AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
CONGRESS!PERSON! [~LEG]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
POLICE {} [ ~COP]
HUMAN_RIGHTS_BODY  [NGO~] # code goes in front
"""


def test_agents():
    d = parse_agents(AGENTS, "g.txt")
    congress, attorney, police, body = d.agents
    assert [n.text for n in congress.names] == ["Congressman", "Congressmen", "Congresswoman"]
    assert congress.code == "LEG" and congress.plurals is None and not congress.prefix
    assert [n.text for n in attorney.plurals] == ["Attorneys General"]
    assert police.plurals == () and police.code == "COP"
    assert body.prefix and body.code == "NGO"


@pytest.mark.parametrize("line, reason", [
    ("DEPARMENT_OF_ENVIRONMENT [~ENV}", "not an agent line"),
    ("ISLAMIC_EXTREMIST", "not an agent line"),
    ("!NOPE!_OFFICER [~GOV]", "unknown substitution set !NOPE!"),
])
def test_agent_errors(line, reason):
    with pytest.raises(InputError, match=rf"g\.txt:1: .*{reason}"):
        parse_agents(line + "\n", "g.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DictionaryWarning)
        assert parse_agents(line + "\nMINISTER [~GOV]\n", "g.txt", lenient=True).agents[0].code == "GOV"


def test_discards():
    d = parse_discards("MONTHS LATER\n+World Golf Championships   # story\n1914\n", "x.txt")
    assert [(" ".join(x.phrase.words), x.story) for x in d.discards] == [
        ("MONTHS LATER", False), ("WORLD GOLF CHAMPIONSHIPS", True), ("1914", False)]
    with pytest.raises(InputError, match=r"x\.txt:2: a discard is a plain phrase"):
        parse_discards("FINE\nBAD [X]\n", "x.txt")
