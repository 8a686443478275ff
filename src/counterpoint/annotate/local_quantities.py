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
from dataclasses import dataclass
from functools import cache

from counterpoint.annotate.lexicons import (
    WORD_CHARS,
    LanguageLexicon,
    common_lexicon,
    language_lexicon,
)
from counterpoint.annotate.quantity_lexicon import combine
from counterpoint.lexicon import language, words
from counterpoint.model import Article, Bound, Quantity, QuantityKind

_MASKS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+"
    # phone numbers, but not thousands grouped alike by one mark ("2 500 000", "2.500.000")
    r"|(?<!\d)(?![1-9]\d{0,2}([ .\u00a0])\d{3}(?:\1\d{3})+(?:[.,]\d+)?(?![ .-]?\d))"
    r"\+?\(?\d{1,4}\)?(?:[ .-]\d{2,4}){2,}(?!\d)(?=\s|$|[.,;)])"
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
_SPELLED_WORD = re.compile(r"[^\W\d_]+")
_NUMBER_GAP = re.compile(r"[ \u00a0]*-?[ \u00a0]*")
_SENTENCE_OPENERS = frozenset('.!?:;"«“„(—–-\n')
_TABLE_MIN_TOKENS = 12  # a block this long and mostly numbers is a flattened table
_TABLE_NUMBER_SHARE = 0.4
_ROW_MIN_NUMBERS = 5  # numbers in a run with only names between them: a table's row
_WORD = re.compile(r"\S+")


def find_local_quantities(article: Article) -> list[Quantity]:
    """Every quantity the rules find in ``article``, in text order."""
    text = article.text
    lexicon = language_lexicon(article.language)
    blocked = [(m.start(), m.end()) for m in _MASKS.finditer(text)]
    blocked += [(t.start, t.end) for t in article.times]
    block_starts = {p.start for p in article.paragraphs} | {0}
    blocked += [(p.start, p.end) for p in article.paragraphs if _is_table(text[p.start : p.end])]
    blocked += _table_rows(text)
    found: list[Quantity] = []
    taken_until = 0
    spelled = _spelled_numbers(text, lexicon)
    for match in _NUMBER.finditer(text):
        start, end = match.span("num")
        while spelled and spelled[0][0] < start:
            taken_until = _add_spelled(
                article, lexicon, spelled.pop(0), blocked, found, taken_until
            )
        if start < taken_until or any(s < end and start < e for s, e in blocked):
            continue
        raw = match["num"]
        if (
            " " in raw
            and not lexicon.space_groups
            and not _plain_group_ends(text, end, lexicon.capitalised_nouns)
        ):
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
    for number in spelled:
        taken_until = _add_spelled(article, lexicon, number, blocked, found, taken_until)
    shares = _shares(article, lexicon, blocked)
    found = [q for q in found if not any(s.start < q.end and q.start < s.end for s in shares)]
    return sorted([*found, *shares], key=lambda q: (q.start, q.end))


def _shares(
    article: Article, lexicon: LanguageLexicon, blocked: list[tuple[int, int]]
) -> list[Quantity]:
    """A share of a group put as a fraction in words ("la moitié des habitants", "un tercio de
    los votos", "zwei Drittel der Wähler"): a percent, when the language's ``share_joints``
    word follows the fraction (the ``share_words``, with their percentage)."""
    shares = language(lexicon.code).get("share_words", {})
    joints = words(lexicon.code, "share_joints")
    if not shares or not joints:
        return []
    text = article.text
    fractions = "|".join(re.escape(w) for w in sorted(shares, key=len, reverse=True))
    joint = "|".join(
        re.escape(j) + ("" if j.endswith(("'", "’")) else r"(?![\w-])")
        for j in sorted(joints, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<![\w'’-])({fractions})[ \u00a0]+(?:{joint})", re.IGNORECASE)
    out: list[Quantity] = []
    for match in pattern.finditer(text):
        start, end = match.span(1)
        if any(s < end and start < e for s, e in blocked):
            continue
        value = float(shares[match[1].casefold()])
        share = Quantity(start=start, end=end, value=value, bound="=", kind="percent", unit="%")
        bound = _bound_before(text, article.language, start)
        if bound is not None:
            share.bound, share.start = bound
        share.attributed_to = next(
            (q.speaker for q in article.quotes if q.start <= start < q.end), None
        )
        out.append(share)
    return out


def _add_spelled(
    article: Article,
    lexicon: LanguageLexicon,
    number: tuple[int, int, float, float],
    blocked: list[tuple[int, int]],
    found: list[Quantity],
    taken_until: int,
) -> int:
    """Read a spelled-out number ("deux cents", "duemila") as a digit one is read, unless
    it falls in a masked span or one already read; the new end of what is read."""
    start, end, value, scale = number
    if start < taken_until or any(s < end and start < e for s, e in blocked):
        return taken_until
    quantity = _read(article, lexicon, start, end, value, scale)
    found.append(quantity)
    return quantity.end


def _spelled_numbers(text: str, lexicon: LanguageLexicon) -> list[tuple[int, int, float, float]]:
    """Numbers written in the language's words ("Deux cents", "treinta y cinco",
    "duemila", "fünfundzwanzig"): start, end, value and the scale it ends on, in text
    order. A lone word of one is the indefinite article ("un", "eine"), a word of a percent
    phrase ("per cento") is none, a capitalised number inside a sentence starts a name ("Les
    Trois Mousquetaires"), one glued to a word by a hyphen is a modifier, and a homograph
    ("sei": you are) counts only with other number words."""
    spelling = _Spelling.of(lexicon.code)
    if not spelling.words:
        return []
    found: list[tuple[int, int, float, float]] = []
    position = 0
    for word in _SPELLED_WORD.finditer(text):
        if word.start() < position:
            continue
        read = spelling.read(text, word.start())
        if read is None:
            continue
        end, value, parts, scale = read
        first = text[word.start() : word.end()]
        lone = parts == 1
        if lone and (value == 1 or first.casefold() in spelling.homographs):
            continue
        if _in_percent_phrase(text, lexicon, word.start(), end) or text[end : end + 1] == "-":
            continue
        if first[:1].isupper() and not _opens_sentence(text, word.start()):
            continue
        found.append((word.start(), end, value, scale))
        position = end
    return found


def _in_percent_phrase(text: str, lexicon: LanguageLexicon, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : end].casefold()
    return any(before.endswith(word) and len(word) > end - start for word in lexicon.percent_words)


def _after_gap(text: str, end: int) -> int:
    """Past the spaces or the hyphen between two number words ("vingt-cinq")."""
    gap = _NUMBER_GAP.match(text, end)
    return end if gap is None else gap.end()


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \u00a0")
    return not before or before[-1] in _SENTENCE_OPENERS


@dataclass(frozen=True, slots=True)
class _Spelling:
    """A language's number words (``number_words``: values that add up, ``number_multipliers``
    and its scale words: values that multiply, ``number_joints``: "et", "y", "und"), and
    whether it writes a number as one word ("duemilacinquecento")."""

    words: dict[str, float]
    multipliers: dict[str, float]
    joints: frozenset[str]
    homographs: frozenset[str]
    compounds: bool
    # Every part a one-word number splits into, longest first: "diciotto" before "dieci".
    compound_parts: tuple[tuple[str, tuple[float, bool]], ...]
    hyphenated: tuple[str, ...]
    vigesimal: frozenset[float]
    capitalised_nouns: bool

    @staticmethod
    @cache
    def of(code: str) -> _Spelling:
        data = language(code)
        multipliers = {
            **{word: float(v) for word, v in (language_lexicon(code).scale_words or {}).items()},
            **{word: float(v) for word, v in data.get("number_multipliers", {}).items()},
        }
        words = {word: float(v) for word, v in data.get("number_words", {}).items()}
        return _Spelling(
            words=words,
            multipliers={word: v for word, v in multipliers.items() if word.isalpha()},
            joints=frozenset(data.get("number_joints", ())),
            homographs=frozenset(data.get("number_homographs", ())),
            compounds=bool(data.get("number_compounds", False)),
            compound_parts=tuple(
                sorted(
                    [
                        *((w, (v, False)) for w, v in words.items()),
                        *(
                            (w, (float(v), False))
                            for w, v in data.get("number_compound_parts", {}).items()
                        ),
                        *((w, (v, True)) for w, v in multipliers.items() if w.isalpha()),
                    ],
                    key=lambda item: -len(item[0]),
                )
            ),
            hyphenated=tuple(sorted((w for w in words if "-" in w), key=len, reverse=True)),
            vigesimal=frozenset(float(v) for v in data.get("number_vigesimal_tens", ())),
            capitalised_nouns=language_lexicon(code).capitalised_nouns,
        )

    def read(self, text: str, start: int) -> tuple[int, float, int, float] | None:
        """The spelled number at ``start``: its end, its value, how many words it has and
        the scale it ends on (1 for none: "deux cents" ends on no scale of a thousand or
        more)."""
        parts: list[tuple[float, bool]] = []
        end, count, position = start, 0, start
        joined = False
        while (word := self._word_at(text, position)) is not None:
            word_end, lowered = word
            noun = self.capitalised_nouns and lowered in self.multipliers  # "eine Milliarde"
            if count and text[position].isupper() and not noun:
                break  # "vingt Trois Mousquetaires": a name starts
            pieces = self._pieces(lowered)
            if pieces is None:
                if lowered in self.joints and count and not joined:
                    joined, position = True, _after_gap(text, word_end)
                    continue
                break
            if parts and not self._follows(parts[-1], pieces[0]):
                break
            if not parts and pieces[0][1] and pieces[0][0] > 1000:
                break  # "millions de": a vague plural, no number before the scale
            if parts and parts[-1][1] and pieces[0][1] and 1000 <= parts[-1][0] < pieces[0][0]:
                parts[-1] = (parts[-1][0] * pieces[0][0], True)  # "mil millones": 10^9
                pieces = pieces[1:]
            parts.extend(pieces)
            end, count, joined = word_end, count + 1, False
            position = _after_gap(text, end)
        if not parts:
            return None
        last, multiplies = parts[-1]
        return end, combine(parts), count, last if multiplies and last >= 1000 else 1.0

    def _word_at(self, text: str, position: int) -> tuple[int, str] | None:
        """The word at ``position`` and its end; a hyphenated number word ("quatre-vingts")
        is one word."""
        word = _SPELLED_WORD.match(text, position)
        if word is None:
            return None
        for joined in self.hyphenated:
            stop = position + len(joined)
            if text[position:stop].casefold() == joined and not text[stop : stop + 1].isalpha():
                return stop, joined
        return word.end(), word.group().casefold()

    def _follows(self, previous: tuple[float, bool], following: tuple[float, bool]) -> bool:
        """Whether a number word goes on the number read so far: a multiplier after a smaller
        part ("deux cents", "dos mil"), a smaller part after a multiplier ("mille deux") or
        after a round word of the place above ("vingt-cinq", "ciento veinte"; after the
        vigesimal tens, the teens: "soixante-dix")."""
        value, multiplies = previous
        following_value, following_multiplies = following
        if following_multiplies:  # "mille cent" is 1100, "cent cent" no number
            return not multiplies or following_value > value or 1000 <= value != following_value
        if multiplies:
            return following_value < value
        place = 10 ** (len(str(int(value))) - 1)
        if value < 20 or value % place:
            return False
        limit = 20 if value in self.vigesimal else place
        return following_value < limit

    def _pieces(self, word: str) -> list[tuple[float, bool]] | None:
        """A word as number parts (value, multiplies): one word, or in a language that writes
        numbers as one word, the parts it splits into wholly ("duemila" = 2, 1000)."""
        if word in self.words:
            return [(self.words[word], False)]
        if word in self.multipliers:
            return [(self.multipliers[word], True)]
        if not self.compounds:
            return None
        return self._split(word)

    def _split(self, word: str) -> list[tuple[float, bool]] | None:
        if not word:
            return []
        for part, piece in self.compound_parts:
            if word.startswith(part):
                rest = word[len(part) :]
                for joint in ("", *self.joints):
                    if rest.startswith(joint):
                        tail = self._split(rest[len(joint) :])
                        if tail is not None and (joint == "" or tail):
                            return [piece, *tail]
        return None


def _plain_group_ends(text: str, end: int, capitalised_nouns: bool = False) -> bool:
    """After "3 500" in a language that rarely groups with plain spaces: a lowercase word or
    punctuation, so the groups are one number; not a name ("400 737 Max jets"), a digit or a
    glued compound ("2 100-metre races"). Where every noun is capitalised ("3 500 Menschen")
    a capitalised word with lowercase letters after its first is the counted noun too."""
    following = text[end : end + 3].lstrip(" \u00a0")[:2]
    first = following[:1]
    if first.isdigit() or first in ("-", "–"):
        return False
    return not first.isupper() or (capitalised_nouns and following[1:].islower())


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
    article: Article,
    lexicon: LanguageLexicon,
    start: int,
    end: int,
    value: float,
    spelled_scale: float = 1.0,
) -> Quantity:
    """The quantity of the number ``value`` at ``start..end``; a spelled-out one ending on a
    scale word ("dos mil millones") comes with that scale."""
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
    scale *= spelled_scale
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
    if upper is not None and scale == 1.0 and value * upper[2] <= upper[0]:
        value = quantity.value = value * upper[2]  # "entre dos y tres mil": both thousands
    if upper is not None and upper[0] > value:
        quantity.value_max, quantity.end = upper[:2]
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
) -> tuple[float, int, float] | None:
    """The upper number of "10-20", "10 – 20", "10 to 20" or "between 10 and 20" (the joints
    are the language's ``range_joints``, and ``range_openers`` with their joint), with the end
    of the range and of the unit after it when it repeats ("5% to 7%"), and the scale a
    spelled upper end ends on."""
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
    upper = _number_at(text, lexicon, joint.end())
    if upper is None:
        return None
    value, stop, scale = upper
    repeated = text[end : joint.start()].strip()  # "5% to 7%": the unit after both ends
    if repeated and text[stop : stop + len(repeated) + 1].lstrip().startswith(repeated):
        stop = text.index(repeated, stop) + len(repeated)
    return value, stop, scale


def _number_at(
    text: str, lexicon: LanguageLexicon, position: int
) -> tuple[float, int, float] | None:
    """The number in digits or in words right at ``position``: its value, its end and the
    scale a spelled one ends on."""
    digits = _UPPER.match(text, position)
    if digits is not None:
        value = parse_number(digits["num"], lexicon.decimal_mark)
        if value is None:
            return None
        scale, stop = _scale_after(text, lexicon, digits.end())  # "entre 1,1 et 1,4 million"
        return value * scale, stop, scale
    spelled = _Spelling.of(lexicon.code).read(text, position)
    if spelled is None:
        return None
    end, value, _, scale = spelled
    return value, end, scale


def _joint_after(text: str, end: int, joints: set[str]) -> re.Match[str] | None:
    """A joint word after ``end`` ("to", "and") with the spaces around it."""
    if not joints:
        return None
    alternatives = "|".join(re.escape(j) for j in sorted(joints, key=len, reverse=True))
    return re.compile(rf"[ \u00a0](?:{alternatives})[ \u00a0](?=\w)", re.I).match(text, end)


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
    whole = _number_at(text, lexicon, joint.end())
    if whole is None or _YEAR.match(text[joint.end() : whole[1]]):
        return None
    return whole[:2]


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


def _after_a_section_word(text: str, lexicon: LanguageLexicon, start: int) -> bool:
    """The number right after a word that numbers the parts of a law or a text ("article",
    "artículo", "Artikel", "section": the language's ``section_words``)."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = re.split(r"['’]", before.group(1).casefold())[-1]  # "l'article"
    return word in words(lexicon.code, "section_words")


def _table_rows(text: str) -> list[tuple[int, int]]:
    """Table rows flattened into prose: runs of at least ``_ROW_MIN_NUMBERS`` numbers with
    nothing between them but other numbers and capitalised names ("16 Erik Jones 2194 1 0 10
    17"); prose puts a lowercase word or a comma between its figures."""
    rows: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for word in [*_WORD.finditer(text), None]:
        if word is not None and word[0][:1].isdigit() and word[0][-1:] not in ",;:":
            run.append(word)
            continue
        if word is not None and word[0][:1].isupper() and word[0].isalpha():
            continue
        if len(run) >= _ROW_MIN_NUMBERS:
            rows.append((run[0].start(), run[-1].end()))
        run = []
    return rows


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
    if quantity.kind == "cardinal" and _after_a_section_word(text, lexicon, quantity.start):
        return True  # "l'article 49.3", "el artículo 155": a law's article, no figure
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
