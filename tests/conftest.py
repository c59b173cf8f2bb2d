"""Shared fixtures. Reference data lives in ../shared (CI has it there); tests that need it skip
with a clear reason where it is absent, since the product itself never needs it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "data" / "external"


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
