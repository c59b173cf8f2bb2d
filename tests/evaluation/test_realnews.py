"""Scoring real news with gold events: exact numbers on hand-made cases, the reader's errors, and
`dyad evaluate --set` on a gold file written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.errors import InputError
from dyad.evaluation.realnews import GoldEvent, Sentence, matches, read_sentences, resolve_set, score
from dyad.model import Event


def ev(source: str, target: str | None, code: str, status: str = "asserted") -> Event:
    return Event(doc_id="s", sentence_index=0, sentence="s", date=None, source=source, source_text="",
                 target=target, target_text=None, code=code, root_code=code[:2], quad_class=1, goldstein=0.0,
                 plover=None, status=status)


def gold(src, tgt, code, roots=None, status="asserted", req=True) -> GoldEvent:
    return GoldEvent(tuple(src), tuple(tgt), code, tuple(roots or [code[:2]]), status, req)


def test_prefixes_any_and_none() -> None:
    g = gold(["SRB"], ["KSV", "XKX"], "154", ["15"])
    assert matches(ev("SRBMIL", "KSVGOV", "154"), g)
    assert not matches(ev("SRBMIL", "ALB", "154"), g)
    assert not matches(ev("SRBMIL", None, "154"), g)
    assert matches(ev("USA", "XYZ", "010"), gold(["*"], ["*"], "010"))
    assert not matches(ev("USA", None, "010"), gold(["*"], ["*"], "010"))
    assert matches(ev("ISR", None, "120"), gold(["ISR"], [], "127", ["12"]))  # [] = no such party
    assert not matches(ev("ISR", "LBN", "120"), gold(["ISR"], [], "127", ["12"]))
    assert matches(ev("ISR", "LBN", "120"), gold(["ISR"], ["LBN"], "127", ["12"]))
    assert not matches(ev("ISR", "LBN", "120"), gold(["ISR"], ["LBN"], "127", ["12"]), full=True)


def test_score_exact_numbers() -> None:
    sents = [
        Sentence("a", "A met B and attacked C.", None, (
            gold(["AAA"], ["BBB"], "040"), gold(["AAA"], ["CCC"], "190"), gold(["AAA"], ["DDD"], "111", req=False))),
        Sentence("b", "Nothing happened.", None, ()),
        Sentence("c", "E will visit F.", None, (gold(["EEE"], ["FFF"], "042", status="planned", req=False),)),
    ]
    coded = {
        "a": [ev("AAAGOV", "BBB", "043"), ev("AAA", "DDD", "112"), ev("AAA", "ZZZ", "190"),
              ev("AAA", "CCC", "190", status="negated")],
        "b": [ev("XXX", "YYY", "010")],
        "c": [ev("EEE", "FFF", "042", status="planned")],
    }
    s = score("t", sents, coded)
    # required 2 (a's 040 and 190); found: 040 (root 04) only; coded asserted: 3 + 1 = 4
    assert (s.key.required, s.key.required_matched, s.key.coded, s.key.coded_matched) == (2, 1, 4, 2)
    assert s.key.precision == 0.5 and s.key.recall == 0.5
    assert (s.full.required_matched, s.full.coded_matched) == (0, 0)  # 043 is not 040, 112 not 111
    # status: 040 found asserted (right), 190 found only as negated (wrong), 111 found, 042 planned (right)
    assert (s.status_found, s.status_correct) == (4, 3)
    assert [m.sentence for m in s.misses] == ["a"] and s.misses[0].what == "AAA CCC 190"
    assert sorted(m.what for m in s.extras) == ["AAA ZZZ 190", "XXX YYY 010"]


def test_required_events_are_matched_first() -> None:
    # one coded event fits both; it must count for the required one
    sents = [Sentence("a", "t", None, (gold(["AAA"], ["*"], "190", req=False), gold(["AAA"], ["BBB"], "190")))]
    s = score("t", sents, {"a": [ev("AAA", "BBB", "190")]})
    assert s.key.required_matched == 1 and s.key.coded_matched == 1


def test_reader_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text('{"id": "1", "text": "x", "date": "2025-01-01", "events": []}\n{"id": "2", "text": "y"}\n')
    with pytest.raises(InputError, match=r"g\.jsonl:2: not a gold sentence"):
        read_sentences(p)
    with pytest.raises(InputError, match="neither"):
        resolve_set(str(tmp_path / "missing.jsonl"), None)
    with pytest.raises(InputError, match="shared"):
        resolve_set("realnews-dev", None)


@pytest.mark.slow
def test_evaluate_cli_on_a_gold_file(tmp_path: Path) -> None:
    lines = [
        {"id": "w1", "date": "2025-03-04", "text": "Ruritania expelled two Freedonian diplomats on Monday.",
         "events": []},
        {"id": "w2", "date": "2025-03-04", "text": "Egypt condemned Israel's strike on the hospital.",
         "events": [{"src": ["EGY"], "tgt": ["ISR"], "code": "111", "root": ["11"], "status": "asserted",
                     "req": True}]},
    ]
    p = tmp_path / "gold.jsonl"
    p.write_text("".join(json.dumps(x) + "\n" for x in lines))
    res = CliRunner().invoke(app, ["evaluate", "--set", str(p), "--format", "json", "--misses"])
    assert res.exit_code == 0, res.output
    (out,) = json.loads(res.stdout)
    assert out["sentences"] == 2 and out["key"]["required"] == 1
    assert out["key"]["required_matched"] == 1  # Egypt -> Israel 111 is plain copy the coder must get
