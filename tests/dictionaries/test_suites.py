"""The PETRARCH validation suites, coded by dyad with the foreign dictionaries alone.

The floors are the rates achieved when these tests were written (see docs/dictionaries.md for
the tables); they fail on a regression. The targets of issue 4 (TP >= 85 % with FP <= 10 % on
2_02, 85 % of unit-test records exact) are higher; the gap is listed in the docs.
"""

import warnings

import pytest

pytestmark = pytest.mark.slow

# (records file, dictionaries dir or None, floor on TP %, ceiling on FP %, floor on exact %)
SUITES = {  # achieved on 2026-11-25: 38.0 / 55.5 / 25.3, 28.2 / 47.7 / 26.0, 36.3 / 66.7 / 37.2
    "2_02": ("ud-petrarch-validation/PETR_Validate_records_2_02.xml", None, 34.0, 60.0, 22.0),
    "unittest": ("petrarch2-validation/PETR.UnitTest.records.xml", None, 23.0, 56.0, 21.0),
    "gsr": ("ud-petrarch-validation/PETR2_GSR_validation.xml", "phoenix-dictionaries", 30.0, 72.0, 31.0),
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
