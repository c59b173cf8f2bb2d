"""Generated requests to every endpoint of the OpenAPI description (schemathesis drives
hypothesis from the spec: valid and invalid parameters, odd strings, huge numbers, missing
fields): whatever is sent, the server answers with no 5xx.

The app is built at import (schemathesis' fixture loader does not run under pytest 9), on its
own copy of the synthetic relations store, with ingest enabled so POST /api/documents is
exercised past its token check."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from dyad.run.ingest import ingest
from dyad.web import Limits, Settings, create_app
from store.fakes import FakeCoder, doc
from web.conftest import PlacedCoder, relations_lines

pytest_plugins = ["schemathesis.pytest.plugin"]  # loaded here only (pyproject.toml: -p no:schemathesis)

_DIR = tempfile.TemporaryDirectory(prefix="dyad-web-props-")
_DB = Path(_DIR.name) / "props.duckdb"
ingest(_DB, [doc(f"p{i:03d}", line, day=line.split()[3]) for i, line in enumerate(relations_lines())],
       PlacedCoder, window=0)  # fmt: skip
APP = create_app(Settings(db=_DB, allow_ingest=True, token="t", limits=Limits(monte_carlo_runs=50)),
                 coder_factory=FakeCoder)  # fmt: skip
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case) -> None:  # noqa: ANN001
    if case.method == "POST" and case.path == "/api/documents":
        case.headers = {**(case.headers or {}), "Authorization": "Bearer t"}
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
