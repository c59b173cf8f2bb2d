"""Victims, instruments and the place's country (``dyad.coder.victims``), on sentences written
for these tests: the attacker named on the instrument is the source, the victims the target,
country-less victims take the place's country, and the nominal attack is not coded twice.

The spaCy model is loaded once per process through ``dyad.coder.default_coder``.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.coder import code_text, default_coder
from dyad.coder.resolver import Actor
from dyad.coder.codes import default_codes
from dyad.coder.victims import instrument_words, localise

THURSDAY = date(2025, 10, 16)


def pairs(text: str) -> set[tuple[str, str | None, str]]:
    return {(e.source, e.target, e.root_code) for e in code_text(text, THURSDAY, partial=True)}


# -- the four sentences of the issue -------------------------------------------------------------

def test_killed_in_shelling_of_a_city_takes_the_attacker_as_source_and_victims_as_target():
    got = pairs("Three civilians were killed in Russian shelling of Kharkiv on Monday.")
    assert ("RUS", "UKRCVL", "19") in got
    assert not any(s.startswith("UKR") for s, _, _ in got)  # the shelled city is never the source
    assert len(got) == 1  # the shelling of Kharkiv is the same happening, coded once


def test_active_attack_subject_targets_the_children_not_the_place():
    got = pairs("Israeli shelling killed four children in Gaza.")
    assert got == {("ISR", "PSEGZACVL", "19")}  # no target-less 194 from "shelling" besides


def test_journalists_wounded_in_a_city_take_its_country():
    assert pairs("Two journalists were wounded by a Russian drone in Kherson.") == {("RUSMIL", "UKRMED", "19")}


def test_misparsed_tank_shelling_still_names_the_attacker_and_the_strip():
    got = pairs("Three children and a woman were killed in Israeli tank shelling in the south of the "
                "Gaza Strip on Sunday morning, doctors said.")
    assert got and all(s == "ISR" and t.startswith("PSE") and t.endswith("CVL") and r == "19" for s, t, r in got)


# -- variants: other countries, weapons, verbs, voices -------------------------------------------

@pytest.mark.parametrize("text, source, target", [
    ("Two farmers were killed in a Turkish drone strike in northern Iraq.", "TUR", "IRQAGR"),
    ("Ukrainian soldiers were killed in Russian shelling in Donetsk.", "RUS", "UKRMIL"),
    ("Three Israeli soldiers were wounded in a Hezbollah rocket attack.", "LBNREBHEZ", "ISRMIL"),
    ("Russian shelling killed two people in Kherson.", "RUS", "UKRCVL"),
    ("Turkish warplanes killed five villagers in northern Iraq.", "TURMIL", "IRQCVL"),
])
def test_attacker_on_the_instrument_and_victims_in_place(text, source, target):
    assert (source, target, "19") in pairs(text)


def test_missile_fired_by_rebels_takes_its_own_agent():
    got = pairs("Several civilians were wounded by a missile fired by rebels in Khartoum.")
    assert ("SDNREB", "SDNCVL", "19") in got


def test_victims_with_a_country_of_their_own_keep_it():
    got = pairs("Ukrainian soldiers were killed in Russian shelling in Belgorod.")
    assert got and all(t == "UKRMIL" for _, t, _ in got)  # not RUSMIL from the place


def test_the_place_an_attack_was_aimed_at_localises_its_victims_once():
    got = pairs("Civilians were killed in a Russian missile attack on Odesa.")
    assert got == {("RUS", "UKRCVL", "19")}  # not also RUS -> UKR from "attack on Odesa"


def test_an_attack_in_a_venue_is_not_a_second_event_against_the_venue():
    got = pairs("Two Turkish soldiers were killed in a PKK attack in northern Iraq.")
    assert ("TURREBPKK", "TURMIL", "19") in got
    assert not any(t == "IRQ" for _, t, _ in got)


def test_an_unattributed_attack_has_no_source_inside_its_phrase():
    # before: Kharkiv, the city shelled, was read as the attacker (UKR -> ---CVL)
    assert not any(s.startswith("UKR") for s, _, _ in pairs("Three civilians were killed in shelling of Kharkiv."))


@pytest.mark.parametrize("text, expected", [
    ("Five people died in a Saudi-led air strike in Yemen.", ("SAU", "YEMCVL", "19")),
    ("Two Turkish soldiers died in a PKK attack in northern Iraq.", ("TURREBPKK", "TURMIL", "19")),
])
def test_an_attack_noun_under_an_uncoded_verb_hits_the_clause_subject(text, expected):
    got = pairs(text)
    assert expected in got and not any(t in ("YEM", "IRQ") for _, t, _ in got)


# -- negative cases: these must not change -------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Russia attacked Kharkiv.", ("RUS", "UKR", "19")),
    ("Israeli forces shelled Gaza.", ("ISRMIL", "PSEGZA", "19")),
])
def test_ordinary_frames_are_unchanged(text, expected):
    assert expected in pairs(text)


def test_soldiers_killed_in_a_country_stay_the_soldiers_own():
    evs = code_text("Russian soldiers were killed in Ukraine.", THURSDAY, partial=True)
    assert all(e.target == "RUSMIL" for e in evs)  # never UKRMIL, never Ukraine as the victim
    assert all(e.source != "UKR" for e in evs)  # the place is not the attacker either


def test_place_stays_the_target_when_nobody_else_is_acted_on():
    assert ("RUSMIL", "UKR", "19") in pairs("Russian artillery pounded Kharkiv.")


def test_a_nominal_aimed_at_another_country_is_kept():
    # the soldiers are Syrian, the strikes fell on Lebanon: two facts, both coded
    got = pairs("Three Syrian soldiers were killed in Israeli strikes on Lebanon.")
    assert {("ISR", "SYRMIL", "19"), ("ISR", "LBN", "19")} <= got


def test_a_second_clause_keeps_its_own_event():
    got = pairs("Two Lebanese civilians were killed in Israeli shelling, and Hezbollah rockets hit Haifa.")
    assert ("ISR", "LBNCVL", "19") in got and any(s.startswith("LBN") for s, _, _ in got)


def test_victims_of_one_strike_in_one_place_are_one_group():
    evs = code_text("Israeli shelling killed four children and two women in Gaza.", THURSDAY, partial=True)
    assert [(e.source, e.target) for e in evs] == [("ISR", "PSEGZACVL")]


# -- the building blocks -------------------------------------------------------------------------

def test_instrument_words_come_from_the_pattern_set():
    words = instrument_words(default_coder().patterns, default_codes())
    assert {"shelling", "drone", "missile", "strike", "tank"} <= words
    assert "talks" not in words and "visit" not in words


def test_violent_codes():
    violent = default_coder().tools.victims.violent
    assert violent("190") and violent("1823") and violent("1712") and violent("2041")
    assert not violent("173") and not violent("042") and not violent(None)


def test_localise_changes_country_less_sectors_only():
    cvl = Actor("---CVL", "children", 0, 1)
    mil = Actor("RUSMIL", "Russian soldiers", 2, 4)
    bare = Actor("---", "someone", 5, 6)
    out = localise((cvl, mil, bare), "PSEGZA")
    assert [a.code for a in out] == ["PSEGZACVL", "RUSMIL", "---"]
    assert localise((cvl,), None) == (cvl,)


def test_non_violent_events_keep_tabari_reading_when_a_party_has_a_country():
    evs = code_text("Peruvian police arrested students in Lima today.", THURSDAY, partial=True)
    assert evs and all(e.source == "PERCOP" and (e.target or "").startswith("---") for e in evs)


def test_a_wholly_local_arrest_takes_the_place_for_both_parties():
    got = pairs("Protesters were arrested in Cairo by police.")
    assert ("EGYCOP", "EGYOPP", "17") in got and not any(t == "EGY" for _, t, _ in got)
