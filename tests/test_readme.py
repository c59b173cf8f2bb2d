"""Every command of README.md and docs/*.md runs as written (the way sqlite-utils and Datasette
test their documentation), so the pages cannot drift from the code.

Each page runs in a workspace of its own: a copy of ``examples/`` beside ``../shared`` (a link to
the real one, when present), with the store of the examples that ``make demo`` writes
(``demo-output/demo.duckdb``) and, for the docs pages, the ``./dyad.duckdb`` the README's tour
leaves behind; the README builds its own. The store is built once per process by ``dyad ingest``.
Commands run in order, in bash, with ``.venv/bin`` first on the PATH. Each must exit 0, print or
write something (the files named by ``-o``, ``--output``, ``--plot`` exist and are not empty), and
print every line its console block shows (lines with ``...`` are elided). Commands that read
``../shared`` are skipped, saying so, where it is absent. Marked slow: the commands load spaCy.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
from doc_commands import blocks, missing_lines, untagged_commands, written_files

PAGES = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
BIN = str(Path(sys.executable).parent)
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=\S*")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DYAD_")}
    env.update(PATH=BIN + os.pathsep + env.get("PATH", ""), COLUMNS="100", NO_COLOR="1")
    return env


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples ingested into a store, once per process."""
    db = tmp_path_factory.mktemp("store") / "examples.duckdb"
    run = subprocess.run([f"{BIN}/dyad", "ingest", str(ROOT / "examples" / "articles"), "--db", str(db)],
                         capture_output=True, text=True, env=_env(), timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return db


def _workspace(tmp_path: Path, store: Path, page: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples", repo / "examples")
    (repo / "demo-output").mkdir()
    shutil.copy(store, repo / "demo-output" / "demo.duckdb")
    if page != "README.md":  # the README's tour builds ./dyad.duckdb itself
        shutil.copy(store, repo / "dyad.duckdb")
    if SHARED.is_dir():
        (tmp_path / "shared").symlink_to(SHARED)
    return repo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(command: str, cwd: Path) -> str:
    """Start a serving command on a free port; an empty string when it answered, else why not."""
    port = _free_port()
    command = re.sub(r"\s+#.*$", "", command)  # the page's comment, not a --port it would swallow
    proc = subprocess.Popen(["bash", "-c", f"{command} --port {port}"], cwd=cwd, env=_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/summary", timeout=5) as r:
                    return "" if r.status == 200 and b"events" in r.read() else f"/api/summary answered {r.status}"
            except OSError:
                time.sleep(0.3)
        return "exited before answering" if proc.poll() is not None else "no answer in 60 s"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=30)[0]
        if proc.returncode not in (0, -signal.SIGTERM):
            print(out)


def _background(command: str, cwd: Path, jobs: list[subprocess.Popen]) -> str:
    """A command the page sends to the background (``... &``, a dask scheduler or worker): started
    in a session of its own, its output to a file (a pipe would never close), stopped when the
    page ends."""
    log = cwd / f".background-{len(jobs)}.log"
    with log.open("w") as fh:
        jobs.append(subprocess.Popen(["bash", "-c", command.rstrip()[:-1]], cwd=cwd, env=_env(), stdout=fh,
                                     stderr=subprocess.STDOUT, start_new_session=True))  # fmt: skip
    time.sleep(2)
    if jobs[-1].poll() not in (None, 0):
        return f"exit {jobs[-1].returncode}: {log.read_text()[-600:]}"
    return ""


def _stop(jobs: list[subprocess.Popen]) -> None:
    for job in jobs:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGTERM)
    for job in jobs:
        try:
            job.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(job.pid, signal.SIGKILL)
            job.wait()


PORT = re.compile(r"--port\s+(\d+)")


def _free_ports(commands: list[str]) -> list[str]:
    """The fixed ports a block's background servers listen on (``--port 8786``), each replaced by
    a free one in all of the block's commands, so that two runs of the tests do not meet."""
    text = "\n".join(commands)
    for port in set(PORT.findall(text)):
        text = re.sub(rf"(?<=[:\s]){port}\b", str(_free_port()), text)
    return text.split("\n")


def _run(command: str, expected: tuple[str, ...], cwd: Path) -> str:
    """Run one command; an empty string when it did what the page says, else what went wrong."""
    run = subprocess.run(["bash", "-c", command], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    if run.returncode != 0:
        return f"exit {run.returncode}: {output.strip()[-600:]}"
    files = written_files(command)
    for f in files:
        out = cwd / f
        wrote = out.stat().st_size > 0 if out.is_file() else out.is_dir() and any(out.iterdir())  # a dataset is a directory
        if not wrote:
            return f"wrote no {f}"
    if not run.stdout.strip() and not files:
        return f"printed nothing (stderr: {run.stderr.strip()[-300:]})"
    missing = missing_lines(expected, output)
    if missing:
        return f"the page shows lines the output lacks: {missing}\n--- output:\n{output[-1500:]}"
    return ""


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_command_of_the_page_runs_as_written(page: str, tmp_path: Path, examples_store: Path) -> None:
    found = blocks(ROOT / page, ROOT)
    untagged = [b.line for b in found if untagged_commands(b)]
    assert not untagged, f"{page}: blocks at lines {untagged} hold commands but no shell tag or doc-test marker"
    runnable = [b for b in found if b.mode != "skip" and b.commands]
    if not runnable:
        pytest.skip(f"{page} shows no shell command")
    repo = _workspace(tmp_path, examples_store, page)
    failures, skipped, jobs = [], [], []
    try:
        for block in runnable:
            if "../shared" in "\n".join(block.body) and not SHARED.is_dir():
                skipped.append(block.line)
                continue
            failures += _run_block(block, repo, jobs)
    finally:
        _stop(jobs)
    assert not failures, "\n".join(failures)
    if skipped:
        pytest.skip(f"{page}: blocks at lines {skipped} read ../shared, absent at {SHARED}")


def _run_block(block, repo: Path, jobs: list[subprocess.Popen]) -> list[str]:
    failures = []
    assignments = ""  # a block's `S=...` lines hold for its later commands, as in one shell
    background = any(c.text.rstrip().endswith("&") for c in block.commands)
    texts = _free_ports([c.text for c in block.commands]) if background else [c.text for c in block.commands]
    for cmd, text in zip(block.commands, texts):
        if ASSIGNMENT.fullmatch(text):
            assignments += text + "; "
            continue
        text = assignments + text
        if block.mode == "server":
            why = _serve(text, repo)
        elif text.rstrip().endswith("&"):
            why = _background(text, repo, jobs)
        else:
            why = _run(text, cmd.expected, repo)
        if why:
            failures.append(f"{block.page}:{cmd.line}: {cmd.text}\n  {why}")
    return failures


def test_the_extractor_finds_the_tour() -> None:
    """The README's tour is found, command by command, and its marked blocks are not run."""
    found = blocks(ROOT / "README.md", ROOT)
    commands = [c.text for b in found if b.mode == "run" for c in b.commands]
    assert any(c.startswith("dyad ingest examples/articles") for c in commands)
    assert any(c.startswith("dyad forecast examples/syria-2025.yaml") for c in commands)
    assert not any(c.startswith("make ") for c in commands)
    assert [b.mode for b in found if any(c.text.startswith("dyad serve") for c in b.commands)] == ["server"]


def test_console_blocks_pair_commands_with_their_output(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- doc-test: skip (a synopsis) -->\n```\ndyad code INPUT...\n```\n\n```console\n"
                    "$ dyad codebook show 042\ncode 042\n$ echo hi\nhi\n```\n\n```\ndyad untagged\n```\n")  # fmt: skip
    synopsis, console, untagged = blocks(page, tmp_path)
    assert synopsis.mode == "skip" and not untagged_commands(synopsis)
    assert [(c.text, c.expected) for c in console.commands] == [("dyad codebook show 042", ("code 042",)),
                                                                 ("echo hi", ("hi",))]  # fmt: skip
    assert untagged_commands(untagged)
    assert missing_lines(("┃ code ┃ 042 ┃", "... elided", "absent"), "│ code   │ 042 │\n") == ["absent"]


def test_background_commands_run_on_free_ports_and_are_stopped(tmp_path: Path) -> None:
    """A block that starts a server with ``&`` neither hangs the test nor outlives it, and its
    fixed port is swapped for a free one in every command of the block."""
    page = tmp_path / "page.md"
    page.write_text("```bash\npython3 -c 'import http.server as h, sys; h.HTTPServer((\"127.0.0.1\", int(sys.argv[2])), "
                    "h.SimpleHTTPRequestHandler).serve_forever()' --port 8786 &\n"
                    "python3 -c 'import urllib.request as u, time; time.sleep(1); "
                    "print(u.urlopen(\"http://127.0.0.1:8786/\").status)'\n```\n")  # fmt: skip
    (block,) = blocks(page, tmp_path)
    jobs: list[subprocess.Popen] = []
    try:
        assert _run_block(block, tmp_path, jobs) == []
        assert len(jobs) == 1 and jobs[0].poll() is None
        assert "8786" not in " ".join(jobs[0].args)
    finally:
        _stop(jobs)
    assert jobs[0].poll() is not None
