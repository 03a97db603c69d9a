"""Quotes: reported speech, direct and indirect, with its cue and its resolved speaker.

Direct quotes are found from the quotation marks and attributed to the cue beside them
("“…,” Esper said", "wrote X: “…”"), to the cue of the quote they continue in the same
paragraph, or to the speaker of the previous paragraph's quote when a paragraph opens with
one. Indirect quotes come from the dependency parse: a cue verb ("said", "told",
"announced", "citing") with a subject and the clause, object or infinitive it reports, or
"according to X". PolNeAR counts beliefs and stances as attributions too, so cues also
include passives ("is expected to", "was asked whether"), raising verbs ("seems to"),
speech-act nouns ("questions about", "Trump's attack on"), stance adjectives ("critical
of"), "in a poll, ..." and a name before a colon ("Poll: ...", "pollster Ann Lee: “…”").
Quoted words inside reported speech make it "mixed"; quotation marks that nobody is cued
to say (titles, scare quotes) are no quote at all. Cue words live in ``data/cues.yaml``
(read by ``cue_words.py``); quotation marks are paired by ``quotation_marks.py``, the
parse is questioned through ``cue_syntax.py`` and speakers are resolved in ``speakers.py``.
A cue model trained on PolNeAR (``cue_model.py``) adds the rarer cues the rules miss and
drops the rules' cues it finds very unlikely.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Doc, Span, Token

from eventwire.extract.cue_model import CANDIDATE_POS, cue_model
from eventwire.extract.cue_syntax import (
    SENTENCE_END,
    coordinated_report,
    cue_lemma,
    is_finite,
    is_passive,
    marked_as,
    opened_by_that,
    subject_after,
    subject_before,
    subject_of,
)
from eventwire.extract.cue_words import CLAUSE, INFINITIVE, OBJECT, CueWords, cue_words
from eventwire.extract.quotation_marks import Quotation, find_quotations, quoted_tokens
from eventwire.extract.registry import register
from eventwire.extract.sign_offs import SignOff, signing, tweets
from eventwire.extract.speakers import SpeakerResolver
from eventwire.schema import Article, Cue, Quote, Speaker
from eventwire.settings import Settings

DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"

# The parts of speech of the words the rules (verbs, nouns, adjectives, "in") and the cue
# model look at.
_CUE_POS = frozenset(IDS[p] for p in CANDIDATE_POS)
# The rule each word is put to, told from the parse's arrays without building its Token.
_VERB, _NOUN, _ADJ = IDS["VERB"], IDS["NOUN"], IDS["ADJ"]
_IN = hash_string("in")

# Trimmed from the edges of a content span: they join it to its frame, not to the speech.
_EDGE = frozenset({",", ";", ":", "—", "–", "-", "--", "(", ")"})
_BREAK = re.compile(r"[.?!;:\n]")
# A line opened by a name and a colon: a headline's or a transcript's attribution.
_HEADING = re.compile(r"^[ \t\"“]*([^:\n]{2,60}?)(:)[ \t]+(\S[^\n]*)", re.M)
_MAX_HEADING_NAME = 8
# A headline's statement has a verb, or at least this many words ("Lynch: No outside
# influence on probe"; title case hides its verbs from the tagger).
_MIN_HEADLINE_WORDS = 4
# How many tokens a cue may stand from the quotation it attributes: "…,” said a senior
# U.S. official" puts it next to the mark, a long description of the speaker between
# them ("…,” Bill Eastland, a delegate wearing …, said") twenty tokens after it; "He told
# reporters in Baghdad on Tuesday: “…" seven before. Calibrated on PolNeAR train.
_FRAME_AFTER = 24
_FRAME_BEFORE = 14
# A prepositional cue ("talked at length about") runs from verb to preposition if they
# stand this close; farther apart, the verb alone is the cue.
_PREP_REACH = 3
# A quotation continues a paragraph's quote only if it is speech-like: this many words, or
# it ends a sentence ("“No.”").
_MIN_CONTINUATION_WORDS = 3
# Prepositions that join a speech-act noun to its content: "attack on", "call for".
_NOUN_PREPS = frozenset({"of", "for", "on", "about", "against", "to", "with", "over"})
# Entity types of names that say when or how much, never who.
_NOT_SOMEONE = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_PERSONAL = frozenset({"he", "she", "they", "we", "i", "you", "who"})
# Clause parts that complete an object: "described the move as ...", "accused X of ...".
_OBJECT_TAIL_DEPS = {"oprd", "xcomp", "ccomp", "npadvmod"}
_OBJECT_TAIL_PREPS = {"as", "of", "for", "in", "about", "over", "than", "to"}
# What a cue closing a sentence may carry besides its subject: "…, he said on Monday".
_CLOSING_FRAME_DEPS = frozenset({"nsubj", "aux", "advmod", "neg", "npadvmod", "prep", "punct"})
# What may stand between a quotation and its cue besides the subject: "“…,” he also said".
_FRAME_DEPS = {"aux", "advmod", "neg", "punct", "npadvmod"}
_DAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"today", "yesterday", "tonight"}
)
# A verb introduces what follows when a colon comes this close after it: "said:", "told
# reporters on Monday:".
_INTRODUCER_REACH = 5
# The parts of a name that hang from its head: "Daron Shaw", "pollster Daron Shaw".
_NAME_DEPS = {"compound", "flat", "appos", "amod", "nummod"}
# What completes the complement of a cue the model found: its object's preposition, its
# object's predicate ("cast himself as ..."), a second object.
_LEARNED_TAIL_DEPS = frozenset({"prep", "dobj", "dative", "xcomp", "ccomp", "oprd", "attr"})
# Descriptions after a comma that describe what is reported rather than report it.
_ASIDE_DEPS = {"relcl", "appos"}
# What a passive cue reports ("expected to win", "asked whether", "announced the winner")
# and what a raising verb does ("seems to", "appears closer", "sounds like").
_PASSIVE_DEPS = {"xcomp", "ccomp", "dobj", "oprd", "attr"}
_RAISED_DEPS = {"xcomp", "ccomp", "acomp", "attr", "oprd"}


@dataclass
class _Piece:
    """One content span of an attribution (a split quote has two)."""

    start: int
    end: int
    kind: str
    fragments: list[Quotation] = field(default_factory=list)


@dataclass
class _Attribution:
    cue: tuple[int, int] | None  # token range
    lemma: str
    source: Token | None
    pieces: list[_Piece] = field(default_factory=list)
    #: the attribution whose speaker a cue-less paragraph-opening quote continues
    continues: _Attribution | None = None
    speaker: Speaker | None = None
    #: a sign-off's dash and name as character ranges: neither need be a whole token
    #: ("…”― Name" is one token to spaCy)
    mark: tuple[int, int] | None = None
    named: tuple[int, int] | None = None

    @property
    def position(self) -> int:
        """Where the attribution is said, for resolving speakers in text order."""
        if self.cue is not None and self.source is not None:
            return self.source.idx
        return self.pieces[0].start if self.pieces else 0


@register("quotes")
def extract_quotes(doc: Doc, article: Article, settings: Settings) -> list[Quote]:
    """Every direct, indirect and mixed quote in the article, in text order."""
    return _Extractor(doc, article, cue_words()).run()


class _Extractor:
    """One article's quotes: parse cues first, then quotation marks, then speakers."""

    def __init__(self, doc: Doc, article: Article, words: CueWords) -> None:
        self.doc = doc
        # The article's text is the doc's: Doc.text would join every token anew.
        self.text = article.text
        self.article = article
        self.words = words
        # Read as one array: iterating the doc builds a Token object per word.
        self.starts: list[int] = doc.to_array(IDX).tolist()
        self.quotations = find_quotations(self.text)
        self.in_quote = quoted_tokens(self.starts, self.quotations)
        self.by_cue: dict[int, _Attribution] = {}
        #: the attributions of cue chains ("seemed to mock"), by the inner verb
        self.chains: dict[int, _Attribution | None] = {}
        self.attributions: list[_Attribution] = []
        self.model = cue_model()

    def run(self) -> list[Quote]:
        for line in _HEADING.finditer(self.text):
            found = self._from_heading(line)
            if found is not None:
                self._add(found)
        for tweet in tweets(self.text):
            found = self._signed(tweet)
            if found is not None:
                self._add(found)
        learned: list[tuple[Token, tuple[int, int, int]]] = []
        doc = self.doc
        starts = self.words.phrase_starts
        for i, tag, lower, lemma in self._candidates():
            token = doc[i]
            # Each rule returns None at once for a word of another kind; the arrays say
            # which rules can apply, in the order the rules are tried.
            found = self._from_phrase(token) if lower in starts else None
            if found is None and lower == _IN:
                found = self._from_document(token)
            if found is None:
                if tag == _VERB:
                    found = self._from_verb(token)
                elif tag == _NOUN:
                    found = self._from_noun(token)
                elif tag == _ADJ:
                    found = self._from_adjective(token)
            # "In this poll, …": the document rule sees the poll, the model only "in".
            if found is not None and found.cue is not None and found.lemma != "in":
                head = self._cue_head(found)
                if (
                    self.model.scores(head)
                    and self.model.probability(head, self.in_quote) < self.model.drop
                ):
                    found = None
            elif self.model.scores_ids(tag, lemma):
                content = self._learned_content(token)
                if content is not None and (
                    self.model.probability(token, self.in_quote) >= self.model.add
                ):
                    learned.append((token, content))
            if found is not None:
                self._add(found)
        self._add_learned(learned)
        self._split_coordinated()
        self._drop_nested()
        self._assign_quotations()
        return self._quotes()

    def _candidates(self) -> list[tuple[int, int, int, int]]:
        """The words outside quotation marks that may head a cue: a verb, noun, adjective,
        preposition or auxiliary (what the rules and the model look at), or the first word of
        a source phrase; each with its part of speech, lower-case form and lemma (as spaCy's
        ids). Read from the parse's arrays: a Token built for every word costs a millisecond
        an article."""
        tags, lowers, lemmas = self.doc.to_array([POS, LOWER, LEMMA]).T.tolist()
        starts = self.words.phrase_starts
        quoted = self.in_quote
        return [
            (i, tag, lower, lemma)
            for i, (tag, lower, lemma) in enumerate(zip(tags, lowers, lemmas, strict=True))
            if quoted[i] < 0 and (tag in _CUE_POS or lower in starts)
        ]

    def _drop_nested(self) -> None:
        """Reports inside reported content ("X said they think Y") are part of that content,
        as in PolNeAR, where only the outer attribution is marked."""
        spans = [(piece.start, piece.end, a) for a in self.attributions for piece in a.pieces]
        kept = []
        for attribution in self.attributions:
            if attribution.cue is None or attribution.named is not None:
                # A signed message holds what it quotes; nothing it sits in reports it.
                kept.append(attribution)
                continue
            at = self.doc[attribution.cue[0]].idx
            if not any(
                start <= at < end and other is not attribution for start, end, other in spans
            ):
                kept.append(attribution)
        if len(kept) < len(self.attributions):
            self.attributions = kept
            self.by_cue = {a.cue[0]: a for a in kept if a.cue is not None}

    def _split_coordinated(self) -> None:
        """End content where a coordinated report begins: "A said X, and B said Y", "A said
        X and said Y"."""
        for other in self.attributions:
            if other.cue is None or other.source is None:
                continue
            cue = self.doc[other.cue[0]]
            if cue.dep_ != "conj":
                continue
            if any(c.dep_ == "nsubj" for c in cue.children):
                begin = min(other.source.left_edge.i, cue.i)
            elif coordinated_report(cue):
                begin = cue.i
            else:
                continue
            while begin > 0 and (self.doc[begin - 1].is_punct or self.doc[begin - 1].dep_ == "cc"):
                begin -= 1
            cut = self.doc[begin].idx
            for attribution in self.attributions:
                if attribution is other:
                    continue
                for piece in attribution.pieces:
                    if piece.start < cut < piece.end:
                        piece.end = cut

    # -- offsets ------------------------------------------------------------------------

    def _token_at(self, char: int) -> int:
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def _piece(
        self, first: int, last: int, kind: str = INDIRECT, near: int | None = None
    ) -> _Piece | None:
        """The content piece for tokens ``first..last``, its framing punctuation trimmed;
        ``near`` is the cue, whose paragraph the content keeps."""
        doc = self.doc
        # spaCy's sentences may run across a paragraph break; content never does.
        for i in range(first, last + 1):
            if "\n" in doc[i].text:
                if near is not None:
                    if near < i:
                        last = i - 1
                        break
                    first = i + 1
                elif i <= (first + last) // 2:
                    first = i + 1
                else:
                    last = i - 1
                    break
        while first <= last and (doc[first].text in _EDGE or doc[first].dep_ == "cc"):
            first += 1
        while last >= first and (
            doc[last].text in _EDGE
            or doc[last].text in SENTENCE_END
            or doc[last].is_space
            or doc[last].dep_ == "cc"
        ):
            last -= 1
        if last < first:
            return None
        return _Piece(doc[first].idx, doc[last].idx + len(doc[last]), kind)

    def _add(self, attribution: _Attribution) -> None:
        if attribution.cue is not None:
            self.by_cue[attribution.cue[0]] = attribution
        self.attributions.append(attribution)

    def _lemma(self, verb: Token) -> str:
        return cue_lemma(verb, self.words.lemma_fixes)

    # -- cues from the parse ------------------------------------------------------------

    def _from_heading(self, line: re.Match[str]) -> _Attribution | None:
        """ "Esper: Strike was defensive": a line opened by a speaker's name and a colon."""
        colon = self._token_at(line.start(2))
        first = self._token_at(line.start(1))
        name = self.doc[first:colon]
        if not 0 < len(name) <= _MAX_HEADING_NAME or self.doc[colon].text != ":":
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in name):
            return None  # "Read the latest updates below:" introduces, it does not attribute
        if line.group(1).strip(" [(").lower() in self.words.heading_labels or all(
            t.ent_type_ in _NOT_SOMEONE for t in name
        ):
            return None  # "The Latest: …", "June 11: …" name no speaker
        # The name must be someone's: a named person or body, a transcript's speaker, or
        # a headline's capitalized source ("Poll: ...", "Issa: ..."; the parser often
        # takes a lone name before a colon for an adjective or a common noun).
        names = [
            t
            for t in name
            if t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (t.is_upper and len(t) > 2)
        ]
        capitalized = all(t.is_title or t.is_upper for t in name if t.is_alpha)
        if not (names and name.root.pos_ == "PROPN") and not capitalized:
            return None
        last = self._token_at(line.end(3) - 1)
        said = self.doc[colon + 1 : last + 1]
        if (
            not any(t.pos_ in ("VERB", "AUX") or t.is_quote for t in said)
            and sum(t.is_alpha for t in said) < _MIN_HEADLINE_WORDS
        ):
            return None  # "Clinton: 1,769" is a table, not a statement
        attribution = _Attribution((colon, colon + 1), ":", name.root)
        piece = self._piece(colon + 1, last)
        attribution.pieces = [piece] if piece is not None else []
        return attribution if attribution.pieces else None

    def _from_noun(self, token: Token) -> _Attribution | None:
        """ "Trump's attack on Cruz", "the senator's claim that ...", "questions about his
        health": a speech-act noun and its complement, the content; its possessor, or whoever
        it comes "from" or is "by", is the source."""
        if token.pos_ != "NOUN":
            return None
        lemma = token.lemma_.lower()
        if lemma not in self.words.noun_heads:
            return None  # no entry starts with it: the common case, decided before the parse
        owners = [c for c in token.children if c.dep_ == "poss"]
        owned = bool(owners) and lemma in self.words.nouns
        for child in token.rights:
            if child.dep_ == "prep":
                if not (
                    (owned and child.lower_ in _NOUN_PREPS)
                    or f"{lemma} {child.lower_}" in self.words.noun_cues
                ):
                    continue
                objects = [o for o in child.children if o.dep_ in ("pobj", "pcomp")]
                if objects:
                    cue = (token.i, child.i + 1)
                    piece = self._piece(
                        objects[0].left_edge.i, objects[0].right_edge.i, near=token.i
                    )
                    break
            elif child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
                if not (
                    owned or (f"{lemma} that" in self.words.noun_cues and opened_by_that(child))
                ):
                    continue
                cue = (token.i, token.i + 1)
                piece = self._piece(child.left_edge.i, child.right_edge.i, near=token.i)
                break
        else:
            return None
        if piece is None:
            return None
        source = owners[0] if owners else self._noun_source(token)
        return _Attribution(cue, lemma, source, [piece])

    def _from_adjective(self, token: Token) -> _Attribution | None:
        """ "X is critical of Y", "X was confident that ...", "X is eager to ...": a stance
        adjective after "be" or a like verb; the subject is the source, the adjective's
        complement the content, and the cue runs from the verb to the preposition."""
        if token.pos_ != "ADJ" or token.dep_ != "acomp" or not self.words.adjective_cues:
            return None
        lemma = token.lemma_.lower()
        for child in token.rights:
            if child.dep_ == "prep" and f"{lemma} {child.lower_}" in self.words.adjective_cues:
                objects = [o for o in child.children if o.dep_ in ("pobj", "pcomp")]
                if not objects:
                    continue
                end, first, last = child.i + 1, objects[0].left_edge.i, objects[0].right_edge.i
                break
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                joint = "that" if opened_by_that(child) or child.dep_ == "ccomp" else "to"
                if f"{lemma} {joint}" in self.words.adjective_cues:
                    end, first, last = token.i + 1, child.left_edge.i, child.right_edge.i
                    break
        else:
            return None
        verb = token.head
        source = self._subject(verb)
        if source is None or not self._someone(source) or verb.i > token.i:
            return None
        piece = self._piece(first, last, near=token.i)
        if piece is None:
            return None
        return _Attribution((verb.i, end), lemma, source, [piece])

    def _add_learned(self, tokens: list[tuple[Token, tuple[int, int, int]]]) -> None:
        """Add the cues the model found, unless one frames a cue the rules found ("issued
        a statement saying ..."): the rules' reading of the report is the one kept."""
        cues = [self.doc[a.cue[0]].idx for a in self.attributions if a.cue is not None]
        for token, content in tokens:
            if token.i in self.by_cue:
                continue  # "was critical of", "seemed to mock": a rule's cue starts here
            found = self._from_model(token, content)
            if found is None:
                continue
            piece = found.pieces[0]
            if found.source is None and self._quotes_in(piece):
                continue  # "known as “the iron mayor”": a name in quotation marks, no speech
            if not any(piece.start <= at < piece.end for at in cues):
                self._add(found)

    def _quotes_in(self, piece: _Piece) -> bool:
        return any(piece.start <= q.start < piece.end for q in self.quotations)

    def _cue_head(self, attribution: _Attribution) -> Token:
        """The word a rule's cue hangs from, as the model was trained to see it: the issuer
        of "issued a statement saying", the first word of "seemed to mock"."""
        first = self.doc[attribution.cue[0]]
        return self._issuer(first) or first

    def _from_model(self, token: Token, content: tuple[int, int, int]) -> _Attribution | None:
        """A cue no rule knows that the cue model finds likely ("derided the plan as ...",
        "is confident that", "support for"): its subject or possessor speaks, and it
        reports ``content`` (from ``_learned_content``)."""
        if token.pos_ in ("NOUN", "PROPN"):
            owners = [c for c in token.children if c.dep_ == "poss"]
            source = owners[0] if owners else self._noun_source(token)
        elif token.pos_ == "ADJ":
            source = self._subject(token.head) if token.dep_ == "acomp" else None
        else:
            source = self._subject(token)
        end, first, last = content
        piece = self._piece(first, last, near=token.i)
        if piece is None:
            return None
        return _Attribution((token.i, end), token.lemma_.lower(), source, [piece])

    def _learned_content(self, token: Token) -> tuple[int, int, int] | None:
        """Where a cue the model may find would end, and the token range it would report:
        its clause, infinitive, object or the object of its preposition; None if it has
        none, and then the model need not be asked."""
        if not token.n_rights or token.pos_ == "ADP":
            return None
        holder = token
        if token.pos_ == "AUX":
            # "is confident that": the adjective or noun after "be" takes the complement.
            holder = next((c for c in token.rights if c.dep_ in ("acomp", "attr")), token)
        end = max(token.i, holder.i) + 1
        for child in holder.rights:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                first, last = child.left_edge.i, child.right_edge.i
                break
            if child.dep_ == "dobj":
                first, last = child.left_edge.i, child.right_edge.i
                break
            if child.dep_ == "prep":
                objects = [o for o in child.children if o.dep_ in ("pobj", "pcomp")]
                if objects:
                    if self._reaches(token, child):
                        end = child.i + 1
                    first, last = objects[0].left_edge.i, objects[0].right_edge.i
                    break
        else:
            return None
        for child in holder.rights:
            # "linked cybersecurity to the server", "cast himself as a champion": what
            # completes the complement belongs to the content.
            if child.i > last and child.dep_ in _LEARNED_TAIL_DEPS:
                last = child.right_edge.i
        return end, first, last

    def _reaches(self, verb: Token, prep: Token) -> bool:
        """Whether a cue runs from ``verb`` to ``prep``: they stand close, and no one is
        named between them. "talked at length about" is one cue; in "accused Sanders of"
        PolNeAR's cue is the verb (on train 39 times, the whole 19)."""
        if prep.i - verb.i > _PREP_REACH:
            return False
        return not any(
            t.pos_ in ("NOUN", "PROPN", "PRON") and t.lower_ not in _DAYS
            for t in self.doc[verb.i + 1 : prep.i]
        )

    def _noun_source(self, noun: Token) -> Token | None:
        """Who a speech-act noun comes from: "a warning from the ministry", "criticism by X"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and self._names_someone(obj):
                        return obj
        return None

    def _from_document(self, token: Token) -> _Attribution | None:
        """ "In a new poll, 40 percent backed the plan": a clause opened by "in" and a
        document or poll, whose verb is no cue of its own, reports what the document says."""
        if token.lower_ != "in" or token.dep_ != "prep":
            return None
        head = token.head
        if not token.i < head.i:
            return None
        if head.pos_ not in ("VERB", "AUX") or self._lemma(head) in self.words.verbs:
            return None
        documents = [
            c
            for c in token.children
            if c.dep_ == "pobj" and c.lemma_.lower() in self.words.documents
        ]
        if not documents:
            return None
        inner = {t.i for t in token.subtree}
        outside = [t.i for t in head.subtree if t.i not in inner and not t.is_space]
        pieces = [self._piece(run[0], run[-1], near=head.i) for run in _runs(outside)]
        pieces = [p for p in pieces if p is not None]
        if not pieces:
            return None
        return _Attribution((token.i, token.i + 1), "in", documents[0], pieces)

    def _from_phrase(self, token: Token) -> _Attribution | None:
        """ "according to X, …": the phrase's object is the source, its clause the content."""
        lower = token.lower_
        for phrase in self.words.source_phrases:
            if phrase[0] != lower:
                continue  # most tokens: no phrase starts here, so no slice is built
            end = token.i + len(phrase)
            if end > len(self.doc) or tuple(t.lower_ for t in self.doc[token.i : end]) != phrase:
                continue
            last = self.doc[end - 1]
            objects = [c for c in last.children if c.dep_ == "pobj"]
            if not objects:
                return None
            attribution = _Attribution((token.i, end), " ".join(phrase), objects[0])
            head = token.head
            if head.i == token.i:
                return attribution
            # The clause on the far side of the phrase's commas: "according to X, Y" or
            # "Y, according to X".
            doc = self.doc
            after = last.right_edge.i + 1
            while after < len(doc) and (doc[after].text in _EDGE or doc[after].is_space):
                after += 1
            stop = max(token.right_edge.i, head.right_edge.i if head.i != token.i else 0)
            if after <= stop and doc[after].text not in SENTENCE_END:
                piece = self._piece(after, stop, near=token.i)
            elif head.i != token.i and head.left_edge.i < token.i:
                root = head
                while root.dep_ == "conj":
                    root = root.head  # "A rose, B fell and C held, according to X"
                first = root.left_edge.i
                for i in range(token.i - 1, first, -1):
                    if doc[i].text in (":", ";"):
                        first = i + 1
                        break
                piece = self._piece(first, token.i - 1, near=token.i)
            else:
                piece = None
            if piece is not None:
                attribution.pieces = [piece]
            return attribution
        return None

    def _from_verb(self, token: Token) -> _Attribution | None:
        """A cue verb with a subject and the complement its entry in cues.yaml allows."""
        if token.pos_ != "VERB":
            return None
        lemma = self._lemma(token)
        if lemma in self.words.raising:
            return self._raising(token, lemma)
        prepositional = self._prepositional(token, lemma)
        complements = self.words.verbs.get(lemma)
        if complements is None and prepositional is None:
            return self._from_other_verb(token, lemma)
        if is_passive(token):
            return self._passive(token, lemma, complements)
        if token.dep_ == "xcomp":
            head = self._lemma(token.head)
            if head in self.words.raising:
                return self._chain(token)
            if INFINITIVE in self.words.verbs.get(head, ()):
                return None  # "declined to say whether ...": the outer verb reports it
        return self._report(token, lemma, prepositional, complements)

    def _chain(self, verb: Token) -> _Attribution | None:
        """ "seemed to mock his rival": a cue in the infinitive of a raising verb makes one
        cue with it, as PolNeAR marks them, and reports what it reports, said by the subject;
        None where the raising verb reports the infinitive ("seems to have failed")."""
        if verb.i in self.chains:
            return self.chains[verb.i]
        found = None
        head = verb.head
        lemma = self._lemma(verb)
        if lemma not in self.words.raising and not any(
            c.dep_ == "dobj" and c.i < verb.i for c in head.children
        ):
            prepositional = self._prepositional(verb, lemma)
            complements = self.words.verbs.get(lemma)
            if complements is not None or prepositional is not None:
                found = self._report(verb, lemma, prepositional, complements)
        if found is not None and found.pieces and found.cue is not None:
            found.cue = (head.i, found.cue[1])
        else:
            found = None
        self.chains[verb.i] = found
        return found

    def _report(
        self,
        token: Token,
        lemma: str,
        prepositional: tuple[str, Token, int, int] | None,
        complements: tuple[str, ...] | None,
    ) -> _Attribution | None:
        """What a cue verb in the active voice reports, said by its subject."""
        source = self._subject(token)
        if source is None or (lemma in self.words.stance_verbs and not self._someone(source)):
            return None
        if prepositional is not None:
            # "talked about the economy", "called for a recount": the cue runs to the
            # preposition, the content is its object.
            key, prep, first, last = prepositional
            end = prep.i + 1 if self._reaches(token, prep) else token.i + 1
            attribution = _Attribution((token.i, end), key, source)
            for child in token.rights:
                if child.dep_ == "xcomp" and child.i > last:
                    last = child.right_edge.i  # "called on the allies to leave"
            piece = self._piece(first, last, near=token.i)
            attribution.pieces = [piece] if piece is not None else []
            return attribution if attribution.pieces else None
        attribution = _Attribution((token.i, token.i + 1), lemma, source)
        readers = {CLAUSE: self._clause, OBJECT: self._object, INFINITIVE: self._infinitive}
        for complement in complements:
            attribution.pieces = readers[complement](token)
            if attribution.pieces:
                break
        if (
            not attribution.pieces
            and CLAUSE not in complements
            and self._someone(source)
            and any(c.dep_ == "ccomp" and c.i > token.i and is_finite(c) for c in token.children)
        ):
            # "vowed that ...": any cue reports a finite clause after it, as any verb does
            # under _from_other_verb.
            attribution.pieces = self._clause(token)
        if not attribution.pieces and not self.words.frames(lemma):
            return None
        return attribution

    def _passive(
        self, verb: Token, lemma: str, complements: tuple[str, ...] | None
    ) -> _Attribution | None:
        """ "The plan was criticized by Democrats", "turnout is expected to rise", "it was
        reported that ...", "he was asked whether ...": the agent, if any, is the source; the
        content is what the verb reports, with its subject unless that is the one addressed."""
        if not complements:
            return None
        agents = [
            o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"
        ]
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        subject = (subjects[0].left_edge.i, subjects[0].right_edge.i) if subjects else None
        reported = self._reported(verb)
        addressed = lemma in self.words.addressee_verbs
        if reported is None and (addressed or OBJECT not in complements):
            return None
        if (
            subject is not None
            and reported is not None
            and (addressed or (subjects and subjects[0].lower_ == "it"))
        ):
            subject = None  # "he was told to leave", "it was reported that ..."
        if subject is None and reported is None:
            return None
        end = verb.i + 1
        if reported is not None and self.doc[reported[0]].lower_ == "about":
            # "asked about the plan": the cue runs to the preposition, its object is reported
            end = reported[0] + 1
            reported = (end, reported[1])
        pieces = self._pieces(verb, subject, reported)
        source = agents[0] if agents else None
        return _Attribution((verb.i, end), lemma, source, pieces) if pieces else None

    def _raising(self, verb: Token, lemma: str) -> _Attribution | None:
        """ "The plan seems to have failed", "the race appears closer": how something seems,
        said by nobody in particular; the subject and the complement are the content."""
        reported = self._reported(verb, raising=True)
        if reported is None:
            return None
        inner = self.doc[reported[0]].head
        if inner.dep_ == "xcomp" and inner.head.i == verb.i and self._chain(inner) is not None:
            return None  # "seemed to endorse him": one cue, reported with a source
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        subject = (
            (subjects[0].left_edge.i, subjects[0].right_edge.i)
            if subjects and subjects[0].lower_ != "it"
            else None
        )
        pieces = self._pieces(verb, subject, reported)
        return _Attribution((verb.i, verb.i + 1), lemma, None, pieces) if pieces else None

    def _reported(self, verb: Token, raising: bool = False) -> tuple[int, int] | None:
        """The token range of what a passive or raising verb reports: its infinitive or
        clause, its object, or its "as" phrase or predicate ("seen as a reformer")."""
        deps = _RAISED_DEPS if raising else _PASSIVE_DEPS
        found = [
            c
            for c in verb.rights
            if c.dep_ in deps
            or (c.dep_ == "prep" and c.lower_ in ("as", "like", "about"))
            or (raising and c.dep_ == "advmod" and c.tag_ in ("JJR", "RBR"))
        ]
        if not found:
            return None
        last = found[-1].right_edge.i
        for child in verb.rights:
            if child.i <= last:
                continue
            if child.dep_ in ("punct", "cc", "conj") or (
                child.dep_ == "advcl" and self.doc[child.left_edge.i - 1].is_punct
            ):
                break
            last = child.right_edge.i  # "appears closer in Ohio"
        return found[0].left_edge.i, last

    def _pieces(
        self, verb: Token, subject: tuple[int, int] | None, reported: tuple[int, int] | None
    ) -> list[_Piece]:
        """The content pieces of a subject's tokens and the range ``verb`` reports about it."""
        ranges = []
        if subject is not None:
            ranges.append(subject)
        if reported is not None:
            if ranges and reported[0] <= ranges[-1][1] + 1:
                ranges[-1] = (ranges[-1][0], reported[1])
            else:
                ranges.append(reported)
        pieces = [self._piece(first, last, near=verb.i) for first, last in ranges]
        return [p for p in pieces if p is not None]

    def _from_other_verb(self, verb: Token, lemma: str) -> _Attribution | None:
        """A verb not listed whose subject is someone and that takes a finite clause after it
        ("Trump gloated that ..."): such verbs report speech or thought."""
        if (
            not verb.text[:1].isalpha()
            or lemma in self.words.not_cues
            or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        ):
            return None
        if not any(c.dep_ == "ccomp" and c.i > verb.i and is_finite(c) for c in verb.children):
            return None
        source = self._subject(verb)
        if source is None or not self._someone(source):
            return None
        attribution = _Attribution((verb.i, verb.i + 1), lemma, source, self._clause(verb))
        return attribution if attribution.pieces else None

    def _someone(self, token: Token) -> bool:
        """Whether a subject names a person or a body: a name, a pronoun, a role noun."""
        if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or token.lower_ in _PERSONAL:
            return True
        words = self.words.speakers
        lemma = token.lemma_.lower()
        return (
            lemma in words.official_nouns
            or lemma in words.non_official_nouns
            or lemma in words.institution_nouns
            or token.lower_ in words.title_words
        )

    def _prepositional(self, verb: Token, lemma: str) -> tuple[str, Token, int, int] | None:
        """The entry "verb preposition" ("talk about") the verb's prepositions make, with
        the token range of the preposition's object."""
        for child in verb.children:
            if child.i < verb.i:
                continue
            if child.dep_ == "prep" and f"{lemma} {child.lower_}" in self.words.verbs:
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        return f"{lemma} {child.lower_}", child, obj.left_edge.i, obj.right_edge.i
            if child.dep_ == "advcl":
                # "calling for the allies to leave": spaCy reads "for" as the clause's mark.
                for mark in child.children:
                    key = f"{lemma} {mark.lower_}"
                    if (
                        mark.dep_ == "mark"
                        and mark.i == child.left_edge.i
                        and key in self.words.verbs
                    ):
                        return key, mark, mark.i + 1, child.right_edge.i
        return None

    def _issuer(self, verb: Token) -> Token | None:
        """The verb that put out the document a cue hangs from: "issued" in "X issued a
        statement saying ..."."""
        document = verb.head
        if verb.dep_ != "acl" or document.dep_ != "dobj" or document.i > verb.i:
            return None
        issuer = document.head
        if issuer.pos_ != "VERB" or self._lemma(issuer) not in self.words.issuing_verbs:
            return None
        return issuer

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, unless the parse found it inside a quotation the verb frames."""
        issuer = self._issuer(verb)
        subject = subject_of(issuer) if issuer is not None else None
        if subject is not None:
            verb = issuer  # the one who issued the statement speaks through it
        else:
            subject = subject_of(verb)
        if subject is not None and self.in_quote[subject.i] >= 0 > self.in_quote[verb.i]:
            subject = subject_before(verb)
            if subject is None or self.in_quote[subject.i] >= 0:
                return subject_after(verb)  # "“…,” said Ann Lee, half joking"
        return subject

    def _clause(self, verb: Token) -> list[_Piece]:
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        after = [c for c in clauses if c.i > verb.i]
        # A clause before the cue is its content only if it is finite ("X is Y, he said"),
        # not a participle spaCy hung there ("Asked about it, he said ...").
        before = [c for c in clauses if c.i < verb.i and is_finite(c)]
        if after:
            # Several clauses after one cue are a misparse of one ("they do n't know").
            last = max(self._with_conjuncts(verb, c) for c in after)
            piece = self._piece(
                after[0].left_edge.i, self._before_aside(after[-1], last), near=verb.i
            )
            return [piece] if piece is not None else []
        if before:
            piece = self._piece(before[-1].left_edge.i, before[-1].right_edge.i, near=verb.i)
            return [piece] if piece is not None else []
        head = verb.head
        interrupts = verb.dep_ == "parataxis" and (
            head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT"
        )
        # "As officials noted, the plan failed": the clause the cue's "as" clause hangs from.
        noted = verb.dep_ == "advcl" and verb.i < head.i and marked_as(verb)
        if interrupts or noted:
            # "The attack, officials said, was conducted by a drone."
            inner = {t.i for t in verb.subtree}
            outside = [t.i for t in head.subtree if t.i not in inner and not t.is_space]
            pieces = [self._piece(run[0], run[-1], near=verb.i) for run in _runs(outside)]
            return [p for p in pieces if p is not None]
        for token in verb.subtree:
            # "said during a news conference that ...": the that-clause hung from a noun.
            if (
                token.i > verb.i
                and token.dep_ in ("ccomp", "acl", "advcl", "relcl")
                and any(
                    c.dep_ == "mark" and c.lower_ == "that" and c.i < token.i
                    for c in token.children
                )
            ):
                piece = self._piece(token.left_edge.i, token.right_edge.i, near=verb.i)
                return [piece] if piece is not None else []
        return self._closing_frame(verb)

    def _closing_frame(self, verb: Token) -> list[_Piece]:
        """ "The talks will resume, officials said.": a cue and its subject closing a sentence
        after a comma report what comes before it, even where spaCy did not hang that part
        from the cue (imperatives, fragments, "So are ..." inversions)."""
        if verb.dep_ not in ("ROOT", "ccomp", "parataxis"):
            return []
        sentence = verb.sent
        frame = {t.i for t in verb.subtree}
        # The frame runs from the comma to the sentence's end and is all the cue's own:
        # its subject, adverbs, "in a statement", the name after "said".
        comma = verb.i - 1
        while comma > sentence.start and comma in frame and self.doc[comma].text != ",":
            comma -= 1
        if comma <= sentence.start or self.doc[comma].text != ",":
            return []
        if any(i not in frame for i in range(comma + 1, sentence.end) if not self.doc[i].is_punct):
            return []
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i > comma]
        if not subjects or any(
            c.dep_ not in _CLOSING_FRAME_DEPS for c in verb.children if c.i > comma
        ):
            return []  # "In France, officials are considering a coalition": not a frame
        if self.in_quote[sentence.start] >= 0 or self.in_quote[comma - 1] >= 0:
            return []  # a quotation before the frame is attributed as one
        if not any(t.pos_ in ("VERB", "AUX") for t in self.doc[sentence.start : comma]):
            return []  # "On Thursday, he will testify": an opening phrase, not a statement
        piece = self._piece(sentence.start, comma - 1, near=verb.i)
        return [piece] if piece is not None else []

    def _before_description(self, first: int, last: int) -> int:
        """Where an object ends before a trailing description set off by a comma: "his
        brother Freddy, who died in 1981", "the trade deal, the largest in a decade" (PolNeAR
        leaves them out of the content)."""
        doc = self.doc
        for i in range(first + 1, last + 1):
            token = doc[i]
            if (
                token.dep_ in _ASIDE_DEPS
                and token.left_edge.i > first + 1
                and doc[token.left_edge.i - 1].text == ","
                and token.right_edge.i >= last - 1
                and first <= token.head.i < token.left_edge.i
            ):
                return token.left_edge.i - 2
        return last

    def _before_aside(self, clause: Token, last: int) -> int:
        """Where a clause's content ends before a trailing aside about the speaking:
        "…, referring to the convention", "…, telling reporters that …"."""
        for child in clause.rights:
            if child.dep_ != "advcl" or child.i > last or child.i == 0:
                continue
            comma = self.doc[child.left_edge.i - 1].text == ","
            if comma and (child.tag_ == "VBG" or self._lemma(child) in self.words.verbs):
                return child.left_edge.i - 1
        return last

    def _with_conjuncts(self, verb: Token, clause: Token) -> int:
        """Where reported content ends: "says A, but B" reports B too, unless B has its own cue."""
        last = clause.right_edge.i
        for child in verb.rights:
            if child.dep_ != "conj" or child.i < last or child.lemma_.lower() in self.words.verbs:
                continue
            if any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") or c.tag_ == "MD" for c in child.children
            ):
                last = child.right_edge.i
        return last

    def _object(self, verb: Token) -> list[_Piece]:
        objects = [c for c in verb.children if c.dep_ == "dobj"] or [
            c
            for c in verb.rights
            # "72 percent said yes", "opposed defunding the agency"
            if c.dep_ == "intj" or (c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG")
        ]
        if not objects:
            return self._relativized(verb)
        obj = objects[0]
        last = self._before_description(obj.left_edge.i, obj.right_edge.i)
        for child in verb.rights:
            if child.i <= obj.i:
                continue
            if child.dep_ in _OBJECT_TAIL_DEPS or (
                child.dep_ == "prep" and child.lower_ in _OBJECT_TAIL_PREPS
            ):
                last = max(last, child.right_edge.i)
        piece = self._piece(obj.left_edge.i, last, near=verb.i)
        return [piece] if piece is not None else []

    def _relativized(self, verb: Token) -> list[_Piece]:
        """The object a relative clause's cue leaves out, its noun, with what completes it:
        "the lesson they intended", "an administration that they view as ineffective"."""
        head = verb.head
        if (
            verb.dep_ != "relcl"
            or head.pos_ not in ("NOUN", "PROPN")
            or not any(c.dep_ == "nsubj" for c in verb.children)
            or head.left_edge.i >= verb.left_edge.i
        ):
            return []
        relativizer = self.doc[verb.left_edge.i]
        if relativizer.dep_ in ("nsubj", "nsubjpass"):
            return []  # "who felt that ...": the relative pronoun is the one who speaks
        ranges = [
            (relativizer.i, relativizer.i)
            if relativizer.tag_ in ("WDT", "WP") or relativizer.lower_ == "that"
            else (head.left_edge.i, verb.left_edge.i - 1)
        ]
        tails = [
            c
            for c in verb.rights
            if c.dep_ in _OBJECT_TAIL_DEPS or (c.dep_ == "prep" and c.lower_ in _OBJECT_TAIL_PREPS)
        ]
        if tails:
            ranges.append((tails[0].left_edge.i, tails[-1].right_edge.i))
        pieces = [self._piece(first, last, near=verb.i) for first, last in ranges]
        return [p for p in pieces if p is not None]

    def _infinitive(self, verb: Token) -> list[_Piece]:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.i > verb.i:
                first = child.left_edge.i
                objects = [c.left_edge.i for c in verb.children if c.dep_ == "dobj"]
                if objects and objects[0] < first:
                    first = objects[0]  # "urged the allies to leave"
                piece = self._piece(first, child.right_edge.i, near=verb.i)
                return [piece] if piece is not None else []
        return []

    # -- quotation marks ----------------------------------------------------------------

    def _assign_quotations(self) -> None:
        sources = [self._mention_range(a) for a in self.attributions if a.source is not None]
        # The last direct attribution in each paragraph, for quotes that continue it.
        last_direct: dict[int, tuple[_Attribution, Quotation]] = {}
        for q in self.quotations:
            if any(start <= q.open and q.close <= end for start, end in sources):
                continue  # a name or title inside the source: “the Squad” said
            if self._opens_paragraph(q) and q.closed and self._speech_like(q):
                sign_off = signing(self.text, q.close)
                signed = self._signed(sign_off, q) if sign_off is not None else None
                if signed is not None:
                    self._add(signed)
                    continue
            holder = self._inside_content(q)
            if holder is not None:
                if holder.pieces and any(p.kind == DIRECT for p in holder.pieces):
                    last_direct[q.paragraph] = (holder, q)
                continue
            cue = self._frame_cue(q)
            if cue is not None and self._reports_after(cue, q):
                # "On Fox's “Sunday Morning Futures,” Issa said the plan ...": the verb
                # reports the clause after it, not the quoted title before it.
                continue
            if cue is not None:
                attribution = self.by_cue.get(cue.i)
                if attribution is None:
                    attribution = _Attribution(
                        (cue.i, cue.i + 1), self._lemma(cue), self._subject(cue)
                    )
                    self._add(attribution)
                # A verb framing a quotation reports it; a clause the parse gave the verb
                # besides ("Asked about it, he said, “…”") is no content of its own.
                attribution.pieces = [p for p in attribution.pieces if p.kind != INDIRECT]
                attribution.pieces.append(_Piece(q.start, q.end, DIRECT))
                last_direct[q.paragraph] = (attribution, q)
                continue
            introduced = self._colon_source(q)
            if introduced is not None:
                colon, source = introduced
                attribution = _Attribution((colon, colon + 1), ":", source)
                attribution.pieces.append(_Piece(q.start, q.end, DIRECT))
                self._add(attribution)
                last_direct[q.paragraph] = (attribution, q)
                continue
            previous = last_direct.get(q.paragraph)
            if previous is not None and self._opens_sentence(q) and self._speech_like(q):
                previous[0].pieces.append(_Piece(q.start, q.end, DIRECT))
                last_direct[q.paragraph] = (previous[0], q)
                continue
            before = last_direct.get(q.paragraph - 1)
            if before is not None and self._opens_paragraph(q) and self._leads_to(before, q):
                base = before[0].continues or before[0]
                attribution = _Attribution(None, base.lemma, base.source, continues=base)
                attribution.pieces.append(_Piece(q.start, q.end, DIRECT))
                self._add(attribution)
                last_direct[q.paragraph] = (attribution, q)

    def _reports_after(self, cue: Token, q: Quotation) -> bool:
        """Whether a cue after ``q`` already reports a clause of its own that follows it."""
        attribution = self.by_cue.get(cue.i)
        if attribution is None or cue.idx < q.close:
            return False
        if not self.text[q.close : cue.idx].strip(" ,'\"”—-"):
            return False  # "“…,” said X, half joking": right after the quote, it reports it
        return any(
            p.kind == INDIRECT
            and p.start > cue.idx
            and not any(o.open < p.end and p.start < o.close for o in self.quotations)
            for p in attribution.pieces
        )

    def _inside_content(self, q: Quotation) -> _Attribution | None:
        """The parsed attribution whose content holds ``q``: all of it (direct) or part (mixed)."""
        for attribution in self.attributions:
            for piece in attribution.pieces:
                adjacent = (
                    piece.kind != DIRECT
                    and 0 <= q.open - piece.end <= 3
                    and not _BREAK.search(self.text, piece.end, q.open)
                ) or (
                    # "said a deal might be possible: “In business, ...”"
                    piece.kind == INDIRECT
                    and attribution.cue is not None
                    and self.text[piece.end : q.open].strip() in (":", ",")
                )
                if not adjacent and (piece.end <= q.open or q.close <= piece.start):
                    continue
                if piece.kind == DIRECT:
                    return attribution
                within = q.open <= piece.start and piece.end <= q.close
                around = piece.start <= q.open and q.close <= piece.end
                outside = _words(self.text[piece.start : q.open] + self.text[q.close : piece.end])
                if not piece.fragments and (within or (around and outside <= 1)):
                    lead = self._lead(attribution, q)
                    if lead is None:
                        piece.start, piece.end, piece.kind = q.start, q.end, DIRECT
                    else:
                        piece.start, piece.end, piece.kind = lead, q.close, MIXED
                        piece.fragments.append(q)
                else:
                    piece.start, piece.end = min(piece.start, q.start), max(piece.end, q.close)
                    piece.kind = MIXED
                    piece.fragments.append(q)
                return attribution
        return None

    def _lead(self, attribution: _Attribution, q: Quotation) -> int | None:
        """Where reported words start that run into ``q`` with no colon or comma between:
        "says no matter what he does, “his word does not ...”"."""
        if attribution.cue is None or self._char_before(q.open) in (":", ",", "—"):
            return None
        verb = self.doc[attribution.cue[0]]
        end = self._token_at(q.open)
        if verb.i >= end:
            return None
        framing = {verb.i}
        for child in verb.children:
            if child.dep_ in ("prep", "npadvmod", "advmod", "nsubj", "dative", "aux", "neg"):
                framing.update(t.i for t in child.subtree)
        gap = [t for t in self.doc[verb.i + 1 : end] if t.i not in framing and t.is_alpha]
        if len(gap) < 2:
            return None
        return gap[0].idx

    def _frame_cue(self, q: Quotation) -> Token | None:
        """The cue verb standing beside ``q``: after it ("“…,” he said") or before ("said: “…")."""
        doc = self.doc
        first = self._token_at(q.close - 1) + 1
        while first < len(doc) and (doc[first].text in _EDGE or doc[first].is_space):
            if "\n" in doc[first].text:
                break
            first += 1
        for j in range(first, min(first + _FRAME_AFTER, len(doc))):
            token = doc[j]
            if token.text in SENTENCE_END or "\n" in token.text:
                break
            if self.in_quote[j] >= 0:
                continue  # a quoted name in the speaker's description: X, wearing “Y” pins, said
            if token.pos_ != "VERB":
                continue
            if (
                self.words.frames(self._lemma(token))
                and self._frames_after(token, first)
                and not self._introduces(token)
            ):
                return token
            break
        last = self._token_at(q.open) - 1
        while last >= 0 and (doc[last].text in _EDGE or doc[last].is_space):
            if "\n" in doc[last].text and (last == 0 or doc[last - 1].text != ":"):
                return None
            last -= 1
        for j in range(last, max(last - _FRAME_BEFORE, -1), -1):
            token = doc[j]
            if self.in_quote[j] >= 0 or token.text in SENTENCE_END or "\n" in token.text:
                break
            if token.pos_ != "VERB" or not self.words.frames(self._lemma(token)):
                continue
            if self._frames_before(token, last):
                return token
            break
        return None

    def _signed(self, sign_off: SignOff, q: Quotation | None = None) -> _Attribution | None:
        """The attribution a sign-off makes of ``q`` (or of its tweet's message), if its
        name names someone."""
        first, last = self._token_at(sign_off.name[0]), self._token_at(sign_off.name[1] - 1)
        if self.doc[first].idx != sign_off.name[0]:
            return None  # the name runs on from the dash's token: no name of its own
        name = self.doc[first : last + 1]
        if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in name):
            return None
        dash = self._token_at(sign_off.dash[0])
        attribution = _Attribution(
            (dash, dash + 1), "—", name[-1], mark=sign_off.dash, named=sign_off.name
        )
        if q is not None:
            attribution.pieces.append(_Piece(q.start, q.end, DIRECT))
        elif sign_off.message is not None:
            attribution.pieces.append(_Piece(*sign_off.message, DIRECT))
        return attribution

    def _introduces(self, verb: Token) -> bool:
        """Whether a verb opens what follows it with a colon ("Lee said: “…”"), so that it
        does not also attribute the quotation before it."""
        for token in self.doc[verb.i + 1 : verb.i + _INTRODUCER_REACH + 1]:
            if token.is_punct:
                return token.text == ":"
        return False

    def _colon_source(self, q: Quotation) -> tuple[int, Token] | None:
        """The colon and the name it introduces ``q`` with, no verb between: "pollster Ann
        Lee: “…”", "From the report: “…”" (PolNeAR's cue is then the colon)."""
        colon = self._token_at(q.open) - 1
        while colon > 0 and self.doc[colon].is_space:
            colon -= 1
        if colon < 1 or self.doc[colon].text != ":" or self.in_quote[colon - 1] >= 0:
            return None
        head = self.doc[colon - 1]
        while head.dep_ in _NAME_DEPS and head.head.i < colon and head.head.i != head.i:
            head = head.head
        tail = self.doc[colon - 1 : head.right_edge.i + 1][1:]
        if any(not (t.is_punct or t.is_space) for t in tail) or not self._names_someone(head):
            return None
        return colon, head

    def _names_someone(self, token: Token) -> bool:
        """Whether a noun names a person, a body or a document that can be quoted."""
        if token.ent_type_ in _NOT_SOMEONE:
            return False  # "on June 11: “…”" names a day, not a speaker
        if token.pos_ == "PROPN" or self._someone(token):
            return True
        return token.lemma_.lower() in self.words.speakers.institution_nouns

    def _frames_after(self, verb: Token, first: int) -> bool:
        """Whether only the verb's subject and adverbs stand between the quotation and it."""
        subject = self._subject(verb)
        inside = {t.i for t in subject.subtree} if subject is not None else set()
        return all(
            i in inside or (self.doc[i].head.i == verb.i and self.doc[i].dep_ in _FRAME_DEPS)
            for i in range(first, verb.i)
        )

    def _frames_before(self, verb: Token, last: int) -> bool:
        """Whether what stands between the verb and the quotation belongs to the verb."""
        if self._subject(verb) is None:
            return False
        subtree = {t.i for t in verb.subtree}
        return all(i in subtree or self.doc[i].is_punct for i in range(verb.i + 1, last + 1))

    def _char_before(self, position: int) -> str:
        """The last character before ``position`` that is not a space ("" at the start)."""
        i = position - 1
        while i >= 0 and self.text[i] in " \t\xa0":
            i -= 1
        return self.text[i] if i >= 0 else ""

    def _opens_sentence(self, q: Quotation) -> bool:
        before = self._char_before(q.open)
        return not before or before in ".?!”\"'\n:"

    def _opens_paragraph(self, q: Quotation) -> bool:
        line_start = self.text.rfind("\n", 0, q.open) + 1
        return not self.text[line_start : q.open].strip()

    def _leads_to(self, previous: tuple[_Attribution, Quotation], q: Quotation) -> bool:
        """Whether nobody else is cued to speak between the previous paragraph's quote and ``q``."""
        attribution, before = previous
        first, last = self._token_at(before.close), self._token_at(q.open)
        own = attribution.cue[0] if attribution.cue is not None else -1
        return not any(first <= i < last and i != own for i in self.by_cue)

    def _speech_like(self, q: Quotation) -> bool:
        words = self.text[q.start : q.end].strip()
        return _words(words) >= _MIN_CONTINUATION_WORDS or words[-1:] in ".?!"

    def _mention_range(self, attribution: _Attribution) -> tuple[int, int]:
        span = self._mention(attribution)
        return span.start_char, span.end_char

    def _mention(self, attribution: _Attribution) -> Span:
        """The source mention as PolNeAR marks it: the whole noun phrase, clauses and all."""
        source = attribution.source
        assert source is not None
        if attribution.named is not None:
            start, end = attribution.named
            return self.doc.char_span(start, end, alignment_mode="expand")
        first, last = source.left_edge.i, source.right_edge.i
        if attribution.cue is not None:
            cue_start, cue_end = attribution.cue
            if source.i < cue_start:
                if source.head.dep_ == "ccomp" and source.head.head.i == cue_start:
                    last = cue_start - 1  # the subject spaCy hung from a clause before the cue
                last = min(last, cue_start - 1)
            else:
                first = max(first, cue_end)
        doc = self.doc
        for i in range(first, last + 1):
            if "\n" in doc[i].text:
                if i < source.i:
                    first = i + 1
                else:
                    last = i - 1
                    break
        while first < last and (doc[first].is_punct or doc[first].is_space):
            first += 1
        while last > first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        return doc[first : last + 1]

    # -- output -------------------------------------------------------------------------

    def _quotes(self) -> list[Quote]:
        resolver = SpeakerResolver(self.doc, self.article.actors, self.words.speakers, self.text)
        quotes: list[Quote] = []
        ordered = sorted(
            (a for a in self.attributions if a.pieces),
            key=lambda a: (a.continues is not None, a.position),
        )
        cues = [self._cue(a) for a in ordered]
        held = _held_cues(ordered, cues)
        for attribution, cue, inside in zip(ordered, cues, held, strict=True):
            if inside:
                continue  # "to insist" inside "continued to insist": one report
            if attribution.continues is not None:
                attribution.speaker = attribution.continues.speaker
            elif attribution.source is not None:
                mention = self._mention(attribution)
                # Sliced from the text: Span.text builds a Token for every word it joins.
                sent = mention.sent
                sentence = self.text[sent.start_char : sent.end_char] if sent is not None else ""
                attribution.speaker = resolver.resolve(attribution.source, mention, sentence)
            seen: set[tuple[int, int]] = set()
            for piece in attribution.pieces:
                for start, end, kind in self._spans(piece):
                    if (start, end) in seen or end <= start:
                        continue
                    seen.add((start, end))
                    quotes.append(
                        Quote(self.text[start:end], start, end, kind, cue, attribution.speaker)
                    )
        quotes.sort(key=lambda q: (q.start, -q.end))
        return quotes

    def _cue(self, attribution: _Attribution) -> Cue | None:
        if attribution.cue is None:
            return None
        if attribution.mark is not None:
            start, end = attribution.mark
            return Cue(self.text[start:end], start, end, attribution.lemma)
        start, end = attribution.cue
        issuer = self._issuer(self.doc[start])
        if issuer is not None and attribution.source is not None:
            start = issuer.i  # "issued a statement saying"
        verb = self.doc[start]
        # A verb cue keeps its auxiliaries, negation and adverbs: "has said", "did not
        # say", "also said" (PolNeAR marks them so, and "did not say" is no "say").
        while (
            verb.pos_ == "VERB"
            and start > 0
            and self.doc[start - 1].head.i == verb.i
            and self.doc[start - 1].dep_ in ("aux", "auxpass", "neg", "advmod")
        ):
            start -= 1
        if verb.pos_ == "VERB" and end == verb.i + 1:
            end = self._infinitive_end(attribution, verb, self._cue_end(verb, end))
        span = self.doc[start:end]
        return Cue(span.text, span.start_char, span.end_char, attribution.lemma)

    def _cue_end(self, verb: Token, end: int) -> int:
        """Where a verb cue ends: after its particle, adverbs and day ("pointed out", "said
        repeatedly", "said Tuesday"), which PolNeAR marks as part of the cue (on train the
        particle 319 times in 320, an adverb right after the verb 255 in 345, a day 77 in
        126)."""
        doc = self.doc
        while (
            end < len(doc)
            and doc[end].head.i == verb.i
            and (
                doc[end].dep_ == "prt"
                or (doc[end].dep_ == "advmod" and doc[end].tag_ == "RB")
                or (doc[end].dep_ == "npadvmod" and doc[end].lower_ in _DAYS)
            )
        ):
            end += 1
        return end

    def _infinitive_end(self, attribution: _Attribution, verb: Token, end: int) -> int:
        """Where a cue ends whose content is what an infinitive after it takes: "continue to
        ignore [the reality]" is one cue in PolNeAR (on train 33 of 60 such cues, 27 without
        the infinitive)."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].lower_ != "to" or not attribution.pieces:
            return end
        inner = doc[end + 1]
        if inner.dep_ != "xcomp" or inner.head.i != verb.i or inner.pos_ != "VERB":
            return end
        if min(p.start for p in attribution.pieces) < inner.idx + len(inner):
            return end
        return inner.i + 1

    def _spans(self, piece: _Piece) -> Iterable[tuple[int, int, str]]:
        start, end = _trim(self.text, piece.start, piece.end)
        yield start, end, piece.kind
        for q in piece.fragments:
            f_start, f_end = _trim(self.text, q.start, q.end)
            yield f_start, f_end, DIRECT


def _held_cues(attributions: list[_Attribution], cues: list[Cue | None]) -> list[bool]:
    """For each attribution, whether another's cue holds its cue and reports the same
    words: "to insist" inside "continued to insist" is the same report."""
    spans = [
        ((c.start, c.end), tuple((p.start, p.end) for p in a.pieces)) if c else None
        for a, c in zip(attributions, cues, strict=True)
    ]
    held = []
    for own in spans:
        held.append(
            own is not None
            and any(
                other is not None
                and other[1] == own[1]
                and other[0] != own[0]
                and other[0][0] <= own[0][0]
                and own[0][1] <= other[0][1]
                for other in spans
            )
        )
    return held


def _runs(indices: list[int]) -> list[list[int]]:
    """Consecutive stretches of sorted token indices."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _words(text: str) -> int:
    return len(text.split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Whitespace off both ends, and the comma or dash that joins the span to its frame."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return start, end
