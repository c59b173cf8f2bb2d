"""A long document is coded in windows of paragraphs, so memory does not grow with its length
(issue 16, section 5: a 990,000-character document took 270 s and 2.8 GB parsed whole)."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from dyad.coder.pipeline import windows
from dyad.model import Document

PARAGRAPH = ("Russia's foreign minister met the Syrian president in Damascus. The two men discussed "
             "the reconstruction of the country. Turkey later condemned the meeting.\n\n")


def test_windows_cut_at_paragraphs_and_lose_nothing() -> None:
    text = PARAGRAPH * 500 + "x" * 50_000  # and one 'sentence' longer than a window
    pieces = windows(text, 20_000)
    assert "".join(p for _, p in pieces) == text
    assert all(text[start:start + len(p)] == p for start, p in pieces)
    assert all(len(p) <= 20_000 for _, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces if not p.startswith("x") and "x" not in p[-5:])
    assert windows("short", 20_000) == [(0, "short")]


@pytest.mark.slow
def test_memory_does_not_grow_with_document_length() -> None:
    from dyad.dictionaries.load import make_coder

    coder = make_coder()
    coder.code(Document(id="warm", text=PARAGRAPH * 3))  # the model is loaded before measuring

    def peak(chars: int) -> tuple[int, list]:
        doc = Document(id=f"d{chars}", text=PARAGRAPH * (chars // len(PARAGRAPH)))
        gc.collect()
        tracemalloc.start()
        try:
            events = coder.code(doc)
            return tracemalloc.get_traced_memory()[1], events
        finally:
            tracemalloc.stop()

    small, few = peak(30_000)
    large, many = peak(120_000)  # four times as long
    n = 120_000 // len(PARAGRAPH)  # paragraphs, three sentences each
    # every paragraph is coded (the windows lose no sentence), numbered on across windows
    assert len(many) >= 3 * len(few) > 0
    assert len({(e.sentence_index, e.code, e.source, e.target) for e in many}) == len(many)
    assert max(e.sentence_index for e in many) > 2 * n  # a window alone holds about 360 sentences
    # parsed whole, four times the text took about four times the memory; in windows, about the same
    assert large < 1.5 * small, f"peak {large / 1e6:.1f} MB for 120,000 characters, {small / 1e6:.1f} MB for 30,000"
