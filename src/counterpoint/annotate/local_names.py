"""Names in cased scripts without a tagger: runs of capitalised words.

For a language with no NER model, a run of capitalised words is taken as a name ("Giorgia
Meloni", "Banco de España", "Ursula von der Leyen"), with the language's function words
stripped from its edges (the capital of "Il" opening a sentence says nothing) and its person
titles too ("il presidente Sergio Mattarella": a title before the run makes it a person). A
single capitalised word counts where it does not open a sentence, or where the text also
writes it capitalised elsewhere mid-sentence, and never when the text also writes it in lower
case. Languages that capitalise every noun (German) keep only runs after a person's title, those
people's surnames, and acronyms. Scripts without case (Arabic, Chinese, Hindi, ...) get names
from the alias table only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.annotate.lexicons import LanguageLexicon
from counterpoint.annotate.local_times import calendar_words
from counterpoint.model import Article

# Letters of the cased scripts (Latin, Greek, Cyrillic, Armenian, Georgian) with their
# combining marks: a Latin word glued to Japanese or Korean ends where the script changes.
_CASED = (
    r"A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f"
    r"\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u10a0-\u10ff"
)
_WORD = re.compile(rf"(?<![\w])[{_CASED}][{_CASED}\d]*(?:['’-][{_CASED}][{_CASED}\d]*)*")
# A Turkish case ending after an apostrophe ("Ankara'da", "Erdoğan'ın") is not the name.
_SUFFIX = re.compile(r"['’][^\W\d_]*$")
# A Romance elision before a name ("dell'Italia", "l'Europe", "d'Alema" stays whole).
_ELISION = re.compile(r"^[^\W\d_]{1,5}['’](?=[^\W\d_])")
_SENTENCE_OPENERS = ".!?:;…\"'“”„«»‹›‚‘’()[]—–-"
_URLS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\S+\.(?:com|org|net|html?)\b\S*")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{2,6}$")


@dataclass(slots=True)
class NameRun:
    start: int
    end: int
    person: bool  # a title stands before it


def capitalised_names(
    article: Article, lexicon: LanguageLexicon, taken: list[tuple[int, int]]
) -> list[NameRun]:
    """Name runs of ``article`` outside ``taken`` spans, in text order."""
    text = article.text
    words = [w for w in (_normalise(m) for m in _WORD.finditer(text)) if w is not None]
    lower_words = {w.casefold() for _s, _e, w in words if w[:1].islower()}
    lower_words |= calendar_words(article.language)
    # A known name inside a run splits it ("России Владимир Путин": a country, then a person).
    taken = taken + [m.span() for m in _URLS.finditer(text)]
    words = [w for w in words if not any(s < w[1] and w[0] < e for s, e in taken)]
    runs = _runs(text, words, lexicon)
    # Words a sentence may open with and still be a name: those written capitalised mid-sentence
    # too, and the last words of longer names ("Meloni ha detto" after "Giorgia Meloni").
    known_singles = {
        text[run[0][0] : run[0][1]]
        for run in runs
        if len(run) == 1 and not _opens_sentence(text, run[0][0])
    } | {run[-1][2] for run in runs if len(run) > 1}
    found: list[NameRun] = []
    for run in runs:
        name = _name_of(text, run, lexicon, lower_words, known_singles)
        if name is not None:
            found.append(name)
    if lexicon.capitalised_nouns:
        # Every noun is capitalised: keep people named after a title, their surnames alone
        # after, and acronyms.
        surnames = {text[n.start : n.end].split()[-1] for n in found if n.person}
        found = [
            n
            for n in found
            if n.person
            or text[n.start : n.end] in surnames
            or _ACRONYM.match(text[n.start : n.end])
        ]
    singles = _single_names(text, found)
    for name in found:
        # A person is named in full once and by surname after ("Giorgia Meloni ... Meloni"),
        # and a first name is never written in lower case (unlike "black" of "Black Friday").
        words_of = text[name.start : name.end].split()
        if (
            1 < len(words_of) <= 3
            and words_of[-1] in singles
            and not _written_lowercase(words_of[0], lower_words)
        ):
            name.person = True
    return found


def _single_names(text: str, names: list[NameRun]) -> set[str]:
    return {text[n.start : n.end] for n in names if " " not in text[n.start : n.end]}


def _normalise(match: re.Match[str]) -> tuple[int, int, str] | None:
    """A word's span without an elided article before it or a case ending after it."""
    start, end = match.span()
    word = match.group()
    elision = _ELISION.match(word)
    if elision is not None and word[elision.end() :][:1].isupper() and word[:1].islower():
        start += elision.end()
        word = word[elision.end() :]
    suffix = _SUFFIX.search(word)
    if suffix is not None and word[:1].isupper() and suffix.group()[1:2].islower():
        end -= len(suffix.group())
        word = word[: -len(suffix.group())]
    return (start, end, word) if word else None


def _runs(
    text: str, words: list[tuple[int, int, str]], lexicon: LanguageLexicon
) -> list[list[tuple[int, int, str]]]:
    """Maximal runs of capitalised words next to each other in ``words``, joined by single
    spaces (joiners like "de", "von" may stand inside a run)."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for word in words:
        start, _end, surface = word
        capitalised = surface[:1].isupper()
        joined = bool(current) and text[current[-1][1] : start] in (" ", "\u00a0")
        if capitalised or (joined and surface.casefold() in lexicon.name_joiners):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in runs:
        while run and not run[-1][2][:1].isupper():
            run.pop()  # a trailing joiner
    return [run for run in runs if run]


def _name_of(
    text: str,
    run: list[tuple[int, int, str]],
    lexicon: LanguageLexicon,
    lower_words: set[str],
    known_singles: set[str],
) -> NameRun | None:
    person = _title_before(text, run[0][0], lexicon)
    titles = [i for i, word in enumerate(run) if word[2].casefold() in lexicon.title_words]
    if titles and titles[-1] + 1 < len(run):
        # "Regierung von Ministerin Lisa Paus": the name follows the title
        run, person = run[titles[-1] + 1 :], True
    while run and (
        run[0][2].casefold() in lexicon.name_stopwords
        or run[0][2].casefold() in lexicon.title_words
        or not run[0][2][:1].isupper()
    ):
        person = person or run[0][2].casefold() in lexicon.title_words
        run = run[1:]
    if not run:
        return None
    surfaces = [w[2] for w in run]
    if all(w.isupper() and len(w) > 1 for w in surfaces) and len(surfaces) > 1:
        return None  # an all-capitals heading
    if all(_written_lowercase(w, lower_words) for w in surfaces if w[:1].isupper()):
        return None  # title case of ordinary words
    if len(run) == 1:
        word, start = surfaces[0], run[0][0]
        if _ACRONYM.match(word):
            return NameRun(start, run[0][1], False)
        if _written_lowercase(word, lower_words) or len(word) < 2:
            return None
        if _opens_sentence(text, start) and word not in known_singles and not person:
            return None
    return NameRun(run[0][0], run[-1][1], person)


def _title_before(text: str, start: int, lexicon: LanguageLexicon) -> bool:
    before = text[max(0, start - 40) : start].split()
    return any(
        " ".join(before[-size:]).casefold().strip(".,") in lexicon.title_words for size in (1, 2)
    )


def _opens_sentence(text: str, start: int) -> bool:
    window = text[max(0, start - 80) : start]
    before = window.rstrip()
    if before[-1:] in ("'", "’") and before[-2:-1].isalpha():
        return False  # an elided article: "dell'Italia"
    return not before or "\n" in window[len(before) :] or before[-1] in _SENTENCE_OPENERS


def _written_lowercase(word: str, lower_words: set[str]) -> bool:
    return word.casefold() in lower_words
