"""Shared fixtures, and the ``slow`` marker applied by rule.

Reference data lives in ../shared (CI has it there); tests that need it skip with a clear reason
where it is absent, since the product itself never needs it.

``pytest -m "not slow"`` is the quick loop; ``make test`` runs everything. Nobody marks ``slow``
by hand: a test is slow when it is of a heavy *kind*, and the kind is found from what the test
uses (its code, the functions of the test tree it calls, its fixtures' code):

* ``spacy``: it loads the spaCy pipeline (a few seconds per process, then a parse per sentence):
  it takes the ``coder`` or ``nlp`` fixture, or names an entry point that builds a coder or the
  pipeline (``SPACY_ENTRY_POINTS``);
* ``processes``: it starts processes: the real ``dyad`` command or a script in a subprocess
  (kill -9 tests among them), worker processes (``workers=``, ``--workers``), a Dask cluster
  (``PROCESS_NAMES``, ``PROCESS_OPTIONS``);
* ``properties``: its inputs are generated (hypothesis, schemathesis, a seeded random generator):
  many examples per test;
* ``browser`` and ``large``: declared where the kind cannot be seen in the code (a browser; a
  large input or many store writes that are the point of the test), by a module's ``pytestmark``
  or a test's decorator.

Each kind is a marker of its own (``pytest -m processes``) and implies ``slow``. In the quick loop
a test that loads the pipeline or starts a process anyway fails and says so, so the rule cannot
silently miss one; tests over ``QUICK_LOOP_NOTE`` seconds are listed at the end of the run.
"""

from __future__ import annotations

import dis
import functools
import inspect
import multiprocessing.process
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import CodeType

import pytest

pytest_plugins = ["pytester"]  # tests/test_markers.py runs the rule on a test module of its own

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent  # the functions the rule follows are defined below here
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "data" / "external"

# names whose use builds dyad's coder or loads the spaCy pipeline
SPACY_ENTRY_POINTS = frozenset({"code_text", "CoderOptions", "default_coder", "Coder", "load_nlp", "make_coder", "with_statements"})
# fixtures that hand a test a loaded pipeline (directly or through a coder)
PIPELINE_FIXTURES = frozenset({"coder", "nlp"})
# names whose use starts a process: a subprocess, a process pool, a Dask cluster, a browser
PROCESS_NAMES = frozenset({"subprocess", "Popen", "multiprocessing", "ProcessPoolExecutor", "run_dask", "LocalCluster",
                           "sync_playwright"})  # fmt: skip
# constants that ask dyad for worker processes: `workers=` (a keyword), `--engine dask`, and
# `--workers` unless its value is written out as 0 or 1
PROCESS_OPTIONS = frozenset({"workers", "dask"})
# names whose use generates a test's inputs: ``@given`` on a nested function, a seeded generator
PROPERTY_NAMES = frozenset({"given", "Random", "default_rng"})
# kinds declared by a marker, since the code does not show them
DECLARED_KINDS = ("browser", "large")
QUICK_LOOP_NOTE = 1.0  # seconds
GUARD = "_quick_loop_stays_quick"  # the autouse fixture every test takes: it names what it refuses


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


# --- the rule --------------------------------------------------------------------------------


def _in_tests(code: CodeType) -> bool:
    return code.co_filename.startswith(f"{TESTS}/")


def _constants(code: CodeType, tuples: bool = True) -> Iterator[object]:
    """The constants of ``code``: a list literal of constants is folded into a tuple, so tuples
    are opened (``tuples``) or given whole."""
    stack = list(code.co_consts)
    while stack:
        c = stack.pop()
        if isinstance(c, tuple | frozenset):
            stack.extend(c)
            if tuples:
                continue
        if not isinstance(c, CodeType):
            yield c


_VARIABLE = frozenset({"LOAD_FAST", "LOAD_DEREF", "LOAD_GLOBAL", "LOAD_NAME"})
_READ = frozenset({"LOAD_ATTR", "LOAD_METHOD", "CONTAINS_OP", "COMPARE_OP", "BINARY_SUBSCR"})


def _asks_for_workers(code: CodeType) -> bool:
    """An argument list holds ``--workers`` and then a number over 1 or a variable (not a
    message checked for the option's name: ``"--workers" in r.stderr``)."""
    if any(isinstance(c, tuple) and "--workers" in c[:-1] and _big(c[c.index("--workers") + 1])
           for c in _constants(code, tuples=False)):  # fmt: skip
        return True
    if "--workers" not in code.co_consts:
        return False
    ops = [*dis.get_instructions(code), None, None]
    for op, nxt, after in zip(ops, ops[1:], ops[2:]):
        if op is None or op.opname != "LOAD_CONST" or op.argval != "--workers" or nxt is None:
            continue
        if nxt.opname == "LOAD_CONST" and _big(nxt.argval):
            return True
        if nxt.opname in _VARIABLE and (after is None or after.opname not in _READ):
            return True
    return False


def _big(value: object) -> bool:
    return isinstance(value, str) and value.isdigit() and int(value) > 1


@functools.cache
def _shows(code: CodeType) -> frozenset[str]:
    """The kinds the code object itself shows (its names and constants)."""
    kinds = set()
    names = set(code.co_names)
    if names & SPACY_ENTRY_POINTS:
        kinds.add("spacy")
    if names & PROPERTY_NAMES:
        kinds.add("properties")
    if (names & PROCESS_NAMES or _asks_for_workers(code)
            or PROCESS_OPTIONS.intersection(c for c in _constants(code) if isinstance(c, str))):  # fmt: skip
        kinds.add("processes")
    return frozenset(kinds)


def _uses(code: CodeType, namespace: dict, seen: set[CodeType]) -> set[str]:
    """The kinds ``code`` shows, with those of the functions of the test tree it names (helpers
    of its module or imported from another test module) and of its nested functions."""
    if code in seen:
        return set()
    seen.add(code)
    kinds = set(_shows(code))
    for name in code.co_names:
        g = namespace.get(name)
        if inspect.isfunction(g) and _in_tests(g.__code__):
            kinds |= _uses(g.__code__, g.__globals__, seen)
    for c in code.co_consts:
        if isinstance(c, CodeType):
            kinds |= _uses(c, namespace, seen)
    return kinds


def _fixture_functions(item: pytest.Item) -> Iterator:
    """The functions of the test tree behind the test's fixtures (the guard below excepted)."""
    info = getattr(item, "_fixtureinfo", None)
    for name in getattr(item, "fixturenames", ()):
        for fixdef in info.name2fixturedefs.get(name, ()) if info is not None and name != GUARD else ():
            f = getattr(fixdef, "func", None)
            if inspect.isfunction(f) and _in_tests(f.__code__):
                yield f


def _generated(item: pytest.Item) -> bool:
    """Hypothesis drives the test (``@given``, or schemathesis, which builds on it)."""
    fn = getattr(item, "obj", None)
    return bool(getattr(fn, "is_hypothesis_test", False) or getattr(fn, "hypothesis", None))


def heavy_kinds(item: pytest.Item) -> set[str]:
    """The heavy kinds of one collected test (the rule of the module docstring)."""
    kinds = {k for k in DECLARED_KINDS if item.get_closest_marker(k) is not None}
    if set(getattr(item, "fixturenames", ())) & PIPELINE_FIXTURES:
        kinds.add("spacy")
    if _generated(item):
        kinds.add("properties")
    seen: set[CodeType] = set()
    fn = getattr(item, "function", None)
    if fn is not None:
        kinds |= _uses(fn.__code__, fn.__globals__, seen)
    for f in _fixture_functions(item):
        kinds |= _uses(f.__code__, f.__globals__, seen)
    return kinds


def loads_pipeline(item: pytest.Item) -> bool:
    """The test loads the spaCy pipeline, by the rule of the module docstring."""
    return "spacy" in heavy_kinds(item)


KINDS = {
    "slow": 'a test of a heavy kind below; `pytest -m "not slow"` is the quick loop',
    "spacy": "loads the spaCy pipeline (found from the test's fixtures and code)",
    "processes": "starts processes: dyad or a script in a subprocess, worker processes, a Dask cluster (found)",
    "properties": "generated inputs: hypothesis, schemathesis, a seeded random generator (found)",
    "browser": "drives Chromium through Playwright (declared; skipped where /usr/bin/chromium is absent)",
    "large": "a large input or many store writes is the point of the test (declared)",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, doc in KINDS.items():
        config.addinivalue_line("markers", f"{name}: {doc}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        kinds = heavy_kinds(item)
        for kind in sorted(kinds - {m.name for m in item.iter_markers()}):
            item.add_marker(kind)
        if kinds and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


# --- the quick loop's guard ------------------------------------------------------------------


def _quick(request: pytest.FixtureRequest) -> bool:
    return "not slow" in (request.config.option.markexpr or "") and request.node.get_closest_marker("slow") is None


@pytest.fixture(autouse=True)
def _quick_loop_stays_quick(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In ``-m "not slow"``, loading the spaCy model or starting a process fails the test with
    what to do about it (no process is started, so a subprocess cannot load the model either)."""
    if not _quick(request):
        return
    import spacy

    def refuse(what: str, kind: str, how: str):  # noqa: ANN202
        def refused(*_args: object, **_kwargs: object) -> None:
            pytest.fail(f"{request.node.nodeid} {what} in the quick loop but is not marked slow: {how}, so that it "
                        f"is of kind `{kind}` (tests/conftest.py)", pytrace=False)  # fmt: skip

        return refused

    monkeypatch.setattr(spacy, "load", refuse("loads the spaCy pipeline", "spacy",
                                              "take the `coder` or `nlp` fixture or name a SPACY_ENTRY_POINTS entry point"))  # fmt: skip
    starts = refuse("starts a process", "processes", "name a PROCESS_NAMES name or pass a PROCESS_OPTIONS option")
    monkeypatch.setattr(subprocess.Popen, "__init__", starts)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", starts)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # noqa: ANN001
    """After a quick loop, name the tests that made it slow (a note, not a failure: the machine is shared)."""
    if "not slow" not in (config.option.markexpr or ""):
        return
    long = sorted(((r.duration, r.nodeid) for r in terminalreporter.getreports("passed") if r.when == "call"
                   and r.duration > QUICK_LOOP_NOTE), reverse=True)  # fmt: skip
    if long:
        terminalreporter.section(f"quick loop: {len(long)} tests over {QUICK_LOOP_NOTE:g} s (a heavy kind the rule "
                                 "does not see? a large input is declared `large`)")  # fmt: skip
        for duration, nodeid in long[:15]:
            terminalreporter.write_line(f"{duration:5.1f}s {nodeid}")


@pytest.fixture(scope="session")
def coder():
    """dyad's default coder, loaded once per process (``dyad.coder.default_coder``)."""
    from dyad.coder import default_coder

    return default_coder()


@pytest.fixture(scope="session")
def nlp(coder):
    """The spaCy pipeline dyad codes with (parser + NER + the actor and place ruler)."""
    return coder.nlp
