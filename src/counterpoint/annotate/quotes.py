"""Quotes and speakers: rules over quotation marks and the dependency parse.

Four kinds (``Quote.type``):

- ``direct``: a quotation in marks standing as its own statement (``"…," he said``).
- ``mixed``: a quoted fragment inside reported speech (``X said the plan was "dead"``).
- ``indirect``: reported speech or belief with no marks: a speech verb with a clausal or
  nominal complement (``X said that …``, ``X accused Y of …``), a source phrase
  (``according to X, …``), a stance noun or adjective (``X's assertion of …``, ``X was clear
  that …``).
- ``headline``: a title or heading of the form ``<claim>: <source>``.

A quoted span counts only when something says it: a short quoted term with no cue is a scare
quote, and quoted names and titles (all words capitalised) are never quotes. Speakers are the
subject of the cue (or what the cue phrase names), expanded to the noun phrase, then resolved:
pronouns, roles ("the official") and surnames go to the nearest compatible name before them.
The cue lexicons live in ``data/quote_cues.json``. They are English and the rules read the
parse, so any other article, or one the pipeline did not parse, goes to the language-neutral
rules of :mod:`local_quotes`.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from counterpoint.annotate.local_quotes import find_local_quotes
from counterpoint.annotate.nlp import Parse
from counterpoint.annotate.quote_marks import QuotedSpan, continues_quote, quoted_spans
from counterpoint.annotate.quote_speakers import (
    DEFAULT_SPEAKER_RANKER,
    PERSONAL_PRONOUNS,
    SUBJECT_DEPS,
    Mention,
    Speakers,
    cues,
    inverted_subject,
    is_person_noun,
    is_source,
    mention_of,
    rank_speakers,
    subject_of,
)
from counterpoint.model import Article, Paragraph, Quote, QuoteType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
# A quoted term this short needs a cue to be a quote; longer quoted text is speech anyway.
SCARE_QUOTE_MAX_WORDS = 3
# Quoted text in capitalised words, no longer than this, is a name or a title.
TITLE_MAX_WORDS = 8
# A headline's source after the colon is a short name or role.
HEADLINE_SOURCE_MAX_WORDS = 6
MIN_REPORT_WORDS = 2
# A pull quote repeats at least this many words of a quote, with a cue this short at most.
PULL_QUOTE_MIN_WORDS = 6
PULL_QUOTE_CUE_MAX_WORDS = 12
# Words of the cue between the two halves of an interrupted quote ('", Jane Doe told the BBC, "').
INTERRUPTION_MAX_WORDS = 32
QUOTE_OPENERS = "\"“‘'«„"
CLAUSE_ENDS = ",.:;—–"
# '<claim> – <source> reports': the dash and the verb after the source.
HEADLINE_DASHES = (" – ", " — ", " - ")
HEADLINE_MAX_WORDS = 20
HEADLINE_VERBS = {"reports", "report", "says", "say", "said", "reported"}
# What ends the first part of a quote its cue interrupts, inside or just after its marks.
PART_ENDS = ",.:;!?…—–-"
# A cue sentence after a quote ('"…." OCHA said.') is this short at most.
TRAILING_CUE_MAX_WORDS = 5
CLAUSE_MARKERS = {"that", "how", "whether", "if"}
OBJECT_DEPS = {"dobj", "prep", "xcomp", "oprd", "acomp", "dative", "attr"}
ADJUNCT_DEPS = {"advcl", "prep", "npadvmod"}
PREDICATE_DEPS = {"xcomp", "oprd", "acomp"}
GLOSS_MARKS = {",", "—", "–"}
SENTENCE_BREAKS = {"—", "–", ";"}
# Sorts after every (start, end) pair with the same start, for bisecting quoted spans.
_AFTER_ANY_END = sys.maxsize


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    type: QuoteType
    mention: Mention | None = None
    cue: str | None = None
    speaker: str | None = None
    short: bool = False


def find_quotes(
    article: Article, doc: Doc, speaker_ranker: str = DEFAULT_SPEAKER_RANKER
) -> list[Quote]:
    """Direct, mixed, indirect and headline quotes of ``article``, with resolved speakers (the
    rules' choice, then the ranker named ``speaker_ranker``'s: ``registry.SPEAKER_RANKERS``)."""
    if (article.language or "en") != "en" or not Parse.of(doc).full:
        return find_local_quotes(article)
    text = article.text
    spans = quoted_spans(text, article.paragraphs)
    quoted = _union([(s.open_at, s.close_at + 1) for s in spans])
    used_cues: set[int] = set()
    candidates: list[Candidate] = []
    for span in spans:
        found = _marked_quote(article, doc, span, quoted, used_cues)
        if found is not None:
            candidates.append(found)
    candidates = [c for c in _join_interrupted(text, candidates) if not c.short]
    headlines = _headline_quotes(article, doc)
    # A quoted claim in a "<claim>: <source>" title is the headline quote itself.
    candidates = [c for c in candidates if not any(_overlaps(c, h) for h in headlines)]
    marked = candidates + headlines
    candidates += _indirect_quotes(article, doc, quoted, used_cues, marked)
    candidates += headlines
    candidates.sort(key=lambda c: c.start)
    return _resolve(article, doc, candidates, quoted, speaker_ranker)


def _join_interrupted(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """'"A," she said, "B."' (or '… she said. "B."'): one quote from A to B, when only the
    cue of A stands between them and B names no other speaker."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if previous is not None and _interrupts(text, previous, candidate):
            previous.end = candidate.end
            continue
        joined.append(candidate)
    return joined


def _interrupts(text: str, first: Candidate, second: Candidate) -> bool:
    mention = first.mention
    if mention is None or first.type != "direct":
        return False
    gap = text[first.end : second.start]
    if "\n" in gap or not first.end <= mention.start < mention.end <= second.start:
        return False
    if len(_words(gap)) > INTERRUPTION_MAX_WORDS or gap.rstrip()[-1:] not in QUOTE_OPENERS:
        return False
    # A break ends the first part ('"A," she said'); '"A" working in …, she said' runs the
    # quoted words on into the writer's sentence, which the second part does not continue.
    last = text[first.start : first.end].rstrip(" '’”\"")[-1:]
    after_mark = gap.lstrip()[1:].lstrip()
    if last not in PART_ENDS and after_mark[:1] not in PART_ENDS:
        return False
    # The cue clause ends before the second part ('…, she said, "B"'); '… describing it as
    # "B"' makes B a fragment of the cue's own sentence.
    if gap.rstrip()[:-1].rstrip()[-1:] not in CLAUSE_ENDS:
        return False
    # '"A," said Joseph Minga, a friend. He learned … "B"': a sentence of the writer's
    # between the cue and B makes B a quote of its own.
    after_cue = text[mention.end : second.start]
    cue_end = SENTENCE_END.search(after_cue)
    if cue_end is not None and _words(after_cue[cue_end.end() - 1 :]):
        return False
    own = second.mention
    return own is None or (own.start, own.end) == (mention.start, mention.end)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _is_name_or_title(content: str) -> bool:
    """'"Israel"', '"Operation Cast Lead"', '"Saved by the Bell"': every word capitalised
    but small function words, no sentence punctuation at the end."""
    words = [w.strip("()[]{}\"'“”‘’-–—") for w in content.split()]
    words = [w for w in words if w]
    if not words or len(words) > TITLE_MAX_WORDS or content.rstrip()[-1:] in ".,!?;:":
        return False
    small = cues().title_small_words
    content_words = [w for w in words[1:] if w.lower() not in small]
    return all(w[0].isupper() or w[0].isdigit() for w in [words[0], *content_words])


TITLE_LIST_AFTER = re.compile(r"\s*(?:(?:and|or)\s+)?[“\"]")
TITLE_LIST_BEFORE = re.compile(r"[”\"]\s*(?:,|and|or|, and|, or)?\s*$")
TITLE_LEAD_WORDS = {"of", "on", "from", "in", "at", "for", "with", "by", "to", "into", "about"}


def _title_place(text: str, span: QuotedSpan) -> bool:
    """Where a capitalised phrase is a title even with a comma or full stop inside its marks
    (the American way): an item of a list of quoted titles ('“Black Water,” “China Grove”
    and …'), or the object of a preposition ('an episode of “DWTS.”')."""
    after = text[span.close_at + 1 : span.close_at + 12]
    before = text[max(0, span.open_at - 12) : span.open_at]
    if TITLE_LIST_AFTER.match(after) or TITLE_LIST_BEFORE.search(before):
        return True
    lead = _words(text[max(0, span.open_at - 20) : span.open_at])[-1:]
    return bool(lead) and lead[0] in TITLE_LEAD_WORDS


def _names_a_work(text: str, span: QuotedSpan) -> bool:
    """'the "Starts with one." campaign', 'its slogan "Meth. We're on it."': a title noun
    just before the quote or among the two words after it."""
    content = text[span.start : span.end]
    if len(_words(content)) > TITLE_MAX_WORDS:
        return False
    nouns = cues().title_nouns
    lead = text[max(0, span.open_at - 30) : span.open_at]
    before = _words(lead)[-1:] if lead.endswith(" ") and lead.strip()[-1:].isalpha() else []
    # '"We will win," the campaign chief said': a comma hands over to a cue, not a noun.
    tail = text[span.close_at + 1 : span.close_at + 40]
    spoken = content.rstrip()[-1:] == "," or not tail.startswith(" ")
    after = [] if spoken else _words(tail)[:2]
    return any(word.lower() in nouns for word in before + after)


def _is_label(doc: Doc, span: QuotedSpan) -> bool:
    """A nickname used as a noun phrase's head: 'The fallen "crypto king" will serve ...'."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0 or tokens.start == 0:
        return False
    root = tokens.root
    before = doc[tokens.start - 1]
    while before.i > 0 and before.is_punct:
        before = doc[before.i - 1]
    return root.dep_ in {"nsubj", "nsubjpass"} and before.pos_ in {"DET", "ADJ"}


NAMED_TERM_MAX_WORDS = 5
NAMING_BEFORE = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|being|what['’]s|what is|often|commonly|also)\s+"
    r"(?:called|dubbed|named|termed|known\s+as)|so-called|the\s+term(?:\s+\w+){0,2}\s+is)\s*$",
    re.IGNORECASE,
)


def _is_named(text: str, span: QuotedSpan) -> bool:
    """A term the writer names, not words anyone said: 'HP is called “feather duvet lung”',
    'what's called “farmer's lung”', 'the term often used is “bird fancier's lung”'."""
    return NAMING_BEFORE.search(text[max(0, span.open_at - 40) : span.open_at]) is not None


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping cover of ``intervals`` (nested quotes merge into the outer)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _outside(token: Token, quoted: list[tuple[int, int]]) -> bool:
    """Whether ``token`` lies outside every quoted span (``quoted`` sorted, not overlapping)."""
    at = bisect_right(quoted, (token.idx, _AFTER_ANY_END)) - 1
    return at < 0 or token.idx >= quoted[at][1]


def _region(article: Article, doc: Doc, span: QuotedSpan) -> Span:
    """The sentences holding the quote's opening and closing marks."""
    first = article.sentence_at(span.open_at)
    last = article.sentence_at(span.close_at)
    start = first.start if first else span.open_at
    end = last.end if last else span.close_at + 1
    text = article.text
    if not text[span.close_at + 1 : end].strip():
        # The parser may end the sentence at the closing mark: '"…." OCHA said.'
        after = end
        while after < len(text) and text[after] in " \t":
            after += 1
        following = article.sentence_at(after)
        short = following is not None and (
            len(_words(text[following.start : following.end])) <= TRAILING_CUE_MAX_WORDS
            or _cue_sentence(doc, following.start, following.end)
        )
        if following is not None and short and following.start >= end:
            end = following.end
    region = doc.char_span(start, end, alignment_mode="expand")
    return region if region is not None else doc[0:0]


def _cue_sentence(doc: Doc, start: int, end: int) -> bool:
    """A sentence that is only a cue, however long its speaker's titles: a speech verb with
    a subject and no reported content of its own ('He Jianxiong, the former executive
    director for China at the IMF, said at an event in Washington.')."""
    tokens = doc.char_span(start, end, alignment_mode="expand")
    if tokens is None:
        return False
    root = tokens.root
    if root.pos_ != "VERB" or root.lemma_.lower() not in cues().speech_verbs:
        return False
    deps = {c.dep_ for c in root.children}
    return bool(deps & SUBJECT_DEPS) and not deps & {"ccomp", "xcomp", "dobj", "dative"}


def _speaker_token(cue: Token) -> Token | None:
    """Who a cue token names as the source."""
    lexicon = cues()
    if _source_phrase_length(cue):
        return _source_phrase_object(cue)
    if cue.pos_ in {"NOUN", "PROPN"} and cue.lemma_.lower() in lexicon.cue_nouns:
        return next((c for c in cue.children if c.dep_ == "poss"), None)
    return subject_of(cue) or inverted_subject(cue)


def _source_phrase_object(first: Token) -> Token | None:
    """The object of a source phrase's last preposition ("according to >X<")."""
    length = _source_phrase_length(first)
    if not length:
        return None
    last = first.doc[first.i + length - 1]
    return next((c for c in last.children if c.dep_ == "pobj"), None)


def _is_cue(token: Token) -> bool:
    lexicon = cues()
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} and lemma in lexicon.speech_verbs:
        return True
    if token.pos_ == "NOUN" and lemma in lexicon.cue_nouns:
        return True
    return _source_phrase_object(token) is not None


def _cue_text(token: Token) -> str:
    phrase = _source_phrase_length(token)
    if phrase:
        return token.doc[token.i : token.i + phrase].text.lower()
    particles = [c.text for c in token.children if c.dep_ == "prt"]
    return " ".join([token.text, *particles])


def _source_phrase_length(token: Token) -> int:
    for phrase in cues().source_phrases:
        if token.lower_ != phrase[0]:
            continue
        tokens = token.doc[token.i : token.i + len(phrase)]
        if [t.lower_ for t in tokens] == list(phrase):
            return len(phrase)
    return 0


def _marked_quote(
    article: Article,
    doc: Doc,
    span: QuotedSpan,
    quoted: list[tuple[int, int]],
    used_cues: set[int],
) -> Candidate | None:
    text = article.text
    content = text[span.start : span.end]
    words = _words(content)
    if not words or _is_name_or_title(content) or _names_a_work(text, span):
        return None
    if _is_name_or_title(content.rstrip().rstrip(".,")) and _title_place(text, span):
        return None  # 'hits including “Black Water,” “China Grove” and', 'an episode of “DWTS.”'
    if len(words) <= SCARE_QUOTE_MAX_WORDS and _is_label(doc, span):
        return None
    if len(words) <= NAMED_TERM_MAX_WORDS and _is_named(text, span):
        return None
    region = _region(article, doc, span)
    attribution = _attribution(region, span, quoted)
    label = (
        _colon_label(article, doc, span)
        or _colon_intro(article, doc, span, quoted)
        or _dash_signature(article, doc, span)
    )
    if attribution is None and label is not None:
        return Candidate(span.start, span.end, "direct", mention_of(label, quoted), ":")
    if attribution is None:
        paragraph = article.paragraph_at(span.open_at)
        whole = paragraph is not None and _covers(span, paragraph)
        # A short question or exclamation is an utterance ('asking, "What happened?"').
        uttered = content.rstrip()[-1:] in "?!" and content[:1].isupper()
        # A short term with no cue is a scare quote, unless it ends a quote its cue
        # interrupts ('"We will not give up," she said. "Not now."'): kept until joined.
        short = len(words) <= SCARE_QUOTE_MAX_WORDS and not (whole or uttered)
        return Candidate(span.start, span.end, _marked_type(text, region, span), short=short)
    cue, speaker = attribution
    used_cues.add(cue.i)
    return Candidate(
        span.start,
        span.end,
        _marked_type(text, region, span),
        mention_of(speaker, quoted),
        _cue_text(cue),
    )


SIGNATURE = re.compile(r"\s*[—–-]\s*")


def _dash_signature(article: Article, doc: Doc, span: QuotedSpan) -> Token | None:
    """A quote signed after a dash, the name ending its paragraph: '“…” — Neil Gaiman'."""
    paragraph = article.paragraph_at(span.open_at)
    if paragraph is None:
        return None
    tail = article.text[span.close_at + 1 : paragraph.end]
    dash = SIGNATURE.match(tail)
    if dash is None or not dash.group().strip():
        return None
    start = span.close_at + 1 + dash.end()
    end = start + len(tail[dash.end() :].rstrip())
    tokens = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if tokens is None or not 0 < len(tokens) <= HEADLINE_SOURCE_MAX_WORDS:
        return None
    named = all(t.pos_ == "PROPN" or t.is_punct for t in tokens)
    return tokens[-1] if named and tokens[-1].pos_ == "PROPN" else None


def _colon_label(article: Article, doc: Doc, span: QuotedSpan) -> Token | None:
    """The interview form 'Jane Doe: "…"': a short name alone before a colon."""
    paragraph = article.paragraph_at(span.open_at)
    if paragraph is None:
        return None
    label = article.text[paragraph.start : span.open_at].rstrip()
    if not label.endswith(":"):
        return None
    tokens = doc.char_span(paragraph.start, paragraph.start + len(label) - 1, "expand")
    if tokens is None or not 0 < len(tokens) <= HEADLINE_SOURCE_MAX_WORDS:
        return None
    head = tokens[-1]
    named = all(t.pos_ == "PROPN" or t.is_punct for t in tokens)
    return head if named or (head.pos_ == "NOUN" and is_source(head)) else None


def _colon_intro(
    article: Article, doc: Doc, span: QuotedSpan, quoted: list[tuple[int, int]]
) -> Token | None:
    """'Jane Doe was blunt: "…"', 'Doe put it simply: "…"': the subject of the clause the
    quote's colon ends, when that clause holds no other quote."""
    text = article.text
    lead = text[: span.open_at].rstrip()
    sentence = article.sentence_at(span.open_at)
    if not lead.endswith(":") or sentence is None or sentence.start >= len(lead):
        return None
    if any(sentence.start <= q_start < span.open_at for q_start, _ in quoted):
        return None
    clause = doc.char_span(sentence.start, len(lead) - 1, alignment_mode="expand")
    if clause is None:
        return None
    subjects = [t for t in clause if t.dep_ in SUBJECT_DEPS and t.head in clause]
    return subjects[0] if subjects and is_source(subjects[0]) else None


def _covers(span: QuotedSpan, paragraph: Paragraph) -> bool:
    return span.open_at == paragraph.start and span.close_at >= paragraph.end - 2


def _marked_type(text: str, region: Span, span: QuotedSpan) -> QuoteType:
    """Direct when the quote opens its sentence (or follows "X said:" / "X said,")."""
    before = text[region.start_char : span.open_at].strip()
    return "direct" if not before or before[-1] in ":," else "mixed"


def _attribution(
    region: Span, span: QuotedSpan, quoted: list[tuple[int, int]]
) -> tuple[Token, Token] | None:
    """The nearest cue around the quote that names a speaker, with that speaker."""
    inside = [t for t in region if span.start <= t.idx < span.end]

    def distance(token: Token) -> tuple[bool, bool, int]:
        # "according to X" attributes its whole sentence, unless it hangs on a speech verb
        # ('"…," he said, according to the Intelligencer': he); a governing verb beats a
        # near one.
        phrase = _source_phrase_length(token) > 0 and not (
            token.head.i != token.i and _is_cue(token.head)
        )
        governs = any(token in t.ancestors for t in inside)
        if token.idx < span.open_at:
            return not phrase, not governs, span.open_at - token.idx
        return not phrase, not governs, token.idx - span.close_at

    options = sorted(
        (t for t in region if _outside(t, quoted) and _is_cue(t)),
        key=distance,
    )
    for cue in options:
        speaker = _speaker_token(cue) or _name_just_before(cue, span)
        if speaker is None and _leads_into(cue, span):
            speaker = _noun_cue_source(cue)
        if speaker is not None and is_source(speaker) and _outside(speaker, quoted):
            return cue, speaker
    return None


def _leads_into(cue: Token, span: QuotedSpan) -> bool:
    """Whether the quote opens right after the cue's phrase ("directives from Xi to “…”")."""
    end = cue.right_edge.idx + len(cue.right_edge)
    gap = cue.doc.text[end : span.open_at] if end <= span.open_at else None
    return gap is not None and len(_words(gap)) <= 1 and "\n" not in gap


def _noun_cue_source(cue: Token) -> Token | None:
    """The source of a cue noun that governs the quote: "directives from Xi to “show
    absolutely no mercy”", "a pledge by the mayor to “never give up”"."""
    if cue.pos_ != "NOUN" or cue.lemma_.lower() not in cues().cue_nouns:
        return None
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ in {"from", "by"}:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _name_just_before(cue: Token, span: QuotedSpan) -> Token | None:
    """A person's name right before a subjectless cue after the quote: the parser may hang
    '…," chairman, CEO and president Craig Menear said' on the quote's last noun."""
    if cue.i == 0 or cue.idx < span.close_at:
        return None
    name = cue.doc[cue.i - 1]
    person = name.ent_type_ == "PERSON" and name.pos_ == "PROPN"
    return name if person and name.idx > span.close_at else None


def _is_edge(token: Token) -> bool:
    return (token.is_punct and token.text != "%") or token.is_space


def _token_range(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Char span of tokens ``lo..hi`` with edge punctuation and clause markers trimmed."""
    while lo <= hi and (_is_edge(doc[lo]) or doc[lo].lower_ in CLAUSE_MARKERS):
        lo += 1
    while hi >= lo and _is_edge(doc[hi]):
        hi -= 1
    if lo > hi:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _clause_range(
    clause: Token, lo: int | None = None, hi: int | None = None
) -> tuple[int, int] | None:
    """A reported clause (within tokens ``lo..hi``) without trailing adjuncts set off by a
    comma or a dash: those are the reporter's gloss ("..., highlighting that ...", "... —
    despite ..."), not the report. Deeper down only participial glosses are cut."""
    doc = clause.doc
    lo = clause.left_edge.i if lo is None else lo
    hi = clause.right_edge.i if hi is None else hi
    for token in clause.subtree:
        edge = token.left_edge.i
        if token.i <= clause.i or doc[edge - 1].text not in GLOSS_MARKS:
            continue
        direct = token.head.i == clause.i and token.dep_ in ADJUNCT_DEPS
        if direct or (token.dep_ == "advcl" and token.tag_ == "VBG"):
            hi = min(hi, edge - 1)
    return _token_range(doc, lo, hi)


def _interjected_phrase(phrase: Token) -> bool:
    """A source phrase set off by commas inside its sentence's clause, with the clause going
    on after it ("One of the officers, according to prison records, had worked …")."""
    if not _source_phrase_length(phrase):
        return False
    doc = phrase.doc
    left, right = phrase.left_edge.i, phrase.right_edge.i
    sentence = phrase.sent
    if left <= sentence.start or right + 2 >= sentence.end:
        return False
    root = sentence.root
    # The clause has begun before the phrase ("Meanwhile, according to X, …" is a frame).
    begun = any(t.dep_ in SUBJECT_DEPS | {"nsubjpass", "aux"} for t in doc[sentence.start : left])
    inside = begun and root.left_edge.i < left and right < root.right_edge.i
    return inside and doc[left - 1].text == "," and doc[right + 1].text == "," and root.i > right


def _interjected(cue: Token) -> bool:
    """A cue set off by commas inside the clause it reports ("The plan, officials said,
    would cost $2 billion")."""
    doc = cue.doc
    words = [t.i for t in cue.subtree if not t.is_punct]
    left, right = min(words), max(words)
    if cue.dep_ != "parataxis" or cue.head.i < cue.i or left == 0 or right + 1 >= len(doc):
        return False
    return doc[left - 1].text == "," and doc[right + 1].text == ","


def _parenthetical(cue: Token) -> tuple[int, int] | None:
    """A closing ", explained X.": the report is everything before the comma."""
    doc = cue.doc
    start = cue.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    after = cue.right_edge.i + 1
    while after < len(doc) and not doc[after].is_sent_start and _is_edge(doc[after]):
        after += 1
    # The cue's phrase starts at its subject: the parser may hang the report on the cue as
    # an adverbial clause ("As yet, there is no evidence …, the commission said").
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.i < cue.i]
    left = subjects[0].left_edge.i if subjects else cue.left_edge.i
    ends_sentence = after == len(doc) or bool(doc[after].is_sent_start)
    if not ends_sentence or left <= start or doc[left - 1].text != ",":
        return None
    return _token_range(doc, start, left - 2)


def _indirect_content(cue: Token, text: str) -> tuple[int, int] | None:
    """What a cue reports: a clausal complement, else its object and prepositional phrases,
    or for a source phrase the clause it is attached to (minus the phrase)."""
    lexicon = cues()
    doc = cue.doc
    lemma = cue.lemma_.lower()
    if _source_phrase_length(cue):
        clause = cue.head
        if _cites_for_the_report(cue):
            # "X rose, according to data from the BLS, the Post reported": the data's
            return _sentence_before(cue)
        if clause.i == cue.i or _reported(clause):
            return None  # "according to X, Y said that ...": the words are Y's
        if _reports_for_someone(clause) and _indirect_content(clause, text) is not None:
            return None  # "…, the commission said, according to Reuters": the commission's
        if any(c.i < cue.i and _source_phrase_length(c) for c in clause.children):
            return None  # "As per the report, …, according to CNN": CNN relays the report
        if _interjected_phrase(cue):
            # "He had, according to Alex Horton of the Post, killed …": the whole clause
            root = cue.sent.root
            return _token_range(doc, root.left_edge.i, root.right_edge.i)
        if cue.i > clause.i:
            return _sentence_before(cue) or _clause_range(clause, hi=cue.left_edge.i - 1)
        return _clause_range(clause, lo=cue.right_edge.i + 1)
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    if any(_cites_for_the_report(c) for r in [cue, *complements] for c in r.children):
        return None  # the outlet relays what a source it names reports
    if cue.pos_ == "ADJ":
        complements += [c for c in cue.head.children if c.dep_ == "ccomp"]
    if complements and (lemma in lexicon.clause_verbs or lemma in lexicon.clause_adjectives):
        if complements[0].i < cue.i and _reports_a_clause(complements[0]):
            # "Officials suggested that …, the AP reported": the outlet relays a report
            # that names its own speaker, as "according to" does before one.
            return None
        # A misparsed clause can come out as two adjacent ccomps ("that X mediated | Y failed").
        first, last = _clause_range(complements[0]), _clause_range(complements[-1])
        if first and last and not text[first[1] : last[0]].strip(" \"'“”‘’"):
            return first[0], last[1]
        return first
    if lemma in lexicon.clause_verbs and _as_clause(cue):
        # "As Feng reports for NPR, the first cases …", "…, as the mayor said": the clause
        # the "as" clause hangs on.
        clause = cue.head
        if cue.i < clause.i:
            return _clause_range(clause, lo=cue.right_edge.i + 1)
        return _clause_range(clause, hi=cue.left_edge.i - 1)
    # A source phrase on the cue ("…, she said, according to X") is no object of it.
    own_objects = [c for c in cue.rights if c.dep_ in OBJECT_DEPS and not _source_phrase_length(c)]
    if lemma in lexicon.clause_verbs and not own_objects:
        if _interjected(cue):
            # "Many of the prisons, she said, are aging": the whole sentence, cue and all.
            return _token_range(doc, cue.head.left_edge.i, cue.head.right_edge.i)
        return _parenthetical(cue)
    if cue.pos_ == "NOUN":
        parts = [c for c in cue.rights if c.dep_ in {"prep", "acl", "ccomp"}]
        if not parts:
            return None
        lead = parts[0]
        lo = lead.i + 1 if lead.dep_ == "prep" else lead.left_edge.i
        return _token_range(doc, lo, parts[-1].right_edge.i)
    if lemma not in lexicon.object_verbs or any(c.dep_ == "auxpass" for c in cue.children):
        return None  # "179 were confirmed killed": a passive names no one who confirms
    particles = lexicon.object_particles.get(lemma)
    objects = [c for c in cue.rights if c.dep_ in OBJECT_DEPS]
    if particles is not None:
        preps = [c for c in objects if c.dep_ == "prep" and c.lower_ in particles]
        if not preps:
            return None
        return _token_range(doc, preps[0].i + 1, preps[0].right_edge.i)
    if not any(c.dep_ in {"dobj", "xcomp", "oprd", "acomp"} for c in objects):
        return None
    if lemma in lexicon.predicate_verbs and not any(c.dep_ in PREDICATE_DEPS for c in objects):
        return None  # "when considering the history": thought about, not judged
    return _token_range(doc, objects[0].left_edge.i, objects[-1].right_edge.i)


def _cites_for_the_report(phrase: Token) -> bool:
    """A source phrase between a report and the speech verb it hangs on, before the verb's
    subject: "X rose, according to data from the BLS, the Washington Post reported"."""
    verb = phrase.head
    if verb.dep_ == "ccomp" and verb.i < phrase.i:
        verb = verb.head  # hung on the report itself
    if not _source_phrase_length(phrase) or verb.i == phrase.i or not _reports_for_someone(verb):
        return False
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    reports = any(c.dep_ == "ccomp" and c.i < phrase.i for c in verb.children)
    return reports and subject is not None and phrase.i < subject.i < verb.i


def _sentence_before(phrase: Token) -> tuple[int, int] | None:
    """The sentence before a source phrase set off by a comma that closes it or cites for the
    report after it ("…, according to X." / "…, according to X, the Post reported"), wherever
    the parser hung the phrase; a participle set off by a comma ("…, showing that …", "…, by
    portraying …") is the writer's gloss."""
    doc = phrase.doc
    sentence = phrase.sent
    after = phrase.right_edge.i + 1
    while after < sentence.end and _is_edge(doc[after]):
        after += 1
    left = phrase.left_edge.i
    closes = after == sentence.end or _cites_for_the_report(phrase)
    if not closes or left <= sentence.start or doc[left - 1].text not in GLOSS_MARKS:
        return None
    lo, hi = sentence.start, left - 1
    breaks = [t.i for t in doc[lo:hi] if t.text in SENTENCE_BREAKS]
    if doc[hi].text != "," and breaks:
        hi = breaks.pop()  # "… 1969 — two months before … — according to X": an aside
    if len(breaks) % 2:
        lo = breaks[-1] + 1  # "It is unclear …, or if … — both were said to …, according to X"
    for token in doc[lo:hi]:
        glossed = doc[token.left_edge.i - 1].text in GLOSS_MARKS if token.left_edge.i else False
        gerund = token.dep_ == "prep" and any(
            c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children
        )
        if glossed and (gerund or (token.dep_ == "advcl" and token.tag_ == "VBG")):
            hi = min(hi, token.left_edge.i - 1)
    return _token_range(doc, lo, hi)


def _as_clause(cue: Token) -> bool:
    """ "As X reports, …": a cue with nothing of its own to report ('as he was showing the
    van' is an event, not a source)."""
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    own = any(c.dep_ in {"dobj", "ccomp", "dative", "xcomp"} for c in cue.children)
    return cue.dep_ == "advcl" and marked and not own


def _reports_a_clause(verb: Token) -> bool:
    return _reports_for_someone(verb) and any(c.dep_ == "ccomp" for c in verb.children)


def _reported(clause: Token) -> bool:
    """Whether ``clause`` is a speech verb reporting a clause, or lies inside one's reported
    clause ("Y said X died …, according to Z": Z hangs on "died", the words are Y's)."""
    if _reports_a_clause(clause):
        return True
    below = clause
    for ancestor in clause.ancestors:
        if below.dep_ == "ccomp" and _reports_for_someone(ancestor):
            return True
        below = ancestor
    return False


def _reports_for_someone(verb: Token) -> bool:
    """A speech verb with a speaker: "It is now stated that …" has none."""
    if verb.lemma_.lower() not in cues().clause_verbs:
        return False
    speaker = _speaker_token(verb)
    return speaker is not None and speaker.lower_ != "it" and is_source(speaker)


def _indirect_cue(token: Token) -> bool:
    lexicon = cues()
    lemma = token.lemma_.lower()
    if _source_phrase_length(token):
        return True
    if token.pos_ == "VERB" and not (token.dep_ == "acl" and token.tag_ in {"VBG", "VBN"}):
        # A participle on a noun ("a plan calling for") describes the noun, not a report.
        return lemma in lexicon.clause_verbs or lemma in lexicon.object_verbs
    if token.pos_ == "ADJ":
        return lemma in lexicon.clause_adjectives and token.dep_ == "acomp"
    if token.pos_ == "NOUN":
        return lemma in lexicon.cue_nouns and any(c.dep_ == "poss" for c in token.children)
    return False


def _within(text: str, span: tuple[int, int], paragraph: Paragraph) -> tuple[int, int]:
    start, end = max(span[0], paragraph.start), min(span[1], paragraph.end)
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def _indirect_quotes(
    article: Article,
    doc: Doc,
    quoted: list[tuple[int, int]],
    used_cues: set[int],
    marked: list[Candidate],
) -> list[Candidate]:
    found: list[tuple[Candidate, int, tuple[int, int]]] = []
    for token in doc:
        if token.i in used_cues or not _outside(token, quoted) or not _indirect_cue(token):
            continue
        framing = token.tag_ == "VBG" and token.i < token.head.i
        if framing and not _source_phrase_length(token) and not subject_of(token):
            continue  # "Considering the costs, the council ...": a frame, not a report
        content = _indirect_content(token, article.text)
        paragraph = article.paragraph_at(token.idx)
        if content is None or paragraph is None:
            continue
        # The parser may run a sentence across a title with no full stop: stay in paragraph.
        start, end = _within(article.text, content, paragraph)
        if len(_words(article.text[start:end])) < MIN_REPORT_WORDS:
            continue  # "they think so": nothing reported
        interjected = _interjected(token) or _interjected_phrase(token)
        if token.idx >= start and token.idx < end and not interjected:
            continue  # the cue sits inside what it would report: a misparse
        if any(m.start < end and start < m.end for m in marked):
            continue  # the quoted words carry this attribution already
        speaker = _speaker_token(token)
        if speaker is None or (start <= speaker.idx < end and not interjected):
            continue
        # Whatever "says that" speaks; other cues need a subject known to be able to
        # (and "according to plan" names no source).
        noun = speaker.pos_ in {"NOUN", "PROPN"} and not _source_phrase_length(token)
        if not (is_source(speaker) or (noun and _reports_clause(token))):
            continue
        if token.lemma_.lower() in cues().evidence_verbs and not is_source(speaker):
            continue  # "the strategy showed that ...": what shows must be a record or a source
        if _is_document(speaker) and not _reports_clause(token):
            continue  # a text "calling for" or "urging" something is its content, not speech
        kind = _report_kind(token, speaker)
        candidate = Candidate(start, end, kind, mention_of(speaker, quoted), _cue_text(token))
        found.append((candidate, token.idx, _scope(token, content)))
    # Reported speech nested in other reported speech belongs to the outer report.
    return [
        c
        for c, cue_at, _ in found
        if not any(o is not c and lo <= cue_at < hi for o, _, (lo, hi) in found)
    ]


def _report_kind(cue: Token, speaker: Token) -> QuoteType:
    """Belief for a cue of thought or attitude ("X believes", "X is concerned that"),
    evidence for what a record or data shows ("records show", "polling suggests"), else
    indirect speech."""
    lexicon = cues()
    lemma = cue.lemma_.lower()
    if lemma in lexicon.belief_verbs or (cue.pos_ == "ADJ" and lemma in lexicon.belief_adjectives):
        return "belief"
    speaks = speaker.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or speaker.pos_ in {
        "PROPN",
        "PRON",
    }
    if lemma in lexicon.evidence_verbs and not speaks and not is_person_noun(speaker):
        return "evidence"
    # "according to provisional results": a record, not a person, gives it
    if _source_phrase_length(cue) and _is_document(speaker) and speaker.ent_type_ == "":
        return "evidence"
    return "indirect"


def _is_document(token: Token) -> bool:
    return token.lemma_.lower() in cues().document_nouns


def _reports_clause(cue: Token) -> bool:
    return _source_phrase_length(cue) > 0 or any(c.dep_ == "ccomp" for c in cue.children)


def _scope(cue: Token, content: tuple[int, int]) -> tuple[int, int]:
    """What a cue attributes: its content, or for a source phrase its whole clause."""
    if not _source_phrase_length(cue):
        return content
    clause = cue.head
    return clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)


def _headline_quotes(article: Article, doc: Doc) -> list[Candidate]:
    """'<claim>: <source>' or '<claim> – <source> reports' in the title, standfirst or
    headings."""
    found: list[Candidate] = []
    text = article.text
    for paragraph in article.paragraphs:
        line = text[paragraph.start : paragraph.end]
        parts = _headline_parts(line)
        if parts is None:
            continue
        # A body line that is a title all the same: short, with no full stop ("… – UN Reports").
        titled = len(_words(line)) <= HEADLINE_MAX_WORDS and line.rstrip()[-1:] not in '.!?"”'
        if paragraph.kind == "paragraph" and not (parts[4] != ":" and titled):
            continue
        claim_start, claim_end, source_start, source_end = (
            paragraph.start + offset for offset in parts[:4]
        )
        cue = parts[4]
        source = doc.char_span(source_start, source_end, alignment_mode="expand")
        claim = doc.char_span(claim_start, claim_end, alignment_mode="expand")
        if source is None or claim is None or not _is_headline_source(source):
            continue
        if not any(t.pos_ in {"VERB", "AUX"} for t in claim) and not _has_marks(claim.text):
            continue
        start, end = claim_start, claim_end
        inner = quoted_spans(text, [Paragraph(start, end, paragraph.kind)])
        if inner:
            start, end = inner[0].start, inner[-1].end
        found.append(
            Candidate(start, end, "headline", Mention(source_start, source_end, source.root.i), cue)
        )
    return found


def _headline_parts(line: str) -> tuple[int, int, int, int, str] | None:
    """Offsets in ``line`` of the claim and the source, and the cue: after a dash, a source
    and a reporting verb ("… – UN Reports"), the claim running back to a colon that labels
    the topic ("Libya Floods: …"); else the source after the last colon."""
    for dash in HEADLINE_DASHES:
        at = line.rfind(dash)
        words = line[at + len(dash) :].split() if at > 0 else []
        if len(words) >= 2 and words[-1].lower() in HEADLINE_VERBS:
            source_start = at + len(dash)
            source_end = source_start + line[source_start:].rstrip().rfind(" ")
            colon = line.rfind(": ", 0, at)
            claim_start = colon + 2 if colon > 0 else 0
            return claim_start, at, source_start, source_end, words[-1].lower()
    colon = line.rfind(": ")
    if colon <= 0:
        return None
    return 0, colon, colon + 2, len(line), ":"


def _has_marks(text: str) -> bool:
    return any(char in text for char in "\"'“”‘’«»")


def _is_headline_source(source: Span) -> bool:
    """A short name or role: a capitalised name, or a phrase headed by a source noun."""
    words = [t for t in source if not t.is_punct]
    if not words or len(words) > HEADLINE_SOURCE_MAX_WORDS:
        return False
    if any(t.pos_ in {"VERB", "AUX"} and t.tag_ != "VBN" for t in words):
        return False
    head = words[-1]
    named = head.pos_ == "PROPN" and all(t.text[:1].isupper() for t in words if t.is_alpha)
    return named or (head.pos_ != "PRON" and is_source(head))


def _resolve(
    article: Article,
    doc: Doc,
    candidates: list[Candidate],
    quoted: list[tuple[int, int]] | None = None,
    speaker_ranker: str = DEFAULT_SPEAKER_RANKER,
) -> list[Quote]:
    speakers = Speakers.build(article, doc)
    speakers.quoted = quoted or []
    # A pull quote's speaker is no antecedent for the text around it.
    pulled = _pull_quote_paragraphs(article, candidates)
    speakers.people = [
        p for p in speakers.people if not any(q.start <= p.start < q.end for q in pulled)
    ]
    quotes: list[Quote] = []
    previous: Quote | None = None
    reported: Quote | None = None
    for candidate in candidates:
        mention = candidate.mention
        speaker: str | None = candidate.speaker
        pull_quote = any(q.start <= candidate.start < q.end for q in pulled)
        if mention is not None:
            # A pronoun after the quote ("…," according to her) skips the quote's own
            # sentence; one before it ("his dismissal of …") may refer back within it.
            sentence = article.sentence_at(candidate.start)
            after_quote = mention.start > candidate.start
            before = sentence.start if sentence and after_quote else mention.start
            opener = sentence is not None and after_quote
            if opener and sentence and _subject_before(speakers, sentence.start, candidate.start):
                # 'Yet Sondland has amended his testimony — "I now do recall," he said':
                # the subject the sentence opens with is the one the pronoun means.
                before = candidate.start
            speaker = speakers.resolve(mention, before)
            head = doc[mention.head]
            person = head.ent_type_ == "PERSON" or head.lower_ in PERSONAL_PRONOUNS
            person = person or any(p.name == speaker for p in speakers.people)
            person = person or (is_person_noun(head) and head.tag_ != "NNS")
            # "eastern Libya's health minister, Othman Abduljaleel": a role names a person.
            person = person or any(
                is_person_noun(t) and t.tag_ == "NN"
                for t in doc.char_span(mention.start, mention.end, alignment_mode="expand") or []
            )
            if not pull_quote:
                speakers.remember(
                    mention.start, speaker, article.span(mention.start, mention.end), person
                )
        elif previous is not None and continues_quote(
            article, previous, candidate.start, candidate.start - 1
        ):
            speaker = previous.speaker
        elif reported is not None and continues_quote(
            article, reported, candidate.start, candidate.start - 1
        ):
            # 'Sometimes staff break the rules, he said. "But does that mean …?"', also when
            # the quote opens the paragraph after ('X said …' ¶ '"…"').
            speaker = reported.speaker
        elif (introducer := _introducing_subject(article, doc, candidate)) is not None:
            named = speakers.resolve(mention_of(introducer, []), introducer.idx)
            # A person the article names (the tagger may read a surname as an organisation).
            if any(p.name == named for p in speakers.people):
                speaker = named
        quote = Quote(
            start=candidate.start,
            end=candidate.end,
            type=candidate.type,
            speaker=speaker,
            speaker_start=mention.start if mention else None,
            speaker_end=mention.end if mention else None,
            cue=candidate.cue,
        )
        quotes.append(quote)
        if pull_quote:
            continue
        reported = quote
        if candidate.type != "indirect":
            previous = quote
    _attribute_pull_quotes(article, quotes)
    _carry_back_over_paragraphs(article, quotes)
    rank_speakers(article, doc, quotes, speaker_ranker)
    return quotes


def _carry_back_over_paragraphs(article: Article, quotes: list[Quote]) -> None:
    """A quote left open at its paragraph's end with no speaker of its own takes the speaker
    of the quote that goes on in the next paragraph ('“The water came in fast.' ¶ '“Nobody
    warned us,” she said.')."""
    text = article.text
    for quote, following in reversed(list(pairwise(quotes))):
        if quote.speaker is not None or following.speaker is None or quote.type == "indirect":
            continue
        here = article.paragraph_at(quote.start)
        there = article.paragraph_at(following.start)
        if here is None or there is None or here is there:
            continue
        index = article.paragraphs.index(here)
        next_one = article.paragraphs[index + 1] if index + 1 < len(article.paragraphs) else None
        left_open = not text[quote.end : here.end].strip()
        if left_open and next_one is there and following.start == there.start + 1:
            quote.speaker = following.speaker


def _subject_before(speakers: Speakers, start: int, end: int) -> bool:
    """Whether a person named in ``text[start:end]`` is a clause's subject."""
    doc = speakers.doc
    for person in speakers.people:
        if not start <= person.start < end:
            continue
        span = doc.char_span(person.start, person.start + len(person.name.split()[-1]), "expand")
        token = span.root if span is not None else None
        while token is not None and token.dep_ in {"compound", "flat"} and token.head != token:
            token = token.head
        # The name itself, not a word it qualifies ("Border agents say").
        named = token is not None and token.pos_ == "PROPN" and token.dep_ in SUBJECT_DEPS
        if named:
            return True
    return False


def _pull_quote_paragraphs(article: Article, candidates: list[Candidate]) -> list[Paragraph]:
    """Paragraphs that repeat, with a short cue, a quote the article gives elsewhere: a pull
    quote set among the body ('"…," Stafford said of returning to the Moon.'). Of two equal
    ones, the first."""
    text = article.text
    said = [
        (c, " ".join(_words(text[c.start : c.end])).lower())
        for c in candidates
        if c.type != "indirect"
    ]
    found: list[Paragraph] = []
    for index, (candidate, words) in enumerate(said):
        paragraph = article.paragraph_at(candidate.start)
        size = len(words.split())
        if candidate.mention is None or paragraph is None or size < PULL_QUOTE_MIN_WORDS:
            continue
        if len(_words(text[paragraph.start : paragraph.end])) - size > PULL_QUOTE_CUE_MAX_WORDS:
            continue
        for other_index, (other, other_words) in enumerate(said):
            if other is candidate or article.paragraph_at(other.start) is paragraph:
                continue
            if words in other_words and (len(other_words) > len(words) or other_index > index):
                found.append(paragraph)
                break
    return found


def _introducing_subject(article: Article, doc: Doc, candidate: Candidate) -> Token | None:
    """The person a quote with no cue follows in its paragraph: "Aderholt returned to the
    issue later. "What launch vehicles exist today?"": the subject of the sentence just
    before, when that sentence quotes no one; for a fragment in the writer's sentence, that
    sentence's subject ("Grisham, by her own accounting, has given "plenty of …"")."""
    paragraph = article.paragraph_at(candidate.start)
    opening = candidate.start - 1
    if paragraph is None or opening <= paragraph.start:
        return None
    if candidate.type == "mixed":
        own = article.sentence_at(candidate.start)
        tokens = doc.char_span(own.start, own.end, "contract") if own else None
        root = tokens.root if tokens is not None and len(tokens) else None
        subjects = [t for t in root.children if t.dep_ in SUBJECT_DEPS] if root else []
        named = subjects[0] if subjects and subjects[0].idx < opening else None
        return named if named is not None and named.ent_type_ == "PERSON" else None
    last = opening
    while last > paragraph.start and article.text[last - 1].isspace():
        last -= 1
    before = article.sentence_at(last - 1)
    if before is None or before.start < paragraph.start or before.end > opening:
        return None
    if _has_marks(article.text[before.start : before.end]):
        return None
    tokens = doc.char_span(before.start, before.end, alignment_mode="contract")
    if tokens is None or len(tokens) == 0:
        return None
    subject = next((t for t in tokens.root.children if t.dep_ in SUBJECT_DEPS), None)
    if subject is None or not (subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS):
        return None
    return subject


def _attribute_pull_quotes(article: Article, quotes: list[Quote]) -> None:
    """A heading that is one quotation repeats words from a later quote: same speaker."""
    for quote in quotes:
        paragraph = article.paragraph_at(quote.start)
        if quote.speaker or paragraph is None or paragraph.kind == "paragraph":
            continue
        words = " ".join(_words(article.span(quote.start, quote.end))).lower()
        for later in quotes:
            if later.start > quote.end and later.speaker:
                said = " ".join(_words(article.span(later.start, later.end))).lower()
                if words and words in said:
                    quote.speaker = later.speaker
                    quote.cue = later.cue
                    break
