"""dyad.cache: the one pickle cache behind the gazetteer and the converted dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.cache import cache_dir, read_pickle, write_pickle


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DYAD_NO_CACHE", raising=False)
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir("dictionaries") == tmp_path / "c" / "dictionaries"
    monkeypatch.delenv("DYAD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "dyad"
    monkeypatch.setenv("DYAD_NO_CACHE", "1")
    assert cache_dir() is None


def test_round_trip_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "gazetteer-abc.pickle"
    write_pickle(path, {"places": [1, 2, 3]})
    assert read_pickle(path) == {"places": [1, 2, 3]}
    assert sorted(p.name for p in path.parent.iterdir()) == ["gazetteer-abc.pickle"]


def test_a_newer_entry_replaces_older_versions_only(tmp_path: Path) -> None:
    (tmp_path / "gazetteer-old.pickle").write_bytes(b"stale")
    (tmp_path / "other.pickle").write_bytes(b"kept")
    write_pickle(tmp_path / "gazetteer-new.pickle", 1, replaces="gazetteer-*.pickle")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazetteer-new.pickle", "other.pickle"]


def test_missing_or_damaged_entries_are_misses(tmp_path: Path) -> None:
    assert read_pickle(tmp_path / "none.pickle") is None
    (tmp_path / "bad.pickle").write_bytes(b"\x80\x05damaged")
    assert read_pickle(tmp_path / "bad.pickle") is None


def test_unwritable_places_and_values_are_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the cache directory should be")  # mkdir fails, as in a read-only home
    write_pickle(blocker / "dyad" / "x.pickle", 1)
    assert blocker.read_text().startswith("a file")
    write_pickle(tmp_path / "fn.pickle", lambda: 1)  # cannot be pickled
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]
