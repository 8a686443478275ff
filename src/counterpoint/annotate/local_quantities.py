"""Quantities in any language, by rules over the text: numerals with what follows them.

A number is digits (any script's: ``١٢``, ``१२``) grouped and split as the language writes
them (``1.500,5`` in Italian, ``1,500.5`` in English, ``1 500`` in French), with a scale word
glued on or after (``3万``, ``2 milioni``, ``5 млн``). A currency symbol or word around it makes
money, a percent sign or word (before it where the language puts it there: ``yüzde 5``,
``%5``) a percent, another number after a dash or a joint word ("10 to 20", "between 10 and
20") a range, another after a part's joint ("9 of the 15") the whole; otherwise it is a
cardinal counting the word that follows. A bound phrase before it ("more than", "plus de")
sets its bound. Dates (the article's time expressions), times of day, URLs, phone numbers,
bare years, list markers, model numbers after a name ("Polaroid 600", "Boeing 737-800"),
score lines ("3-3", "4-2"), house numbers ("221 Baker Street") and the cells of flattened
tables are not claims. The words are the language's, in ``data/languages``.
"""

from __future__ import annotations

import re

from counterpoint.annotate.lexicons import (
    WORD_CHARS,
    LanguageLexicon,
    common_lexicon,
    language_lexicon,
)
from counterpoint.lexicon import language, words
from counterpoint.model import Article, Bound, Quantity, QuantityKind

_MASKS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+"
    r"|\+?\(?\d{1,4}\)?(?:[ .-]\d{2,4}){2,}(?!\d)(?=\s|$|[.,;)])"  # phone numbers
    r"|(?<!\d)\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?=\s*(?:Uhr|h\b|ore\b|heures?\b|[ap]\.?m))"
    r"|(?<!\d)\d{1,2}:\d{2}(?!\d)"  # times of day
)
# Letters that make a number part of a word ("G7", "F-35", "COVID-19", "5G", "3º").
_WORD_LETTER = r"A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ffºª"
_DIGITS = (
    r"(?P<num>\d{1,3}(?:(?:[,.\u00a0\u202f'٬]| (?=\d{3}(?!\d)))\d{3})+(?:[.,٫]\d+)?"
    r"|\d+(?:[.,٫]\d+)?)"
    r"(?!\d)"
)
_NUMBER = re.compile(rf"(?<![{_WORD_LETTER}\d_/.,'’-])" + _DIGITS)
_UPPER = re.compile(_DIGITS)  # the upper end of a range, right after its joint
_GLUED_PAIR = re.compile(r"[-–—](?P<num>\d{1,4})(?![\d.,]\d)")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]")
_FOLLOWING_WORD = re.compile(rf"[^\W\d_][{WORD_CHARS}'’-]*")
_RANGE = re.compile(r"\s?[-–—−]\s?(?=\d)")
_YEAR = re.compile(r"^(?:1[89]|2[01])\d\d$")
_WORD_BEFORE = re.compile(rf"([^\W\d_][{WORD_CHARS}-]*)[ \u00a0]$")
_LABEL_BEFORE = re.compile(r"(?:[§#№]|(\w+)\.)[ \u00a0]?$")
_STREET_NAME = re.compile(r"(?:[ \u00a0][A-Z][\w'’-]*){0,2}[ \u00a0]([A-Z][a-z]*\.?)(?!\w)")
_TABLE_MIN_TOKENS = 12  # a block this long and mostly numbers is a flattened table
_TABLE_NUMBER_SHARE = 0.4


def find_local_quantities(article: Article) -> list[Quantity]:
    """Every quantity the rules find in ``article``, in text order."""
    text = article.text
    lexicon = language_lexicon(article.language)
    blocked = [(m.start(), m.end()) for m in _MASKS.finditer(text)]
    blocked += [(t.start, t.end) for t in article.times]
    block_starts = {p.start for p in article.paragraphs} | {0}
    blocked += [(p.start, p.end) for p in article.paragraphs if _is_table(text[p.start : p.end])]
    found: list[Quantity] = []
    taken_until = 0
    for match in _NUMBER.finditer(text):
        start, end = match.span("num")
        if start < taken_until or any(s < end and start < e for s, e in blocked):
            continue
        raw = match["num"]
        if " " in raw and not lexicon.space_groups and not _plain_group_ends(text, end):
            raw = raw.split(" ")[0]
            end = start + len(raw)
        value = parse_number(raw, lexicon.decimal_mark)
        if value is None:
            continue
        pair = _GLUED_PAIR.match(text, end)
        if pair is not None and _score_or_model(text, start, value, pair):
            taken_until = pair.end()
            continue
        quantity = _read(article, lexicon, start, end, value)
        if quantity.end == end and _glued_letter(text, end):
            continue  # "4K", "5G": a letter glued on that is no scale, currency or percent
        if _not_a_claim(text, lexicon, quantity, raw, start in block_starts):
            continue
        found.append(quantity)
        taken_until = quantity.end
    return found


def _plain_group_ends(text: str, end: int) -> bool:
    """After "3 500" in a language that rarely groups with plain spaces: a lowercase word or
    punctuation, so the groups are one number; not a name ("400 737 Max jets"), a digit or a
    glued compound ("2 100-metre races")."""
    following = text[end : end + 2].lstrip(" \u00a0")[:1]
    return not following.isupper() and not following.isdigit() and following not in ("-", "–")


def _score_or_model(text: str, start: int, value: float, pair: re.Match[str]) -> bool:
    """ "3-3", "4-2" (a score line, or a tally: not an ascending range) and "737-800" after a
    name (a model number): two numbers glued by a dash that are no quantity."""
    upper = float(pair["num"])
    if upper <= value:
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1)[:1].isupper()


def parse_number(raw: str, decimal_mark: str) -> float | None:
    """The value of digits as the language writes them: the mark used once, or the last of
    two kinds, is the decimal point; a mark before groups of three is a thousands separator
    unless it is the language's decimal mark."""
    raw = raw.replace("٫", ".").replace("٬", ",")
    digits = re.sub(r"[\s\u00a0\u202f']", "", raw)
    marks = [char for char in digits if char in ".,"]
    if not marks:
        return float(int(digits))
    if len(set(marks)) == 2:
        decimal = marks[-1]
    else:
        mark = marks[0]
        groups = digits.split(mark)
        thousands = all(len(g) == 3 for g in groups[1:])
        decimal = mark if len(marks) == 1 and (mark == decimal_mark or not thousands) else ""
    integer, _, fraction = digits.partition(decimal) if decimal else (digits, "", "")
    integer = integer.replace(".", "").replace(",", "")
    if not integer and not fraction:
        return None
    return float(f"{int(integer or 0)}.{fraction or 0}")


def _read(
    article: Article, lexicon: LanguageLexicon, start: int, end: int, value: float
) -> Quantity:
    text = article.text
    common = common_lexicon()
    kind: QuantityKind = "cardinal"
    unit: str | None = None
    q_start, q_end = start, end
    # Before the number: a currency symbol or code, or a leading percent word ("yüzde 5").
    before = text[max(0, start - 12) : start]
    for symbol, code in sorted(common.currency_symbols.items(), key=lambda s: -len(s[0])):
        if before.rstrip().endswith(symbol) and _bounded_before(text, start, before, symbol):
            kind, unit = "money", code
            q_start = start - len(before) + before.rstrip().rfind(symbol)
            break
    if kind == "cardinal" and lexicon.percent_before:
        tail = before.rstrip()
        for word in (*common.percent_signs, *lexicon.percent_words):
            if tail[-len(word) :].lower() == word:
                kind, unit = "percent", "%"
                q_start = start - len(before) + len(tail) - len(word)
                break
    # After it: a scale word, then a percent sign or word, or a currency.
    scale, q_end = _scale_after(text, lexicon, q_end)
    value *= scale
    after = text[q_end : q_end + 24]
    gap = len(after) - len(after.lstrip(" \u00a0\u202f"))
    following = after[gap:].lower()
    if kind == "cardinal":
        for sign in common.percent_signs:
            if following.startswith(sign):
                kind, unit, q_end = "percent", "%", q_end + gap + len(sign)
                break
    if kind == "cardinal":
        for word in lexicon.percent_words:
            if following.startswith(word) and _word_ends(following, len(word)):
                kind, unit, q_end = "percent", "%", q_end + gap + len(word)
                break
    if kind == "cardinal":
        currency = _currency_after(following, lexicon)
        if currency is None and scale != 1.0:
            for connector in lexicon.unit_connectors:
                glued = connector.endswith(("'", "’"))
                joint = connector if glued else connector + " "
                if following.startswith(joint):
                    currency = _currency_after(following[len(joint) :], lexicon)
                    if currency is not None:
                        currency = currency[0], currency[1] + len(joint)
                    break
        if currency is not None:
            kind, unit = "money", currency[0]
            q_end += gap + currency[1]
    quantity = Quantity(start=q_start, end=q_end, value=value, bound="=", kind=kind, unit=unit)
    bound = _bound_before(text, article.language, q_start)
    if bound is not None:
        quantity.bound, quantity.start = bound
    upper = _range_end(text, lexicon, q_start, q_end)
    if upper is not None and upper[0] > value:
        quantity.value_max, quantity.end = upper
        if kind == "cardinal":
            quantity.kind = "range"
    whole = _whole_after(text, lexicon, q_end) if kind == "cardinal" else None
    if whole is not None and whole[0] >= value:
        quantity.whole, quantity.end = whole
    if quantity.kind in ("cardinal", "range"):
        _count_following(text, lexicon, quantity)
    quantity.attributed_to = next(
        (q.speaker for q in article.quotes if q.start <= start < q.end), None
    )
    return quantity


def _glued_letter(text: str, end: int) -> bool:
    return end < len(text) and re.match(rf"[{_WORD_LETTER}]", text[end]) is not None


def _bounded_before(text: str, start: int, before: str, symbol: str) -> bool:
    """A currency code must stand alone ("USD 5", not "FUSD 5")."""
    at = start - len(before) + before.rstrip().rfind(symbol)
    return not symbol.isalpha() or at == 0 or not text[at - 1].isalpha()


def _word_ends(text: str, length: int) -> bool:
    return length >= len(text) or not text[length].isalpha() or _UNSPACED.match(text[0]) is not None


def _scale_after(text: str, lexicon: LanguageLexicon, end: int) -> tuple[float, int]:
    """The scale word right after a number ("2 milioni", "3万", "5bn", "5 млн.") and where it
    ends."""
    after = text[end : end + 20]
    gap = len(after) - len(after.lstrip(" \u00a0\u202f"))
    following = after[gap:].lower()
    for word, scale in sorted((lexicon.scale_words or {}).items(), key=lambda w: -len(w[0])):
        if following.startswith(word) and _word_ends(following, len(word)):
            stop = end + gap + len(word)
            if text[stop : stop + 1] == "." and not text[stop + 1 : stop + 2].isdigit():
                stop += 1  # "5 млн.", "3 Mio."
            return scale, stop
    return 1.0, end


def _currency_after(following: str, lexicon: LanguageLexicon) -> tuple[str, int] | None:
    for symbol, code in sorted(common_lexicon().currency_symbols.items(), key=lambda s: -len(s[0])):
        if following.startswith(symbol.lower()) and _word_ends(following, len(symbol)):
            return code, len(symbol)
    for word, code in sorted((lexicon.currency_words or {}).items(), key=lambda w: -len(w[0])):
        if following.startswith(word) and _word_ends(following, len(word)):
            return code, len(word)
    return None


def _range_end(
    text: str, lexicon: LanguageLexicon, start: int, end: int
) -> tuple[float, int] | None:
    """The upper number of "10-20", "10 – 20", "10 to 20" or "between 10 and 20" (the joints
    are the language's ``range_joints``, and ``range_openers`` with their joint), with the end
    of the range and of the unit after it when it repeats ("5% to 7%")."""
    joint = _RANGE.match(text, end)
    if joint is None:
        before = text[max(0, start - 20) : start].casefold()

        def opened_by(word: str) -> bool:
            return re.search(rf"(?<!\w){re.escape(word)}\s+$", before) is not None

        # "rose from 10 to 20" is a change, not a range
        changes = any(opened_by(word) for word in words(lexicon.code, "change_openers"))
        joints = set() if changes else set(words(lexicon.code, "range_joints"))
        for opener, closer in language(lexicon.code).get("range_openers", {}).items():
            if opened_by(opener):
                joints.add(closer)
        joint = _joint_after(text, end, joints)
    if joint is None:
        return None
    upper = _UPPER.match(text, joint.end())
    if upper is None:
        return None
    value = parse_number(upper["num"], lexicon.decimal_mark)
    if value is None:
        return None
    stop = upper.end()
    repeated = text[end : joint.start()].strip()  # "5% to 7%": the unit after both ends
    if repeated and text[stop : stop + len(repeated) + 1].lstrip().startswith(repeated):
        stop = text.index(repeated, stop) + len(repeated)
    return value, stop


def _joint_after(text: str, end: int, joints: set[str]) -> re.Match[str] | None:
    """A joint word after ``end`` ("to", "and") with the spaces around it."""
    if not joints:
        return None
    alternatives = "|".join(re.escape(j) for j in sorted(joints, key=len, reverse=True))
    return re.compile(rf"[ \u00a0](?:{alternatives})[ \u00a0](?=\d)", re.I).match(text, end)


def _bound_before(text: str, code: str | None, start: int) -> tuple[Bound, int] | None:
    """The bound a phrase before the number sets ("more than 500", "nearly 200"), from the
    language's ``quantity_bounds``, and where the phrase starts."""
    bounds: dict[str, Bound] = language(code).get("quantity_bounds", {})
    before = text[max(0, start - 30) : start]
    lowered = before.casefold()
    for phrase in sorted(bounds, key=len, reverse=True):
        match = re.search(rf"(?<!\w){re.escape(phrase)}[ \u00a0]$", lowered)
        if match is not None:
            return bounds[phrase], start - len(before) + match.start()
    return None


def _whole_after(text: str, lexicon: LanguageLexicon, end: int) -> tuple[float, int] | None:
    """The group a part is taken from ("9 of the 15 members": 15), after one of the
    language's ``whole_joints``, with its end."""
    joint = _joint_after(text, end, set(words(lexicon.code, "whole_joints")))
    if joint is None:
        return None
    whole = _UPPER.match(text, joint.end())
    if whole is None or _YEAR.match(whole["num"]):
        return None
    value = parse_number(whole["num"], lexicon.decimal_mark)
    return None if value is None else (value, whole.end())


def _count_following(text: str, lexicon: LanguageLexicon, quantity: Quantity) -> None:
    """The counted word: the next word in a spaced script, the counter glued on in Chinese,
    Japanese and Korean ("300人", "300명")."""
    end = quantity.end
    if end < len(text) and _UNSPACED.match(text[end]):
        word_start, word_end = end, end + 1
    elif text[end : end + 1] == "-" and (glued := _FOLLOWING_WORD.match(text, end + 1)):
        word_start, word_end = glued.span()  # "a 15-member council": a body's size
    else:
        gap = len(text[end : end + 3]) - len(text[end : end + 3].lstrip(" \u00a0"))
        word = _FOLLOWING_WORD.match(text, end + gap) if gap else None
        if word is None or word.group().lower() in lexicon.name_stopwords:
            return
        word_start, word_end = word.span()
    quantity.counted = text[word_start:word_end]
    quantity.counted_start, quantity.counted_end = word_start, word_end
    quantity.unit = quantity.unit or quantity.counted.lower()


def _before_a_street(text: str, lexicon: LanguageLexicon, end: int) -> bool:
    """ "221 Baker Street": a house number before capitalised words ending in one of the
    language's ``street_words``."""
    streets = set(words(lexicon.code, "street_words"))
    names = _STREET_NAME.match(text, end)
    if not streets or names is None:
        return False
    return names.group(1).casefold().rstrip(".") in streets


def _is_table(block: str) -> bool:
    tokens = block.split()
    numbers = sum(token[:1].isdigit() for token in tokens)
    return len(tokens) >= _TABLE_MIN_TOKENS and numbers / len(tokens) > _TABLE_NUMBER_SHARE


def _not_a_claim(
    text: str, lexicon: LanguageLexicon, quantity: Quantity, raw: str, opens_block: bool
) -> bool:
    """A bare year, a list marker ("2. " opening a block, "3) " anywhere), a model number
    after a name ("Lego Star Wars 75188"), a numbered section ("§ 68", "Nr. 4"), an ordinal
    ("5. Liga")."""
    if quantity.kind == "cardinal" and _YEAR.match(raw) and quantity.value == float(raw):
        return True
    mark = text[quantity.end : quantity.end + 1]
    if (opens_block and mark == ".") or (
        mark == ")" and "(" not in text[quantity.start - 1 : quantity.start]
    ):
        return True
    if quantity.kind == "cardinal" and _before_a_street(text, lexicon, quantity.end):
        return True
    if quantity.kind == "cardinal" and not any(char in raw for char in ".,  "):
        before = _WORD_BEFORE.search(text, max(0, quantity.start - 40), quantity.start)
        name = before.group(1) if before else ""
        if name[:1].isupper() and name.casefold() not in lexicon.name_stopwords:
            return True
        label = _LABEL_BEFORE.search(text, max(0, quantity.start - 12), quantity.start)
        if label is not None and (label.group(1) or "").casefold() in {"", *lexicon.abbreviations}:
            return True  # "§ 68", "Nr. 4", "No. 5", "#3"
    return (
        lexicon.ordinal_dot
        and quantity.kind == "cardinal"
        and mark == "."
        and text[quantity.end + 1 : quantity.end + 2] == " "
        and text[quantity.end + 2 : quantity.end + 3].isalpha()
    )
