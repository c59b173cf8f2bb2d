"""The pattern model and loader: data errors are caught with their place, layering works."""

from __future__ import annotations

import pytest

from dyad.coder.patterns import PatternSet, noun_forms, verb_forms
from dyad.errors import DataError


def build(doc: dict) -> PatternSet:
    return PatternSet.from_dicts([("test.yaml", doc)])


def test_default_patterns_cover_all_twenty_roots():
    ps = PatternSet.default()
    roots = {p.code[:2] for pats in (*ps.verbs.values(), *ps.nouns.values()) for p in pats}
    assert {f"{i:02d}" for i in range(1, 21)} <= roots
    ids = [p.id for pats in ps.verbs.values() for p in pats]
    assert len(ps) > 300 and all(ids)


def test_forms_are_generated_and_irregular_forms_listed():
    assert set(verb_forms("visit")) == {"visit", "visits", "visited", "visiting"}
    assert "stopped" in verb_forms("stop") and "opened" in verb_forms("open")
    assert "carries" in verb_forms("carry") and "carried" in verb_forms("carry")
    assert "freed" in verb_forms("free") and "freeing" in verb_forms("free")
    assert "strikes" in noun_forms("strike") and "talk" in noun_forms("talks")
    ps = PatternSet.default()
    assert ps.verb_patterns("met") and ps.verb_patterns("struck")
    assert ps.verb_patterns("struck")[0].head == "strike"


def test_on_and_off_survive_yaml_booleans():
    ps = PatternSet.from_files([])
    assert len(ps) == 0
    ps = PatternSet.default()
    assert "on" in next(p for p in ps.noun_patterns("strikes") if p.id == "n.strike.on").prep


def test_specific_pattern_sorts_before_default():
    ps = build({
        "synsets": {"weapon": ["missile", "rocket"]},
        "verbs": [{"verb": "fire", "code": "190", "patterns": [
            {"id": "fire.weapon.at", "code": "195", "object": ["WEAPON"], "prep": ["at"]}]}],
    })
    pats = ps.verb_patterns("fired")
    assert [p.id for p in pats] == ["fire.weapon.at", "fire"]
    assert "missiles" in pats[0].object and pats[0].specificity == 2


def test_paired_code_and_slots_are_kept():
    ps = build({"verbs": [{"verb": "receive", "patterns": [
        {"id": "r", "code": "043", "reverse_code": "042", "source": "prep:from", "target": "subject"}]}]})
    p = ps.verb_patterns("received")[0]
    assert (p.code, p.reverse_code, p.source, p.target) == ("043", "042", "prep:from", "subject")


@pytest.mark.parametrize("doc, message", [
    ({"verbs": [{"verb": "x", "patterns": [{"code": "190", "object": ["NOPE"]}]}]}, "unknown synset"),
    ({"verbs": [{"verb": "x", "code": "19x0y"}]}, "bad CAMEO code"),
    ({"verbs": [{"verb": "x"}]}, "no code"),
    ({"verbs": [{"verb": "x", "patterns": [{"code": "190", "tagret": "object"}]}]}, "unknown field"),
    ({"verbs": [{"verb": "x", "patterns": [{"code": "190", "target": "elsewhere"}]}]}, "target must be"),
    ({"verbs": [{"lemma": "x", "code": "190"}]}, "needs a 'verb' key"),
    ({"synsets": {"w": "missile"}}, "must be a list"),
])
def test_bad_pattern_data_names_file_and_entry(doc, message):
    with pytest.raises(DataError, match=message) as err:
        build(doc)
    assert "test.yaml" in str(err.value)


def test_unreadable_file_is_a_data_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("verbs: [unclosed", encoding="utf-8")
    with pytest.raises(DataError, match="bad.yaml"):
        PatternSet.from_files([bad])


def test_layered_set_prefers_the_added_patterns_on_ties():
    ours = build({"verbs": [{"verb": "hail", "code": "051"}]})
    theirs = PatternSet.from_dicts([("theirs.yaml", {"verbs": [{"verb": "hail", "code": "010", "id": "their.hail"}]})])
    both = ours.layered(theirs)
    assert [p.id for p in both.verb_patterns("hailed")] == ["their.hail", "hail"]
    assert both.names == ("test.yaml", "theirs.yaml")


def test_phrase_members_of_an_object_set_keep_their_modifiers():
    ps = build({"synsets": {"military_aid": ["arms", "military aid"]},
                "verbs": [{"verb": "provide", "patterns": [{"id": "p.mil", "code": "072", "object": ["MILITARY_AID"]}]}]})
    p = ps.verb_patterns("provide")[0]
    assert {"aid", "aids", "arms"} <= p.object
    assert dict(p.object_needs)["aid"] == (("military",),) and "arms" not in dict(p.object_needs)
    assert set(noun_forms("embargo")) == {"embargo", "embargoes", "embargos"}
