"""Dependency-parse tests the quotes extractor asks of a cue: its subject, its voice, its
clause's marks. Pure functions of spaCy tokens; they hold no state between articles."""

from __future__ import annotations

from spacy.tokens import Token

#: Tokens that end a sentence, or a clause as good as one.
SENTENCE_END = frozenset({".", "?", "!", ";"})
# Clauses whose subject is that of the clause they hang from, climbed at most this far.
_CLIMB_DEPS = {"conj", "xcomp", "advcl", "pcomp", "prep", "acomp"}
_MAX_CLIMB = 3


def subject_of(verb: Token) -> Token | None:
    """Who does the saying: the verb's subject, or that of the clause it hangs from."""
    own = own_subject(verb)
    if own is not None:
        return own
    before = [c for c in verb.lefts if c.dep_ == "ccomp"]
    if before and any(c.dep_ == "ccomp" for c in verb.rights):
        # "A U.S. official, who spoke on condition of anonymity, said ...": spaCy may make
        # the relative clause the verb's complement and the official its subject.
        for child in before[0].children:
            if child.dep_ == "nsubj" and child.i < before[0].i:
                return child
    if verb.dep_ in ("acl", "amod", "advcl") and verb.tag_ == "VBN":
        return None  # a passive participle: "X, known as “…”", "a plan announced on Monday"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "a statement saying that ..."
    token = verb
    for _ in range(_MAX_CLIMB):
        # "X said A and added B", "adding", "went on to say", "ended by saying",
        # "were more likely to say": the subject of the clause the verb hangs from.
        if token.dep_ not in _CLIMB_DEPS or (token.dep_ == "advcl" and is_marked(token)):
            break
        head = token.head
        if token.dep_ == "advcl" and head.dep_ == "ccomp" and head.head.pos_ == "VERB":
            head = head.head  # "X told Y that A, adding B": X adds, not A's subject
        elif token is verb and coordinated_report(verb):
            head = head.head  # "X said A and vowed B", B hung from A by the parser
        found = own_subject(head)
        if found is not None:
            return found
        token = head
    return subject_before(verb)


def own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    return None


def coordinated_report(verb: Token) -> bool:
    """Whether the parser hung a report from the clause another report reports, though it
    is coordinated with that report: "X said A and said B", "X announced that he was ill
    and vowed to rest" (the same verb, or the same tense as the outer verb and not the
    inner one's)."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or head.head.pos_ != "VERB":
        return False
    outer = head.head
    return outer.lemma_ == verb.lemma_ or outer.tag_ == verb.tag_ != head.tag_


def marked_as(clause: Token) -> bool:
    """Whether a clause is opened by "as" ("as officials noted")."""
    return any(c.dep_ == "mark" and c.lower_ == "as" and c.i < clause.i for c in clause.children)


def is_marked(clause: Token) -> bool:
    """Whether an adverbial clause has its own conjunction ("after", "because") and is
    finite; "while discussing it, X said" shares X, as any participle does."""
    return clause.tag_ not in ("VBG", "VBN") and any(
        c.dep_ == "mark" and c.lower_ != "to" for c in clause.children
    )


def subject_before(verb: Token) -> Token | None:
    """The noun phrase just before a cue spaCy gave no subject: "X, the adviser, said: …"."""
    if verb.dep_ not in ("ROOT", "ccomp", "parataxis"):
        return None
    i = verb.i - 1
    while i >= 0 and (verb.doc[i].is_punct or verb.doc[i].dep_ in ("aux", "advmod", "neg")):
        if verb.doc[i].text in SENTENCE_END or "\n" in verb.doc[i].text:
            return None
        i -= 1
    if i < 0:
        return None
    token = verb.doc[i]
    # "Ramos, 58, told": climb from the age, the title or the name's first part.
    while token.dep_ in ("compound", "flat", "appos", "amod", "nummod") and token.head.i < verb.i:
        token = token.head
    return token if token.pos_ in ("PROPN", "NOUN") else None


def is_passive(verb: Token) -> bool:
    """Whether a verb is in the passive voice, finite or a bare participle."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or is_participle(verb)


def is_participle(verb: Token) -> bool:
    """Whether a verb is a passive participle with no subject of its own: "Asked about it,
    ...", "when asked whether ..."."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    )


def opened_by_that(clause: Token) -> bool:
    """Whether a clause is opened by "that" ("the claim that ...", not "the claim he made")."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def subject_after(verb: Token) -> Token | None:
    """The name right after a cue that follows its quotation: "“…,” said Ann Lee"."""
    if verb.i + 1 >= len(verb.doc):
        return None
    token = verb.doc[verb.i + 1]
    while token.dep_ in ("compound", "flat") and token.head.i > token.i:
        token = token.head
    return token if token.pos_ in ("PROPN", "NOUN", "PRON") else None


def is_finite(clause: Token) -> bool:
    """Whether a clause has a subject of its own (not a participle like "Asked about it")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children)


def cue_lemma(verb: Token, fixes: dict[str, str]) -> str:
    """The verb's entry in cues.yaml: "say", or with its particle, "point out"."""
    # A particle follows its verb: most verbs have nothing to their right worth a look.
    particles = [c.lower_ for c in verb.rights if c.dep_ == "prt"] if verb.n_rights else []
    lemma = fixes.get(verb.lower_) or verb.lemma_.lower()
    return f"{lemma} {particles[0]}" if particles else lemma
