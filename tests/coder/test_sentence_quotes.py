"""Sentence segmentation keeps a closing quote with its sentence (``nlp.keep_closing_quotes``).

Sentences written for these tests. Without the rule the parser splits '...next week."' at the
end of a paragraph into the words and a sentence holding only the quote.
"""

from __future__ import annotations

import pytest

from dyad.coder import default_coder

pytestmark = pytest.mark.slow


def sentences(text: str) -> list[str]:
    return [s.text.strip() for s in default_coder().nlp(text).sents]


@pytest.mark.parametrize("text,expected", [
    ('The minister said: "We will open the border crossing to aid convoys next week."\n\nTurkey welcomed the decision.\n',
     ['The minister said: "We will open the border crossing to aid convoys next week."', "Turkey welcomed the decision."]),
    ("He called the raid 'a betrayal of the truce.'\n\nIran agreed.",
     ["He called the raid 'a betrayal of the truce.'", "Iran agreed."]),
    ('Ankara answered at once ("We will not wait.")\n\nDamascus stayed silent.',
     ['Ankara answered at once ("We will not wait.")', "Damascus stayed silent."]),
])  # fmt: skip
def test_closing_quote_stays_with_its_sentence(text: str, expected: list[str]) -> None:
    got = sentences(text)
    assert got == expected
    assert not [s for s in got if s and all(not c.isalnum() for c in s)]  # no sentence of punctuation alone


def test_opening_quote_still_starts_the_next_sentence() -> None:
    got = sentences('Turkey sent troops.\n\n"We reject this," the Kurdish leader said.')
    assert got == ["Turkey sent troops.", '"We reject this," the Kurdish leader said.']


def test_the_sentence_after_a_quote_keeps_its_index() -> None:
    from datetime import date

    from dyad.coder import code_text

    text = 'The Syrian foreign ministry said: "Israeli jets struck Quneitra on Tuesday."\n\nTurkey condemned Israel.\n'
    by_index = {(e.sentence_index, e.source[:3], e.target[:3]) for e in code_text(text, date(2025, 10, 16))}
    assert (0, "ISR", "SYR") in by_index and (1, "TUR", "ISR") in by_index  # not 2: no sentence of a lone quote
