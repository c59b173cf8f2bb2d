"""The coding ontology (PICO) of UD-PETRARCH: what a negated verb codes."""

import pytest

from dyad.coder.patterns import Matching, PatternSet
from dyad.dictionaries.codes import negation_pairs, read_pico
from dyad.evaluation.records import read_records
from dyad.evaluation.validate import for_records, with_ontology
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


def test_records_naming_an_ontology_add_its_pairs(tmp_path):
    (tmp_path / "onto.txt").write_text(ONTOLOGY)
    rec = tmp_path / "r.xml"
    rec.write_text(RECORDS.format("onto.txt"))
    ps = PatternSet.from_dicts([("x", {"verbs": [{"verb": "chide", "code": "110"}]})])
    got = with_ontology(ps, read_records(rec))
    assert got.negations["110"] == "050" and ps.negations == {"010": "011"}  # the original is untouched
    assert got.matching == Matching.ud_petrarch() and ps.matching == Matching()  # UD-PETRARCH's matching
    assert got.matching.before_scope == "subject" and got.matching.word_match == "lemma"
    rec.write_text(RECORDS.format("absent.txt"))  # named but not there: coded the PETRARCH way
    assert with_ontology(ps, read_records(rec)) is ps
    rec.write_text(RECORDS.replace("<PICOfile>{}</PICOfile>\n", ""))
    assert with_ontology(ps, read_records(rec)) is ps  # a TABARI / PETRARCH-1 suite: as it is



def test_petrarch1_records_get_tabari_matching(tmp_path):
    rec = tmp_path / "r.xml"
    rec.write_text(RECORDS.replace("<PICOfile>{}</PICOfile>\n", ""))
    ps = PatternSet.from_dicts([("x", {"verbs": [{"verb": "chide", "code": "110"}]})])
    got = for_records(ps, read_records(rec))
    m = got.matching
    assert m.passive_needs_agent and m.object_modifiers and m.ordered_words and m.before_scope == "sentence"
    assert ps.matching == Matching()
    (tmp_path / "onto.txt").write_text(ONTOLOGY)
    rec.write_text(RECORDS.format("onto.txt"))
    ud = for_records(ps, read_records(rec))
    assert ud.matching == Matching.ud_petrarch()
