"""Syndication credits: the line a copy prints to name who first published the article.

"This article was originally published on X", "Republished with permission from X",
"Source: X", "Courtesy of X", and the same in French, Spanish, Portuguese, German, Italian
and Dutch. One finder serves HTML blocks and text-dump lines alike, and returns the
credited name with its span in the text it was given.

A credit is a short line in which the cue is the line's subject (it opens the line, or
follows "this article/story/..."), so a body sentence citing where a study "was first
published" is not read as one. The name after the cue is a run of capitalised words (or a
domain) that ends at punctuation, a dash, a URL or a function word ("on <date>", "under a
licence", "and is republished"); a run followed by a lower-case content word ("News
websites", "Reuters reporters") names a kind of thing, not an outlet, and is rejected.

A wire dateline ("SANTA FE, N.M. (AP) —", "(Reuters) -", "Sept. 15 (UPI) -") opening one of
the first paragraphs credits the news agency that wrote the story, when the name in brackets
is one of the agencies of the ``wire_agencies`` list (a station's own call sign in a dateline,
"(WOLO)", credits nobody).

A label credit ("Source: X", "Courtesy of X", "Courtesy: X") names the original publisher
only when the name is all the line says and it is not a picture credit, which is one of:
- a label that does not open its line: "Photo courtesy of ...", "Image source: ...";
- a name with a picture word in it, which is how picture agencies call themselves: a word
  opening with photo, foto, image, imagen, picture, video, graphic or illustration
  ("Getty Images", "AP Photo", "Reuters Pictures", "Fotografie"), a whole word such as pics,
  bild or beeld, or a compound closing with stock or photo ("Shutterstock");
- after "Courtesy", a bare person's name: two or three capitalised words none of which is
  outlet-like ("News", "Times", "Zeitung", ...), an article, a joiner, an acronym or a
  number. "Courtesy of Ana Lima" thanks whoever lent the picture; "Courtesy of The River
  Daily" credits the outlet a copy is republished from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from counterpoint.lexicon import words

# A credit is a one-line note; a longer text is prose that happens to contain a cue.
CREDIT_MAX_WORDS = 30
NAME_MAX_WORDS = 8
# Words that make the credit the line's subject: "This article ...", "Cet article ...".
SUBJECT_WORDS = (
    r"this|it|article|story|post|piece|column|version|report|essay|interview|content|"
    r"cet|cette|texte|este|esta|artículo|nota|texto|artigo|matéria|dieser|diese|artikel|"
    r"beitrag|text|questo|articolo|dit|stuk"
)
# What precedes a publishing cue: the start of the line (after an optional "Editor's note:"
# label), or a subject word earlier in the same sentence.
CREDIT_SUBJECT = rf"(?:^[^\w\n]*(?:[\w'’ ]{{1,30}}:\s*)?|\b(?:{SUBJECT_WORDS})\b[^.!?\n]{{0,40}}?)"
PUBLISHED_CUE = (
    # English: originally published on, first appeared in, republished with permission from
    r"(?:originally|first|initially)\s+(?:published|appeared|ran|posted|printed|aired)"
    r"\s+(?:on|in|at|by)"
    r"|(?:re-?published|reprinted|reproduced)"
    r"(?:\s+(?:here\s+)?(?:with|by)\s+(?:the\s+)?(?:kind\s+)?permission)?\s+(?:from|by|of)"
    # French: publié à l'origine sur, initialement paru dans
    r"|(?:publiée?|parue?)\s+(?:à\s+l['’]origine|initialement|originellement)"
    r"\s+(?:sur|dans|par|chez)"
    r"|(?:initialement|originellement)\s+(?:publiée?|parue?)\s+(?:sur|dans|par|chez)"
    # Spanish and Portuguese: publicado originalmente en / em / no / na
    r"|(?:publicad[oa]\s+originalmente|originalmente\s+publicad[oa])"
    r"\s+(?:en|em|no|na|por|pelo|pela)"
    # German: zuerst erschienen in / auf / bei, erschien zuerst auf
    r"|(?:(?:zuerst|ursprünglich|erstmals)\s+(?:erschienen|veröffentlicht)"
    r"|erschien\s+(?:zuerst|ursprünglich|erstmals))\s+(?:in|im|auf|bei|von)"
    # Italian: pubblicato originariamente su
    r"|(?:pubblicat[oa]\s+(?:originariamente|originalmente)"
    r"|(?:originariamente|originalmente)\s+pubblicat[oa])\s+(?:su|sul|sulla|in|da|nel|nella)"
    # Dutch: oorspronkelijk gepubliceerd op, verscheen eerder in
    r"|(?:oorspronkelijk\s+(?:gepubliceerd|verschenen)|eerder\s+verschenen"
    r"|verscheen\s+(?:eerder|oorspronkelijk|eerst))\s+(?:op|in|bij|door)"
)
CREDIT_CUE = re.compile(
    rf"{CREDIT_SUBJECT}(?:{PUBLISHED_CUE})\s+"
    # a source label opens its line: "Source: X" (not "Sources:"), "Courtesy of X"
    r"|^[^\w\n]*(?P<label>source\s*:|(?P<courtesy>courtesy)(?:\s+of|\s*:))\s*",
    re.IGNORECASE | re.MULTILINE,
)
# Picture words: opening a word ("Photography", "Imágenes"), as whole words only where they
# open other words too ("Bildung" is no picture), or closing a compound ("Shutterstock").
PICTURE_WORD = re.compile(
    r"\b(?:photo|foto|image|imágen|immagin|picture|video|vídeo|graphic|gráfic|illustra|ilustra)"
    r"|\b(?:pics?|pix|bild|bilder|beeld|beelden|footage)\b"
    r"|\B(?:stock|photo|foto)\b",
    re.IGNORECASE,
)
# A person's name: two or three capitalised words ("Ana Lima", "Ana M. Lima", "Jean-Luc Roy").
PERSON_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|[^\W\d_]\.")
# Words that make a name an outlet's or an organisation's rather than a person's.
OUTLET_WORDS = frozenset(words("common", "credit_outlet_words"))
NAME_TOKEN = re.compile(r"\S+")
OPENING_MARKS = "\"'“‘«("
CLOSING_MARKS = "\"'”’»)"
SEPARATORS = frozenset({"-", "–", "—", "|", "/", "·", "•"})
URL_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
URL_HOST = re.compile(r"(?:https?://)?(?:www\.)?(?P<host>[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
DOMAIN = re.compile(r"\w\.[a-z]{2,}\b")
INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
# Lower-case words that join the parts of a name ("Bank of England", "El Diario de Sevilla").
NAME_JOINERS = frozenset(words("common", "credit_name_joiners"))
# A lower-case article before the name: "on the Guardian" credits "Guardian".
LEADING_ARTICLES = frozenset(words("common", "credit_leading_articles"))
# Function words that may follow a name and end it: a preposition, conjunction or verb
# starting the rest of the sentence ("X on 3 May", "X under a licence", "X and is ...").
NAME_ENDERS = frozenset(words("common", "credit_name_enders"))
DATE_WORD = re.compile(
    r"\d+(?:st|nd|rd|th)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    re.IGNORECASE,
)


# A dateline's place or date (words that open with a capital or a digit: "ST. JOSEPH, Mich.",
# "Sept. 15"), the agency in brackets, then a dash: only at a paragraph's start.
WIRE_DATELINE = re.compile(
    r"[^\S\n]*(?:[^\W_a-z][\w.,'’/-]*[^\S\n]+){0,6}\((?P<name>[^()\n]{1,40})\)[^\S\n]*[—–-]"
)


@dataclass(frozen=True, slots=True)
class Credit:
    """The outlet a syndication credit names: ``text[start:end] == name``."""

    name: str
    start: int
    end: int


def find_credit(text: str) -> Credit | None:
    """The original publisher a short credit line names, or ``None`` when ``text`` is not
    one (too long, no cue, or no proper name after the cue)."""
    if len(text.split()) > CREDIT_MAX_WORDS:
        return None
    for cue in CREDIT_CUE.finditer(text):
        credit = _name_after(text, cue.end())
        if credit is None:
            continue
        # A label credits an outlet only when the name is all it says ("Source: Ministry of
        # Health, 25 October" cites where a figure comes from) and it credits no picture.
        if cue["label"] and (
            _continues(text, credit.end)
            or PICTURE_WORD.search(credit.name)
            or (cue["courtesy"] and _is_person_name(credit.name))
        ):
            continue
        return credit
    return None


def find_wire_dateline(paragraph: str) -> str | None:
    """The agency a wire dateline opening ``paragraph`` credits, by its full name."""
    match = WIRE_DATELINE.match(paragraph)
    return _wire_agencies().get(match["name"].strip().casefold()) if match else None


def is_own_wire(agency: str, outlet: str | None, url: str | None) -> bool:
    """Whether the agency is the page's own outlet (Reuters' own site, apnews.com)."""
    names = {_squashed(name) for name in _agency_names(agency)}
    host = URL_HOST.match(url or "")
    own = [_squashed(outlet or ""), _squashed(host["host"].split(".")[0]) if host else ""]
    # "The Associated Press", "AP News", apnews.com all name the agency itself.
    bare = {name.removeprefix("the").removesuffix("news") for name in own if name}
    return bool(names & ({name for name in own if name} | bare))


def _agency_names(agency: str) -> tuple[str, ...]:
    return next((tuple(n) for n in words("common", "wire_agencies") if n[0] == agency), ())


@cache
def _wire_agencies() -> dict[str, str]:
    """Every name of a news agency, case-folded, with the agency's full name."""
    agencies = words("common", "wire_agencies")
    return {name.casefold(): names[0] for names in agencies for name in names}


def _squashed(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _is_person_name(name: str) -> bool:
    """Whether ``name`` looks like a person's: two or three capitalised words, none of them
    outlet-like, an article ("The Conversation"), an acronym ("NASA") or lower case."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(
        PERSON_NAME_WORD.fullmatch(word)
        and word[0].isupper()
        and not word[1:].isupper()
        and word.lower() not in OUTLET_WORDS
        and word.lower() not in LEADING_ARTICLES
        for word in words
    )


def _continues(text: str, position: int) -> bool:
    """Whether the line goes on with more than closing punctuation after ``position``."""
    rest = text[position:].split("\n", 1)[0]
    return bool(rest.strip(" .;:!?" + CLOSING_MARKS))


def _name_after(text: str, position: int) -> Credit | None:
    """The name that starts at ``position``: capitalised words up to where it ends."""
    line_end = text.find("\n", position)
    segment_end = len(text) if line_end < 0 else line_end
    words: list[tuple[int, int]] = []  # spans of the name's words
    pending_joiners: list[tuple[int, int]] = []  # joiners kept only if a name word follows
    for token in NAME_TOKEN.finditer(text, position, segment_end):
        start, end = token.span()
        if not words:
            start += len(token.group()) - len(token.group().lstrip(OPENING_MARKS))
        word = text[start:end]
        if not word:
            continue  # a lone opening quote
        if URL_START.match(word):
            host = URL_HOST.match(word)
            if host and not words:  # "Originally published at www.example.com" names the host
                return Credit(host["host"], start + host.start("host"), start + host.end("host"))
            break
        if word in SEPARATORS or word[0] in OPENING_MARKS:
            break
        core_end = _core_end(text, start, end)
        core = text[start:core_end]
        if not words and core.lower() in LEADING_ARTICLES and core[:1].islower():
            continue  # "on the Guardian" names "Guardian"; "The Guardian" keeps its article
        if _is_name_word(core):
            words.extend(pending_joiners)
            pending_joiners = []
            words.append((start, core_end))
        elif core.lower() in NAME_JOINERS and words:
            pending_joiners.append((start, core_end))
        elif pending_joiners or core.lower() in NAME_ENDERS or not core:
            break  # a function word, or a joiner that started the rest of the sentence
        else:
            return None  # capitalised words modifying a common noun: not an outlet's name
        if len(words) > NAME_MAX_WORDS:
            return None
        if core_end < end:
            break  # punctuation or a closing quote ends the name
    if not words:
        return None
    name_start, name_end = words[0][0], words[-1][1]
    name = text[name_start:name_end]
    if all(DATE_WORD.fullmatch(word) for word in name.split()):
        return None  # "first published on Monday", "first appeared in 2019"
    return Credit(name, name_start, name_end)


def _core_end(text: str, start: int, end: int) -> int:
    """Where a token's word ends before trailing punctuation, keeping the dots of initials
    ("U.S.") since they do not end the sentence."""
    core_end = end
    while core_end > start and text[core_end - 1] in ".,;:!?" + CLOSING_MARKS:
        core_end -= 1
    if core_end < end and text[core_end] == "." and INITIALS.fullmatch(text[start : core_end + 1]):
        core_end += 1
    return core_end


def _is_name_word(word: str) -> bool:
    """A word that can be part of an outlet's name: capitalised, a number, a domain or "&"."""
    return word[:1].isupper() or word[:1].isdigit() or word == "&" or bool(DOMAIN.search(word))
