import re
import warnings

import pytest

from dyad.dictionaries.source import DictionaryWarning
from dyad.dictionaries.terms import tokenize
from dyad.dictionaries.verbs import Code, parse_code, parse_verbs
from dyad.errors import InputError

VERBS = """\
<!-- a header comment
     over two lines -->
&CURRENCY
+DOLLARS
+SWISS FRANCS
+&METALS

&METALS   # nested in CURRENCY
+GOLD_

&TOURS
+(TO THE END)

--- HURRY  [154]  ---
HURRY {HURRIES HURRYING HURRIED}   # irregular forms listed
+ASK_FOR {+ASKED_FOR +ASKING_FOR} [020]
WIRE_+TAP {WIRE_+TAPPED}
- * (TO BORDER)   [154]  # a prepositional phrase
- $ * {PEACE PLAN} +  [037:037]
- * &CURRENCY (FROM $) [071]
- NOT_* [112]
- % * [030:030]
- * (TO/FOR PROTEST) ^ [141]
- * CONFINED [:170]
- * DOWN [---]

--- BURN [---] ---
BURN ;shan 8/30/93
- * FLAGS [181]

~ a (a b ATTACK) SAY = a b 015
"""


def test_synsets_blocks_forms_and_patterns():
    d = parse_verbs(VERBS, "v.txt")
    assert set(d.synsets) == {"CURRENCY", "METALS", "TOURS"}
    cur = d.synsets["CURRENCY"].members
    assert [" ".join(t.text for t in m) for m in cur] == ["DOLLARS", "SWISS FRANCS", "METALS"]
    assert cur[2][0].kind == "synset"
    assert d.synsets["TOURS"].members[0][0].kind == "pp"

    hurry, burn = d.blocks
    assert hurry.name == "HURRY" and hurry.code == Code("154") and hurry.line == 14
    assert burn.code == Code(None)
    v0, v1, v2 = hurry.verbs
    assert v0.lemma == "HURRY" and ("HURRIED",) in v0.forms and v0.code is None
    assert v1.words == ("ASK", "FOR") and v1.lemma == "ASK" and v1.particles == ("FOR",)
    assert v1.code == Code("020") and v1.forms[0] == ("ASKED", "FOR")
    assert v2.lemma == "TAP" and v2.before == ("WIRE",)

    p = hurry.patterns
    assert [x.line for x in p] == [18, 19, 20, 21, 22, 23, 24, 25]
    pp = p[0].after[0]
    assert pp.kind == "pp" and [t.text for t in pp.items] == ["TO", "BORDER"]
    assert [t.kind for t in p[1].before] == ["source"]
    assert [t.kind for t in p[1].after] == ["np", "target"] and p[1].code == Code("037", "037")
    assert [t.kind for t in p[2].after] == ["synset", "pp"] and p[2].after[1].items[1].kind == "source"
    assert p[3].before[0].text == "NOT" and p[3].before[0].joined
    assert p[4].before[0].kind == "compound"
    alt = p[5].after[0].items[0]
    assert alt.alternatives == ("TO", "FOR") and p[5].after[1].kind == "skip"
    assert p[6].code == Code(None, "170")
    assert p[7].code == Code(None)
    assert burn.verbs[0].lemma == "BURN"  # ';' starts a comment on verb lines
    assert len(d.transformations) == 1 and d.transformations[0].line == 31
    assert len(d.patterns) == 9


def test_tokenizer_connectors_and_synset_names():
    terms = tokenize("SO IN_AND_*_OUT &TIETYPES_RELATIONS", {"TIETYPES"})
    assert [t.text if t.kind != "verb" else "*" for t in terms] == ["SO", "IN", "AND", "*", "OUT", "TIETYPES", "RELATIONS"]
    assert [t.joined for t in terms] == [False, True, True, True, False, True, False]
    # a trailing "_" before a space is TABARI's whole-word mark, not a connector
    assert not tokenize("IN_ *", set())[0].joined


@pytest.mark.parametrize("text, expected", [
    ("042", Code("042")), ("---", Code(None)), ("032:033", Code("032", "033")),
    ("174k", Code("174K")), (":173", Code(None, "173")),
])
def test_codes(text, expected):
    assert parse_code(text) == expected


@pytest.mark.parametrize("text", ["", "04 2", "025?", "1:2:3", "080!"])
def test_bad_codes(text):
    with pytest.raises(ValueError):
        parse_code(text)


@pytest.mark.parametrize("line, reason", [
    ("- * (TO BORDER [154]", "missing ')'"),
    ("- * &NOSUCH [154]", "unknown synonym set &NOSUCH"),
    ("- * TIES", "without a [code]"),
    ("- * ONE * TWO [154]", "exactly one '*'"),
    ("- * TIES [025?]", "bad event code"),
    ("* (TO QUESTION) [110]", "not a verb line"),
])
def test_malformed_pattern_names_file_and_line(line, reason):
    text = f"--- HURRY [154] ---\nHURRY\n{line}\n"
    with pytest.raises(InputError, match=r"v\.txt:3: .*" + re.escape(reason)):
        parse_verbs(text, "v.txt")


def test_lenient_warns_and_skips_the_line():
    text = "--- HURRY [154] ---\nHURRY\n- * (TO BORDER [154]\n- * TIES [050]\n"
    with pytest.warns(DictionaryWarning, match=r"v\.txt:3: .*line skipped"):
        d = parse_verbs(text, "v.txt", lenient=True)
    assert [p.line for p in d.patterns] == [4]
    assert d.skipped and d.skipped[0].startswith("v.txt:3:")


def test_block_header_with_two_codes_uses_the_first_in_lenient_mode():
    text = "--- DELAY [120] [031:031] ---\nDELAY\n- * TALKS [031]\n--- HURRY [154] ---\nHURRY\n"
    with pytest.raises(InputError, match="v.txt:1: a verb block header has one"):
        parse_verbs(text, "v.txt")
    with pytest.warns(DictionaryWarning, match="v.txt:1: .*the first is used"):
        d = parse_verbs(text, "v.txt", lenient=True)
    assert [(b.name, str(b.code)) for b in d.blocks] == [("DELAY", "120"), ("HURRY", "154")]
    assert [p.line for p in d.patterns] == [3] and d.skipped[0].startswith("v.txt:1:")


def test_bad_block_header_skips_its_block_in_lenient_mode():
    text = "--- [120] ---\nDELAY\n- * TALKS [031]\n--- HURRY [154] ---\nHURRY\n"
    with pytest.raises(InputError, match="v.txt:1: bad verb block header"):
        parse_verbs(text, "v.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DictionaryWarning)
        d = parse_verbs(text, "v.txt", lenient=True)
    assert [b.name for b in d.blocks] == ["HURRY"] and not d.patterns


def test_pattern_outside_a_block():
    with pytest.raises(InputError, match="v.txt:1: line outside a verb block"):
        parse_verbs("- * TIES [050]\n", "v.txt")


def test_synset_cycle_is_an_error():
    with pytest.raises(InputError, match="contains itself"):
        parse_verbs("&A\n+&B\n&B\n+&A\n", "v.txt")


def test_reads_the_real_files(external):
    from dyad.dictionaries.verbs import read_verbs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DictionaryWarning)
        cameo = read_verbs(external / "phoenix-dictionaries/CAMEO.2.0.txt", lenient=True)
    # 4,699 pattern lines; a handful are malformed in the file itself (skipped with warnings)
    assert 4600 <= len(cameo.patterns) <= 4699
    assert len(cameo.synsets) >= 38 and len(cameo.transformations) == 8
    assert len(cameo.skipped) < 20
    with pytest.raises(InputError, match=r"CAMEO\.2\.0\.txt:\d+:"):
        read_verbs(external / "phoenix-dictionaries/CAMEO.2.0.txt")
