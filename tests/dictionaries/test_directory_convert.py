from datetime import date
from pathlib import Path

import pytest

from dyad.coder.frames import default_frames
from dyad.dictionaries.convert import ConversionReport, to_actor_base, to_pattern_set
from dyad.dictionaries.directory import find_dictionaries, read_directory, recognise
from dyad.dictionaries.load import load
from dyad.errors import InputError

VERBS = """\
&TIETYPES
+MILITARY
+ECONOMIC

&SANCTION
+EMBARGO
+TOTAL BOYCOTT

--- RESTORE [050] ---
RESTORE
- * {&TIETYPES TIES} [051]
- * (WITH $) [052:053]
- + * (TO BORDER) [154]
- % * TALKS [030]
- NOT * [112]
- * (FOR &SANCTION) [172]

--- BURN [---] ---
BURN
+BURN_DOWN {+BURNT_DOWN}
- * FLAGS [181]
- * CROPS [---]
"""

ACTORS = """\
GONDOR [GON]
+MINAS_TIRITH
SAM_GAMGEE [HOB]
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
"""

AGENTS = "SOLDIER [~MIL]\nPOLICE {} [~COP]\n"


@pytest.fixture()
def dict_dir(tmp_path: Path) -> Path:
    (tmp_path / "test.verbs.txt").write_text(VERBS)
    (tmp_path / "test.actors.txt").write_text(ACTORS)
    (tmp_path / "mine.agents").write_text(AGENTS)
    (tmp_path / "discards.txt").write_text("+WORLD CUP\n")
    (tmp_path / "notes.md").write_text("# not a dictionary\n")
    return tmp_path


def test_find_by_name(dict_dir):
    found = find_dictionaries(dict_dir)
    assert {k: [p.name for p in v] for k, v in found.items()} == {
        "verbs": ["test.verbs.txt"], "actors": ["test.actors.txt"], "agents": ["mine.agents"],
        "discards": ["discards.txt"]}


def test_recognise_by_content(tmp_path):
    for name, text, kind in [("a.txt", VERBS, "verbs"), ("b.txt", ACTORS, "actors"),
                             ("c.txt", "!PERSON! = MAN, MEN\n" + AGENTS, "agents"),
                             ("d.txt", "MONTHS LATER\nYEARS LATER\n", None),
                             ("e.txt", "<ISSUE>\nn:school [EARLY_CHILDHOOD_EDUCATION]\n" * 5, None)]:
        (tmp_path / name).write_text(text)
        assert recognise(tmp_path / name) == kind, name


def test_directory_without_dictionaries(tmp_path):
    (tmp_path / "readme.txt").write_text("hello\n")
    with pytest.raises(InputError, match="no TABARI/PETRARCH dictionaries found"):
        find_dictionaries(tmp_path)
    with pytest.raises(InputError, match="not a directory"):
        find_dictionaries(tmp_path / "nope")


def test_patterns_convert_into_dyads_model(dict_dir):
    ds = read_directory(dict_dir)
    report = ConversionReport()
    ps = to_pattern_set(ds.verbs, report)
    byid = {p.id.split(":")[1]: p for p in ps.verb_patterns("restored")}
    assert byid["10"].code == "050" and byid["10"].object is None  # the block's default (verb line)
    # a word set modifying the object expands into one pattern per member
    ties = [byid["11.1"], byid["11.2"]]
    assert all(t.code == "051" and "ties" in t.object for t in ties)
    assert sorted(t.words for t in ties) == [("economic",), ("military",)]
    assert byid["12"].prep == {"with"} and byid["12"].source == "prep" and byid["12"].reverse_code == "053"
    assert byid["13"].target == "subject" and byid["13"].prep_object >= {"border"}
    assert byid["14"].symmetric and byid["14"].words == ("talks",)
    assert byid["15"].words == () and byid["15"].before == ((("not",),),)  # left of "*": before the verb
    assert byid["15"].states(default_frames().pattern_negators)  # the pattern states the negation itself
    # a multi-word set member keeps its modifier: "total boycott", not every boycott
    sanction = sorted((tuple(sorted(p.prep_object)), p.words) for k, p in byid.items() if k.startswith("16"))
    assert sanction == [(("boycott", "boycotts"), ("total",)), (("embargo", "embargoes", "embargos"), ())]
    # irregular forms, multi-word verbs (particle), and null codes
    assert ps.verb_patterns("burnt") and all(p.particle == {"down"} for p in ps.verb_patterns("burnt"))
    # [---] is a null pattern: it matches and codes nothing ("" in dyad's model), so "burned
    # crops" is not coded by a less specific pattern; the block's [---] default likewise
    burns = {p.id.split(":")[1]: p.code for p in ps.verb_patterns("burns")}
    assert burns["21"] == "181" and burns["22"] == "" and burns["19"] == ""
    assert report.null == 3  # CROPS, BURN's default, BURN_DOWN's default
    assert not any("null" in why for why in report.dropped)


def test_actors_convert_with_dates_and_agents(dict_dir):
    ds = read_directory(dict_dir)
    base = to_actor_base(ds.actors, ds.agents)
    assert base.lookup("Minas Tirith").code == "GON"
    assert base.lookup("Gondor soldiers").code == "GONMIL"
    assert base.lookup("Sam Gamgee", date(1995, 1, 4)).code == "HOBCIV"
    assert base.lookup("Sam Gamgee", date(2010, 1, 10)).code == "ORCHOB"  # the later start wins
    assert base.lookup("Sam Gamgee", date(2014, 1, 1)).code == "HOB"  # the undated default
    assert base.lookup("Arnor") is None


def test_load_caches_and_rewarns(dict_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    (dict_dir / "test.actors.txt").write_text(ACTORS + "BAD [X\n")
    with pytest.raises(InputError, match=r"test\.actors\.txt:7: unbalanced"):
        load(dict_dir)
    with pytest.warns(UserWarning, match="test.actors.txt:7"):
        first = load(dict_dir, lenient=True)
    assert list((tmp_path / "cache" / "dictionaries").glob("*.pickle"))
    with pytest.warns(UserWarning, match="test.actors.txt:7"):  # the same warning from the cache
        second = load(dict_dir, lenient=True)
    assert second.actors.lookup("Gondor").code == first.actors.lookup("Gondor").code == "GON"
    (dict_dir / "test.actors.txt").write_text(ACTORS.replace("[GON]", "[GDR]"))
    assert load(dict_dir, lenient=True).actors.lookup("Gondor").code == "GDR"  # the key follows the bytes
