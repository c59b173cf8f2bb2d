"""Reader for TABARI/PETRARCH agent dictionaries (``Phoenix.agents.txt``, ``PETR.Validate.agents``).

Agents are the nouns that turn a country into a sector of it ("Israeli *troops*" -> ISRMIL)::

    !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON       # a substitution set
    CONGRESS!PERSON! [~LEG]                         # -> CONGRESSMAN, CONGRESSMEN, ...
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]     # explicit plurals
    POLICE {} [~COP]                                # "{}": no plural form
    HUMAN_RIGHTS_BODY [NGO~]                        # code written before the actor's

``[~GOV]`` appends the code to the actor's (``ISR`` + ``GOV``); ``[NGO~]`` puts it in front.
An agent without ``{ }`` gets its regular English plural when it is matched (the coder lemmatises).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dyad.dictionaries.tabari_actors import NamePhrase, parse_name
from dyad.dictionaries.source import Problems, read_text, strip_comments

_SUBST = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
_AGENT = re.compile(r"^(?P<name>[^{}\[\]]+?)\s*(?:\{(?P<plurals>[^{}]*)\})?\s*\[(?P<code>[^\[\]]*)\]\s*$")
_AGENT_CODE = re.compile(r"^\s*(~?)\s*([A-Za-z0-9]+)\s*(~?)\s*$")


@dataclass(frozen=True, slots=True)
class AgentRecord:
    names: tuple[NamePhrase, ...]  # the name with every substitution expanded
    plurals: tuple[NamePhrase, ...] | None  # None: regular plural; (): none
    code: str  # "GOV"
    prefix: bool  # True for [XXX~]: the code comes before the actor's
    line: int


@dataclass(slots=True)
class AgentDictionary:
    path: Path
    agents: list[AgentRecord]
    substitutions: dict[str, tuple[str, ...]]
    skipped: list[str]


def read_agents(path: str | Path, lenient: bool = False) -> AgentDictionary:
    path = Path(path)
    return parse_agents(read_text(path), path, lenient)


def parse_agents(text: str, path: Path | str = "<agents>", lenient: bool = False) -> AgentDictionary:
    path = Path(path)
    problems = Problems(path, lenient)
    subst: dict[str, tuple[str, ...]] = {}
    agents: list[AgentRecord] = []
    for ln in strip_comments(text):
        s = ln.text.strip()
        if m := _SUBST.match(s):
            subst[m.group(1).upper()] = tuple(w.strip().upper() for w in m.group(2).split(",") if w.strip())
            continue
        m = _AGENT.match(s)
        c = _AGENT_CODE.match(m.group("code")) if m else None
        if not m or not c or bool(c.group(1)) == bool(c.group(3)):
            problems.bad(ln.number, f"not an agent line (NAME {{PLURALS}} [~CODE]): {s!r}")
            continue
        try:
            names = _expand(m.group("name"), subst)
            plurals = None
            if m.group("plurals") is not None:
                plurals = tuple(p for raw in m.group("plurals").split() for p in _expand(raw, subst))
        except KeyError as exc:
            problems.bad(ln.number, f"unknown substitution set {exc.args[0]} in {s!r}")
            continue
        if not names:
            problems.bad(ln.number, f"empty agent name in {s!r}")
            continue
        agents.append(AgentRecord(names, plurals, c.group(2).upper(), bool(c.group(3)), ln.number))
    return AgentDictionary(path, agents, subst, problems.skipped)


def _expand(raw: str, subst: dict[str, tuple[str, ...]]) -> tuple[NamePhrase, ...]:
    """``CONGRESS!PERSON!`` -> CONGRESSMAN, CONGRESSMEN, ... (KeyError for an unknown set)."""
    variants = [raw.strip()]
    while any("!" in v for v in variants):
        nxt = []
        for v in variants:
            m = re.search(r"![A-Za-z0-9_]+!", v)
            if not m:
                nxt.append(v.replace("!", ""))
                continue
            key = m.group(0).upper()
            if key not in subst:
                raise KeyError(key)
            nxt.extend(v[: m.start()] + w + v[m.end() :] for w in subst[key])
        variants = nxt
    out = [parse_name(v) for v in variants]
    return tuple(n for n in out if n is not None)
