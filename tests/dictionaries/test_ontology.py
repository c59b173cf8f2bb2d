"""The coding ontology (PICO) of UD-PETRARCH: what a negated verb codes."""

import pytest

from dyad.coder.conventions import Conventions, Matching
from dyad.coder.patterns import PatternSet
from dyad.dictionaries.codes import negation_pairs, read_pico
from dyad.dictionaries.load import coder_factory, make_coder
from dyad.evaluation.records import read_records
from dyad.evaluation.validate import conventions_for
from dyad.errors import InputError

ONTOLOGY = """\
# a made-up ontology in the file's syntax
010:0x1000#Statement
011:0x1000-0xFFFF
050:0x0080#Cooperate
060:0x0070
110:0x1007f#0xFFFF+0x0080#Disapprove
121:-0xFFFF+0x0070
190:0x00A0
---:0
bad line
"""

RECORDS = """<Environment>
<PICOfile>{}</PICOfile>
</Environment>
<Sentences>
<Sentence category="VERB" date="20010101" id="V-1" evaluate="true">
<EventCoding eventcode="110" sourcecode="ABC" targetcode="DEF" />
<Text>
Abc chided Def.
</Text>
</Sentence>
</Sentences>
"""


def test_values_are_sums_of_signed_hex_terms(tmp_path):
    f = tmp_path / "onto.txt"
    f.write_text(ONTOLOGY)
    pico = read_pico(f)
    assert pico["110"] == 0xFFFF + 0x80 and pico["121"] == 0x70 - 0xFFFF and pico["011"] == 0x1000 - 0xFFFF
    assert "---" not in pico and len(pico) == 7


def test_a_negation_is_the_value_minus_0xffff(tmp_path):
    f = tmp_path / "onto.txt"
    f.write_text(ONTOLOGY)
    pairs = negation_pairs(read_pico(f))
    # not 010 -> 011, not 110 -> 050, not 060 -> 121; 190 and 050 have no negation in it
    assert pairs == {"010": "011", "110": "050", "060": "121"}


def test_missing_ontology_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="onto.txt: cannot read"):
        read_pico(tmp_path / "onto.txt")


def test_records_name_the_conventions_and_ontology_they_are_coded_with(tmp_path):
    (tmp_path / "onto.txt").write_text(ONTOLOGY)
    rec = tmp_path / "r.xml"
    rec.write_text(RECORDS.format("onto.txt"))  # UD-PETRARCH: its ontology, its matching
    assert conventions_for(read_records(rec)) == ("ud-petrarch", tmp_path / "onto.txt")
    rec.write_text(RECORDS.format("absent.txt"))  # named but not there: PETRARCH-2's conventions
    assert conventions_for(read_records(rec)) == ("petrarch2", None)
    rec.write_text(RECORDS.replace("<PICOfile>{}</PICOfile>\n", ""))  # a TABARI / PETRARCH-1 suite
    assert conventions_for(read_records(rec)) == ("petrarch1", None)


def test_the_presets_match_the_way_their_coders_match():
    ud, p1 = Conventions.named("ud-petrarch").matching, Conventions.named("petrarch1").matching
    assert ud == Matching.ud_petrarch() and ud.before_scope == "subject" and ud.word_match == "lemma"
    assert p1.passive_needs_agent and p1.object_modifiers and p1.ordered_words and p1.before_scope == "sentence"
    assert Conventions.named("petrarch2").matching == Matching() == Conventions.named("dyad").matching
    with pytest.raises(InputError, match="--conventions: 'tabari' is not one of dyad, petrarch1"):
        Conventions.named("tabari")


def test_an_ontology_adds_its_pairs_to_the_coders_patterns(tmp_path, monkeypatch):
    import dyad.coder.pipeline as pipeline

    (tmp_path / "onto.txt").write_text(ONTOLOGY)
    monkeypatch.setattr(pipeline, "Coder", lambda **kw: kw)  # the arguments, not a loaded coder
    got = make_coder(ontology=tmp_path / "onto.txt", conventions="ud-petrarch")
    assert got["patterns"].negations["110"] == "050" and got["conventions"] == Conventions.ud_petrarch()
    assert PatternSet.default().negations == {"010": "011"}  # the packaged set is untouched
    with pytest.raises(InputError, match="nope.txt: cannot read"):
        coder_factory(ontology=tmp_path / "nope.txt")
