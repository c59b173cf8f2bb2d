"""No Python traceback for any input or environment fault (issue 16, section 6 and "Done when"):
the real `dyad` command runs against a fault set (a store cut short, a foreign file, a FIFO in an
input directory, a full disk, a read-only file system, a locked store) and its stderr is one
line naming the file and the cause, with the documented exit code (2 bad input, 3 broken data,
5 the machine's fault, 6 a store locked too long); committed data is intact afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reliability.test_output_files import events_line, make_store, tables

DYAD = Path(sys.executable).with_name("dyad")


def dyad(*args, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(DYAD), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def one_line(res: subprocess.CompletedProcess, code: int, *words: str) -> None:
    err = res.stderr.strip()
    assert "Traceback" not in res.stderr + res.stdout, res.stderr
    assert res.returncode == code, (res.returncode, err)
    assert len(err.splitlines()) == 1, err
    for w in words:
        assert w in err, (w, err)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("faults") / "good.duckdb")


@pytest.fixture()
def cut_short(store, tmp_path) -> Path:
    bad = tmp_path / "cut.duckdb"
    data = store.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    return bad


ANALYSES = [("series", "PER", "CHL"), ("dyads",), ("network",), ("balance",), ("shifts",), ("export", "-f", "csv"),
            ("sql", "SELECT * FROM mentions")]  # fmt: skip


@pytest.mark.parametrize("args", ANALYSES, ids=lambda a: a[0])
def test_a_store_cut_short_is_one_line(cut_short, tmp_path, args):
    one_line(dyad(*args, "--db", cut_short, cwd=tmp_path), 3, "cut.duckdb", "cannot be read", "damaged")


def test_ingest_into_a_store_cut_short_is_one_line(cut_short, tmp_path):
    coded = tmp_path / "ev.jsonl"
    coded.write_text('{"doc_id": "n1", "sentence_index": 0, "sentence": "x", "date": "2025-01-02", "source": "PER", '
                     '"target": "CHL", "code": "111", "root_code": "11", "quad_class": 3, "goldstein": -2.0}\n')
    one_line(dyad("ingest", "--coded", coded, "--db", cut_short, cwd=tmp_path), 3, "cut.duckdb", "cannot be read")


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100, b"\x00" * 8 + b"DUCK" + b"\x00" * 4096])
def test_foreign_or_empty_store_files(tmp_path, content):
    f = tmp_path / "odd.duckdb"
    f.write_bytes(content)
    res = dyad("dyads", "--db", f, cwd=tmp_path)
    assert res.returncode in (2, 3) and "Traceback" not in res.stderr, res.stderr
    assert "odd.duckdb" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert f.read_bytes() == content


def test_a_fifo_in_an_input_directory_is_skipped_not_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    os.mkfifo(d / "feed.jsonl")
    res = dyad("code", d, cwd=tmp_path, timeout=60)  # it used to wait forever for a writer
    assert res.returncode == 4 and "Traceback" not in res.stderr, res.stderr
    assert "feed.jsonl: not a regular file (a FIFO" in res.stderr
    fifo = tmp_path / "coded.jsonl"
    os.mkfifo(fifo)
    one_line(dyad("ingest", "--coded", fifo, "--db", tmp_path / "s.duckdb", cwd=tmp_path, timeout=60), 2,
             "coded.jsonl", "not a regular file")  # fmt: skip


def test_output_into_a_missing_directory_or_onto_a_directory(store, tmp_path):
    one_line(dyad("export", "-f", "csv", "-o", tmp_path / "nope" / "x.csv", "--db", store, cwd=tmp_path), 2, "does not exist")
    one_line(dyad("export", "-f", "csv", "-o", tmp_path, "--db", store, cwd=tmp_path), 2, "a directory")


def test_a_store_locked_too_long_is_not_broken_data(store, tmp_path):
    """A lock time-out exits 6, not 3 (broken data files): a script can tell them apart and retry."""
    from dyad.errors import StoreLocked
    from dyad.store import connect

    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(store)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLocked, match="locked by another process") as caught:
            connect(store, wait=0.3)
        assert caught.value.exit_code == 6
    finally:
        holder.kill()
        holder.wait()


# --- faults of the machine: a full disk, a read-only file system (a tmpfs of our own) -------------


@pytest.fixture()
def small_disk(store, tmp_path):
    """A tmpfs 2 MB larger than the test store, mounted for this test (root only; skipped where
    mounting is not allowed): the store fits, a few thousand more events do not."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    size = store.stat().st_size // 1024 + 2048
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_disk_full_during_ingest_keeps_what_was_committed(store, small_disk, tmp_path):
    db = small_disk / "s.duckdb"
    shutil.copy(store, db)
    before = tables(db)
    big = tmp_path / "big.jsonl"
    import json

    with big.open("w") as fh:
        for d in range(8000):
            for k in range(3):
                line = events_line(f"big{d}", k)
                line["sentence"] = "words that fill the disk " * 12
                fh.write(json.dumps(line) + "\n")
    res = dyad("ingest", "--coded", big, "--db", db, cwd=tmp_path)
    one_line(res, 5, "s.duckdb", "the disk is full", "kept")
    assert "no transaction is active" not in res.stderr
    (small_disk / "filler").unlink(missing_ok=True)
    after = tables(db)
    for t, rows in before.items():  # what was stored before is all still there
        assert set(rows) <= set(after[t]), t


def test_disk_full_while_writing_an_output_keeps_the_old_one(store, small_disk, tmp_path):
    out = small_disk / "events.csv"
    assert dyad("export", "-f", "csv", "-o", out, "--db", store, cwd=tmp_path).returncode == 0
    before = out.read_bytes()
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(fd)
    res = dyad("export", "-f", "csv", "-o", out, "--db", store, cwd=tmp_path)
    one_line(res, 5, "events.csv", "the disk is full", "untouched")
    assert out.read_bytes() == before
    assert [p.name for p in small_disk.iterdir() if p.name.endswith(".part")] == []


def test_read_only_file_system_is_not_called_corrupt(store, small_disk, tmp_path):
    shutil.copy(store, small_disk / "s.duckdb")
    (small_disk / "feed.jsonl").write_text('{"id": "a", "text": "x"}\n')
    before = tables(small_disk / "s.duckdb")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    coded = tmp_path / "ev.jsonl"
    coded.write_text("")
    res = dyad("ingest", "--coded", coded, "--db", small_disk / "s.duckdb", cwd=tmp_path)
    one_line(res, 5, "s.duckdb", "read-only file system")
    assert "corrupt" not in res.stderr
    one_line(dyad("code", small_disk / "feed.jsonl", "-o", small_disk / "out.jsonl", cwd=tmp_path), 5,
             "read-only file system")  # fmt: skip
    one_line(dyad("export", "-f", "csv", "-o", small_disk / "x.csv", "--db", store, cwd=tmp_path), 5,
             "read-only file system")  # fmt: skip
    assert tables(small_disk / "s.duckdb") == before  # and it still reads
