import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Dictionary caches go to a per-session directory, never the user's ~/.cache."""
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "dyad-cache"))
