"""The coder's mechanisms, one sentence each (written for these tests, not taken from a suite).

The spaCy model is loaded once per process through ``dyad.coder.default_coder``.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.coder import code_text, default_coder
from dyad.model import Document
from dyad.coder.explain import render_explain

THURSDAY = date(2025, 10, 16)


def code(text: str, day: date = THURSDAY):
    return code_text(text, day, partial=True)  # the stages' readings, one-actor events included


def triples(events):
    return {(e.source, e.target, e.code) for e in events}


def find(events, source_prefix, target_prefix, root):
    return [e for e in events if e.source.startswith(source_prefix)
            and (e.target or "").startswith(target_prefix) and e.root_code == root]


def test_active_sentence_codes_source_target_and_pattern():
    evs = code("Israel attacked Lebanon.")
    hits = find(evs, "ISR", "LBN", "19")
    assert hits and hits[0].status == "asserted"
    assert all(e.pattern for e in evs)
    assert hits[0].quad_class == 4 and hits[0].goldstein < 0


def test_passive_agent_is_the_source():
    evs = code("Lebanon was attacked by Israel.")
    assert find(evs, "ISR", "LBN", "19")
    assert not find(evs, "LBN", "ISR", "19")


def test_compound_subject_gives_an_event_for_each():
    evs = code("China and Russia signed an agreement with Iran.")
    assert find(evs, "CHN", "IRN", "05") and find(evs, "RUS", "IRN", "05")


def test_compound_subject_without_target_is_reciprocal():
    """A meeting of two is one happening: one event between them, whoever is named first."""
    evs = code("China and Russia held talks in Beijing.")
    assert find(evs, "CHN", "RUS", "04") and not find(evs, "RUS", "CHN", "04")
    evs = code("Saudi Arabia and Iran agreed to restore relations.")
    assert [(e.source, e.target, e.root_code) for e in evs] == [("SAU", "IRN", "05")]


def test_title_and_name_resolve_with_the_article_date():
    evs = code("Syrian Interim President Ahmad al-Sharaa visited Moscow on Wednesday.")
    hits = find(evs, "SYR", "RUS", "04")
    assert hits and hits[0].source == "SYRGOV" and hits[0].code == "042"
    assert hits[0].date == "2025-10-15"
    assert not find(evs, "RUS", "SYR", "04")  # a visited city hosts nobody


def test_adjective_and_sector_noun():
    evs = code("Israeli forces shelled Quneitra.")
    hits = find(evs, "ISRMIL", "SYR", "19")
    assert hits and hits[0].code == "194"


def test_metonym():
    evs = code("The Kremlin condemned Turkey.")
    assert find(evs, "RUSGOV", "TUR", "11")


def test_negation():
    evs = code("Turkey did not attack Syria.")
    hits = find(evs, "TUR", "SYR", "19")
    assert hits and hits[0].status == "negated"


def test_will_visit_is_planned():
    evs = code("Erdogan will visit Damascus next week.")
    hits = find(evs, "TURGOV", "SYR", "04")
    assert hits and hits[0].status == "planned"


def test_slated_and_expected_are_planned():
    evs = code("Putin is slated to meet Erdogan in Ankara.")
    hits = find(evs, "RUSGOV", "TURGOV", "04")
    assert hits and all(e.status == "planned" for e in hits)


def test_conditional_is_hypothetical():
    evs = code("If Israel attacks Iran, Russia would condemn Israel.")
    attack = find(evs, "ISR", "IRN", "19")
    condemn = find(evs, "RUS", "ISR", "11")
    assert attack and attack[0].status == "hypothetical"
    assert condemn and condemn[0].status == "hypothetical"


def test_failed_talks_are_negated():
    evs = code("Talks between Syria and Israel collapsed.")
    hits = find(evs, "SYR", "ISR", "04")
    assert hits and hits[0].status == "negated"


def test_neutral_reporter_codes_the_reported_event():
    evs = code("State media reported that Israeli warplanes struck Damascus.")
    assert find(evs, "ISR", "SYR", "19")


def test_party_alleging_anothers_attack_is_an_accusation():
    evs = code("Israel accused Lebanon of firing a rocket at it.")
    hits = find(evs, "ISR", "LBN", "11")
    assert hits and hits[0].code == "112"
    evs = code("Israel alleged that a rocket was fired at it from Lebanon.")
    assert [e.code for e in find(evs, "ISR", "LBN", "11")] == ["112"] and not find(evs, "LBN", "ISR", "19")
    # said: the act is reported as fact and coded
    assert find(code("Israel said a rocket was fired at it from Lebanon."), "LBN", "ISR", "19")


def test_pronoun_resolves_to_the_actor_named_before():
    evs = code("Erdogan arrived in Moscow on Tuesday. He met Putin.")
    hits = find(evs, "TURGOV", "RUSGOV", "04")
    assert hits and hits[0].sentence_index == 1 and hits[0].source_text == "He"


def test_object_pronoun_is_not_the_controlling_subject():
    evs = code("Erdogan arrived in Moscow. Putin is slated to meet him in the Kremlin.")
    hits = find(evs, "RUSGOV", "TURGOV", "04")
    assert hits and hits[0].status == "planned"


def test_delegation_reference():
    evs = code("Russia sent a delegation to Damascus. The delegation met Syrian officials.")
    assert find(evs, "RUS", "SYRGOV", "04")


def test_nominal_events():
    evs = code("Israeli strikes on Damascus killed ten people.")
    assert find(evs, "ISR", "SYR", "19")
    evs = code("Russia's foreign minister paid a visit to Ankara.")
    assert find(evs, "RUSGOV", "TUR", "04")


def test_light_verb_with_event_noun():
    evs = code("Turkey carried out strikes on Kurdish areas in Syria.")
    assert find(evs, "TUR", "", "19")
    evs = code("The European Union imposed sanctions on Iran.")
    hits = find(evs, "IGO", "IRN", "16")
    assert hits and hits[0].code == "163"


def test_intention_appeal_demand_and_refusal_codes():
    assert find(code("Turkey threatened to attack Syria."), "TUR", "SYR", "13")
    assert find(code("Russia urged Israel to withdraw from Syria."), "RUS", "ISR", "02")
    assert find(code("Israel demanded that Syria demilitarize the south."), "ISR", "SYR", "10")
    assert find(code("Turkey said it would not provide aid to Syria."), "TUR", "SYR", "12")
    assert find(code("Russia said Israel must withdraw from Syria."), "RUS", "ISR", "10")
    # a disposition is an intention, not the act: "inclined to sign" has signed nothing yet
    inclined = code("Although Ankara is inclined to sign an agreement with Baghdad, talks stalled.")
    assert find(inclined, "TUR", "IRQ", "03") and not find(inclined, "TUR", "IRQ", "05")


def test_prediction_about_others_is_not_the_speakers_intention():
    evs = code("Rwanda said French officials would be indicted.")
    assert not any(e.root_code == "03" for e in evs)


def test_titled_person_unknown_to_the_actor_base():
    evs = code("Israeli Prime Minister Avner Golan criticized Syria.")  # a name no base holds
    assert find(evs, "ISRGOV", "SYR", "11")


def test_event_date_from_weekday_and_default():
    evs = code("Israel attacked Lebanon on Wednesday.")
    assert find(evs, "ISR", "LBN", "19")[0].date == "2025-10-15"
    evs = code("Israel attacked Lebanon.")
    assert find(evs, "ISR", "LBN", "19")[0].date == "2025-10-16"


def test_a_year_modifying_a_noun_dates_that_noun_not_the_clause():
    evs = code("Peru condemned Chile's move as a breach of the 1929 border treaty with Bolivia.")
    assert find(evs, "PER", "CHL", "11")[0].date == "2025-10-16"


def test_evidence_offsets_point_at_the_words():
    evs = code("Israel attacked Lebanon.")
    e = find(evs, "ISR", "LBN", "19")[0]
    s = e.sentence
    assert s[slice(*e.evidence["source"])] == "Israel"
    assert s[slice(*e.evidence["target"])] == "Lebanon"
    assert s[slice(*e.evidence["trigger"])] == "attacked"


def test_location_of_the_event():
    evs = code("Israel and Syria held talks in Baku.")
    assert any(e.location is not None and e.location.country == "AZE" for e in evs)


def test_explain_marks_source_target_trigger_and_sentences_without_events():
    coder = default_coder()
    doc = Document("d", "Israel attacked Lebanon. The weather was fine.", THURSDAY)
    text = render_explain(coder.explain(doc, all_sentences=True))
    assert "[Israel]S" in text and "[Lebanon]T" in text and "[attacked]V" in text
    assert "pattern=" in text and "no event" in text
    assert len(coder.explain(doc)) == 1


def test_code_many_streams_in_order():
    coder = default_coder()
    docs = [Document(str(i), t, THURSDAY) for i, t in enumerate(
        ["Israel attacked Lebanon.", "Nothing happened here.", "Turkey condemned Israel."])]
    out = list(coder.code_many(iter(docs), batch_size=2))
    assert [d.id for d, _ in out] == ["0", "1", "2"]
    assert out[0][1] and not out[1][1] and out[2][1]
    assert out[0][1] == coder.code(docs[0])


def test_foreign_pattern_set_alone_and_layered():
    from dyad.coder.patterns import PatternSet
    from dyad.coder.pipeline import Coder

    base = default_coder()
    foreign = PatternSet.from_dicts([("foreign.yaml", {"verbs": [
        {"verb": "scold", "patterns": [{"id": "foreign.scold", "code": "111"}]}]})])
    alone = Coder(actors=base.actors, patterns=foreign, nlp=base.nlp)
    doc = Document("f", "Turkey scolded Israel. Turkey attacked Israel.", THURSDAY)
    evs = alone.code(doc)
    assert {(e.source, e.target, e.pattern) for e in evs} == {("TUR", "ISR", "foreign.scold")}
    layered = Coder(actors=base.actors, patterns=base.patterns.layered(foreign), nlp=base.nlp)
    pats = {e.pattern for e in layered.code(doc)}
    assert "foreign.scold" in pats and "attack" in pats


def test_definite_sector_noun_takes_the_country_named_before():
    evs = code("The Syrian government condemned Israel. On Friday the government accused Turkey.")
    hits = find(evs, "SYRGOV", "TUR", "11")
    assert hits and hits[0].sentence_index == 1


def test_permitted_act_has_its_own_subject_and_did_not_happen():
    evs = code("Germany gave permission to Poland to attack Belarus.")
    assert find(evs, "DEU", "POL", "08")  # the giving is the event
    assert not [e for e in evs if (e.target or "").startswith("BLR")]  # the attack did not happen
    coder = default_coder()
    doc = coder.nlp("Germany granted Poland permission to attack Belarus.")
    attack = next(t for t in doc if t.lower_ == "attack")
    assert [t.text for t in coder.tools.reader.frame(attack).subjects] == ["Poland"]


def test_purpose_infinitive_under_an_event_is_not_a_second_happening():
    evs = code("Germany said it would not give permission to Poland to help Belarus.")
    assert not find(evs, "DEU", "BLR", "07") and not find(evs, "POL", "BLR", "07")


def test_reduced_relative_misread_as_main_verb_names_no_agent():
    evs = code("The reporters detained for spying against Iran were freed on Monday by Turkey.")
    assert find(evs, "TUR", "---", "08")
    assert not [e for e in evs if e.root_code == "17"]


def test_clause_under_a_preposition_keeps_its_actors():
    evs = code("Turkey jailed the reporters for spying against Iran.")
    assert find(evs, "TUR", "", "17")
    assert not find(evs, "TUR", "IRN", "17")


def test_a_denial_codes_the_denial_not_what_it_denies():
    evs = code("Israel denied that it had struck the hospital in Gaza.")
    assert [(e.source, e.code, e.status) for e in evs] == [("ISR", "016", "asserted")]
    assert evs[0].pattern.endswith(">reported.denial") and evs[0].target_text == "hospital"


def test_a_report_of_future_retaliation_is_a_threat():
    evs = code("Iran said it would retaliate against Israel.")
    assert [(e.source, e.target, e.code) for e in evs] == [("IRN", "ISR", "138")]


def test_a_place_inside_a_venue_phrase_is_not_a_party():
    """"athletes killed at the Santiago Pan American Games": Santiago is where, not who."""
    evs = code("Peru wants Chile to pay compensation to the families of athletes killed at the Santiago Pan American Games.")
    assert not [e for e in evs if e.root_code == "19"]


def test_a_subjectless_listed_predicate_takes_the_speakers_subject():
    evs = code("Israeli officials stated they would not discuss the Golan Heights, ruled out any return to "
               "the old borders, and declared their intention to stay.")
    assert [(e.source, e.code) for e in evs if e.pattern == "rule.out"] == [("ISRGOV", "120")]


def test_joint_exercises_without_a_partner_phrase_are_mutual_military_cooperation():
    evs = code("Jordan and Britain held joint military exercises this month.")
    assert triples(evs) == {("JOR", "GBR", "062")}


def test_two_verbs_joined_by_and_share_the_object_after_them():
    evs = code("Under the agreement, Turkey will train and advise the new Syrian army.")
    assert {(e.source, e.target, e.code, e.status) for e in evs} == {
        ("TUR", "SYRMIL", "062", "planned"), ("TUR", "SYRMIL", "020", "planned")}
    evs = code("Israel bombed and destroyed the airport in Damascus.")
    assert triples(evs) == {("ISR", "SYR", "195"), ("ISR", "SYR", "1712")}


def test_a_country_adjective_the_parse_lost_still_composes_the_actor():
    """The small model makes "military" an object in this phrase; the delegation is Russian, and
    "the delegation" in the next sentence is the same one."""
    evs = code("This maneuver follows a high-level Russian military and political delegation's visit to "
               "Damascus in early September. The delegation held talks with Syrian officials.")
    assert ("RUSGOV", "SYR", "042") in triples(evs) and ("RUSGOV", "SYRGOV", "046") in triples(evs)


def test_statements_when_asked_for_are_coded_beside_the_reported_event():
    from dyad.run.options import CoderOptions

    coder = CoderOptions(statements=True).factory()()
    evs = coder.code(Document("t", "Turkey said Syria had agreed to hold talks with the Kurds.", THURSDAY))
    assert ("TUR", "SYR", "010") in triples(evs) and ("SYR", "KUR", "046") in triples(evs)
    # not where the speaker reports its own act, nor where the statement is an act of its own
    for text in ("Hamas said it fired rockets at Tel Aviv.", "Peru said it would not provide support to Chile.",
                 "Russia accused Ukraine of attacking Moscow with drones."):
        assert not [e for e in coder.code(Document("t", text, THURSDAY)) if e.code == "010"], text
    assert not default_coder().statements  # off by default


def test_a_multi_word_event_noun_wins_over_its_head_alone():
    """"a hunger strike on Monday": a hunger strike (142), not a strike "on" Monday (190)."""
    evs = code("About 500 Bolivian miners began a hunger strike on Monday to protest against Peru's decision.")
    assert {e.code for e in evs} == {"142", "141"}


def test_a_date_is_not_a_prepositional_party():
    evs = code("Israeli warplanes launched an air strike on Monday.")
    assert [(e.code, e.target, e.date) for e in evs] == [("195", None, "2025-10-13")]


def test_a_phrase_in_an_object_set_needs_its_modifiers():
    """MILITARY_AID holds "military aid": plain or humanitarian aid is not military aid."""
    assert triples(code("The EU provided humanitarian aid to Gaza.")) == {("IGOEUREEC", "PSEGZA", "073")}
    assert triples(code("Russia provided military aid to Syria.")) == {("RUS", "SYR", "072")}
    assert triples(code("The United States provided aid to Egypt.")) == {("USA", "EGY", "070")}


def test_a_quantity_object_names_its_of_phrase():
    evs = code("Andean ministers agreed to provide about 40 million dollars of aid for Bolivia and Ecuador.")
    assert {(e.target, e.code) for e in evs} == {("BOL", "070"), ("ECU", "070")}
    assert triples(code("Iran sent a shipment of weapons to Hezbollah.")) == {("IRN", "LBNREBHEZ", "072")}


def test_an_irregular_plural_in_o_is_generated():
    evs = code("The Chilean Congress agreed to lift embargoes on sales to Peru and Bolivia.")
    assert {(e.target, e.code) for e in evs} == {("PER", "085"), ("BOL", "085")}


def test_a_reported_obligation_on_another_party_is_a_demand():
    evs = code("The Chilean government declared that Peru must lower its tariffs.")
    assert [(e.source, e.target, e.code, e.pattern) for e in evs] == [("CHLGOV", "PER", "100", "reported.must")]
    evs = code("A senior Chilean minister reiterated that Bolivia must hand over the smugglers.")
    assert triples(evs) == {("CHLGOV", "BOL", "100")}
    assert not code("Israel said it must defend itself.")  # an obligation of one's own is no demand


def test_closing_a_border_or_an_embassy():
    assert triples(code("Peru closed its southern borders with Chile and Bolivia.")) == {
        ("PER", "CHL", "172"), ("PER", "BOL", "172")}
    assert triples(code("Canada closed its embassy in Tehran.")) == {("CAN", "IRN", "161")}


@pytest.mark.parametrize("text, expected", [
    ("A judge opened fraud investigations against Chilean government officials.", ("CHLGOV", "090")),
    ("Serbian forces let free six French aid workers.", ("FRACVL", "0841")),
    ("US border agents sexually abused Mexican immigrants.", ("MEX", "1821")),
    ("Peruvian forces have retaken a strategic village in northern Chile.", ("CHL", "192")),
    ("The government extended the night-time curfew in Abidjan.", ("CIV", "1723")),
])
def test_lexicon_of_common_news_verbs(text, expected):
    assert expected in {(e.target, e.code) for e in code(text)}


def test_a_non_state_word_before_a_leadership_head_names_the_group():
    evs = code("Insurgent leader Ramon Quispe said his forces will lay down their weapons.")
    assert [(e.source, e.code) for e in evs] == [("---INS", "0356")]


def test_a_town_named_before_an_attack_is_where_not_who():
    assert not code("The Kharkiv strike killed five people.")
    assert triples(code("Israeli strikes on Gaza killed five people.")) == {("ISR", "PSEGZACVL", "190")}
    assert triples(code("Tehran's attack on Israel was condemned.")) == {("IRN", "ISR", "190")}


@pytest.mark.parametrize("text, expected", [
    ("Bolivian authorities struck a deal with the United Nations.", ("BOLGOV", "IGOUNO", "057")),
    ("Russia's ambassador expressed concern about the crisis in Syria.", ("RUSGOV", "SYR", "012")),
    ("Turkey expressed outrage at the Israeli raid on the flotilla.", ("TUR", "ISR", "111")),
    ("Peruvian security forces opened fire on gunmen in Lima.", ("PERMIL", "PERREB", "193")),
    ("Russia launched a massive missile attack on Kyiv.", ("RUS", "UKR", "194")),
    ("Chile provided 4.5 million euros to Venezuelan refugees.", ("CHL", "VENREF", "071")),
])
def test_lexicon_of_common_news_frames(text, expected):
    assert expected in triples(code(text))


def test_an_operation_is_an_attack_only_as_a_military_one():
    assert not code("The Nigerian Air Force has carried out surgical operations in Borno.")
    assert triples(code("The Iraqi army launched a military operation against ISIS in Mosul.")) == {
        ("IRQMIL", "IMGMUSISI", "190")}


def test_a_threatened_act_is_a_threat_whatever_the_act():
    assert triples(code("Iran threatened to attack Israel.")) == {("IRN", "ISR", "138")}
    assert triples(code("Russia threatened to cut gas supplies to Ukraine.")) == {("RUS", "UKR", "1311")}
    evs = code("The Libyan defence minister threatened to withdraw from the ceasefire agreement.")
    assert [e.code for e in evs] == ["130"]


def test_a_negated_future_act_is_a_refusal():
    evs = code("Peru will not lift the sanctions on Chile until it pays a fine.")
    assert [(e.source, e.code, e.status, e.pattern) for e in evs] == [
        ("PER", "1244", "asserted", "lift.sanctions>refusal")]
    evs = code("Israel will not attack Iran.")  # refusing to attack is no CAMEO refusal: a negated attack
    assert [(e.code, e.status) for e in evs] == [("190", "negated")]


def test_an_offered_act_is_cooperative():
    evs = code("Peru has offered to send troops to Bolivia to help Bolivian troops.")
    assert [(e.target, e.code) for e in evs] == [("BOL", "0332")]


def test_a_light_verb_takes_the_more_specific_noun():
    assert triples(code("Hamas continued rocket attacks on Israel.")) == {("PSEREBHMS", "ISR", "194")}
    assert triples(code("Peru lodged an official protest with Chile.")) == {("PER", "CHL", "114")}
    assert [(e.source, e.code) for e in code("A Bolivian opposition leader has started a hunger strike.")] == [
        ("BOLOPP", "142")]


def test_opening_borders():
    assert triples(code("Chile has opened its borders to refugees from Venezuela.")) == {("CHL", "VENREF", "0863")}


def test_retaking_a_role_is_not_retaking_territory():
    assert not code("Al-Sharaa is hoping Moscow will retake the mediating role it played in 2018.")


@pytest.mark.parametrize("text, expected", [
    ("Chile has sent a condolence message to the Peruvian president.", ("CHL", "PERGOV", "018")),
    ("The European Commission has launched legal action against the Hungarian government.",
     ("IGOEUREEC", "HUNGOV", "115")),
    ("Peru and Chile began a new round of joint military exercises today.", ("PER", "CHL", "062")),
    ("Israel and Hamas began a new round of talks in Cairo.", ("ISR", "PSEREBHMS", "046")),
    ("The Chilean military gave 300 new firearms to the Bolivian Marines.", ("CHLMIL", "BOLMIL", "072")),
    ("The UN high commissioner voiced concern about the use of force by police in Lima.",
     ("IGOUNO", "PERCOP", "012")),
])
def test_more_news_frames(text, expected):
    assert expected in triples(code(text))


def test_going_on_strike():
    assert [(e.source, e.code) for e in code("Thousands of workers in Peru went on strike for better wages.")] == [
        ("PERCVL", "143")]


def test_a_document_speaks_for_its_issuer_once():
    evs = code("The Chilean Congress has approved a strongly worded resolution criticizing the Peruvian government.")
    assert triples(evs) == {("CHLLEG", "PERGOV", "111")}
    evs = code("Egypt issued a statement condemning the Israeli raid on Gaza.")
    assert ("EGY", "ISR", "111") in triples(evs) and not [e for e in evs if e.code == "010"]
