"""The Dask engine (`dyad code --engine dask`) and its Parquet events dataset.

Worker processes are real (a LocalCluster of 2 processes, or `dask scheduler` and `dask worker`
started as a user would, on loopback). The fake coder (dask_fakes) keeps most tests fast; the
first test codes the bundled examples with the real coder and checks the dataset holds exactly
the rows `dyad code -f csv` writes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dask_fakes import fake_factory
from dyad.cli import app
from dyad.run.dask_engine import run_dask
from dyad.run.dataset import Dataset, open_events
from dyad.run.outputs import CSV_COLUMNS
from dyad.run.runner import SKIPPED_EXIT, run_code
from dyad.store.coded import events_store

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def rows(dataset: str | Path) -> list[dict]:
    """Every event row of the finished partitions, in event id order, values as text."""
    table = open_events(str(dataset)).to_table()
    assert table.column_names == list(CSV_COLUMNS)
    out = [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in table.to_pylist()]
    return sorted(out, key=lambda r: (r["event_id"], r["doc_id"]))


def local_rows(inputs: list[str], factory) -> list[dict]:
    buf = io.StringIO()
    run_code(inputs, fmt="csv", stdout=buf, coder_factory=factory)
    out = list(csv.DictReader(io.StringIO(buf.getvalue())))
    for r in out:  # the CSV writes floats as Python does; Parquet gives them back as floats
        for k in ("goldstein", "location_lat", "location_lon"):
            r[k] = str(float(r[k])) if r[k] else ""
    return sorted(out, key=lambda r: (r["event_id"], r["doc_id"]))


def feed(path: Path, n: int, *, bad: bool = False, prefix: str = "doc") -> Path:
    """A JSONL feed of ``n`` articles over three months; ``bad`` adds a broken line and a document
    the coder fails on."""
    lines = [json.dumps({"id": f"{prefix}{i}", "text": f"USA 042 RUS 2025-0{1 + i % 3}-0{1 + i % 9}\nRUS 190 UKR",
                         "date": "2025-03-01"}) for i in range(n)]  # fmt: skip
    if bad:
        lines[3] = "{not json"
        lines.append(json.dumps({"id": "explodes", "text": "BOOM here"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- the same events as the local path (real coder) -----------------------------------------


def test_two_workers_code_the_examples_into_the_rows_dyad_code_writes(tmp_path: Path, monkeypatch) -> None:
    from dyad.run.workers import default_coder

    monkeypatch.chdir(ROOT)
    inputs = ["examples/articles"]
    summary = run_dask(inputs, str(tmp_path / "ds"), partition_size=2, n_workers=2, coder_factory=default_coder)
    expected = local_rows(inputs, default_coder)
    got = rows(tmp_path / "ds")
    assert len(expected) > 10 and summary.events == len(expected) and summary.documents == 5
    assert [r["event_id"] for r in got] == [r["event_id"] for r in expected]
    assert got == expected
    assert len(summary.peak_rss) == 2 and max(summary.peak_rss.values()) < 1 << 30  # each worker under 1 GB
    for f in Dataset(str(tmp_path / "ds")).files():  # each file sits in its events' year and month
        year, month = (part.split("=")[1] for part in f.split("/")[-3:-1])
        dates = {str(d)[:7] for d in pq.read_table(f).column("date").to_pylist()}
        assert dates == {f"{year}-{month}"}
    # `dyad ingest DATASET` stores every event the local path codes, once
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "ds"), "--db", str(db)]).exit_code == 0
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "ds"), "--db", str(db)]).exit_code == 0  # again: no-op
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        stored = sorted(r[0] for r in con.execute("SELECT mention_id FROM mentions").fetchall())
    assert stored == [r["event_id"] for r in expected]


# --- errors, partitions, the CLI (fake coder) -----------------------------------------------


def test_bad_documents_go_to_the_errors_file_and_the_rest_is_coded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", fake_factory)
    src = feed(tmp_path / "feed.jsonl", 12, bad=True)
    (tmp_path / "one.txt").write_text("FRA 036 DEU\n", encoding="utf-8")  # no date: the undated partition
    out = tmp_path / "ds"
    result = CliRunner().invoke(app, ["code", str(src), str(tmp_path / "one.txt"), str(tmp_path / "absent.jsonl"),
                                      "--engine", "dask", "--partition-size", "5", "-o", str(out)])  # fmt: skip
    assert result.exit_code == SKIPPED_EXIT, result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert {(e["where"], e["reason"].split(" (")[0]) for e in errors} == {
        (str(tmp_path / "absent.jsonl"), "no such file or directory"),
        (f"{src}:4", "not valid JSON"),
        ("explodes", "the coder failed on this document"),
    }
    assert rows(out) == local_rows([str(src), str(tmp_path / "one.txt")], fake_factory)
    assert (out / "year=__HIVE_DEFAULT_PARTITION__" / "month=__HIVE_DEFAULT_PARTITION__").is_dir()
    assert "12 documents coded into 23 events" in " ".join(result.output.split())


def test_dataset_is_refused_for_another_request_and_options_that_do_not_apply(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", fake_factory)
    src = feed(tmp_path / "feed.jsonl", 4)
    out = str(tmp_path / "ds")
    assert CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "-o", out, "--partition-size", "2"]).exit_code == 0
    again = CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "-o", out, "--partition-size", "3"])
    assert again.exit_code == 2 and "made with partition_size 2, not 3" in " ".join(again.output.split())
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    foreign = CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "-o", str(tmp_path / "other")])
    assert foreign.exit_code == 2 and "not a dyad events dataset" in foreign.output
    assert (tmp_path / "other" / "keep.txt").read_text() == "mine"
    for extra in (["--explain"], ["-f", "csv"], ["--workers", "2"]):
        r = CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "-o", out, *extra])
        assert r.exit_code == 2 and "does not apply to --engine dask" in r.output
    r = CliRunner().invoke(app, ["code", str(src), "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "only with --engine dask" in r.output
    r = CliRunner().invoke(app, ["code", str(src), "--engine", "dask"])
    assert r.exit_code == 2 and "needs --output" in r.output


def test_analyses_read_the_dataset_as_they_read_a_store_it_was_ingested_into(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", fake_factory)
    src = feed(tmp_path / "feed.jsonl", 30)
    out, db = str(tmp_path / "ds"), str(tmp_path / "s.duckdb")
    run_dask([str(src)], out, partition_size=7, n_workers=2, coder_factory=fake_factory)
    assert CliRunner().invoke(app, ["ingest", out, "--db", db]).exit_code == 0
    for args in (["series", "USA", "RUS", "--freq", "month", "-f", "json"], ["dyads", "-f", "json"],
                 ["sql", "SELECT code, count(*) FROM events GROUP BY code ORDER BY code"]):  # fmt: skip
        via_db = CliRunner().invoke(app, [*args, "--db", db])
        via_events = CliRunner().invoke(app, [*args, "--events", out])
        assert via_db.exit_code == via_events.exit_code == 0
        assert via_events.output == via_db.output and len(via_db.output) > 100
    with events_store(open_events(out), out) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] == 60
    refused = CliRunner().invoke(app, ["ingest", out, "--db", db, "--workers", "2"])
    assert refused.exit_code == 2 and "--workers: does not apply to a Parquet events dataset" in refused.output
    both = CliRunner().invoke(app, ["dyads", "--db", db, "--events", out])
    assert both.exit_code == 2 and "either --db or --events" in both.output
    none = CliRunner().invoke(app, ["dyads", "--events", str(tmp_path)])
    assert none.exit_code == 2 and "not a dyad events dataset" in none.output


# --- restarts: kill the client, kill a worker -----------------------------------------------

_RUN = """
import sys
sys.path.insert(0, {here!r})
from dask_fakes import fake_factory
from dyad.run.dask_engine import run_dask
if __name__ == "__main__":
    run_dask([{src!r}], {out!r}, partition_size=3, n_workers=2, coder_factory=fake_factory)
"""


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_a_killed_run_resumes_to_the_dataset_of_an_uninterrupted_one(tmp_path: Path, monkeypatch) -> None:
    src = feed(tmp_path / "feed.jsonl", 36)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    run_dask([str(src)], str(whole), partition_size=3, n_workers=2, coder_factory=fake_factory)
    script = tmp_path / "run.py"
    script.write_text(_RUN.format(here=str(HERE), src=str(src), out=str(killed)))
    env = {**os.environ, "DYAD_FAKE_DELAY": "0.15"}
    proc = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(Dataset(str(killed)).finished()) < 2:  # some partitions done, most not
            assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
            children |= set(_descendants(proc.pid))
            time.sleep(0.05)
        children |= set(_descendants(proc.pid))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        for pid in children:  # the cluster's processes of the killed run
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    done = Dataset(str(killed)).finished()
    assert 2 <= len(done) < 12
    # a file of an unfinished partition, as a kill in mid-write leaves it: removed on resume
    stale = killed / "year=2025" / "month=01" / f"part-{max(set(range(12)) - set(done)):05d}.parquet"
    stale.write_bytes(b"half a file")
    summary = run_dask([str(src)], str(killed), partition_size=3, n_workers=2, coder_factory=fake_factory)
    assert summary.resumed == len(done) and summary.documents == 36 - 3 * len(done)
    got = rows(killed)
    assert got == rows(whole) and len({r["event_id"] for r in got}) == len(got) == 72
    on_disk = sorted(str(p) for p in killed.rglob("*.parquet"))
    assert on_disk == sorted(Dataset(str(killed)).files())  # no file the manifest does not list


def test_a_killed_worker_is_replaced_and_the_dataset_is_complete(tmp_path: Path, monkeypatch) -> None:
    from distributed import Client, LocalCluster

    monkeypatch.setenv("DYAD_FAKE_DELAY", "0.1")
    src = feed(tmp_path / "feed.jsonl", 40)
    killed: list[int] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as client:  # fmt: skip
        pids = list(client.run(os.getpid).values())

        def kill_one(entry: dict) -> None:
            if not killed:  # the other worker is in the middle of its partition now
                victim = next(p for p in pids if not entry["worker"].endswith(f":{p}"))
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        summary = run_dask([str(src)], str(tmp_path / "ds"), scheduler=cluster.scheduler_address, partition_size=4,
                           coder_factory=fake_factory, on_partition=kill_one)  # fmt: skip
        client.wait_for_workers(2, timeout=30)  # the nanny started a new one
        assert killed[0] not in client.run(os.getpid).values()
    assert summary.documents == 40 and summary.errors == 0
    assert rows(tmp_path / "ds") == local_rows([str(src)], fake_factory)


# --- a cluster started by hand, and documents on S3 -----------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"{what} exited with {proc.returncode}"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on port {port}")


def test_code_on_a_scheduler_and_two_workers_started_as_on_a_cluster(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dyad.run.workers.default_coder", fake_factory)
    src = feed(tmp_path / "feed.jsonl", 20, bad=True)
    port = _free_port()
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent)])}
    procs = [subprocess.Popen([str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard", "--scheduler-file", str(tmp_path / "scheduler.json")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]  # fmt: skip
    try:
        _wait_port(port, procs[0], "dask scheduler")
        for _ in range(2):
            procs.append(subprocess.Popen([str(bindir / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--host",
                                           "127.0.0.1", "--nthreads", "1", "--no-dashboard"], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        from distributed import Client

        with Client(f"tcp://127.0.0.1:{port}", timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        out = tmp_path / "ds"
        result = CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "--scheduler",
                                          f"tcp://127.0.0.1:{port}", "--partition-size", "4", "-o", str(out)])  # fmt: skip
        assert result.exit_code == SKIPPED_EXIT, result.output
        entries = Dataset(str(out)).finished().values()
        assert len({e["worker"] for e in entries}) == 2  # both workers coded
        assert rows(out) == local_rows([str(src)], fake_factory)
        # the scheduler file a batch system's job writes (docs/distributed.md, SLURM) finds it too
        by_file = CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "--scheduler",
                                           str(tmp_path / "scheduler.json"), "-o", str(tmp_path / "ds2")])  # fmt: skip
        assert by_file.exit_code == SKIPPED_EXIT and rows(tmp_path / "ds2") == rows(out)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
    unreachable = CliRunner().invoke(app, ["code", str(src), "--engine", "dask", "--scheduler",
                                           f"tcp://127.0.0.1:{_free_port()}", "-o", str(tmp_path / "x")])  # fmt: skip
    assert unreachable.exit_code != 0 and "cannot reach a Dask scheduler" in unreachable.output


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch):
    """A local S3 endpoint (moto's server) on loopback, with a bucket; the AWS variables point at it."""
    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_port(port, server, "moto_server")
        for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                     "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}.items():  # fmt: skip
            monkeypatch.setenv(k, v)
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()
        fs = s3fs.S3FileSystem()
        fs.mkdir("news")
        yield fs
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_documents_and_the_dataset_on_s3(tmp_path: Path, s3) -> None:
    a, b = feed(tmp_path / "a.jsonl", 9), feed(tmp_path / "b.jsonl", 5, prefix="other")
    s3.put(str(a), "news/2025/a.jsonl")
    s3.put(str(b), "news/2025/b.jsonl")
    summary = run_dask(["s3://news/2025/*.jsonl"], "s3://news/events", partition_size=4, n_workers=2,
                       coder_factory=fake_factory)  # fmt: skip
    assert summary.documents == 14 and summary.partitions == 5
    assert s3.exists("news/events/year=2025/month=01/part-00000.parquet")
    assert rows("s3://news/events") == local_rows([str(a), str(b)], fake_factory)  # the feeds' own ids
