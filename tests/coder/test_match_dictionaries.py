"""The coder's mechanics for patterns read from TABARI/PETRARCH verb files: negation stated by a
pattern or by the codes' own negation pairs, adjacent-word phrases (``_``), word runs after the
verb, a particle that is really a preposition, null patterns. Own examples, own names."""

from datetime import date

import pytest

from dataclasses import replace

from dyad.model import Document
from dyad.coder.conventions import Conventions, Matching
from dyad.coder.patterns import PatternSet
from dyad.dictionaries.codes import ForeignCodebook
from dyad.dictionaries.tabari_actors import parse_actors
from dyad.dictionaries.agents import parse_agents
from dyad.dictionaries.convert import ConversionReport, to_actor_base, to_pattern_set
from dyad.dictionaries.verbs import parse_verbs

DAY = date(2001, 5, 4)

ACTORS = """\
ZANDARIA_ [ZND]
QUORLAND_ [QRL]
"""

AGENTS = "MINISTER [~GOV]\n"

VERBS = """\
&NEGAUX
+DID N'T
+WO N'T
+WILL NOT

&LINKS
+TRADE
+TRANSIT

--- CLASH [190] ---
CLASH
- FIRMLY_&NEGAUX * (OVER PLAN) [904]
- &NEGAUX * (OVER PLAN) [903]
- * (OVER PLAN) [110]

--- DROP [345] ---
DROP
- * &LINKS_AGREEMENT [901]
- * &LINKS ACCORDS [902]
- * CLAIMS [---]

--- SCOLD [111] ---
SCOLD
"""


def petrarch(base, patterns, nlp=None, matching: Matching = Matching()):
    """A coder for foreign dictionaries with PETRARCH-2's conventions (and ``matching``)."""
    from dyad.coder.pipeline import Coder

    return Coder(actors=base, patterns=patterns, nlp=nlp, codebook=ForeignCodebook(),
                 conventions=replace(Conventions.petrarch2(), matching=matching))


@pytest.fixture(scope="session")
def coder():
    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(VERBS, "t.verbs.txt")], report)
    return petrarch(base, patterns)


def coded(coder, text: str) -> list[tuple[str | None, str | None, str, str]]:
    return sorted((e.source, e.target, e.code, e.status) for e in coder.code(Document("t", text, DAY)))


def test_particle_read_as_preposition_matches_a_phrase(coder):
    # spaCy parses "didn't clash over the plan" as particle + object: (OVER PLAN) must still hold
    doc = coder.nlp("Zandaria didn't clash over the plan of Quorland.")
    verb = next(t for t in doc if t.lower_ == "clash")
    assert [c.dep_ for c in verb.children if c.lower_ == "over"] == ["prt"]  # the parse this is about
    assert ("over", doc[6]) in coder.tools.reader.frame(verb).preps
    assert coded(coder, "Zandaria clashed over the plan of Quorland.") == [("ZND", "QRL", "110", "asserted")]


def test_a_pattern_stating_the_negation_codes_an_asserted_event(coder):
    assert coded(coder, "Zandaria didn't clash over the plan of Quorland.") == [("ZND", "QRL", "903", "asserted")]
    assert coded(coder, "Zandaria will not clash over the plan of Quorland.") == [("ZND", "QRL", "903", "asserted")]


def test_joined_words_must_be_adjacent(coder):
    # FIRMLY_&NEGAUX: "firmly" right before the auxiliary, else only the shorter pattern holds
    assert coded(coder, "Zandaria firmly didn't clash over the plan of Quorland.")[0][2] == "904"
    assert coded(coder, "Zandaria firmly, it seems, didn't clash over the plan of Quorland.")[0][2] == "903"


def test_negation_without_a_pattern_stays_negated(coder):
    got = coded(coder, "Zandaria did not scold Quorland.")
    assert got == [("ZND", "QRL", "111", "negated")]


def test_a_set_before_a_noun_modifies_it_and_is_not_the_object(coder):
    assert coded(coder, "Zandaria dropped its trade agreement with Quorland.")[0][2] == "901"
    assert coded(coder, "Zandaria dropped its transit and customs accords with Quorland.")[0][2] == "902"
    # joined: "trade agreement" must be adjacent; otherwise the verb's default
    assert coded(coder, "Zandaria dropped its trade framework agreement with Quorland.")[0][2] == "345"


def test_null_pattern_codes_nothing(coder):
    assert coded(coder, "Zandaria dropped its claims against Quorland.") == []
    assert coded(coder, "Zandaria dropped Quorland.")[0][2] == "345"


def test_negation_pairs_recode_a_negated_event():
    """A code's negation (from a dictionary's ontology, or CAMEO's own 010 -> 011) codes the
    negated verb as the other event, asserted."""
    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(VERBS, "t.verbs.txt")], report)
    assert patterns.negations == {"010": "011"}  # CAMEO's own pair is always there
    patterns.negations["111"] = "050"
    c = petrarch(base, patterns)
    assert coded(c, "Zandaria did not scold Quorland.") == [("ZND", "QRL", "050", "asserted")]
    assert coded(c, "Zandaria scolded Quorland.") == [("ZND", "QRL", "111", "asserted")]


def test_negations_layer_and_read_from_documents():
    a = PatternSet.from_dicts([("a", {"negations": {"110": "050"}, "verbs": [{"verb": "chide", "code": "111"}]})])
    assert a.negations == {"010": "011", "110": "050"}
    b = PatternSet.from_dicts([("b", {"negations": {"15": "16"}})])
    assert a.layered(b).negations == {"010": "011", "110": "050", "015": "016"}


BEFORE_VERBS = """\
--- DEPLORE [122] ---
DEPLORE
- INDICATED *  [123]
- SHARPLY_* [124]
- * OVER_NOTHING [---]

--- ASSIST [070] ---
ASSIST
- *_WITH_FOOD [071]
"""


@pytest.fixture(scope="session")
def before_coders(coder):
    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(BEFORE_VERBS, "t.verbs.txt")], report)
    return petrarch(base, patterns, coder.nlp), petrarch(base, patterns, coder.nlp, Matching(before_scope="subject"))


def test_words_left_of_the_verb_precede_it_in_the_sentence(before_coders):
    tabari, ud = before_coders
    text = "Zandaria indicated that it deplored Quorland."
    assert coded(tabari, text)[0][2] == "123"  # TABARI: "indicated" is before the verb
    assert coded(ud, text)[0][2] == "122"  # UD-PETRARCH: not in the subject ("it")
    assert coded(tabari, "Zandaria deplored Quorland, as it had indicated.")[0][2] == "122"  # after it: no


def test_a_word_joined_to_the_verb_stands_right_next_to_it(before_coders):
    tabari, _ = before_coders
    assert coded(tabari, "Zandaria sharply deplored Quorland.")[0][2] == "124"
    assert coded(tabari, "Zandaria sharply and loudly deplored Quorland.")[0][2] == "122"
    assert coded(tabari, "Zandaria assisted with food in Quorland.")[0][2] == "071"
    assert coded(tabari, "Zandaria assisted Quorland with food.")[0][2] == "070"


MORE_VERBS = """\
&COIN
+GOLD FLORIN
+DUCATS

--- DONATE [070] ---
DONATE
- * &COIN [071]

--- ABANDON [345] ---
ABANDON
- * EFFORT [080]

--- RESIST [120] ---
RESIST
- * (OVER SHIPMENTS) [110]

--- ATTEMPT [---] ---
ATTEMPT
"""


@pytest.fixture(scope="session")
def more_coders(coder):
    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(MORE_VERBS, "t.verbs.txt")], report)
    patterns.negations["110"] = "050"
    return petrarch(base, patterns, coder.nlp), petrarch(base, patterns, coder.nlp, Matching(word_match="lemma"))


def test_an_object_misread_as_adverb_is_still_the_object(more_coders):
    exact, _ = more_coders
    doc = exact.nlp("Zandaria will donate a million gold florin to Quorland.")
    assert [t.dep_ for t in doc if t.lower_ == "florin"] == ["advmod"]  # the parse this is about
    assert coded(exact, "Zandaria will donate a million gold florin to Quorland.")[0][2] == "071"


def test_words_match_lemmas_only_where_the_dictionary_says_so(more_coders):
    exact, lemma = more_coders
    text = "Zandaria abandoned efforts to help Quorland."
    assert coded(exact, text)[0][2] == "345"  # TABARI / PETRARCH-1: EFFORT is not "efforts"
    assert coded(lemma, text)[0][2] == "080"  # UD-PETRARCH matches the lemma
    assert coded(lemma, "Zandaria abandoned the effortless talks with Quorland.")[0][2] == "345"


def test_negation_stays_with_the_verb_it_belongs_to(more_coders):
    exact, _ = more_coders
    # "won't attempt to resist": the attempt is negated, not the resisting (PETRARCH's convention)
    got = coded(exact, "Zandaria won't attempt to resist over the shipments of Quorland.")
    assert ("ZND", "QRL", "110", "asserted") in got
    # "did not even ever resist": "not" hangs on "even", yet the verb is negated (110 -> 050)
    got = coded(exact, "Zandaria did not even ever resist over the shipments of Quorland.")
    assert got == [("ZND", "QRL", "050", "asserted")]


def test_dyads_own_frames_keep_negation_of_the_governing_verb():
    from dyad.coder import default_coder

    evs = default_coder().code(Document("t", "Russia will not try to attack Ukraine.", DAY))
    assert evs and all(e.status == "negated" for e in evs if e.code.startswith(("19", "18")))


def test_a_passive_without_agent_is_read_as_active_where_the_dictionary_says_so(before_coders):
    tabari, _ = before_coders
    text = "Zandaria was deplored over its dispute with Quorland."
    assert coded(tabari, text)[0][:3] == ("QRL", "ZND", "122")  # dyad: Zandaria is the one deplored
    p1 = petrarch(tabari.actors, tabari.patterns, tabari.nlp, Matching(passive_needs_agent=True))
    assert coded(p1, text)[0][:3] == ("ZND", "QRL", "122")
    # a by-phrase turns it round in either convention
    assert coded(p1, "Zandaria was deplored by Quorland.")[0][:3] == ("QRL", "ZND", "122")


WORD_VERBS = """\
&UPRISING
+REVOLUTIONARY
+INSURGENT

--- ADOPT [081] ---
ADOPT
- * &UPRISING [802]

--- TAP [---] ---
WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING}
- WILL NOT * [081]
"""


def _default_and_with(coder, verbs: str, matching: Matching):
    """Two coders over the same small dictionaries: dyad's default matching and ``matching``."""
    report = ConversionReport()
    base = to_actor_base([parse_actors(ACTORS, "t.actors.txt")], [parse_agents(AGENTS, "t.agents.txt")], report)
    patterns = to_pattern_set([parse_verbs(verbs, "t.verbs.txt")], report)
    return petrarch(base, patterns, coder.nlp), petrarch(base, patterns, coder.nlp, matching)


def test_a_set_after_the_verb_may_modify_the_object_in_tabari_matching(coder):
    heads, words = _default_and_with(coder, WORD_VERBS, Matching(object_modifiers=True))
    text = "Zandaria adopted a revolutionary charter with Quorland."
    assert coded(heads, text)[0][2] == "081"  # dyad's object is the phrase's head: "charter"
    assert coded(words, text)[0][2] == "802"  # TABARI: the word after the verb is enough
    # a multi-word verb's first word stands right before it, however the parser hangs it
    doc = coder.nlp("Zandaria will not wire tap the cables of Quorland.")
    assert [t.dep_ for t in doc if t.lower_ == "tap"] != ["ROOT"]  # "wire" taken for the verb
    assert coded(heads, "Zandaria will not wire tap the cables of Quorland.")[0][:3] == ("ZND", "QRL", "081")
    assert coded(heads, "Zandaria will not tap the wire of Quorland.") == []


def test_words_after_the_verb_in_the_order_written_where_the_dictionary_says_so(coder):
    verbs = "--- RENEW [050] ---\nRENEW\n- * THE FULL [051]\n"
    bag, tabari = _default_and_with(coder, verbs, Matching(ordered_words=True))
    text = "Zandaria renewed full ties with the Quorland government."
    assert coded(bag, text)[0][2] == "051"  # dyad's words are a bag
    assert coded(tabari, text)[0][2] == "050"  # "the" does not come before "full"
    assert coded(tabari, "Zandaria renewed the full ties with Quorland.")[0][2] == "051"
