"""The codebook API and the checks that guard its data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.codebook import EventType, load_codebook, load_codebook_from, parse_events, parse_sectors
from dyad.errors import DataError, InputError

HEADER = "code\troot\tquad\tgoldstein\tplover\tplover_mode\tname\n"
ROOT_04 = "04\t04\t1\t1.0\tCONSULT\t\tConsult\n"


def test_load_is_cached_and_complete() -> None:
    cb = load_codebook()
    assert cb is load_codebook()
    roots = [e.code for e in cb if e.is_root]
    assert roots == [f"{n:02d}" for n in range(1, 21)]
    assert 300 <= len(cb) <= 320


def test_event_fields() -> None:
    et = load_codebook().event("042")
    assert isinstance(et, EventType)
    assert (et.code, et.root_code, et.quad_class, et.plover, et.plover_mode) == ("042", "04", 1, "CONSULT", "visit")
    assert et.quad_name == "Verbal cooperation" and et.name


def test_quad_class_follows_gdelt_roots() -> None:
    expected = {1: range(1, 6), 2: range(6, 10), 3: range(10, 15), 4: range(15, 21)}
    for et in load_codebook():
        root = int(et.root_code)
        assert root in expected[et.quad_class], et


def test_every_code_sits_under_its_parent() -> None:
    cb = load_codebook()
    for et in cb:
        parent = cb.parent(et.code)
        if et.is_root:
            assert parent is None
        else:
            assert parent is not None and et.code.startswith(parent.code) and len(parent.code) < len(et.code)
            assert parent.root_code == et.root_code
    assert cb.parent("1056").code == "105" and cb.parent("105").code == "10"


def test_events_by_root_sorted_and_complete() -> None:
    cb = load_codebook()
    fights = cb.events(root="19")
    assert [e.code for e in fights] == sorted(e.code for e in cb if e.code.startswith("19"))
    assert fights[0].code == "19" and all(e.root_code == "19" for e in fights)
    everything = cb.events()
    assert [e.code for e in everything] == sorted(e.code for e in everything)
    assert sum(len(cb.events(root=f"{n:02d}")) for n in range(1, 21)) == len(everything)


def test_names_are_unique_and_short() -> None:
    names = [e.name for e in load_codebook()]
    assert len(names) == len(set(names))
    assert max(map(len, names)) <= 70


def test_unknown_code_is_input_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"unknown CAMEO event code '999'"):
        load_codebook().event("999")
    assert "999" not in load_codebook() and "042" in load_codebook()


@pytest.mark.parametrize(("given", "hint"), [("42", "'042'"), (42, "'042'"), ("211", "'0211'"), (4, "'04'")])
def test_code_without_leading_zero_suggests_it(given: object, hint: str) -> None:
    with pytest.raises(InputError, match=f"leading zero.*did you mean {hint}"):
        load_codebook().event(given)  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["4a", "", "04201", None, 4.2, "٠٤٢"])
def test_malformed_code_is_input_error(given: object) -> None:
    with pytest.raises(InputError):
        load_codebook().event(given)  # type: ignore[arg-type]


def test_root_filter_must_be_a_root() -> None:
    with pytest.raises(InputError, match="not a CAMEO root"):
        load_codebook().events(root="042")
    with pytest.raises(InputError, match="unknown CAMEO event code '21'"):
        load_codebook().events(root="21")


def test_sectors() -> None:
    cb = load_codebook()
    required = "GOV MIL LEG JUD COP OPP REB INS CVL BUS MED EDU REL HLH ELI SPY IGO NGO MNC IMG UAF REF LAB AGR CRM DEV ENV HRI MOD RAD PTY SEP UIS MUS CHR JEW"
    assert [c for c in required.split() if not cb.is_sector(c)] == []
    assert cb.sectors["MIL"] == "Military" and cb.sector_kinds["MUS"] == "religion"
    assert not cb.is_sector("XYZ") and not cb.is_sector("mil")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("04\t04\t2\t1.0\t\t\tConsult\n", r"events.tsv:2: field 'quad'"),
        (ROOT_04 + ROOT_04, r"events.tsv:3: field 'code': duplicate"),
        ("04\t04\t1\tlots\t\t\tConsult\n", r"events.tsv:2: field 'goldstein'"),
        ("04\t04\t1\t11\t\t\tConsult\n", r"outside -10..10"),
        ("042\t05\t1\t1.0\t\t\tVisit\n", r"field 'root'"),
        ("042\t04\t1\t1.0\t\t\tVisit\n", r"code 042 has no root entry 04"),
        ("04\t04\t1\t1.0\tConsult\n", r"expected 7 tab-separated fields"),
        ("21\t21\t4\t1.0\t\t\tBeyond\n", r"field 'code'.*outside 01-20"),
        ("04\t04\t1\t1.0\t\t\t\n", r"field 'name' is empty"),
    ],
)
def test_bad_event_rows_name_line_and_field(body: str, problem: str) -> None:
    with pytest.raises(DataError, match=problem):
        parse_events(HEADER + body)


def test_bad_header_and_sector_rows() -> None:
    with pytest.raises(DataError, match="header must be"):
        parse_events("code\tname\n04\tConsult\n")
    with pytest.raises(DataError, match="sectors.tsv:3: field 'code': duplicate"):
        parse_sectors("code\tkind\tname\nGOV\tpolitical\tGovernment\nGOV\tpolitical\tAgain\n")
    with pytest.raises(DataError, match="field 'kind'"):
        parse_sectors("code\tkind\tname\nGOV\tstate\tGovernment\n")
    with pytest.raises(DataError, match="three capital letters"):
        parse_sectors("code\tkind\tname\nGo\tpolitical\tGovernment\n")


def test_load_from_other_files(tmp_path: Path) -> None:
    events, sectors = tmp_path / "e.tsv", tmp_path / "s.tsv"
    events.write_text("# a comment\n" + HEADER + ROOT_04 + "042\t04\t1\t1.9\tCONSULT\tvisit\tVisit\n")
    sectors.write_text("code\tkind\tname\nGOV\tpolitical\tGovernment\n")
    cb = load_codebook_from(events, sectors)
    assert [e.code for e in cb] == ["04", "042"] and cb.parent("042").code == "04"
    events.write_text(HEADER + "042\t04\t1\t1.9\t\t\tVisit\n")
    with pytest.raises(DataError, match=str(events)):
        load_codebook_from(events, sectors)
