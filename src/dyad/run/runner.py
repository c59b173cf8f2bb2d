"""``dyad code`` as a library call: read inputs, code them, write events, report what was skipped.

Kept out of the CLI so that scripts (and the store's ingest) get the same behaviour: streaming,
ordered output, skipped inputs reported and counted, output written atomically.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TextIO

from dyad.model import Document
from dyad.outfiles import check_output
from dyad.run.inputs import Skipped, is_read, read_documents
from dyad.run.outputs import atomic_output, is_code_output, open_writer
from dyad.run import workers as workers_module
from dyad.run.workers import code_stream
from dyad.errors import InputError

__all__ = ["CodeSummary", "run_code", "SKIPPED_EXIT"]

SKIPPED_EXIT = 4  # some input was skipped, the rest coded (2 = bad arguments, 3 = bad data files)


@dataclass(slots=True)
class CodeSummary:
    documents: int = 0
    events: int = 0
    undated: int = 0  # documents coded without any date (relative dates left unresolved)
    skipped: list[Skipped] = field(default_factory=list)
    output_kept: bool = False  # nothing was coded, so --output was left as it was (or not created)


class _NothingCoded(Exception):
    """Every input was skipped: the output file is not replaced by an empty one."""


def run_code(
    inputs: Iterable[str],
    *,
    default_date: date | None = None,
    fmt: str = "jsonl",
    output: str | None = None,
    explain: bool = False,
    all_sentences: bool = False,
    workers: int = 1,
    stdout: TextIO | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    coder_factory: Callable[[], Any] | None = None,
    force: bool = False,
) -> CodeSummary:
    """Code every document in ``inputs`` and write the events (or explanations) to ``output``.

    ``on_skip`` is called as each unusable input is met, so messages appear while a long run
    goes on; they are also collected in the summary. ``output`` follows ``dyad.outfiles``' rules
    (never an input, a store or another command's file unless ``force``); a run that codes no
    document at all leaves an existing output as it was.
    """
    if workers < 1:
        raise InputError(f"--workers: must be at least 1, got {workers}")
    if all_sentences and not explain:
        raise InputError("--all-sentences only makes sense with --explain")
    open_writer(fmt, _Null())  # refuse an unknown format before reading anything
    coder_factory = coder_factory or workers_module.default_coder  # looked up now: tests swap it
    summary = CodeSummary()
    inputs = list(inputs)
    if output:
        output = str(check_output(output, command="dyad code", recognise=is_code_output, force=force,
                                  inputs=[i for i in inputs if i != "-"], reads=is_read))  # fmt: skip
    docs = read_documents(inputs, default_date)

    def body(out: TextIO) -> None:
        if explain:
            _explain(docs, out, all_sentences, summary, on_skip, coder_factory)
            return
        writer = open_writer(fmt, out)
        for item in code_stream(docs, workers=workers, coder_factory=coder_factory):
            if isinstance(item, Skipped):
                _skip(item, summary, on_skip)
                continue
            doc, events = item
            summary.documents += 1
            summary.undated += doc.date is None
            summary.events += writer.write(events)
        writer.close()

    if output:
        try:
            with atomic_output(output) as fh:
                body(fh)
                if summary.documents == 0 and summary.skipped:
                    raise _NothingCoded  # every input skipped: keep what the file held
        except _NothingCoded:
            summary.output_kept = True
    else:
        body(stdout or sys.stdout)
    return summary


def _skip(item: Skipped, summary: CodeSummary, on_skip: Callable[[Skipped], None] | None) -> None:
    summary.skipped.append(item)
    if on_skip is not None:
        on_skip(item)


def _explain(docs: Iterable[Document | Skipped], out: TextIO, all_sentences: bool, summary: CodeSummary,
             on_skip: Callable[[Skipped], None] | None, coder_factory: Callable[[], Any]) -> None:
    from dyad.coder.explain import render_explain

    coder = coder_factory()
    for item in docs:
        if isinstance(item, Skipped):
            _skip(item, summary, on_skip)
            continue
        traces = coder.explain(item, all_sentences=all_sentences)
        summary.documents += 1
        summary.undated += item.date is None
        summary.events += sum(len(t.events) for t in traces)
        out.write(f"== {item.id}" + (f" ({item.date.isoformat()})" if item.date else " (no date)") + "\n")
        out.write(render_explain(traces) + "\n")


class _Null:
    def write(self, s: str) -> int:
        return len(s)

    def flush(self) -> None:
        pass
