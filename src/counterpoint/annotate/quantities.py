"""Quantitative claims: numbers with what they count.

A rule system over spaCy tokens and the dependency parse, with the number lexicon in
``data/quantity_lexicon.json``. Each number expression (digits, spelled-out words, "a dozen",
"$900mln", "3 500", "53,41 percent", "six and a half") is read once, checked against the things
that look like numbers but are not claims (dates, years, times of day, ages, identifiers such
as "Resolution 2334", "Boeing 737-800" or "7C 2216", score lines such as "won 4-2", addresses,
page counters, phone numbers, URLs, pronominal "one"), then classified (money, percent,
duration, multiplicative, ordinal count, range, rate, cardinal) with its bound, its upper end
for a range, the whole a part is taken from ("nine of the 15 members") and the phrase naming
what it counts. Vote tallies ("158 to 9, with 13 abstentions") are read first, as one claim.
The lexicon is English and the rules read the parse, so any other article, or one the pipeline
did not parse, goes to the language-neutral rules of :mod:`local_quantities`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from counterpoint.annotate.local_quantities import find_local_quantities
from counterpoint.annotate.nlp import Parse
from counterpoint.annotate.quantity_lexicon import (
    DIGITS,
    combine,
    digits_value,
    lexicon,
    ordinal_value,
    scale_value,
    word_value,
)
from counterpoint.lexicon import month_names, words
from counterpoint.model import Article, Bound, Quantity, QuantityKind

# Character ranges that hold digits but never claims.
_MASKS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+"
    # phone numbers, but not thousands grouped alike by one mark ("2 500 000", "2.500.000")
    r"|(?<!\d)(?![1-9]\d{0,2}([ .\u00a0])\d{3}(?:\1\d{3})+(?:[.,]\d+)?(?![ .-]?\d))"
    r"\+?\(?\d{1,4}\)?(?:[ .-]\d{2,4}){2,}(?!\d)(?=\s|$|[.,;)])"
    r"|\b\d{1,2}:\d{2}\b"  # times of day
)
_TALLY = re.compile(
    r"(?<![\d,.])(?P<yes>\d{1,4})\s*(?:votes?\s+)?(?:-|–|—|to)\s*(?P<no>\d{1,4})(?!\d|,\d)"
    r"(?:\s*(?:-|–|—)\s*(?P<abstain3>\d{1,4})(?!\d|,\d))?"
    r"(?:,?\s*(?:with|and)\s+(?P<abstain>\d{1,4})\s+(?P<abstain_word>[a-z]+))?",
    re.I,
)
_MONTHS = frozenset(month_names("en"))
# English function words the parse-based rules look for (data/languages/en.json).
_IN_FAVOUR = words("en", "in_favour_words")  # "voted in favour of the treaty"
_MOTION_PREPOSITIONS = words("en", "motion_prepositions")  # "voted on the bill"
_AGE_SUFFIXES = words("en", "age_suffixes")  # "a 15-year-old"
_NOT_COUNTING_ONE = words("en", "not_counting_one")  # "the one presented", "no one"
_DOLLAR_COUNTRIES = words("en", "dollar_country_prefixes")  # "US $5"
_VALUE_PREPOSITIONS = words("en", "value_prepositions")  # "a contract worth $5 million"
_LEVEL_PREPOSITIONS = words("en", "level_prepositions")  # "rose to 5%"
_RATE_LEADS = words("en", "rate_leads")  # "per year", "every month"
# Thousands grouped by spaces: a lead of one to three digits, then groups of three.
_GROUP_LEAD = re.compile(r"\d{1,3}")
_GROUP = re.compile(r"\d{3}(?:\.\d+)?")
_GROUP_SPACES = frozenset("\u00a0\u202f\u2009")
_COMMA_DECIMAL = re.compile(r"\d{1,3},\d{1,2}")
# "310–340"; with a hyphen only when a currency sign opens the upper end ("5-$10", "20-£30")
# or a scale or a percent sign closes the lower one ("1.2bn-£1.5bn", "5m-$10", "5%-10")
_DASHED = re.compile(
    r"(\d[\d,.]*)(?P<lower_scale>[a-z]{1,3})?%?"
    r"(?:[–—]|[-–—][$£€¥₹₩]|(?<=[a-z%])-)"
    r"(\d[\d,.]*)(?P<upper_scale>[a-z]{1,3})?",
    re.I,
)
_PAGER = re.compile(r"\s*\d+ of \d+\s*(?:$|[|•·])", re.I)
_PAGER_LABEL = re.compile(  # "Photo 3 of 12"
    r"\s*(?:" + "|".join(map(re.escape, lexicon()["pager_labels"])) + r")\s*:?\s*", re.I
)
_PUBLISHING_LABELS = words("en", "publishing_labels")  # "Updated 3 hours ago"
# An airline's two-character code before a flight number ("7C 2216", "U2 8012").
_FLIGHT_CODE = re.compile(r"(?=[A-Z]?\d)(?=\d?[A-Z])[A-Z\d]{2}")
_NOUNS = ("NOUN", "PROPN")
_RESOLUTION = re.compile(r"\d[kK]")
_CODE = re.compile(r"(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{2,}")  # "A350", "7C", "F35"
_SIGNS = "+-\u2212"
_IN_ONE = re.compile(r"in-\d+", re.I)
_GLUED_WHOLE = re.compile(r"(?:of|out-of)-(\d[\d,]*)", re.I)
_AGE_RANGE = re.compile(
    r"\s*(?:to|-|–)\s*(\d{1,3})(" + "|".join(re.escape(s) for s in _AGE_SUFFIXES) + ")", re.I
)
# A reference list: "(4, 5)", "[2]", "(27–29)"; "(11,300)" is one number, grouped.
_BRACKETED_DIGITS = re.compile(r"[(\[]\d{1,3}(?:(?:\s*[–-]\s*|,\s+)\d{1,3})*[)\]]")
_RESULT_LINE = re.compile(r"(?:[A-Z][\w.'’-]*\s){1,3}\d{1,3}, (?:[A-Z][\w.'’-]*\s){1,3}\d{1,3}:")
_OLDEST_AGE = 110
_PERSON_LOOKALIKES = ("ORG", "FAC", "PRODUCT")
_FRACTION = re.compile(r"(\d{1,3})\u2044(\d{1,3})")
_AGE_LIST = re.compile(r"\d{1,3} (?:Under|Over) \d{1,3}(?!\d)")  # "SBJ 40 Under 40": a list's name
_MIXED_FRACTION = re.compile(r"(\d{1,3})-([1-9])/([2-9]|1[0-6])")  # "1-1/2"
_SIMPLE_FRACTION = re.compile(r"([1-9])/([2-9]|1[0-6])")  # the "1/2" of "2 1/2"
_GLUED = re.compile(rf"^(?P<prefix>[a-z]{{1,3}}\$?)?(?P<num>{DIGITS})(?P<suffix>[a-z]+)?$", re.I)
_NAMES = ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "EVENT", "LAW")
_AMOUNT_ENTITIES = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME", "ORDINAL")
# How the parser may hang a number after a name that a count is never hung ("Windows 11").
_NOT_COUNT_DEPS = ("appos", "npadvmod", "advmod", "quantmod")
_MAX_COUNTED_TOKENS = 10
_MIN_ROW_NUMBERS = 5  # numbers in a row with only names between them: a table's row
_ROW_JOINTS = frozenset(("-", "–", "'", "’", "&"))
_MIN_TABLE_TOKENS = 12  # a block this long and mostly digits is a flattened table


@dataclass(slots=True)
class _Number:
    """A number expression: tokens ``first..last`` (inclusive) and what they read as."""

    first: int
    last: int
    value: float
    digits: bool
    ordinal: bool = False
    approximate: bool = False  # "thousands of": more than the scale, exact value unstated
    proportion: bool = False  # "half of", "two-thirds of": a share, value in 0..1
    upper: float | None = None  # the other end of one dashed token ("310–340", "4–2")
    currency: str | None = None  # a code glued on before the digits: "RM2.5", "USD25m"
    unit: str | None = None  # a unit glued on after them: "410bhp", "7pc", "22kW"


def find_quantities(article: Article, doc: Doc) -> list[Quantity]:
    """Every quantitative claim in ``article``, in text order."""
    if (article.language or "en") != "en" or not Parse.of(doc).full:
        return find_local_quantities(article)
    reader = _Reader(article, doc)
    quantities = reader.vote_tallies()
    for number in _numbers(doc):
        if reader.consumed(number):
            continue
        quantity = reader.interpret(number)
        if quantity is not None:
            quantities.append(quantity)
    quantities.extend(reader.implicit_ones())
    for quantity in quantities:
        quantity.attributed_to = _speaker_at(article, quantity.start)
    quantities.sort(key=lambda q: (q.start, q.end))
    _share_units(article.text, quantities)
    return quantities


def _share_units(text: str, quantities: list[Quantity]) -> None:
    """The unit written once, after the second of two levels, is the first's too: "from 62 to
    64 percent", "between 5 and 10 km" (the bare first number takes the second's kind and
    unit)."""
    for first, second in pairwise(quantities):
        bare = first.kind == "cardinal" and first.unit is None and first.counted is None
        if not bare or second.unit is None or second.kind not in ("percent", "money", "cardinal"):
            continue
        joint = text[first.end : second.start]
        opener = text[max(0, first.start - 8) : first.start].lower().split()
        if joint in (" to ", " and ") and opener and opener[-1] in ("from", "between"):
            first.kind, first.unit = second.kind, second.unit


def _speaker_at(article: Article, offset: int) -> str | None:
    """The speaker of the quote holding ``offset``; ``None`` stands for the author, and for
    evidence ("according to the results"), whose record is no counter (the frame reads a
    publisher it names, "figures from X", from the sentence)."""
    for quote in article.quotes:
        if quote.start <= offset < quote.end and quote.type != "evidence":
            return quote.speaker
    return None


# --- reading number expressions ------------------------------------------------------------


def _numbers(doc: Doc) -> list[_Number]:
    """Number expressions in token order; a run never joins two separate numbers."""
    found: list[_Number] = []
    i = 0
    while i < len(doc):
        number = _read_number(doc, i)
        if number is None:
            i += 1
            continue
        found.append(number)
        i = number.last + 1
    return found


def _read_number(doc: Doc, i: int) -> _Number | None:
    """The number expression starting at token ``i``, signed where the text gives it a sign:
    "+0.4%", "-2.1%", "minus 5", and a change put as "down 212 points" or "is down .1%"."""
    token = doc[i]
    if token.lower_ == "minus" and i + 1 < len(doc):
        negated = _unsigned_number(doc, i + 1)
        if negated is None or negated.ordinal or negated.proportion:
            return None
        return replace(negated, first=i, value=-negated.value)
    number = _unsigned_number(doc, i)
    if number is not None and _put_as_down(doc, i) and not (number.ordinal or number.proportion):
        return replace(number, value=-number.value)
    return number


def _put_as_down(doc: Doc, i: int) -> bool:
    """A figure right after "down" that hangs on a form of "be", a noun or a verb of where a
    market ends ("the Dow was down 212 points", "shares down 3%", "closed down 212 points"),
    not a verb's particle ("shot down 2 drones")."""
    if i == 0 or doc[i - 1].lower_ != "down":
        return False
    down = doc[i - 1]
    if down.head.lemma_ in lexicon()["closing_verbs"]:
        return True  # "the Dow closed down 212 points", "shares ended down 3%"
    return down.dep_ != "prt" and (down.head.lemma_ == "be" or down.head.pos_ in _NOUNS)


def _unsigned_number(doc: Doc, i: int) -> _Number | None:
    token = doc[i]
    proportion = _read_proportion(doc, i)
    if proportion is not None:
        return proportion
    ordinal = ordinal_value(token.text)
    if ordinal is not None:
        return _Number(i, i, float(ordinal), digits=token.text[0].isdigit(), ordinal=True)
    lowered = token.lower_
    if lowered in lexicon()["multiplicative_words"]:
        return _Number(i, i, float(lexicon()["multiplicative_words"][lowered]), digits=False)
    vague = lexicon()["vague_scales"]
    if lowered in vague and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        value, last = float(vague[lowered]), i
        if i + 2 < len(doc) and doc[i + 2].lower_ in vague:
            value, last = value * vague[doc[i + 2].lower_], i + 2  # "tens of thousands (of)"
        return _Number(i, last, value, digits=False, approximate=True)
    vague_count = _vague_count_of_scale(doc, i)
    if vague_count is not None:
        return vague_count
    parts: list[tuple[float, bool]] = []
    digits = False
    currency: str | None = None
    unit: str | None = None
    j = i
    if lowered in ("a", "an") and i + 1 < len(doc) and scale_value(doc[i + 1].lower_):
        parts.append((1.0, False))
        j = i + 1
    elif lowered in lexicon()["fraction_words"] and _is_fraction_of_scale(doc, i):
        parts.append((float(lexicon()["fraction_words"][lowered]), False))
        j = i + 2
    elif lowered in ("a", "an") and (fraction := _fraction_of_scale_after(doc, i + 1)):
        parts.append((fraction[0], False))  # "a half-million", "a half million"
        j = fraction[1]
    else:
        read = _signed_digits(token.text) or _comma_decimal(doc, i)
        scale_follows = (
            token.whitespace_ == ""
            and i + 1 < len(doc)
            and scale_value(doc[i + 1].lower_.rstrip(".")) is not None
        )
        glued = _glued_reading(token.text, scale_follows)
        if glued is not None:
            read, currency, unit = glued[:2], glued[2], glued[3]
        elif (
            read is not None
            and _glued_letter_scale(token)
            and not (_after_currency(doc, i) or _counts_after(doc, i) or _metres(doc, i))
        ):
            return None  # "2B Mindset": a letter glued on is a name unless money or "40k fans"
        if read is not None and glued is None and _names_with_a_letter(doc, i):
            return None  # "5G network", "3D printer": a capital glued on that scales nothing
        dashed = _dashed_pair(token.text)
        if dashed is not None and dashed[3] and not dashed[2]:
            dashed = None  # "4–5m": a scale on the upper end only, read as before
        grouped = _space_grouped(doc, i)
        if dashed is not None:
            lower, upper, lower_scaled, upper_scaled = dashed
            after = doc[i + 1] if i + 1 < len(doc) else None
            scale = _scale_after_dashed(doc, i) if not upper_scaled else None
            if after is not None and scale is not None:
                lower = lower if lower_scaled else lower * scale  # "$1.1-$1.4 billion"
                return _Number(i, i + 1, lower, digits=True, upper=upper * scale)
            return _Number(i, i, lower, digits=True, upper=upper)
        if grouped is not None:
            parts.append((grouped[0], False))
            digits = True
            j = grouped[1] + 1
        elif read is not None:
            parts.append((read[0], False))
            if read[1] != 1.0:
                parts.append((read[1], True))
            digits = True
            j = i + 1
        elif (spelled := word_value(lowered)) is not None and token.ent_type_ not in _NAMES:
            parts.append((spelled, False))
            j = i + 1
        else:
            return None
    last = j - 1 if parts and j > i else i
    # Extend with number words, scales and the joints between them.
    while j < len(doc):
        word = doc[j].lower_
        previous_is_word = not digits or last > i
        if doc[j].is_space and j + 1 < len(doc) and scale_value(doc[j + 1].lower_):
            j += 1
            continue
        glued_scale = j + 1 < len(doc) and len(doc[j + 1].text) > 1
        if word == "-" and glued_scale and scale_value(doc[j + 1].lower_) is not None:
            j += 1  # "13.8-billion-year"
            continue
        scale = scale_value(word)
        if scale is None and word.endswith(".") and doc[j - 1].whitespace_ == "":
            scale = scale_value(word[:-1])  # "EUR70m." closing a sentence
        if scale is not None and (
            len(word) > 1 or doc[j - 1].whitespace_ == "" or _spaced_scale_letter(doc, j)
        ):
            parts.append((scale, True))
            last = j
            j += 1
            continue
        half = _and_a_fraction(doc, j) or _spaced_fraction(doc, j)
        if half is not None and not parts[-1][1]:  # "six and a half", "six-and-a-half-year"
            parts[-1] = (parts[-1][0] + half[0], False)
            last = half[1]
            j = half[1] + 1
            continue
        if digits:
            break
        if word in ("-", "and") and j + 1 < len(doc) and word_value(doc[j + 1].lower_):
            if word == "and" and not parts[-1][1]:
                break
            j += 1
            continue
        following = word_value(word)
        previous, previous_is_scale = parts[-1]
        if (
            following is not None
            and previous_is_word
            and (
                (previous_is_scale and following < min(previous, 100))
                or (
                    not previous_is_scale
                    and previous >= 20
                    and previous % 10 == 0
                    and following < 10
                )
            )
        ):
            parts.append((following, False))
            last = j
            j += 1
            continue
        break
    if digits and last > i and currency is None and _names_a_model(doc, i, last):
        return None  # "the 5500M chipset": a letter glued on before a singular noun
    if digits and parts[-1] == (1e6, True) and _metres(doc, last):
        parts, unit = parts[:-1], "m"  # "a 45m-long wall", "7m high": metres, not millions
    return _Number(i, last, combine(parts), digits=digits, currency=currency, unit=unit)


def _vague_count_of_scale(doc: Doc, i: int) -> _Number | None:
    """ "several hundred calories", "a few thousand people": more than the scale, no digits."""
    for phrase in lexicon()["vague_multipliers"]:
        parts = phrase.split()
        j = i + len(parts)
        if j >= len(doc) or [t.lower_ for t in doc[i:j]] != parts:
            continue
        scales: list[float] = []
        while j < len(doc) and len(doc[j].text) > 1 and (scale := scale_value(doc[j].lower_)):
            scales.append(scale)
            j += 1
        if scales:
            return _Number(i, j - 1, math.prod(scales), digits=False, approximate=True)
    return None


def _scaled_lower(doc: Doc, lower: _Number, upper: _Number | None) -> float:
    """The lower end of a range whose scale word is written once, after the upper end: "between
    1.1 and 1.4 million" is 1.1 million to 1.4 million; "between 4 and 7 million" too."""
    if upper is None or lower.ordinal or scale_value(doc[lower.last].lower_) is not None:
        return lower.value
    scale = scale_value(doc[upper.last].lower_) if upper.last > upper.first else None
    if scale is None or scale <= 1 or lower.value * scale > upper.value:
        return lower.value
    return lower.value * scale


def _spaced_scale_letter(doc: Doc, j: int) -> bool:
    """A capital scale letter set apart from the digits before a lowercase plural noun: "2 B
    users", "40 K fans" (a letter before anything else is a name: "Plan B", "Group B")."""
    following = doc[j + 1] if j + 1 < len(doc) else None
    return (
        doc[j].text.isupper()
        and following is not None
        and following.tag_ == "NNS"
        and following.text.islower()
    )


def _names_a_model(doc: Doc, i: int, last: int) -> bool:
    """Digits with one scale letter glued on ("5500" "M") before a singular noun that is no
    dimension ("the 5500M chipset"), and no currency before them: a model's name."""
    letter = doc[last]
    if len(letter.text) != 1 or not letter.is_alpha or doc[last - 1].whitespace_:
        return False
    if _after_currency(doc, i) or _metres(doc, last) or last + 1 >= len(doc):
        return False
    following = doc[last + 1]
    return following.is_alpha and following.is_lower and following.tag_ == "NN"


def _metres(doc: Doc, last: int) -> bool:
    """An "m" glued on the digits, followed by a dimension ("45m-long", "7m high")."""
    if not doc[last].text.lower().endswith("m") or doc[last].lower_ == "mm":
        return False
    j = last + 1
    if j < len(doc) and doc[j].text == "-" and doc[last].whitespace_ == "":
        j += 1
    return j < len(doc) and doc[j].lower_ in lexicon()["dimension_words"]


def _glued_reading(
    text: str, scale_follows: bool = False
) -> tuple[float, float, str | None, str | None] | None:
    """``(number, scale, currency, unit)`` for digits with a currency code glued before them
    ("RM2.5", "HK$8bn", "USD25m") or a unit glued after them ("410bhp", "7pc", "12min");
    ``None`` for plain digits and anything else. ``scale_follows``: the next token is a scale
    glued on ("N500" + "m")."""
    if text.endswith(".") and text[-2:-1].isalpha():
        text = text[:-1]  # "150kW." closing a sentence
    text = text.removeprefix("~")  # "~9x": the tilde is a bound, read by the builder
    match = _GLUED.match(text)
    if match is None or not (match["prefix"] or match["suffix"]):
        return None
    lex = lexicon()
    number = float(match["num"].replace(",", ""))
    prefix, suffix = (match["prefix"] or "").lower(), (match["suffix"] or "").lower()
    if prefix:
        currency = lex["glued_currency_prefixes"].get(prefix)
        scale = scale_value(suffix) if suffix else 1.0
        if currency is None and (suffix or scale_follows):  # "N500m" naira; "N95" a mask
            currency = lex["scaled_currency_prefixes"].get(prefix)
        if currency is None or scale is None:
            return None
        return number, scale, currency, None
    unit = lex["glued_units"].get(suffix)
    if len(suffix) == 1 and unit not in ("pence", "times") and "." not in match["num"]:
        return None  # "2.0L" is an engine's size, "3L" or "5G" a name; "9x" is a ratio
    if lex["glued_unit_kinds"].get(unit) == "money" and number >= 100:
        return None  # a price of a pound or more is written in pounds: "1080p" is a resolution
    return None if unit is None else (number, 1.0, None, unit)


def _counts_after(doc: Doc, i: int) -> bool:
    """A lowercase plural after the number: "40k fans" counts fans; "2B Mindset" and "the
    5500M chipset" are names."""
    if i + 1 >= len(doc):
        return False
    following = doc[i + 1]
    return following.is_alpha and following.is_lower and following.tag_ != "NN"


def _signed_digits(text: str) -> tuple[float, float] | None:
    """``digits_value`` with a leading sign kept ("+0.4", "-2.1", "\u22125"), and a fraction
    written with the fraction slash ("3\u20448")."""
    fraction = _FRACTION.fullmatch(text)
    if fraction is not None and int(fraction[2]):
        return int(fraction[1]) / int(fraction[2]), 1.0
    text = text.removeprefix("~")  # "~200 people": the tilde is a bound, read by the builder
    vulgar = lexicon()["vulgar_fractions"]
    if text and text[-1] in vulgar and (len(text) == 1 or text[:-1].isdigit()):
        return float(text[:-1] or 0) + float(vulgar[text[-1]]), 1.0  # "3½", "½"
    mixed = _MIXED_FRACTION.fullmatch(text)
    if mixed is not None and int(mixed[2]) < int(mixed[3]):
        return int(mixed[1]) + int(mixed[2]) / int(mixed[3]), 1.0
    if len(text) > 1 and text[0] in _SIGNS and (text[1].isdigit() or text[1] == "."):
        read = digits_value(text[1:])
        if read is None:
            return None
        return (-read[0] if text[0] != "+" else read[0]), read[1]
    return digits_value(text)


def _space_grouped(doc: Doc, i: int) -> tuple[float, int] | None:
    """ "3 500", "12 345 678.5": thousands grouped by no-break or thin spaces (SI style), or by
    plain spaces; with the value and the last token, ``None`` otherwise. In English a plain
    space joins groups only when no name follows, since "400 737 Max jets" are two numbers."""
    if not _GROUP_LEAD.fullmatch(doc[i].text):
        return None
    number, last = doc[i].text, i
    plain = False
    while "." not in number:
        k = last + 1
        if doc[last].whitespace_ == "" and k < len(doc) and doc[k].text in _GROUP_SPACES:
            if doc[k].whitespace_:
                break
            k += 1
        elif doc[last].whitespace_ == " ":
            plain = True
        else:
            break
        if k >= len(doc) or not _GROUP.fullmatch(doc[k].text):
            break
        number, last = number + doc[k].text, k
    if last == i:
        return None
    if plain and doc.lang_ == "en" and not _ends_a_plain_group(doc, last):
        return None
    return float(number), last


def _dashed_pair(text: str) -> tuple[float, float, bool, bool] | None:
    """ "310–340", "14,500–25,000", "4–2", "5-$10" (after "$"), "1.2bn-£1.5bn", "5%-10": two
    numbers the tokenizer kept as one token, each scaled by the scale glued on it, and whether
    each end had one."""
    match = _DASHED.fullmatch(text)
    if match is None:
        return None
    lower, upper = digits_value(match[1]), digits_value(match[3])
    if lower is None or upper is None or lower[1] != 1.0 or upper[1] != 1.0:
        return None
    scales = []
    for suffix in (match["lower_scale"], match["upper_scale"]):
        scale = scale_value(suffix.lower()) if suffix else 1.0
        if scale is None:
            return None  # "5G-6G", "3D-4D": letters that scale nothing
        scales.append(scale)
    return (
        lower[0] * scales[0],
        upper[0] * scales[1],
        bool(match["lower_scale"]),
        bool(match["upper_scale"]),
    )


def _scale_after_dashed(doc: Doc, i: int) -> float | None:
    """The scale word right after a dashed pair ("1.1-$1.4 billion"; "5m-$10" "m." glued on)."""
    if i + 1 >= len(doc):
        return None
    word = doc[i + 1].lower_
    if doc[i].whitespace_ == "" and word.endswith("."):
        word = word[:-1]
    scale = scale_value(word)
    glued = doc[i].whitespace_ == ""
    if scale is None or scale <= 1 or (len(word) == 1 and not glued):
        return None
    return scale


def _ends_a_plain_group(doc: Doc, last: int) -> bool:
    """After "3 500": a lowercase word, a unit or punctuation, not a name ("737 Max"),
    another digit or a glued compound ("two 100-metre races")."""
    if last + 1 >= len(doc):
        return True
    following = doc[last + 1].text
    glued = doc[last].whitespace_ == "" and following in ("-", "–")
    return not glued and not following[:1].isupper() and not following[:1].isdigit()


def _comma_decimal(doc: Doc, i: int) -> tuple[float, float] | None:
    """ "53,41 percent", "52,15 %": a decimal comma, unambiguous in English only with one or
    two decimals right before a percent sign or word."""
    if not _COMMA_DECIMAL.fullmatch(doc[i].text) or i + 1 >= len(doc):
        return None
    following = doc.text[doc[i + 1].idx : doc[i + 1].idx + 20].lower()
    if not any(following.startswith(word) for word in lexicon()["percent_words"]):
        return None
    return float(doc[i].text.replace(",", ".")), 1.0


def _spaced_fraction(doc: Doc, j: int) -> tuple[float, int] | None:
    """ "1/2" or "½" after whole digits and a space or a dash ("2 1/2 hours", "a 1-1/2 year
    war"): the fraction and its token."""
    if j == 0 or j >= len(doc) or not doc[j - 1].is_digit:
        return None
    dashed = doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_
    if dashed and j + 1 < len(doc):
        j += 1
    elif not doc[j - 1].whitespace_:
        return None
    text = doc[j].text
    vulgar = lexicon()["vulgar_fractions"]
    if text in vulgar:
        return float(vulgar[text]), j
    simple = _SIMPLE_FRACTION.fullmatch(text)
    if simple is None or int(simple[1]) >= int(simple[2]):
        return None
    return int(simple[1]) / int(simple[2]), j


def _and_a_fraction(doc: Doc, j: int) -> tuple[float, int] | None:
    """ "and a half" after a number, spaced or hyphenated ("six-and-a-half-year"): the
    fraction and its last token."""
    words: list[str] = []
    k = j
    while k < len(doc) and len(words) < 3:
        if doc[k].text != "-":
            words.append(doc[k].lower_)
        k += 1
    fractions = lexicon()["fraction_words"]
    if len(words) < 3 or words[0] != "and" or words[1] not in ("a", "an"):
        return None
    if words[2] not in fractions:
        return None
    return float(fractions[words[2]]), k - 1


def _fraction_of_scale_after(doc: Doc, i: int) -> tuple[float, int] | None:
    """ "half-million", "half million" (after "a"): the value and the index after it."""
    fractions = lexicon()["fraction_words"]
    if i >= len(doc) or doc[i].lower_ not in fractions:
        return None
    k = i + 1
    if k < len(doc) and doc[k].text == "-":
        k += 1
    scale = scale_value(doc[k].lower_) if k < len(doc) else None
    if scale is None or scale < 1000:
        return None
    return float(fractions[doc[i].lower_]) * scale, k + 1


def _read_proportion(doc: Doc, i: int) -> _Number | None:
    """ "half of", "a third of", "two-thirds of", "over half": a share of a whole. A fraction
    after "the" or an ordinal ("the first half of 2024") is a period, not a share."""
    fractions = lexicon()["proportion_words"]
    numerator, j = 1.0, i
    word = doc[i].lower_
    if word in ("a", "an", "one") or (word_value(word) and word not in fractions):
        numerator = 1.0 if word in ("a", "an") else word_value(word) or 1.0
        j = i + 1
        if j < len(doc) and doc[j].text == "-":
            j += 1
    if j >= len(doc) or doc[j].lower_ not in fractions:
        return None
    if j == i and doc[j].tag_ == "NNS":
        return None  # "several quarters of growth": periods; a share takes a numerator
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    if j == i and (before == "the" or ordinal_value(before) is not None):
        return None
    if after in ("a", "an") and j + 2 < len(doc) and doc[j + 2].lower_ in lexicon()["time_units"]:
        return _Number(i, j + 1, float(fractions[doc[j].lower_]), digits=False)  # "half a year"
    fraction = lexicon()["fraction_words"].get(doc[j].lower_)  # not "a third decade": an ordinal
    if j > i and word in ("a", "an") and fraction is not None and _time_unit_after(doc, j + 1):
        return _Number(i, j, float(fraction), digits=False)  # "a quarter century"
    scale = scale_value(doc[j + 2].lower_) if after in ("a", "an") and j + 2 < len(doc) else None
    if scale is not None and scale >= 1000:  # "half a million": a number, not a share
        return _Number(i, j + 2, numerator * float(fractions[doc[j].lower_]) * scale, digits=False)
    bounded = before in lexicon()["bounds"]
    # "half the space", "half their votes": "half" stands before a determiner as "half of"
    predeterminer = doc[j].lower_ == "half" and after in lexicon()["whole_determiners"]
    if after != "of" and not (bounded or predeterminer):
        return None
    value = numerator * float(fractions[doc[j].lower_])
    return _Number(i, j, value, digits=False, proportion=True)


def _time_unit_after(doc: Doc, index: int) -> bool:
    """A time unit at token ``index``, or after a hyphen there ("a quarter-century")."""
    if index < len(doc) and doc[index].text == "-":
        index += 1
    return index < len(doc) and doc[index].lower_ in lexicon()["time_units"]


def _glued_dash(doc: Doc, index: int) -> bool:
    """A dash at ``index`` with no space on either side ("737-800", "3-3")."""
    return (
        doc[index].text in ("-", "–", "—")
        and doc[index - 1].whitespace_ == ""
        and doc[index].whitespace_ == ""
        and index + 1 < len(doc)
    )


def _table_cells(doc: Doc) -> set[int]:
    """Digit tokens of a table row flattened into prose: a run of at least
    ``_MIN_ROW_NUMBERS`` numbers with nothing between them but other numbers and capitalised
    names ("16 Erik Jones 2194 1 0 10 17", "1 Manchester City 38 28 5 5 94"); prose puts a
    lowercase word or a comma between its figures."""
    cells: set[int] = set()
    run: list[int] = []
    for token in [*doc, None]:
        if token is not None and token.is_space:
            continue
        if token is not None and token.text[:1].isdigit():
            run.append(token.i)
            continue
        if token is not None and token.is_alpha and token.text[:1].isupper():
            continue
        if token is not None and token.text in _ROW_JOINTS:
            continue
        if len(run) >= _MIN_ROW_NUMBERS:
            cells.update(run)
        run = []
    return cells


def _names_with_a_letter(doc: Doc, i: int) -> bool:
    """Digits the tokenizer split from one capital glued on after them that is no scale word
    ("5" "G", "3" "D"): a name or a technology, never an amount."""
    if i + 1 >= len(doc) or doc[i].whitespace_:
        return False
    letter = doc[i + 1].text
    return len(letter) == 1 and letter.isupper() and scale_value(letter.lower()) is None


def _glued_letter_scale(token: Token) -> bool:
    return token.text[-1].isalpha() and not token.text[-2:-1].isalpha()


def _after_currency(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in lexicon()["currency_symbols"]


def _is_fraction_of_scale(doc: Doc, i: int) -> bool:
    """ "half a million": a fraction word, an article, a scale word."""
    return (
        i + 2 < len(doc)
        and doc[i + 1].lower_ in ("a", "an")
        and scale_value(doc[i + 2].lower_) is not None
    )


# --- interpretation ------------------------------------------------------------------------


class _Reader:
    """Per-article context for interpreting numbers: masks, blocks, consumed characters."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.text = doc.text
        self.masks = [(m.start(), m.end()) for m in _MASKS.finditer(self.text)]
        self.block_starts = [p.start for p in article.paragraphs] or [0]
        self.taken: list[tuple[int, int]] = []
        # Tokens and digit tokens per block, for page counters and flattened tables.
        self.block_sizes: Counter[int] = Counter()
        self.block_digits: Counter[int] = Counter()
        for token in doc:
            if not token.is_space:
                block = self.block_of(token)
                self.block_sizes[block] += 1
                self.block_digits[block] += token.text[0].isdigit()
        self.table_cells = _table_cells(doc)
        self.built: list[Quantity] = []  # in text order, for counts that elide their noun
        self.lex = lexicon()

    # Context helpers.

    def block_of(self, token: Token) -> int:
        return bisect.bisect_right(self.block_starts, token.idx) - 1

    def same_block(self, a: Token, b: Token) -> bool:
        return self.block_of(a) == self.block_of(b)

    def masked(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.masks)

    def consumed(self, number: _Number) -> bool:
        start = self.doc[number.first].idx
        return any(s <= start < e for s, e in self.taken)

    def words_before(self, index: int, count: int) -> str:
        first = max(0, index - count)
        return " ".join(t.lower_ for t in self.doc[first:index])

    def block_tokens(self, token: Token) -> int:
        return self.block_sizes[self.block_of(token)]

    # Vote tallies.

    def vote_tallies(self) -> list[Quantity]:
        found: list[Quantity] = []
        for match in _TALLY.finditer(self.text):
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or not self._in_vote_context(span, match):
                continue
            parts = {"for": float(match["yes"]), "against": float(match["no"])}
            end = match.end("no")
            abstain = match["abstain3"]
            if match["abstain"] and match["abstain_word"].lower() in self.lex["abstain_words"]:
                abstain = match["abstain"]
                end = match.end("abstain_word")
            elif abstain:
                end = match.end("abstain3")
            if abstain:
                parts["abstain"] = float(abstain)
            counted = self._vote_subject(span[0])
            self.taken.append((match.start(), end))
            tally = Quantity(
                start=match.start(),
                end=end,
                value=parts["for"],
                bound="=",
                kind="vote_tally",
                unit="votes",
                parts=parts,
            )
            found.append(_with_counted(tally, counted))
        return found

    def _in_vote_context(self, span: Span, match: re.Match[str]) -> bool:
        before = self.text[max(0, match.start() - 6) : match.start()].lower()
        if "from" in before or "between" in before or _looks_like_years(match):
            return False
        after = self.text[match.end() : match.end() + 12].split()
        if after and scale_value(after[0].lower().rstrip(".,;")) is not None:
            return False  # "310–340 million people voted": a range of a count, no tally
        cues = set(self.lex["vote_cues"])
        return any(t.lower_ in cues or t.lemma_ in cues for t in span.sent)

    def _vote_subject(self, token: Token) -> Span | None:
        """What was voted on: the subject of the verb the tally hangs from ("the resolution
        passed"), or its object when the subject is who voted ("parliament ratified the
        treaty")."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = self._subject_of(verb)
        voters = set(self.lex["voter_nouns"])
        if subject is None or subject.root.ent_type_ or subject.root.lower_ in voters:
            motion = self._motion(verb)
            if motion is not None:
                return self.noun_phrase(motion)
        return subject

    def _motion(self, verb: Token) -> Token | None:
        """The object voted on: "approved the treaty", "voted in favour of the treaty",
        "voted on the bill", "voted ... to ratify the treaty"."""
        for token in verb.sent:
            following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            if token.lower_ in _IN_FAVOUR and following and following.lower_ == "of":
                return next((o for o in following.children if o.dep_ == "pobj"), None)
        for child in verb.children:
            if child.dep_ == "dobj" and child.pos_ in _NOUNS:
                return child
            if child.dep_ == "prep" and child.lower_ in _MOTION_PREPOSITIONS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ in _NOUNS and not obj.ent_type_:
                        return obj
            if child.dep_ == "xcomp":
                return self._motion(child)
        return None

    # Single numbers.

    def interpret(self, number: _Number) -> Quantity | None:
        doc = self.doc
        first, last = doc[number.first], doc[number.last]
        start, end = first.idx, last.idx + len(last.text)
        if self.masked(start, end):
            return None
        age = self._age(number)
        if age is not None:
            return age
        if self._not_a_claim(number):
            return None
        quantity = self._kind_of(number, end)
        if quantity is not None:
            self._a_thing_or_two(number, quantity)
        if quantity is not None and number.upper is not None:
            if quantity.kind == "cardinal" and quantity.unit is None and quantity.counted is None:
                return None  # a bare "4-7" or "18-24": a record, a score or days, not a range
            quantity.value_max = number.upper
            if quantity.kind == "cardinal":
                quantity.kind = "range"
        return quantity

    def _a_thing_or_two(self, number: _Number, quantity: Quantity) -> None:
        """ "a year or two", "a drink or two": one or two of the singular noun before "or";
        ``quantity`` (read as 2) is widened to start at the article."""
        doc, i = self.doc, number.first
        if number.digits or number.value != 2 or number.last != i or i < 3:
            return
        noun = doc[i - 2]
        if doc[i - 1].lower_ != "or" or noun.tag_ != "NN":
            return
        k = i - 3  # back over the noun's modifiers to the article: "a chicken wing or two"
        while k > i - 6 and k > 0 and doc[k].pos_ in ("NOUN", "ADJ") and doc[k].head.i == noun.i:
            k -= 1
        article = doc[k]
        if article.lower_ not in ("a", "an") or article.head.i != noun.i:
            return
        quantity.start, quantity.value, quantity.value_max = article.idx, 1.0, 2.0
        if noun.lower_ in self.lex["time_units"]:
            quantity.kind, quantity.unit = "duration", str(self.lex["time_units"][noun.lower_])
        else:
            quantity.kind, quantity.unit = "range", _unit_of(noun)

    def _kind_of(self, number: _Number, end: int) -> Quantity | None:
        doc = self.doc
        first = doc[number.first]
        after = doc[number.last + 1] if number.last + 1 < len(doc) else None
        if number.ordinal:
            return self._ordinal(number)
        if number.proportion:
            return self._proportion(number, end)
        if first.lower_ in self.lex["multiplicative_words"]:
            return None  # "met twice", "twice as high": how often or how much more, no figure
        if after is not None and after.lower_ == "times" and after.dep_ != "pobj":
            return self._times(number, after)
        currency = self._currency(number)
        if currency is not None:
            return currency
        if number.unit is not None:
            return self._glued_unit(number, end)
        if after is not None:
            unit_end = self._percent_end(number.last + 1)
            if unit_end is not None:
                upper = self._percent_upper(number, unit_end)
                if upper is None:
                    return self._percent(number, unit_end)
                share = self._percent(number, upper[1], unit_index=number.last + 1)
                share.value_max = upper[0].value
                return share
        return self._count(number)

    def _percent_upper(self, number: _Number, unit_end: int) -> tuple[_Number, int] | None:
        """ "80% to 90%", "5%-7%": the upper end of a share range with its sign repeated, and
        the end of its sign; taken. "rose from 5% to 7%" is a change, two shares."""
        doc = self.doc
        joint = next((t.i for t in doc[number.last + 1 :] if t.idx >= unit_end), None)
        if joint is None or joint + 1 >= len(doc):
            return None
        word = doc[joint].lower_
        before = self.words_before(number.first, 1)
        if word not in ("-", "–", "to") and not (word == "and" and before == "between"):
            return None
        if word == "to" and before == "from" and self._is_level_change(doc[number.first - 1]):
            return None
        if word == "to" and self._is_a_change(number):
            return None  # "inflation rose 0.5% to 3.2%": a change and the level it reached
        upper = _read_number(doc, joint + 1)
        if upper is None or upper.value <= number.value or upper.ordinal or upper.proportion:
            return None
        if upper.last + 1 >= len(doc):
            return None
        upper_end = self._percent_end(upper.last + 1)
        if upper_end is None:
            return None
        self.taken.append((doc[joint + 1].idx, upper_end))
        return upper, upper_end

    def _not_a_claim(self, number: _Number) -> bool:
        doc = self.doc
        first, last = doc[number.first], doc[number.last]
        before = doc[number.first - 1] if number.first > 0 else None
        after = doc[number.last + 1] if number.last + 1 < len(doc) else None
        before_word = before.lower_.rstrip(".") if before is not None else ""
        after_word = after.lower_.rstrip(",") if after is not None else ""
        if self._is_month(before) or self._is_month(after):
            return True  # a day of the month, or a year after one
        if number.digits and _is_year(first.text) and not self._counts_a_noun(last):
            return True
        if number.digits and self._in_an_age_list(first):
            return True
        if number.digits and _is_year(first.text) and self._names_a_dated_event(last):
            return True  # "raising 2016 elections", "the 2020 models": a year
        if number.digits and _is_year(first.text) and self._in_a_date(first):
            return True  # "the September 11, 2001 attacks"
        if not number.digits and self._in_a_name(first):
            return True  # "the Big Ten", "Take-Two Interactive", the "Three Amigos"
        if not number.digits and number.first == number.last and self._in_a_slogan(first):
            return True  # the "one country, two systems" principle
        following = self.text[last.idx + len(last.text) : last.idx + len(last.text) + 12].lower()
        if after_word in self.lex["time_of_day_words"] or following.startswith(_AGE_SUFFIXES):
            return True
        if before_word in self.lex["age_words"]:
            return True
        if last.dep_ == "appos" and last.head.ent_type_ == "PERSON":
            return True  # "John Smith, 45,"
        if (
            last.dep_ in ("attr", "acomp")
            and last.head.lemma_ == "be"
            and after_word != "of"  # "Omar is one of the first two women" counts
            and self._about_a_person(last)
        ):
            return True  # "since I was 17"
        money = number.currency is not None or _after_currency(doc, number.first)
        share = after is not None and self._percent_end(number.last + 1) is not None
        measure = number.unit is not None  # "410bhp", "22kW": a unit glued on is no label
        if number.digits and not (money or share or measure) and self._is_identifier(first, before):
            return True
        after_word = doc[number.last + 1].lemma_.lower() if number.last + 1 < len(doc) else ""
        if first.text in self.lex["emergency_numbers"] and after_word in self.lex["dial_verbs"]:
            return True  # "receiving 911 calls": the number dialled, not how many calls
        if number.digits and before_word in self.lex["dial_verbs"]:
            return True  # "called 911"
        if number.digits and self._names_a_model(number):
            return True
        if _RESOLUTION.fullmatch(self.text[first.idx : last.idx + len(last.text)]):
            return True  # "4K", "8k" (one token or "4" + "K"): a resolution, not thousands
        one_word = number.first == number.last
        after_label = before_word in self.lex["word_identifier_words"] and (
            before is not None and before.pos_ in _NOUNS
        )
        if after_label and not number.digits and one_word:
            return True  # "phase one", "the number eight", "from day one"
        if first.lower_ == "one" and one_word and self._means_someday(first):
            return True  # "hopes to one day buy a house", "One day, she will"
        if first.lower_ == "one" and one_word and self._introduces_a_source(first):
            return True  # "one analyst said", "according to one estimate"
        if number.digits and (self._in_digit_pair(number) or self._is_address(number)):
            return True
        if (number.digits and self._is_list_marker(first, after)) or self._in_table(first):
            return True
        if (
            first.lower_ == "one"
            and number.first == number.last
            and not self._counts_one(first)
            and self.whole_of(number) is None
        ):
            return True
        if number.digits and (self._in_bracketed_digits(number) or self._in_result_line(number)):
            return True
        glued = number.last + 2 < len(doc) and _glued_dash(doc, number.last + 1)
        if glued and _IN_ONE.fullmatch(doc[number.last + 2].text):
            return True  # "a 3-in-1 charging pad": a kind of product
        return self._is_page_counter(first, after) or self._is_pager(number)

    def _age(self, number: _Number) -> Quantity | None:
        """A person's age in years, counting whose age it is: "a 32-year-old flight attendant",
        "women aged 22 and 45", "Jongluk Doungmanee, 45,". Outlets report ages as facts and
        disagree on them, so an age is a figure of its own kind, never a count of years."""
        doc = self.doc
        first, last = doc[number.first], doc[number.last]
        if number.ordinal or number.proportion or number.upper is not None:
            return None
        end = last.idx + len(last.text)
        upper = _AGE_RANGE.match(self.text, end)  # "aged 12 to 17-years-old"
        oldest = float(upper[1]) if upper is not None and float(upper[1]) > number.value else None
        if oldest is not None and upper is not None:
            end = upper.start(2)
        following = self.text[end : end + 12].lower()
        before_word = doc[number.first - 1].lower_ if number.first > 0 else ""
        whose: Span | None = None
        suffix = next((s for s in _AGE_SUFFIXES if following.startswith(s)), None)
        if suffix is not None:
            end += len(suffix)
            old = next((t for t in doc[last.i :] if t.idx + len(t.text) >= end), None)
            if old is not None and old.head.pos_ in _NOUNS and old.head.i > old.i:
                whose = self.noun_phrase(old.head, old.i)
            elif before_word in self.lex["age_words"]:
                whose = self._aged(doc[number.first - 1])
        elif before_word in self.lex["age_words"]:
            whose = self._aged(doc[number.first - 1])
        elif before_word == "and" and self.built and self.built[-1].kind == "age":
            earlier = self.built[-1]  # "aged 22 and 45"
            if not 0 < first.idx - earlier.end <= 6:
                return None
            if earlier.counted_start is not None and earlier.counted_end is not None:
                whose = doc.char_span(earlier.counted_start, earlier.counted_end)
        elif number.digits and number.first > 1 and doc[number.first - 1].text == ",":
            # "Jane Doe, 45, said": a number set off right after a person's name
            name_end = number.first - 1
            after = doc[number.last + 1].lower_ if number.last + 1 < len(doc) else "."
            name = next((e for e in doc.ents if e.end == name_end), None)
            whose = name if name is not None and name.label_ == "PERSON" else None
            holder = doc[name_end - 1]
            if whose is None and holder.lemma_.lower() in self.lex["age_holder_nouns"]:
                whose = self.noun_phrase(holder)  # "the Dawson's Creek star, 42,"
            set_off = after in (",", "–", "—") and number.value <= _OLDEST_AGE
            if whose is None and set_off and name is not None and self._misread_person(name):
                whose = name  # "Scooter Braun, 38 – who", tagged as a company
            if whose is None or after not in (",", "and", ".", ")", ";", "–", "—"):
                return None
        else:
            return None
        if not number.digits and suffix is None:
            return None
        age = self._build(number, number.value, "age", "year", end, counted=whose)
        age.value_max = oldest if suffix is not None else None
        return age

    def _misread_person(self, name: Span) -> bool:
        """A name of proper nouns the tagger took for a company, a place built or a product
        ("Swift" as a building): set off with a number after it, it is a person's."""
        return name.label_ in _PERSON_LOOKALIKES and all(t.pos_ == "PROPN" for t in name)

    def _aged(self, aged: Token) -> Span | None:
        """Whose age "aged" gives: the noun before it ("children aged 12")."""
        if aged.head.pos_ in _NOUNS and aged.head.i < aged.i:
            return self.noun_phrase(aged.head, stop=aged.i)
        return None

    def _in_a_slogan(self, word: Token) -> bool:
        """A number word in a parallel "one X, two Ys" that the text names as a phrase: after
        "the", a possessive or a quote mark ("Beijing's one country, two systems"), not a
        tally after a verb ("killing one man, two women")."""
        doc = self.doc
        for first in (word.i, word.i - 3):
            if first < 1 or first + 4 >= len(doc):
                continue
            one, noun, comma, two, nouns = doc[first : first + 5]
            parallel = (
                word_value(one.lower_) is not None
                and word_value(two.lower_) is not None
                and comma.text == ","
                and noun.pos_ in _NOUNS
                and nouns.pos_ in _NOUNS
            )
            if parallel and doc[first - 1].lower_ in self.lex["slogan_openers"]:
                return True
        return False

    def _in_digit_pair(self, number: _Number) -> bool:
        """A half of "N-M" glued together that is no range: a score line ("won 3-3", "4-2 on
        penalties", "a 2-0 win", "lost 1-2") or a model number ("Boeing 737-800"). The upper
        half of a real range is read with its lower half, so a second half alone never is."""
        doc = self.doc
        if number.upper is not None:  # one token, "4–2"
            upper, after_index = number.upper, number.last + 1
        else:
            if number.first >= 2 and _glued_dash(doc, number.first - 1):
                return doc[number.first - 2].text[:1].isdigit()
            if not (number.last + 2 < len(doc) and _glued_dash(doc, number.last + 1)):
                return False
            read = digits_value(doc[number.last + 2].text)
            if read is None:
                return False
            upper, after_index = read[0], number.last + 3
        if upper <= number.value:
            return True  # "3-3", "4-2": not an ascending range
        before = doc[number.first - 1] if number.first > 0 else None
        if before is not None and before.pos_ == "PROPN":
            return True  # "Boeing 737-800", "Airbus 320–200": a model after its maker
        after = doc[after_index].lower_ if after_index < len(doc) else ""
        before_word = before.lower_ if before is not None else ""
        if after in self.lex["model_nouns"] and before_word in ("a", "an", "the"):
            return True  # "a 787-800 jet"; "the 10-20 jets" would need a plural
        return before_word in self.lex["score_verbs"] or after in self.lex["score_nouns"]

    def _is_address(self, number: _Number) -> bool:
        """ "221 Baker Street", "NY 10001": a house number before a street name, a ZIP code
        after a state's two letters."""
        doc = self.doc
        first = doc[number.first]
        if number.first > 0 and re.fullmatch(r"\d{5}(?:-\d{4})?", first.text):
            state = doc[number.first - 1].text
            if len(state) == 2 and state.isupper():
                return True
        k = number.last + 1
        while k < len(doc) and k <= number.last + 3 and doc[k].text[:1].isupper():
            if doc[k].lower_.rstrip(".") in self.lex["street_words"]:
                return True
            k += 1
        # "Corso Monforte 15", "Via Roma 5": the house number after a named street
        k = number.first - 1
        while k >= 0 and k >= number.first - 4 and doc[k].text[:1].isupper():
            if doc[k].lower_ in self.lex["street_words_before"] and k < number.first - 1:
                return True
            k -= 1
        return False

    def _is_pager(self, number: _Number) -> bool:
        """ "1 of 3" alone in its block or before a caption ("1 of 3 | Rescuers ..."): a
        photo or page counter."""
        first = self.doc[number.first]
        block = self.block_of(first)
        start = self.block_starts[block]
        end = [*self.block_starts[block + 1 :], len(self.text)][0]
        label = _PAGER_LABEL.match(self.text, start, end)
        pager = _PAGER.match(self.text, label.end() if label else start, end)
        if pager is not None and first.idx < pager.end():
            return True
        return self._is_a_stamp(start, end)

    def _is_a_stamp(self, start: int, end: int) -> bool:
        """ "Updated 3 hours ago", "Published 2 days ago": a short block opened by a
        publishing label is the page's time stamp, not a figure."""
        block = self.text[start:end].strip().lower()
        return len(block.split()) <= 8 and any(
            block.startswith(label + " ") for label in _PUBLISHING_LABELS
        )

    def whole_of(self, number: _Number) -> _Number | None:
        """The group a part is taken from: 15 in "nine of the 15 members", 3 in "one of
        three", 20 in "nine out of 20"; never smaller than the part, a year, or a share."""
        doc = self.doc
        if number.ordinal or number.proportion or number.approximate:
            return None
        j = number.last + 1
        glued = self._glued_whole(j)
        if glued is not None:
            return glued
        for joint in sorted(self.lex["whole_joints"], key=len, reverse=True):
            joint_words = joint.split()
            if [t.lower_ for t in doc[j : j + len(joint_words)]] == joint_words:
                j += len(joint_words)
                break
        else:
            return None
        if j < len(doc) and doc[j].lower_ in self.lex["whole_determiners"]:
            j += 1
        whole = _read_number(doc, j) if j < len(doc) else None
        if whole is None or whole.ordinal or whole.proportion or whole.value < number.value:
            return None
        if whole.digits and _is_year(doc[whole.first].text):
            return None
        following = doc[whole.last + 1] if whole.last + 1 < len(doc) else None
        if following is not None and (
            following.lower_.rstrip(".") in _MONTHS or self._percent_end(following.i) is not None
        ):
            return None  # "3 of 4 March", "2 of 10 percent"
        return whole

    def _glued_whole(self, index: int) -> _Number | None:
        """ "went 20-of-24": the whole written on with hyphens, which the tokenizer keeps in
        one token with its joint ("of-24")."""
        doc = self.doc
        if index + 1 >= len(doc) or not _glued_dash(doc, index):
            return None
        whole = _GLUED_WHOLE.fullmatch(doc[index + 1].text)
        read = digits_value(whole[1]) if whole is not None else None
        if read is None or read[1] != 1.0:
            return None
        return _Number(index + 1, index + 1, read[0], digits=True)

    def _counts_a_noun(self, token: Token) -> bool:
        """ "2000 people": a year-like number right before the plural noun it counts."""
        head = token.head
        return (
            token.dep_ == "nummod"
            and head.i == token.i + 1
            and head.pos_ == "NOUN"
            and head.tag_ in ("NNS", "NNPS")
        )

    def _is_month(self, token: Token | None) -> bool:
        """A month's name; "may" only capitalised ("10,000 may be missing" is a modal)."""
        if token is None:
            return False
        word = token.lower_.rstrip(".,")
        return word in _MONTHS and (word != "may" or token.text[:1].isupper())

    def _in_an_age_list(self, token: Token) -> bool:
        """ "named to the 30 Under 30 list": a list's name, with "Under" capitalised."""
        window_start = max(0, token.idx - 10)
        window = self.text[window_start : token.idx + len(token.text) + 10]
        return any(
            m.start() + window_start <= token.idx < m.end() + window_start
            for m in _AGE_LIST.finditer(window)
        )

    def _names_a_dated_event(self, token: Token) -> bool:
        """A year-like number the recogniser reads as a date, before a noun for what happens in
        a given year ("2016 elections", "2011 floods"); "2010 people" stays a count."""
        head = token.head
        return (
            token.ent_type_ == "DATE"
            and head.i == token.i + 1
            and head.lemma_.lower() in self.lex["dated_event_nouns"]
        )

    def _means_someday(self, one: Token) -> bool:
        """ "one day" after "to" or an auxiliary ("could one day"), or opening a sentence
        before a comma: some day, not a day's length."""
        doc = self.doc
        if one.i + 1 >= len(doc) or doc[one.i + 1].lower_ != "day":
            return False
        before = doc[one.i - 1] if one.i > one.sent.start else None
        if before is None:
            return one.i + 2 < len(doc) and doc[one.i + 2].text == ","
        return before.lower_ == "to" or before.pos_ == "AUX"

    def _in_bracketed_digits(self, number: _Number) -> bool:
        """ "eating (32, 33)", "[2] Joint Commission", "7-6 (5)": brackets holding digits
        alone are references to sources, list labels or a tiebreak's points, no claim."""
        start = self.doc[number.first].idx
        window = self.text[max(0, start - 40) : start + 40]
        at = start - max(0, start - 40)
        return any(match.start() < at < match.end() for match in _BRACKETED_DIGITS.finditer(window))

    def _in_result_line(self, number: _Number) -> bool:
        """ "Bruins 5, Devils 1: David Pastrnak scored": a result line of two names, each
        with its score, before a colon."""
        start = self.doc[number.first].idx
        block = self.block_starts[self.block_of(self.doc[number.first])]
        line = _RESULT_LINE.match(self.text, block)
        return line is not None and start < line.end()

    def _is_list_marker(self, first: Token, after: Token | None) -> bool:
        """ "2. Never urged ...": a number opening its block, followed by "." or ")"."""
        block_start = self.block_starts[self.block_of(first)]
        return first.idx == block_start and after is not None and after.text in (".", ")")

    def _in_table(self, token: Token) -> bool:
        """Rows of a flattened table (standings, results) are data, not claims."""
        if token.i in self.table_cells:
            return True
        block = self.block_of(token)
        size = self.block_sizes[block]
        return size >= _MIN_TABLE_TOKENS and self.block_digits[block] / size > 0.4

    def _about_a_person(self, token: Token) -> bool:
        return any(
            c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.tag_ == "PRP")
            for c in token.head.children
        )

    def _is_identifier(self, first: Token, before: Token | None) -> bool:
        """ "Resolution 2334", "Boeing 737", "No. 5": a name or label followed by a number.

        After a proper noun, the parser may hang the number elsewhere in a way a count never is
        hung: on a noun before it ("shares in the FTSE 100"), as an apposition or an adverbial
        ("released Windows 11"), or beside the name on the word after both ("Pixel 8 sales",
        "the Stoxx 600 fell"); or only the entity recogniser may see the number goes on the name
        ("Windows 10"). A number modifying the capitalised singular noun right before it labels
        it ("Highway 1"), since a count stands before its noun ("police 15,000, organizers
        22,000" leaves out a verb). A number right before the plural noun it counts is a count
        the recogniser mislabelled ("destroyed 305 houses" as a product) unless a proper noun
        names it ("Boeing 787 jets")."""
        if before is None:
            return False
        if before.lower_ in self.lex["identifier_words"] or _FLIGHT_CODE.fullmatch(before.text):
            return True
        named_by_entity = first.ent_type_ in ("PRODUCT", "LAW", "FAC", "WORK_OF_ART", "ORG")
        if named_by_entity and not self._counts_a_noun(first):
            return True
        label = before.tag_ in ("NN", "NNP") and before.text[:1].isupper()
        if label and first.dep_ == "nummod" and first.head.i == before.i:
            return True
        if before.pos_ != "PROPN" or before.whitespace_ == "":
            return False
        head = first.head.i
        return (
            head == before.i
            or (first.dep_ == "nummod" and head < first.i)
            or first.dep_ in _NOT_COUNT_DEPS
            or before.head.i == head > first.i
            or first.ent_type_ not in ("", *_AMOUNT_ENTITIES)
        )

    def _in_a_date(self, token: Token) -> bool:
        """The year of a longer time expression ("September 11, 2001")."""
        end = token.idx + len(token.text)
        return any(
            t.start <= token.idx and end <= t.end and t.end - t.start > len(token.text)
            for t in self.article.times
        )

    def _in_a_name(self, token: Token) -> bool:
        """A capitalised number word inside a name, in a sentence that is not in title case
        (where every word is capitalised, "Police Say Three Killed", it is no sign)."""
        if not token.text[:1].isupper() or token.is_sent_start:
            return False
        if token.pos_ != "PROPN" and token.ent_type_ not in _NAMES:
            return False
        words = [t for t in token.sent if t.is_alpha and len(t.text) > 3]
        return sum(t.text[:1].isupper() for t in words) < 0.6 * len(words)

    def _names_a_model(self, number: _Number) -> bool:
        """Digits that name a model rather than count: after another figure ("400 737 Max
        jets", "five 787 Dreamliners") or glued by a dash to a code of letters and digits
        ("A350-900")."""
        doc = self.doc
        i = number.first
        if i >= 2 and _glued_dash(doc, i - 1) and _CODE.fullmatch(doc[i - 2].text):
            return True
        if i == 0 or doc[i - 1].whitespace_ == "":
            return False
        previous = _read_number(doc, i - 1) if doc[i - 1].like_num else None
        return previous is not None and not (previous.digits and _is_year(doc[i - 1].text))

    def _introduces_a_source(self, token: Token) -> bool:
        """ "one" that picks out an unnamed source rather than counting one: "one legal expert
        said", "said one official", "according to one estimate"."""
        noun = token.head
        if token.dep_ != "nummod" or noun.pos_ not in _NOUNS:
            return False
        if noun.lemma_.lower() in self.lex["source_nouns"]:
            return True
        if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in self.lex["source_verbs"]:
            return True
        governor = noun.head
        return (
            noun.dep_ == "pobj"
            and governor.lower_ == "to"
            and governor.i > 0
            and self.doc[governor.i - 1].lower_ == "according"
        )

    def _counts_one(self, token: Token) -> bool:
        """ "one resolution" counts; "one of the largest", "the one presented", "no one" don't."""
        before = token.nbor(-1).lower_ if token.i > 0 else ""
        if before in _NOT_COUNTING_ONE:
            return False
        if any(t.lower_ == "another" for t in token.doc[token.i + 1 : token.i + 5]):
            return False  # "from one room to another", "one after another": no count
        return (token.dep_ == "nummod" and token.head.pos_ in _NOUNS) or self._one_of_them(token)

    def _one_of_them(self, token: Token) -> bool:
        """ "One of the suspects was arrested": one of a plural group, as the subject or object
        of its clause; a superlative, an ordinal or "few"/"many" on the group ("one of the
        worst storms", "one of the few") picks one out and counts nothing."""
        roles = ("nsubj", "nsubjpass", "dobj", "pobj", "attr")
        if token.dep_ not in roles or token.i + 1 >= len(token.doc) or token.nbor(1).lower_ != "of":
            return False
        group = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
        if group is None or group.tag_ not in ("NNS", "NNPS") or group.pos_ not in _NOUNS:
            return False
        before_group = [c for c in group.subtree if c.i < group.i]
        if any(c.dep_ == "nummod" and ordinal_value(c.text) is None for c in before_group):
            return True  # "one of the first two women": one of a counted group
        picked = set(self.lex["one_of_pickers"])
        return not any(
            c.tag_ in ("JJS", "RBS") or c.lower_ in picked or ordinal_value(c.text) is not None
            for c in group.subtree
            if c.i < group.i
        )

    def _is_page_counter(self, first: Token, after: Token | None) -> bool:
        """ "1 Shares", "4 Min Read": a number and a counter word alone in a short block."""
        if after is None or self.block_tokens(first) > 6:
            return False
        following = self.text[after.idx : after.idx + 12].lower()
        return any(following.startswith(word) for word in self.lex["counter_words"])

    # Kinds.

    def _ordinal(self, number: _Number) -> Quantity | None:
        """An ordinal counts as "the sixth time", "the third straight day" or a place in a series
        ("the sixth day of protests", "an 80th-minute penalty", "his third title")."""
        token = self.doc[number.last]
        doc = self.doc
        noun = token.head if token.dep_ == "amod" and token.head.pos_ == "NOUN" else None
        if token.i + 2 < len(doc) and _glued_dash(doc, token.i + 1):
            noun = doc[token.i + 2] if doc[token.i + 2].pos_ in _NOUNS else noun
        if noun is None:
            after = token.nbor(1) if token.i + 1 < len(self.doc) else None
            noun = after if after is not None and after.pos_ == "NOUN" else None
        if noun is None:
            return None
        consecutive = any(c.lower_ in self.lex["consecutive_words"] for c in noun.children)
        following = [t.lower_ for t in doc[noun.i + 1 : noun.i + 4]]
        consecutive = consecutive or following == ["in", "a", "row"]  # "the seventh year in a row"
        # "the first day", "the first half" name a part more often than they count one
        series = noun.lemma_.lower() in self.lex["series_nouns"] and number.value > 1
        if noun.lemma_ not in self.lex["occurrence_nouns"] and not (consecutive or series):
            return None
        unit = "times" if noun.lemma_ in self.lex["occurrence_nouns"] else _unit_of(noun)
        end = max(token.idx + len(token.text), noun.idx + len(noun.text))
        if any(ordinal_value(t.text) is not None for t in doc[token.i + 1 : noun.i]):
            end = token.idx + len(token.text)  # "the 79th and 80th minutes": two places
        return self._build(number, number.value, "ordinal", unit, end, counted=self.event_of(noun))

    def _times(self, number: _Number, times: Token) -> Quantity:
        """ "four times": how often something happened (or a ratio, "four times as many")."""
        end = times.idx + len(times.text)
        return self._build(
            number, number.value, "multiplicative", "times", end, counted=self.event_of(times)
        )

    def _currency(self, number: _Number) -> Quantity | None:
        doc = self.doc
        code = number.currency
        start_index = number.first
        if code is None and number.first > 0:
            symbol = doc[number.first - 1]
            code = self.lex["currency_symbols"].get(symbol.lower_)
            if code is None and number.first > 1 and symbol.text == "$":
                code = "USD"
            if code is not None:
                start_index = number.first - 1
                if number.first > 1 and doc[number.first - 2].lower_ in _DOLLAR_COUNTRIES:
                    start_index -= 1
        end_index = number.last
        if code is None:
            # "1.5 million dollars", "billions of dollars"
            after_of = number.last + 1 < len(doc) and doc[number.last + 1].lower_ == "of"
            skip = 1 if number.approximate and after_of else 0  # "several million dollars"
            end_index = number.last + 1 + skip
            if end_index < len(doc):
                code = self.lex["currency_words"].get(doc[end_index].lower_)
                if code is not None and self._weighs(doc[end_index]):
                    code = None
            compound_unit = end_index + 1 < len(doc) and doc[end_index + 1].text == "-"
            if compound_unit and doc[end_index].whitespace_ == "":
                code = None  # "300 pound-feet" of torque
        if code is None:
            named = self._country_currency(number.last + 1)
            if named is None:
                return None
            code, end_index = named
        end_token = doc[end_index]
        counted = self._money_purpose(end_token)
        upper = self._money_upper(number, end_index) if end_index == number.last else None
        money = self._build(
            number,
            _scaled_lower(doc, number, upper),
            "money",
            code,
            doc[upper.last].idx + len(doc[upper.last].text)
            if upper is not None
            else end_token.idx + len(end_token.text),
            start=doc[start_index].idx,
            counted=counted,
        )
        money.value_max = upper.value if upper is not None else None
        return money

    def _money_upper(self, number: _Number, last: int) -> _Number | None:
        """The upper end of a sum written as a range, its currency sign repeated or not: "$1.1
        billion to $1.4 billion", "between $1.1 and $1.4 billion", "$5-$10"; taken. "rose from
        $5 to $10" is a change, two sums."""
        doc = self.doc
        joint = last + 1
        if joint + 1 >= len(doc):
            return None
        word = doc[joint].lower_
        before = self.words_before(number.first, 2).split()
        between = "between" in before
        if word not in ("-", "–", "to") and not (word == "and" and between):
            return None
        if word == "to" and ("from" in before or self._is_a_change(number)):
            return None  # "rose from $5 to $10", "revenue rose $2 billion to $10 billion"
        first = joint + 1
        if doc[first].lower_ in self.lex["currency_symbols"] or doc[first].text == "$":
            first += 1
        upper = _read_number(doc, first) if first < len(doc) else None
        if upper is None or upper.ordinal or upper.proportion or upper.currency is not None:
            return None
        if upper.value <= _scaled_lower(doc, number, upper):
            return None
        end_token = doc[upper.last]
        self.taken.append((doc[joint + 1].idx, end_token.idx + len(end_token.text)))
        return upper

    def _weighs(self, unit: Token) -> bool:
        """ "clocked in at 243 pounds", "10 pounds of cocaine": a word both a currency and a
        weight ("pounds") weighs when "of" follows it or its sentence speaks of weight."""
        if unit.lower_ not in self.lex["weight_currency_words"]:
            return False
        following = unit.nbor(1).lower_ if unit.i + 1 < len(self.doc) else ""
        cues = set(self.lex["weight_cues"])
        return following == "of" or any(t.lemma_.lower() in cues for t in unit.sent)

    def _country_currency(self, index: int) -> tuple[str, int] | None:
        """A currency named with its country from token ``index`` on ("176 Hong Kong dollars",
        "50 Swiss francs"): its code and its last token."""
        if index >= len(self.doc):
            return None
        start = self.doc[index].idx
        following = self.text[start : start + 32].lower()
        for name, code in self.lex["country_currencies"].items():
            if following.startswith(name) and not following[len(name) : len(name) + 1].isalpha():
                end = start + len(name)
                last = index
                while last + 1 < len(self.doc) and self.doc[last + 1].idx < end:
                    last += 1
                return str(code), last
        return None

    def _money_purpose(self, token: Token) -> Span | None:
        """ "$900 million in aid" -> aid; "a $1.2 billion dam" -> dam; else the event the sum
        belongs to."""
        if token.dep_ in ("compound", "nmod", "amod", "nummod") and token.head.pos_ == "NOUN":
            return self.noun_phrase(token.head, token.i)
        owner = token.head.head
        if token.dep_ == "pobj" and token.head.lower_ == "of" and owner.pos_ == "NOUN":
            return self.noun_phrase(owner, stop=token.i)  # "a fund of €12 million"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _VALUE_PREPOSITIONS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ in _NOUNS:
                        return self.noun_phrase(obj)
        head = token.head
        while head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head  # "acquired it for $200 million": up to the verb
        if head.pos_ == "VERB" and self.same_block(head, token):
            return self.event_span(head, token)
        return None

    def _percent_end(self, index: int) -> int | None:
        """End offset of a percent sign or word starting at token ``index``."""
        token = self.doc[index]
        following = self.text[token.idx : token.idx + 20].lower()
        for word in sorted(self.lex["percent_words"], key=len, reverse=True):
            if following.startswith(word) and (
                word == "%" or not following[len(word) : len(word) + 1].isalpha()
            ):
                return token.idx + len(word)
        return None

    def _proportion(self, number: _Number, end: int) -> Quantity:
        """A share ("over half of the soldiers") as a percentage of what follows "of"."""
        of = self.doc[number.last + 1] if number.last + 1 < len(self.doc) else None
        counted = None
        if of is not None and of.lower_ == "of":
            counted = next((self.noun_phrase(o) for o in of.children if o.dep_ == "pobj"), None)
        return self._build(number, number.value * 100, "percent", "%", end, counted=counted)

    def _glued_unit(self, number: _Number, end: int) -> Quantity:
        """ "410bhp", "7pc", "98p", "22kW", "a 12min walk": the unit glued on the digits."""
        unit = str(number.unit)
        kind = self.lex["glued_unit_kinds"].get(unit)
        token = self.doc[number.last]
        if kind == "percent":
            return self._percent(number, end, unit_index=number.last)
        if kind == "money":  # pence
            counted = self._money_purpose(token)
            return self._build(number, number.value / 100, "money", "GBP", end, counted=counted)
        head = token.head
        if head.pos_ == "ADJ" and head.head.i > head.i:
            head = head.head  # "a 45m-long wall": the wall is 45 metres long
        counted = (
            self.noun_phrase(head, token.i) if head.pos_ in _NOUNS and head.i > token.i else None
        )
        return self._build(number, number.value, kind or "cardinal", unit, end, counted=counted)

    def _percent(self, number: _Number, end: int, unit_index: int | None = None) -> Quantity:
        unit_token = self.doc[number.last + 1 if unit_index is None else unit_index]
        counted = None
        for child in unit_token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                counted = next(
                    (self.noun_phrase(o) for o in child.children if o.dep_ == "pobj"), None
                )
        if counted is None:
            verb = unit_token.head
            while verb.pos_ == "ADP" and verb.head.i != verb.i:
                verb = verb.head  # "flows could fall by 30 percent"
            counted = self._subject_of(verb)
        return self._build(number, number.value, "percent", "%", end, counted=counted)

    def _count(self, number: _Number) -> Quantity | None:
        """Cardinals, durations, rates and ranges: a number and the noun it counts. A part
        of a whole ("nine of the 15 members") counts the part and keeps the whole ("all but two
        of the 181" counts the other 179); a range
        ("5 to 6.5 years", "between 40 and 50 percent") is one quantity up to ``value_max``,
        and what it counts follows its upper end."""
        doc = self.doc
        whole = self.whole_of(number)
        upper = self._range_upper(number) if whole is None else None
        reach = whole or upper or number  # the number whose noun is the counted one
        end_token = doc[reach.last]
        noun, hyphenated = self._counted_noun(reach)
        if noun is None and reach is not number:  # "between 4 and 7 years": on the lower end
            noun, hyphenated = self._counted_noun(number)
        value_max = upper.value if upper is not None else None
        if noun is not None and self._is_time_unit(noun, reach):
            duration = self._duration(number, noun, hyphenated)
            if duration is not None and value_max is not None:
                duration.value_max = value_max
            return duration
        if upper is not None and upper.last + 1 < len(doc):
            percent_end = self._percent_end(upper.last + 1)
            if percent_end is not None:
                share = self._percent(number, percent_end, unit_index=upper.last + 1)
                share.value_max = value_max
                return share
        end = end_token.idx + len(end_token.text)
        if hyphenated and noun is not None:
            end = noun.idx + len(noun.text)
        counted: Span | None = None
        unit: str | None = None
        modified = noun.head if noun is not None and noun.head.i > noun.i else None
        if hyphenated and noun is not None and modified is not None and modified.pos_ in _NOUNS:
            unit = _unit_of(noun)
            if unit in self.lex["measure_units"]:  # "a 2.0-litre engine": litres of an engine
                counted = self.noun_phrase(modified, noun.i)
            elif not number.digits and unit not in self.lex["member_nouns"]:
                return None  # "a four-door car", "a six-speed gearbox": a feature, no figure
            else:  # "a 27-member board"
                counted = self.noun_phrase(noun, reach.last)
        elif (measure := self._unit_after(reach, noun)) is not None:
            unit, unit_last = measure
            end = doc[unit_last].idx + len(doc[unit_last].text)
            thing = noun if noun is not None and noun.i > unit_last else self._of_object(unit_last)
            counted = self.noun_phrase(thing, unit_last) if thing is not None else None
        elif noun is not None:
            counted = self.noun_phrase(noun, reach.last)
            unit = str(self.lex["spaced_units"].get(noun.lower_) or _unit_of(noun))
        else:
            counted, unit = self._elided_counted(number)
        kind: QuantityKind = "range" if upper is not None else "cardinal"
        dashed = (
            upper is not None and number.last + 1 < len(doc) and _glued_dash(doc, number.last + 1)
        )
        if dashed and unit is None and counted is None:
            return None  # a bare "4-7" or "18-24": a record, a score or days, not a range
        if upper is not None and unit is not None and unit.rstrip(".") in _MONTHS:
            return None  # "12-17 March": days of a month
        rate = self._rate_period(noun if noun is not None else end_token)
        if rate is not None:
            kind = "rate"
            unit = f"{unit or 'units'}/{rate}"
        value, start = _scaled_lower(doc, number, upper), None
        if whole is not None and self.words_before(number.first, 2) in self.lex["all_but"]:
            value, start = whole.value - number.value, doc[number.first - 2].idx  # the rest
        quantity = self._build(number, value, kind, unit, end, start=start, counted=counted)
        quantity.value_max = value_max
        if whole is not None:
            quantity.whole = whole.value
        return quantity

    def _unit_after(self, reach: _Number, noun: Token | None) -> tuple[str, int] | None:
        """A unit written apart right after the figure ("176 hp", "490 lb-ft", "20.7 cubic
        feet") when the parse hangs the figure on another noun ("a 176 hp engine") or none:
        the unit and its last token. A one-word unit the parse already counts is read there."""
        doc = self.doc
        index = reach.last + 1
        if index >= len(doc) or (noun is not None and noun.i == index):
            return None
        start = doc[index].idx
        following = self.text[start : start + 24].lower()
        for name, unit in sorted(self.lex["spaced_units"].items(), key=lambda u: -len(u[0])):
            if following.startswith(name) and not following[len(name) : len(name) + 1].isalpha():
                last = index
                while last + 1 < len(doc) and doc[last + 1].idx < start + len(name):
                    last += 1
                return str(unit), last
        return None

    def _of_object(self, index: int) -> Token | None:
        """The noun after "of" right after token ``index``: "490 lb-ft of torque"."""
        doc = self.doc
        if index + 1 >= len(doc) or doc[index + 1].lower_ != "of":
            return None
        return next((c for c in doc[index + 1].children if c.dep_ == "pobj"), None)

    def _elided_counted(self, number: _Number) -> tuple[Span | None, str | None]:
        """What a bare number counts: "the toll rose to 19" -> toll; "killed 12 people and
        injured at least 30" -> people (from the count before it in the sentence); "kills 12"
        -> the verb."""
        last = self.doc[number.last]
        head = last.head
        verb = head.head
        if (
            last.dep_ == "pobj"
            and head.lower_ in _LEVEL_PREPOSITIONS
            and verb.lemma_ in self.lex["level_verbs"]
        ):
            subject = self._subject_of(verb)
            if subject is not None:
                return self._measured(subject)
        sentence_start = last.sent.start_char
        for earlier in reversed(self.built):
            if earlier.counted_start is None or earlier.start < sentence_start:
                break
            if earlier.kind in ("cardinal", "range") and earlier.counted_end is not None:
                span = self.doc.char_span(earlier.counted_start, earlier.counted_end)
                return span, earlier.unit
        if last.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ == "VERB":
            return self.doc[head.i : head.i + 1], None
        return None, None

    def _measured(self, subject: Span) -> tuple[Span, str | None]:
        """ "the number of people killed" measures people; "the death toll" stays a toll."""
        root = subject.root
        if root.lemma_ in self.lex["measure_nouns"]:
            for child in root.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj" and obj.pos_ in _NOUNS:
                            return self.noun_phrase(obj), _unit_of(obj)
        return subject, _unit_of(root)

    def _is_time_unit(self, noun: Token, number: _Number) -> bool:
        """ "14 months", "60-day" but not "230 million light-years"."""
        if noun.lower_ not in self.lex["time_units"]:
            return False
        glued = noun.i >= 2 and self.doc[noun.i - 1].text == "-"
        return not glued or noun.i - 2 == number.last

    def _counted_noun(self, number: _Number) -> tuple[Token | None, bool]:
        """The noun a number counts, and whether it is glued on ("15-member council")."""
        doc = self.doc
        last = doc[number.last]
        if (
            number.last + 2 < len(doc)
            and doc[number.last + 1].text == "-"
            and last.whitespace_ == ""
            and doc[number.last + 2].pos_ in _NOUNS
            # "20-of-24" counts no "of-24"
            and not _GLUED_WHOLE.fullmatch(doc[number.last + 2].text)
        ):
            return doc[number.last + 2], True
        head = last.head
        while head.i != head.head.i and scale_value(head.lower_) is not None:
            head = head.head  # "1.5 million dollars": past the scale word
        if (
            last.dep_ in ("nummod", "quantmod", "compound", "amod")
            and head.pos_ in _NOUNS
            and head.i > number.last
            and self.same_block(head, last)
            and not _GLUED_WHOLE.fullmatch(head.text)
        ):
            return head, False
        following = doc[number.last + 1] if number.last + 1 < len(doc) else None
        if following is not None and following.pos_ in _NOUNS:
            run = doc[number.first : number.last + 1]
            if any(t.head.i == following.i for t in run):  # "two hundred and fifty soldiers"
                return following, False
        if number.last + 2 < len(doc) and doc[number.last + 1].lower_ == "of":
            for child in doc[number.last + 1].children:
                if child.dep_ == "pobj" and child.pos_ in _NOUNS:
                    return child, False
        return None, False

    def _duration(self, number: _Number, unit_noun: Token, hyphenated: bool) -> Quantity | None:
        following = unit_noun.nbor(1).lower_ if unit_noun.i + 1 < len(self.doc) else ""
        offset = following in self.lex["offset_markers"]
        if following in self.lex["time_point_markers"] and not offset:
            return None  # "15 years old": an age, read elsewhere
        if any(
            t.lower_ in self.lex["deictic_time_words"]
            for t in self.doc[number.last + 1 : unit_noun.i]
        ):
            return None  # "one last month": a pronoun before a point in time, not one month
        # "two weeks ago", "18 hours after the quake": the offset lasts that long (the time
        # annotator reads the point it names)
        end = unit_noun.idx + len(unit_noun.text)
        if hyphenated:  # "a 60-day ceasefire": the ceasefire lasts
            target = unit_noun.head if unit_noun.head.pos_ == "NOUN" else None
            counted = self.noun_phrase(target, unit_noun.i) if target is not None else None
        else:
            counted = self._what_lasts(unit_noun)
        unit = str(self.lex["time_units"][unit_noun.lower_])
        value, value_max = number.value, None
        upper = self._upper_duration(number, unit_noun)
        if upper is not None:  # "between six months and three years": in years
            value_max, unit, end = upper
            value *= self.lex["unit_days"][str(self.lex["time_units"][unit_noun.lower_])]
            value /= self.lex["unit_days"][unit]
        duration = self._build(number, value, "duration", unit, end, counted=counted)
        duration.value_max = value_max
        return duration

    def _upper_duration(self, number: _Number, unit_noun: Token) -> tuple[float, str, int] | None:
        """The upper end of "between six months and three years", with its unit and end."""
        doc = self.doc
        joint = unit_noun.i + 1
        if self.words_before(number.first, 1) != "between" or joint + 2 >= len(doc):
            return None
        if doc[joint].lower_ != "and":
            return None
        upper = _read_number(doc, joint + 1)
        if upper is None or upper.last + 1 >= len(doc):
            return None
        upper_noun = doc[upper.last + 1]
        unit = self.lex["time_units"].get(upper_noun.lower_)
        if unit is None:
            return None
        end = upper_noun.idx + len(upper_noun.text)
        self.taken.append((doc[upper.first].idx, end))
        return upper.value, str(unit), end

    def _what_lasts(self, unit_noun: Token) -> Span | None:
        """ "the deal would last 60 days" -> deal; "vetoed ... in the past 14 months" -> vetoed."""
        head = unit_noun.head
        if unit_noun.dep_ == "pobj":
            head = head.head
        if not self.same_block(head, unit_noun) or head.i == unit_noun.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_ in self.lex["duration_verbs"]:
                return self._subject_of(head)
            return self.event_span(self.resolve_pro_verb(head), unit_noun)
        if head.pos_ in _NOUNS:
            return self.noun_phrase(head, stop=unit_noun.i)
        return None

    def _range_upper(self, number: _Number) -> _Number | None:
        """ "10-20", "10 to 20", "between 10 and 20": the upper number, taken. "rose from
        10 to 20" is a change, not a range."""
        doc = self.doc
        joint = number.last + 1
        if joint + 1 >= len(doc):
            return None
        word = doc[joint].lower_
        before = self.words_before(number.first, 1)
        alternatives = word == "or"  # "one or two", "two or three": a range, one step wide
        if word not in ("-", "–", "to", "or") and not (word == "and" and before == "between"):
            return None
        if word == "to" and before == "from" and self._is_level_change(doc[number.first - 1]):
            return None
        if word == "to" and self._is_a_change(number):
            return None  # "the toll climbed 10 to 45", "fell by 0.2 points to 3.5%"
        upper = _read_number(doc, joint + 1)
        if upper is None or upper.value <= number.value or upper.ordinal:
            return None
        if alternatives and (upper.value != number.value + 1 or upper.digits != number.digits):
            return None
        end_token = doc[upper.last]
        self.taken.append((doc[joint + 1].idx, end_token.idx + len(end_token.text)))
        return upper

    def _is_a_change(self, number: _Number) -> bool:
        """A figure put right after a verb of change in a finite form, or after "by" on one
        ("rose 0.5%", "fell by 0.2 points", "climbed nearly 10"): what changed, so a "to" after
        it gives the level reached, not a range's upper end. A forecast in the base form ("is
        expected to rise 2% to 3%", "could fall 10% to 20%") gives a range."""
        doc = self.doc
        k = number.first - 1
        while (
            k >= 0
            and k >= number.first - 4
            and (
                doc[k].lower_ == "by"
                or doc[k].pos_ in ("ADV", "PART")
                or doc[k].text in ("~", "$")
                or doc[k].lower_ in self.lex["currency_symbols"]
            )
        ):
            k -= 1
        if k < 0:
            return False
        verb = doc[k]
        return (
            verb.pos_ in ("VERB", "AUX")
            and verb.tag_ != "VB"
            and verb.lemma_.lower() in self.lex["change_verbs"]
        )

    def _is_level_change(self, preposition: Token) -> bool:
        """ "from" on a verb of rising or falling ("the toll rose from 10 to 20")."""
        verb = preposition.head
        return verb.pos_ in ("VERB", "AUX") and verb.lemma_ in self.lex["level_verbs"]

    def _rate_period(self, anchor: Token) -> str | None:
        """ "500 trucks entered ... every day": a period phrase on the same verb or noun."""
        governors = {anchor.i, anchor.head.i}
        for token in anchor.sent:
            period = self.lex["rate_periods"].get(token.lower_)
            if period is None or token.head.i not in governors:
                continue
            following = token.nbor(1).lower_ if token.i + 1 < len(self.doc) else ""
            if following in self.lex["time_point_markers"]:
                continue  # "a day after": when, not how often
            determiners = {c.lower_ for c in token.children}
            if token.pos_ == "ADV" or determiners & set(self.lex["rate_determiners"]):
                return str(period)
            if token.i > 0 and token.nbor(-1).lower_ in _RATE_LEADS:
                return str(period)
        return None

    # Things counted.

    def noun_phrase(self, noun: Token, after: int = -1, stop: int | None = None) -> Span:
        """The noun with its left modifiers and its "of"/participle complements, no articles
        or numbers, starting after token ``after`` and without complements reaching token
        ``stop``: "US vetoes of UNSC resolutions", "Palestinians killed"."""
        doc = self.doc
        left = noun.i
        for child in sorted(noun.lefts, key=lambda t: -t.i):
            if child.i <= after or child.lower_ in self.lex["one_adjectives"]:
                break
            modifier = child.dep_ in ("amod", "compound", "nmod", "poss", "case")
            if child.i == left - 1 and (modifier or child.text == "-"):
                left = child.i
        while left < noun.i and (
            doc[left].like_num or doc[left].text in ("-", "'s", "’s") or doc[left].is_punct
        ):
            left += 1
        right = noun.i
        for child in noun.rights:
            complement = child.dep_ == "acl" or (child.dep_ == "prep" and child.lower_ == "of")
            if not complement or (stop is not None and child.i <= stop <= child.right_edge.i):
                break
            right = max(right, child.right_edge.i)
        if right - left >= _MAX_COUNTED_TOKENS:  # too long: end on the last noun that fits
            right = max(
                (t.i for t in doc[noun.i : left + _MAX_COUNTED_TOKENS] if t.pos_ in _NOUNS),
                default=noun.i,
            )
        while right > noun.i and doc[right].is_punct:
            right -= 1
        return doc[left : right + 1]

    def event_of(self, occurrence: Token) -> Span | None:
        """What happened N times: the clause on "time" ("the fourth time that the US has
        vetoed ..."), else the verb the phrase modifies ("voted ... for the first time")."""
        for child in occurrence.children:
            if child.dep_ == "relcl" and child.pos_ in ("VERB", "AUX"):
                verb = self.resolve_pro_verb(child)
                if verb is not child or not self._is_pro_verb(child):
                    return self.event_span(verb)
        head = occurrence.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head  # "voted for a ceasefire for the first time": up to the verb
        if head.i != occurrence.i and self.same_block(head, occurrence):
            if head.pos_ in ("VERB", "AUX") and head.lemma_ != "be":
                return self.event_span(self.resolve_pro_verb(head), occurrence)
            if head.pos_ in _NOUNS:
                return self.noun_phrase(head)
        before = self._verb_before(occurrence)
        return self.event_span(before) if before is not None else None

    def _is_pro_verb(self, verb: Token) -> bool:
        """ "did so", "has done it": a verb standing in for an earlier one."""
        objects = set(self.lex["pro_verb_objects"])
        return verb.lemma_ == "do" and any(c.lower_ in objects for c in verb.children)

    def resolve_pro_verb(self, verb: Token) -> Token:
        if not self._is_pro_verb(verb):
            return verb
        antecedent = self._verb_before(verb)
        return antecedent if antecedent is not None else verb

    def _verb_before(self, token: Token) -> Token | None:
        """The nearest full verb before ``token`` in its sentence and block."""
        for index in range(token.i - 1, token.sent.start - 1, -1):
            candidate = self.doc[index]
            if not self.same_block(candidate, token):
                break
            if candidate.pos_ == "VERB" and candidate.lemma_ not in ("do", "be", "have"):
                return candidate
        return None

    def event_span(self, verb: Token, occurrence: Token | None = None) -> Span:
        """The verb and its object: "vetoed UNSC resolutions", "voted for a ceasefire"; never
        reaching the phrase that counts it (``occurrence``)."""
        end = verb.i
        for child in verb.rights:
            if occurrence is not None and child.left_edge.i <= occurrence.i <= child.right_edge.i:
                break
            if child.dep_ in ("dobj", "attr", "oprd"):
                end = child.i
                break
            if child.dep_ == "prep":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                end = objects[0].i if objects else child.i
                break
        end = min(end, verb.i + _MAX_COUNTED_TOKENS - 1)
        return self.doc[verb.i : end + 1]

    def _subject_of(self, verb: Token) -> Span | None:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in _NOUNS:
                return self.noun_phrase(child)
        return None

    # "a resolution" after "four resolutions"; "the sole member".

    def implicit_ones(self) -> list[Quantity]:
        """Count-of-one claims without a digit: "the sole member", and "four resolutions ...
        and a resolution", where the article counts because a number stands beside it."""
        found: list[Quantity] = []
        one_adjectives = set(self.lex["one_adjectives"])
        for token in self.doc:
            if token.pos_ != "NOUN" or token.tag_ != "NN":
                continue
            article = [c for c in token.lefts if c.dep_ == "det" and c.lower_ in ("a", "an")]
            sole = [
                c
                for c in token.lefts
                if c.lower_ in one_adjectives and c.dep_ == "amod" and c.nbor(1).text != "-"
            ]
            marker = sole[0] if sole else (article[0] if article else None)
            if marker is None or (not sole and not self._beside_a_count(token)):
                continue
            start = marker.idx
            end = token.idx + len(token.text)
            if self.masked(start, end) or any(s < end and start < e for s, e in self.taken):
                continue
            one = Quantity(
                start=start, end=end, value=1.0, bound="=", kind="cardinal", unit=_unit_of(token)
            )
            found.append(_with_counted(one, self.noun_phrase(token)))
        return found

    def _beside_a_count(self, noun: Token) -> bool:
        """Coordinated after a counted noun of the same lemma in its sentence ("vetoed four
        resolutions ... and a resolution"); the parser may hang the conjunct on the verb."""
        if noun.dep_ != "conj":
            return False
        return any(
            partner.lemma_ == noun.lemma_
            and any(c.dep_ == "nummod" and c.lower_ != "one" for c in partner.children)
            for partner in noun.doc[noun.sent.start : noun.i]
        )

    # Building.

    def _build(
        self,
        number: _Number,
        value: float,
        kind: QuantityKind,
        unit: str | None,
        end: int,
        *,
        start: int | None = None,
        counted: Span | None = None,
    ) -> Quantity:
        bound, bound_start = self._bound_before(number, kind)
        if bound_start is None and number.approximate:
            bound = ">"
        if bound_start is None and self.doc[number.first].text.startswith("~"):
            bound = "~"  # "~200 people"
        start = self.doc[number.first].idx if start is None else start
        if bound_start is not None:
            start = min(start, bound_start)
        trailing = self._bound_after(end)
        if trailing is not None:
            if counted is not None and end <= counted.start_char < trailing[1]:
                counted = None  # "3,000 or thereabouts" counts no "thereabouts"
                unit = None if kind == "cardinal" else unit
            bound, end = trailing
        elif counted is not None and 0 <= counted.start_char - end <= 1:
            # "45,000 people or more": the bound follows the counted noun
            trailing = self._bound_after(counted.end_char)
            if trailing is not None:
                bound = trailing[0]
        self.taken.append((start, end))
        quantity = Quantity(start=start, end=end, value=value, bound=bound, kind=kind, unit=unit)
        self.built.append(quantity)
        return _with_counted(quantity, counted)

    def _bound_before(self, number: _Number, kind: QuantityKind) -> tuple[Bound, int | None]:
        doc = self.doc
        index = number.first
        if index > 0 and doc[index - 1].lower_ in self.lex["currency_symbols"]:
            index -= 1
        bounds: dict[str, Bound] = self.lex["bounds"]
        modifier = number.last + 1 < len(doc) and _glued_dash(doc, number.last + 1)
        if modifier and index > 0 and doc[index - 1].lower_ in ("a", "an"):
            index -= 1  # "about a 30-minute drive", "more than a 10-point lead"
        for increment in self.lex["increment_words"]:
            size = len(increment.split())
            if index - size > 0 and self.words_before(index, size) == increment:
                index -= size  # "up to an additional 15 per cent"
                break
        for size in (4, 3, 2, 1):
            if index - size < 0:
                continue
            phrase = self.words_before(index, size)
            if phrase in bounds and not (kind == "duration" and phrase in ("over", "under")):
                return bounds[phrase], doc[index - size].idx
        if self._projected(index):
            return "<=", None
        return "=", None

    def _projected(self, index: int) -> bool:
        """A figure a rise may reach ("the toll could climb to 20,000", "may reach 300"): a
        ceiling put as a possibility, up to it."""
        doc = self.doc
        verb_index = index - 2 if index >= 2 and doc[index - 1].lower_ == "to" else index - 1
        if verb_index < 1:
            return False
        verb = doc[verb_index]
        modal = doc[verb_index - 1].lower_
        return (
            verb.lemma_ in self.lex["projection_verbs"] and modal in self.lex["projection_modals"]
        )

    def _bound_after(self, end: int) -> tuple[Bound, int] | None:
        following = self.text[end : end + 16].lower()
        for phrase, bound in self.lex["trailing_bounds"].items():
            gap = 0 if phrase == "+" else 1
            candidate = following[gap : gap + len(phrase)]
            rest = following[gap + len(phrase) :]
            if candidate == phrase and not rest[:1].isalpha():
                if gap and not following[:1].isspace():
                    continue
                if rest.lstrip()[:1].isdigit() or rest.lstrip()[:1] in self.lex["currency_symbols"]:
                    continue  # "$549 plus $50": a second sum, not a bound
                return bound, end + gap + len(phrase)
        return None


def _with_counted(quantity: Quantity, counted: Span | None) -> Quantity:
    """``quantity`` with its counted phrase and span filled in from ``counted``."""
    if counted is not None and counted.text.strip():
        quantity.counted = counted.text
        quantity.counted_start = counted.start_char
        quantity.counted_end = counted.end_char
    return quantity


def _unit_of(noun: Token) -> str:
    """The unit named by a counted noun, as its lowercase lemma ("resolutions" -> resolution)."""
    return noun.lemma_.lower()


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2199


def _looks_like_years(match: re.Match[str]) -> bool:
    return _is_year(match["yes"]) or _is_year(match["no"])
