"""Shared fixtures, and the ``slow`` marker applied by rule.

Reference data lives in ../shared (CI has it there); tests that need it skip with a clear reason
where it is absent, since the product itself never needs it.

``slow`` marks every test that loads the spaCy pipeline (a few seconds per process, then a parse
per sentence): ``pytest -m "not slow"`` is the quick loop. Nobody marks by hand. A test is slow
when it takes a fixture that loads the pipeline (``coder``, ``nlp``, or a fixture depending on
them), or when its code, or a helper or fixture of its own module that it calls, names an entry
point that builds a coder or the pipeline (``SPACY_ENTRY_POINTS``). In the quick loop a test that
loads the pipeline anyway fails and says so, so the rule cannot silently miss one.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from types import CodeType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "data" / "external"

# names whose use builds dyad's coder or loads the spaCy pipeline
SPACY_ENTRY_POINTS = frozenset({"code_text", "default_coder", "Coder", "load_nlp", "make_coder", "with_statements"})
# fixtures that hand a test a loaded pipeline (directly or through a coder)
PIPELINE_FIXTURES = frozenset({"coder", "nlp"})


@pytest.fixture(scope="session")
def external() -> Path:
    """Path to ../shared/data/external, or skip the test when the reference data is absent."""
    if not EXTERNAL.is_dir():
        pytest.skip(f"reference data not found at {EXTERNAL} (../shared is absent)")
    return EXTERNAL


@pytest.fixture(scope="session")
def shared_examples() -> Path:
    path = SHARED / "examples"
    if not path.is_dir():
        pytest.skip(f"shared examples not found at {path} (../shared is absent)")
    return path


def _names(code: CodeType, module: str, namespace: dict, seen: set[CodeType]) -> bool:
    """``code`` (or a function of the same module it calls, or a nested function) names an
    entry point of ``SPACY_ENTRY_POINTS``."""
    if code in seen:
        return False
    seen.add(code)
    for name in code.co_names:
        if name in SPACY_ENTRY_POINTS:
            return True
        g = namespace.get(name)
        if inspect.isfunction(g) and g.__module__ == module and _names(g.__code__, module, namespace, seen):
            return True
    return any(isinstance(c, CodeType) and _names(c, module, namespace, seen) for c in code.co_consts)


def loads_pipeline(item: pytest.Item) -> bool:
    """The rule of the module docstring, for one collected test."""
    names = set(getattr(item, "fixturenames", ()))
    if names & PIPELINE_FIXTURES:
        return True
    fn = getattr(item, "function", None)
    if fn is None:
        return False
    seen: set[CodeType] = set()
    module = fn.__module__
    if _names(fn.__code__, module, fn.__globals__, seen):
        return True
    info = getattr(item, "_fixtureinfo", None)
    for name in names:
        for fixdef in (info.name2fixturedefs.get(name, ()) if info is not None else ()):
            f = getattr(fixdef, "func", None)
            if inspect.isfunction(f) and f.__module__ == module and _names(f.__code__, module, f.__globals__, seen):
                return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") is None and loads_pipeline(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _quick_loop_loads_no_pipeline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In ``-m "not slow"``, loading the spaCy model fails the test with what to do about it."""
    if "not slow" not in (request.config.option.markexpr or "") or request.node.get_closest_marker("slow"):
        return
    import spacy

    def refuse(*_args: object, **_kwargs: object) -> None:
        pytest.fail(f"{request.node.nodeid} loads the spaCy pipeline in the quick loop: take the `coder` or "
                    "`nlp` fixture or name a SPACY_ENTRY_POINTS entry point (tests/conftest.py) so that it "
                    "is marked slow", pytrace=False)

    monkeypatch.setattr(spacy, "load", refuse)


@pytest.fixture(scope="session")
def coder():
    """dyad's default coder, loaded once per process (``dyad.coder.default_coder``)."""
    from dyad.coder import default_coder

    return default_coder()


@pytest.fixture(scope="session")
def nlp(coder):
    """The spaCy pipeline dyad codes with (parser + NER + the actor and place ruler)."""
    return coder.nlp
