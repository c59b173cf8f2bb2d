"""Users' actor files: overriding the defaults, and errors that name the file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyad.actors import ActorBase, ActorEntry, Role
from dyad.actors.base import packaged_files
from dyad.actors.loader import load_file
from dyad.errors import DataError, InputError


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_entry_adds_a_new_actor(tmp_path: Path) -> None:
    path = write(tmp_path, """
kind: person
entries:
  - id: jane-roe
    names: [Jane Roe, Roe]
    roles:
      - {code: FRAGOV, start: 2024-01-01, end: 2024-12-31, title: minister}
      - {code: FRAOPP, start: 2025-01-01}
""")
    kb = ActorBase.load(extra_files=[path], use_env=False)
    assert kb.lookup("Jane Roe", date(2024, 6, 1)).code == "FRAGOV"
    assert kb.lookup("roe", date(2025, 6, 1)).code == "FRAOPP"
    assert kb.lookup("Minister Jane Roe", date(2024, 6, 1)).code == "FRAGOV"
    assert ActorBase.default().lookup("Jane Roe") is None  # the default base is untouched


def test_user_entry_overrides_default_by_id_and_by_name(tmp_path: Path) -> None:
    path = write(tmp_path, """
entries:
  - id: sergei-lavrov
    kind: person
    names: [Sergei Lavrov]
    code: RUSELI
  - id: my-kremlin
    kind: compound
    names: [the Kremlin]
    code: RUSGOVELI
""")
    kb = ActorBase.load(extra_files=[path], use_env=False)
    assert kb.lookup("Sergei Lavrov").code == "RUSELI"
    assert kb.lookup("Lavrov") is None  # the replaced entry's other names went with it
    assert kb.lookup("the Kremlin").code == "RUSGOVELI"
    assert kb.lookup("Moscow").code == "RUS"  # untouched defaults stay


def test_later_user_file_wins(tmp_path: Path) -> None:
    a = write(tmp_path, "entries:\n  - {names: [Zork Party], kind: group, code: FRAOPP}\n", "a.yaml")
    b = write(tmp_path, "entries:\n  - {names: [Zork Party], kind: group, code: DEUOPP}\n", "b.yaml")
    assert ActorBase.load(extra_files=[a, b], use_env=False).lookup("Zork Party").code == "DEUOPP"


def test_env_var_adds_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "entries:\n  - {names: [Zork Party], kind: group, code: FRAOPP}\n")
    monkeypatch.setenv("DYAD_ACTORS", str(path))
    assert ActorBase.load().lookup("Zork Party").code == "FRAOPP"
    assert ActorBase.load(use_env=False).lookup("Zork Party") is None


def test_duplicate_name_in_one_file_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, """entries:
  - id: one
    names: [Zork Party]
    code: FRAOPP
  - id: two
    names: [zork party]
    code: DEUOPP
""")
    with pytest.raises(DataError) as err:
        ActorBase.load(extra_files=[path], use_env=False)
    msg = str(err.value)
    assert f"{path}:5" in msg and "'one'" in msg and f"{path}:2" in msg


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, "entries:\n  - {id: x, names: [A Zork], code: FRA}\n  - {id: x, names: [B Zork], code: DEU}\n")
    with pytest.raises(DataError, match=rf"{path}:3: duplicate actor id 'x'"):
        load_file(path)


def test_duplicate_key_in_one_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "entries:\n  - id: x\n    names: [A Zork]\n    code: FRA\n    code: DEU\n")
    with pytest.raises(DataError, match=rf"{path}:5: duplicate key 'code'"):
        load_file(path)


def test_contradictory_sector_noun(tmp_path: Path) -> None:
    path = write(tmp_path, "sectors:\n  MIL: [zorkers]\n  GOV: [zorkers]\n")
    with pytest.raises(DataError, match="zorkers.*MIL and GOV"):
        load_file(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("entries:\n  - {names: [A Zork], code: syr-gov}\n", "not a CAMEO code"),
        ("entries:\n  - {names: [A Zork]}\n", "exactly one of 'code' or 'roles'"),
        ("entries:\n  - {names: [A Zork], code: FRA, roles: [{code: FRA}]}\n", "exactly one of 'code' or 'roles'"),
        ("entries:\n  - {names: [A Zork], roles: [{code: FRA, start: 2024-05-01, end: 2024-01-01}]}\n", "ends"),
        ("entries:\n  - {names: [A Zork], roles: [{code: FRA, start: 'May 2024'}]}\n", "not a date"),
        ("entries:\n  - {names: [A Zork], code: FRA, colour: red}\n", "unknown entry field"),
        ("entries:\n  - {names: [A Zork], code: FRA, kind: planet}\n", "unknown kind"),
        ("entries:\n  - {names: [], code: FRA}\n", "non-empty list"),
        ("entries:\n  - {names: [123], code: FRA}\n", "not a string"),
        ("entries:\n  - {names: ['---'], code: FRA}\n", "no letters"),
        ("entries: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "is a mapping"),
        (
            "entries:\n  - {names: [A Zork], roles: [{code: FRAGOV, start: 2020-01-01}, {code: DEUGOV, start: 2021-01-01}]}\n",
            "contradict each other: FRAGOV and DEUGOV both hold from 2021-01-01",
        ),
    ],
)
def test_bad_files_give_data_errors_naming_the_file(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as err:
        ActorBase.load(extra_files=[path], use_env=False)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        ActorBase.load(extra_files=[tmp_path / "nope.yaml"], use_env=False)


def test_from_entries_builds_a_base_and_rejects_contradictions() -> None:
    entries = [
        ActorEntry("arn", ("Arnor", "Arnorian"), "country", (Role("ARN"),), "dict:1"),
        ActorEntry("elendil", ("Elendil",), "person", (Role("ARNGOV", None, date(2000, 1, 1)), Role("ARNELI", date(2000, 1, 2))), "dict:2"),
    ]
    kb = ActorBase.from_entries(entries)
    assert kb.lookup("Arnorian troops").code == "ARNMIL"
    assert kb.lookup("Elendil", date(1999, 1, 1)).code == "ARNGOV"
    assert kb.lookup("Elendil", date(2001, 1, 1)).code == "ARNELI"
    assert kb.lookup("Moscow") is None  # no defaults unless asked
    assert ActorBase.from_entries(entries, include_defaults=True).lookup("Moscow").code == "RUS"
    clash = entries + [ActorEntry("gondor", ("Arnor",), "country", (Role("GON"),), "dict:9")]
    with pytest.raises(DataError, match="dict:9.*'Arnor'.*'arn'"):
        ActorBase.from_entries(clash)


def test_packaged_files_have_the_documented_header() -> None:
    for path in packaged_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# dyad actor data:"), path.name


def test_from_entries_lenient_mode_resolves_contradictions() -> None:
    entries = [
        ActorEntry("a", ("Arnor",), "country", (Role("ARN"),), "dict:1"),
        ActorEntry("b", ("Arnor", "Gondor"), "country", (Role("GON"),), "dict:2"),
        ActorEntry("a", ("Arnor", "North Kingdom"), "country", (Role("ARN"),), "dict:3"),
        ActorEntry("c", ("--",), "country", (Role("XXX"),), "dict:4"),
    ]
    with pytest.raises(DataError):
        ActorBase.from_entries(entries)
    kb = ActorBase.from_entries(entries, strict=False)
    assert kb.lookup("Gondor").code == "GON"
    assert kb.lookup("Arnor").code == "GON"  # "b" came before the repeated "a"
    assert kb.lookup("North Kingdom").code == "ARN"
    assert len(kb) == 2


def test_hand_over_day_and_same_code_roles_are_not_contradictions(tmp_path: Path) -> None:
    path = write(tmp_path, """entries:
  - names: [A Zork]
    roles:
      - {code: FRAGOV, end: 2021-01-01}
      - {code: FRAOPP, start: 2021-01-01, end: 2022-01-01}
      - {code: FRAOPP, start: 2021-06-01}
""")
    kb = ActorBase.load(extra_files=[path], use_env=False)
    assert kb.lookup("A Zork", date(2020, 5, 1)).code == "FRAGOV"
    assert kb.lookup("A Zork", date(2023, 5, 1)).code == "FRAOPP"
