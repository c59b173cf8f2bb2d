"""The dashboard as a person uses it: a real ``dyad serve`` process on the bundled examples, and
Debian's Chromium driven by Playwright (its own browser download does not work offline). Each
test opens a page, clicks through, checks what is on screen, and saves a screenshot (to
docs/screenshots/ with DYAD_UPDATE_SCREENSHOTS=1, else to a temporary folder).

Skipped, saying why, where /usr/bin/chromium is absent (``.ci/run`` installs it with apt)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytestmark.append(pytest.mark.skip(reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"))
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(example_store):  # noqa: ANN001, ANN201
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dyad.cli", "serve", "--db", str(example_store), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"dyad serve exited: {proc.stderr.read()}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("DYAD_UPDATE_SCREENSHOTS") == "1":
        out = ROOT / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        return out
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # noqa: ANN001, ANN201
    """A page that records every request's host and every script error, checked after the test."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 850})
    pg = ctx.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    pg.on("request", lambda r: hosts.add(urlsplit(r.url).netloc) if r.url.startswith("http") else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.set_default_timeout(15_000)
    pg.script_errors = errors  # a test that provokes an error on purpose clears it
    yield pg
    ctx.close()
    assert hosts <= {urlsplit(server).netloc}, f"requests to other hosts: {hosts}"
    assert not errors, errors


def snap(page, path: Path) -> None:  # noqa: ANN001
    """The visible part of the page (at most 1,600 px tall) as a small 64-colour PNG."""
    import io

    from PIL import Image

    height = min(page.evaluate("document.documentElement.scrollHeight"), 1600)
    png = page.screenshot(clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}, full_page=True)
    Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64).save(path, optimize=True)


def test_overview_shows_summary_dyads_and_map(page, server, shots, example_store) -> None:
    from dyad.store import connect

    with connect(example_store) as con:
        stored = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert stored > 20  # the examples code to a few dozen events
    page.goto(server + "/")
    page.wait_for_selector("svg.map circle.place")
    assert page.locator("#summary .card").first.inner_text().split()[0] == f"{stored:,}"
    assert page.locator("svg.map path.country").count() > 100 or "Graticule only" in page.inner_text("#map")
    first = page.locator("#dyads tbody tr").first
    assert first.locator("td").nth(0).inner_text() == "RUS–SYR"
    snap(page, shots / "overview.png")
    first.locator("a").click()
    page.wait_for_selector("svg.chart rect.bar")
    assert "a=RUS" in page.url and "b=SYR" in page.url


def test_dyad_page_chart_events_event_and_document(page, server, shots) -> None:
    page.goto(server + "/dyad?a=SYR&b=ISR&freq=month")
    page.wait_for_selector("svg.chart rect.bar")
    page.wait_for_selector("#events li.event")
    assert page.locator("h1").inner_text() == "SYR – ISR"
    page.locator('svg.chart rect.hit[data-period="2025-07-01"]').hover()
    tip = page.locator("#chart .tip")
    assert tip.is_visible() and "2025-07-01: 2 events" in tip.inner_text() and "Material conflict: 1" in tip.inner_text()
    items = page.locator("#events li.event")
    assert items.count() == 4 and "(4 matching" in page.inner_text("#count")
    assert items.first.locator("mark.v").count() == 1  # the trigger is highlighted
    snap(page, shots / "dyad.png")
    page.select_option("select[name=freq]", "week")
    page.click("#filters button")
    page.wait_for_function("location.search.includes('freq=week')")
    items.first.locator("a.when").click()
    page.wait_for_selector("#explain:not(:empty)")
    assert "→" in page.inner_text("h1") and "pattern=" in page.inner_text("#explain")
    snap(page, shots / "event.png")
    page.locator("#mentions a.doc").first.click()
    page.wait_for_selector("#text p")
    assert "examples/articles/" in page.inner_text("#meta")
    assert page.locator("#events li.event").count() >= 1
    snap(page, shots / "document.png")


def test_network_edge_lists_its_events(page, server, shots) -> None:
    page.goto(server + "/network")
    page.wait_for_selector("svg.network line.tie")
    assert page.locator("svg.network g.node").count() >= 5
    page.locator('svg.network line.tie[data-a="ISR"][data-b="SYR"], svg.network line.tie[data-a="SYR"][data-b="ISR"]').dispatch_event("click")
    page.wait_for_selector("#tie-events li.event")
    assert "ISR" in page.inner_text("#tie-title") and "SYR" in page.inner_text("#tie-title")
    assert page.locator("#tie-events li.event").count() == 4
    assert "tie=" in page.url
    snap(page, shots / "network.png")
    box = page.locator("svg.network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)  # zoom in
    assert "scale(1.15)" in page.locator("svg.network g.view").get_attribute("transform")


def test_event_explorer_filters_and_explains(page, server, shots) -> None:
    page.goto(server + "/events")
    page.wait_for_selector("#events li.event")
    page.fill("#filters input[name=actor]", "ISR")
    page.fill("#filters input[name=code]", "19")
    page.check("#filters input[name=explain]")
    page.click("#filters button")
    page.wait_for_function("location.search.includes('actor=ISR')")
    page.wait_for_selector("#events li.event pre.explain")
    rows = page.locator("#events li.event")
    assert rows.count() >= 1 and f"{rows.count()} event" in page.inner_text("#count")
    for i in range(rows.count()):
        head = rows.nth(i).locator(".event-head").inner_text()
        assert "ISR" in head and " 19" in head
    assert "code=19" in page.url and "explain=true" in page.url
    snap(page, shots / "events.png")
    page.goto(server + "/events?actor=XYZQ")  # a bad filter is said on the page
    assert "unknown" in page.locator("p.error").inner_text()
    assert page.script_errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page.script_errors.clear()


def test_actor_page_roles_and_partners(page, server, shots) -> None:
    page.goto(server + "/actor?code=SYR")
    page.wait_for_selector("#roles table tbody tr")
    page.wait_for_selector("#partners table tbody tr")
    partners = page.locator("#partners tbody tr td:first-child").all_inner_texts()
    assert "TUR" in partners and "RUS" in partners
    assert "ISR" in page.locator("#adversaries").inner_text()
    snap(page, shots / "actor.png")


def test_forecast_upload_models_rounds_and_spread(page, server, shots) -> None:
    import yaml

    scenario = ROOT / "examples" / "syria-2025.yaml"
    issues = [i["name"] for i in yaml.safe_load(scenario.read_text())["issues"]]
    page.goto(server + "/forecast")
    page.fill("#form input[name=runs]", "200")
    page.set_input_files("#file", str(scenario))
    page.wait_for_selector("#result section.issue svg.spread")
    assert page.locator("#result section.issue h2").all_inner_texts() == issues
    assert page.locator("#result svg.rounds").count() == len(issues)
    assert "200 runs" in page.inner_text("#result")
    assert "#s=" in page.url and "runs=200" in page.url
    snap(page, shots / "forecast.png")
    page.reload()  # the permalink carries the scenario: the same forecast comes back
    page.wait_for_selector("#result section.issue svg.spread")
    assert page.locator("#result section.issue h2").all_inner_texts() == issues


def test_api_docs_page_is_served_offline(page, server) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/events']")
    assert page.locator(".opblock").count() >= 15
