"""Matching verb and noun patterns on the dependency parse.

A verb's frame is read off its children: subject (or the controller of an infinitive, or the
noun a relative clause modifies), passive agent, direct object (or passive subject), particles
and prepositional phrases (on the verb and on its object).  The pattern index gives the
candidate patterns of the verb's surface form in one look-up; the most specific one whose
constraints hold wins.  Which words play which role (the genitive "of", the infinitive "to",
quantity nouns, nouns of leave) is the coder's ``Frames``, given to ``FrameReader``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.coder.conventions import Matching
from dyad.coder.frames import Frames
from dyad.coder.patterns import Pattern, PatternSet, in_order, items_hold, phrase_holds, singular, words_hold

VERBAL_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "pcomp", "csubj", "parataxis",
                         "acl", "conj"})
_VERB_CHILD_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "neg", "prt", "agent"})
_NAME_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC"})
_NOMINAL_CHILD_DEPS = frozenset({"det", "amod", "poss", "compound", "nummod"})
_NOUN_POSITIONS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "compound", "conj", "appos"})


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


def is_verbal(tok: Token) -> bool:
    """Without a tagger, a verb is a token in a clausal position or with clausal children."""
    dep = tok.dep_
    if dep in _NOUN_POSITIONS and any(c.dep_ in _NOMINAL_CHILD_DEPS for c in tok.children) and \
            not any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children):
        return False  # "in Israeli tank shelling": a noun, whatever its ending
    if dep == "conj":
        return is_verbal(tok.head) or any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children)
    if dep in VERBAL_DEPS:
        return True
    return dep != "pobj" and any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children)


def pobj(prep: Token) -> Token | None:
    """The object of a preposition; none for a date or time ("struck on Monday": when, not
    whom)."""
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            return None if c.ent_type_ in ("DATE", "TIME") else c
    return None


class FrameReader:
    """Reads verb and noun frames off the parse with one coder's words (``Frames``)."""

    def __init__(self, frames: Frames) -> None:
        self.words = frames

    def infinitive(self, tok: Token) -> bool:
        """``tok`` is a to-infinitive ("to attack")."""
        marker = self.words.infinitive_marker
        return any(c.dep_ == "aux" and c.lower_ in marker for c in tok.children)

    def frame(self, verb: Token) -> Frame:
        """Read the frame of ``verb``, inheriting subjects through coordination and control."""
        w = self.words
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
                p = pobj(c)
                if p is not None:
                    fr.subjects.append(p)
            elif d == "prt":
                fr.particles.append(c.lower_)
                if c.lower_ in w.prep_particles:  # "clashed over the efforts": "over" misread as a particle
                    obj = next((o for o in verb.children if o.dep_ == "dobj" and o.i > c.i), None)
                    if obj is not None:
                        fr.preps.append((c.lower_, obj))
            elif d in ("prep", "dative"):
                p = pobj(c)
                if p is not None:
                    fr.preps.append((c.lower_, p))
                elif d == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children):
                    fr.particles.append(c.lower_)  # "carry out" parsed as a bare preposition
        # "a ceasefire, which Ukraine accepted": a relative pronoun object stands for the noun the
        # clause modifies
        if verb.dep_ == "relcl":
            fr.objects = [verb.head if o.lower_ in w.relative_pronouns else o for o in fr.objects]
        # "ready to help Syria rebuild": the bare infinitive's subject is the verb's object
        if not fr.objects and verb.lower_ in w.bare_infinitive_verbs:
            fr.objects += [g for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
                           for g in c.children if g.dep_ == "nsubj" and g.i < c.i][:1]
        # "provided 70 million dollars of aid": a quantity names what its of-phrase names
        quantities = w.quantities
        for k, o in enumerate(fr.objects):
            if o.lower_ in quantities:
                of = next((c for c in o.children if c.dep_ == "prep" and c.lower_ in w.genitive_preps), None)
                inner = pobj(of) if of is not None else None
                if inner is not None:
                    fr.objects[k] = inner
                    fr.preps += [(c.lower_, pobj(c)) for c in o.children  # "dollars ... for Romania"
                                 if c.dep_ == "prep" and c.lower_ not in w.genitive_preps and pobj(c) is not None]
        # objects' own prepositional phrases: "imposed sanctions on Iran", "held talks with X", and
        # their conjuncts' ("launched a missile and a barrage of drones at Kyiv")
        for o in [x for o in fr.objects for x in (o, *(c for c in o.conjuncts if c.i > o.i))]:
            for c in o.children:
                if c.dep_ == "prep":
                    p = pobj(c)
                    if p is not None:
                        fr.preps.append((c.lower_, p))
        # a preposition's object's own phrase: "advised against travel to Tunisia"
        for _, p in list(fr.preps):
            if p.dep_ == "pcomp":
                continue  # "imprisoned for acting against X": the clause's phrases belong to its verb
            for c in p.children:
                if c.dep_ == "prep" and c.lower_ not in w.genitive_preps:
                    q = pobj(c)
                    if q is not None:
                        fr.preps.append((c.lower_, q))
        # a particle parsed as a preposition with the object under it: "carried out strikes"
        if not fr.objects:
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ in w.object_particles:
                    p = pobj(c)
                    if p is not None:
                        fr.particles.append(c.lower_)
                        fr.objects.append(p)
                        fr.preps = [(w, t) for w, t in fr.preps if t.i != p.i]
                        for g in p.children:
                            if g.dep_ == "prep" and pobj(g) is not None:
                                fr.preps.append((g.lower_, pobj(g)))
        if not fr.objects and not passive:
            # "will train and advise the army": two verbs joined by "and" share the object after them
            doc = verb.doc
            nxt = doc[verb.i + 2] if verb.i + 2 < len(doc) else None
            if nxt is not None and nxt.dep_ == "conj" and nxt.head.i == verb.i and doc[verb.i + 1].dep_ == "cc":
                shared = [c for c in nxt.children if c.dep_ == "dobj"]
                fr.objects += shared
                for c in nxt.children:  # and the phrases after it ("... the airport in Damascus")
                    if shared and c.dep_ == "prep" and c.i > shared[0].i and pobj(c) is not None:
                        fr.preps.append((c.lower_, pobj(c)))
        # "was condemned by 20 countries, as well as the EU and the UN": named conjuncts the parser
        # hung on the verb extend its last argument (the agent of a passive, else the object)
        ccs = [c.i for c in verb.children if c.dep_ == "cc"]
        stray = [c for c in verb.children if c.dep_ in ("conj", "npadvmod") and c.i > verb.i and c.ent_type_
                 and c.ent_type_ not in ("DATE", "TIME") and any(i < c.i for i in ccs) and not is_verbal(c)]
        if stray:
            has_agent = any(c.dep_ == "agent" for c in verb.children)
            if passive and has_agent:
                fr.subjects += stray
            elif fr.objects and not passive:
                fr.objects += stray
        # "were killed and wounded in an attack by X": coordinated predicates share the phrases
        # after the last of them (the verb keeps its own where it has one of the same kind)
        own = {w_ for w_, _ in fr.preps}
        for nxt in verb.children:
            if nxt.dep_ == "conj" and nxt.i > verb.i and is_verbal(nxt):
                fr.preps += [(c.lower_, pobj(c)) for c in nxt.children if c.dep_ == "prep" and c.i > nxt.i
                             and c.lower_ not in own and pobj(c) is not None]
        if not fr.objects:
            # "contribute a million gold florin to X": an unknown noun the parser took for an adverb,
            # known for a noun by its determiners and modifiers
            fr.objects += [c for c in verb.children if c.dep_ == "advmod" and c.i > verb.i
                           and any(g.dep_ in ("det", "nummod", "compound", "amod", "quantmod") for g in c.children)]
        if fr.subjects and not fr.objects and self._misread_relative(verb):
            fr.passive = True  # "the civilians imprisoned for ... were released": no agent named
            fr.objects, fr.subjects = fr.subjects, []
            return fr
        if not fr.subjects and verb.dep_ == "acl" and self.permission_noun(verb) is not None:
            fr.subjects = self.permitted_one(verb) or []  # "granted X permission to V": X's act, not a relative
            return fr
        if not fr.subjects and verb.dep_ in ("acl", "relcl") and not w.participle(verb.lower_) \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            fr.passive = True  # "the civilians imprisoned for ...": a reduced passive relative
            if verb.head not in fr.objects:
                fr.objects.insert(0, verb.head)
            return fr
        if passive and not fr.objects and verb.dep_ == "conj":
            # "... were released by Putin": a passive conjunct shares its head's subject
            fr.objects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not fr.subjects:
            fr.subjects = self.inherited_subjects(verb, passive)
        return fr

    def inherited_subjects(self, verb: Token, passive: bool = False) -> list[Token]:
        """The subject a verb without one of its own takes from its context."""
        dep = verb.dep_
        head = verb.head
        if head.i == verb.i:
            return []
        if dep == "conj":
            fr_head = [c for c in head.children if c.dep_ == "nsubj"]
            if fr_head:
                return fr_head
            agent = [pobj(c) for c in head.children if c.dep_ == "agent"]
            if any(agent):
                return [a for a in agent if a is not None]
            return self.inherited_subjects(head)
        if passive:
            return []
        if dep == "acomp":  # "Syria is willing to withdraw": the copula's subject
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return subj or self.inherited_subjects(head)
        if dep == "ccomp" and not self.infinitive(verb):
            if self._listed_predicate(verb):  # "stated they would not X, ruled out Y": the head's subject
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
            return self.inherited_subjects(head)
        if dep == "pcomp":  # "destabilised Syria by attacking ...": the governing verb's subject
            if head.lower_ not in self.words.means_preps:
                return []  # "jailed X for helping ...", "accused Y of attacking ...": not the subject's act
            gov = head.head if head.dep_ == "prep" else head
            subj = [c for c in gov.children if c.dep_ == "nsubj"]
            return subj or (self.inherited_subjects(gov) if gov.i != head.i else [])
        leave = self.permitted_one(verb)
        if leave is not None:
            return leave
        if dep == "advcl" and any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
            return []  # the head is passive: its grammatical subject did not act
        if dep == "advcl":
            subj = [c for c in head.children if c.dep_ in ("nsubj",)]
            if subj and head.lower_ in self.words.joining and self.infinitive(verb):
                # "the US joined Ukraine and South Korea to accuse X": all of them accuse
                subj += [c for c in head.children if c.dep_ == "dobj"]
            return subj or self.inherited_subjects(head)
        if dep in ("relcl", "acl"):
            if dep == "acl" and not self.words.participle(verb.lower_):
                return []  # "a report released Tuesday": the noun is the object
            if dep == "acl" and head.lower_ in self.words.documents and head.dep_ == "dobj":
                # "approved a resolution criticizing X": whoever issued the document
                return [c for c in head.head.children if c.dep_ == "nsubj"] or [head]
            return [head]
        return []

    def _listed_predicate(self, verb: Token) -> bool:
        """A subjectless finite "complement" after a comma, next to an earlier complement of the same
        verb, is a coordinated predicate the parser hung on the wrong verb: "officials stated they
        would not discuss X, ruled out Y, and declared Z" (ruled: a second predicate of "stated")."""
        if any(c.dep_ in ("expl", "nsubj", "nsubjpass", "csubj") for c in verb.children):
            return False
        start = verb.left_edge.i
        if start == 0 or verb.doc[start - 1].text != ",":
            return False
        return any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.head.children)

    def _misread_relative(self, verb: Token) -> bool:
        """A participle read as the main verb: "The civilians imprisoned for X were released":
        the finite verb is a later passive conjunct with no subject, no "and" joins the two, and
        the participle has no auxiliary of its own."""
        if verb.dep_ != "ROOT" or self.words.participle(verb.lower_):
            return False
        if any(c.dep_ in ("aux", "auxpass", "cc", "dobj") for c in verb.children):
            return False
        return any(c.dep_ == "conj" and c.i > verb.i
                   and any(g.dep_ == "auxpass" for g in c.children)
                   and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                   for c in verb.children)

    def permission_noun(self, verb: Token) -> Token | None:
        """The noun of leave an infinitive spells out: "gave permission to X to help" (advcl under
        the giving verb), "granted X permission to help" (acl on the noun)."""
        if not self.infinitive(verb):
            return None
        words = self.words.permission
        if verb.dep_ == "acl" and verb.head.lower_ in words:
            return verb.head
        if verb.dep_ == "advcl":
            return next((c for c in verb.head.children if c.dep_ == "dobj" and c.lower_ in words), None)
        return None

    def permitted_one(self, verb: Token) -> list[Token] | None:
        """Object control by leave: the one given permission is the infinitive's subject."""
        noun = self.permission_noun(verb)
        if noun is None:
            return None
        w = self.words
        giver = noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
        out: list[Token] = []
        for c in noun.children:  # "permission for X to ..."
            if c.dep_ == "prep" and c.lower_ in w.beneficiary_preps and pobj(c) is not None:
                out.append(pobj(c))
        if giver is not None:
            for c in giver.children:
                if c.dep_ == "dative":
                    out.append(pobj(c) if c.lower_ in w.beneficiary_preps else c)
        return [t for t in out if t is not None] or None

    def noun_frame(self, noun: Token) -> Frame:
        """A nominal event's frame: modifiers as subjects, prepositional phrases as slots."""
        w = self.words
        fr = Frame(noun, False)
        for c in noun.children:
            if c.dep_ == "prep":
                p = pobj(c)
                if p is None:
                    continue
                if c.lower_ in w.agent_preps:
                    fr.subjects.append(p)
                else:
                    fr.preps.append((c.lower_, p))
            elif c.dep_ == "acl" and c.lower_ in w.aim_modifiers:
                for g in c.children:
                    if g.dep_ == "dobj":
                        fr.preps.append((c.lower_, g))
        return fr


def match_verb(verb: Token, patterns: PatternSet, fr: Frame, matching: Matching) -> Hit | None:
    """The most specific pattern of ``verb`` whose constraints hold in its frame ``fr``."""
    cands = patterns.verb_patterns(verb.lower_)
    if not cands:
        return None
    if matching.passive_needs_agent and fr.passive and not any(c.dep_ == "agent" for c in verb.children):
        fr = Frame(verb, False, fr.objects, fr.subjects, fr.preps, fr.particles)  # read as active
    for p in cands:  # sorted by specificity
        hit = check_pattern(p, fr, verb, matching=matching)
        if hit is not None:
            return hit
    return None


def _lefts(tok: Token) -> set[str]:
    """The words of a noun's premodifiers ("emergency food aid": emergency, food)."""
    return {t.lower_ for t in tok.subtree if t.i < tok.i}


_EXACT = Matching()


def check_pattern(p: Pattern, fr: Frame, anchor: Token, words: bool = True,
                  matching: Matching = _EXACT) -> Hit | None:
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
            obj = next((o for o in fr.objects if o.lower_ in p.object and
                        (not p.object_needs or phrase_holds(o.lower_, _lefts(o), p.object_needs))), None)
            if obj is None and matching.object_modifiers:
                # TABARI matches words, not heads: "* &REVOLT" holds for "a revolutionary manifesto"
                obj = next((o for o in fr.objects if any(c.dep_ in ("amod", "compound") and c.lower_ in p.object
                                                          for c in o.lefts)), None)
            if obj is None:
                return None
    found_pobj = None
    if p.prep:
        found = [t for w, t in fr.preps if w in p.prep and (p.prep_object is None or (
            t.lower_ in p.prep_object and (not p.prep_object_needs
                                           or phrase_holds(t.lower_, _lefts(t), p.prep_object_needs))))]
        if not found:
            return None
        # a named object after the verb beats a fronted adjunct ("In a landmark move, X arrived at Y")
        found_pobj = max(found, key=lambda t: (t.ent_type_ in _NAME_LABELS, t.i > anchor.i, -t.i))
    elif p.prep_object is not None:
        return None
    if (p.words or p.word_sets) and words:
        seq = ["*" if t.i == anchor.i else t.lower_ for t in anchor.subtree]  # "*": the verb itself
        present = set(seq) | {anchor.lower_}
        if matching.word_match == "lemma":
            present |= {singular(w) for w in seq}
        around = ["*" if t.i == anchor.i else t.lower_ for t in anchor.sent]
        if not words_hold(p, present, seq, around):
            return None
        if matching.ordered_words and len(p.words) > 1 and not in_order(p, seq):
            return None
    if p.before and words and not items_hold(p.before, _before(anchor, fr, matching.before_scope)):
        return None
    return Hit(p, fr, found_pobj, obj)


def _before(verb: Token, fr: Frame, scope: str) -> list[str]:
    """The words a pattern's ``before`` items are looked for in, in text order, ``*`` for the
    verb: the sentence up to the verb, or (scope "subject") the subjects' phrases."""
    if scope == "subject":
        toks = sorted({t.i for s in fr.subjects for t in s.subtree if t.i < verb.i})
        out = [verb.doc[i].lower_ for i in toks]
        return out + ["*"] if toks and toks[-1] == verb.i - 1 else out
    return [t.lower_ for t in verb.doc[verb.sent.start:verb.i]] + ["*"]


def match_noun(noun: Token, patterns: PatternSet, fr: Frame, untargeted: Callable[[str], bool]) -> Hit | None:
    """The noun's pattern whose modifiers and constraints hold; or, for a noun whose events are
    news without a target (``untargeted(code)``: an air strike, a protest), its pattern alone."""
    cands = patterns.noun_patterns(noun.lower_)
    if not cands:
        return None
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
    for p in held:
        if untargeted(p.code) and p.source != "prep":
            return Hit(p, fr, None, None, noun)
    return None
