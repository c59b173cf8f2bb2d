"""Fixtures for the forecasting tests: the EU car-emissions case (Scholz et al. 2011, Table 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.forecast.readers import read_csv


@pytest.fixture(scope="session")
def eu_case(external: Path):
    return read_csv(external / "bdm-eum-scholz" / "jmckib" / "ExampleActors.csv")


@pytest.fixture(scope="session")
def scholz_dir(external: Path) -> Path:
    return external / "bdm-eum-scholz"
