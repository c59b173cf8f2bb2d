"""The shell commands of a Markdown page's fenced code blocks, as a reader would type them.

A block is run when its language is a shell's (``bash``, ``sh``, ``shell``: every line a command;
``console``: lines after ``$ `` are commands, the lines up to the next ``$ `` what it prints).
An HTML comment on the line before the fence says how else to treat it:

* ``<!-- doc-test: skip (why) -->``: not run (a synopsis, a benchmark's one-run timings);
* ``<!-- doc-test: server (why) -->``: each command serves until stopped; the test starts it on
  a free port, asks it for a page and stops it.

An untagged block that holds a command (a line starting ``dyad `` or ``$ ``) and no marker is an
error, so that a command cannot escape the test by losing its tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SHELLS = {"bash", "sh", "shell", "console"}
MARKER = re.compile(r"<!--\s*doc-test:\s*(skip|server)\b(.*?)-->")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")


@dataclass(frozen=True)
class Command:
    """One command line and, from a console block, the output the page shows for it."""

    page: str
    line: int
    text: str
    expected: tuple[str, ...] = ()


@dataclass
class Block:
    page: str
    line: int  # of the opening fence, 1-based
    lang: str
    body: list[str]
    mode: str = "run"  # run | skip | server
    commands: list[Command] = field(default_factory=list)


def blocks(path: Path, root: Path) -> list[Block]:
    """Every fenced block of ``path``, with its marker and its commands."""
    page = str(path.relative_to(root))
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), len(lines))
        marker = MARKER.search(lines[i - 1]) if i > 0 else None
        block = Block(page, i + 1, m.group(2), lines[i + 1 : end], marker.group(1) if marker else "run")
        block.commands = _commands(block)
        out.append(block)
        i = end + 1
    return out


def _commands(block: Block) -> list[Command]:
    if block.lang == "console":
        return _console(block)
    if block.lang not in SHELLS:
        return []
    cmds, pending, start = [], "", 0
    for n, raw in enumerate(block.body, block.line + 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        start = start if pending else n
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        cmds.append(Command(block.page, start, pending + line))
        pending = ""
    return cmds


def _console(block: Block) -> list[Command]:
    cmds: list[Command] = []
    current: tuple[int, str] | None = None
    shown: list[str] = []
    for n, raw in enumerate(block.body, block.line + 1):
        if raw.startswith("$ "):
            if current:
                cmds.append(Command(block.page, current[0], current[1], tuple(shown)))
            current, shown = (n, raw[2:].strip()), []
        elif current:
            shown.append(raw)
    if current:
        cmds.append(Command(block.page, current[0], current[1], tuple(shown)))
    return cmds


def untagged_commands(block: Block) -> bool:
    """An unmarked block without a shell tag that holds a command line."""
    return (block.mode == "run" and block.lang == ""
            and any(line.startswith(("dyad ", "$ ")) for line in block.body))  # fmt: skip


_BOX = re.compile(r"[\u2500-\u257f]")


def normalise(text: str) -> str:
    """Output as compared with a page: table rules and runs of spaces do not count."""
    return re.sub(r"[ \t]+", " ", _BOX.sub(" ", text)).strip()


def missing_lines(expected: tuple[str, ...], output: str) -> list[str]:
    """The lines a page shows that the output lacks; a line with ``...`` is elided, not checked."""
    have = {normalise(line) for line in output.splitlines()}
    return [line for line in expected if line.strip() and "..." not in line and normalise(line) not in have]


OUTPUT_OPTION = re.compile(r"(?:^|\s)(?:-o|--output|--plot)\s+(\S+)")


def written_files(command: str) -> list[str]:
    """The files a command says it writes (``-o``, ``--output``, ``--plot``)."""
    return OUTPUT_OPTION.findall(command)
