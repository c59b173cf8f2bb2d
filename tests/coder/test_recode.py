"""CAMEO conventions that change a pattern's code from its context (``dyad.coder.recode``):
violence by a crowd in protest is a riot (145), and a nominalisation ("the lifting of")
makes the event noun its verb's object. Sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dyad.coder import default_coder
from dyad.model import Document
from dyad.coder.conventions import STAGES, Conventions
from dyad.coder.pipeline import Coder

DAY = date(2025, 10, 16)


def code(text: str, coder: Coder | None = None):
    return (coder or default_coder()).code(Document("t", text, DAY))


def by(events, source: str, target: str | None):
    return [e for e in events if e.source.startswith(source) and (e.target or "").startswith(target or "")]


@pytest.mark.parametrize("text, source, target", [
    ("Ukrainian protesters smashed the windows of the Russian embassy.", "UKR", "RUS"),
    ("Hundreds of demonstrators attacked the US embassy in Baghdad.", "IRQ", "USA"),
    ("The Chilean building was demolished by a Peruvian protestor.", "PER", "CHL"),
    ("Angry rioters set fire to the Danish embassy in Damascus.", "", "DNK"),
])
def test_violence_by_protesters_is_a_riot(text, source, target):
    hits = by(code(text), source, target)
    assert hits and all(e.code == "145" and e.pattern.endswith(">riot") for e in hits), hits


def test_a_clash_is_a_riot_on_the_protesters_side_and_repression_on_the_polices():
    """A clash is one happening, coded from the side named first: protesters clashing with
    police riot (145); police clashing with protesters repress them (175)."""
    evs = code("Protesters clashed with police in Tehran.")
    assert {(e.source, e.code) for e in evs} == {("IRNOPP", "145")}
    evs = code("Police clashed with protesters in Tehran.")
    assert {(e.source, e.code) for e in evs} == {("IRNCOP", "175")}


def test_force_by_police_or_troops_on_protesters_is_repression():
    evs = code("Peruvian security forces opened fire on protesters in Lima.")
    assert [(e.source, e.target, e.code, e.pattern) for e in evs] == [
        ("PERMIL", "PEROPP", "175", "open.fire>repression")]
    assert [e.code for e in code("Israeli troops fired at Palestinian fighters near the fence.")] == ["190"]


def test_armed_violence_by_demonstrators_stays_armed_violence():
    evs = code("Bolivian demonstrators launched missiles at the Bolivian government.")
    assert [(e.source, e.target, e.code) for e in evs] == [("BOLOPP", "BOLGOV", "194")]


def test_violence_by_others_is_not_a_riot():
    evs = code("Israeli soldiers smashed the windows of the Palestinian ministry.")
    assert [e.code for e in by(evs, "ISRMIL", "PSE")] == ["1712"]


def test_lifting_of_sanctions_is_easing_them_not_imposing_them():
    evs = code("Despite the formal lifting of US and European sanctions on Syria, little has changed.")
    assert {(e.source, e.target, e.code) for e in evs} == {("USA", "SYR", "085"), ("EUR", "SYR", "085")}
    assert all(e.pattern == "n.sanctions.on>lift.sanctions" for e in evs)


def test_the_nominalisation_possessor_is_the_source():
    evs = code("Washington's lifting of sanctions on Syria angered Israel.")
    assert [(e.source, e.target, e.code) for e in evs if e.root_code == "08"] == [("USA", "SYR", "085")]


def test_the_verb_pattern_decides_the_nominalised_code():
    evs = code("The lifting of the siege of Gaza by Israel was announced.")
    assert [(e.source, e.target, e.code) for e in evs] == [("ISR", "PSEGZA", "0872")]


def test_collapse_of_talks_is_talks_that_fell_through():
    evs = code("The collapse of the talks between Israel and Syria surprised observers.")
    assert evs and all(e.code == "046" and e.status == "negated" for e in evs)


def test_a_nominalisation_with_no_pattern_for_the_noun_codes_nothing():
    assert not [e for e in code("The end of the sanctions on Iran was expected.") if e.root_code == "16"]


def test_the_verbs_themselves():
    evs = code("The US Senate voted to repeal the Caesar Act sanctions on Syria.")
    assert [(e.source, e.target, e.code) for e in evs] == [("USALEG", "SYR", "085")]


def test_conventions_can_be_switched_off_with_their_stages():
    """A TABARI/PETRARCH dictionary codes what it matched: without the govern and recode stages
    the noun and the verb keep the codes their patterns give."""
    stages = tuple(s for s in STAGES if s not in ("govern", "recode"))
    base = default_coder()
    plain = Coder(actors=base.actors, patterns=base.patterns, nlp=base.nlp,
                  conventions=replace(Conventions.dyad(), stages=stages))
    assert [e.code for e in code("Protesters clashed with police in Tehran.", plain)] == ["190"]
    assert [e.code for e in code("Police opened fire on protesters in Baghdad.", plain)] == ["193"]
    assert {e.code for e in code("Despite the lifting of US sanctions on Syria, little changed.", plain)} == {"163"}


@pytest.mark.parametrize("text, expected", [
    ("Israeli warplanes struck Damascus on Tuesday.", "195"),
    ("Israeli drones hit a car in southern Lebanon.", "1952"),
    ("Turkish tanks attacked Kurdish positions near Kobani.", "194"),
    ("Israeli forces attacked Quneitra.", "190"),  # no arms named: the generic code stays
])
def test_the_arms_a_source_names_say_how_force_was_used(text, expected):
    evs = code(text)
    assert [e.code for e in evs if e.root_code == "19"] == [expected], evs


def test_an_event_noun_modifying_a_verbs_object_is_that_verbs_act():
    evs = code("An executive order ends the United States sanctions programme on Syria.")
    assert [(e.source, e.target, e.code) for e in evs] == [("USA", "SYR", "085")]
    evs = code("The EU imposed a new sanctions package against Russia on Friday.")
    assert [(e.source, e.target, e.code) for e in evs] == [("IGOEUREEC", "RUS", "163")]
    assert evs[0].pattern == "n.sanctions.on>impose.sanctions"


def test_a_passive_verb_governs_its_event_noun_subject():
    assert [(e.source, e.target, e.code) for e in code("UN sanctions against Peru were lifted in January.")] == [
        ("IGOUNO", "PER", "085")]
    assert [(e.source, e.target, e.code) for e in code("US sanctions on Syria were lifted by President Trump.")] == [
        ("USAGOV", "SYR", "085")]


def test_an_announced_nominalisation_is_the_announcers_act():
    evs = code("The Chilean president announced a suspension of aid to Peru.")
    assert [(e.source, e.target, e.code, e.pattern) for e in evs] == [
        ("CHLGOV", "PER", "162", "n.aid.to>suspend.aid")]
    # reacting to another's act does not make it one's own
    evs = code("Israel welcomed the lifting of sanctions on Syria.")
    assert [e.code for e in evs] == ["051"]
