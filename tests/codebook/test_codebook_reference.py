"""The codebook against the reference tables in ../shared (GDELT lookups, CAMEO2PLOVER).

Each departure from a reference table is listed in the data file's header; the sets below must
match that list exactly, so a new departure cannot slip in unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyad.codebook import load_codebook

# Codes dyad carries that GDELT's tables lack; each takes its 3-digit parent's Goldstein value.
NOT_IN_GDELT = {"1213": "121", "1214": "121", "1951": "195", "1952": "195"}
# CAMEO2PLOVER modes dyad drops on purpose ("ease" retired by the table itself; a context in the
# mode slot).
MODES_DROPPED = {"085": "ease", "175": "pro_autocracy"}
# Codes CAMEO2PLOVER does not list that dyad maps anyway (to the PLOVER manual's modes).
PLOVER_ADDED = {"1951": ("ASSAULT", "aerial"), "1952": ("ASSAULT", "drone")}
CURRENT_PLOVER_EVENTS = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


def read_goldstein(external: Path) -> dict[str, float]:
    lines = (external / "gdelt-cameo-lookups" / "CAMEO.goldsteinscale.txt").read_text().splitlines()
    assert lines[0].split("\t") == ["CAMEOEVENTCODE", "GOLDSTEINSCALE"]
    table: dict[str, float] = {}
    for line in lines[1:]:
        if line.strip():
            code, value = line.split("\t")
            table[code.strip()] = float(value)
    return table


def read_gdelt_event_list(external: Path) -> list[tuple[str, int]]:
    """(code, quad) pairs from GDELT's event-code list, repairing its known glitches.

    The stored mirror has CRLF endings and a one-digit quad-class line ("1<TAB>Verbal Cooperation")
    before roots 01, 06, 10 and 15: those lines give the quad of the codes that follow. GDELT's own
    list runs code 106 into the 1056 line ("...engagement106:[-5.0] Demand withdrawal").
    """
    text = (external / "gdelt-cameo-lookups" / "CAMEO.eventcodes.txt").read_text(
        encoding="utf-8", errors="replace"
    )
    out: list[tuple[str, int]] = []
    quad = 0
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        code, description = line.split("\t", 1)
        code = code.strip()
        if len(code) == 1:
            quad = int(code)
            continue
        out.append((code, quad))
        merged = re.search(r"(\d{3,4}):\[-?\d+(\.\d+)?\]", description)
        if merged:
            out.append((merged.group(1), quad))
    return out


def read_cameo2plover(external: Path) -> dict[str, list[tuple[str, str]]]:
    """Code -> every (event, mode) the table lists for it (root 08 is listed twice)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for line in (external / "plover" / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        mode = parts[1] if len(parts) > 1 else ""
        table.setdefault(m.group(1), []).append((parts[0], mode))
    return table


def test_every_goldstein_value_matches_gdelt(external: Path) -> None:
    cb = load_codebook()
    gdelt = read_goldstein(external)
    assert len(gdelt) > 300
    mismatched = {
        code: (cb.event(code).goldstein, value)
        for code, value in gdelt.items()
        if code in cb and cb.event(code).goldstein != value
    }
    assert not mismatched, f"codebook vs GDELT Goldstein: {mismatched}"
    assert set(gdelt) <= {e.code for e in cb}, sorted(set(gdelt) - {e.code for e in cb})


def test_codes_beyond_gdelt_are_exactly_the_documented_ones(external: Path) -> None:
    cb = load_codebook()
    extra = {e.code for e in cb} - set(read_goldstein(external))
    assert extra == set(NOT_IN_GDELT)
    for code, parent in NOT_IN_GDELT.items():
        assert cb.parent(code).code == parent
        assert cb.event(code).goldstein == cb.event(parent).goldstein


def test_every_gdelt_event_code_is_present(external: Path) -> None:
    cb = load_codebook()
    listed = [code for code, _ in read_gdelt_event_list(external)]
    assert "106" in listed, "the 1056/106 repair did not find code 106"
    assert len(listed) == len(set(listed)) == 311
    assert [c for c in listed if c not in cb] == []


def test_quad_classes_match_gdelt_list_sections(external: Path) -> None:
    cb = load_codebook()
    pairs = read_gdelt_event_list(external)
    assert {q for _, q in pairs} == {1, 2, 3, 4}
    wrong = {code: (cb.event(code).quad_class, quad) for code, quad in pairs if cb.event(code).quad_class != quad}
    assert not wrong


def test_plover_types_agree_with_cameo2plover(external: Path) -> None:
    cb = load_codebook()
    table = read_cameo2plover(external)
    assert len(table) > 250
    for code, options in table.items():
        et = cb.event(code)
        assert et.plover in {event for event, _ in options}, (code, et.plover, options)
        if len(options) == 1 and code not in MODES_DROPPED:
            assert (et.plover_mode or "") == options[0][1], (code, et.plover_mode, options)
    for code, mode in MODES_DROPPED.items():
        assert mode in {m for _, m in table[code]} and cb.event(code).plover_mode is None


def test_codes_without_plover_mapping_are_statements_and_appeals(external: Path) -> None:
    cb = load_codebook()
    table = read_cameo2plover(external)
    unlisted = [e for e in cb if e.code not in table]
    assert {e.root_code for e in unlisted} - {"01", "02"} == {"19"}
    for et in unlisted:
        if et.code in PLOVER_ADDED:
            assert (et.plover, et.plover_mode) == PLOVER_ADDED[et.code]
        else:
            assert et.root_code in ("01", "02") and et.plover is None and et.plover_mode is None


def test_plover_types_are_current_plover_events() -> None:
    used = {e.plover for e in load_codebook() if e.plover}
    assert used <= CURRENT_PLOVER_EVENTS, used - CURRENT_PLOVER_EVENTS


@pytest.mark.parametrize("code", ["01", "02"])
def test_statement_and_appeal_families_have_no_plover(code: str) -> None:
    events = load_codebook().events(root=code)
    assert len(events) > 5 and all(e.plover is None for e in events)
