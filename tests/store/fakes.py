"""A fake coder for store and analysis tests: no spaCy, fully predictable.

A document's text is lines ``SOURCE CODE TARGET [DATE]`` (TARGET may be ``-``); each line codes to
one asserted event whose Goldstein score and quad class follow the CAMEO root.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from dyad.model import Document, Event

GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
             "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
             "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0}  # fmt: skip
PLOVER = {"04": "CONSULT", "19": "ASSAULT", "17": "COERCE", "06": "COOPERATE", "11": "ACCUSE"}


def quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


class FakeCoder:
    def __init__(self) -> None:
        self.coded: list[str] = []

    def code(self, doc: Document) -> list[Event]:
        self.coded.append(doc.id)
        out = []
        for i, line in enumerate(doc.text.splitlines()):
            parts = line.split()
            if len(parts) < 3:
                continue
            src, code, tgt = parts[:3]
            when = parts[3] if len(parts) > 3 else (doc.date.isoformat() if doc.date else None)
            root = code[:2]
            out.append(Event(
                doc_id=doc.id, sentence_index=i, sentence=line, date=when, source=src,
                source_text=src.title(), target=None if tgt == "-" else tgt,
                target_text=None if tgt == "-" else tgt.title(), code=code, root_code=root,
                quad_class=quad(root), goldstein=GOLDSTEIN[root], plover=PLOVER.get(root),
                evidence={"source": (0, len(src)), "trigger": (len(src) + 1, len(src) + 1 + len(code))},
                pattern="fake",
            ))  # fmt: skip
        return out

    def code_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Document, list[Event]]]:
        for d in docs:
            yield d, self.code(d)


def doc(id: str, *lines: str, day: str = "2024-01-01", url: str | None = None) -> Document:
    return Document(id=id, text="\n".join(lines), date=date.fromisoformat(day), url=url)
