"""Coding on a Dask cluster: ``dyad code INPUT... --engine dask -o DATASET``.

The inputs are split into partitions (``run.partitions``), each partition is one Dask task, and
each task writes its events into the dataset (``run.dataset``) itself, so nothing but a small
summary travels back to the client. A worker process loads the coder once, for its first task,
and keeps it for the next ones. Without ``scheduler`` a ``LocalCluster`` of one single-threaded
worker process per core is started (and stopped at the end).

Restarts: the plan (inputs, partitions, coder options) is stored with the dataset; a run on an
existing dataset checks that it was asked for the same thing, drops the files of partitions
the manifest does not list, and codes only those. Failures: a document that cannot be read or
coded is an entry of the dataset's ``errors.jsonl`` and the run goes on; a worker that dies
has its task run again elsewhere (Dask's own recovery; a partition written twice gets the same
files); a task that fails outright (a full disk) is reported at the end, the other partitions
are kept, and running the command again retries it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dyad.errors import DyadError, InputError
from dyad.run import workers as workers_module
from dyad.run.dataset import Dataset
from dyad.run.inputs import Skipped
from dyad.run.partitions import Piece, plan_partitions, read_partition
from dyad.run.workers import code_stream

__all__ = ["DaskSummary", "run_dask", "code_partition"]


@dataclass(slots=True)
class DaskSummary:
    partitions: int = 0  # in the plan
    resumed: int = 0  # already finished by an earlier run
    documents: int = 0  # coded by this run
    events: int = 0
    errors: int = 0  # entries of errors.jsonl (the whole dataset's)
    seconds: float = 0.0
    peak_rss: dict[str, int] = field(default_factory=dict)  # worker -> its peak resident memory, bytes
    dashboard: str | None = None


_CODERS: dict[bytes, Any] = {}  # per worker process: the coder each factory built


def _coder(factory: Callable[[], Any]) -> Any:
    import cloudpickle

    key = cloudpickle.dumps(factory)
    if key not in _CODERS:
        _CODERS[key] = factory()
    return _CODERS[key]


def code_partition(url: str, number: int, pieces: list[list[Any]], factory: Callable[[], Any],
                   default_date: date | None, batch_size: int = 64) -> dict[str, Any]:
    """One Dask task: read a partition, code it, write its events and manifest entry."""
    import socket

    started = time.perf_counter()
    coder = _coder(factory)
    items = read_partition([Piece.from_json(p) for p in pieces], default_date)
    coded: list[tuple[Any, list[Any]]] = []
    errors: list[dict[str, str]] = []
    for item in code_stream(items, workers=1, coder_factory=lambda: coder, batch_size=batch_size):
        if isinstance(item, Skipped):
            errors.append({"where": item.where, "reason": item.reason, "partition": number})
        else:
            coded.append(item)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    peak = _peak_rss()
    return Dataset(url).write_partition(number, coded, errors, {"worker": worker, "peak_rss": peak,
                                                                 "seconds": round(time.perf_counter() - started, 3)})


def _peak_rss() -> int:
    """This process's peak resident memory in bytes: Linux's VmHWM, which starts afresh with the
    process's own address space (``ru_maxrss`` does not: a process spawned by a big parent
    inherits the parent's peak through fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # elsewhere: the best there is


def _plan(ds: Dataset, inputs: list[str], size: int, default_date: date | None, coder: str) -> dict[str, Any]:
    """The stored plan, checked against this run's request; or a new plan, stored."""
    wanted = {"inputs": list(inputs), "partition_size": size,
              "default_date": default_date.isoformat() if default_date else None, "coder": coder}  # fmt: skip
    plan = ds.read_plan()
    if plan is not None:
        for key, value in wanted.items():
            if plan.get(key) != value:
                raise InputError(f"{ds.url}: this dataset was made with {key} {plan.get(key)!r}, not {value!r}; "
                                 "run the same command to resume it, or write a new dataset")  # fmt: skip
        return plan
    parts, missing = plan_partitions(list(inputs), size)
    plan = {**wanted, "partitions": [[p.to_json() for p in part] for part in parts],
            "missing": [{"where": s.where, "reason": s.reason, "partition": None} for s in missing]}  # fmt: skip
    ds.write_plan(plan)
    return plan


def _documents(part: list[list[Any]]) -> int:
    return sum(stop - start if start else 1 for _, start, stop, _offset in part)


def run_dask(
    inputs: list[str],
    dataset: str,
    *,
    scheduler: str | None = None,
    partition_size: int = 1000,
    default_date: date | None = None,
    coder_factory: Callable[[], Any] | None = None,
    coder: str = "dyad",
    n_workers: int | None = None,
    on_start: Callable[[int, int, str | None], None] | None = None,
    on_partition: Callable[[dict[str, Any]], None] | None = None,
) -> DaskSummary:
    """Code ``inputs`` on a Dask cluster into the events dataset ``dataset`` (see the module docstring).

    ``coder`` describes the coder options (it is recorded in the plan: a resumed run must code
    as the first did). ``on_start(documents to code, partitions to code, dashboard link)`` is
    called once the cluster is up, ``on_partition(manifest entry)`` as each partition finishes.
    """
    from distributed import Client, LocalCluster, as_completed

    factory = coder_factory or workers_module.default_coder
    ds = Dataset(dataset)
    plan = _plan(ds, inputs, partition_size, default_date, coder)
    finished = ds.finished()
    ds.remove_unfinished(finished)
    todo = [(n, part) for n, part in enumerate(plan["partitions"]) if n not in finished]
    summary = DaskSummary(partitions=len(plan["partitions"]), resumed=len(finished))
    started = time.perf_counter()
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=40)  # fmt: skip
    failed: list[str] = []
    try:
        try:
            if scheduler and scheduler.endswith(".json"):  # dask scheduler --scheduler-file (SLURM)
                if not os.path.isfile(scheduler):
                    raise InputError(f"--scheduler {scheduler}: no such scheduler file")
                client = Client(scheduler_file=scheduler, timeout="10s")
            else:
                client = Client(scheduler or cluster, timeout="10s")
        except OSError as exc:
            raise DyadError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc})") from None
        with client:
            summary.dashboard = _dashboard(client)
            if on_start:
                on_start(sum(_documents(p) for _, p in todo), len(todo), summary.dashboard)
            futures = [client.submit(code_partition, ds.url, n, part, factory, default_date,
                                     key=f"dyad-partition-{n:05d}-{os.getpid()}-{time.time_ns()}", pure=False)
                       for n, part in todo]  # fmt: skip
            for future in as_completed(futures):
                try:
                    entry = future.result()
                except Exception as exc:  # noqa: BLE001 - the others go on; reported below
                    failed.append(f"{type(exc).__name__}: {exc}")
                    continue
                finally:
                    future.release()
                summary.documents += entry["documents"]
                summary.events += entry["events"]
                summary.peak_rss[entry["worker"]] = max(summary.peak_rss.get(entry["worker"], 0), entry["peak_rss"])
                if on_partition:
                    on_partition(entry)
    finally:
        if cluster is not None:
            cluster.close()
    done = ds.finished()
    summary.errors = ds.write_errors({**done, -1: {"errors": plan.get("missing", [])}})
    summary.seconds = time.perf_counter() - started
    if failed:
        raise DyadError(f"{dataset}: {len(failed)} partition(s) failed ({failed[0]}); the other "
                        f"{len(done)} are kept: run the same command again to retry")  # fmt: skip
    return summary


def _dashboard(client: Any) -> str | None:
    """The scheduler's dashboard link, where it serves one (Dask needs bokeh for it)."""
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return None
    return client.dashboard_link
