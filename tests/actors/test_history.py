"""People of 2000-2019: news of those years keeps its actors (Obama in 2010 is the US government,
in 2018 a former official), and the earlier roles of people still in office after 2020 sit on
their one entry. Data checks, not code checks: each date below tests one role boundary.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from dyad.actors import ActorBase


@pytest.fixture(scope="module")
def kb() -> ActorBase:
    return ActorBase.default()


@pytest.mark.parametrize(
    "name, day, code",
    [
        ("Barack Obama", "2010-05-01", "USAGOV"),
        ("Barack Obama", "2006-06-01", "USALEG"),  # Senator for Illinois
        ("Barack Obama", "2018-05-01", "USAELI"),  # former president
        ("George W. Bush", "2008-06-01", "USAGOV"),
        ("George W. Bush", "2000-06-01", "USAELI"),  # before his first office
        ("Hillary Clinton", "2011-03-01", "USAGOV"),
        ("Hillary Clinton", "2005-03-01", "USALEG"),
        ("Robert Gates", "2009-12-01", "USAGOV"),
        ("Hosni Mubarak", "2005-01-01", "EGYGOV"),
        ("Hosni Mubarak", "2012-06-01", "EGYELI"),
        ("Mohamed Morsi", "2013-01-01", "EGYGOV"),
        ("Abdel Fattah el-Sisi", "2013-08-01", "EGYGOV"),  # defence minister
        ("Michel Suleiman", "2008-08-06", "LBNGOV"),
        ("Michel Sleiman", "2006-01-01", "LBNMIL"),  # army commander
        ("Fouad Siniora", "2007-01-01", "LBNGOV"),
        ("Saad Hariri", "2010-01-01", "LBNGOV"),
        ("Najib Mikati", "2012-01-01", "LBNGOV"),
        ("Michel Aoun", "2010-01-01", "LBNLEG"),
        ("Vladimir Putin", "2005-01-01", "RUSGOV"),
        ("Dmitry Medvedev", "2010-01-01", "RUSGOV"),
        ("Benjamin Netanyahu", "2007-06-01", "ISROPP"),
        ("Ehud Olmert", "2007-06-01", "ISRGOV"),
        ("Ehud Olmert", "2010-06-01", "ISRELI"),
        ("Mahmoud Abbas", "2003-06-01", "PSEGOV"),  # prime minister
        ("Yasser Arafat", "2002-01-01", "PSEGOV"),
        ("Ismail Haniyeh", "2010-01-01", "PSEREBHMS"),  # Hamas leaders keep the group code
        ("Bashar al-Assad", "2005-01-01", "SYRGOV"),
        ("Walid Muallem", "2012-01-01", "SYRGOV"),
        ("Mahmoud Ahmadinejad", "2009-06-01", "IRNGOV"),
        ("Hassan Rouhani", "2004-01-01", "IRNGOV"),  # nuclear negotiator
        ("Nouri al-Maliki", "2010-01-01", "IRQGOV"),
        ("Saddam Hussein", "2002-01-01", "IRQGOV"),
        ("Muammar Gaddafi", "2010-01-01", "LBYGOV"),
        ("Moammar Gadhafi", "2013-01-01", "LBYELI"),
        ("Hamid Karzai", "2009-01-01", "AFGGOV"),
        ("Pervez Musharraf", "2006-01-01", "PAKGOV"),
        ("Viktor Yanukovych", "2012-01-01", "UKRGOV"),
        ("Viktor Yanukovych", "2015-01-01", "UKRELI"),
        ("Arseniy Yatsenyuk", "2015-01-01", "UKRGOV"),
        ("Petro Poroshenko", "2010-01-01", "UKRGOV"),  # foreign minister
        ("Mikheil Saakashvili", "2008-08-08", "GEOGOV"),
        ("Hugo Chavez", "2008-01-01", "VENGOV"),
        ("Nicolas Maduro", "2010-01-01", "VENGOV"),  # foreign minister
        ("Fidel Castro", "2005-01-01", "CUBGOV"),
        ("Raul Castro", "2012-01-01", "CUBGOV"),
        ("Kofi Annan", "2003-01-01", "IGOUNO"),
        ("Ban Ki-moon", "2010-01-01", "IGOUNO"),
        ("Ban Ki-moon", "2005-01-01", "KORGOV"),  # foreign minister of South Korea
        ("Angela Merkel", "2004-01-01", "DEUOPP"),
        ("Gordon Brown", "2009-01-01", "GBRGOV"),
        ("Nicolas Sarkozy", "2009-01-01", "FRAGOV"),
        ("Hu Jintao", "2009-01-01", "CHNGOV"),
        ("Manmohan Singh", "2009-01-01", "INDGOV"),
    ],
)
def test_role_on_date(kb: ActorBase, name: str, day: str, code: str) -> None:
    match = kb.lookup(name, date=date.fromisoformat(day))
    assert match is not None, name
    assert match.code == code, (name, day, match.code)


@pytest.mark.parametrize(
    "phrase, day, code",
    [
        ("Lebanese President Michel Suleiman", "2008-08-06", "LBNGOV"),
        ("Israeli Prime Minister Ehud Olmert", "2007-06-01", "ISRGOV"),
        ("Secretary of State Condoleezza Rice", "2007-06-01", "USAGOV"),
        ("UN Secretary-General Ban Ki-moon", "2012-06-01", "IGOUNO"),
    ],
)
def test_title_and_name_take_the_dated_role(kb: ActorBase, phrase: str, day: str, code: str) -> None:
    match = kb.lookup(phrase, date=date.fromisoformat(day))
    assert match is not None and match.code == code, (phrase, match)


def test_earlier_roles_join_the_existing_entry(kb: ActorBase) -> None:
    """People in office before and after 2020 have one entry holding both periods."""
    for entry_id, before, after in [
        ("vladimir-putin", date(2004, 1, 1), date(2024, 1, 1)),
        ("benjamin-netanyahu", date(2003, 1, 1), date(2024, 1, 1)),
        ("frank-walter-steinmeier", date(2007, 1, 1), date(2022, 1, 1)),
        ("celso-amorim", date(2006, 1, 1), date(2024, 1, 1)),
    ]:
        entry = kb.entry(entry_id)
        assert any(r.valid_on(before) for r in entry.codes), (entry_id, before)
        assert any(r.valid_on(after) for r in entry.codes), (entry_id, after)


def test_common_words_are_not_surnames(kb: ActorBase) -> None:
    """Surnames that are also English words or places are left out: 'the ban' is no Secretary-General."""
    for word in ("ban", "the Hague", "rice", "brown", "may"):
        match = kb.lookup(word, date=date(2010, 1, 1))
        assert match is None or match.kind != "person", (word, match)


# Offices held by one person at a time: two holders may share only the hand-over day.
SINGLE_HOLDER = [
    "President of Egypt", "Prime Minister of Egypt", "Foreign Minister of Egypt", "President of Lebanon",
    "Prime Minister of Lebanon", "Foreign Minister of Lebanon", "President of Iraq", "Prime Minister of Iraq",
    "Prime Minister of Syria", "Defence Minister of Syria", "Defence Minister of Israel", "Foreign Minister of Israel",
    "President of Israel", "Prime Minister of Israel", "Secretary of State", "Secretary of Defense",
    "Foreign Secretary", "Defence Secretary", "Prime Minister of the United Kingdom", "President of France",
    "Prime Minister of France", "Foreign Minister of France", "Defence Minister of France", "President of Germany",
    "Chancellor of Germany", "Foreign Minister of Germany", "Defence Minister of Germany", "Prime Minister of Italy",
    "Foreign Minister of Italy", "Defence Minister of Italy", "President of Italy", "Prime Minister of Japan",
    "Foreign Minister of Japan", "Defence Minister of Japan", "Prime Minister of India", "President of India",
    "Foreign Minister of India", "Prime Minister of Canada", "Foreign Minister of Canada", "Defence Minister of Canada",
    "Prime Minister of Australia", "Foreign Minister of Australia", "Defence Minister of Australia",
    "Foreign Minister of South Korea", "Defence Minister of South Korea", "Foreign Minister of North Korea",
    "Defence Minister of China", "Foreign Minister of China", "Premier of China", "Foreign Minister of Brazil",
    "Defence Minister of Brazil", "President of Turkey", "Defence Minister of Turkey", "Foreign Minister of Iran",
    "Defence Minister of Iran", "President of Iran", "Prime Minister of Pakistan", "President of Pakistan",
    "Foreign Minister of Pakistan", "Prime Minister of Ukraine", "Foreign Minister of Ukraine",
    "Defence Minister of Ukraine", "President of Ukraine", "President of Georgia", "Prime Minister of Tunisia",
    "Prime Minister of Jordan", "Prime Minister of the Palestinian Authority", "Secretary-General of the United Nations",
    "Secretary General of NATO", "President of the European Commission", "Secretary-General of the Arab League",
    "Director General of the IAEA", "Chief of the General Staff of the IDF", "Commander of the Lebanese Armed Forces",
]


def test_single_holder_offices_of_2000_2019_never_overlap(kb: ActorBase) -> None:
    people = [e for e in kb.entries() if e.kind == "person"]
    clashes = []
    for office in SINGLE_HOLDER:
        spans = [
            (e.id, r.start or date.min, r.end or date.max)
            for e in people
            for r in e.codes
            if r.title and re.fullmatch(rf"(\d+(st|nd|rd|th) )?{re.escape(office)}( \(.*\))?", r.title)
        ]
        assert spans, office  # the title spelling matches the data: the check is live
        for i, (a, s1, e1) in enumerate(spans):
            for b, s2, e2 in spans[i + 1 :]:
                if a != b and min(e1, e2).toordinal() - max(s1, s2).toordinal() >= 1:
                    clashes.append(f"{office}: {a} ({s1}..{e1}) and {b} ({s2}..{e2})")
    assert clashes == []
