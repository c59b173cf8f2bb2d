"""The PETRARCH validation suites, coded by dyad with the foreign dictionaries alone.

The floors are the rates achieved when these tests were written (see docs/dictionaries.md for
the tables); they fail on a regression. The targets of issue 4 (TP >= 85 % with FP <= 10 % on
2_02, 85 % of unit-test records exact) are higher; the gap is listed in the docs.
"""

import warnings

import pytest

pytestmark = pytest.mark.slow

# (records file, dictionaries dir or None, floor on TP %, ceiling on FP %, floor on exact %)
SUITES = {  # achieved on 2026-11-25 17:05: 61.6 / 48.6 / 38.4, 48.7 / 47.3 / 34.9, 42.5 / 62.8 / 42.3
    "2_02": ("ud-petrarch-validation/PETR_Validate_records_2_02.xml", None, 60.0, 50.5, 37.0),
    "unittest": ("petrarch2-validation/PETR.UnitTest.records.xml", None, 47.0, 49.0, 33.5),
    "gsr": ("ud-petrarch-validation/PETR2_GSR_validation.xml", "phoenix-dictionaries", 41.0, 64.5, 41.0),
}


@pytest.mark.parametrize("name", list(SUITES))
def test_suite_rates(external, name):
    from dyad.dictionaries.source import DictionaryWarning
    from dyad.dictionaries.validate import run

    records, dictionaries, tp, fp, exact = SUITES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DictionaryWarning)
        v = run(external / records, external / dictionaries if dictionaries else None)
    total = v.total()
    assert total.records >= 78
    assert total.tp >= tp, f"{name}: TP {total.tp:.2f} % fell below {tp} %"
    assert total.fp <= fp, f"{name}: FP {total.fp:.2f} % rose above {fp} %"
    assert total.exact_rate >= exact, f"{name}: exact {total.exact_rate:.2f} % fell below {exact} %"
