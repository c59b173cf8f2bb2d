"""The ``slow`` rule of tests/conftest.py: each heavy kind is found from what a test uses, and
the quick loop (``-m "not slow"``) fails a test that loads the spaCy pipeline or starts a process
without being marked, so nothing heavy slips into it unnoticed.

The rule runs on a module written here, in a pytester directory holding a copy of the conftest."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies  # noqa: F401  (imported once here: each inner run would import it anew)
import pytest

CONFTEST = Path(__file__).with_name("conftest.py")

MODULE = '''
import importlib
import subprocess
import sys

import pytest
from hypothesis import given, strategies as st


def build():
    from dyad.coder import default_coder

    return default_coder()


def test_plain():
    assert sorted([2, 1]) == [1, 2]


def test_coder_fixture(coder):
    assert coder


def test_helper_that_builds_the_coder():
    assert build


def test_cli_in_a_subprocess(tmp_path):
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_worker_processes():
    def ingest(**options):
        return options

    assert ingest(workers=2)


def test_two_workers_on_the_command_line():
    assert ["code", "--workers", "2"]


def test_a_refused_option_names_it():
    out = "error: --workers: must be at least 1"
    assert ["code", "--workers", "0"] and "--workers" in out


@given(st.integers())
def test_generated(n):
    assert n == n


@pytest.mark.large
def test_declared_large():
    assert True


def test_pipeline_hidden_from_the_rule():
    importlib.import_module("spacy").load("en_core_web_sm")


def test_process_hidden_from_the_rule(tmp_path):
    run = getattr(importlib.import_module("sub" + "process"), "run")
    run([sys.executable, "-c", f"open({str(tmp_path / 'started')!r}, 'w')"])
'''

QUICK = {"test_plain", "test_a_refused_option_names_it", "test_pipeline_hidden_from_the_rule",
         "test_process_hidden_from_the_rule"}  # fmt: skip


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # the inner runs need no installed plugin; loading them would import and rewrite them again per run
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_module=MODULE)
    return pytester


def selected(pytester: pytest.Pytester, expr: str) -> set[str]:
    out = pytester.runpytest("--collect-only", "-q", "-m", expr).stdout.lines
    return {line.split("::")[1].split("[")[0] for line in out if "::" in line}


def test_each_kind_is_found_from_what_the_test_uses(suite: pytest.Pytester) -> None:
    assert selected(suite, "spacy") == {"test_coder_fixture", "test_helper_that_builds_the_coder"}
    assert selected(suite, "processes") == {"test_cli_in_a_subprocess", "test_worker_processes",
                                            "test_two_workers_on_the_command_line"}  # fmt: skip
    assert selected(suite, "properties") == {"test_generated"}
    assert selected(suite, "large") == {"test_declared_large"}
    assert selected(suite, "not slow") == QUICK
    assert len(selected(suite, "slow")) + len(QUICK) == 11  # every test is in one selection or the other


def test_the_quick_loop_fails_a_heavy_test_the_rule_did_not_see(suite: pytest.Pytester) -> None:
    result = suite.runpytest("-m", "not slow", "-q")
    result.assert_outcomes(passed=2, failed=2, deselected=7)
    out = result.stdout.str()
    assert "test_pipeline_hidden_from_the_rule loads the spaCy pipeline in the quick loop but is not marked slow" in out
    assert "test_process_hidden_from_the_rule starts a process in the quick loop but is not marked slow" in out
    assert not list(suite.path.rglob("started")), "the refused process ran"

