"""The coder's configuration and data, without the model: conventions, words, codes, discards."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dyad.coder.codes import default_codes, parse_codes
from dyad.coder.conventions import PRESETS, STAGES, Conventions, Matching
from dyad.coder.discards import Discards
from dyad.coder.frames import FILES, default_frames, load_frames
from dyad.errors import DataError, InputError


def test_presets_by_name():
    assert PRESETS == ("dyad", "petrarch1", "petrarch2", "ud-petrarch", "petrarch-gold")
    dyad, p1, p2, ud, gold = (Conventions.named(n) for n in PRESETS)
    assert dyad == Conventions() and dyad.stages == STAGES and dyad.cameo_readings and dyad.split_codes
    assert not p2.runs("recode") and not p2.cameo_readings and not p2.split_codes and p2.matching == Matching()
    assert ud == replace(p2, name="ud-petrarch", matching=Matching.ud_petrarch())
    assert p1.attributions and p1.shallow_targets and p1.agent_modifiers and p1.split_codes
    assert p1.matching == Matching.petrarch1() and Conventions.named("UD_PETRARCH") == ud
    # dyad's readings, PETRARCH's gold conventions: one-actor events, both directions, reports as accusations
    assert gold.cameo_readings and gold.runs("recode") and not gold.runs("dyadic")
    assert dyad.one_per_happening and dyad.reports_as_fact
    assert not (gold.one_per_happening or gold.reports_as_fact or p2.one_per_happening or p1.reports_as_fact)


def test_bad_conventions_are_input_errors():
    with pytest.raises(InputError, match="'tabari' is not one of dyad, petrarch1, petrarch2, ud-petrarch"):
        Conventions.named("tabari")
    with pytest.raises(InputError, match=r"unknown stage\(s\) \['parse'\]"):
        Conventions(stages=("parse",))
    with pytest.raises(InputError, match="must keep the order"):
        Conventions(stages=("match", "actors"))


def test_statements_are_a_convention():
    assert not Conventions.dyad().statements and Conventions.dyad().with_statements().statements


def test_the_words_are_read_from_both_files():
    fr = default_frames()
    assert "said" in fr.reporting and "refused" in fr.refusal and "refused" not in fr.failure
    assert fr.target_preps[:3] == ("to", "with", "against")  # an ordered list stays in order
    assert {"in", "at", "near"} <= fr.place_preps and "on" in fr.addressee_preps
    assert fr.participle("killing") and not fr.participle("killed")
    assert fr.nominalisations["lifting"] == "lift" and fr.force_by_source["drones"] == "1952"


def _texts(**changes: str) -> dict[str, str]:
    from importlib import resources

    root = resources.files("dyad.coder") / "data"
    texts = {name: (root / name).read_text(encoding="utf-8") for name in FILES}
    texts.update(changes)
    return texts


def test_a_bare_yaml_boolean_is_refused():
    texts = _texts()
    texts["grammar.yaml"] = texts["grammar.yaml"].replace('["on", upon]', "[on, upon]").replace(
        'object_particles: [out, up, "off", down]', "object_particles: [out, up, off, down]")
    with pytest.raises(DataError, match="object_particles.* bare on, off, yes or no: quote it"):
        load_frames(texts)


def test_a_missing_or_unknown_list_is_named():
    texts = _texts()
    with pytest.raises(DataError, match=r"missing list\(s\) \['place_preps'\]"):
        load_frames({**texts, "grammar.yaml": texts["grammar.yaml"].replace("place_preps:", "venue_preps:")})
    with pytest.raises(DataError, match="also given in"):
        load_frames({**texts, "extra.yaml": "reporting: [say]\n"})


def test_codes_by_name_set_and_quad_class():
    codes = default_codes()
    assert codes.code("riot") == "145" and codes.code("accusation") == "112"
    assert codes.holds("violence", "1823") and not codes.holds("violence", "173") and not codes.holds("violence", None)
    assert codes.holds("victimising", "1712") and not codes.holds("violence", "1712")
    assert codes.material_conflict("152") and not codes.material_conflict("112") and not codes.material_conflict("212")
    assert codes.transform("intent", "0874") == "0356"
    assert codes.sectors["security"] == {"COP", "MIL", "SPY"}


@pytest.mark.parametrize("text, message", [
    ("sets: {}\nsectors: {}\n", "section 'codes' missing"),
    ("codes: {riot: 14x}\nsets: {}\nsectors: {}\n", r"codes \['riot'\]"),
    ("codes: {}\nsets: {violence: [eighteen]}\nsectors: {}\n", "set 'violence'"),
    ("codes: {}\nsets: {}\nsectors: {security: [POLICE]}\n", "sectors 'security'"),
])
def test_bad_codes_are_data_errors(text, message):
    with pytest.raises(DataError, match=message):
        parse_codes(text, "codes.yaml")


def test_discards_by_story_and_sentence():
    d = Discards([("WORLD CUP", True), ("BASEBALL", False), ("MONTHS_LATER", False)])
    assert d and d.story("After the world  cup final, Peru ...") and not d.story("A baseball game.")
    assert d.sentence("A baseball game in Lima.") and d.sentence("Months later, Peru ...")
    assert not d.sentence("Peru baseballs") and not d.sentence("Peru attacked Chile.")
    assert not Discards()
