"""Datelines are fenced off: where a story was filed names no party."""

import pytest

from dyad.coder.dateline import dateline_end


@pytest.mark.parametrize("text, head", [
    ("LIMA, Peru (AP) — Chile shelled a border post on Monday.", "LIMA, Peru (AP) — "),
    ("QUITO (Reuters) – Ecuador expelled a Peruvian envoy on Friday.", "QUITO (Reuters) – "),
    ("Cusco [Peru], March 3 : The two presidents met at the border crossing.", "Cusco [Peru], March 3 : "),
    ("SANTIAGO, CHILE | EFE | The delegations of both countries met again.", "SANTIAGO, CHILE | EFE | "),
    ("LA PAZ, April 7 — Bolivia recalled its ambassador to Chile on Sunday.", "LA PAZ, April 7 — "),
])
def test_datelines(text, head):
    assert text[: dateline_end(text)] == head


@pytest.mark.parametrize("text", [
    "US Strikes Iran: what the attacks mean for the region.",  # a headline
    "Peru said: we will answer the attack on our border.",  # a sentence with a colon
    "Chile shelled a border post on Monday - officials said nothing more.",
    "LIMA — talks.",  # a separator, then no story
])
def test_not_datelines(text):
    assert dateline_end(text) == 0
