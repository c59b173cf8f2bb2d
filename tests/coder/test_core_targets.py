"""Where a verb's target is found, and the pattern model's null codes and word alternatives.

Sentences written for these tests (not from a suite), with real countries.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.coder import code_text, default_coder
from dyad.model import Document
from dyad.coder.patterns import PatternSet
from dyad.coder.pipeline import Coder
from dyad.errors import DataError

DAY = date(2025, 10, 16)


def triples(text: str):
    return {(e.source, e.target, e.root_code) for e in code_text(text, DAY)}


def test_reporting_verb_after_its_complement_has_no_target_from_the_complement():
    got = triples("Peru will restore full diplomatic ties with Chile, a senior official said on Saturday.")
    assert ("PER", "CHL", "05") in got or any(s == "PER" and t == "CHL" for s, t, _ in got)
    assert not any(t == "PER" and r == "01" for _, t, r in got)


def test_target_inside_the_objects_phrase():
    got = triples("Turkey welcomed a resumption of diplomatic ties between Egypt and Iran.")
    targets = {t for s, t, _ in got if s == "TUR"}
    assert {"EGY", "IRN"} <= targets


def test_subjects_own_possessive_is_not_the_target():
    got = triples("Peru welcomed its resumption of diplomatic ties with Chile.")
    assert any(s == "PER" and t == "CHL" for s, t, _ in got)


def test_by_agent_of_an_object_noun_is_the_target():
    got = triples("The Egyptian government condemned an attack by Israeli soldiers in Gaza.")
    assert any(s.startswith("EGY") and (t or "").startswith("ISRMIL") and r == "11" for s, t, r in got)


def test_bare_conjoined_sector_shares_the_country():
    got = triples("French media and government criticized Iran.")
    sources = {s for s, t, r in got if r == "11"}
    assert {"FRAMED", "FRAGOV"} <= sources


def _coder_with(extra: dict) -> Coder:
    base = default_coder()
    ps = PatternSet.default().layered(PatternSet.from_dicts([("test", extra)]))
    return Coder(actors=base.actors, patterns=ps, nlp=base.nlp, gazetteer=base.gazetteer)


def test_null_pattern_matches_and_codes_nothing():
    c = _coder_with({"verbs": [{"verb": "abandon", "code": "080",
                                "patterns": [{"id": "abandon.parade", "code": "---", "object": ["parade"]}]}]})
    assert not c.code(Document("d", "Russia abandoned the parade in Syria.", DAY))
    assert {(e.source, e.target) for e in c.code(Document("d", "Russia abandoned Syria.", DAY))} == {("RUS", "SYR")}
    traces = c.explain(Document("d", "Russia abandoned the parade in Syria.", DAY), all_sentences=True)
    assert any("null pattern" in n for tr in traces for n in tr.notes)


def test_words_alternatives_and_synset_reference():
    c = _coder_with({
        "synsets": {"bond": ["ties", "relations"]},
        "verbs": [{"verb": "abandon", "code": "080",
                   "patterns": [{"id": "abandon.full", "code": "1121", "words": [["full", "complete"], "BOND"]}]}],
    })
    def codes(text):
        return {e.code for e in c.code(Document("d", text, DAY))}
    assert "1121" in codes("Russia abandoned complete relations with Syria.")
    assert "1121" in codes("Russia abandoned full ties with Syria.")
    assert "1121" not in codes("Russia abandoned partial ties with Syria.")


def test_unknown_synset_in_words_is_a_data_error():
    with pytest.raises(DataError, match="unknown synset"):
        PatternSet.from_dicts([("bad.yaml", {"verbs": [{"verb": "abandon", "code": "080", "patterns": [
            {"code": "081", "words": ["NOSUCHSET"]}]}]})])


def test_infinitive_under_an_event_verb_did_not_happen():
    from dataclasses import replace

    from dyad.coder.frames import default_frames

    base = default_coder()
    # without the appeal word list, "urged X to respond" must not code the response as asserted
    c = Coder(actors=base.actors, patterns=base.patterns, nlp=base.nlp, gazetteer=base.gazetteer,
              frames=replace(default_frames(), appeal=frozenset()))
    evs = c.code(Document("d", "Egypt urged Iran to attack Syria.", DAY))
    assert not any(e.source == "IRN" and e.target == "SYR" and e.status == "asserted" for e in evs)
    evs = c.code(Document("d", "Syrian troops began to withdraw from Suwayda.", DAY))
    assert any(e.root_code == "08" and e.status == "asserted" for e in evs)


def test_non_prefix_excludes_the_actor():
    """'non-Syrian fighters' are not Syrian: no actor, so no Syrian target."""
    assert not any(t and t.startswith("SYR") for _, t, _ in triples("Israeli forces attacked non-Syrian fighters."))
    assert any(t and t.startswith("SYR") for _, t, _ in triples("Israeli forces attacked Syrian fighters."))
