"""`dyad validate` through typer's CliRunner."""

import json
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()

RECORDS = """<Sentences>
<Sentence id="A-1" category="A" date="19950101">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="042" />
<Text>Arnor visited Gondor on Monday.</Text></Sentence>
<Sentence id="A-2" category="A" date="19950101">
<EventCoding noevents="True" />
<Text>The weather in Gondor was fine.</Text></Sentence>
</Sentences>
"""


def test_missing_records_file_is_one_line(tmp_path: Path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.xml")])
    assert result.exit_code == 2
    assert "nope.xml" in result.output and "Traceback" not in result.output


def test_bad_dictionary_line_with_strict(tmp_path: Path):
    (tmp_path / "r.xml").write_text(RECORDS)
    (tmp_path / "t.actors.txt").write_text("ARNOR [ARN\nGONDOR [GON]\n")
    (tmp_path / "t.verbs.txt").write_text("--- VISIT [042] ---\nVISIT\n")
    result = runner.invoke(app, ["validate", str(tmp_path / "r.xml"), "--strict"])
    assert result.exit_code == 2 and "t.actors.txt:1" in result.output


def test_table_and_json(tmp_path: Path, nlp):
    (tmp_path / "r.xml").write_text(RECORDS)
    (tmp_path / "t.actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n")
    (tmp_path / "t.verbs.txt").write_text("--- VISIT [042] ---\nVISIT\n")
    result = runner.invoke(app, ["validate", str(tmp_path / "r.xml"), "--format", "json", "--failures"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["records"] == 2 and data["total"]["correct"] == 1 and data["total"]["extra"] == 0
    assert data["categories"]["A"]["tp"] == 100.0 and data["failures"] == []
    result = runner.invoke(app, ["validate", str(tmp_path / "r.xml")])
    assert result.exit_code == 0 and "Total" in result.stdout and "100.00%" in result.stdout


def test_validate_codes_as_the_command_it_names(tmp_path: Path, nlp):
    """The command `dyad validate` prints codes the records' texts to the events it scored."""
    (tmp_path / "r.xml").write_text(RECORDS)
    (tmp_path / "t.actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n")
    (tmp_path / "t.verbs.txt").write_text("--- VISIT [042] ---\nVISIT\n")
    result = runner.invoke(app, ["validate", str(tmp_path / "r.xml"), "--format", "json", "--failures"])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("coded as: "))
    args = line.removeprefix("coded as: dyad ").split()
    assert args[:3] == ["code", "--dictionaries", str(tmp_path)] and "--conventions" in args
    texts = tmp_path / "texts.txt"
    texts.write_text("Arnor visited Gondor on Monday.\n")
    coded = runner.invoke(app, [*args[:1], str(texts), *args[1:], "--date", "1995-01-01"])
    assert coded.exit_code == 0, coded.output
    events = [json.loads(ln) for ln in coded.stdout.splitlines() if ln.startswith("{")]
    assert [(e["source"], e["target"], e["code"]) for e in events] == [("ARN", "GON", "042")]
    assert json.loads(result.stdout)["total"]["correct"] == 1
