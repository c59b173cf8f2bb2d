"""The HTTP API on stores of known content, through FastAPI's test client: each answer is checked
against the store itself (a direct SQL query), never against a number written here."""

from __future__ import annotations

import duckdb
import pytest

from dyad.web import Limits, Settings, create_app
from fastapi.testclient import TestClient

from web.conftest import client_for


def sql(db, query, params=()):  # noqa: ANN001, ANN201
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def all_pages(client, **params):  # noqa: ANN001, ANN003, ANN201
    out, after = [], None
    for _ in range(1000):
        r = client.get("/api/events", params={**params, **({"after": after} if after else {})})
        assert r.status_code == 200, r.text
        page = r.json()
        out += page["events"]
        after = page["next"]
        if not after:
            return out
    raise AssertionError("pagination did not end")


# -- reading ---------------------------------------------------------------------------------


def test_summary_counts_the_tables(examples, example_store) -> None:
    s = examples.get("/api/summary").json()
    assert s["events"] == sql(example_store, "SELECT count(*) FROM events")[0][0]
    assert s["mentions"] == sql(example_store, "SELECT count(*) FROM mentions")[0][0]
    assert s["documents"] == 5
    assert s["asserted"] == sql(example_store, "SELECT count(*) FROM events WHERE status = 'asserted'")[0][0]


@pytest.mark.parametrize("sort, order", [
    ("-date", "date DESC NULLS LAST, event_key DESC"), ("date", "date ASC NULLS LAST, event_key ASC"),
    ("-goldstein", "goldstein DESC, event_key DESC"), ("mentions", "num_mentions ASC, event_key ASC"),
])  # fmt: skip
def test_keyset_pages_walk_every_event_once_in_order(relations, relations_store, sort, order) -> None:
    got = [e["event_key"] for e in all_pages(relations, sort=sort, limit=7, status="all")]
    want = [r[0] for r in sql(relations_store, f"SELECT event_key FROM events ORDER BY {order}")]
    assert got == want


@pytest.mark.parametrize("params, where, args", [
    ({"actor": "IRN"}, "source_country = 'IRN' OR target_country = 'IRN'", ()),
    ({"actor": "SYRGOV"}, "starts_with(source, 'SYRGOV') OR starts_with(coalesce(target, ''), 'SYRGOV')", ()),
    ({"source": "RUS", "target": "SYR"}, "source_country = 'RUS' AND target_country = 'SYR'", ()),
    ({"dyad": "SYR,RUS"}, "dyad = 'RUS|SYR'", ()),
    ({"dyad": "RUSMIL,SYR"}, "(source = 'RUSMIL' AND target_country = 'SYR') OR (source_country = 'SYR' AND target = 'RUSMIL')", ()),
    ({"code": "19"}, "root_code = '19'", ()),
    ({"quad": [3, 4]}, "quad_class IN (3, 4)", ()),
    ({"since": "2024-02-01", "until": "2024-02-29"}, "date BETWEEN ? AND ?", ("2024-02-01", "2024-02-29")),
    ({"place": "damascus"}, "event_key IN (SELECT event_key FROM mentions WHERE location_name = 'Damascus')", ()),
    ({"place": "IRN"}, "event_key IN (SELECT event_key FROM mentions WHERE location_country = 'IRN')", ()),
    ({"q": "190 syrreb"}, "code = '190' AND target = 'SYRREB'", ()),
])  # fmt: skip
def test_filters_select_what_sql_selects(relations, relations_store, params, where, args) -> None:
    got = sorted(e["event_key"] for e in all_pages(relations, **params, limit=1000))
    want = sorted(r[0] for r in sql(relations_store,
                                     f"SELECT event_key FROM events WHERE status = 'asserted' AND ({where})", args))  # fmt: skip
    assert got == want and got, params
    r = relations.get("/api/events", params={**params, "count": "true", "limit": 1})
    assert r.json()["total"] == len(want)


def test_each_event_carries_its_evidence(examples, example_store) -> None:
    page = examples.get("/api/events", params={"limit": 1000, "status": "all", "explain": "true"}).json()
    assert len(page["events"]) == sql(example_store, "SELECT count(*) FROM events")[0][0]
    for e in page["events"]:
        ev = e["evidence"]
        (sentence, pattern, url), = sql(example_store, """
            SELECT s.text, m.pattern, d.doc_id FROM events e JOIN mentions m ON m.mention_id = e.first_mention
            JOIN sentences s USING (doc_id, sentence_index) JOIN documents d USING (doc_id)
            WHERE e.event_key = ?""", [e["event_key"]])  # fmt: skip
        assert ev["sentence"] == sentence and ev["pattern"] == pattern and ev["doc_id"] == url
        trig = ev["spans"]["trigger"]
        assert f"[{sentence[trig[0]:trig[1]]}]V" in e["explain"]
        assert e["num_mentions"] >= 1


def test_event_and_document_pages(examples, example_store) -> None:
    key, doc_id = sql(example_store, """SELECT e.event_key, m.doc_id FROM events e
        JOIN mentions m ON m.mention_id = e.first_mention WHERE e.code = '190' ORDER BY 1 LIMIT 1""")[0]  # fmt: skip
    e = examples.get(f"/api/events/{key}").json()
    assert e["code"] == "190" and e["mentions"][0]["doc_id"] == doc_id and "pattern=" in e["explain"]
    d = examples.get(f"/api/documents/{doc_id}").json()  # the id holds slashes
    assert d["doc_id"] == doc_id and key in [x["event_key"] for x in d["events"]]
    order = [(x["evidence"]["sentence_index"]) for x in d["events"]]
    assert order == sorted(order)
    assert d["text"] == sql(example_store, "SELECT text FROM documents WHERE doc_id = ?", [doc_id])[0][0]
    assert examples.get("/api/events/999999").status_code == 404
    assert examples.get("/api/documents/no/such/doc.txt").status_code == 404


def test_locations_count_events_per_place(relations, relations_store) -> None:
    got = {p["name"]: p["events"] for p in relations.get("/api/locations").json()}
    want = dict(sql(relations_store, """SELECT m.location_name, count(DISTINCT e.event_key) FROM mentions m
        JOIN events e USING (event_key) WHERE m.lat IS NOT NULL AND e.status = 'asserted' GROUP BY 1"""))  # fmt: skip
    assert got == want and set(got) == {"Damascus", "Moscow", "Tehran"}


def test_actor_and_reference_endpoints(relations) -> None:
    a = relations.get("/api/actors/RUS").json()
    assert {t["actor"] for t in a["partners"]} == {"SYR"} and {t["actor"] for t in a["adversaries"]} == {"USA"}
    assert any(r["code"].startswith("RUS") for e in a["entries"] for r in e["roles"])
    found = relations.get("/api/actors", params={"q": "Vladimir Putin"}).json()
    assert any(r["code"] == "RUSGOV" for e in found["entries"] for r in e["roles"])
    assert relations.get("/api/actors/ZZZQQ").status_code == 404
    cb = relations.get("/api/codebook/190").json()
    assert cb["quad_class"] == 4 and cb["root_code"] == "19"
    assert relations.get("/api/codebook/999").status_code == 404
    shapes = relations.get("/api/map/countries").json()
    assert "SYR" in {c["id"] for c in shapes["countries"]} or shapes["source"] is None


def test_export_is_the_cli_export_filtered(examples, example_store, tmp_path) -> None:
    from typer.testing import CliRunner

    from dyad.cli import app

    res = CliRunner().invoke(app, ["export", "--format", "csv", "--db", str(example_store)])
    r = examples.get("/api/export", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text == res.stdout
    syr = examples.get("/api/export", params={"format": "jsonl", "actor": "SYR"}).text.splitlines()
    total = examples.get("/api/events", params={"actor": "SYR", "count": "true"}).json()["total"]
    assert len(syr) == total > 0


# -- refusing --------------------------------------------------------------------------------


@pytest.mark.parametrize("url, status, names", [
    ("/api/events?acter=SYR", 400, "acter"),
    ("/api/events?limit=1001", 422, "limit"),
    ("/api/events?since=2024-02-30", 422, "since"),
    ("/api/events?since=2024-03-01&until=2024-02-01", 400, "since"),
    ("/api/events?actor=XYZQ", 400, "actor"),
    ("/api/events?after=bm90LWEtY3Vyc29y", 400, "after"),
    ("/api/events?quad=5", 422, "quad"),
    ("/api/events?status=maybe", 422, "status"),
    ("/api/series?a=SYR&b=XYZQ", 400, "XYZQ"),
    ("/api/series?a=SYR", 422, "b"),
    ("/api/dyads?since=2024-03-01&until=2024-02-01", 400, "since"),
    ("/api/shifts?window=1", 422, "window"),
    ("/api/network?level=planet", 422, "level"),
    ("/api/export?format=xlsx", 422, "format"),
])  # fmt: skip
def test_bad_requests_get_4xx_naming_the_parameter(relations, url, status, names) -> None:
    r = relations.get(url)
    assert r.status_code == status, r.text
    assert names in r.json()["error"]


def test_forecast_matches_the_cli_and_refuses_bad_scenarios(relations) -> None:
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from dyad.cli import app

    scenario = Path(__file__).resolve().parents[2] / "examples" / "syria-2025.yaml"
    cli = CliRunner().invoke(app, ["forecast", str(scenario), "--format", "json", "--monte-carlo", "200", "--seed", "3"])
    r = relations.post("/api/forecast", json={"scenario": scenario.read_text(), "runs": 200, "seed": 3})
    assert r.status_code == 200, r.text
    got, want = r.json(), json.loads(cli.stdout)
    want["scenario"] = got["scenario"]  # named after its source (file name vs "scenario")
    assert got == want
    bad = [({"scenario": "issues: [\n"}, 400, "scenario"), ({"scenario": {"issues": []}}, 400, "no issues"),
           ({"scenario": "x: 1", "colour": "red"}, 422, "colour"), ({"scenario": {}, "runs": 2001}, 422, "runs"),
           ({"scenario": scenario.read_text(), "model": "oracle"}, 422, "model")]  # fmt: skip
    for body, status, words in bad:
        r = relations.post("/api/forecast", json=body)
        assert r.status_code == status and words in r.json()["error"], (body, r.text)


def test_request_bodies_are_bounded(relations_store) -> None:
    with client_for(relations_store, limits=Limits(body_bytes=10_000)) as c:
        r = c.post("/api/forecast", json={"scenario": "x" * 20_000})
        assert r.status_code == 413 and "larger than 10,000 bytes" in r.json()["error"]

        def chunks():  # noqa: ANN202 - no content-length: the stream itself is counted
            for _ in range(20):
                yield b"x" * 1000

        r = c.post("/api/forecast", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_slow_queries_are_cancelled_with_503(relations_store, monkeypatch) -> None:
    from dyad.web import events

    def slow(con):  # noqa: ANN001, ANN202 - a real DuckDB query that would run for minutes
        return con.execute("SELECT sum(hash(i)) FROM range(100000000000) t(i)").fetchall()

    monkeypatch.setattr(events, "summary", slow)
    with client_for(relations_store, limits=Limits(query_seconds=0.5)) as c:
        r = c.get("/api/summary")
        assert r.status_code == 503 and "longer than 0.5 s" in r.json()["error"]
        assert c.get("/api/events?limit=1").status_code == 200  # the server goes on


def test_the_server_cannot_write_and_has_no_sql_endpoint(relations) -> None:
    access = relations.app.state.access
    with pytest.raises(duckdb.Error, match="read-only"):
        access.run(lambda con: con.execute("CREATE TABLE t (i INTEGER)"), timeout=5)
    paths = relations.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if "sql" in p.lower()]
    assert {"/api/events", "/api/series", "/api/dyads", "/api/network", "/api/balance", "/api/shifts",
            "/api/forecast", "/api/export", "/api/documents"} <= set(paths)  # fmt: skip


def test_cors_is_off_unless_an_origin_is_named(relations_store, relations) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in relations.get("/api/summary", headers=origin).headers
    with client_for(relations_store, cors=("https://elsewhere.example",)) as c:
        assert c.get("/api/summary", headers=origin).headers["access-control-allow-origin"] == "https://elsewhere.example"
        other = c.get("/api/summary", headers={"Origin": "https://third.example"}).headers
        assert "access-control-allow-origin" not in other


# -- writing ---------------------------------------------------------------------------------


def test_ingest_is_forbidden_by_default_and_needs_the_token(tmp_path) -> None:
    from store.fakes import FakeCoder

    from web.conftest import build_example_store

    db = build_example_store(tmp_path / "w.duckdb")
    doc = {"id": "new-1", "text": "SYRGOV 042 TURGOV 2025-11-02", "date": "2025-11-02"}
    with client_for(db) as c:
        r = c.post("/api/documents", json=doc)
        assert r.status_code == 403 and "--allow-ingest" in r.json()["error"]
    app = create_app(Settings(db=db, allow_ingest=True, token="s3cret"), coder_factory=FakeCoder)
    with TestClient(app) as c:
        before = c.get("/api/summary").json()
        assert c.post("/api/documents", json=doc).status_code == 403
        assert c.post("/api/documents", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 403
        r = c.post("/api/documents", json=doc, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 201 and r.json()["events"] == 1, r.text
        after = c.get("/api/summary").json()  # the cached summary is not served for the new state
        assert after["documents"] == before["documents"] + 1 and after["events"] == before["events"] + 1
        assert c.get("/api/documents/new-1").json()["events"][0]["code"] == "042"
        again = c.post("/api/documents", json=doc, headers={"Authorization": "Bearer s3cret"})
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert c.post("/api/documents", json={**doc, "lang": "en"},
                      headers={"Authorization": "Bearer s3cret"}).status_code == 422  # fmt: skip


def test_pages_and_docs_load_nothing_from_other_hosts(examples) -> None:
    import re

    for path in ("/", "/dyad?a=SYR&b=ISR", "/actor?code=SYR", "/network", "/events", "/event?key=1",
                 "/document?id=x", "/forecast", "/docs"):  # fmt: skip
        r = examples.get(path)
        assert r.status_code == 200, path
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text), path
    assert "default-src 'self'" in examples.get("/").headers["content-security-policy"]
    for asset in ("/static/vendor/swagger/swagger-ui-bundle.js", "/static/js/lib.js", "/static/dyad.css"):
        assert examples.get(asset).status_code == 200, asset


def test_pages_draw_in_the_palette_of_the_command_line_plots(relations) -> None:
    """Quad classes and tie signs take dyad.analysis.palette's colour-blind-safe colours on the
    dashboard too: every page loads /palette.css, built from the palette, and dyad.css names no
    colour of its own for them."""
    import re

    from dyad.analysis.palette import NEUTRAL, QUAD_COLOURS, TIE_COLOURS
    from dyad.web.pages import PAGES, STATIC

    css = relations.get("/palette.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    declared = dict(re.findall(r"--([a-z0-9]+): (#[0-9A-Fa-f]{6});", css.text))
    assert declared == {**{f"q{q}": c for q, c in QUAD_COLOURS.items()},
                        "coop": TIE_COLOURS[1], "conf": TIE_COLOURS[-1], "neutral": NEUTRAL}  # fmt: skip
    for path in PAGES:
        html = relations.get(path).text
        assert html.index('href="/palette.css"') < html.index('href="/static/dyad.css"'), path
    static = (STATIC / "dyad.css").read_text()
    assert not re.search(r"--(q[1-4]|coop|conf|neutral)\s*:", static)
    for name in declared:
        assert f"var(--{name})" in static, name
