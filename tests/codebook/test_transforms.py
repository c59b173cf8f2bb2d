"""CAMEO's code transforms (``codebook/transforms.tsv``): the codes of embedded acts, checked."""

from __future__ import annotations

import pytest

from dyad.codebook import load_codebook
from dyad.codebook.transforms import load_transforms, parse_transforms
from dyad.errors import DataError

HEADER = "kind\tembedded\tcode\n"


@pytest.mark.parametrize("kind, embedded, expected", [
    ("intent", "0874", "0356"),  # the intention to retreat
    ("intent", "190", "138"),  # to use force: a threat of force
    ("intent", "13", None),  # the intention to threaten is a threat already
    ("appeal", "0841", "0253"),  # an appeal to release
    ("demand", "0874", "1056"),  # a demand to retreat
    ("reject", "057", "127"),  # refusing to sign an agreement
    ("reject", "190", None),  # refusing to attack is no rejection: the negated attack stays
    ("reject", "212", None),  # nor refusing a foreign conflict code above root 20
    ("threat", "161", "1313"),  # threatening to break relations
    ("threat", "042", "130"),  # a threat of any cooperative act: the threat code itself
    ("offer", "190", "0332"),  # an offer of force is an offer of military aid
    ("offer", "173", "030"),  # an offer of coercion is an offer all the same
    ("offer", "057", "037"),  # an offer to sign an agreement follows the intention table
    ("intent", "999", "030"),  # any code the table does not name: the kind's default
])
def test_transforms(kind, embedded, expected):
    assert load_transforms().apply(kind, embedded) == expected


def test_every_code_a_transform_gives_is_in_the_codebook():
    cb = load_codebook()
    table = load_transforms().tables
    given = {code for rows in table.values() for code in rows.values() if code}
    assert given and all(code in cb for code in given), sorted(c for c in given if c not in cb)


def test_the_negation_of_a_statement_is_declining_to_comment():
    assert load_transforms().negations() == {"010": "011"}


@pytest.mark.parametrize("text, message", [
    ("nope\tx\ty\n", "header must be"),
    (HEADER + "wish\t04\t036\n", "field 'kind'"),
    (HEADER + "intent\t4x\t036\n", "field 'embedded'"),
    (HEADER + "intent\t04\t36a\n", "field 'code'"),
    (HEADER + "intent\t10-05\t\n", "range of roots"),
    (HEADER + "intent\t04\t036\nintent\t04\t037\n", "given twice"),
    (HEADER + "intent\t04\t036\n", "no default row"),
])
def test_a_bad_line_names_file_line_and_field(text, message):
    with pytest.raises(DataError, match=message):
        parse_transforms(text, "t.tsv")
