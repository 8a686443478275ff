"""Named entities resolved to canonical actors.

Mentions come from spaCy's NER (or any :class:`EntityTagger`) plus the alias table's names the
model missed. Each is cleaned of systematic span errors (:mod:`entity_mentions`), then
resolved: a bare surname to the article's full name with that surname, a known alias to its
canonical actor ("Abu Mazen" -> "Mahmoud Abbas", "the U.S." -> "United States"), and a capital
to its country only when it acts ("Washington vetoed", not "in Washington"). The entity id
depends only on the canonical name and a coarse label, so it is the same in every article.

Each step reads only what the pipeline produced: without an NER model the mentions are the
alias table's names and runs of capitalised words (:mod:`local_names`); without tags no title
is told by its part of speech; without dependencies no capital is taken to act.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counterpoint.annotate import nlp
from counterpoint.annotate.entity_aliases import alias_key, alias_pattern, aliases
from counterpoint.annotate.entity_mentions import (
    is_office_fragment,
    split_possessive,
    strip_titles,
    trim,
)
from counterpoint.annotate.lexicons import language_lexicon
from counterpoint.annotate.local_names import capitalised_names
from counterpoint.annotate.nlp import Parse
from counterpoint.model import Article, Entity, stable_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from counterpoint.annotate.interfaces import EntityTagger

# Tagger labels kept as names, mapped to spaCy's English scheme (French models say PER, MISC).
NAME_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NORP": "NORP",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "PRODUCT": "PRODUCT",
    "EVENT": "EVENT",
    "WORK_OF_ART": "WORK_OF_ART",
    "LAW": "LAW",
    "MISC": "MISC",
}
# Small models confuse organisations, countries and places freely, so the id does not
# tell them apart; people and groups (nationalities) stay distinct.
COARSE_LABELS: dict[str, str] = {
    "PERSON": "person",
    "NORP": "group",
    "ORG": "actor",
    "GPE": "actor",
    "LOC": "actor",
    "FAC": "actor",
}
# Dependencies through which a place name acts: subject or possessor ("Washington vetoed",
# "Moscow's plan"). Objects are left out: "left Doha" is a place.
ACTOR_DEPENDENCIES = frozenset({"nsubj", "nsubjpass", "poss"})
# Prepositions whose object is a party rather than a location ("blocked by Washington").
ACTOR_PREPOSITIONS = frozenset({"by", "against"})
# Verbs whose subject is a place, not an actor ("Washington is a city", "lies on the river").
PLACE_VERBS = frozenset({"be", "lie", "sit", "locate", "border"})
# Words inside longer names ("Center for Strategic and International Studies").
NAME_JOINERS = frozenset({"of", "for", "and", "&", "de", "du", "des"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    canonical: str = ""
    from_table: bool = False


class SpacyTagger:
    """The default :class:`EntityTagger`: the NER of the language's spaCy pipeline."""

    def __init__(self, language: str = "en") -> None:
        self.language = language

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [doc_entities(doc) for doc in nlp.load(self.language).pipe(texts)]


def doc_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """The entity spans of a parsed doc as ``(start, end, label)``."""
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def find_entities(article: Article, doc: Doc, tagger: EntityTagger | None = None) -> list[Entity]:
    """The named mentions of ``article`` with canonical names and ids, in text order.

    ``doc`` is the spaCy parse of ``article.text`` (its dependencies tell an acting capital
    from a place); the mentions come from ``doc``'s entities unless ``tagger`` is given.
    """
    text = article.text
    parse = Parse.of(doc)
    lexicon = language_lexicon(article.language)
    if tagger is not None:
        found = tagger.tag([text])[0]
    else:
        found = doc_entities(doc) if parse.entities else []
    tagged_doc = doc if parse.tags else None
    mentions = _drop_title_case_words(article, _clean_mentions(text, found, tagged_doc))
    # Without a tagger the table's names are the surest ones: take them inside capitalised
    # runs too, and the runs around them.
    alone_only = tagger is not None or parse.entities
    mentions += _table_mentions(text, mentions, lexicon.name_stopwords, alone_only)
    if parse.tags:
        mentions += _untagged_names(article, doc, mentions)
    elif tagger is None and not parse.entities:
        taken = [(m.start, m.end) for m in mentions]
        for name in capitalised_names(article, lexicon, taken):
            mentions.append(_Mention(name.start, name.end, "PERSON" if name.person else "MISC"))
    mentions.sort(key=lambda m: m.start)
    _resolve(text, mentions, doc if parse.dependencies and parse.tags and parse.lemmas else None)
    return [
        Entity(m.start, m.end, m.label, m.canonical, entity_id(m.canonical, m.label))
        for m in mentions
    ]


def entity_id(canonical: str, label: str) -> str:
    """The same id for the same actor in any article."""
    return stable_id("entity", COARSE_LABELS.get(label, "other"), canonical)


def resolve_across(articles: list[Article]) -> list[Article]:
    """Copies of ``articles`` where a person known only by surname in one article takes the
    full name the others give that surname, when exactly one full name has it."""
    names = full_names(entity for article in articles for entity in article.entities)
    return [resolved_across(article, names) for article in articles]


def full_names(entities: Iterable[Entity]) -> dict[str, set[str]]:
    """Surname -> the full person names among ``entities`` (a corpus's): what
    :func:`resolve_across` learns from the articles, read once, so they can be streamed."""
    found: dict[str, set[str]] = {}
    for entity in entities:
        words = _name_words(entity.canonical)
        if entity.label == "PERSON" and len(words) > 1:
            found.setdefault(words[-1], set()).add(entity.canonical)
    return found


def resolved_across(article: Article, names: dict[str, set[str]]) -> Article:
    """A copy of ``article`` where a person known only by surname takes the one full name
    ``names`` (:func:`full_names` of the corpus) gives that surname."""
    entities = []
    for entity in article.entities:
        known = names.get(alias_key(entity.canonical), set())
        if entity.label == "PERSON" and " " not in entity.canonical and len(known) == 1:
            canonical = next(iter(known))
            entity = dataclasses.replace(
                entity, canonical=canonical, entity_id=entity_id(canonical, "PERSON")
            )
        entities.append(entity)
    return dataclasses.replace(article, entities=entities)


def _clean_mentions(
    text: str, found: list[tuple[int, int, str]], doc: Doc | None
) -> list[_Mention]:
    mentions: list[_Mention] = []
    for raw_start, raw_end, raw_label in found:
        label = NAME_LABELS.get(raw_label)
        if label is None:
            continue
        for part_start, part_end in split_possessive(text, *trim(text, raw_start, raw_end)):
            start, end = trim(text, part_start, part_end)
            known = alias_key(text[start:end]) in aliases()  # "Pope Francis" stays whole
            if not known and (label == "PERSON" or _starts_with_honorific(text, start, end)):
                titled_start = start
                start, end = trim(text, strip_titles(text, start, end, doc), end)
                if start != titled_start:
                    label = "PERSON"
            if start < end and not is_office_fragment(text, start, end):
                mentions.append(_Mention(start, end, label))
    return mentions


def _drop_title_case_words(article: Article, mentions: list[_Mention]) -> list[_Mention]:
    """Headlines capitalise every word, so the model tags phrases like "Hostage Release":
    in a headline, drop edge words the article also writes in lower case."""
    headlines = _headline_spans(article)
    if not any(_inside(m.start, headlines) for m in mentions):
        return mentions
    text = article.text
    lowercase_words = set(_LOWERCASE_WORD.findall(text))
    kept: list[_Mention] = []
    for mention in mentions:
        if _inside(mention.start, headlines):
            words = list(_WORD.finditer(text, mention.start, mention.end))
            while words and _written_lowercase(words[0].group(), lowercase_words):
                words.pop(0)
            while words and _written_lowercase(words[-1].group(), lowercase_words):
                words.pop()
            if not words:
                continue
            mention.start, mention.end = words[0].start(), words[-1].end()
        kept.append(mention)
    return kept


def _headline_spans(article: Article) -> list[tuple[int, int]]:
    """Title, subtitle and section headings: the blocks written in title case."""
    return [(p.start, p.end) for p in article.paragraphs if p.kind != "paragraph"]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _written_lowercase(word: str, lowercase_words: set[str]) -> bool:
    """Whether the article writes ``word`` (or its plural or singular) in lower case."""
    word = word.casefold()
    return bool({word, word + "s", word.removesuffix("s")} & lowercase_words)


_LOWERCASE_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")
_WORD = re.compile(r"\S+")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gen|President|Prime Minister)\b\.?\s")


def _starts_with_honorific(text: str, start: int, end: int) -> bool:
    """An organisation or place span that is really a titled person ("Mr. Jeffrey")."""
    return _HONORIFIC.match(text[start:end]) is not None


def _table_mentions(
    text: str,
    mentions: list[_Mention],
    function_words: frozenset[str] = frozenset(),
    alone_only: bool = True,
) -> list[_Mention]:
    """Alias-table names the tagger missed, where they stand alone (``alone_only``): not
    inside a longer capitalised name ("Bank of America", though a capitalised function word
    opening a sentence is no part of one) and not in an all-capitals headline."""
    taken = [(m.start, m.end) for m in mentions]
    table = aliases()
    added: list[_Mention] = []
    for match in alias_pattern().finditer(text):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if not alone_only:
            added.append(_Mention(start, end, table[alias_key(match.group())].label))
            continue
        before = text[max(0, start - 30) : start].split()
        after = text[end : end + 30].split()
        # A word ending a sentence or clause is not part of the same name.
        before = [w for w in before[-1:] if not w.endswith((".", "!", "?", ":", ";", ","))]
        neighbours = [
            w for w in before + after[:1] if w[:1].isalpha() and w.casefold() not in function_words
        ]
        if any(w[0].isupper() or w == "of" for w in neighbours):
            continue
        if match.group().isupper() and any(w.isupper() and len(w) > 1 for w in neighbours):
            continue
        added.append(_Mention(start, end, table[alias_key(match.group())].label))
    return added


def _untagged_names(article: Article, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Runs of two or more capitalised proper nouns the tagger left out ("Foreign Policy"),
    outside headlines (which capitalise everything) and not fragments of a longer name."""
    text = article.text
    taken = [(m.start, m.end) for m in mentions]
    headlines = _headline_spans(article)
    lowercase_words: set[str] | None = None
    added: list[_Mention] = []
    # Capitalised word runs found by regex first: walking every token in Python is slow.
    for candidate in _CAPITALISED_RUN.finditer(text):
        start, end = candidate.span()
        if _inside(start, headlines) or any(
            start < t_end and t_start < end for t_start, t_end in taken
        ):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(token.pos_ != "PROPN" for token in span):
            continue
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if before in NAME_JOINERS or after in NAME_JOINERS:
            continue  # a fragment of a longer name
        if span.text.isupper() or strip_titles(text, start, end, doc) != start:
            continue  # an all-capitals subheading, or a title ("Prime Minister")
        if lowercase_words is None:
            lowercase_words = set(_LOWERCASE_WORD.findall(text))
        if all(_written_lowercase(token.text, lowercase_words) for token in span):
            continue
        added.append(_Mention(start, end, "MISC"))
    return added


_CAPITALISED_RUN = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*)+")


def _resolve(text: str, mentions: list[_Mention], doc: Doc | None) -> None:
    """Set each mention's canonical name (and fix its label) in place; ``mentions`` are in
    text order. ``doc`` is the dependency parse, if any (it tells an acting capital)."""
    table = aliases()
    keys = [alias_key(text[m.start : m.end]) for m in mentions]
    for mention, key in zip(mentions, keys, strict=True):
        if " " in key:
            _resolve_by_table(text, mention, key, doc)
    # Full names by surname (as written and as resolved: "Abu Mazen" also ends in "Abbas").
    by_surname: dict[str, list[_Mention]] = {}
    for mention, key in zip(mentions, keys, strict=True):
        if " " in key and mention.label == "PERSON" and " " in mention.canonical:
            for surname in {_name_words(key)[-1], _name_words(mention.canonical)[-1]}:
                by_surname.setdefault(surname, []).append(mention)
    for mention, key in zip(mentions, keys, strict=True):
        if " " in key:
            continue
        full_names = by_surname.get(key, [])
        if full_names and (mention.label == "PERSON" or key not in table):
            # The nearest full name before, else the first after (a headline may use the
            # surname before the body names the person).
            before = [m for m in full_names if m.start < mention.start]
            full = before[-1] if before else full_names[0]
            mention.canonical, mention.label = full.canonical, "PERSON"
        else:
            _resolve_by_table(text, mention, key, doc)
    _harmonise_labels(mentions)


def _resolve_by_table(text: str, mention: _Mention, key: str, doc: Doc | None) -> None:
    entry = aliases().get(key)
    acts = doc is not None and entry is not None and entry.actor_only and _acts(doc, mention)
    if entry is not None and (not entry.actor_only or acts):
        mention.canonical, mention.label, mention.from_table = entry.canonical, entry.label, True
    else:
        mention.canonical = " ".join(text[mention.start : mention.end].split())


def _name_words(name: str) -> list[str]:
    """A name's words for surname matching, without suffixes like "Jr."."""
    words = alias_key(name).split()
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words


def _harmonise_labels(mentions: list[_Mention]) -> None:
    """One label per canonical name in an article: the table's, else the most common."""
    labels: dict[str, Counter[str]] = {}
    fixed: dict[str, str] = {}
    for mention in mentions:
        if mention.from_table:
            fixed[mention.canonical] = mention.label
        labels.setdefault(mention.canonical, Counter())[mention.label] += 1
    for mention in mentions:
        mention.label = (
            fixed.get(mention.canonical) or labels[mention.canonical].most_common(1)[0][0]
        )


def _acts(doc: Doc, mention: _Mention) -> bool:
    """Whether a place name is used as an actor: it does, undergoes or owns something."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    if span.end < len(doc) and doc[span.end].tag_ == "POS":
        return True
    return _acting_token(span)


def _acting_token(span: Span) -> bool:
    token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head  # "Washington and London agreed": the first conjunct's role
    if token.dep_ in ACTOR_DEPENDENCIES:
        return token.dep_ == "poss" or token.head.lemma_ not in PLACE_VERBS
    return token.dep_ == "pobj" and token.head.lower_ in ACTOR_PREPOSITIONS
