"""The validation runner's scoring, on tiny hand-made records and a stand-in coder."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from dyad.evaluation.records import GoldCoding, Record, read_records
from dyad.evaluation.validate import as_json, dictionary_files, failures_text, run, score, table

RECORDS = """<Validation>
<Environment><Verbfile>t.verbs.txt</Verbfile><Actorfile>t.actors.txt</Actorfile>
<Agentfile>t.agents.txt</Agentfile><Discardfile>t.discards.txt</Discardfile></Environment>
<Include>A B valid</Include>
<Sentences>
<Sentence id="A-1" category="A" date="19950101">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="042" />
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="043" />
<Text>Arnor visited Gondor.</Text></Sentence>
<Sentence id="A-2" category="A" date="19950101">
<EventCoding noevents="True" />
<Text>Nothing happened in Gondor.</Text></Sentence>
<Sentence id="B-1" category="B" date="19950101">
<EventCoding sourcecode="---GOV" targetcode="GON" eventcode="112" />
<Text>Officials accused Gondor.</Text></Sentence>
<Config option="require_dyad" value="false" />
<Sentence id="B-2" category="B" date="19950101">
<EventCoding sourcecode="GON" targetcode="---" eventcode="190" />
<Text>Gondor fought.</Text></Sentence>
<Sentence id="B-3" category="B" date="19950101">
<EventCoding error="storydiscard" />
<Text>The World Cup final: Gondor beat Arnor.</Text></Sentence>
<Sentence id="B-4" category="B" date="19950101" evaluate="false">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="042" />
<Text>Not evaluated.</Text></Sentence>
<Sentence id="C-1" category="C" date="19950101">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="042" />
<Text>Not included.</Text></Sentence>
</Sentences></Validation>
"""


@dataclass
class _Ev:
    source: str | None
    target: str | None
    code: str
    status: str = "asserted"
    pattern: str = "p"


class FakeCoder:
    """Stands in for dyad's Coder: a fixed answer per text, so only the runner is tested."""

    def __init__(self, answers):
        self.answers = answers
        self.seen = []

    def code_many(self, docs):
        for d in docs:
            self.seen.append(d)
            yield d, self.answers.get(d.text, [])


@pytest.fixture()
def suite(tmp_path: Path) -> Path:
    (tmp_path / "t.verbs.txt").write_text("--- VISIT [042:043] ---\nVISIT\n")
    (tmp_path / "t.actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n")
    (tmp_path / "t.agents.txt").write_text("OFFICIAL [~GOV]\n")
    (tmp_path / "t.discards.txt").write_text("+WORLD CUP\n")
    f = tmp_path / "records.xml"
    f.write_text(RECORDS)
    return f


def rec(*codings, **kw) -> Record:
    return Record(id="x", category="X", date="19950101", text="t", codings=[GoldCoding(*c) for c in codings], **kw)


def test_score_is_a_multiset_comparison():
    r = score(rec(("ARN", "GON", "042"), ("ARN", "GON", "042"), ("GON", "ARN", "043")),
              [("ARN", "GON", "042"), ("ARN", "GON", "190")])
    assert (r.correct, r.uncoded, r.extra, r.exact) == (1, 2, 1, False)
    r = score(rec(noevents=True), [])
    assert (r.correct, r.uncoded, r.extra, r.exact) == (0, 0, 0, True)
    assert score(rec(error="dateline"), [("ARN", "GON", "042")]).extra == 1
    assert score(rec(("", "GON", "042")), [("---", "GON", "042")]).exact  # "" and "---" are the same


def test_environment_names_the_dictionaries(suite):
    rf = read_records(suite)
    files = dictionary_files(rf)
    assert [p.name for p in files["verbs"]] == ["t.verbs.txt"]
    (suite.parent / "other.agents.txt").write_text("SOLDIER [~MIL]\n")
    assert [p.name for p in dictionary_files(rf)["agents"]] == ["t.agents.txt"]  # only the named ones
    (suite.parent / "t.verbs.txt").unlink()  # a named file is missing: recognise the directory
    files = dictionary_files(rf)
    assert [p.name for p in files["agents"]] == ["other.agents.txt", "t.agents.txt"] and not files["verbs"]


def test_runner_scores_per_category(suite):
    fake = FakeCoder({
        "Arnor visited Gondor.": [_Ev("ARN", "GON", "042"), _Ev("GON", "ARN", "043"),
                                  _Ev("ARN", "GON", "190", status="negated")],
        "Nothing happened in Gondor.": [_Ev("GON", None, "010")],  # require_dyad: not counted
        "Officials accused Gondor.": [_Ev("GOV", "GON", "112")],  # a bare agent is ---GOV
        "Gondor fought.": [_Ev("GON", None, "190"), _Ev("GON", "ARN", "190")],
    })
    v = run(suite, coder=fake)
    assert [r.record.id for r in v.results] == ["A-1", "A-2", "B-1", "B-2", "B-3"]  # C: not included
    cats = v.by_category()
    assert (cats["A"].records, cats["A"].correct, cats["A"].extra, cats["A"].exact) == (2, 2, 0, 2)
    b = cats["B"]
    assert (b.records, b.correct, b.uncoded, b.extra, b.exact) == (3, 2, 0, 1, 2)
    t = v.total()
    assert t.tp == 100.0 and t.fp == pytest.approx(100 * 1 / 5)
    out = table(v)
    assert out.splitlines()[0].split() == ["Category", "Records", "Exact", "Correct", "Uncoded", "Extra", "TP", "FN", "FP"]
    assert "Total" in out and "20.00%" in out
    assert "B-2" in failures_text(v) and "GON ARN 190" in failures_text(v)
    assert as_json(v, failures=True)["total"]["extra"] == 1


def test_own_dictionaries_baseline(suite):
    fake = FakeCoder({"Arnor visited Gondor.": [_Ev("ARN", "GON", "042")]})
    v = run(suite, coder=fake, own=True)
    assert all(not ps for ps in v.dictionaries.values())  # no foreign file is read
    assert v.conversion == ["dyad's own dictionaries"] and v.command == "dyad code"


def test_coder_factory_fails_early_and_pickles(suite):
    import pickle

    from dyad.dictionaries.load import coder_factory
    from dyad.errors import InputError

    factory = coder_factory(suite.parent)
    assert pickle.loads(pickle.dumps(factory)).args == factory.args
    (suite.parent / "t.actors.txt").write_text("ARNOR [ARN\n")
    with pytest.raises(InputError, match=r"t\.actors\.txt:1"):
        coder_factory(suite.parent)


def test_records_are_coded_as_dyad_code_codes_them(suite, monkeypatch):
    """The coder is ``make_coder`` with the conventions the records were written for (no ontology
    named: PETRARCH-1's; one named and there: UD-PETRARCH's, with it), and the run names the
    ``dyad code`` command that codes the same way."""
    import dyad.dictionaries.load as load

    seen = []
    monkeypatch.setattr(load, "make_coder", lambda files, **kw: seen.append(kw) or FakeCoder({}))
    v = run(suite)
    assert seen[0]["conventions"] == "petrarch1" and seen[0]["ontology"] is None
    assert v.command == f"dyad code --dictionaries {suite.parent} --conventions petrarch1 --lenient"
    (suite.parent / "onto.txt").write_text("110:0x1007f#0xFFFF+0x0080\n")
    suite.write_text(suite.read_text().replace("</Environment>", "<PICOfile>onto.txt</PICOfile></Environment>"))
    v = run(suite)
    assert seen[1]["conventions"] == "ud-petrarch" and seen[1]["ontology"] == suite.parent / "onto.txt"
    assert v.command.endswith(f"--conventions ud-petrarch --ontology {suite.parent / 'onto.txt'} --lenient")
