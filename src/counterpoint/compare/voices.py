"""Who is quoted in a story: one entry per person or organisation, and each outlet's balance.

Read from the quotes layer (each quote's resolved ``speaker`` and the mention it was resolved
from) and the entities. A speaker is one voice however it is written: "Mayor Henrik Olm",
"Mayor of Dravik Henrik Olm", "Olm" and "he" (resolved) are Henrik Olm, by entity id, by the
name with its titles stripped, by a surname that names one person of the story, and by a role
("Belmora's energy minister") a named voice is given in the same story. What is written around
the name is kept as the role ("Mayor of Dravik") and the affiliation ("a spokesman for Y",
"Y's energy minister", "Kelvane spokesperson"). Speakers that are no one are dropped: an
unresolved pronoun, a document ("reports", "the paper", "Questions"), an entity whose label is
not a person or an organisation and that no role marks as one.

The group (official, opposition, expert, affected, other) is a heuristic: words of the
``groups`` lists in ``data/voices.json`` found in a voice's roles, affiliations and names.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from counterpoint import lexicon
from counterpoint.model import Article, Entity, Quote, Voice, VoiceBalance, VoiceGroup, VoiceQuote

Kind = Literal["person", "organisation"]
GROUPS: tuple[VoiceGroup, ...] = ("official", "opposition", "expert", "affected", "other")
# Mentions of a full name read for its introduction (a long article names a person often).
INTRODUCTIONS_READ = 8
_EDGE = " \t\n,;:-\u2013\u2014\"'\u201c\u201d\u2018\u2019()"


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = lexicon.table("voices")
    return data


@cache
def _set(name: str) -> frozenset[str]:
    return frozenset(_data()[name])


@cache
def _phrase(words: tuple[str, ...]) -> re.Pattern[str]:
    """One whole-word alternation of ``words``, longest first."""
    alternatives = sorted(words, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w'])")


@cache
def _appositive() -> re.Pattern[str]:
    """ ", a spokesman for Y", ", the head of Y", ", 54, a farmer from ...": a role after the
    name that closes (a comma, a stop, a relative clause), so the words of a sentence that
    goes on ("according to X, the inspectors found ...") are no role."""
    opening = "|".join(("a", "an", "the", *map(re.escape, _role_word_list())))
    return re.compile(
        rf"^\s*,\s*(?:\d+\s*,\s*)?(?=(?:{opening})\b)(?:(?:a|an|the)\s+)?"
        r"((?:(?!\s(?:who|which|that|whose)\s)[^,.;:\"\u201c\u201d]){2,120}?)"
        r"(?=\s*[,.;:]|\s*$|\s(?:who|which|that|whose)\s)"
    )


@cache
def _role_word_list() -> tuple[str, ...]:
    """Titles and the words of every group: what marks a phrase as a role."""
    found = {*_data()["name_titles"], *(w for words in _data()["groups"].values() for w in words)}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


def _role_words() -> re.Pattern[str]:
    return _phrase(_role_word_list())


@dataclass(slots=True)
class _Mention:
    """One quote's speaker as one article writes it."""

    article: Article
    quote: Quote
    outlet: str
    name: str
    kind: Kind
    role: str | None
    affiliation: str | None
    entity: Entity | None
    role_only: bool


def story_voices(
    articles: list[Article], outlet_of: dict[str, str]
) -> tuple[list[Voice], list[VoiceBalance]]:
    """The voices of the story made of ``articles`` (most quoted first) and, per outlet
    (``outlet_of``: article id -> independent outlet), how many quotes each group gets. A quote
    a copy repeats under the same outlet counts once."""
    mentions = []
    seen: set[tuple[str, str, str]] = set()
    for article in articles:
        outlet = outlet_of[article.id]
        for quote in article.quotes:
            mention = _mention(article, quote, outlet)
            words = " ".join(article.text[quote.start : quote.end].casefold().split())
            if mention is None or (outlet, mention.name, words) in seen:
                continue
            seen.add((outlet, mention.name, words))
            mentions.append(mention)
    voices = [_voice(group) for group in _merged(mentions)]
    voices.sort(key=lambda v: (-len(v.quotes), v.speaker))
    balance = []
    for outlet in sorted({outlet_of[article.id] for article in articles}):
        counts: dict[str, int] = dict.fromkeys(GROUPS, 0)
        for voice in voices:
            counts[voice.group] += sum(1 for q in voice.quotes if q.outlet == outlet)
        balance.append(VoiceBalance(outlet=outlet, groups=counts))
    return voices, balance


def _mention(article: Article, quote: Quote, outlet: str) -> _Mention | None:
    """The speaker of ``quote`` with its role and affiliation, or ``None`` when it is no one."""
    speaker = _without_heading(_clean(quote.speaker or ""))
    first = speaker.split(" ")[0]
    # a pronoun never resolved, or a phrase cut from a longer one ("of the group")
    if not speaker or speaker.casefold() in _set("pronouns") or first in _set("title_openers"):
        return None
    written = ""
    after = ""
    if quote.speaker_start is not None and quote.speaker_end is not None:
        written = _clean(article.text[quote.speaker_start : quote.speaker_end])
        after = article.text[quote.speaker_end : quote.speaker_end + 160]
    name, title = _strip_titles(speaker)
    if not name or name.split(" ")[0] in _set("title_openers"):
        # all title, or a title of something ("Secretary General of the group"): a role
        name, title = speaker, None
    role_parts = [part for part in (_prefix_role(written, name), title) if part]
    affiliation = None
    appositive = _appositive().match(after)
    if appositive and quote.speaker_end is not None and not _inside(quote, appositive.end()):
        stated, affiliation = _split_affiliation(appositive.group(1).strip(_EDGE))
        role_parts.append(stated)
    if not role_parts:
        introduced, affiliation = _introduction(article, name)
        role_parts += [introduced] if introduced else []
    role = max(role_parts, key=len) if role_parts else None
    if role and affiliation is None:
        role, affiliation = _leading_affiliation(role, article)
    entity = _entity_of(article, quote, name)
    head = name.casefold().split()[-1]
    if (
        len(name) < 2
        or head in _set("non_speakers")
        or name.casefold() in _set("non_speakers")
        # "setup of visiting the remnants ...": what the phrase is before what it is of
        or (
            name.islower() and {head, _head(name)} & (_set("non_speakers") | _set("abstract_nouns"))
        )
    ):
        return None
    if entity is not None and entity.label in _set("non_speaker_labels") and not role:
        return None
    kind = _kind(name, entity, role)
    role_only = kind == "person" and entity is None and name.split()[-1].islower()
    return _Mention(
        article, quote, outlet, name, kind, role, affiliation, entity, role_only=role_only
    )


def _introduction(article: Article, name: str) -> tuple[str | None, str | None]:
    """The role and affiliation the article gives a full name where it first writes it
    ("For Palestinian analyst Diana Buttu", "James Jeffrey, a veteran diplomat at X,"), for a
    quote whose own mention says nothing of them ("Ms. Buttu", "she")."""
    if len(name.split()) < 2:
        return None, None
    # The first mention is often the headline's, which gives no title ("Blinken's Total
    # Failure ..."), so the mentions are read in order until one introduces the name.
    for found in itertools.islice(re.finditer(re.escape(name), article.text), INTRODUCTIONS_READ):
        at = found.start()
        clause = re.split(r"[.;:!?,()\"\u201c\u201d\n]", article.text[max(0, at - 80) : at])[-1]
        before = _title_run(clause.split())
        if before and _role_words().search(before.casefold()):
            return _leading_affiliation(before, article)
        appositive = _appositive().match(article.text[found.end() : found.end() + 160])
        if appositive:
            return _split_affiliation(appositive.group(1).strip(_EDGE))
    return None, None


def _title_run(words: list[str]) -> str:
    """The words right before a name that belong to its title: capitalised words and role
    words, joined by "of"/"for" ("US Secretary of State", "Palestinian analyst"), not the
    clause's verb or preposition ("brought by")."""
    kept = len(words)
    while kept > 0:
        word = words[kept - 1]
        is_title = word[:1].isupper() or _role_words().fullmatch(word.casefold()) is not None
        joined = (
            word.casefold() in _set("title_joiners")
            and kept >= 2
            and words[kept - 2][:1].isupper()
            and kept < len(words)
        )
        if not (is_title or joined):
            break
        kept -= 1
    # a sentence's first word is capitalised too: "For Palestinian analyst ..."
    while kept < len(words) and words[kept].casefold() in _set("title_openers"):
        kept += 1
    return _clean(" ".join(words[kept:]))


def _inside(quote: Quote, offset: int) -> bool:
    """Whether the words after the speaker up to ``offset`` are the quote itself ("according
    to the ministry, the inspectorate visited ..."), not an apposition to the speaker."""
    assert quote.speaker_end is not None
    return quote.start < quote.speaker_end + offset and quote.speaker_end < quote.end


def _clean(text: str) -> str:
    words = " ".join(text.split()).strip(_EDGE).split(" ")
    while len(words) > 1 and words[0].casefold() in _set("determiners"):
        words = words[1:]
    cleaned = " ".join(words).removesuffix("'s").removesuffix("\u2019s")
    # an excerpt cut inside a bracket: "World Health Organization (WHO"
    return re.sub(r"\s*\([^)]*$", "", cleaned).strip(_EDGE)


def _without_heading(speaker: str) -> str:
    """The speaker without a heading the page glued before it ("Impact of the Sentence Some
    legal experts" -> "Some legal experts"): a capitalised determiner inside the phrase, after
    a capitalised word rather than a joiner ("Secretary of The Treasury"), opens the phrase."""
    words = speaker.split(" ")
    openers = _set("determiners") | _set("phrase_openers")
    for at in range(1, len(words)):
        if (
            words[at][:1].isupper()
            and words[at].casefold() in openers
            and words[at - 1][:1].isupper()
            and at + 1 < len(words)
        ):
            return " ".join(words[at:])
    return speaker


def _strip_titles(speaker: str) -> tuple[str, str | None]:
    """("Henrik Olm", "Mayor of Dravik") from "Mayor of Dravik Henrik Olm": leading titles
    and one "of <Place>" after them; a speaker that is all title is left whole."""
    titles = _phrase(tuple(_data()["name_titles"]))
    rest = speaker
    taken = []
    while True:
        found = titles.match(rest.casefold())
        if not found or found.end() == len(rest):
            break
        taken.append(rest[: found.end()])
        rest = rest[found.end() :].lstrip()
    if taken:
        place = re.match(r"(?:of|for)\s+([A-Z][\w'\u2019-]*)\s+(?=[A-Z])", rest)
        if place and len(rest[place.end() :].split()) >= 2:
            taken.append(rest[: place.end()].strip())
            rest = rest[place.end() :]
    title = " ".join(taken).strip(_EDGE) or None
    return rest.strip(_EDGE), title


def _prefix_role(written: str, name: str) -> str | None:
    """What the mention writes before the name: "Opposition leader" of "Opposition leader
    Tomas Rendel", "Belmora's energy minister" of "Belmora's energy minister, Dario Vesk"."""
    at = written.rfind(name)
    if at <= 0:
        return None
    return _clean(written[:at]) or None


def _split_affiliation(role: str) -> tuple[str, str | None]:
    """("spokesman", "Kelvane") from "spokesman for Kelvane": a named body after a link
    word; "farmer from the village of Ostervik" stays whole (no name follows the link)."""
    links = "|".join(map(re.escape, _data()["affiliation_links"]))
    for found in re.finditer(rf"\s({links})\s+(?:the\s+)?(?=[A-Z])", role):
        # "head of X" names X's head; "farmer from the village of X" names no body.
        if found.group(1) in _data()["place_links"] and len(role[: found.start()].split()) > 1:
            continue
        return role[: found.start()].strip(_EDGE), role[found.end() :].strip(_EDGE)
    return role, None


def _leading_affiliation(role: str, article: Article) -> tuple[str, str | None]:
    """("energy minister", "Belmora") from "Belmora's energy minister"; ("spokesperson",
    "Kelvane") from "Kelvane spokesperson" and ("CEO", "Crypto Council for Innovation") from
    "Crypto Council for Innovation CEO" when the article names the body as an entity."""
    possessive = re.match(r"^(.+?)['\u2019]s\s+(.+)$", role)
    if possessive:
        return possessive.group(2), possessive.group(1)
    named = [
        article.text[e.start : e.end] + " "
        for e in article.entities
        if e.label not in _set("nationality_labels")
    ]
    words = role.split()
    # the longest title at the end, written in lower case ("leader", "fire chief") or as an
    # acronym ("CEO"), after a body the article names; "Labour Minister", "Thai Prime
    # Minister" are one title
    for split in range(1, len(words)):
        title, body = " ".join(words[split:]), " ".join(words[:split])
        lowered = title[:1].islower() or (title.isupper() and len(title) <= 4)
        if (
            lowered
            and _role_words().fullmatch(title.casefold())
            and any(entity.startswith(body + " ") for entity in named)
        ):
            return title, body
    return role, None


def _entity_of(article: Article, quote: Quote, name: str) -> Entity | None:
    """The entity the speaker is: one inside its mention whose words or canonical name are
    the speaker's, else any of the article with that canonical name."""
    folded = name.casefold()
    start, end = quote.speaker_start, quote.speaker_end
    for entity in article.entities:
        words = article.text[entity.start : entity.end].casefold()
        same = folded in (words, entity.canonical.casefold())
        inside = start is not None and end is not None and start <= entity.start < end
        if same and inside:
            return entity
    for entity in article.entities:
        if entity.canonical.casefold() == folded:
            return entity
    return None


def _kind(name: str, entity: Entity | None, role: str | None) -> Kind:
    if _head(name) in _set("organisation_heads") or _head(role) in _set("organisation_heads"):
        return "organisation"
    if _is_acronym(name):
        # "WHO", "KTSA": a body's initials, whatever the tagger called them
        return "organisation"
    if role:
        return "person"
    if entity is not None and entity.label in _set("organisation_labels"):
        return "organisation"
    return "person"


def _is_acronym(name: str) -> bool:
    return len(name) >= 2 and name.isalpha() and name.isupper()


def _initials(name: str) -> str:
    """The initials of a body's capitalised words ("CAAT" of "Civil Aviation Authority of
    Thailand")."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _head(phrase: str | None) -> str:
    """A phrase's own noun, before what it is of: "office" of "Office for the Coordination
    of Humanitarian Affairs", "president" of "president of the Middle East program"."""
    links = "|".join(map(re.escape, _data()["affiliation_links"]))
    words = re.split(rf"\s(?:{links})\s", (phrase or "").casefold())[0].split()
    return words[-1] if words else ""


def _merged(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions grouped into voices (see the module docstring)."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    first_of: dict[str, int] = {}
    for i, mention in enumerate(mentions):
        for key in _keys(mention):
            if key in first_of:
                join(i, first_of[key])
            else:
                first_of[key] = i
    # A short form joins the one voice of the story it can be: a surname or a given name
    # ("Olm", "Tanee", "Lee" of "Lee Jung-hyun") of one person, the first words of one body's
    # name ("Kelvane" of "Kelvane Energy Cells"), a role one named voice is given.
    people: dict[str, set[int]] = defaultdict(set)
    bodies: dict[str, set[int]] = defaultdict(set)
    roles: dict[str, set[int]] = defaultdict(set)
    # who each voice is so far (by its names), for telling a surname's other bearer apart
    named: dict[int, list[_Mention]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        named[find(i)].append(mention)
    for i, mention in enumerate(mentions):
        words = mention.name.casefold().split()
        if mention.kind == "person" and len(words) >= 2 and not mention.role_only:
            for short in (words[0], words[-1], " ".join(words[1:]), " ".join(words[-2:])):
                people[short].add(i)
        if mention.kind == "organisation":
            for end in range(1, len(words)):
                bodies[" ".join(words[:end])].add(i)
        if mention.role and not mention.role_only:
            roles[_role_key(mention)].add(i)
    for i, mention in enumerate(mentions):
        name = mention.name.casefold()
        if mention.role_only:
            owners = roles.get(name, set())
        elif mention.kind == "person" or " " not in name:
            owners = people.get(name, set()) | bodies.get(name, set())
        else:
            owners = bodies.get(name, set())
        longer = {o for o in owners if _generic_extension(name, mentions[o].name.casefold())}
        if longer and longer == owners:
            # "Libyan Red Crescent" is the "... Society" and the "... aid organization"
            for owner in longer:
                join(i, owner)
            continue
        owners = {find(owner) for owner in owners} - {find(i)}
        if len(owners) == 1 and not _other_role(mention, named.get(next(iter(owners)), [])):
            join(i, owners.pop())
    # An acronym joins the one body of the story whose name it is the initials of ("CAAT",
    # "Civil Aviation Authority of Thailand").
    spelt_out: dict[str, set[int]] = defaultdict(set)
    for i, mention in enumerate(mentions):
        if mention.kind == "organisation" and len(mention.name.split()) >= 2:
            spelt_out[_initials(mention.name)].add(find(i))
    for i, mention in enumerate(mentions):
        if _is_acronym(mention.name):
            owners = spelt_out.get(mention.name, set()) - {find(i)}
            if len(owners) == 1:
                join(i, owners.pop())
    # One name spelt two ways ("Tawfiq al-Shukri", "Tawfiq Shukri"; "Othman Abduljaleel",
    # "Othman Abdel Jalil"): the same given name and nearly the same letters.
    by_given_name: dict[str, dict[str, int]] = defaultdict(dict)
    for i, mention in enumerate(mentions):
        words = mention.name.split()
        if mention.kind == "person" and not mention.role_only and len(words) >= 2:
            by_given_name[words[0].casefold()].setdefault(mention.name, i)
    for spellings in by_given_name.values():
        names = list(spellings)
        for a, one in enumerate(names):
            for other in names[a + 1 :]:
                i, j = spellings[one], spellings[other]
                if find(i) != find(j) and _same_spelling(one, other):
                    join(i, j)
    groups: dict[int, list[_Mention]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        groups[find(i)].append(mention)
    return list(groups.values())


def _other_role(mention: _Mention, group: list[_Mention]) -> bool:
    """Whether a surname another article gives a role of its own is someone else: "Lee, a
    32-year-old flight attendant" is not the "Fire Chief Lee Jung-hyun" of another outlet
    when no word of their roles is shared ("Judge Kaplan" is "District Judge Lewis Kaplan")."""
    if mention.kind != "person" or " " in mention.name or not mention.role:
        return False
    if any(m.article.id == mention.article.id for m in group):
        return False
    theirs = {w for m in group if m.role for w in _role_words_of(m.role)}
    return bool(theirs) and not theirs & _role_words_of(mention.role)


def _role_words_of(role: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", role.casefold()) if len(w) > 2}


def _generic_extension(name: str, longer: str) -> bool:
    """Whether ``longer`` is ``name`` and words that name no other body: lower-case words
    and organisation nouns ("Society", "aid organization")."""
    added = longer.removeprefix(name + " ").split()
    return (
        longer.startswith(name + " ")
        and len(name.split()) >= 2
        and all(w in _set("organisation_heads") or w.islower() for w in added)
        and any(w in _set("organisation_heads") for w in added)
    )


def _same_spelling(one: str, other: str) -> bool:
    ratio = difflib.SequenceMatcher(None, _letters(one), _letters(other)).ratio()
    return bool(ratio >= _data()["same_spelling_ratio"])


def _letters(name: str) -> str:
    """The letters of a name without its particles ("al-", "el-") and separators."""
    particles = "|".join(map(re.escape, _data()["name_particles"]))
    bare = re.sub(rf"(?<![\w'])(?:{particles})[-\s]", "", name.casefold())
    return "".join(ch for ch in bare if ch.isalpha())


def _keys(mention: _Mention) -> list[str]:
    keys = [f"name:{mention.name.casefold()}"]
    entity = mention.entity
    if (
        mention.kind == "person"
        and " " not in mention.name
        and mention.role
        and (entity is None or " " not in entity.canonical)
    ):
        # a surname with a role of its own is that article's person until the roles say
        # whose (see _other_role); its entity is the bare surname too, shared by namesakes
        return [f"name:{mention.article.id}:{mention.name.casefold()}"]
    if entity is not None and _entity_agrees(mention):
        keys.append(f"entity:{entity.entity_id}")
        keys.append(f"name:{entity.canonical.casefold()}")
    return keys


def _display_name(mention: _Mention) -> str:
    """The resolved actor's name ("Mahmoud Abbas" for "Abu Mazen") when the entity is of the
    mention's kind, else the name as written, titles stripped."""
    if mention.entity is not None and _entity_agrees(mention):
        return mention.entity.canonical
    return mention.name


def _entity_agrees(mention: _Mention) -> bool:
    entity = mention.entity
    if entity is None:
        return False
    return (entity.label in _set("person_labels")) == (mention.kind == "person")


def _role_key(mention: _Mention) -> str:
    role = mention.role or ""
    if mention.affiliation:
        return f"{mention.affiliation}'s {role}".casefold()
    return role.casefold()


def _voice(mentions: list[_Mention]) -> Voice:
    named = [m for m in mentions if not m.role_only] or mentions
    names = Counter(_display_name(m) for m in named)
    speaker = max(names, key=lambda n: (len(n.split()) >= 2, names[n], -len(n), n))
    kind = next(m.kind for m in named if _display_name(m) == speaker)
    roles = [m.role for m in mentions if m.role and not m.role_only]
    affiliations = Counter(m.affiliation for m in mentions if m.affiliation)
    entity_ids = [m.entity.entity_id for m in named if m.entity is not None]
    quotes = [
        VoiceQuote(
            article_id=m.article.id,
            start=m.quote.start,
            end=m.quote.end,
            type=m.quote.type,
            outlet=m.outlet,
        )
        for m in sorted(mentions, key=lambda m: (m.outlet, m.article.id, m.quote.start))
    ]
    return Voice(
        speaker=speaker,
        kind=kind,
        group=_group(mentions),
        entity_id=entity_ids[0] if entity_ids else None,
        role=max(roles, key=lambda r: (len(r), r)) if roles else None,
        affiliation=affiliations.most_common(1)[0][0] if affiliations else None,
        outlets=sorted({m.outlet for m in mentions}),
        quotes=quotes,
    )


def _group(mentions: list[_Mention]) -> VoiceGroup:
    """The group whose words the voice's roles, affiliations and names hit most often (ties
    by ``group_order``); the words written around a mention count as its role."""
    hits: Counter[str] = Counter()
    for mention in mentions:
        quote = mention.quote
        written = ""
        if quote.speaker_start is not None and quote.speaker_end is not None:
            written = mention.article.text[quote.speaker_start : quote.speaker_end]
        words = " ".join(
            part for part in (written, mention.role, mention.affiliation, mention.name) if part
        ).casefold()
        if _phrase(tuple(_data()["media"])).search(words):
            # the press relays the story; it is no side of it
            return "other"
        found = {
            g for g in _data()["group_order"] if _phrase(tuple(_data()["groups"][g])).search(words)
        }
        if "official" in found and _phrase(tuple(_data()["former_words"])).search(
            (mention.role or written).casefold()
        ):
            # a former prosecutor or envoy speaks from what they know, not for an office
            found = (found - {"official"}) | {"expert"}
        hits.update(found)
    for mention in mentions:
        if mention.entity is not None and mention.entity.label in _set("official_labels"):
            hits["official"] += 1
    if not hits:
        return "other"
    order: list[VoiceGroup] = _data()["group_order"]
    return max(order, key=lambda g: (hits[g], -order.index(g)))
