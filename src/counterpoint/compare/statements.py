"""Non-numeric contradictions between articles of one story.

Candidates are cheap to find: sentences of different voices sharing at least ``MIN_SHARED``
content terms (an inverted index, no all-pairs scan); the ``Contradiction`` judge decides.
A rule or model verdict never proves two reports are about the same moment, so a judged
contradiction is reported as ``possible_conflict`` with the judge's reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from counterpoint.link import content_terms, voice
from counterpoint.model import Article, Conflict, ConflictSide, Sentence, stable_id

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Contradiction

MIN_SHARED = 4
MIN_SHARE = 0.5  # of the shorter sentence's terms
MAX_CANDIDATES = 5  # per sentence, the most similar ones
MIN_CONFIDENCE = 0.7
MAX_POSTING = 50  # a term in more sentences than this says nothing about a pair


def find_contradictions(
    scope_id: str, articles: list[Article], contradiction: Contradiction
) -> list[Conflict]:
    sentences: list[tuple[Article, Sentence, frozenset[str]]] = []
    for article in articles:
        for sentence in article.sentences:
            text = article.text[sentence.start : sentence.end]
            sentences.append((article, sentence, content_terms(text)))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, terms) in enumerate(sentences):
        for term in terms:
            postings[term].append(i)
    out = []
    for i, (article, sentence, terms) in enumerate(sentences):
        shared: Counter[int] = Counter()
        for term in terms:
            posting = postings[term]
            if len(posting) <= MAX_POSTING:
                shared.update(j for j in posting if j > i)
        judged = 0
        for j, count in shared.most_common():
            other, other_sentence, other_terms = sentences[j]
            if count < MIN_SHARED or judged >= MAX_CANDIDATES:
                break
            if voice(other) == voice(article) or count < MIN_SHARE * min(
                len(terms), len(other_terms)
            ):
                continue
            judged += 1
            premise = article.text[sentence.start : sentence.end]
            hypothesis = other.text[other_sentence.start : other_sentence.end]
            verdict, confidence = contradiction.judge(premise, hypothesis)
            if verdict != "contradiction" or confidence < MIN_CONFIDENCE:
                continue
            out.append(
                Conflict(
                    id=stable_id(
                        "contradiction",
                        article.id,
                        str(sentence.start),
                        other.id,
                        str(other_sentence.start),
                    ),
                    kind="possible_conflict",
                    a=_side(article, sentence),
                    b=_side(other, other_sentence),
                    explanation=(
                        f"{article.outlet or 'An outlet'} and {other.outlet or 'another outlet'}"
                        f" make opposite statements about the same thing ({confidence:.2f})."
                    ),
                    story_id=scope_id,
                )
            )
    return out


def _side(article: Article, sentence: Sentence) -> ConflictSide:
    return ConflictSide(
        article_id=article.id,
        start=sentence.start,
        end=sentence.end,
        value=None,
        surface=article.text[sentence.start : sentence.end],
        outlet=article.outlet,
    )
