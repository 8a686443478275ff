"""Event frames: for each figure, the event it describes, read from the dependency parse.

A figure is a quantity ("1.28 million people", "52.1%") or a day-precise date. From the
figure's tokens the reader climbs the parse to the verb that governs it (``predicate``), finds
what is counted (``thing``: the noun the number modifies, or for a unit such as "percent" the
"of" object or the verb's subject), whose share or amount it is (``holder``: a named subject or
possessor), who gives the figure (``source``: the quote it sits in, "according to X", the
subject of a reporting verb above it, "figures from X"), how it is put (``modality``: a
forecast, a denial, an earlier figure set against the current one, a change rather than a
level, a condition), the counting
``stage`` its sentence states ("with 75% of votes counted", "provisional") and the ``time``
its own sentence gives (a point-like resolved date; a period's start after "since" does not
date the event). The event ``trigger`` is the nearest word of its sentence that names an
event kind (``data/frames.json``), with an instance in a series ("first round") kept with it.

Only a full parse (English here) gives frames; other languages get none, so the claim layer
compares nothing it cannot ground (precision first).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from counterpoint.annotate.nlp import Parse
from counterpoint.lexicon import table
from counterpoint.model import (
    Article,
    Frame,
    Modality,
    Paragraph,
    Quantity,
    Sentence,
    TimeExpression,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependency labels that attach a number to the noun it counts.
_NUMBER_LINKS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "appos"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "EVENT", "PRODUCT", "LOC"})
_COUNTERS = frozenset({"PERSON", "ORG"})
# Whose share or amount a figure is: a person, an organisation, a nationality. A place is a
# scope the sentence states, not a holder ("the toll in Libya").
_HOLDERS = frozenset({"PERSON", "ORG", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_POINT = frozenset({"day", "time"})
_MAX_CLIMB = 8


@dataclass(frozen=True, slots=True)
class FrameWords:
    triggers: dict[str, str]  # lemma -> event kind
    instances: tuple[str, ...]
    noun_triggers: frozenset[str]
    report_verbs: frozenset[str]
    source_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    measured_nouns: frozenset[str]
    agent_nouns: frozenset[str]
    earlier_cues: re.Pattern[str]
    forecast: frozenset[str]
    denial: frozenset[str]
    earlier_before: frozenset[str]
    change_before: frozenset[str]
    earlier_after: frozenset[str]
    generic_things: frozenset[str]
    unit_things: frozenset[str]
    stage_things: frozenset[str]
    counting_words: frozenset[str]
    remaining_words: tuple[str, ...]
    counting_nouns: frozenset[str]
    counted_thing: str
    generic_sources: frozenset[str]
    stage_words: dict[str, str]  # word -> the stage it names
    since: frozenset[str]
    citizen_nouns: frozenset[str]
    requester_roles: dict[str, str]  # noun lemma -> the party of a case it names
    same_things: dict[str, str]  # thing -> the one name of what it counts
    answers: dict[str, str]  # a spelling of a referendum answer -> the answer
    answer_nouns: frozenset[str]
    answer_links: frozenset[str]
    place_nouns: frozenset[str]
    as_of: frozenset[str]


@cache
def frame_words(language: str) -> FrameWords | None:
    """The frame reader's words for ``language`` (``data/frames.json``), ``None`` if none."""
    data = table("frames").get(language)
    if data is None:
        return None
    return FrameWords(
        triggers={word: kind for kind, words in data["event_triggers"].items() for word in words},
        instances=tuple(sorted(data["event_instances"], key=len, reverse=True)),
        noun_triggers=frozenset(data.get("noun_triggers", ())),
        report_verbs=frozenset(data["report_verbs"]),
        source_nouns=frozenset(data["source_nouns"]),
        place_prepositions=frozenset(data["place_prepositions"]),
        measured_nouns=frozenset(data["measured_nouns"]),
        agent_nouns=frozenset(data["agent_nouns"]),
        earlier_cues=re.compile(r"\b(?:" + "|".join(data["earlier_cues"]) + r")\b", re.IGNORECASE),
        forecast=frozenset(data["forecast_words"]),
        denial=frozenset(data["denial_words"]),
        earlier_before=frozenset(data["earlier_before"]),
        change_before=frozenset(data["change_before"]),
        earlier_after=frozenset(data["earlier_after"]),
        generic_things=frozenset(data["generic_things"]),
        unit_things=frozenset(data["unit_things"]),
        stage_things=frozenset(data["stage_things"]),
        counting_words=frozenset(data["counting_words"]),
        remaining_words=tuple(data.get("remaining_words", ())),
        counting_nouns=frozenset(data.get("counting_nouns", ())),
        counted_thing=data.get("counted_thing", "ballots counted"),
        generic_sources=frozenset(data["generic_source_words"]),
        stage_words={word: stage for stage, words in data["stage_words"].items() for word in words},
        since=frozenset(data["since_words"]),
        citizen_nouns=frozenset(data["citizen_nouns"]),
        requester_roles={
            word: role for role, words in data["requester_roles"].items() for word in words
        },
        same_things={
            word: name for name, words in data.get("same_things", {}).items() for word in words
        },
        answers={word: name for name, words in data.get("answers", {}).items() for word in words},
        answer_nouns=frozenset(data.get("answer_nouns", ())),
        answer_links=frozenset(data.get("answer_links", ())),
        place_nouns=frozenset(data.get("place_nouns", ())),
        as_of=frozenset(data.get("as_of_words", ())),
    )


def find_frames(article: Article, doc: Doc) -> list[Frame]:
    """A frame for every valued quantity and every day-precise date of ``article``."""
    words = frame_words(article.language or "en")
    if words is None or not Parse.of(doc).full:
        return []
    reader = _Reader(article, doc, words)
    frames = [reader.quantity_frame(q) for q in article.quantities if q.value is not None]
    frames += [reader.date_frame(t) for t in article.times if t.granularity == "day" and t.value]
    return sorted((f for f in frames if f is not None), key=lambda f: (f.start, f.end))


class _Reader:
    def __init__(self, article: Article, doc: Doc, words: FrameWords) -> None:
        self.article = article
        self.doc = doc
        self.words = words
        self.sentences = article.sentences or [Sentence(0, len(article.text))]
        self.starts = [s.start for s in self.sentences]
        # Entities by start, so a name lookup reads only those near the token.
        self.entity_order = sorted(
            range(len(article.entities)), key=lambda i: article.entities[i].start
        )
        self.entity_starts = [article.entities[i].start for i in self.entity_order]
        self.longest_entity = max((e.end - e.start for e in article.entities), default=0)
        self.quantity_starts = sorted(q.start for q in article.quantities)

    # --- the figure's place in the parse ---------------------------------------------------

    def _span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _sentence(self, offset: int) -> Sentence:
        return self.sentences[max(0, bisect_right(self.starts, offset) - 1)]

    def quantity_frame(self, quantity: Quantity) -> Frame | None:
        span = self._span(quantity.start, quantity.end)
        if span is None or not len(span):
            return None
        root = span.root
        noun = self._counted_noun(root, span)
        verb = _governing_verb(noun or root)
        thing, holder, place = self._thing_holder_place(root, noun, verb, span)
        if self._counted_share(quantity) is not None:
            # "With 96% of the ballots counted, Erdogan had 52.3%": how far the count has
            # gone, nobody's share.
            thing, holder = self.words.counted_thing, None
        sentence = self._sentence(quantity.start)
        event, trigger_start, trigger_end = self._trigger(sentence, span)
        modality = self._modality(span, noun or root)
        if holder is None and (event is None or event.partition(":")[0] == "election"):
            holder = self._answer(span)
            if holder is not None and thing is not None and self._names_answer(thing):
                thing = None  # "the Yes campaign took 54.2%": the side, not what is counted
        return Frame(
            quantity.start,
            quantity.end,
            figure="quantity",
            event=event,
            trigger_start=trigger_start,
            trigger_end=trigger_end,
            predicate=verb.lemma_.casefold() if verb is not None else None,
            thing=thing,
            holder=holder if modality != "forecast" else self._requester(noun or root) or holder,
            place=place,
            source=self._named_counter(
                _counter_name(
                    self._own_reporter(span, verb)
                    or quantity.attributed_to
                    or self._source(span, verb, sentence)
                ),
                quantity.start,
            ),
            modality=modality,
            stage=self._stage_before(sentence, quantity, span),
            time=self._time(sentence, span),
        )

    def date_frame(self, time: TimeExpression) -> Frame | None:
        span = self._span(time.start, time.end)
        if span is None or not len(span):
            return None
        verb = _governing_verb(span.root)
        sentence = self._sentence(time.start)
        event, trigger_start, trigger_end = self._trigger(sentence, span)
        if event is None or verb is None:
            return None
        return Frame(
            time.start,
            time.end,
            figure="date",
            event=event,
            trigger_start=trigger_start,
            trigger_end=trigger_end,
            predicate=verb.lemma_.casefold(),
            source=self._source(span, verb, sentence),
            modality=self._modality(span, span.root),
            time=time.value,
        )

    def _counted_noun(self, root: Token, span: Span) -> Token | None:
        """The noun the number counts: its head when attached as a number ("179 people"),
        the noun inside the span ("1.6-mile", "five counts"), else none."""
        inside = [t for t in span if t.pos_ in {"NOUN", "PROPN"} and not t.like_num]
        if inside:
            return inside[-1]
        if root.dep_ in _NUMBER_LINKS and root.head.pos_ in {"NOUN", "PROPN"}:
            return root.head
        # "A crowd of 88,966", "a total of 122": the count noun whose "of" object it is.
        of = root.head
        if root.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ == "NOUN":
            counted = _lemma(of.head)
            if counted in self.words.generic_things or counted in self.words.measured_nouns:
                return of.head
        return None

    def _thing_holder_place(
        self, root: Token, noun: Token | None, verb: Token | None, span: Span
    ) -> tuple[str | None, str | None, str | None]:
        words = self.words
        thing_token = noun
        pool = False
        if noun is not None and _lemma(noun) in words.unit_things:
            # "52.1% of the vote", "the turnout was 84 percent": the unit's "of" object or
            # the verb's subject says what is measured.
            pool_token = _of_object(noun)
            pool = pool_token is not None
            thing_token = (
                pool_token or _measured_head(root, span) or self._measured_subject(verb, noun)
            )
        elif noun is None:
            thing_token = self._measured_subject(verb, root) or self._count_noun_before(span)
        thing = None
        if thing_token is not None:
            thing = _phrase_lemma(thing_token)
            thing = words.same_things.get(thing, thing)
        if pool and thing:
            # A share of a pool ("of the vote") is someone's: link needs its holder.
            thing = f"share of {thing}"
        holder = self._holder(verb, thing_token, span) or self._nationality(thing, span)
        return thing, holder, self._place(root, noun, thing_token, verb)

    def _nationality(self, thing: str | None, span: Span) -> str | None:
        """Whose citizens "two nationals" are when their phrase does not say: the one
        nationality its sentence names ("Thai government confirms death of two
        nationals")."""
        if not thing or thing.split()[-1] not in self.words.citizen_nouns:
            return None
        sentence = self._sentence(span.start_char)
        text = self.article.text
        named = {
            text[e.start : e.end]
            for e in self.article.entities
            if e.label == "NORP" and sentence.start <= e.start < sentence.end
        }
        return named.pop() if len(named) == 1 else None

    def _place(
        self, root: Token, noun: Token | None, thing: Token | None, verb: Token | None
    ) -> str | None:
        """Where the figure is counted: a place named in the counted phrase ("the toll in
        Derna", "Paris's 81,000"), else in the verb's own "in"/"across" phrase ("marched in
        Paris"); nothing further off in the sentence."""
        for token in (t for t in (root, noun, thing) if t is not None):
            for child in token.children:
                if child.dep_ == "poss" or (child.dep_ == "compound" and child.i < token.i):
                    name = self._name_at(child, PLACE_LABELS)
                    if name:
                        return name
                if child.dep_ == "prep" and child.lower_ in self.words.place_prepositions:
                    name = self._name_at(child, PLACE_LABELS)
                    if name:
                        return name
        if verb is not None:
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in self.words.place_prepositions:
                    name = self._name_at(child, PLACE_LABELS) or self._place_noun(child)
                    if name:
                        return name
            # "In Paris, 87,000 marched, police said": a place put before the clause that a
            # reporting verb governs hangs on that verb.
            head = next((a for a in _ancestors(verb) if a.pos_ in {"VERB", "AUX"}), None)
            if head is not None and _lemma(head) in self.words.report_verbs:
                for child in head.children:
                    if (
                        child.dep_ == "prep"
                        and child.i < root.i
                        and child.lower_ in self.words.place_prepositions
                    ):
                        name = self._name_at(child, PLACE_LABELS)
                        if name:
                            return name
        return None

    def _place_noun(self, preposition: Token) -> str | None:
        """A part of a country named by a qualified place noun ("won 58.4% in the capital
        territory", "in the northern province"), as its lower-case lemma phrase; a bare one
        ("in the province") or one a participle qualifies ("in the destroyed district") may be
        the story's own place and names none."""
        for obj in preposition.children:
            if obj.dep_ == "pobj" and _lemma(obj) in self.words.place_nouns:
                qualifiers = [
                    c
                    for c in obj.children
                    if c.dep_ in {"amod", "compound"} and c.is_alpha and c.pos_ in {"ADJ", "NOUN"}
                ]
                if qualifiers:
                    return " ".join([*(c.lower_ for c in qualifiers), _lemma(obj)])
        return None

    def _count_noun_before(self, span: Span) -> Token | None:
        """A count noun shortly before a bare figure in its sentence ("the death toll ...
        has reached 11,300" where the parse lost the subject)."""
        sentence_start = span[0].sent.start
        for token in reversed(self.doc[max(sentence_start, span.start - 12) : span.start]):
            if token.like_num:
                return None
            if token.pos_ == "NOUN" and _lemma(token) in self.words.generic_things:
                return token
        return None

    def _measured_subject(self, verb: Token | None, exclude: Token) -> Token | None:
        """What the verb says is measured: its count-noun object ("put the number of
        protesters at"), else its subject ("the turnout was 84%", "the toll rose to 179"),
        unless the verb reports ("the UN said") or the subject names someone."""
        if verb is None:
            return None
        for child in verb.children:
            # "put the number of protesters at 3.5 million": the count noun's "of" object.
            if child.dep_ == "dobj" and _lemma(child) in self.words.generic_things:
                return _of_object(child) or child
        if _lemma(verb) in self.words.report_verbs:
            return None
        # "A judge sentenced him to 25 years": a verb with an object of its own acts on
        # it, and its subject is who acts, not what is measured.
        if any(
            c.dep_ == "dobj" and not (c.left_edge.i <= exclude.i <= c.right_edge.i)
            for c in verb.children
        ):
            return None
        subject = _subject_noun(verb, exclude)
        if subject is None:
            return None
        if subject.lower_ not in self.words.measured_nouns and (
            self._named(subject) or _lemma(subject) in self.words.agent_nouns
        ):
            return None  # who gives or acts ("the judge", "the ministry"), not what
        return subject

    def _holder(self, verb: Token | None, thing: Token | None, span: Span) -> str | None:
        """A name right before the figure ("Kessel 52.18%, Moran 47.82%"), a named
        possessor of the thing ("Erdogan's share"), else a named subject of the governing
        verb ("Erdogan received 52%")."""
        before = [t for t in self.doc[max(0, span.start - 3) : span.start] if not t.is_punct]
        if before and before[-1].lower_ in {"on", "at"} and len(before) > 1:
            before = before[:-1]  # "with Dara Sulen on 44.9%": the name before "on" holds it
        for token in reversed(before):
            name = self._name_at(token, _HOLDERS, subtree=False)
            if name:
                return name
            break
        if thing is not None:
            for child in thing.children:
                if child.dep_ == "poss":
                    name = self._name_at(child, _HOLDERS)
                    if name:
                        return name
        # "against 44.9 per cent for Dara Sulen": a named "for" object of the figure's phrase.
        for token in {span.root, span.root.head}:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "for":
                    for obj in child.children:
                        if obj.dep_ == "pobj" and (name := self._named(obj)):
                            return name
        if (
            verb is not None
            and verb.dep_ == "prep"
            and verb.tag_ == "VBG"
            and verb.head is not verb
        ):
            # "Kane scored a hat-trick, including two goals in 97 seconds": a participle
            # that acts as a preposition has no subject; the clause it sits in gives one.
            verb = _clause_verb(verb.head)
        while verb is not None and _lemma(verb) not in self.words.report_verbs:
            subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c is not thing]
            if subjects:
                # The nearest subject: a dateline before it ("VELMAR CITY -") may parse as one.
                at = verb.i
                nearest = min(subjects, key=lambda c: abs(at - c.i))
                return self._named(nearest)
            # "Kessel won, taking 55.1%": a clause without a subject takes its head's.
            if verb.dep_ not in {"advcl", "xcomp", "conj"} or verb.head is verb:
                break
            verb = verb.head
        return None

    def _answer(self, span: Span) -> str | None:
        """The referendum answer a share of a vote is for: one right after the figure ("60.1%
        voting No", "39.9 per cent for Yes"), else the nearest one before it in its sentence
        with no other figure between ("the No side won 60.1%", "Yes won 58.4%", "had shown
        Yes at 46%"). An answer word opening the sentence counts only before a side noun or a
        verb ("No led"; not "No deaths were reported")."""
        doc, words = self.doc, self.words
        after = doc[span.end : span.end + 2]
        for token in after:
            if token.text in words.answers:
                return words.answers[token.text]
            if token.lower_ not in words.answer_links:
                break
        sentence_start = span[0].sent.start
        for token in reversed(doc[sentence_start : span.start]):
            if token.like_num:
                return None
            if token.text not in words.answers:
                continue
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if token.i == sentence_start and not (
                following is not None
                and (following.lower_ in words.answer_nouns or following.pos_ in {"VERB", "AUX"})
            ):
                return None
            return words.answers[token.text]
        return None

    def _names_answer(self, thing: str) -> bool:
        """A thing the parse took from an answer's side ("yes campaign", "no")."""
        answers = {a.casefold() for a in self.words.answers}
        return any(word in answers for word in thing.split())

    def _named(self, token: Token) -> str | None:
        """The holder a phrase names itself: a name at its head or in apposition to it ("the
        opposition candidate Kemal Kilicdaroglu"), not one deeper inside ("the toll in
        Derna")."""
        for part in (token, *(c for c in token.children if c.dep_ in {"appos", "compound"})):
            name = self._name_at(part, _HOLDERS, subtree=False)
            if name:
                return name
        return None

    def _name_at(
        self, token: Token, labels: frozenset[str] = _NAMED, subtree: bool = True
    ) -> str | None:
        """The resolved name of the entity mention covering ``token`` (or, with
        ``subtree``, inside its subtree); a word naming a measure ("Turnout" at a sentence
        start) is no name."""
        left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        low, high = min(left, token.idx), max(right, token.idx + 1)
        first = bisect_left(self.entity_starts, low - self.longest_entity)
        last = bisect_left(self.entity_starts, high)
        best = None
        for index in sorted(self.entity_order[first:last]):
            entity = self.article.entities[index]
            covers = entity.start <= token.idx < entity.end
            inside = subtree and best is None and left <= entity.start and entity.end <= right
            if not (covers or inside) or entity.label not in labels:
                continue
            if self.article.text[entity.start : entity.end].casefold() in self.words.measured_nouns:
                continue
            name = name_only(entity.canonical)
            if covers:
                return name
            best = name
        return best

    # --- who gives the figure --------------------------------------------------------------

    def _source(self, span: Span, verb: Token | None, sentence: Sentence) -> str | None:
        """Who gives the figure: "according to X", the subject of a reporting verb above
        it, "figures from X"; only a named person or organisation, or an agent noun phrase
        ("the interior ministry", "police"), is a counter."""
        text = self.article.text
        matches = list(re.finditer(r"\baccording to\b", text[sentence.start : sentence.end], re.I))
        match = matches[0] if matches else None
        if len(matches) > 1:
            # "1.28 million according to the ministry, 3.5 million according to the union":
            # each figure is given by the first attribution after it with no other figure
            # between, else by the last one before it.
            match = self._nearest_attribution(matches, sentence, span) or match
        if match:
            after = sentence.start + match.end()
            following = self._span(after + 1, after + 2)
            if following is not None:
                head = following.root
                while head.dep_ not in {"pobj", "ROOT"} and head.head is not head:
                    head = head.head
                found = self._counter(head)
                if found:
                    return found
        for ancestor in _ancestors(span.root):
            if ancestor.pos_ in {"VERB", "AUX"} and _lemma(ancestor) in self.words.report_verbs:
                for child in ancestor.children:
                    if child.dep_ in _SUBJECTS and child.pos_ != "PRON":
                        if child.left_edge.i <= span.start and span.end - 1 <= child.right_edge.i:
                            continue  # the figure's own phrase ("a total of 122 people")
                        found = self._counter(child)
                        if found:
                            return found
        for noun in self.doc[_sentence_tokens(self.doc, sentence)]:
            if _lemma(noun) in self.words.source_nouns:
                for child in noun.children:
                    if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                        for obj in child.children:
                            if obj.dep_ == "pobj" and self._counter(obj):
                                return self._counter(obj)
        return None

    def _own_reporter(self, span: Span, verb: Token | None) -> str | None:
        """The counter that is the subject of the figure's own reporting verb ("police
        counted 87,000 marchers; the union said 700,000"): it gives the figure before any
        reporter of a clause beside it."""
        if verb is None or _lemma(verb) not in self.words.report_verbs:
            return None
        for child in verb.children:
            if child.dep_ in _SUBJECTS and child.pos_ != "PRON":
                if child.left_edge.i <= span.start and span.end - 1 <= child.right_edge.i:
                    return None  # the figure's own phrase
                return self._counter(child)
        return None

    def _nearest_attribution(
        self, matches: list[re.Match[str]], sentence: Sentence, span: Span
    ) -> re.Match[str] | None:
        starts = [sentence.start + m.start() for m in matches]
        for match, offset in zip(matches, starts, strict=True):
            if offset >= span.end_char:
                if not [q for q in self.article.quantities if span.end_char <= q.start < offset]:
                    return match
                break
        before = [m for m, o in zip(matches, starts, strict=True) if o < span.start_char]
        return before[-1] if before else None

    def _counter(self, token: Token) -> str | None:
        """The named person or organisation at ``token``, else its phrase when its head is
        an agent noun; ``None`` for anything else ("the previous report", "Libya")."""
        name = self._name_at(token, _COUNTERS)
        if name:
            return name
        if _lemma(token) in self.words.agent_nouns:
            return _phrase_text(token)
        return None

    # --- how the figure is put -------------------------------------------------------------

    def _modality(self, span: Span, anchor: Token) -> Modality:
        words = self.words
        doc = self.doc
        before = [t.lower_ for t in doc[max(0, span.start - 3) : span.start]]
        after = [t.lower_ for t in doc[span.end : span.end + 3]]
        # A participle on the counted noun says how it is put too ("the 40 years
        # recommended by prosecutors", "the 185,000 expected by economists").
        chain = _clause_chain(anchor) + [
            c for c in anchor.children if c.dep_ in {"acl", "relcl"} and c.i > anchor.i
        ]
        for token in chain:
            if _lemma(token) in words.denial and token.pos_ in {"VERB", "AUX"}:
                return "denied"
            if any(c.dep_ == "neg" for c in token.children) and token.pos_ in {"VERB", "AUX"}:
                return "denied"
        if before and before[-1] in words.change_before:
            return "change"
        if before and before[-1] in words.earlier_before:
            return "earlier"
        if any(w in words.earlier_before for w in before[-2:]) and "from" in before:
            return "earlier"
        if after and after[0] in words.earlier_after:
            return "earlier"
        sentence = self._sentence(span.start_char)
        if words.earlier_cues.search(self.article.text, sentence.start, span.start_char):
            return "earlier"
        report = next((t for t in _ancestors(anchor) if _lemma(t) in words.report_verbs), None)
        for token in [*chain, *([report] if report is not None else [])]:
            if any(c.dep_ == "advmod" and c.lower_ in words.earlier_after for c in token.children):
                return "earlier"
        for token in chain:
            if _lemma(token) in words.forecast or token.lower_ in words.forecast:
                return "forecast"
            if any(c.dep_ == "aux" and c.lower_ in words.forecast for c in token.children):
                return "forecast"
            if any(c.dep_ == "mark" and c.lower_ == "if" for c in token.children):
                return "hypothetical"
        return "asserted"

    def _requester(self, anchor: Token) -> str | None:
        """Whose request, forecast or exposure a forecast figure is: the subject of the
        verb that asks ("prosecutors had called for ... 40 to 50 years", "he faced up to 110
        years"), its agent ("40 years recommended by prosecutors") or the possessor of the
        noun that asks ("the defence's request for 6.5 years"); a party of a case
        (``requester_roles``) by its role, so "prosecutors" and "the prosecution" are one."""
        chain = _clause_chain(anchor) + [
            c for c in anchor.children if c.dep_ in {"acl", "relcl"} and c.i > anchor.i
        ]
        words = self.words
        for token in chain:
            if not (_lemma(token) in words.forecast or token.lower_ in words.forecast):
                continue
            if token.pos_ in {"VERB", "AUX"}:
                agents = [
                    obj
                    for c in token.children
                    if c.dep_ == "agent"
                    for obj in c.children
                    if obj.dep_ == "pobj"
                ]
                subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
                found = agents or subjects
            else:
                found = [c for c in token.children if c.dep_ == "poss"]
            for party in found:
                role = words.requester_roles.get(_lemma(party))
                if role:
                    return role
                if party.pos_ != "PRON":
                    name = self._name_at(party, _HOLDERS, subtree=False)
                    if name:
                        return name
            return None
        return None

    def _stage_before(self, sentence: Sentence, quantity: Quantity, span: Span) -> str | None:
        """The stage of the figure's sentence, else the nearest one an earlier sentence of
        its paragraph states (a report of a count in progress gives its stage once), unless
        its own sentence names another instance of the event ("in the first round")."""
        own = self._stage(sentence, quantity, span)
        if own is not None:
            return own or None  # "" a count that is done: the result, no stage
        text = self.article.text[sentence.start : sentence.end].casefold()
        if any(instance in text for instance in self.words.instances):
            return None
        paragraph = self.article.paragraph_at(sentence.start)
        index = self.sentences.index(sentence) if sentence in self.sentences else 0
        for earlier in reversed(self.sentences[:index]):
            if paragraph is not None and earlier.start < paragraph.start:
                break
            stage = self._stage(earlier, quantity)
            if stage is not None:
                return stage or None
        # A paragraph of one sentence goes on from the one before it ("With 91.55% of the
        # ballots counted, Erdogan received 52.61%." / "Turnout is 85.41%."): a count in
        # progress is carried, not a word such as "official" that may qualify only its own
        # figures.
        if paragraph is None or paragraph.start == 0 or not self._alone(sentence, paragraph):
            return None
        before = self._paragraph_before(paragraph)
        for earlier in reversed(self.sentences[:index]):
            if before is None or earlier.start < before.start:
                break
            stage = self._stage(earlier, quantity)
            if stage and stage.endswith(" counted"):
                return stage
        return None

    def _alone(self, sentence: Sentence, paragraph: Paragraph) -> bool:
        return all(
            s is sentence or not paragraph.start <= s.start < paragraph.end for s in self.sentences
        )

    def _stage(
        self, sentence: Sentence, quantity: Quantity, span: Span | None = None
    ) -> str | None:
        """The counting stage its sentence gives: "75% counted" ("" when the count is
        done), else "final" or "provisional" from a stage word."""
        for other in self.article.quantities:
            if other is quantity or not (sentence.start <= other.start < sentence.end):
                continue
            counted = self._counted_share(other)
            if counted is not None:
                return _counted_stage(counted)
        if span is not None:
            return self._stage_in_clause(sentence, span)
        for token in self.doc[_sentence_tokens(self.doc, sentence)]:
            stage = self._stage_word(token)
            if stage:
                return stage
        return None

    def _named_counter(self, source: str | None, before: int) -> str | None:
        """A counter named by its kind alone ("the Board", "the council") is the organisation
        of that kind the article named last before the figure ("the Supreme Election
        Board"), so that outlets naming it in full and in short are one counter."""
        if source is None:
            return None
        words = re.findall(r"[\w'’-]+", source.casefold())
        if not words or any(w not in self.words.generic_sources for w in words):
            return source
        head = words[-1]
        named = [
            e
            for e in self.article.entities
            if e.label == "ORG"
            and e.start < before
            and self.article.text[e.start : e.end].casefold().split()[-1:] == [head]
        ]
        return self.article.text[named[-1].start : named[-1].end] if named else source

    def _paragraph_before(self, paragraph: Paragraph) -> Paragraph | None:
        earlier = [p for p in self.article.paragraphs if p.end <= paragraph.start]
        return max(earlier, key=lambda p: p.start) if earlier else None

    def _counted_share(self, quantity: Quantity) -> float | None:
        """The share of the count a figure says is in ("75% of ballot boxes opened", "with
        75% counted"; "with almost half the vote to come in": 50), else ``None``."""
        if quantity.kind != "percent" or quantity.value is None:
            return None
        text = self.article.text
        # Up to the next figure: "47.9%, with 75.42% of votes counted" gives 75.42% as the
        # stage, not 47.9%.
        index = bisect_left(self.quantity_starts, quantity.end)
        following = self.quantity_starts[index : index + 1]
        stop = min([quantity.end + 60, *following])
        counted = (quantity.counted or "").casefold()
        if any(w in counted for w in self.words.stage_things) and any(
            w in counted for w in self.words.counting_words
        ):
            return quantity.value
        tail = re.findall(r"[a-z]+", text[quantity.end : stop].casefold())
        # "99 per cent of ballot boxes opened": the counted phrase may be left unread.
        named = counted or " ".join(tail[:4])
        if any(w in tail[:6] for w in self.words.counting_words) and any(
            w in named for w in self.words.stage_things
        ):
            return quantity.value
        lead = re.findall(r"[a-z]+", text[max(0, quantity.start - 40) : quantity.start].casefold())
        after = text[quantity.end : min(stop, quantity.end + 40)].casefold()
        # "After processing of more than 98 percent of the ballots, ...".
        if set(lead[-4:]) & self.words.counting_nouns and any(
            w in after for w in self.words.stage_things
        ):
            return quantity.value
        if any(p in after for p in self.words.remaining_words) and any(
            w in after for w in self.words.stage_things
        ):
            return 100 - quantity.value
        return None

    def _stage_word(self, token: Token) -> str | None:
        """The stage a word names; a noun or a word of a name names none ("the cup final",
        "the Continental Cup final"), "final results", "results were final" do."""
        stage = self.words.stage_words.get(token.lower_)
        if (
            stage is None
            or token.pos_ in {"NOUN", "PROPN"}
            or (token.dep_ in {"amod", "compound"} and token.head.pos_ == "PROPN")
            or (token.i > 0 and self.doc[token.i - 1].pos_ == "PROPN")
        ):
            return None
        return stage

    def _stage_in_clause(self, sentence: Sentence, span: Span) -> str | None:
        """A stage word of the figure's own sentence that belongs to the figure's clause or
        to the clause that reports it ("according to provisional results, Kessel won
        52.1%", "final results showed she won 52.18%"), not one of a clause beside it
        ("this 25-year sentence is an injustice, as the judge said before the official
        ruling")."""
        own = _clause_verb(span.root)
        clauses = {own, own.head} if own is not None else {None}
        for token in self.doc[_sentence_tokens(self.doc, sentence)]:
            stage = self._stage_word(token)
            if stage and _clause_verb(token) in clauses:
                return stage
        return None

    def _time(self, sentence: Sentence, span: Span) -> str | None:
        """The nearest point-like resolved date of the sentence that dates the event."""
        best: tuple[int, str] | None = None
        for time in self.article.times:
            if not (sentence.start <= time.start < sentence.end) or not time.value:
                continue
            if time.granularity not in _POINT or span.start_char <= time.start < span.end_char:
                continue
            lead = self.article.text[max(sentence.start, time.start - 12) : time.start]
            if set(re.findall(r"[a-z]+", lead.casefold())[-1:]) & (
                self.words.since | self.words.as_of
            ):
                continue
            distance = abs(time.start - span.start_char)
            if best is None or distance < best[0]:
                best = (distance, time.value[:10])
        return best[1] if best else None

    # --- the event ------------------------------------------------------------------------

    def _trigger(self, sentence: Sentence, span: Span) -> tuple[str | None, int | None, int | None]:
        """The nearest event word of the sentence (kind, with an instance in a series), and
        its start and end."""
        best: tuple[int, str, Token] | None = None
        for token in self.doc[_sentence_tokens(self.doc, sentence)]:
            kind = self.words.triggers.get(_lemma(token)) or self.words.triggers.get(token.lower_)
            if kind is None or span.start <= token.i < span.end:
                continue
            if _lemma(token) in self.words.noun_triggers and token.pos_ not in {"NOUN", "PROPN"}:
                continue
            distance = min(abs(token.i - span.start), abs(token.i - span.end))
            if best is None or distance < best[0]:
                best = (distance, kind, token)
        instance = self._instance(sentence, span)
        if best is None:
            # "In the first round, Kessel won 49.5%": the instance names the event alone.
            return (f"event: {instance}" if instance else None), None, None
        token = best[2]
        event = f"{best[1]}: {instance}" if instance else best[1]
        return event, token.idx, token.idx + len(token)

    def _instance(self, sentence: Sentence, span: Span) -> str | None:
        """The instance in a series ("the first round") that governs this figure: the last
        one named before it in the sentence, else one right after it with no other figure
        between."""
        text = self.article.text
        lowered = text[sentence.start : sentence.end].casefold()
        found = sorted(
            (sentence.start + match.start(), instance)
            for instance in self.words.instances
            for match in re.finditer(re.escape(instance), lowered)
        )
        before = [instance for offset, instance in found if offset < span.start_char]
        if before:
            return before[-1]
        after = [offset for offset, _ in found if offset >= span.end_char]
        if not after:
            return self._paragraph_instance(sentence)
        between = [q for q in self.article.quantities if span.end_char <= q.start < after[0]]
        if between:
            return None
        # An instance named after the figure in a clause of its own is another event ("won
        # 49.5%, short of the majority needed to avoid a runoff"), not the figure's.
        named = self._span(after[0], after[0] + 1)
        if named is not None:
            verbs = {_clause_verb(token) for token in (named.root, span.root)}
            if len({verb.i if verb is not None else None for verb in verbs}) > 1:
                return None
        return next(i for o, i in found if o == after[0])

    def _paragraph_instance(self, sentence: Sentence) -> str | None:
        """The one instance the lead sentence of the figure's paragraph names ("The first
        round took place on May 14. Erdogan failed to win, gaining 49.51%."): a paragraph
        that opens on an earlier event of the series goes on about it."""
        paragraph = self.article.paragraph_at(sentence.start)
        if paragraph is None:
            return None
        lead = next((s for s in self.sentences if s.start >= paragraph.start), None)
        if lead is None or lead.start >= sentence.start:
            return None
        lowered = self.article.text[lead.start : lead.end].casefold()
        named = {instance for instance in self.words.instances if instance in lowered}
        # A longer instance contains the shorter ones it is spelt with ("the first round").
        named = {i for i in named if not any(i != j and i in j for j in named)}
        return named.pop() if len(named) == 1 else None


def _counter_name(name: str | None) -> str | None:
    """A counter is named without figures: "Between 8,500 people" read as who gives a figure
    is a misparse."""
    if name is None or any(ch.isdigit() for ch in name):
        return None
    return name


def name_only(name: str) -> str | None:
    """A name without a figure the tagger took into it ("Moran 44.9%" -> "Moran")."""
    kept = " ".join(word for word in name.split() if not any(ch.isdigit() for ch in word))
    return kept or None


def _lemma(token: Token) -> str:
    return token.lemma_.casefold()


def _ancestors(token: Token) -> Iterable[Token]:
    seen = 0
    while token.head is not token and seen < _MAX_CLIMB:
        token = token.head
        seen += 1
        yield token


def _clause_chain(token: Token) -> list[Token]:
    """``token`` and its heads up to its clause's verb, and one step beyond it when the
    clause is that verb's complement ("denied that the toll had reached", "expected to
    rise", "called for the judge to sentence"): what can make the figure a denial or a
    forecast, not a far-off clause."""
    chain = [token]
    for ancestor in _ancestors(token):
        chain.append(ancestor)
        if ancestor.pos_ in {"VERB", "AUX"}:
            if ancestor.head is not ancestor and (
                ancestor.dep_ in {"ccomp", "xcomp"} or _infinitive(ancestor)
            ):
                chain.append(ancestor.head)
            break
    return chain


def _infinitive(verb: Token) -> bool:
    """An infinitive clause the parse hung on its head as an adverbial one ("called for
    the judge to sentence him to 40 years"): its head's complement, not a fact of its own."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause ``token`` sits in (``None`` in a verbless headline); a
    participle that modifies a noun or acts as a preposition ("results released by",
    "according to") makes no clause of its own."""
    for ancestor in (token, *_ancestors(token)):
        if ancestor.pos_ in {"VERB", "AUX"} and ancestor.dep_ not in {"prep", "acl"}:
            return ancestor
    return None


def _governing_verb(token: Token) -> Token | None:
    """The first verb at or above ``token`` (an adjectival participle counts: "people killed")."""
    if token.pos_ == "VERB":
        return token
    for ancestor in _ancestors(token):
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor
    return None


def _measured_head(root: Token, span: Span) -> Token | None:
    """The noun a measure describes ("the 290-metre ship", "a 16-inch laptop")."""
    if root.dep_ in {"amod", "compound", "nummod", "npadvmod"} and not (
        span.start <= root.head.i < span.end
    ):
        head = root.head
        return head if head.pos_ in {"NOUN", "PROPN"} else None
    return None


def _of_object(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _subject_noun(verb: Token | None, exclude: Token) -> Token | None:
    """The verb's noun subject; of two (a headline the parse read as "Advertisements ...
    death toll rises", "Libya Floods: Death Toll Rises"), the one nearest the verb."""
    if verb is None:
        return None
    subjects = [
        child
        for child in verb.children
        if child.dep_ in _SUBJECTS and child is not exclude and child.pos_ in {"NOUN", "PROPN"}
    ]
    return min(subjects, key=lambda child: abs(verb.i - child.i)) if subjects else None


def _phrase_lemma(token: Token) -> str:
    """The counted thing as a short lemma phrase ("death toll", "unemployment rate", "thai
    victim", "passenger and crew member")."""
    phrase = _noun_lemma(token)
    # "181 passengers and crew" counts both; "175 passengers and six crew" only the first.
    # A name the parse conjoined to the counted noun ("2 Thai women | News by ... and Jongluk
    # Doungmanee") is none of the counted things.
    conjuncts = [
        _noun_lemma(c)
        for c in token.children
        if c.dep_ == "conj" and c.pos_ == "NOUN" and not any(g.like_num for g in c.children)
    ]
    if conjuncts:
        return " and ".join([phrase, *conjuncts])
    return phrase


def _noun_lemma(token: Token) -> str:
    """A noun's lemma with its nearest naming modifier: a noun compound or a national or
    place adjective ("death toll", "Thai victim"), not a participle ("confirmed deaths")."""
    modifiers = [
        c.lemma_.casefold()
        for c in token.children
        if c.i < token.i
        and c.is_alpha
        and not c.is_stop
        and (
            (c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"})
            or (c.dep_ == "amod" and c.ent_type_ in {"NORP", "GPE"})
        )
    ]
    return " ".join([*modifiers[-1:], _bare(token)])


def _bare(token: Token) -> str:
    return token.lemma_.casefold()


def _phrase_text(token: Token) -> str:
    """A subject or object phrase without leading determiners."""
    tokens = [t for t in token.subtree if not (t.i == token.left_edge.i and t.dep_ == "det")]
    text = " ".join(t.text for t in tokens[:8])
    return re.sub(r"\s+([,.'’])", r"\1", text).strip()


def _sentence_tokens(doc: Doc, sentence: Sentence) -> slice:
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    return slice(span.start, span.end) if span is not None else slice(0, 0)


def _counted_stage(share: float | None) -> str:
    """The stage a share of the count gives: "75% counted", "99.49% counted"; "" (done, no
    stage) at 100%: "with all ballot boxes opened" gives the result a report without a stage
    gives too."""
    if share is not None and share >= 100:
        return ""
    return f"{_number(share)}% counted"


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if value == int(value) else f"{value:g}"
