from dyad.actors import ActorBase, ActorEntry, Role
from dyad.actors.rules import MatchRules, combine


def test_combine_adds_each_code_group_once():
    assert combine("DNK", ["MUS", "MED"]) == "DNKMUSMED"
    assert combine("ARNGOV", ["GOVMED"]) == "ARNGOVMED"
    assert combine("ISRGOV", ["GOV"]) == "ISRGOV"
    assert combine("", ["GOV", "MED", "GOV"]) == "GOVMED"


def _base(rules=None):
    entries = [ActorEntry("ARG", ("Argentin",), "country", (Role("ARG"),)),
               ActorEntry("SYR", ("Syria", "Syrian"), "country", (Role("SYR"),))]
    return ActorBase.from_entries(entries, sectors={"media": "MED", "islamist": "MUS", "forces": "MIL"},
                                  modifiers=(), rules=rules)


def test_default_rules_are_dyads_own():
    base = _base()
    assert base.lookup("Argentina") is None  # exact names only
    assert base.lookup("Syrian xyzzy forces") is None  # an unknown word fails
    assert base.lookup("Syrian Islamist media").code == "SYRMED"  # the head noun decides


def test_tabari_rules():
    base = _base(MatchRules.tabari(stems=["Argentin"]))
    assert base.lookup("Argentina").code == "ARG"
    assert base.lookup("Syrian xyzzy forces").code == "SYRMIL"
    assert base.lookup("Syrian Islamist media").code == "SYRMUSMED"
    assert base.lookup("Syrian-backed forces") is None
