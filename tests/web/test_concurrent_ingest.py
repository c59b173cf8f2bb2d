"""A store that another process is ingesting into is still served: every answer is the last
committed state (whole batches) or a clear "busy" 503, never an error, and the writer is never
locked out: the server's read-only connection is leased and given up between leases."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dyad.store import connect
from dyad.web import Settings, create_app
from dyad.web.access import StoreAccess

WORKER = Path(__file__).resolve().parents[1] / "store" / "ingest_worker.py"


def test_served_while_another_process_ingests(tmp_path) -> None:
    db = tmp_path / "busy.duckdb"
    connect(db, write=True).close()  # an empty store, as before a first ingest
    n, batch = 40, 10
    access = StoreAccess(db, lease=0.5, idle=0.2, gap=0.25, wait=1.0)
    seen: list[int] = []
    answers: list[int] = []
    with TestClient(create_app(Settings(db=db), access=access), raise_server_exceptions=False) as client:
        start = time.monotonic()
        writer = subprocess.Popen([sys.executable, str(WORKER), str(db), str(n), "0.02", str(batch)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        try:
            i = 0
            while writer.poll() is None and time.monotonic() - start < 120:
                i += 1
                r = client.get("/api/summary")
                answers.append(r.status_code)
                if r.status_code == 200:
                    seen.append(r.json()["documents"])
                else:
                    assert r.status_code == 503 and "busy" in r.json()["error"], r.text
                page = client.get("/api/events", params={"limit": 1 + i % 40, "status": "all"})
                assert page.status_code in (200, 503), page.text
            out, err = writer.communicate(timeout=60)
        finally:
            writer.kill()
        took = time.monotonic() - start
        final = client.get("/api/summary").json()
    assert writer.returncode == 0 and "DONE" in out, err
    assert took < 90, f"the writer needed {took:.0f} s: the server kept it waiting"
    assert out.count("STORED") == n // batch
    assert final["documents"] == n
    assert seen == sorted(seen), "a reader saw the store go back in time"
    assert all(c % batch == 0 for c in seen), f"a half-written batch was visible: {sorted(set(seen))}"
    assert any(0 < c < n for c in seen), f"never served while the ingest ran: {sorted(set(seen))}"
    assert answers.count(200) > answers.count(503)
    print(f"served {answers.count(200)}, busy {answers.count(503)}, states {sorted(set(seen))}, writer {took:.1f} s")
