"""The actors of the conflicts of 2020-2025: the group and people files load, their roles are
well formed, every name leads back to its entry, and lookups give the documented codes on
either side of each role change."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dyad.actors import ActorBase
from dyad.actors.base import data_dir
from dyad.actors.loader import load_file
from dyad.codebook import load_codebook

NEW_FILES = ("groups_africa.yaml", "groups_world.yaml", "people_africa.yaml", "people_asia.yaml")
# dyad's own 3-letter group suffixes (docs/actors.md) and the Phoenix group codes dyad uses
GROUP_SUFFIXES = {"HEZ", "HTS", "HOU", "SDF", "YPG", "PKK", "PIJ", "WAG", "MBR", "SNA", "HMS", "ISI", "ALQ"}


@pytest.fixture(scope="module")
def kb() -> ActorBase:
    return ActorBase.default()


def code(kb: ActorBase, text: str, on: date | None = None) -> str | None:
    m = kb.lookup(text, on)
    return None if m is None else m.code


def test_new_files_load_with_entries() -> None:
    for name in NEW_FILES:
        data = load_file(data_dir() / name)
        assert len(data.entries) >= 40, name


def test_every_role_is_ordered_and_single_coded() -> None:
    """Each role ends after it starts, dates are within the period dyad codes, and an entry's
    roles are listed oldest first with no two different codes on one day beyond a hand-over day
    (the loader enforces the last rule; this checks the files as shipped)."""
    problems = []
    for path in sorted(data_dir().glob("*.yaml")):
        for entry in load_file(path).entries:
            starts = [r.start or date.min for r in entry.codes]
            if starts != sorted(starts):
                problems.append(f"{entry.id}: roles not in date order")
            for r in entry.codes:
                for d in (r.start, r.end):
                    if d is not None and not date(1940, 1, 1) <= d <= date(2026, 12, 31):
                        problems.append(f"{entry.id}: date {d} out of range")
                if r.start and r.end and r.end < r.start:
                    problems.append(f"{entry.id}: {r.code} ends before it starts")
            for i, a in enumerate(entry.codes):
                for b in entry.codes[i + 1 :]:
                    if a.code != b.code:
                        first = max(a.start or date.min, b.start or date.min)
                        last = min(a.end or date.max, b.end or date.max)
                        if (last - first).days >= 1:
                            problems.append(f"{entry.id}: {a.code} and {b.code} overlap")
    assert problems == []


def test_codes_of_the_new_entries_are_made_of_known_parts(kb: ActorBase) -> None:
    """A code is a known country, region or ethnic code followed by CAMEO sector, religion or
    party codes (or one of dyad's group suffixes); an IGO code is one the IGO file defines."""
    sectors = set(load_codebook().sectors)
    heads = {e.codes[0].code for e in kb.entries() if e.kind in ("country", "region", "ethnic")}
    igos = {r.code for e in kb.entries() if e.kind == "igo" for r in e.codes}
    bad = []
    for name in NEW_FILES:
        for entry in load_file(data_dir() / name).entries:
            for r in entry.codes:
                if r.code.startswith("IGO"):
                    ok = r.code in igos
                else:
                    parts = re.findall("...", r.code)
                    ok = parts[0] in heads and all(p in sectors or p in heads or p in GROUP_SUFFIXES for p in parts[1:])
                if not ok:
                    bad.append(f"{entry.id}: {r.code}")
    assert bad == []


def test_every_name_of_the_new_entries_finds_its_entry(kb: ActorBase) -> None:
    """No name is shadowed by another entry, a composition or an acronym guard."""
    lost = []
    for name in NEW_FILES:
        for entry in load_file(data_dir() / name).entries:
            for text in entry.names:
                last = entry.codes[-1]
                m = kb.lookup(text, last.start or last.end or date(2024, 6, 1))
                if m is None or m.entry_id != entry.id:
                    lost.append(f"{text!r} -> {None if m is None else m.entry_id} (want {entry.id})")
    assert lost == []


D = date
# (text, date, code): each new group, and people on either side of their role changes.
TABLE = [
    # Sudan, South Sudan
    ("Rapid Support Forces", D(2022, 6, 1), "SDNMIL"),
    ("Rapid Support Forces", D(2023, 4, 15), "SDNREB"),
    ("RSF fighters", D(2024, 6, 1), "SDNREB"),
    ("Sudanese paramilitaries", D(2024, 6, 1), "SDNMIL"),
    ("Sudanese Armed Forces", D(2024, 6, 1), "SDNMIL"),
    ("Tasis", D(2025, 8, 1), "SDNREB"),
    ("SPLM-N", D(2024, 6, 1), "SDNREB"),
    ("Justice and Equality Movement", D(2019, 6, 1), "SDNREB"),
    ("Justice and Equality Movement", D(2022, 6, 1), "SDNGOV"),
    ("Forces of Freedom and Change", D(2020, 6, 1), "SDNGOV"),
    ("Forces of Freedom and Change", D(2022, 6, 1), "SDNOPP"),
    ("Abdel Fattah al-Burhan", D(2019, 1, 1), "SDNMIL"),
    ("Abdel Fattah al-Burhan", D(2024, 6, 1), "SDNGOV"),
    ("Hemedti", D(2022, 1, 1), "SDNMIL"),
    ("Hemedti", D(2024, 1, 1), "SDNREB"),
    ("Abdalla Hamdok", D(2020, 6, 1), "SDNGOV"),
    ("Abdalla Hamdok", D(2024, 6, 1), "SDNOPP"),
    ("Kamil Idris", D(2025, 6, 1), "SDNGOV"),
    ("SPLM-IO", D(2019, 6, 1), "SSDREB"),
    ("SPLM-IO", D(2022, 6, 1), "SSDGOVPTY"),
    ("SPLM-IO", D(2025, 6, 1), "SSDREB"),
    ("SPLA-IO", D(2022, 6, 1), "SSDREB"),
    ("White Army", D(2025, 3, 4), "SSDREB"),
    ("National Salvation Front", D(2024, 6, 1), "SSDREB"),
    ("Riek Machar", D(2018, 6, 1), "SSDREB"),
    ("Riek Machar", D(2022, 6, 1), "SSDGOV"),
    ("Riek Machar", D(2025, 6, 1), "SSDOPP"),
    ("Salva Kiir", D(2024, 6, 1), "SSDGOV"),
    # Congo, Great Lakes
    ("M23", D(2025, 1, 27), "CODREB"),
    ("AFC/M23", D(2025, 2, 16), "CODREB"),
    ("Allied Democratic Forces", D(2024, 6, 1), "UGAREBMUS"),
    ("CODECO", D(2024, 6, 1), "CODREB"),
    ("Wazalendo", D(2025, 2, 1), "CODMIL"),
    ("FDLR", D(2024, 6, 1), "RWAREB"),
    ("FARDC", D(2024, 6, 1), "CODMIL"),
    ("Corneille Nangaa", D(2020, 6, 1), "CODGOV"),
    ("Corneille Nangaa", D(2025, 1, 27), "CODREB"),
    ("Joseph Kabila", D(2018, 6, 1), "CODGOV"),
    ("Joseph Kabila", D(2020, 6, 1), "CODELI"),
    ("Joseph Kabila", D(2025, 6, 1), "CODOPP"),
    ("Olivier Nduhungirehe", D(2025, 2, 1), "RWAGOV"),
    # Sahel, West Africa
    ("JNIM", D(2024, 9, 17), "MLIREBMUS"),
    ("Islamic State Sahel Province", D(2024, 6, 1), "MLIREBMUS"),
    ("ISGS", D(2021, 6, 1), "MLIREBMUS"),
    ("Azawad Liberation Front", D(2025, 6, 1), "MLIREB"),
    ("Permanent Strategic Framework", D(2023, 10, 1), "MLIREB"),
    ("Tuareg rebels", D(2024, 7, 27), "MLIREB"),
    ("FAMa", D(2024, 6, 1), "MLIMIL"),
    ("Malian junta", D(2024, 6, 1), "MLIGOV"),
    ("Assimi Goita", D(2020, 6, 1), "MLIMIL"),
    ("Assimi Goita", D(2020, 8, 18), "MLIGOV"),
    ("Malian President Assimi Goita", D(2024, 6, 1), "MLIGOV"),
    ("Ibrahim Traore", D(2022, 6, 1), "BFAMIL"),
    ("Ibrahim Traore", D(2022, 9, 30), "BFAGOV"),
    ("Paul-Henri Damiba", D(2022, 6, 1), "BFAGOV"),
    ("Paul-Henri Damiba", D(2023, 6, 1), "BFAELI"),
    ("Abdourahamane Tchiani", D(2023, 7, 1), "NERMIL"),
    ("Abdourahamane Tiani", D(2023, 7, 26), "NERGOV"),
    ("Mohamed Bazoum", D(2022, 6, 1), "NERGOV"),
    ("Mohamed Bazoum", D(2024, 6, 1), "NEROPP"),
    ("Mamadi Doumbouya", D(2021, 9, 5), "GINGOV"),
    ("Mahamat Idriss Deby", D(2021, 1, 1), "TCDMIL"),
    ("Mahamat Idriss Deby", D(2021, 4, 20), "TCDGOV"),
    ("Brice Oligui Nguema", D(2023, 8, 30), "GABGOV"),
    ("VDP", D(2024, 6, 1), "BFAMIL"),
    ("Boko Haram", D(2024, 6, 1), "NGAREBMUS"),
    ("ISWAP", D(2024, 6, 1), "NGAREBMUS"),
    ("Nigerian bandits", D(2024, 6, 1), "NGACRM"),
    ("Alliance of Sahel States", D(2024, 6, 1), "IGOWAFAES"),
    ("Omar Alieu Touray", D(2024, 6, 1), "IGOWAFWAS"),
    ("Ousmane Sonko", D(2023, 6, 1), "SENOPP"),
    ("Ousmane Sonko", D(2024, 6, 1), "SENGOV"),
    # Horn of Africa, Mozambique
    ("al-Shabaab", D(2024, 6, 1), "SOMREBMUS"),
    ("Islamic State Somalia", D(2025, 2, 1), "SOMREBMUS"),
    ("AUSSOM", D(2025, 6, 1), "IGOAFRAFU"),
    ("TPLF", D(2020, 6, 1), "ETHOPP"),
    ("TPLF", D(2021, 6, 1), "ETHREB"),
    ("TPLF", D(2024, 6, 1), "ETHOPP"),
    ("Tigrayan forces", D(2021, 6, 1), "ETHREB"),
    ("Fano", D(2021, 6, 1), "ETHMIL"),
    ("Fano", D(2024, 6, 1), "ETHREB"),
    ("Oromo Liberation Army", D(2024, 6, 1), "ETHREB"),
    ("ENDF", D(2021, 6, 1), "ETHMIL"),
    ("Eritrean Defence Forces", D(2021, 6, 1), "ERIMIL"),
    ("Isaias Afwerki", D(2024, 6, 1), "ERIGOV"),
    ("Getachew Reda", D(2021, 6, 1), "ETHREB"),
    ("Getachew Reda", D(2024, 6, 1), "ETHGOV"),
    ("Cabo Delgado insurgents", D(2021, 3, 24), "MOZREBMUS"),
    ("SAMIM", D(2022, 6, 1), "IGOSAFSAD"),
    # Libya, Yemen, Iraq, Iran, Syria, Palestine
    ("Libyan National Army", D(2024, 6, 1), "LBYMIL"),
    ("444 Brigade", D(2025, 5, 13), "LBYMIL"),
    ("Radaa", D(2024, 6, 1), "LBYCOP"),
    ("Rada'a", D(2025, 5, 14), "LBYREB"),
    ("Stability Support Apparatus", D(2024, 6, 1), "LBYMIL"),
    ("Government of National Unity", D(2024, 6, 1), "LBYGOV"),
    ("Fathi Bashagha", D(2022, 6, 1), "LBYGOV"),
    ("Southern Transitional Council", D(2024, 6, 1), "YEMREB"),
    ("Giants Brigades", D(2024, 6, 1), "YEMMIL"),
    ("Yahya Saree", D(2024, 6, 1), "YEMREBHOU"),
    ("Tareq Saleh", D(2021, 6, 1), "YEMMIL"),
    ("Tareq Saleh", D(2023, 6, 1), "YEMGOV"),
    ("AQAP", D(2024, 6, 1), "YEMREBMUS"),
    ("Popular Mobilization Forces", D(2024, 6, 1), "IRQMIL"),
    ("Kataib Hezbollah", D(2024, 1, 28), "IRQREB"),
    ("Asaib Ahl al-Haq", D(2024, 6, 1), "IRQREB"),
    ("Islamic Resistance in Iraq", D(2024, 1, 28), "IRQREB"),
    ("Coordination Framework", D(2023, 6, 1), "IRQGOVPTY"),
    ("IRGC", D(2024, 6, 1), "IRNMIL"),
    ("Quds Force", D(2024, 6, 1), "IRNMIL"),
    ("Jaish al-Adl", D(2024, 1, 16), "IRNREBMUS"),
    ("Syrian National Army", D(2024, 6, 1), "SYRREBSNA"),
    ("Syrian National Army", D(2025, 6, 1), "SYRMIL"),
    ("Assad loyalists", D(2023, 6, 1), "SYRMIL"),
    ("Assad loyalists", D(2025, 3, 7), "SYRINS"),
    ("Syrian Alawite insurgents", D(2025, 3, 7), "SYRALEINS"),
    ("Druze factions", D(2025, 7, 15), "SYRDRZREB"),
    ("Hayat Tahrir al-Sham", D(2024, 11, 30), "SYRREBMUS"),
    ("Hamas", D(2024, 6, 1), "PSEREBHMS"),
    ("Qassam Brigades", D(2024, 6, 1), "PSEREBHMS"),
    ("Palestinian Islamic Jihad", D(2024, 6, 1), "PSEREBPIJ"),
    ("Fatah", D(2024, 6, 1), "PSEGOV"),
    ("Palestinian Authority", D(2024, 6, 1), "PSEGOV"),
    ("Al-Aqsa Martyrs' Brigades", D(2024, 6, 1), "PSEREB"),
    ("Israeli settlers", D(2024, 6, 1), "ISRCVL"),
    ("Likud", D(2022, 6, 1), "ISROPPPTY"),
    ("Likud", D(2024, 6, 1), "ISRGOVPTY"),
    # Afghanistan, Pakistan, India, Myanmar
    ("Pakistani Taliban", D(2024, 6, 1), "PAKREBMUS"),
    ("TTP", D(2024, 6, 1), "PAKREBMUS"),
    ("ISIS-K", D(2024, 3, 22), "AFGREBMUS"),
    ("Balochistan Liberation Army", D(2025, 3, 11), "PAKREB"),
    ("Taliban", D(2021, 8, 1), "AFGREB"),
    ("Taliban", D(2021, 8, 15), "AFGGOV"),
    ("Haqqani network", D(2020, 6, 1), "AFGREB"),
    ("Sirajuddin Haqqani", D(2020, 6, 1), "AFGREB"),
    ("Sirajuddin Haqqani", D(2022, 6, 1), "AFGGOV"),
    ("PTI", D(2020, 6, 1), "PAKGOVPTY"),
    ("PTI", D(2024, 6, 1), "PAKOPPPTY"),
    ("The Resistance Front", D(2025, 4, 22), "INDREBMUS"),
    ("Awami League", D(2024, 6, 1), "BGDGOVPTY"),
    ("Awami League", D(2025, 6, 1), "BGDOPPPTY"),
    ("Arakan Army", D(2024, 6, 1), "MMRREB"),
    ("Kachin Independence Army", D(2024, 6, 1), "MMRREB"),
    ("TNLA", D(2023, 10, 27), "MMRREB"),
    ("MNDAA", D(2023, 10, 27), "MMRREB"),
    ("People's Defence Force", D(2022, 6, 1), "MMRREB"),
    ("National Unity Government", D(2022, 6, 1), "MMROPP"),
    ("Myanmar junta", D(2022, 6, 1), "MMRGOV"),
    ("Tatmadaw", D(2022, 6, 1), "MMRMIL"),
    ("National League for Democracy", D(2020, 6, 1), "MMRGOVPTY"),
    ("National League for Democracy", D(2022, 6, 1), "MMROPPPTY"),
    ("Min Aung Hlaing", D(2020, 6, 1), "MMRMIL"),
    ("Min Aung Hlaing", D(2022, 6, 1), "MMRGOV"),
    ("Ferdinand Marcos Jr.", D(2024, 6, 1), "PHLGOV"),
    # Haiti, Colombia, Mexico, Venezuela
    ("Viv Ansanm", D(2024, 6, 1), "HTICRM"),
    ("G9", D(2023, 6, 1), "HTICRM"),
    ("G-Pep", D(2023, 6, 1), "HTICRM"),
    ("Haitian National Police", D(2024, 6, 1), "HTICOP"),
    ("Transitional Presidential Council", D(2024, 6, 1), "HTIGOV"),
    ("Jimmy Cherizier", D(2024, 6, 1), "HTICRM"),
    ("Ariel Henry", D(2023, 6, 1), "HTIGOV"),
    ("Ariel Henry", D(2025, 6, 1), "HTIELI"),
    ("ELN", D(2025, 1, 16), "COLREB"),
    ("FARC", D(2010, 6, 1), "COLREB"),
    ("FARC", D(2024, 6, 1), "COLOPPPTY"),
    ("FARC dissidents", D(2024, 6, 1), "COLREB"),
    ("Clan del Golfo", D(2024, 6, 1), "COLCRM"),
    ("Sinaloa Cartel", D(2024, 9, 9), "MEXCRM"),
    ("CJNG", D(2024, 6, 1), "MEXCRM"),
    ("Tren de Aragua", D(2025, 3, 15), "VENCRM"),
    # Ukraine, Russia, the Caucasus, the Balkans
    ("Azov", D(2022, 5, 1), "UKRMIL"),
    ("Russian Volunteer Corps", D(2023, 5, 22), "RUSREB"),
    ("Freedom of Russia Legion", D(2024, 3, 12), "RUSREB"),
    ("Wagner", D(2023, 5, 20), "RUSMILWAG"),
    ("Wagner", D(2023, 6, 24), "RUSREBWAG"),
    ("Africa Corps", D(2024, 6, 1), "RUSMIL"),
    ("Russian mercenaries", D(2024, 6, 1), "RUSUAF"),
    ("Donetsk People's Republic", D(2021, 6, 1), "UKRREB"),
    ("Donetsk People's Republic", D(2023, 6, 1), "RUSGOV"),
    ("Denis Pushilin", D(2021, 6, 1), "UKRREB"),
    ("Denis Pushilin", D(2023, 6, 1), "RUSGOV"),
    ("Nagorno-Karabakh authorities", D(2023, 9, 19), "AZEREB"),
    ("Arayik Harutyunyan", D(2021, 6, 1), "AZEREB"),
    ("Georgian Dream", D(2012, 6, 1), "GEOOPPPTY"),
    ("Georgian Dream", D(2024, 12, 1), "GEOGOVPTY"),
    ("United National Movement", D(2010, 6, 1), "GEOGOVPTY"),
    ("United National Movement", D(2024, 12, 1), "GEOOPPPTY"),
    ("Salome Zourabichvili", D(2024, 6, 1), "GEOGOV"),
    ("Salome Zourabichvili", D(2025, 3, 1), "GEOOPP"),
    ("Mikheil Kavelashvili", D(2025, 3, 1), "GEOGOV"),
    ("Albin Kurti", D(2019, 6, 1), "KSVOPP"),
    ("Albin Kurti", D(2020, 3, 1), "KSVGOV"),
    ("Albin Kurti", D(2020, 9, 1), "KSVOPP"),
    ("Albin Kurti", D(2023, 5, 30), "KSVGOV"),
    ("Vetevendosje", D(2023, 6, 1), "KSVGOVPTY"),
    ("KFOR", D(2023, 5, 29), "IGOWSTNAT"),
    ("Milan Radoicic", D(2023, 9, 24), "KSVREB"),
    ("Ana Brnabic", D(2023, 6, 1), "SRBGOV"),
    ("Ana Brnabic", D(2025, 6, 1), "SRBLEG"),
    ("Kosovo Serb militants", D(2023, 9, 24), "KSVREB"),
    ("Sahel juntas", D(2024, 6, 1), "WAFGOV"),
    ("PA", D(2024, 6, 1), "PSEGOV"),
    ("Hashd", D(2024, 6, 1), "IRQMIL"),
    ("Iran's Revolutionary Guards", D(2024, 6, 1), "IRNMIL"),
    ("Haiti's transitional council", D(2024, 6, 1), "HTIGOV"),
    # parties and descriptions
    ("US Republicans", D(2022, 6, 1), "USAOPPPTY"),
    ("US Republicans", D(2025, 6, 1), "USAGOVPTY"),
    ("Hungary's ruling party", D(2024, 6, 1), "HUNGOVPTY"),
    ("Alternative for Germany", D(2024, 6, 1), "DEUOPPPTY"),
]


@pytest.mark.parametrize(("text", "on", "expected"), TABLE)
def test_conflict_actor_lookups(kb: ActorBase, text: str, on: date, expected: str) -> None:
    assert code(kb, text, on) == expected


NOUNS = [
    ("combatants", "REB"), ("fighters", "REB"), ("gunmen", "REB"), ("militiamen", "REB"), ("militia", "REB"),
    ("paramilitaries", "MIL"), ("mercenaries", "UAF"), ("jihadists", "REBMUS"), ("insurgents", "INS"),
    ("guerrillas", "REB"), ("separatists", "REB"), ("loyalists", "MIL"), ("junta", "GOV"), ("putschists", "MIL"),
    ("security forces", "MIL"), ("law enforcement", "COP"), ("riot police", "COP"), ("coast guard", "MIL"),
    ("border guards", "MIL"), ("peacekeepers", "PKO"), ("UN peacekeepers", "IGOUNO"), ("settlers", "ISRCVL"),
    ("protesters", "OPP"), ("demonstrators", "OPP"), ("activists", "OPP"), ("lawmakers", "LEG"),
    ("prosecutors", "JUD"), ("judges", "JUD"), ("diplomats", "GOV"), ("envoys", "GOV"), ("negotiators", "GOV"),
    ("Sudanese paramilitaries", "SDNMIL"), ("Malian junta", "MLIGOV"), ("Russian mercenaries", "RUSUAF"),
    ("Somali Islamist militants", "SOMREBMUS"), ("Kenyan peacekeepers", "KENPKO"), ("Nigerien putschists", "NERMIL"),
    ("Israeli riot police", "ISRCOP"), ("Congolese loyalists", "CODMIL"), ("Haitian law enforcement", "HTICOP"),
    ("Chinese coast guard", "CHNMIL"), ("eastern Libyan forces", "LBYMIL"), ("Georgia's ruling party", "GEOGOVPTY"),
    ("Ukrainian lawmakers", "UKRLEG"), ("Islamist insurgents", "INSMUS"), ("Nigerian bandits", "NGACRM"), ("Iranian negotiators", "IRNGOV"), ("Qatari mediators", "QATGOV"),
]


@pytest.mark.parametrize(("text", "expected"), NOUNS)
def test_sector_nouns_resolve_and_compose(kb: ActorBase, text: str, expected: str) -> None:
    assert code(kb, text, D(2024, 6, 1)) == expected


# States whose head of state or government the coder must know on every date of 2020-2025.
HEADS = "SDN SSD COD RWA UGA BDI CAF ETH ERI SOM KEN MLI BFA NER TCD GIN NGA CMR SEN GHA MOZ AFG MMR THA PHL VNM KSV SRB GEO ARM AZE VEN COL HTI PER".split()
HEAD_TITLE = re.compile(r"President|Prime Minister|head of|Chairman|Chief Adviser|Supreme Leader|General Secretary|junta|Premier")
DAYS = [D(2020, 6, 1), D(2021, 6, 1), D(2022, 6, 1), D(2023, 6, 1), D(2024, 6, 1), D(2025, 10, 15)]


def test_heads_of_conflict_states_are_known_on_every_date(kb: ActorBase) -> None:
    people = [e for e in kb.entries() if e.kind == "person"]
    missing = []
    for country in HEADS:
        for day in DAYS:
            titles = [r.title or "" for e in people for r in e.codes if r.code == country + "GOV" and r.valid_on(day)]
            if not any(HEAD_TITLE.search(t) for t in titles):
                missing.append(f"{country} {day}")
    assert missing == []
