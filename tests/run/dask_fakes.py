"""Coders for the Dask engine's tests, importable by worker processes (this directory is on their
``sys.path``: spawned workers inherit it, ``dask worker`` processes get it through PYTHONPATH).

The fake coder of ``store.fakes`` reads lines ``SOURCE CODE TARGET [DATE]``; the slow one takes
``DYAD_FAKE_DELAY`` seconds a document, so that a test can kill a process in mid-run; a
document whose text holds ``BOOM`` makes the coder fail on it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.fakes import FakeCoder  # noqa: E402

from dyad.model import Document, Event  # noqa: E402


class SlowFakeCoder(FakeCoder):
    def code(self, doc: Document) -> list[Event]:
        if "BOOM" in doc.text:
            raise RuntimeError("fake coder exploded")
        time.sleep(float(os.environ.get("DYAD_FAKE_DELAY", "0")))
        return super().code(doc)


def fake_factory() -> SlowFakeCoder:
    return SlowFakeCoder()
