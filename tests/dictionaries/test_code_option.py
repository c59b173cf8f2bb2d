"""`dyad code --dictionaries DIR`: coding with foreign dictionaries alone, or over dyad's own."""

import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app


@pytest.fixture()
def article(tmp_path):
    f = tmp_path / "arnor.txt"
    f.write_text("Arnor restored diplomatic ties with Gondor on Monday.\n")
    return f


def _events(result):
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_codes_with_the_suite_dictionaries_alone(external, article, nlp):
    d = external / "ud-petrarch-validation"
    r = CliRunner().invoke(app, ["code", str(article), "--date", "1995-01-03", "--dictionaries", str(d), "--lenient"])
    assert r.exit_code == 0, r.output
    assert [(e["source"], e["target"], e["code"]) for e in _events(r)] == [("ARN", "GON", "050")]
    assert "warning:" in r.stderr and "line skipped" in r.stderr  # the suite's own malformed lines


def test_strict_load_names_file_and_line(external, article):
    d = external / "ud-petrarch-validation"
    r = CliRunner().invoke(app, ["code", str(article), "--dictionaries", str(d)])
    assert r.exit_code == 2
    assert "PETR_Validate_verbs_2_02.txt:" in r.stderr and "--lenient" in r.stderr


def test_missing_directory(article, tmp_path):
    r = CliRunner().invoke(app, ["code", str(article), "--dictionaries", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "not a directory" in r.stderr
