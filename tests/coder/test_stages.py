"""Each stage on its own: what the sentence looks like right after it (``Coder.run(s, until=...)``).

Sentences written for these tests. The behaviour of the whole coder, sentence by sentence, is in
test_behaviour.py; here each stage is held to its own job.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dyad.coder.conventions import STAGES, Conventions
from dyad.model import Document

DAY = date(2025, 10, 16)


def after(coder, text: str, stage: str):
    """The first sentence of ``text`` once the stages up to ``stage`` have run."""
    doc = Document("t", text, DAY)
    s = next(coder.sentences(doc, coder.nlp(text), notes=True))
    return coder.run(s, until=stage)


def readings(s):
    return [(r.trigger.text, r.code, r.status, [a.code for a in r.sources], [a.code for a in r.targets])
            for r in s.readings]


def candidates(s):
    return sorted((c.source.code, c.target.code if c.target else None, c.code, c.status) for c in s.candidates)


def test_actors_resolves_the_subjects_first(coder):
    s = after(coder, "Peru and Chile held talks in Quito.", "actors")
    assert [(p, [a.code for a in got]) for p, got in s.memory.mentions] == [(0, ["PER", "CHL"])]
    assert not s.readings and not s.candidates


def test_actors_remembers_a_modified_anaphor(coder):
    s = after(coder, "A Bolivian delegation arrived in Lima.", "actors")
    assert [a.code for a in s.memory.heads["delegation"][1]] == ["BOLGOV"]


def test_match_makes_one_reading_per_pattern_that_holds(coder):
    s = after(coder, "Peru shelled the Chilean port of Arica.", "match")
    assert [(r.trigger.text, r.code, r.stages) for r in s.readings] == [("shelled", "194", ["match"])]
    assert not s.readings[0].sources  # actors are the slots stage's job


def test_match_lets_a_light_verb_take_its_event_noun(coder):
    s = after(coder, "Denmark held talks with Finland in Oslo.", "match")
    assert [(r.trigger.text, r.pid) for r in s.readings] == [("held", "n.talks.with")]


def test_match_skips_a_sentence_holding_a_discard_phrase(coder):
    discarding = type(coder)(actors=coder.actors, patterns=replace(coder.patterns, discards=(("SAILING REGATTA", False),)),
                             nlp=coder.nlp)
    s = after(discarding, "Peru shelled Arica after the sailing regatta.", "match")
    assert not s.readings and s.notes == ["match: the sentence holds a discard phrase: not coded"]
    assert after(coder, "Peru shelled Arica after the sailing regatta.", "match").readings


def test_govern_makes_the_event_noun_its_governors_act(coder):
    s = after(coder, "The lifting of Canadian sanctions on Peru pleased traders.", "govern")
    r, = s.readings
    assert (r.code, r.pid, r.stages) == ("085", "n.sanctions.on>lift.sanctions", ["match", "govern"])
    assert r.code == "085" and after(coder, "The lifting of Canadian sanctions on Peru pleased traders.",
                                     "match").readings[0].code == "163"


def test_slots_fill_source_and_target(coder):
    assert readings(after(coder, "Chile was attacked by Peru.", "slots")) == [
        ("attacked", "190", "asserted", ["PER"], ["CHL"])]


def test_slots_take_the_attacker_on_the_instrument(coder):
    got = readings(after(coder, "Four civilians were killed in Peruvian shelling in Arica.", "slots"))
    assert ("killed", "190", "asserted", ["PER"], ["---CVL"]) in got


def test_modality_negates_and_transforms(coder):
    assert readings(after(coder, "Peru did not attack Chile.", "modality")) == [
        ("attack", "190", "negated", ["PER"], ["CHL"])]
    s = after(coder, "Bolivia urged Peru to withdraw its troops from the border.", "modality")
    withdraw = next(r for r in s.readings if r.trigger.text == "withdraw")
    assert (withdraw.code, [a.code for a in withdraw.sources], withdraw.stages[-1]) == ("0256", ["BOL"], "modality")
    assert "modality: 'withdraw': appeal (urged) -> 0256" in s.notes


def test_modality_drops_an_act_nobody_does(coder):
    s = after(coder, "A visit by the Peruvian minister was praised.", "modality")
    assert not any(r.trigger.text == "praised" for r in s.readings)
    assert any(n.startswith("modality: 'praised'") and n.endswith("no source actor found") for n in s.notes)


def test_petrarch_conventions_read_no_embedding(coder):
    petrarch = type(coder)(actors=coder.actors, patterns=coder.patterns, nlp=coder.nlp,
                           conventions=Conventions.petrarch2())
    s = after(petrarch, "Bolivia urged Peru to withdraw its troops from the border.", "modality")
    withdraw = next(r for r in s.readings if r.trigger.text == "withdraw")
    assert withdraw.code.startswith("087") and [a.code for a in withdraw.sources] == ["PER"]


def test_speech_turns_a_partys_allegation_of_violence_into_an_accusation(coder):
    s = after(coder, "Chile alleged that a rocket was fired at it from Peru.", "speech")
    r, = [r for r in s.readings if r.trigger.text == "fired"]
    assert r.stages[-1] == "speech" and [(c.source.code, c.target.code, c.code) for c in r.decided] == [
        ("CHL", "PER", "112")]


def test_speech_leaves_a_neutral_report_alone(coder):
    s = after(coder, "State television reported that Peruvian warplanes struck Arica.", "speech")
    r, = s.readings
    assert r.decided is None and "speech" not in r.stages


def test_speech_leaves_a_partys_statement_of_fact_alone(coder):
    """"X said Y did Z" reports Y's act; only an allegation ("alleged", "accused") is X's act."""
    s = after(coder, "Chile said a rocket was fired at it from Peru.", "speech")
    r, = s.readings
    assert r.decided is None and [a.code for a in r.sources] == ["PER"]


def test_victims_localises_country_less_victims(coder):
    s = after(coder, "Four civilians were killed in Peruvian shelling in Arica.", "victims")
    killed = next(r for r in s.readings if r.trigger.text == "killed")
    assert [a.code for a in killed.targets] == ["CHLCVL"] and killed.stages[-1] == "victims"


def test_victims_takes_the_venue_of_talks_out_of_the_parties(coder):
    s = after(coder, "Peru and Chile held talks in Quito.", "victims")
    r, = s.readings
    assert not r.targets and "victims" in r.stages


def test_pairs_makes_the_reverse_and_reciprocal_events(coder):
    s = after(coder, "The Chilean president received the Peruvian minister.", "pairs")
    assert [(c.source.code, c.target.code, c.code, c.stages[-1]) for c in s.candidates] == [
        ("CHLGOV", "PERGOV", "043", "slots"), ("PERGOV", "CHLGOV", "042", "pairs")]
    # a visited country hosts nobody: no paired 043 from it
    assert [c.code for c in after(coder, "The Peruvian minister visited Chile.", "pairs").candidates] == ["042"]
    assert not s.readings
    assert candidates(after(coder, "Peru and Chile held talks in Quito.", "pairs")) == [
        ("PER", "CHL", "046", "asserted")]  # one meeting, one event


def test_recode_reads_the_source(coder):
    s = after(coder, "Peruvian warplanes struck Arica.", "recode")
    c, = s.candidates
    assert (c.code, c.pattern, c.stages[-1]) == ("195", "strike.default>arms", "recode")
    assert [c.code for c in after(coder, "Peruvian warplanes struck Arica.", "pairs").candidates] == ["190"]


def test_filters_keep_one_event_per_happening(coder):
    text = "Peru bombarded Arica, killing eight."
    assert len(after(coder, text, "recode").candidates) == 2  # the participle is a candidate of its own
    assert candidates(after(coder, text, "filters")) == [("PER", "CHL", "194", "asserted")]


def test_reports_adds_the_obligation_laid_on_another(coder):
    text = "The Chilean government declared that Peru must lower its tariffs."
    assert not after(coder, text, "filters").candidates
    s = after(coder, text, "reports")
    assert candidates(s) == [("CHLGOV", "PER", "100", "asserted")] and s.candidates[0].stages == ("reports",)


def test_dedupe_keeps_the_most_specific(coder):
    s = after(coder, "Peru and Bolivia signed a trade agreement with Chile.", "dedupe")
    assert candidates(s) == [("BOL", "CHL", "057", "asserted"), ("PER", "CHL", "057", "asserted")]


def test_conventions_choose_the_stages_that_run(coder):
    without = type(coder)(actors=coder.actors, patterns=coder.patterns, nlp=coder.nlp,
                          conventions=replace(Conventions.dyad(), stages=tuple(s for s in STAGES if s != "recode")))
    events = without.code(Document("t", "Peruvian warplanes struck Arica.", DAY))
    assert [(e.code, e.pattern) for e in events] == [("190", "strike.default")]


def test_explain_names_the_stages_of_each_event(coder):
    from dyad.coder.explain import render_explain

    out = render_explain(coder.explain(Document("t", "Chile alleged that a rocket was fired at it from Peru.", DAY)))
    assert "pattern=fire.heavy_weapons>reported.accuse  stages=match>slots>speech" in out
    assert "note: speech: 'fired': alleged by a party (alleged) -> accusation" in out


@pytest.mark.parametrize("statements", [False, True])
def test_statements_follow_the_conventions(coder, statements):
    c = type(coder)(actors=coder.actors, patterns=coder.patterns, nlp=coder.nlp,
                    conventions=Conventions.dyad().with_statements(statements))
    events = c.code(Document("t", "Peru said Chile had agreed to hold talks with Bolivia.", DAY))
    assert (("PER", "CHL", "010") in {(e.source, e.target, e.code) for e in events}) is statements
