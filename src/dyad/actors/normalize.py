"""Turning names into lookup keys, once, so that every later lookup is a dict access.

Two keys per name:

* the *exact* key: ASCII (diacritics folded: Erdoğan -> erdogan), lower case, apostrophes
  dropped (Shara'a -> sharaa), dots dropped (U.S. -> us), other punctuation and hyphens turned
  into spaces, possessive "'s" removed and a leading "the/a/an" dropped;
* the *folded* key: the exact key with Arabic articles removed (al-, el-, ul-, and assimilated
  ash-/as-/ad-... before a matching consonant), common given-name spellings unified
  (Mohammed/Muhammad, Ahmed/Ahmad, Abdel/Abdul...), and letters folded the way
  transliterations vary (o->u, e->i, y->i, ou->u, q->k, ph->f, dj->j, doubled letters single).
  Jolani/Julani, Shaibani/Shibani, Zelensky/Zelenskyy/Zelenskiy, Qatar/Katar meet here.

The folded key is only used when the exact key misses, and a folded key shared by two
different actors is dropped (see ``index.py``), so folding cannot turn one actor into another.
"""

from __future__ import annotations

import re

from unidecode import unidecode

_POSSESSIVE = re.compile(r"(?<=\w)['\u2019\u2018`\u00b4\u02bc]s\b|(?<=s)['\u2019]\s|(?<=s)['\u2019]$")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4\u02bc\u02bb]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LEADING = frozenset({"the", "a", "an"})

_ARTICLES = frozenset({"al", "el", "ul", "il"})
_SUN_ARTICLES = {"ad": "d", "ar": "r", "as": "s", "ash": "sh", "at": "t", "az": "z", "an": "n", "adh": "dh", "ath": "th"}
_GIVEN_NAMES = {
    **dict.fromkeys(["mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "muhamad", "mouhamad", "mohamud", "mehmet", "mehmed"], "muhammad"),
    **dict.fromkeys(["ahmed", "ahmet"], "ahmad"),
    **dict.fromkeys(["abdel", "abdul", "abdol", "abd"], "abd"),
    **dict.fromkeys(["abdullah", "abdallah", "abdulla"], "abdallah"),
    **dict.fromkeys(["hussein", "husein", "hussain", "husain", "hosein", "hossein", "husayn"], "husayn"),
    **dict.fromkeys(["yusuf", "youssef", "yousef", "yousif", "yusef"], "yusuf"),
    **dict.fromkeys(["sergei", "sergey"], "sergei"),
    **dict.fromkeys(["aleksandr", "alexandr", "alexander", "oleksandr"], "alexander"),
    **dict.fromkeys(["andrei", "andrey", "andriy", "andrii"], "andrei"),
    **dict.fromkeys(["dmitry", "dmitri", "dmytro"], "dmitry"),
}
_LETTER_FOLDS = (
    ("ou", "u"), ("oo", "u"), ("ph", "f"), ("dj", "j"), ("ck", "k"), ("q", "k"),
    ("y", "i"), ("e", "i"), ("o", "u"), ("w", "v"), ("ai", "i"),
)
_DOUBLES = re.compile(r"(.)\1+")


def tokens(text: str, *, keep_leading: bool = False) -> list[str]:
    """The exact-key tokens of ``text`` (see the module docstring)."""
    s = (text if text.isascii() else unidecode(text)).lower()
    if "'" in s or "`" in s:  # unidecode has turned curly quotes and modifier letters into these
        s = _APOSTROPHES.sub("", _POSSESSIVE.sub(" ", s))
    if "." in s:
        s = s.replace(".", "")
    toks = s.split() if s.replace(" ", "").isalnum() else _NON_WORD.sub(" ", s).split()
    while toks and toks[0] in _LEADING and not keep_leading:
        toks = toks[1:]
    return toks


def exact_key(text: str) -> str:
    return " ".join(tokens(text))


def word_key(text: str) -> str:
    """Like ``exact_key`` but keeps a leading article: for modifier words such as "the"."""
    return " ".join(tokens(text, keep_leading=True))


def fold_each(toks: list[str], cache: dict[str, str] | None = None) -> list[str]:
    """Fold each exact-key token; a dropped article becomes "" so positions still line up.

    ``cache`` (token -> folded token) lets a caller that folds many phrases fold each word once.
    """
    out: list[str] = []
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok in _ARTICLES and i + 1 < n:
            out.append("")
            continue
        sun = _SUN_ARTICLES.get(tok)
        if sun is not None and i + 1 < n and toks[i + 1].startswith(sun):
            out.append("")
            continue
        folded = cache.get(tok) if cache is not None else None
        if folded is None:
            folded = _GIVEN_NAMES.get(tok, tok)
            for old, new in _LETTER_FOLDS:
                folded = folded.replace(old, new)
            folded = _DOUBLES.sub(r"\1", folded)
            if cache is not None:
                cache[tok] = folded
        out.append(folded)
    return out


def fold_tokens(toks: list[str]) -> list[str]:
    """Fold exact-key tokens into transliteration-tolerant ones (articles dropped)."""
    return [t for t in fold_each(toks) if t]

