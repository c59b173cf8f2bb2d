from pathlib import Path

import pytest

from dyad.evaluation.records import read_records
from dyad.errors import InputError


@pytest.mark.parametrize(
    "relpath, records, codings, noevents, errors",
    [
        ("petrarch2-validation/PETR.UnitTest.records.xml", 284, 359, 19, 7),
        ("ud-petrarch-validation/PETR_Validate_records_2_02.xml", 274, 322, 20, 7),
        ("ud-petrarch-validation/PETR2_GSR_validation.xml", 78, 80, 12, 0),
    ],
)
def test_reads_the_suites(external, relpath, records, codings, noevents, errors):
    rf = read_records(external / relpath)
    assert len(rf.records) == records
    assert sum(len(r.codings) for r in rf.records) == codings
    assert sum(r.noevents for r in rf.records) == noevents
    assert sum(r.error is not None for r in rf.records) == errors
    assert all("<" not in r.text for r in rf.records)
    # PETR2_GSR holds one record (abc12_3) whose <Text> is empty in the file itself.
    assert sum(not r.text for r in rf.records) <= 1


def test_config_lines_apply_to_following_records(tmp_path: Path):
    f = tmp_path / "r.xml"
    f.write_text(
        """<Validation><!-- <Sentence id="in-comment"> -->
<Sentences>
<Sentence id="A" category="X" date="20010101">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="042" />
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="043" />
<Text>Arnor visited Gondor &amp; more.</Text>
<Parse>ignored</Parse></Sentence>
<Config option="require_dyad" value="false" />
<Sentence id="B" category="X" date="20010101" evaluate="false">
<EventCoding noevents="True" />
<Text>Nothing
happens.</Text></Sentence>
</Sentences></Validation>"""
    )
    a, b = read_records(f).records
    assert a.id == "A" and a.config == {} and a.text == "Arnor visited Gondor & more."
    assert [(c.source, c.target, c.code) for c in a.codings] == [("ARN", "GON", "042"), ("GON", "ARN", "043")]
    assert b.config == {"require_dyad": "false"} and b.noevents and not b.evaluate
    assert b.text == "Nothing happens."


def test_not_a_record_file(tmp_path: Path):
    f = tmp_path / "x.xml"
    f.write_text("<html><body>hello</body></html>")
    with pytest.raises(InputError, match="no <Sentence> records"):
        read_records(f)
