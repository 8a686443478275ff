"""Metadata a plain-text page dump states in words: byline, date, outlet, syndication source,
tags and photo captions. Each finder returns ``None``/empty when the page does not say it."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime
from functools import cache

from counterpoint import lexicon
from counterpoint.datetimes import parse_written_date
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.extract.syndication import find_credit
from counterpoint.extract.text_lines import CHROME_CUE, Line, ends_sentence, normalised_key
from counterpoint.lexicon import languages_with, month_names, patterns, word_set

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
# "07.06.2022" is day first wherever dots separate a date (slashes are day first outside
# the English-speaking labels, and read as English otherwise).
DOTTED_DAY_FIRST = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
LETTERS = re.compile(r"[^\W\d_]+")
# Languages whose month names mark a dump line as a date: the parser costs milliseconds a
# line and more per language tried, so it only sees lines naming a month (or a numeric date,
# read as English) and only tries the languages whose month names the line uses.
DATE_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "nl")
# The words and phrases below are per-language data (data/languages/<code>.json), lower case.
# A label before a date: "Published on", "Publié le", "Publicado em", "Veröffentlicht am".
PUBLISHING_LABEL = patterns("publishing_labels")
# A numeric date on a line labelled in a language that writes the day first ("Publié le
# 05/10/2018") is day first.
DAY_FIRST_LANGUAGES = tuple(
    code
    for code in languages_with("publishing_labels")
    if not lexicon.language(code).get("month_first_dates")
)
DAY_FIRST_LABEL_WORD = re.compile(
    rf"\b(?:{patterns('publishing_labels', DAY_FIRST_LANGUAGES)})\b", re.IGNORECASE
)
# Words between a label or a name and the date: "on", "le", "am".
DATE_PREPOSITION = patterns("date_prepositions")
DATE_LABEL = re.compile(
    rf"^(?:{PUBLISHING_LABEL}|{patterns('date_labels')})"
    rf"(?:\s+(?:{DATE_PREPOSITION}|{patterns('date_label_prepositions')}))?\s*:?\s*",
    re.IGNORECASE,
)
# A second label on the line ("..., updated 4 March"): the first date is the publication's.
LATER_LABEL = re.compile(rf"[\s,;|·•–—-]+\b(?:{PUBLISHING_LABEL})\b.*$", re.IGNORECASE)
# Bylines. A byline is a cue, the names of one or more people, then at most an outlet or a
# date; the names are what makes it one: capitalised words, so a sentence such as "Por otro
# lado, ..." or "Von Berlin aus ..." is none. Every part is bounded, so a long line cannot
# make the match backtrack for long.
# Upper-case Latin letters, for capitalised words (``re`` has no ``\p{Lu}``).
UPPER = "".join(letter for letter in map(chr, range(0x250)) if letter.isupper())
# Where a date starts right after a name ("By Ana Lima March 3, 2024", "By Ana Lima Updated
# 3 May"): a publishing label, or a month written before its day as English dates are.
ENGLISH_MONTH = "|".join(sorted(month_names("en"), key=len, reverse=True))
DATE_START = rf"(?i:(?:{PUBLISHING_LABEL})\b|(?:{ENGLISH_MONTH}|{DATE_PREPOSITION})\.?\s+\d)"
NAME_WORD = rf"(?!{DATE_START})[{UPPER}][\w'’.-]*"
# Lower-case particles inside a name: "Ursula von der Leyen", "Luísa da Costa".
NAME_PARTICLE = rf"(?:{patterns('byline_name_particles')})"
PERSON_NAME = rf"{NAME_WORD}(?:\s+(?:{NAME_PARTICLE}\s+){{0,2}}{NAME_WORD}){{0,4}}"
NAME_JOINER = rf"(?:{patterns('byline_name_joiners')})"
# One name, or a list of names whose last is joined by "and": "Ana Lima, Rui Sá e Eva Reis";
# a social handle may follow.
PERSON_NAMES = (
    rf"(?P<name>{PERSON_NAME}(?:\s*,\s*{PERSON_NAME}){{0,3}}\s*,?\s+{NAME_JOINER}\s+"
    rf"{PERSON_NAME}|{PERSON_NAME})(?:\s*@\w+)?"
)
# After a bar, bullet, spaced dash or parenthesis anything may follow ("Ana Lima | Special to
# the Daily Post"); after a comma, colon or slash only an outlet (capitalised words) or a date,
# since "By Monday, the council ..." is a sentence; and a date also right after the name.
# A hyphen is no separator: "Berlin-Mitte" is one word.
BYLINE_STRONG_SEPARATOR = r"\s*[|·•]\s*|\s+[–—-](?:\s+|$)|\s+(?=\()"
BYLINE_WEAK_SEPARATOR = r"\s*[,;:/]\s*"
BYLINE_DATE = r"(?:\S+\s+){0,2}\S*\d.*"  # a digit within its first three words
BYLINE_OUTLET = (
    rf"\(?{NAME_WORD}(?:\s+(?:(?:{patterns('outlet_name_particles')})\s+)?{NAME_WORD}){{0,6}}\)?"
    rf"(?:(?:{BYLINE_STRONG_SEPARATOR}|{BYLINE_WEAK_SEPARATOR}).*)?"
)
BYLINE_TAIL = (
    rf"(?:{BYLINE_STRONG_SEPARATOR}).*"
    rf"|(?:{BYLINE_WEAK_SEPARATOR})(?:{BYLINE_OUTLET}|{BYLINE_DATE})"
    rf"|\s+{BYLINE_DATE}"
)
# Words opening a byline ("By", "Por", "Von"). A label ("Auteur", "Texto") needs its colon:
# "Text Messages Reveal ..." is a headline. Some cues count only in lower case: Italian
# bylines print "di", and a capitalised "Di" opens a surname (Di Stefano).
BYLINE_CUE = (
    rf"(?i:(?:{patterns('byline_cues')})(?:\s*:\s*|\s+)"
    rf"|(?:{patterns('byline_labels')})\s*:\s*)"
    rf"|(?:{patterns('byline_cues_lower_case')})\s+"
)
BYLINE = re.compile(rf"(?:{BYLINE_CUE}){PERSON_NAMES}(?P<tail>{BYLINE_TAIL})?\s*$")
UPDATE_TAIL = re.compile(rf"^[\s|·•,;:/–—-]*(?:{patterns('update_labels')})\b", re.IGNORECASE)
UPDATE_LABEL = re.compile(rf"\b(?:{patterns('update_labels')})\b", re.IGNORECASE)
# What may stand between a signature's name and its date: "- ", "| ", "on ", "le ".
DATE_LEAD = re.compile(
    rf"^(?:[\s|·•,;:/–—-]|(?:{DATE_PREPOSITION}|(?:{PUBLISHING_LABEL}))\b)+",
    re.IGNORECASE,
)
# A date printed before the byline: a digit in it, then a separator or straight the cue.
DATE_FIRST = re.compile(
    rf"^(?=[^|·•]{{0,60}}\d)[^|·•]{{4,60}}?(?:\s*[|·•/–—-]\s*|\s+)(?=(?:{BYLINE_CUE}))",
)
# A signature with no name worth keeping ("By admin - 2018-09-16"): a cue, a few words, a
# separator and a date. Not a byline to report, but not a title or a dek either.
SIGNED_DATE_LINE = re.compile(
    rf"(?:{BYLINE_CUE})[\w@][^\s|·•,]*(?:\s+[^\s|·•,]+){{0,3}}?"
    rf"(?:{BYLINE_STRONG_SEPARATOR}|{BYLINE_WEAK_SEPARATOR})(?P<date>(?:\S+\s*){{1,8}})$"
)
# Navigation and ad labels ("Home", "Startseite", "Publicité"), per-language data.
NAV_LABEL = re.compile(rf"^\W*(?:{patterns('navigation_labels')})\W*$", re.IGNORECASE)
# "More from the web": the label of a sponsored-links widget, not a source.
AD_WIDGET_SOURCES = word_set("ad_widget_sources")
MORE_FROM = re.compile(rf"^(?:{patterns('more_from_cues')})\s+(?P<name>.+)$", re.IGNORECASE)
COPYRIGHT_WORD = patterns("copyright_words")
COPYRIGHT = re.compile(
    rf"^(?:(?:{COPYRIGHT_WORD})\s*)?(?:©|\(c\)|{COPYRIGHT_WORD})\s*"
    r"(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?)\s*"
    rf"(?P<name>[^.|]+?)\.?\s*(?:(?:{patterns('rights_reserved')})\.?)?$",
    re.IGNORECASE,
)
TAGS_LABEL = re.compile(rf"^(?:{patterns('tag_labels')})\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
# Photo credits: a camera or agency credit, or "Name/Agency".
CREDIT = re.compile(
    rf"^(?:{patterns('photo_credit_labels')})\s*(?:{patterns('photo_credit_joiners')}|:)"
    rf"|©|\b(?:{patterns('photo_agencies')})\b"
    r"|^[\w.'-]+(?: [\w.'-]+){0,4}/[\w.'-]",
    re.IGNORECASE,
)
# A caption's credit in parentheses: "(Name/Agency)", "(AP)" (agencies as captions print them).
TRAILING_CREDIT = re.compile(rf"\((?:[^()]*/[^()]*|{patterns('caption_credit_agencies')})\)\s*$")
# A caption that says what it describes: "In this photo issued by ...", "This satellite image
# shows ...", "In this file photo, ..."; or one under a caption's own label, as some sites
# print one with each photo: "Image caption ...", "(Image credit: ...)", "Image 2 of 5".
PHOTO_OPENING = re.compile(
    rf"^(?:{patterns('photo_openings')}|{patterns('photo_caption_labels')})", re.IGNORECASE
)
# A described photo: a sentence, then its source in parentheses: "... on Monday. (Daily Post)".
NAMED_CREDIT = re.compile(r"[.!?]\s*\((?P<name>[^()]+)\)\s*$")
# Share and follow links look like a tag list but are not one.
SOCIAL = re.compile(rf"^(?:{patterns('social_links')})$", re.IGNORECASE)


def is_proper_name(text: str) -> bool:
    """A publisher-like name: a domain, or words that are all capitalised (articles aside)."""
    words = text.split()
    if not words or len(words) > 8:
        return False
    if re.search(r"\w\.[a-z]{2,}\b", text):
        return True
    minor = word_set("proper_name_minor_words")
    return words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in minor for w in words)


def _clean_name(text: str) -> str:
    return text.strip().rstrip(".,;:").strip()


def is_signature(text: str) -> bool:
    """Whether a line signs the article: a byline, or a cue with a date and no proper name."""
    if _byline_match(text):
        return True
    signed = SIGNED_DATE_LINE.match(text)
    return bool(signed and YEAR.search(signed["date"]) and _date_languages(signed["date"]))


def find_byline(lines: list[Line], options: ExtractOptions = DEFAULT_OPTIONS) -> str | None:
    """The name(s) a short byline line states, without its cue, outlet or date."""
    for line in lines:
        if len(line.text.split()) > options.byline_max_words or ends_sentence(
            line.text.rstrip(".")
        ):
            continue
        match = _byline_match(line.text)
        if match:
            return _clean_name(match.group("name"))
    return None


def _byline_match(text: str) -> re.Match[str] | None:
    """A byline, or one printed after its date ("11/19/2019 | by Ana Lima")."""
    dated = _dated_byline(text)
    return dated[1] if dated else BYLINE.match(text)


def _dated_byline(text: str) -> tuple[str, re.Match[str]] | None:
    """The date and the byline of a line that prints its date first."""
    dated = DATE_FIRST.match(text)
    if dated is None or not _date_languages(dated.group()):
        return None
    byline = BYLINE.match(text[dated.end() :])
    return (dated.group().rstrip(" |·•/–—-"), byline) if byline else None


def find_published(lines: list[Line]) -> datetime | None:
    """The first short line that is a date (optionally labelled) in the article's header."""
    for line in lines:
        text = _date_text(line.text)
        if not YEAR.search(text) or len(text.split()) > 8:
            continue
        languages = _date_languages(text)
        if not languages:
            continue
        day_first = bool(DOTTED_DAY_FIRST.search(text) or DAY_FIRST_LABEL_WORD.search(line.text))
        # The date may follow an unlabelled name: "Ana Lima November 20, 2019 12:32".
        tail = _from_first_date_word(text)
        for candidate in dict.fromkeys([text, tail]):
            parsed = parse_written_date(candidate, languages, day_first)
            if parsed is not None:
                return parsed
    return None


def byline_and_date(byline: str) -> tuple[str, datetime | None]:
    """The names of a byline element that also prints when the article came out, and that
    date ("Ana Lima USA TODAY Published 7:07 PM EST Nov 19, 2019", "Associated Press
    November 19, 2019, 9:02 AM", "ANA LIMA - 2019-04-10"); the byline as given and ``None``
    when it prints no date, or prints when it was updated."""
    if UPDATE_LABEL.search(byline):
        return byline, None
    later = LATER_LABEL.search(byline)
    if later:
        names, printed = byline[: later.start()], DATE_LEAD.sub("", byline[later.start() :])
    else:
        printed = _from_first_date_word(byline)
        names = byline[: len(byline) - len(printed)]
    names = names.strip(" ,;|·•/–—-")
    languages = _date_languages(printed) if YEAR.search(printed) else []
    day_first = bool(DOTTED_DAY_FIRST.search(printed))
    published = parse_written_date(printed, languages, day_first) if languages else None
    return (names, published) if published is not None and names else (byline, None)


def _from_first_date_word(text: str) -> str:
    """``text`` from its first number or month name on."""
    month_languages = _month_languages()
    for word in re.finditer(r"\S+", text):
        token = word.group()
        if token[:1].isdigit() or token.lower().strip(".,") in month_languages:
            return text[word.start() :]
    return text


def _date_text(text: str) -> str:
    """The part of a line that may be a date: after its label ("Published: ...") or after the
    name of the byline it closes ("By Ana Lima - 3 May 2021")."""
    signed = SIGNED_DATE_LINE.match(text)
    dated = _dated_byline(text)
    byline = BYLINE.match(text)
    if dated:
        text = dated[0]
    elif signed:
        text = signed["date"]
    elif byline and byline["tail"]:
        if UPDATE_TAIL.match(byline["tail"]):
            return ""  # "By Ana Lima Updated 3 May": when it changed, not when it came out
        text = byline["tail"]
    return LATER_LABEL.sub("", DATE_LABEL.sub("", DATE_LEAD.sub("", text))).strip()


def _date_languages(text: str) -> list[str]:
    """The languages to read ``text`` as a date in: those whose month names it uses (English
    for a numeric date); empty when it has neither, so it is no date."""
    month_languages = _month_languages()
    found = {
        language
        for word in LETTERS.findall(text.lower())
        for language in month_languages.get(word, ())
    }
    if NUMERIC_DATE.search(text):
        found.add("en")
    return [language for language in DATE_LANGUAGES if language in found]


@cache
def _month_languages() -> dict[str, frozenset[str]]:
    """Each month name and abbreviation of :data:`DATE_LANGUAGES` (from the parser's own
    locale data) with the languages that use it: "mai" is French, German and Portuguese."""
    from dateparser.languages.loader import default_loader

    languages: dict[str, set[str]] = {}
    # dateparser keys its locale data by the English month names.
    keys = [names[0] for names in lexicon.language("en")["months"]]
    for language in DATE_LANGUAGES:
        info = default_loader.get_locale(language).info
        for month in keys:
            for name in info.get(month, []):
                key = unicodedata.normalize("NFC", name.lower())
                languages.setdefault(key, set()).add(language)
    return {name: frozenset(codes) for name, codes in languages.items()}


def find_original_publisher(lines: list[Line]) -> tuple[str | None, int | None]:
    """The syndication source and the index of the line stating it."""
    for line in lines:
        credit = find_credit(line.text)
        if credit is not None:
            return credit.name, line.index
    return None, None


def find_outlet(lines: list[Line], title: str | None, byline: str | None = None) -> str | None:
    """A masthead name repeated in header and footer, a copyright holder, or "More from X"
    (unless X is the byline's author, whose other stories those are)."""
    title_key = normalised_key(title) if title else None
    counts = Counter(normalised_key(line.text) for line in lines)
    for line in lines[:3]:
        key = normalised_key(line.text)
        if (
            counts[key] >= 2
            and key != title_key
            and len(line.text.split()) <= 5
            and is_proper_name(line.text)
            and not _is_page_chrome(line)
        ):
            return _as_written_in_prose(line.text.strip(), lines)
    for line in reversed(lines):
        match = COPYRIGHT.match(line.text)
        if match and is_proper_name(_clean_name(match.group("name"))):
            return _clean_name(match.group("name"))
    not_outlets = AD_WIDGET_SOURCES | ({normalised_key(byline)} if byline else set())
    for line in lines:
        match = MORE_FROM.match(line.text)
        name = _clean_name(match.group("name")) if match else ""
        if name and is_proper_name(name) and normalised_key(name) not in not_outlets:
            return name
    return None


def _is_page_chrome(line: Line) -> bool:
    """A menu item, a navigation label or an ad label: repeated at the top of a page as a
    masthead is, but no outlet's name."""
    return line.bullet or bool(CHROME_CUE.search(line.text) or NAV_LABEL.match(line.text))


def _as_written_in_prose(name: str, lines: list[Line]) -> str:
    """A masthead set in capitals ("NORTHLINE") in the case the page writes it elsewhere
    ("Northline"), since a logo's typography is not the outlet's name."""
    if not name.isupper():
        return name
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    for line in lines:
        for match in pattern.finditer(line.text):
            if not match.group().isupper():
                return match.group()
    return name


def find_tags(lines: list[Line], after: int) -> tuple[list[str], list[int]]:
    """A tag list right after the article (a labelled line or a run of short bullets)."""
    following = [line for line in lines if line.index > after][:40]
    start = 0
    # A labelled tag list may sit a few lines below the article (after teasers or share links).
    for position, line in enumerate(following[:10]):
        label = TAGS_LABEL.match(line.text)
        if label:
            inline = [t.strip() for t in re.split(r"[,;|]", label.group("rest")) if t.strip()]
            if inline:
                return inline, [line.index]
            following, start = following[position:], 1
            break
    run: list[Line] = []
    for line in following[start:]:
        words = line.text.split()
        if not line.bullet or len(words) > 5 or ends_sentence(line.text) or SOCIAL.match(line.text):
            break
        if YEAR.search(line.text):
            break
        run.append(line)
    if len(run) < 2:
        return [], []
    indices = [line.index for line in run]
    if start:
        indices.insert(0, following[0].index)
    return [line.text.strip() for line in run], indices


def is_credit(line: Line) -> bool:
    text = line.text
    return len(text.split()) <= 12 and not ends_sentence(text) and bool(CREDIT.search(text))


def has_credit_suffix(line: Line) -> bool:
    if TRAILING_CREDIT.search(line.text):
        return True
    named = NAMED_CREDIT.search(line.text)
    return named is not None and is_proper_name(named.group("name"))


def word_overlap(a: str, b: str) -> float:
    left, right = set(normalised_key(a).split()), set(normalised_key(b).split())
    return len(left & right) / len(left | right) if left and right else 0.0


def find_captions(lines: list[Line], title: str | None) -> tuple[list[str], set[int]]:
    """Photo captions among ``lines`` (the article zone), each with its credit, and the
    indices of the lines they use.

    A caption is a run of adjacent near-identical lines (alt text, then caption), a sentence
    ending in a parenthesised agency credit, or one opening "In this photo ..."; a credit line
    right after it is attached in parentheses. A lone credit is a caption of its own, and a
    copy of the title right before it is the photo's alt text.
    """
    title_key = normalised_key(title) if title else None
    captions: list[str] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        end = i
        while (
            end + 1 < len(lines)
            and len(lines[end].text.split()) >= 5
            and not lines[end + 1].blank_before
            and word_overlap(lines[end].text, lines[end + 1].text) >= 0.5
        ):
            end += 1
        described = (
            end > i
            or (len(lines[i].text.split()) >= 5 and has_credit_suffix(lines[i]))
            or bool(PHOTO_OPENING.match(lines[i].text))
        )
        credit_at = end + 1 if described else i
        has_credit = credit_at < len(lines) and is_credit(lines[credit_at])
        if not described and not has_credit:
            i += 1
            continue
        parts: list[str] = []
        if described:
            parts.append(lines[i].text.strip())
            used.update(lines[k].index for k in range(i, end + 1))
        if has_credit:
            parts.append(lines[credit_at].text.strip())
            used.add(lines[credit_at].index)
            if not described and i > 0 and normalised_key(lines[i - 1].text) == title_key:
                used.add(lines[i - 1].index)
        caption = f"{parts[0]} ({parts[1]})" if len(parts) == 2 else parts[0]
        if caption not in captions:
            captions.append(caption)
        i = credit_at + 1 if has_credit else end + 1
    return captions, used
