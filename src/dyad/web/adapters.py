"""The two calls the server makes into parts of dyad that are being reshaped: running the
forecasting models and storing a coded document. Each is one small function here, so a change
of those interfaces touches this file only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dyad.model import Document, Event


def forecast_report(doc: Any, *, model: str, preset: str, rounds: int | None, runs: int, seed: int) -> dict[str, Any]:
    """Every chosen model's forecast of a scenario (the mapping ``dyad forecast`` reads from
    YAML), as ``dyad forecast --format json`` prints it, with the Monte Carlo spread if ``runs``."""
    from dyad.forecast.api import forecast_mapping

    return forecast_mapping(doc, models=model, preset=preset, rounds=rounds, monte_carlo=runs, seed=seed)


class _Coded:
    """A coder that hands back events coded beforehand (spaCy ran outside the store's lock)."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def code(self, doc: Document) -> list[Event]:
        return self.events


def store_document(db: Path, doc: Document, coder: Any, locked: Callable[[], Any]) -> dict[str, Any]:
    """Code ``doc`` and store it through the run layer; ``locked()`` is held while writing.

    Returns what was stored: ``{"stored": bool, "duplicate": bool, "events": n, "new_events": n}``.
    """
    from dyad.run.ingest import ingest

    events = coder.code(doc)
    with locked():
        report = ingest(str(db), [doc], lambda: _Coded(events), batch_size=1)
    return {"doc_id": doc.id, "stored": report.stored == 1, "duplicate": report.duplicates == 1,
            "events": report.mentions, "new_events": report.new_events}  # fmt: skip
