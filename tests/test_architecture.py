"""The layers' import rules, as docs/architecture.md states them, hold for every import in src/dyad
(function-level imports included): the table in the docs is the rule, this test its enforcement."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dyad"
DOC = ROOT / "docs" / "architecture.md"
BASE = {"dyad", "errors", "model", "dates", "cache", "outfiles"}


def allowed_imports() -> dict[str, set[str]]:
    """layer -> the layers it may import, read from the table in docs/architecture.md."""
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if re.match(r"\| `\w+` \|", line)]
    table = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        layer, may = cells[0].strip("`"), cells[-1]
        table[layer] = set(re.findall(r"`(\w+)`", may)) | (BASE if re.search(r"\bbase\b", may) else set())
        if may == "any":
            table[layer] = {"*"}
    return table


def layer_of(module: str) -> str:
    parts = module.split(".")
    return "dyad" if len(parts) == 1 else parts[1]


def imports() -> list[tuple[str, str, str]]:
    """(file, importing layer, imported layer) for every import of dyad in src/dyad."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        here = layer_of(".".join(p for p in rel.parts if p != "__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name == "dyad" or name.startswith("dyad."):
                    there = layer_of(name)
                    if there != here:
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", here, there))
    return found


def test_every_layer_is_in_the_table() -> None:
    table = allowed_imports()
    layers = {p.stem for p in SRC.iterdir() if p.suffix == ".py" and p.stem != "__init__"} | {
        p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    assert layers - set(table) == set(), "a layer missing from docs/architecture.md's table"
    assert table["model"] == set() and table["store"] <= BASE  # the two rules everything else rests on


def test_imports_follow_the_table() -> None:
    table = allowed_imports()
    wrong = [f"{where}: {here} imports {there}" for where, here, there in imports()
             if "*" not in table[here] and there not in table[here]]  # fmt: skip
    assert wrong == [], "imports docs/architecture.md does not allow:\n" + "\n".join(wrong)


def test_the_check_sees_imports(tmp_path: Path) -> None:
    """Guard against a check that cannot fail: the store's own imports are found, lazy ones too."""
    found = {(here, there) for _, here, there in imports()}
    assert ("store", "model") in found and ("run", "store") in found and ("cli", "run") in found
