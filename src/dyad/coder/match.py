"""Matching verb and noun patterns on the dependency parse.

A verb's frame is read off its children: subject (or the controller of an infinitive, or the
noun a relative clause modifies), passive agent, direct object (or passive subject), particles
and prepositional phrases (on the verb and on its object).  The pattern index gives the
candidate patterns of the verb's surface form in one look-up; the most specific one whose
constraints hold wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.coder.frames import default_frames
from dyad.coder.patterns import Pattern, PatternSet, in_order, items_hold, phrase_holds, words_hold

VERBAL_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "pcomp", "csubj", "parataxis",
                         "acl", "conj"})
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "compound", "amod", "poss", "attr",
                          "appos", "npadvmod", "dative", "iobj", "oprd", "det", "nummod"})
_VERB_CHILD_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "neg", "prt", "agent"})
PREP_DEPS = frozenset({"prep", "dative", "agent"})
# target preference when a pattern says "auto" and has no preposition of its own
AUTO_PREPS = ("to", "with", "against", "on", "at", "toward", "towards", "into", "from", "over",
              "upon", "for", "in")


# particles that are also prepositions: with an object after them the parser's "particle + object"
# is as often "preposition + its object" ("clashed over the efforts", "talked about the plan")
_PREP_PARTICLES = frozenset({"over", "about", "on", "in", "with", "against", "through", "across", "into"})

_NAME_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC"})


@dataclass(slots=True)
class Frame:
    """The syntactic frame of one verb occurrence."""

    verb: Token
    passive: bool
    subjects: list[Token] = field(default_factory=list)  # logical subject (agent in a passive)
    objects: list[Token] = field(default_factory=list)  # logical object (subject in a passive)
    preps: list[tuple[str, Token]] = field(default_factory=list)  # (preposition, its object)
    particles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Hit:
    pattern: Pattern
    frame: Frame
    prep_object: Token | None = None  # the object of the preposition the pattern matched
    object: Token | None = None  # the object noun the pattern matched
    noun: Token | None = None  # for nominal events: the noun


_NOMINAL_CHILD_DEPS = frozenset({"det", "amod", "poss", "compound", "nummod"})


def is_verbal(tok: Token) -> bool:
    """Without a tagger, a verb is a token in a clausal position or with clausal children."""
    dep = tok.dep_
    if dep in ("pobj", "dobj", "nsubj", "nsubjpass", "compound", "conj", "appos") and \
            any(c.dep_ in _NOMINAL_CHILD_DEPS for c in tok.children) and \
            not any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children):
        return False  # "in Israeli tank shelling": a noun, whatever its ending
    if dep in VERBAL_DEPS:
        if dep == "conj":
            return is_verbal(tok.head) or any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children)
        if dep == "acl":
            return True
        return True
    return any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children) and dep not in ("pobj",)


def _pobj(prep: Token) -> Token | None:
    """The object of a preposition; none for a date or time ("struck on Monday": when, not
    whom)."""
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            return None if c.ent_type_ in ("DATE", "TIME") else c
    return None


def frame_of(verb: Token) -> Frame:
    """Read the frame of ``verb``, inheriting subjects through coordination and control."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    fr = Frame(verb, passive)
    for c in verb.children:
        d = c.dep_
        if d == "nsubj":
            fr.subjects.append(c)
        elif d == "nsubjpass":
            fr.objects.append(c)
        elif d == "dobj":
            fr.objects.append(c)
        elif d == "agent":
            p = _pobj(c)
            if p is not None:
                fr.subjects.append(p)
        elif d == "prt":
            fr.particles.append(c.lower_)
            if c.lower_ in _PREP_PARTICLES:  # "clashed over the efforts": "over" misread as a particle
                obj = next((o for o in verb.children if o.dep_ == "dobj" and o.i > c.i), None)
                if obj is not None:
                    fr.preps.append((c.lower_, obj))
        elif d in ("prep", "dative"):
            p = _pobj(c)
            if p is not None:
                fr.preps.append((c.lower_, p))
            elif d == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children):
                fr.particles.append(c.lower_)  # "carry out" parsed as a bare preposition
    # "provided 70 million dollars of aid": a quantity names what its of-phrase names
    quantities = default_frames().quantities
    for k, o in enumerate(fr.objects):
        if o.lower_ in quantities:
            of = next((c for c in o.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = _pobj(of) if of is not None else None
            if inner is not None:
                fr.objects[k] = inner
                fr.preps += [(c.lower_, _pobj(c)) for c in o.children  # "dollars ... for Romania"
                             if c.dep_ == "prep" and c.lower_ != "of" and _pobj(c) is not None]
    # objects' own prepositional phrases: "imposed sanctions on Iran", "held talks with X"
    for o in list(fr.objects):
        for c in o.children:
            if c.dep_ == "prep":
                p = _pobj(c)
                if p is not None:
                    fr.preps.append((c.lower_, p))
    # a preposition's object's own phrase: "advised against travel to Tunisia"
    for _, p in list(fr.preps):
        if p.dep_ == "pcomp":
            continue  # "imprisoned for acting against X": the clause's phrases belong to its verb
        for c in p.children:
            if c.dep_ == "prep" and c.lower_ != "of":
                q = _pobj(c)
                if q is not None:
                    fr.preps.append((c.lower_, q))
    # a particle parsed as a preposition with the object under it: "carried out strikes"
    if not fr.objects:
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("out", "up", "off", "down"):
                p = _pobj(c)
                if p is not None:
                    fr.particles.append(c.lower_)
                    fr.objects.append(p)
                    fr.preps = [(w, t) for w, t in fr.preps if t.i != p.i]
                    for g in p.children:
                        if g.dep_ == "prep" and _pobj(g) is not None:
                            fr.preps.append((g.lower_, _pobj(g)))
    if not fr.objects and not passive:
        # "will train and advise the army": two verbs joined by "and" share the object after them
        doc = verb.doc
        nxt = doc[verb.i + 2] if verb.i + 2 < len(doc) else None
        if nxt is not None and nxt.dep_ == "conj" and nxt.head.i == verb.i and doc[verb.i + 1].dep_ == "cc":
            shared = [c for c in nxt.children if c.dep_ == "dobj"]
            fr.objects += shared
            for c in nxt.children:  # and the phrases after it ("... the airport in Damascus")
                if shared and c.dep_ == "prep" and c.i > shared[0].i and _pobj(c) is not None:
                    fr.preps.append((c.lower_, _pobj(c)))
    if not fr.objects:
        # "contribute a million gold florin to X": an unknown noun the parser took for an adverb,
        # known for a noun by its determiners and modifiers
        fr.objects += [c for c in verb.children if c.dep_ == "advmod" and c.i > verb.i
                       and any(g.dep_ in ("det", "nummod", "compound", "amod", "quantmod") for g in c.children)]
    if fr.subjects and not fr.objects and _misread_relative(verb):
        fr.passive = True  # "the civilians imprisoned for ... were released": no agent named
        fr.objects, fr.subjects = fr.subjects, []
        return fr
    if not fr.subjects and verb.dep_ == "acl" and permission_noun(verb) is not None:
        fr.subjects = permitted_one(verb) or []  # "granted X permission to V": X's act, not a relative
        return fr
    if not fr.subjects and verb.dep_ in ("acl", "relcl") and not verb.lower_.endswith("ing") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        fr.passive = True  # "the civilians imprisoned for ...": a reduced passive relative
        if verb.head not in fr.objects:
            fr.objects.insert(0, verb.head)
        return fr
    if passive and not fr.objects and verb.dep_ == "conj":
        # "... were released by Putin": a passive conjunct shares its head's subject
        fr.objects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not fr.subjects:
        fr.subjects = inherited_subjects(verb, passive)
    return fr


def inherited_subjects(verb: Token, passive: bool = False) -> list[Token]:
    """The subject a verb without one of its own takes from its context."""
    dep = verb.dep_
    head = verb.head
    if head.i == verb.i:
        return []
    if dep == "conj":
        fr_head = [c for c in head.children if c.dep_ == "nsubj"]
        if fr_head:
            return fr_head
        agent = [_pobj(c) for c in head.children if c.dep_ == "agent"]
        if any(agent):
            return [a for a in agent if a is not None]
        return inherited_subjects(head)
    if passive:
        return []
    if dep == "acomp":  # "Syria is willing to withdraw": the copula's subject
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subj or inherited_subjects(head)
    if dep == "ccomp" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        if _listed_predicate(verb):  # "stated they would not X, ruled out Y": the head's subject
            return [c for c in head.children if c.dep_ == "nsubj"]
        return []  # "medics said four were killed": a finite complement has its own subject
    if dep in ("xcomp", "ccomp"):
        # object control ("asked Obama to help") when the head has an object, else subject control
        objs = [c for c in head.children if c.dep_ == "dobj"]
        if objs and dep == "xcomp":
            return objs
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj
        return inherited_subjects(head)
    if dep == "pcomp":  # "destabilised Syria by attacking ...": the governing verb's subject
        if head.lower_ not in ("by", "after", "before", "while", "in", "upon", "on", "through"):
            return []  # "jailed X for helping ...", "accused Y of attacking ...": not the subject's act
        gov = head.head if head.dep_ == "prep" else head
        subj = [c for c in gov.children if c.dep_ == "nsubj"]
        return subj or (inherited_subjects(gov) if gov.i != head.i else [])
    leave = permitted_one(verb)
    if leave is not None:
        return leave
    if dep == "advcl" and any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
        return []  # the head is passive: its grammatical subject did not act
    if dep == "advcl":
        subj = [c for c in head.children if c.dep_ in ("nsubj",)]
        return subj or inherited_subjects(head)
    if dep in ("relcl", "acl"):
        if dep == "acl" and not verb.lower_.endswith("ing"):
            return []  # "a report released Tuesday": the noun is the object
        if dep == "acl" and head.lower_ in default_frames().documents and head.dep_ == "dobj":
            # "approved a resolution criticizing X": whoever issued the document
            return [c for c in head.head.children if c.dep_ == "nsubj"] or [head]
        return [head]
    return []


def _listed_predicate(verb: Token) -> bool:
    """A subjectless finite "complement" after a comma, next to an earlier complement of the same
    verb, is a coordinated predicate the parser hung on the wrong verb: "officials stated they
    would not discuss X, ruled out Y, and declared Z" (ruled: a second predicate of "stated")."""
    if any(c.dep_ in ("expl", "nsubj", "nsubjpass", "csubj") for c in verb.children):
        return False
    start = verb.left_edge.i
    if start == 0 or verb.doc[start - 1].text != ",":
        return False
    return any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.head.children)


def _misread_relative(verb: Token) -> bool:
    """A participle read as the main verb: "The civilians imprisoned for X were released":
    the finite verb is a later passive conjunct with no subject, no "and" joins the two, and
    the participle has no auxiliary of its own."""
    if verb.dep_ != "ROOT" or verb.lower_.endswith("ing"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "cc", "dobj") for c in verb.children):
        return False
    return any(c.dep_ == "conj" and c.i > verb.i
               and any(g.dep_ == "auxpass" for g in c.children)
               and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
               for c in verb.children)


def permission_noun(verb: Token) -> Token | None:
    """The noun of leave an infinitive spells out: "gave permission to X to help" (advcl under
    the giving verb), "granted X permission to help" (acl on the noun)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    words = default_frames().permission
    if verb.dep_ == "acl" and verb.head.lower_ in words:
        return verb.head
    if verb.dep_ == "advcl":
        return next((c for c in verb.head.children if c.dep_ == "dobj" and c.lower_ in words), None)
    return None


def permitted_one(verb: Token) -> list[Token] | None:
    """Object control by leave: the one given permission is the infinitive's subject."""
    noun = permission_noun(verb)
    if noun is None:
        return None
    giver = noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
    out: list[Token] = []
    for c in noun.children:  # "permission for X to ..."
        if c.dep_ == "prep" and c.lower_ in ("for", "to") and _pobj(c) is not None:
            out.append(_pobj(c))
    if giver is not None:
        for c in giver.children:
            if c.dep_ == "dative":
                out.append(_pobj(c) if c.lower_ in ("to", "for") else c)
    return [t for t in out if t is not None] or None


def match_verb(verb: Token, patterns: PatternSet, fr: Frame | None = None) -> Hit | None:
    cands = patterns.verb_patterns(verb.lower_)
    if not cands:
        return None
    fr = fr or frame_of(verb)
    m = patterns.matching
    if m.passive_needs_agent and fr.passive and not any(c.dep_ == "agent" for c in verb.children):
        fr = Frame(verb, False, fr.objects, fr.subjects, fr.preps, fr.particles)  # read as active
    for p in cands:  # sorted by specificity
        hit = check_pattern(p, fr, verb, scope=m.before_scope, lemmas=m.word_match == "lemma",
                     modifiers=m.object_modifiers, ordered=m.ordered_words)
        if hit is not None:
            return hit
    return None


def _word_in(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words


def _lefts(tok: Token) -> set[str]:
    """The words of a noun's premodifiers ("emergency food aid": emergency, food)."""
    return {t.lower_ for t in tok.subtree if t.i < tok.i}


def check_pattern(p: Pattern, fr: Frame, anchor: Token, words: bool = True, scope: str = "sentence",
                  lemmas: bool = False, modifiers: bool = False, ordered: bool = False) -> Hit | None:
    """The hit if every constraint of ``p`` holds in ``fr`` (``anchor``: the verb or noun)."""
    if p.passive is not None and p.passive != fr.passive:
        return None
    if p.particle and not any(x in p.particle for x in fr.particles):
        return None
    obj = None
    if p.object is not None:
        if not fr.objects:
            return None
        if "*" in p.object:
            obj = fr.objects[0]
        else:
            obj = next((o for o in fr.objects if _word_in(o, p.object) and
                        (not p.object_needs or phrase_holds(o.lower_, _lefts(o), p.object_needs))), None)
            if obj is None and modifiers:
                # TABARI matches words, not heads: "* &REVOLT" holds for "a revolutionary manifesto"
                obj = next((o for o in fr.objects if any(c.dep_ in ("amod", "compound") and _word_in(c, p.object)
                                                          for c in o.lefts)), None)
            if obj is None:
                return None
    pobj = None
    if p.prep:
        found = [t for w, t in fr.preps if w in p.prep and (p.prep_object is None or (
            _word_in(t, p.prep_object) and (not p.prep_object_needs
                                            or phrase_holds(t.lower_, _lefts(t), p.prep_object_needs))))]
        if not found:
            return None
        # a named object after the verb beats a fronted adjunct ("In a landmark move, X arrived at Y")
        pobj = max(found, key=lambda t: (t.ent_type_ in _NAME_LABELS, t.i > anchor.i, -t.i))
    elif p.prep_object is not None:
        return None
    if (p.words or p.word_sets) and words:
        seq = ["*" if t.i == anchor.i else t.lower_ for t in anchor.subtree]  # "*": the verb itself
        present = set(seq) | {anchor.lower_}
        if lemmas:
            present |= {_singular(w) for w in seq}
        sent = anchor.sent
        around = ["*" if t.i == anchor.i else t.lower_ for t in sent]
        if not words_hold(p, present, seq, around):
            return None
        if ordered and len(p.words) > 1 and not in_order(p, seq):
            return None
    if p.before and words and not items_hold(p.before, _before(anchor, fr, scope)):
        return None
    return Hit(p, fr, pobj, obj)


def _singular(word: str) -> str:
    """A plural noun's singular, as a lemmatiser would give it ("efforts" -> "effort")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _before(verb: Token, fr: Frame, scope: str) -> list[str]:
    """The words a pattern's ``before`` items are looked for in, in text order, ``*`` for the
    verb: the sentence up to the verb, or (scope "subject") the subjects' phrases."""
    if scope == "subject":
        toks = sorted({t.i for s in fr.subjects for t in s.subtree if t.i < verb.i})
        out = [verb.doc[i].lower_ for i in toks]
        return out + ["*"] if toks and toks[-1] == verb.i - 1 else out
    return [t.lower_ for t in verb.doc[verb.sent.start:verb.i]] + ["*"]


def noun_frame(noun: Token) -> Frame:
    """A nominal event's frame: modifiers as subjects, prepositional phrases as slots."""
    fr = Frame(noun, False)
    for c in noun.children:
        if c.dep_ == "prep":
            p = _pobj(c)
            if p is None:
                continue
            if c.lower_ == "by":
                fr.subjects.append(p)
            else:
                fr.preps.append((c.lower_, p))
        elif c.dep_ == "acl" and c.lower_ in ("targeting", "against"):
            for g in c.children:
                if g.dep_ == "dobj":
                    fr.preps.append((c.lower_, g))
    return fr


def match_noun(noun: Token, patterns: PatternSet, fr: Frame | None = None) -> Hit | None:
    cands = patterns.noun_patterns(noun.lower_)
    if not cands:
        return None
    fr = fr or noun_frame(noun)
    left_seq = [t.lower_ for t in noun.lefts]
    lefts = set(left_seq)
    # a multi-word noun ("air strike") holds where its modifiers are there, and then it is the
    # noun: "a hunger strike on Monday" is a hunger strike, whatever "strike" alone would match
    held = [p for p in cands if not (p.words or p.word_sets) or words_hold(p, lefts, left_seq)]
    most = max((len(p.words) + len(p.word_sets) for p in held), default=0)
    held = [p for p in held if len(p.words) + len(p.word_sets) == most]
    for p in held:
        hit = check_pattern(p, fr, noun, words=False)
        if hit is not None:
            hit.noun = noun
            return hit
    # violence needs no target to be news ("an air strike by government forces")
    for p in held:
        if p.code[:2].isdigit() and int(p.code[:2]) >= 14 and p.source != "prep":
            return Hit(p, fr, None, None, noun)
    return None
