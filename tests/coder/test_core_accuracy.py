"""Accuracy of the coder on the public PETR2_GSR gold set (78 news sentences, 80 codings).

Scored at the (source country, target country, root code) level with the project's harness
(``dyad.evaluation.suites``). The issue's targets, precision >= 0.80 and recall >= 0.75, are the
floors asserted here: the coder reaches 0.810 / 0.800 (64 of 79 coded, 64 of 80 gold) with the
packaged actor base on 2026-12-03, so one more wrong event fails the test. The remaining misses
are listed by ``dyad evaluate --misses`` and discussed in docs/coder.md.
"""

from __future__ import annotations


from dyad.run.options import CoderOptions
from dyad.evaluation.suites import petr_documents, score_petr


PRECISION_FLOOR = 0.80
RECALL_FLOOR = 0.75


def test_petr2_gsr_country_root_level(external):
    recs, docs = petr_documents(external.parent.parent)
    # scored as `dyad evaluate` scores it: under the conventions its gold follows (one-actor
    # events, both directions of a meeting, a party's report of violence as its accusation)
    coder = CoderOptions(conventions="petrarch-gold").factory()()
    coded = {d.id: evs for d, evs in coder.code_many(docs)}
    score = score_petr(recs, coded)
    cr = score.country_root
    assert cr.gold >= 80
    assert cr.precision >= PRECISION_FLOOR, f"precision {cr.precision:.3f} ({cr.matched}/{cr.coded})"
    assert cr.recall >= RECALL_FLOOR, f"recall {cr.recall:.3f} ({cr.matched}/{cr.gold})"
    # every coded event carries the rule that produced it
    assert all(e.pattern for evs in coded.values() for e in evs)
