"""Messages that used to mislead (issue 16, section 7): UTF-16 called binary, an HTML page told
to be split before its article was extracted, a JSON error without its position, --lenient
warnings printed twice. The read-only file system and the lock time-out are in test_faults.py."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.run.inputs import MAX_DOCUMENT_CHARS, Skipped, read_documents

runner = CliRunner()
SENTENCE = "Peru criticized Chile on Monday."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_and_jsonl_are_read(tmp_path, codec):
    txt = tmp_path / "a.txt"
    txt.write_bytes(SENTENCE.encode(codec))
    feed = tmp_path / "b.jsonl"
    lines = [json.dumps({"id": f"b{k}", "text": f"{SENTENCE} ({k})"}) for k in range(3)]
    feed.write_bytes(("\n".join(lines) + "\n").encode(codec))
    got = list(read_documents([str(txt), str(feed)]))
    assert not [g for g in got if isinstance(g, Skipped)], got
    assert [d.text for d in got] == [SENTENCE] + [f"{SENTENCE} ({k})" for k in range(3)]


def test_binary_is_still_binary(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(bytes(range(256)) * 4)
    (got,) = read_documents([str(f)])
    assert isinstance(got, Skipped) and "binary" in got.reason


def test_a_large_html_page_is_measured_by_its_article(tmp_path):
    """5 MB of page around a short article: the article is extracted, then measured."""
    page = tmp_path / "page.html"
    body = "".join(f"<p>{SENTENCE} Officials in Lima said so in statement number {k}.</p>" for k in range(5))
    page.write_text("<html><head><title>Peru and Chile</title><script>" + "var x = 1;" * 500_000
                    + f"</script></head><body><article>{body}</article></body></html>")  # fmt: skip
    assert page.stat().st_size > 4 * MAX_DOCUMENT_CHARS
    (got,) = read_documents([str(page)])
    assert not isinstance(got, Skipped), got
    assert SENTENCE in got.text and len(got.text) < 2000


@pytest.mark.large  # an article of over 1,000,000 characters
def test_a_long_article_in_a_page_is_still_refused_by_its_text(tmp_path):
    page = tmp_path / "long.html"
    paras = "".join(f"<p>Paragraph {k}: " + " ".join(f"Peru criticized Chile {k}-{j}." for j in range(40)) + "</p>"
                    for k in range(MAX_DOCUMENT_CHARS // 1000 + 100))  # fmt: skip
    page.write_text(f"<html><body><article>{paras}</article></body></html>")
    (got,) = read_documents([str(page)])
    assert isinstance(got, Skipped) and "characters" in got.reason


def test_json_errors_say_where(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "ok", "text": SENTENCE}) + '\n{"id": "a", "text": "x" "y"}\n')
    got = list(read_documents([str(feed)]))
    bad = [g for g in got if isinstance(g, Skipped)]
    assert len(bad) == 1 and bad[0].where.endswith("feed.jsonl:2")
    assert bad[0].reason.startswith("not valid JSON (Expecting ',' delimiter at column 25)"), bad[0].reason


def test_coded_json_errors_name_the_files_own_line_and_column(tmp_path):
    good = {"doc_id": "d", "sentence_index": 0, "sentence": "x", "date": "2025-01-02", "source": "PER",
            "target": "CHL", "code": "111", "root_code": "11", "quad_class": 3, "goldstein": -2.0}  # fmt: skip
    f = tmp_path / "ev.jsonl"
    f.write_text("".join(json.dumps({**good, "doc_id": f"d{k}"}) + "\n" for k in range(5)) + '{"doc_id": "x",, }\n')
    res = runner.invoke(app, ["ingest", "--coded", str(f), "--db", str(tmp_path / "s.duckdb")])
    assert res.exit_code == 2
    err = res.stderr.strip()
    assert err.endswith("line 6, column 16: Expecting property name enclosed in double quotes"), err


def test_lenient_warnings_print_once(external, monkeypatch):
    """A skipped dictionary line is reported once through on_warning; building the coder (here or
    in a worker) does not issue it again as a raw Python warning."""
    from dyad.coder import pipeline
    from dyad.run.options import CoderOptions

    told: list[str] = []
    factory = CoderOptions(dictionaries=str(external / "ud-petrarch-validation"), lenient=True).factory(told.append)
    assert told and all("line skipped" in m for m in told)
    monkeypatch.setattr(pipeline, "Coder", lambda *a, **k: "coder")  # the dictionaries read again, no spaCy
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        assert factory() == "coder"
    assert [str(w.message) for w in again] == []


def test_lenient_repeats_are_silenced_where_the_coder_is_built(monkeypatch):
    """The mechanism itself, without reference data: a factory that warns again is silenced."""
    from dyad.dictionaries.source import DictionaryWarning
    from dyad.run.options import _without_repeats

    def noisy():
        warnings.warn("x.txt:3: bad line; line skipped", DictionaryWarning, stacklevel=1)
        warnings.warn("something else", UserWarning, stacklevel=1)
        return "coder"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _without_repeats(noisy) == "coder"
    assert [str(w.message) for w in caught] == ["something else"]  # only dictionary repeats go
