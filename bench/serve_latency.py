"""Latency of ``dyad serve`` under 50 concurrent clients on loopback, next to the same queries run
directly through the library in the same run; and the dyad page's weight and time to first
chart in Chromium.

Targets: p95 < 300 ms for ``/api/series``, ``/api/dyads`` and a filtered ``/api/events`` page,
and HTTP overhead < 2x the direct query.

For each endpoint, ``--requests`` distinct queries are drawn (random dyads, date windows, actor
and quad-class filters; seeded), so no answer comes from the server's cache in the first pass:

0. direct, one client: the first 60 of them one after another (what a query costs without a
   queue);
1. direct: the library functions (``series``, ``dyads``, ``dyad.web.events.page``) on cursors of
   one read-only connection, from ``--clients`` threads at once;
2. HTTP, first pass: the same queries as HTTP requests from ``--clients`` concurrent clients
   (one asyncio httpx client, keep-alive), to a ``dyad serve`` subprocess;
3. HTTP, repeated: the same requests again, now answered from the server's cache (a dashboard's
   common views are asked for again and again).

Each pass is bounded: a fixed number of requests and a time limit. Latency is per request, from
sending to the last byte; p50 and p95 over the pass.

    .venv/bin/python bench/serve_latency.py [STORE] [--clients 50] [--requests 300] [--no-browser]

Without STORE, a 10-million-event store is built first in a temporary folder (about 7 minutes
on the development machine; ``bench/serve_store.py PATH`` builds one to keep).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx

from dyad.analysis import dyads, series
from dyad.store import connect
from dyad.web import events as ev

ENDPOINTS = ("series", "dyads", "events")
LOG = Path(os.environ.get("TMPDIR", "/tmp")) / "dyad-serve-bench.log"  # the server's stderr


def queries(db: Path, n: int, seed: int = 1) -> dict[str, list[dict]]:
    """``n`` distinct parameter sets per endpoint, drawn from what the store holds."""
    with connect(db) as con:
        countries = [r[0] for r in con.execute("SELECT DISTINCT country FROM actors ORDER BY 1").fetchall()]
        lo, hi = con.execute("SELECT min(date), max(date) FROM events").fetchall()[0]
    rng = random.Random(seed)
    span = (hi - lo).days

    def window(days: int) -> tuple[str, str]:
        start = lo + timedelta(days=rng.randrange(max(span - days, 1)))
        return start.isoformat(), min(start + timedelta(days=days), hi).isoformat()

    out: dict[str, list[dict]] = {k: [] for k in ENDPOINTS}
    seen: set = set()
    while min(len(v) for v in out.values()) < n:
        a, b = rng.sample(countries, 2)
        s, u = window(rng.choice((180, 365, 730)))
        cands = {
            "series": {"a": a, "b": b, "freq": rng.choice(("week", "month"))},
            "dyads": {"top": 10, "since": s, "until": u},
            "events": {"actor": a, "quad": rng.randint(1, 4), "since": s, "until": u, "limit": 50},
        }
        for k, q in cands.items():
            key = (k, tuple(sorted(q.items())))
            if len(out[k]) < n and key not in seen:
                seen.add(key)
                out[k].append(q)
    return out


def direct(con, endpoint: str, q: dict) -> None:  # noqa: ANN001
    if endpoint == "series":
        series(con, q["a"], q["b"], freq=q["freq"])
    elif endpoint == "dyads":
        dyads(con, top=q["top"], since=q["since"], until=q["until"])
    else:
        f = ev.EventFilter(actor=q["actor"], quad=(q["quad"],), since=date.fromisoformat(q["since"]),
                           until=date.fromisoformat(q["until"]))  # fmt: skip
        ev.page(con, f, limit=q["limit"])


def run_direct(db: Path, endpoint: str, qs: list[dict], clients: int, limit_s: float) -> list[float]:
    con = connect(db)
    local = threading.local()
    stop = time.monotonic() + limit_s

    def one(q: dict) -> float | None:
        if time.monotonic() > stop:
            return None
        if not hasattr(local, "cur"):
            local.cur = con.cursor()
        t = time.perf_counter()
        direct(local.cur, endpoint, q)
        return time.perf_counter() - t

    try:
        with ThreadPoolExecutor(clients) as pool:
            return [x for x in pool.map(one, qs) if x is not None]
    finally:
        con.close()


async def run_http(base: str, endpoint: str, qs: list[dict], clients: int, limit_s: float) -> tuple[list[float], dict]:
    lat: list[float] = []
    errors: dict[int, int] = {}
    todo = list(qs)
    stop = time.monotonic() + limit_s
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=clients)) as client:

        async def worker() -> None:
            nonlocal errors
            while todo and time.monotonic() < stop:
                q = todo.pop()
                t = time.perf_counter()
                try:
                    r = await client.get(f"/api/{endpoint}", params=q)
                    await r.aread()
                    status = r.status_code
                except httpx.TransportError:  # a dropped connection: counted, not fatal
                    status = 0
                lat.append(time.perf_counter() - t)
                if status != 200:
                    errors[status] = errors.get(status, 0) + 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    return lat, errors


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "dyad.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=open(LOG, "wb"))  # fmt: skip
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"dyad serve exited: {LOG.read_text(errors='replace')}")
            time.sleep(0.1)
    raise SystemExit("dyad serve did not start in 60 s")


def browser_timing(base: str) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        print("browser: skipped (/usr/bin/chromium absent)")
        return
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
    url = f"{base}/dyad?a=SYR&b=RUS&freq=month"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), headless=True, args=args)
        ctx = b.new_context(viewport={"width": 1200, "height": 850})
        for label in ("first visit (empty browser cache, server cache cold for this dyad)", "second visit"):
            page = ctx.new_page()
            page.goto(url)
            page.wait_for_selector("svg.chart rect.bar", timeout=60_000)
            page.wait_for_selector("#events li.event", timeout=60_000)
            t_chart = page.evaluate("performance.getEntriesByName('dyad:first-chart')[0].startTime")
            res = page.evaluate("""() => performance.getEntriesByType('resource').map(r => [r.name, r.transferSize, r.decodedBodySize])""")
            nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                                           return [n.transferSize, n.decodedBodySize, n.domContentLoadedEventEnd]; }""")
            transferred = nav[0] + sum(r[1] for r in res)
            decoded = nav[1] + sum(r[2] for r in res)
            print(f"dyad page, {label}: {1 + len(res)} requests, {transferred / 1024:.1f} KiB transferred "
                  f"({decoded / 1024:.1f} KiB decoded); DOMContentLoaded {nav[2]:.0f} ms; first chart drawn {t_chart:.0f} ms")
            page.close()
        b.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", nargs="?")
    ap.add_argument("--events", type=int, default=10_000_000, help="size of the store built without STORE")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=300, help="distinct queries per endpoint")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds a pass may last at most")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    if not args.store:
        import tempfile

        from serve_store import build

        tmp = tempfile.TemporaryDirectory(prefix="dyad-serve-bench-")
        db = Path(tmp.name) / "bench.duckdb"
        print(f"building a {args.events:,}-event store (not timed below) ...", flush=True)
        print(f"built in {build(db, args.events):.0f} s")
    else:
        db = Path(args.store)
    with connect(db) as con:
        n = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    print(f"machine: {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f} at start; store {db} with {n:,} events")
    qs = queries(db, args.requests)
    results = {}
    loads: dict[tuple[str, str], float] = {}  # the 1-minute load average at the end of each pass
    for endpoint in ENDPOINTS:
        run_direct(db, endpoint, qs[endpoint][:5], 1, 60)  # open, warm the OS page cache
        t = time.perf_counter()
        one = run_direct(db, endpoint, qs[endpoint][:60], 1, args.limit)  # what one query costs, no queue
        results[endpoint] = {"one": (one, time.perf_counter() - t)}
        loads[(endpoint, "one")] = os.getloadavg()[0]
        t = time.perf_counter()
        d = run_direct(db, endpoint, qs[endpoint], args.clients, args.limit)
        results[endpoint]["direct"] = (d, time.perf_counter() - t)
        loads[(endpoint, "direct")] = os.getloadavg()[0]
    proc, base = start_server(db)
    try:
        for endpoint in ENDPOINTS:
            asyncio.run(run_http(base, endpoint, [{"a": "USA", "b": "RUS", "freq": "day"}] if endpoint == "series" else [{}], 1, 60))
            for label in ("http", "cached"):
                t = time.perf_counter()
                lat, errors = asyncio.run(run_http(base, endpoint, qs[endpoint], args.clients, args.limit))
                results[endpoint][label] = (lat, time.perf_counter() - t, errors)
                loads[(endpoint, label)] = os.getloadavg()[0]
        if not args.no_browser:
            browser_timing(base)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"\n{args.clients} concurrent clients, {args.requests} distinct queries per endpoint; latency in ms")
    head = f"{'endpoint':<10}{'pass':<22}{'done':>6}{'req/s':>8}{'p50':>9}{'p95':>9}{'p95<300':>9}{'HTTP/direct p50':>17}{'p95':>7}{'load':>7}"
    print(head)
    print("-" * len(head))
    for endpoint, r in results.items():
        d, dt = r["direct"]
        for label, name in (("one", "direct, one client"), ("direct", "direct (library)"), ("http", "HTTP, first pass"), ("cached", "HTTP, repeated (cache)")):
            lat, took = r[label][0], r[label][1]
            ratio = "" if label in ("one", "direct") else f"{pct(lat, 50) / pct(d, 50):>16.2f}x{pct(lat, 95) / pct(d, 95):>6.2f}x"
            errs = ("  (" + ", ".join(f"{n} x {code}" for code, n in sorted(r[label][2].items())) + ")"
                    if label not in ("one", "direct") and r[label][2] else "")
            ok = "yes" if pct(lat, 95) < 300 else "no"
            ratio = ratio or " " * 24
            print(f"{endpoint:<10}{name:<22}{len(lat):>6}{len(lat) / took:>8.1f}{pct(lat, 50):>9.1f}{pct(lat, 95):>9.1f}"
                  f"{ok:>9}{ratio}{loads[(endpoint, label)]:>7.1f}{errs}")
    single = {e: statistics.median(results[e]["direct"][0]) * 1000 for e in ENDPOINTS}
    print("\nmedian direct query under this concurrency: " + ", ".join(f"{e} {v:.1f} ms" for e, v in single.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
