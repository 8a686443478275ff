"""Speaker mentions: from a cue token to the noun phrase that speaks, and from a pronoun, a
role ("the official") or a bare surname to the full name of someone named earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from counterpoint.lexicon import table
from counterpoint.model import Article, Quote
from counterpoint.registry import DEFAULT_SPEAKER_RANKER, check_speaker_ranker
from counterpoint.registry import SPEAKER_RANKERS as SPEAKER_RANKERS  # named here too

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSONAL_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
WORD = re.compile(r"[\w-]+")
# How far around a name a role word may stand and still be its title or apposition.
ROLE_WINDOW = 60
# How far ahead a role first given without a name ("China's ambassador") looks for it.
LOOKAHEAD_PARAGRAPHS = 3
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
# Words of a relative clause that keeps its role unnamed ("who asked not to be identified").
ANONYMOUS_WORDS = {"name", "identify", "anonymity", "anonymous", "authorize", "authorise"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
# "the humanitarian office, known as OCHA": participles that give a speaker its short name.
NAMING_VERBS = {"know", "call"}
AGE_UNITS = {"year", "years", "month", "months"}
SENTENCE_ENDS = ".!?:;\"”’'…"
# A capitalised name (with small words inside) and the acronym in brackets after it.
ACRONYM_DEFINED = re.compile(
    r"\b([A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|the|and|on|in))*)\s+\(([A-Z]{2,})\)"
)
DETERMINERS = ("the ", "a ", "an ")
ACRONYM = re.compile(r"[A-Z]{2,6}")
NAME_LABELS = {"PERSON"}
SOURCE_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Nouns for people by what they do: "auditor", "economist", "historian".
AGENT_SUFFIXES = ("or", "ist", "ian", "man")
# A passive subject is what was said about, never the speaker ("the plan was criticised").
SUBJECT_DEPS = {"nsubj", "csubj"}
OPENING_MARKS = {"“", "‘", '"', "«", "„"}
FUNCTION_POS = {"PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART"}
# Dependencies through which a subjectless cue inherits its governor's subject.
INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "ccomp", "acomp"}


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicons of ``data/quote_cues.json``."""

    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    predicate_verbs: frozenset[str]
    object_particles: dict[str, frozenset[str]]
    attribution_verbs: frozenset[str]
    clause_adjectives: frozenset[str]
    cue_nouns: frozenset[str]
    document_nouns: frozenset[str]
    publication_verbs: frozenset[str]
    institution_nouns: frozenset[str]
    standin_institution_nouns: frozenset[str]
    role_nouns: frozenset[str]
    male_words: frozenset[str]
    female_words: frozenset[str]
    male_kin_words: frozenset[str]
    female_kin_words: frozenset[str]
    title_words: frozenset[str]
    title_small_words: frozenset[str]
    belief_verbs: frozenset[str]
    belief_adjectives: frozenset[str]
    evidence_verbs: frozenset[str]
    title_nouns: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    role_synonyms: dict[str, frozenset[str]]

    @property
    def speech_verbs(self) -> frozenset[str]:
        return self.clause_verbs | self.object_verbs | self.attribution_verbs


@cache
def cues() -> Cues:
    data = table("quote_cues")
    sets = {
        key: frozenset(value)
        for key, value in data.items()
        if isinstance(value, list) and key != "source_phrases"
    }
    particles = {verb: frozenset(words) for verb, words in data["object_particles"].items()}
    synonyms = {role: frozenset(words) for role, words in data["role_synonyms"].items()}
    phrases = tuple(tuple(phrase) for phrase in data["source_phrases"])
    return Cues(object_particles=particles, source_phrases=phrases, role_synonyms=synonyms, **sets)


@dataclass(slots=True)
class Mention:
    """A speaker mention ``text[start:end]`` with its head token index."""

    start: int
    end: int
    head: int


@dataclass(slots=True)
class Person:
    """A mention of a named person; ``subject`` when the mention is its clause's subject."""

    name: str
    start: int
    gender: str | None = None
    subject: bool = False


@dataclass(slots=True)
class Speakers:
    """Who is named where in one article, for resolving pronouns, roles and surnames."""

    article: Article
    doc: Doc
    people: list[Person] = field(default_factory=list)
    # Unnamed people a later pronoun may mean: "Her father, aged 77, … He said": father.
    described: list[Person] = field(default_factory=list)
    # Genders learnt from the pronouns resolved to a name so far ("Jane Okafor … She said").
    learned: dict[str, str] = field(default_factory=dict)
    # (start, end, acronym): names the text shortens in brackets.
    acronyms: list[tuple[int, int, str]] = field(default_factory=list)
    # Resolved speakers in text order: (mention start, name, mention text, is a person).
    history: list[tuple[int, str, str, bool]] = field(default_factory=list)
    # (start, end) of the text in quote marks: a name there (a title, someone the speaker
    # speaks of) is no antecedent for a pronoun cue outside the marks.
    quoted: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, article: Article, doc: Doc) -> Speakers:
        speakers = cls(article, doc, acronyms=_acronyms(article.text))
        lexicon = cues()
        spans = [
            (e.start, e.end, _person_name(e.canonical, article.text[e.start : e.end]))
            for e in article.entities
            if e.label in NAME_LABELS
        ] or [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in NAME_LABELS]
        spans += _unlabelled_people(doc, {start for start, _end, _name in spans})
        spans.sort()
        genders: dict[str, str] = {}
        named: list[tuple[int, str, str | None]] = []
        for start, _end, name in spans:
            words = name.split()
            if len(words) == 1 and article.text[max(0, start - 4) : start].lower() == "the ":
                continue  # "the Moon": a one-word "name" after "the" is a thing
            # A title inside the tagged name or just before it tells the gender.
            before = article.text[max(0, start - 6) : start].lower().split()[-1:]
            while words and words[0].lower() in lexicon.title_words | lexicon.role_nouns:
                before = [words.pop(0).lower()]
            # A tagger's stray lower-case word is no first name ("rang Taylor").
            while len(words) > 1 and not words[0][:1].isupper():
                words.pop(0)
            if not words:
                continue
            gender = _gender_of_word(before[0]) if before else None
            named.append((start, " ".join(words), gender))
        # Full names by surname in text order: relatives share one ("Carlos Rivera … his
        # daughter, Ana Rivera"), so a bare surname is the one named last before it.
        by_surname: dict[str, list[tuple[int, str]]] = {}
        for start, name, _gender in named:
            if len(name.split()) >= 2:
                by_surname.setdefault(name.split()[-1].lower(), []).append((start, name))

        by_first: dict[str, set[str]] = {}
        for _start, name, _gender in named:
            if len(name.split()) >= 2:
                by_first.setdefault(name.split()[0].lower(), set()).add(name)

        def full(start: int, name: str) -> str:
            fulls = by_surname.get(name.split()[-1].lower(), [])
            if len(name.split()) == 1 and not fulls:
                # "Elise" for the one "Elise Matthesen" the article names.
                firsts = by_first.get(name.lower(), set())
                return next(iter(firsts)) if len(firsts) == 1 else name
            if len(name.split()) >= 2 or not fulls:
                return name
            earlier = [n for s, n in fulls if s <= start]
            return earlier[-1] if earlier else fulls[0][1]

        for start, name, gender in named:
            # Else a gendered noun titling the name: "Jane Doe, a mother of two", "actress".
            titled = (_gender_of_word(word) for word in _titles(doc, start))
            gender = gender or next((g for g in titled if g), None)
            if gender:
                genders.setdefault(full(start, name), gender)
        for start, name, _gender in named:
            name = full(start, name)
            speakers.people.append(Person(name, start, genders.get(name), _is_subject(doc, start)))
        # A known person's bare surname the tagger left untagged is a mention of them too.
        tagged = {person.start for person in speakers.people}
        text = article.text
        for surname in by_surname:
            for found in re.finditer(rf"\b{re.escape(surname)}\b", text, re.IGNORECASE):
                at = found.start()
                # "He" opening a sentence is no mention of Liu He.
                word = doc.char_span(at, found.end())
                common = word is not None and word[0].pos_ in FUNCTION_POS
                if at not in tagged and text[at].isupper() and not common:
                    name = full(at, surname)
                    speakers.people.append(
                        Person(name, at, genders.get(name), _is_subject(doc, at))
                    )
        speakers.people.sort(key=lambda p: p.start)
        speakers.described = _described_people(doc)
        speakers.learned.update(_pronoun_genders(doc, speakers.people))
        return speakers

    def full_name(self, surname: str, before: int | None = None) -> str | None:
        """The person of that surname named last before ``before`` (else the first one)."""
        same = [p for p in self.people if p.name.split()[-1].lower() == surname.lower()]
        earlier = [p for p in same if before is None or p.start < before]
        return earlier[-1].name if earlier else same[0].name if same else None

    def _canonical(self, offset: int) -> str | None:
        for entity in self.article.entities:
            if entity.start <= offset < entity.end and entity.canonical:
                return entity.canonical
        return None

    def gender_of(self, name: str) -> str | None:
        known = next((p.gender for p in self.people if p.name == name and p.gender), None)
        return known or self.learned.get(name)

    def remember(self, start: int, name: str, mention: str, is_person: bool) -> None:
        self.history.append((start, name, mention, is_person))

    def resolve(self, mention: Mention, before: int) -> str:
        """The full name a mention stands for, looking only at text before ``before``."""
        doc = self.doc
        lexicon = cues()
        head = doc[mention.head]
        text = self.article.text[mention.start : mention.end]
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS:
            gender = "f" if lower in lexicon.female_words else "m"
            found = self._nearest_person(before, gender)
            if found is None:
                return text
            if self.gender_of(found) is None:
                self.learned[found] = gender
            return found
        if lower in GROUP_PRONOUNS:
            return self._clause_antecedent(head) or self._nearest_group(before, lower) or text
        short = _short_name(head)
        if short is not None:
            return short
        named_after = self._name_after_comma(head)
        if named_after is not None:
            return named_after  # "according to his aunt, Jane Starner, …"
        described = (
            text.lower().startswith("the ")
            and head.ent_type_ != "PERSON"
            and not _ends_organisation_name(head)
        )
        if described and (head.ent_type_ == "NORP" or head.lower_ in lexicon.role_nouns):
            # "the Ohio Democrat", "the MP for Leeds": the person last named as such.
            found = self._nearest_role(before, head.lower_)
            if found is None and self._unnamed_before(head.lemma_.lower(), before):
                return _strip_determiner(text)
            found = found or self._nearest_person(before, _gender_of_word(head.lower_))
            if found:
                return found
        # "a group of Swiss scientists" is someone new, not the group named before.
        definite = not text.lower().startswith(("a ", "an "))
        if definite and head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.institution_nouns:
            # "the UN's humanitarian affairs office": the organisation named so before.
            named = self._organisation_named(head, before) or self._named_so_before(head, before)
            if named:
                return named
            if described and head.lemma_.lower() in lexicon.standin_institution_nouns:
                named = self._nearest_organisation(before)
                if named:
                    return named
        if head.pos_ == "PROPN":
            # A name the article shortens goes by its acronym, as the article does after.
            short = next((a for lo, hi, a in self.acronyms if lo <= head.idx < hi), None)
            if short is not None:
                return short
            # A person's full name, or the entity's canonical name, without titles; what
            # follows the name ("Wee of the Times") is no part of it.
            full = self.full_name(head.text, head.idx + 1)
            name_words = len(self.article.text[mention.start : head.idx + len(head)].split())
            if full and (head.ent_type_ == "PERSON" or len(full.split()) >= name_words):
                return full
            spelt = self._spelt_out(head.text, before)
            if spelt is not None:
                return spelt
            canonical = self._canonical(head.idx)
            return canonical or _strip_determiner(text)
        role = head.lemma_.lower()
        if role in lexicon.document_nouns and definite:
            return self._author_of(head, before) or _strip_determiner(text)
        if is_person_noun(head) and head.tag_ != "NNS":
            named = self._named_in(head)
            if named:
                return named  # "the spokesman for the Red Crescent, Tawfiq Shukri, ..."
            # "A California transit chief says …" ¶ "Interim BART Police Chief Ed Alvarez
            # told reporters …": an unnamed role is the person the next lines title so.
            found = self._nearest_role(before, role) if definite else self._titled_next(mention)
            if found is None and any(c.dep_ == "poss" for c in head.children):
                # "China's ambassador to Britain warned …" ¶ … ¶ "China's ambassador to
                # Britain Liu Xiaming has said …": a role first given without its name.
                found = self._titled_next(mention, LOOKAHEAD_PARAGRAPHS)
            if found is None and text.lower().startswith("the "):
                if self._unnamed_before(role, before):
                    # "A spokesperson who asked not to be named … the spokesperson said",
                    # "The patient went to his doctor … the patient wrote": no name.
                    return _strip_determiner(text)
                # "the veteran winger said": the nearest person named before.
                found = self._nearest_person(before, _gender_of_word(role))
            if found:
                return found
        return _strip_determiner(text)

    def _named_so_before(self, head: Token, before: int) -> str | None:
        """The name an earlier mention of the same noun had in apposition: "The group,
        WeWorkers Coalition, formed …" … "the group added" is WeWorkers Coalition."""
        found = None
        for token in self.doc:
            if token.idx >= min(before, head.idx):
                break
            if token.lemma_.lower() != head.lemma_.lower() or token.pos_ != "NOUN":
                continue
            for child in token.rights:
                if child.dep_ == "appos" and child.pos_ == "PROPN":
                    named = mention_of(child, [])
                    found = _strip_determiner(self.article.text[named.start : named.end])
        return found

    def _name_after_comma(self, head: Token) -> str | None:
        """The person named right after a role or kin noun and a comma, when the parser did
        not hang the name on it ("his aunt, Jane Starner, …")."""
        lexicon = cues()
        kin = head.lower_ in lexicon.male_kin_words | lexicon.female_kin_words
        if head.pos_ != "NOUN" or not (kin or is_person_noun(head)) or head.tag_ != "NN":
            return None
        doc = self.doc
        if head.i + 2 >= len(doc) or doc[head.i + 1].text != ",":
            return None
        name = doc[head.i + 2]
        if name.ent_type_ != "PERSON" or name.ent_iob_ != "B":
            return None
        entity = next(e for e in doc.ents if e.start == name.i)
        return self.full_name(entity.text.split()[-1], entity.start_char + 1) or entity.text

    def _titled_next(self, mention: Mention, paragraphs_after: int = 1) -> str | None:
        """The first person after ``mention``, in its paragraph or the ``paragraphs_after``
        next, whose title holds the mention's role word."""
        head = self.doc[mention.head]
        clauses = [c for c in head.children if c.dep_ == "relcl"]
        if any(t.lemma_.lower() in ANONYMOUS_WORDS for c in clauses for t in c.subtree):
            return None  # "A spokesperson who asked not to be named": no name to come
        roles = {head.lower_, head.lemma_.lower(), *cues().role_synonyms.get(head.lower_, ())}
        paragraphs = self.article.paragraphs
        here = self.article.paragraph_at(mention.start)
        if here is None:
            return None
        index = paragraphs.index(here)
        limit = paragraphs[min(index + paragraphs_after, len(paragraphs) - 1)].end
        for person in self.people:
            if mention.end <= person.start < limit and roles & set(_titles(self.doc, person.start)):
                return person.name
        return None

    def _organisations(self) -> list[tuple[int, int, str]]:
        """Each organisation the article names (start, end, canonical name), or the parse's
        when the article has no entities of its own."""
        text = self.article.text
        return [
            (e.start, e.end, e.canonical or text[e.start : e.end])
            for e in self.article.entities
            if e.label == "ORG"
        ] or [(e.start_char, e.end_char, e.text) for e in self.doc.ents if e.label_ == "ORG"]

    def _spelt_out(self, acronym: str, before: int) -> str | None:
        """The organisation named in full before ``before`` whose capitalised words begin
        with the letters of ``acronym`` in a row: "the Chinese Center for Disease Control
        and Prevention … the Chinese CDC"."""
        if not ACRONYM.fullmatch(acronym):
            return None
        for _start, end, name in sorted(self._organisations(), reverse=True):
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            if end <= before and acronym in initials:
                return _strip_determiner(name)
        return None

    def _organisation_named(self, head: Token, before: int) -> str | None:
        """The organisation last named before ``before`` whose name holds every word of the
        description headed by ``head`` (its possessor aside): "the humanitarian affairs
        office" is the "Office for the Coordination of Humanitarian Affairs"."""
        possessed = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
        words = {
            t.lower_
            for t in head.subtree
            if t.i not in possessed and t.pos_ in {"NOUN", "ADJ", "PROPN"} and t.i <= head.i
        }
        if head.lemma_.lower() in cues().standin_institution_nouns and len(words) > 1:
            # "the production company" is "Dick Clark Productions": a word for any
            # organisation names none, its modifiers do.
            words.discard(head.lower_)
        text = self.article.text
        names = [(lo, hi, short) for lo, hi, short in self.acronyms]
        names += [
            (e.start, e.end, e.canonical or text[e.start : e.end])
            for e in self.article.entities
            if e.label == "ORG"
        ]
        words = {_singular(w) for w in words}
        found = [
            (lo, short)
            for lo, hi, short in names
            if hi <= before and words <= {_singular(w) for w in WORD.findall(text[lo:hi].lower())}
        ]
        # Or an organisation that spoke before under that name (the tagger may have read it
        # as a person: "Dick Clark Productions").
        found += [
            (start, name)
            for start, name, _mention, _person in self.history
            if start < before
            and name[:1].isupper()  # a name, not a description left as it was ("group")
            and words <= {_singular(w) for w in WORD.findall(name.lower())}
        ]
        return max(found)[1] if found else None

    def _named_in(self, head: Token) -> str | None:
        """A person named inside a role's own phrase: "Deputy spokesman ... Farhan Haq"; not
        its possessor ("reporter Nisan Ahmado's source" is the source, not Ahmado)."""
        owned = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
        # Nor a name in a relative clause inside it: "one user on Weibo, which is China's
        # version of Twitter, posted" is the user, not Twitter.
        owned |= {t.i for t in head.subtree if t.dep_ == "relcl" for t in t.subtree}
        for token in head.subtree:
            if token.i in owned:
                continue
            if token.i != head.i and token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
                name = next(e.text for e in self.doc.ents if e.start <= token.i < e.end)
                return self.full_name(name.split()[-1], token.idx + 1) or name
        return None

    def _author_of(self, document: Token, before: int) -> str | None:
        """Who a document speaks for: the name on it ("the UN report", "OCHA's report"), else
        the author of the same document mentioned before ("the report" -> UN)."""
        lexicon = cues()
        for child in document.children:
            if child.dep_ in {"compound", "poss"} and child.pos_ == "PROPN":
                named = mention_of(child, [])
                return _strip_determiner(self.article.text[named.start : named.end])
            if child.dep_ == "compound" and child.lemma_.lower() in lexicon.institution_nouns:
                # "the office release": the office named before ("U.S. Attorney's Office").
                named_before = self._organisation_named(child, before)
                if named_before:
                    return named_before
        noun = document.lower_
        found = [
            (start, name)
            for start, name, said, _person in self.history
            if start < before and noun in said.lower().split() and noun not in name.lower()
        ]
        # Or an earlier mention of that document with its author: "a report from OCHA … the
        # report said".
        for token in self.doc:
            if token.idx >= min(before, document.idx):
                break
            author = _author(token) if token.lower_ == noun else None
            if author is not None and is_source(author):
                named = mention_of(author, [])
                common = author.pos_ in {"NOUN", "PRON"}
                if common and author.lemma_.lower() not in lexicon.document_nouns:
                    # "The company denied it in a statement": the company named before.
                    found.append((token.idx, self.resolve(named, author.idx)))
                else:
                    found.append((token.idx, self._name_at(named)))
        return max(found)[1] if found else None

    def _name_at(self, mention: Mention) -> str:
        """A mention's name as the article knows it: its acronym or its canonical name."""
        head = self.doc[mention.head]
        short = next((a for lo, hi, a in self.acronyms if lo <= head.idx < hi), None)
        text = self.article.text[mention.start : mention.end]
        return short or self._canonical(head.idx) or _strip_determiner(text)

    def _unnamed_before(self, role: str, before: int) -> bool:
        """Whether the article called someone by ``role`` before ``before`` without naming
        them: a noun of that lemma with no name in apposition, as a compound or titling it."""
        roles = {role, *cues().role_synonyms.get(role, ())}
        for token in self.doc:
            if token.idx >= before:
                return False
            if token.pos_ != "NOUN" or token.lemma_.lower() not in roles:
                continue
            linked = [c for c in token.children if c.dep_ in {"appos", "compound"}]
            if token.dep_ in {"appos", "compound"}:
                linked.append(token.head)
            if not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in linked):
                return True
        return False

    def _nearest_organisation(self, before: int) -> str | None:
        """The organisation that last spoke, or was last a main clause's subject, before
        ``before``."""
        found = [
            (start, name)
            for start, name, _mention, person in self.history
            if start < before and not person and name[:1].isupper()
        ]
        organisations = self._organisations()
        found += [
            (start, name)
            for start, end, name in organisations
            if end <= before and _is_subject(self.doc, start)
        ]
        # Or one the sentence just before names in another role, when no organisation is
        # its subject: "Swift accused Braun and Big Machine of … ¶ The company denied …".
        here = self.article.sentence_at(before)
        earlier = [s for s in self.article.sentences if here and s.end <= here.start]
        previous = earlier[-1] if earlier else None
        if previous is not None:
            named = [
                (start, name)
                for start, end, name in organisations
                if previous.start <= start and end <= min(previous.end, before)
            ]
            if named and not any(_is_subject(self.doc, start) for start, _name in named):
                found += named
        return max(found)[1] if found else None

    def _nearest_person(self, before: int, gender: str | None) -> str | None:
        """The nearest earlier compatible person; a mention that is neither a subject nor a
        speaker yields to one that is in its sentence ("Kaplan said of Bankman-Fried's acts.
        He added ...": Kaplan)."""
        text = self.article.text
        people = [
            (p.start, p.name, p.gender or self.gender_of(p.name), p.subject)
            for p in self.people
            if not any(lo < p.start < hi for lo, hi in self.quoted)
            # A name right after an opening mark left unclosed is a title: 'a sample came in
            # called “Glasgow (“No Place Like Home”).'
            and text[max(0, p.start - 1) : p.start] not in OPENING_MARKS
        ]
        people += [(p.start, p.name, p.gender, p.subject) for p in self.described]
        # A speaker left as a bare role ("expert") is no antecedent for a later pronoun.
        people += [
            (s, n, self.gender_of(n), True)
            for s, n, _m, person in self.history
            if person and n[:1].isupper()
        ]
        compatible = sorted(
            (start, name, salient)
            for start, name, known, salient in people
            if start < before and (known is None or gender is None or known == gender)
        )
        if not compatible:
            return None
        start, name, salient = compatible[-1]
        sentence = self.article.sentence_at(start)
        if salient or sentence is None:
            return name
        rivals = [n for s, n, is_salient in compatible if is_salient and s >= sentence.start]
        if rivals:
            return rivals[-1]
        own = self.article.sentence_at(before) or self.article.sentence_at(before - 1)
        if gender is not None and self.gender_of(name) is None and own != sentence:
            # "… Taylor Swift's albums … a company owned by Scooter Braun. In a post she
            # described …": a mention of unknown sex in passing yields to the person of
            # that sex named in the paragraph or the one before.
            known = self._known_sex_nearby(start, before, gender)
            if known is not None:
                return known
        # "He then referred to Cooke's testimony. … he concluded": the sentence's own "he"
        # is someone spoken of before, and the later one goes on with that subject.
        if self._pronoun_subject_before(sentence.start, start, gender):
            earlier = [n for s, n, is_salient in compatible if is_salient and s < sentence.start]
            if earlier:
                return earlier[-1]
        return name

    def _known_sex_nearby(self, start: int, before: int, gender: str) -> str | None:
        """The last person of sex ``gender`` named before ``before`` from the paragraph before
        the one holding ``start``, unless someone else intervenes after ``start``."""
        paragraphs = self.article.paragraphs
        here = self.article.paragraph_at(start)
        if here is None:
            return None
        index = paragraphs.index(here)
        lo = paragraphs[max(0, index - 1)].start
        found = [
            p
            for p in self.people
            if lo <= p.start < before
            and (p.gender or self.gender_of(p.name)) == gender
            and not any(q_lo < p.start < q_hi for q_lo, q_hi in self.quoted)
        ]
        return found[-1].name if found else None

    def _pronoun_subject_before(self, lo: int, hi: int, gender: str | None) -> bool:
        """Whether a personal pronoun of ``gender`` is a subject (or a possessive: "his
        friendship with Epstein" is not Epstein's) in ``text[lo:hi]``."""
        words = {"f": {"she"}, "m": {"he"}}.get(gender or "", {"he", "she"})
        owners = {"f": {"her"}, "m": {"his"}}.get(gender or "", {"his", "her"})
        tokens = self.doc.char_span(lo, hi, alignment_mode="contract")
        if tokens is None:
            return False
        return any(
            (t.lower_ in words and t.dep_ in SUBJECT_DEPS | {"nsubjpass"})
            or (t.lower_ in owners and t.dep_ == "poss")
            for t in tokens
        )

    def _clause_antecedent(self, pronoun: Token) -> str | None:
        """The subject of a clause that embeds the pronoun's clause: "X signals that it ..."."""
        # "they" is no single named person ("prosecutors called for Judge X to ... what they
        # described as ..."): prosecutors, not the judge.
        plural = pronoun.lower_ in PLURAL_PRONOUNS
        for ancestor in list(pronoun.ancestors)[1:]:
            for child in ancestor.children:
                if plural and (child.ent_type_ == "PERSON" or child.tag_ == "NNP"):
                    continue
                if child.dep_ in SUBJECT_DEPS and child.i < pronoun.i and child.pos_ != "PRON":
                    mention = mention_of(child, [])
                    return _strip_determiner(self.article.text[mention.start : mention.end])
        return None

    def _nearest_group(self, before: int, pronoun: str) -> str | None:
        """The group last speaking before ``before``; for "they", also the plural subject
        last named ("Gov. Eric Holcomb and leaders of the Legislature have avoided … they
        said": those, not the police quoted before them)."""
        earlier = [(s, n) for s, n, _m, person in self.history if s < before and not person]
        if pronoun in PLURAL_PRONOUNS:
            earlier += [(s, n) for s, n in _plural_subjects(self.doc) if s < before]
            # An organisation a main clause has as its subject: "The company that runs the
            # AMAs, Dick Clark Productions, denies … ¶ “…,” they said."
            earlier += [
                (s, n)
                for s, e, n in self._organisations()
                if e <= before and _is_subject(self.doc, s)
            ]
            earlier += [(s, n) for s, n in _named_institution_subjects(self.doc) if s < before]
            # A singular "they" for the person who spoke last, when nothing told their sex
            # ("Kym Lino, a spokesperson, confirmed … “…,” they said").
            earlier += [
                (s, n)
                for s, n, _m, person in self.history
                if s < before and person and n[:1].isupper() and self.gender_of(n) is None
            ]
        return max(earlier)[1] if earlier else None

    def _nearest_role(self, before: int, role: str) -> str | None:
        roles = {role, *cues().role_synonyms.get(role, ())}
        for start, name, mention, _person in sorted(self.history, reverse=True):
            # A name holding the role word is the role unresolved, or someone it qualifies
            # ("President Trump's advisers" are no president).
            named = name[:1].isupper() and role not in name.lower()
            if start < before and named and roles & set(WORD.findall(mention.lower())):
                return name
        # An apposition or title naming the role around a person: "spokesperson Jane Doe",
        # "Jane Doe, the deputy spokesperson for ...".
        # The title stays with the person: of those given the role, the one mentioned last
        # ("Gov. Eric Holcomb … Kentucky Gov. Matt Bevin … Holcomb's campaign. The governor
        # said": Holcomb).
        text = self.article.text.lower()
        lexicon = cues()
        earlier = [p for p in self.people if p.start < before]
        parsed = self.doc.has_annotation("DEP")
        given = set()
        for person in earlier:
            if any(w in lexicon.role_nouns for w in WORD.findall(person.name.lower())):
                continue
            if parsed:
                # The title or apposition of the name's own noun phrase, not any word near
                # it ("President Joe Biden spoke with Prime Minister Benjamin Netanyahu").
                around = " ".join(_titles(self.doc, person.start))
            else:
                after = person.start + len(person.name)
                around = text[max(0, person.start - ROLE_WINDOW) : person.start]
                around += " " + text[after : after + ROLE_WINDOW].split(".")[0]
            if roles & set(WORD.findall(around)):
                given.add(person.name)
        last = [p for p in earlier if p.name in given]
        return max(last, key=lambda p: p.start).name if last else None


def _titles(doc: Doc, start: int) -> list[str]:
    """The words titling the name at ``start``: its compounds ("Gov.", "Prime Minister") and
    the noun it is in apposition with, or that stands in apposition to it, with that noun's
    modifiers ("Ali Hassan" of "a spokesman for the ministry, Ali Hassan")."""
    token = next((t for t in doc if t.idx >= start), None)
    if token is None:
        return []
    while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
        token = token.head
    heads = [token, *(c for c in token.children if c.dep_ == "appos")]
    if token.dep_ == "appos":
        heads.append(token.head)
    words = []
    for head in heads:
        words.append(head.lower_)
        words += [c.lower_ for c in head.children if c.dep_ in {"compound", "amod", "nmod"}]
    return words


def _acronyms(text: str) -> list[tuple[int, int, str]]:
    """Names the text shortens in brackets, as (start, end, acronym): "United Nations Office
    for the Coordination of Humanitarian Affairs (OCHA)", the acronym standing for the last
    capitalised words of the name."""
    found = []
    for match in ACRONYM_DEFINED.finditer(text):
        name, acronym = match.group(1), match.group(2)
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if initials.endswith(acronym):
            found.append((match.start(1), match.end(1), acronym))
    return found


def _short_name(head: Token) -> str | None:
    """What the article calls a speaker named "known as" something ("the humanitarian office,
    known as OCHA")."""
    doc = head.doc
    for child in head.rights:
        if child.dep_ == "acl" and child.lemma_.lower() in NAMING_VERBS:
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "as":
                    name = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if name is not None and name.pos_ == "PROPN":
                        mention = mention_of(name, [])
                        return _strip_determiner(doc.text[mention.start : mention.end])
    return None


def _person_name(canonical: str, written: str) -> str:
    """An entity's canonical name, unless the text gives another full name of that surname:
    relatives share one ("his daughter, Ana Rivera" is not Carlos Rivera)."""
    if not canonical:
        return written
    words, own = canonical.split(), written.split()
    relative = len(own) >= 2 and len(words) >= 2 and own[-1] == words[-1] and own[0] != words[0]
    return written if relative and own[0][:1].isupper() else canonical


def _gender_of_word(word: str) -> str | None:
    lexicon = cues()
    if word in lexicon.male_words | lexicon.male_kin_words:
        return "m"
    return "f" if word in lexicon.female_words | lexicon.female_kin_words else None


def _is_subject(doc: Doc, start: int) -> bool:
    """Whether the name starting at ``start`` is (or is in apposition to) a clause subject."""
    token = next((t for t in doc if t.idx >= start), None)
    if token is None:
        return False
    while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
        token = token.head
    if token.dep_ == "appos":
        token = token.head
    # Only a main clause's subject: "Figgins declined to say whether Thomas slept the night
    # Epstein died" makes Figgins, not Thomas or Epstein, the one a later "he" means.
    verb = token.head
    if verb.lemma_.lower() in cues().speech_verbs and verb.i != token.i:
        return token.dep_ in SUBJECT_DEPS | {"advmod", "npadvmod"}  # "Early says"
    main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    return main and token.dep_ in SUBJECT_DEPS | {"nsubjpass"}


def _pronoun_genders(doc: Doc, people: list[Person]) -> dict[str, str]:
    """Sexes the text tells by a sentence that opens with "He" or "She" right after a
    sentence naming one person whose sex is not known ("…," said Joseph Minga. He learned
    …": Minga is a man), so that a later "she said" does not go to him."""
    lexicon = cues()
    learned: dict[str, str] = {}
    if not doc.has_annotation("SENT_START"):
        return learned  # no parse (a language without a parser): nothing to learn from
    for previous, sentence in pairwise(doc.sents):
        first = sentence[0]
        if first.lower_ not in {"he", "she"} or first.dep_ not in SUBJECT_DEPS | {"nsubjpass"}:
            continue
        names = {p.name for p in people if previous.start_char <= p.start < previous.end_char}
        if len(names) != 1:
            continue
        name = names.pop()
        if not any(p.gender for p in people if p.name == name) and name not in learned:
            learned[name] = "f" if first.lower_ in lexicon.female_words else "m"
    # A possessive after the one person its sentence has named so far: "Taylor Swift, her
    # former record label and …", "Ms Ardern said her government …".
    for sentence in doc.sents:
        for token in sentence:
            if token.lower_ not in {"his", "her"} or token.dep_ != "poss":
                continue
            names = {p.name for p in people if sentence.start_char <= p.start < token.idx}
            if len(names) == 1:
                name = names.pop()
                if not any(p.gender for p in people if p.name == name):
                    learned.setdefault(name, "f" if token.lower_ == "her" else "m")
            break
    return learned


def _plural_subjects(doc: Doc) -> list[tuple[int, str]]:
    """Subjects that can speak and are plural (a plural noun or coordinated names), as
    (start, name)."""
    found = []
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        plural = token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in token.children)
        if plural and is_source(token):
            mention = mention_of(token, [])
            found.append((mention.start, _strip_determiner(doc.text[mention.start : mention.end])))
    return found


def _named_institution_subjects(doc: Doc) -> list[tuple[int, str]]:
    """Main-clause subjects that are an institution noun with its name in apposition ("The
    company that runs the AMAs, Dick Clark Productions, denies …"), as (start, name): the
    tagger may read such a name as a person's."""
    lexicon = cues()
    found = []
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or token.pos_ != "NOUN":
            continue
        if token.lemma_.lower() not in lexicon.institution_nouns or token.head.dep_ != "ROOT":
            continue
        # The parser may hang the name on the relative clause's last noun: the name that
        # ends the subject, right before its verb.
        for child in token.subtree:
            if child.dep_ != "appos" or child.pos_ != "PROPN":
                continue
            after = doc[child.right_edge.i + 1 : token.head.i]
            if child.head.i == token.i or all(t.is_punct for t in after):
                name = mention_of(child, [])
                found.append((name.start, _strip_determiner(doc.text[name.start : name.end])))
    return found


def _described_people(doc: Doc) -> list[Person]:
    """Main-clause subjects and objects that are a person of known sex and no name ("Her
    father, aged 77, … was in shock"), as mentions a pronoun can stand for."""
    lexicon = cues()
    found = []
    for token in doc:
        gender = (
            "m"
            if token.lower_ in lexicon.male_kin_words
            else "f"
            if token.lower_ in lexicon.female_kin_words
            else None
        )
        if gender is None or token.pos_ != "NOUN":
            continue
        subject = token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ROOT"
        # Or the main verb's object: "WIRED spoke to one mother … “…,” she said".
        verb = token.head.head if token.dep_ == "pobj" else token.head
        main_object = token.dep_ in {"dobj", "pobj"} and verb.dep_ == "ROOT" and verb.pos_ == "VERB"
        if not (subject or main_object) or any(c.dep_ == "appos" for c in token.children):
            continue  # "His wife, Fatima, said": the name is the antecedent
        # The noun and what stands before it ("Her father"), not ", aged 77, who …".
        left = [c.left_edge.i for c in token.lefts if c.dep_ in {"det", "poss", "amod", "compound"}]
        first = doc[min([token.i, *left])]
        name = _strip_determiner(doc.text[first.idx : token.idx + len(token)])
        found.append(Person(name, first.idx, gender, subject=subject))
    return found


def _unlabelled_people(doc: Doc, known: set[int]) -> list[tuple[int, int, str]]:
    """Names the tagger missed but the grammar marks as people: a capitalised name after a
    title or role ("Ms. Lena Brook", "resident Ines Marlow") or before ", who"."""
    lexicon = cues()
    found: list[tuple[int, int, str]] = []
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ == "compound" or token.ent_type_ == "PERSON":
            continue
        names = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        parts = [*names, token]
        titled = [t for t in parts if t.lower_ in lexicon.title_words | lexicon.role_nouns]
        parts = parts[len(titled) :] if titled and titled[-1].i < token.i else parts
        who = any(
            c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in token.children
        )
        before = doc[parts[0].i - 1].lower_ if parts[0].i > 0 else ""
        # Or a role in apposition, whatever the tagger took the name for: "Eswar Prasad, a
        # trade professor at Cornell, said".
        role = any(c.dep_ == "appos" and is_person_noun(c) and c.tag_ == "NN" for c in token.rights)
        if len(parts) < 2 or not (who or titled or role or before in lexicon.role_nouns):
            continue
        start = parts[0].idx
        if start not in known:
            found.append((start, token.idx + len(token), " ".join(t.text for t in parts)))
    return found


def _ends_organisation_name(head: Token) -> bool:
    """ "The Hollywood Reporter", "the Sioux Falls Argus Leader": a capitalised role word
    that closes an organisation's name is that name, not a role."""
    if head.pos_ != "PROPN":
        return False
    named = [head, *(c for c in head.children if c.dep_ == "compound")]
    return any(t.ent_type_ == "ORG" for t in named)


def _strip_determiner(text: str) -> str:
    lower = text.lower()
    for det in DETERMINERS:
        if lower.startswith(det):
            return text[len(det) :]
    return text


def subject_of(token: Token) -> Token | None:
    """Who performs ``token`` (a cue verb, adjective or noun): its subject, the subject it
    inherits from the clause it hangs on, the noun a participle modifies, or a possessor."""
    seen = 0
    while seen < 4:
        seen += 1
        # An inherited "it" is a dummy subject ("it is worth noting that"); an inherited
        # passive subject does what the participle says ("Lee was rescued …, asking, …").
        deps = SUBJECT_DEPS if seen == 1 else SUBJECT_DEPS | {"nsubjpass"}
        subjects = [
            c
            for c in token.children
            if c.dep_ in deps and c.tag_ != "EX" and not (c.lower_ == "it" and seen > 1)
        ]
        if subjects:
            # The nearest one that can speak: a misparse can hang a heading's noun, or a
            # noun of the subject's relative clause ("A spokesperson who … because of agency
            # policy said"), on the verb too.
            speaking = [c for c in subjects if is_source(antecedent(c))] or subjects
            nearest = min(speaking, key=lambda c: abs(c.i - token.i))
            subject = _speaking_head(_before_split(antecedent(nearest)))
            # A gloss hung on a reported clause ("that X is Y, highlighting ...") belongs
            # to the reporter, so climb past a clause subject that cannot speak.
            if seen == 1 or is_source(subject):
                return subject
        for child in token.children:
            # "As we've noted, a study by X concluded …": the parser makes the subject the
            # object of the "as" clause before the verb.
            marked = any(m.dep_ == "mark" and m.lower_ == "as" for m in child.children)
            if child.dep_ == "advcl" and child.i < token.i and marked and not subjects:
                fronted = [c for c in child.rights if c.dep_ == "dobj" and is_source(c)]
                if fronted:
                    return fronted[0]
            # An absolute construction: "Minister Jane Doe opposing the plan, ...".
            absolute = child.dep_ == "npadvmod" and child.pos_ == "PROPN" and child.i < token.i
            if absolute and token.tag_ == "VBG":
                return child
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if token.pos_ in {"NOUN", "PROPN"}:
            return next((c for c in token.children if c.dep_ == "poss"), None)
        if token.dep_ in {"acl", "relcl"}:
            return token.head
        if token.dep_ in INHERIT_DEPS and token.head.i != token.i:
            token = token.head
            continue
        if token.pos_ == "ADJ" and token.head.i != token.i:
            token = token.head
            continue
        return None
    return None


def _before_split(subject: Token) -> Token:
    """The name a subject is the tail of when the parser cut the sentence inside it: "Marie
    el-Drese, the … Societies (IFRC) | Libya secretary-general, told …" (no full stop before
    the cut): the name that heads the fragment before."""
    doc = subject.doc
    first = subject.left_edge
    if not first.is_sent_start or first.i == 0:
        return subject
    previous = doc[first.i - 1]
    while previous.i > 0 and previous.is_space:
        previous = doc[previous.i - 1]
    if previous.text[-1:] in SENTENCE_ENDS or "\n" in doc[previous.i : first.i].text:
        return subject
    root = previous.sent.root
    return root if root.ent_type_ == "PERSON" and root.pos_ == "PROPN" else subject


def inverted_subject(token: Token) -> Token | None:
    """A name placed after the verb ("…," said Jane Doe / pointed out Ms. Doe)."""
    for child in token.rights:
        if child.dep_ in {"dobj", "npadvmod", "attr", "oprd"} and child.pos_ == "PROPN":
            return child
        if child.i == token.i + 1 and _surname_of_person(child):
            return child  # "…," says Early: the tagger read the surname as an adverb
        # "…, said another witness in the probe, former adviser Fiona Hill": a role named
        # in apposition.
        role = child.dep_ == "dobj" and is_person_noun(child) and child.tag_ == "NN"
        if role and any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in child.children):
            return child
    return None


def antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun just before it ("Washington which ..."); after
    a comma, for the whole noun phrase that noun ends ("a plan drafted by the members, which
    ..." -> plan)."""
    if token.lower_ not in RELATIVE_PRONOUNS or token.dep_ not in SUBJECT_DEPS:
        return token
    previous = token.nbor(-1) if token.i > 0 else token
    comma = previous.text == ","
    while previous.i > 0 and previous.is_punct:
        previous = previous.nbor(-1)
    if previous.pos_ not in {"NOUN", "PROPN"}:
        return token.head.head if token.head.dep_ == "relcl" else token
    while comma and previous.dep_ == "pobj" and previous.head.dep_ in {"prep", "agent"}:
        owner = previous.head.head
        if owner.dep_ == "acl":
            owner = owner.head
        if owner.pos_ not in {"NOUN", "PROPN"}:
            break
        previous = owner
    return previous


def mention_of(token: Token, quoted: list[tuple[int, int]]) -> Mention:
    """The noun phrase headed by ``token``: its determiners, modifiers and compounds, any
    entity it sits in, and coordinated heads ("Blinken and other officials"); a document
    noun with an author ("a report by the ministry") stands for that author."""
    doc = token.doc
    lexicon = cues()
    if token.lemma_.lower() in lexicon.document_nouns:
        author = _author(token)
        if author is not None:
            token = author
    # A title or role with the name it belongs to: "Prime Minister Jane Doe", "its chairman,
    # Ole Brandt": the name is the head.
    named = [
        c
        for c in token.rights
        if c.dep_ == "appos"
        and (c.ent_type_ == "PERSON" or (token.pos_ == "NOUN" and c.pos_ == "PROPN"))
    ]
    if named and token.ent_type_ != "PERSON":
        return _with_title(mention_of(named[0], quoted), doc[token.left_edge.i].idx)
    keep = {"det", "amod", "compound", "poss", "case", "nmod", "nummod", "quantmod", "flat"}
    lo = hi = token.i
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in keep or (child.dep_ in {"conj", "cc"} and current.i == token.i):
                lo, hi = min(lo, child.left_edge.i), max(hi, child.right_edge.i)
                if child.dep_ == "conj":
                    stack.append(child)
            elif child.dep_ == "prep" and child.lower_ == "of" and current.i == token.i:
                lo, hi = min(lo, child.left_edge.i), max(hi, child.right_edge.i)
    if token.ent_iob_ in {"B", "I"}:  # the whole entity the head sits in
        first = token.i
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        last = token.i
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
        lo, hi = min(lo, first), max(hi, last)
    # Never across a paragraph break.
    while lo < token.i and any("\n" in doc[i].text for i in range(lo, token.i)):
        lo += 1
    while hi > token.i and any("\n" in doc[i].text for i in range(token.i + 1, hi + 1)):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].dep_ in {"cc", "case"}):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ in {"cc", "case"}):
        hi -= 1
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi])
    for q_start, q_end in quoted:
        if q_start <= start < q_end or q_start < end <= q_end:
            start, end = token.idx, token.idx + len(token)
    return Mention(start, end, token.i)


def _singular(word: str) -> str:
    """A word without a plural "s" ("productions" -> "production"), for matching a
    description to a name."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _with_title(mention: Mention, start: int) -> Mention:
    return Mention(min(start, mention.start), mention.end, mention.head)


def _author(token: Token) -> Token | None:
    """Who wrote a document: "a report by/from X", "an op-ed published by X", "data released
    from X", "the report was updated from X", "X issued a statement", "X denied it in a
    statement"."""
    if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in cues().publication_verbs:
        for child in token.head.children:
            by = child.dep_ == "prep" and child.lower_ in {"by", "from"}
            if child.dep_ == "agent" or by:
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ == "acl" and child.lemma_.lower() in cues().publication_verbs:
            # "published by X", "released Friday from X"
            for grandchild in child.children:
                by = grandchild.dep_ == "prep" and grandchild.lower_ in {"by", "from"}
                if grandchild.dep_ == "agent" or by:
                    return next((c for c in grandchild.children if c.dep_ == "pobj"), None)
    # No author on the document itself: whoever issued it or spoke in it.
    verb: Token | None = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.dep_ == "prep":
        verb = token.head.head  # "X denied the claims in a statement": X's statement
    elif token.dep_ != "dobj" or token.head.lemma_.lower() not in cues().publication_verbs:
        verb = None
    if verb is not None and verb.pos_ == "NOUN" and verb.dep_ == "dobj":
        verb = verb.head  # "X denied the allegations in a statement": hung on the object
    if verb is not None and verb.pos_ == "VERB":
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        return _speaking_head(subject) if subject is not None else None
    return None


def _speaking_head(subject: Token) -> Token:
    """The noun that speaks in a subject the parser headed by a word that cannot: "The
    company flat-out denied" parsed with "out" as the head and "company" its compound."""
    if is_source(subject):
        return subject
    compounds = [c for c in subject.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return next((c for c in compounds if is_source(c)), subject)


def _surname_of_person(token: Token) -> bool:
    """A capitalised word the tagger read as a common word ("says Early") that is the last
    word of a person named elsewhere in the text ("Chris Early")."""
    if not token.text[:1].isupper() or token.pos_ in {"PRON", "DET", "PUNCT"}:
        return False
    return any(e.label_ == "PERSON" and e[-1].text == token.text for e in token.doc.ents)


def is_age(token: Token) -> bool:
    """ "the 34-year-old": a person named by their age."""
    return token.lower_ == "old" and any(c.lower_ in AGE_UNITS for c in token.children)


def is_person_noun(token: Token) -> bool:
    """A noun for people by what they do or are ("the official", "residents", "economist")."""
    lexicon = cues()
    lemma = token.lemma_.lower()
    if is_age(token):
        return True
    return token.pos_ == "NOUN" and (
        lemma in lexicon.role_nouns
        or token.lower_ in lexicon.role_nouns
        or lemma.endswith(AGENT_SUFFIXES)
    )


def is_source(token: Token) -> bool:
    """Whether a mention head can speak: a name, an organisation, a person pronoun, a role
    or a document noun (not "the plan" or "the war")."""
    lexicon = cues()
    if token.dep_ == "case" or not any(char.isalpha() for char in token.text):
        return False  # a stray "'s" or a number
    if token.ent_type_ in SOURCE_LABELS or token.pos_ == "PROPN" or _surname_of_person(token):
        return True
    lemma = token.lemma_.lower()
    if token.pos_ == "PRON":
        return token.lower_ in PERSONAL_PRONOUNS | GROUP_PRONOUNS
    if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.rights):
        return True  # "Her deputy, Mark Ruiz, added": the name speaks
    if is_age(token):
        return True
    return (
        lemma in lexicon.male_kin_words | lexicon.female_kin_words  # "his father told X"
        or lemma in lexicon.role_nouns
        or token.lower_ in lexicon.role_nouns
        or lemma.endswith(AGENT_SUFFIXES)
        or lemma in lexicon.document_nouns
        or lemma in lexicon.institution_nouns
    )


# A second look at the rules' speakers of a finished article, by name: "rules" keeps them,
# "learned" lets :mod:`speaker_ranker` choose among the people around each direct or mixed quote
# (the rules' choice one of its features). The learned one won on speakers of text the rules
# had not seen (bench/train_quote_speakers.py). The names live in the registry, which the
# settings check without loading the annotators.


def rank_speakers(
    article: Article, doc: Doc, quotes: list[Quote], ranker: str = DEFAULT_SPEAKER_RANKER
) -> None:
    """Re-chooses the speakers of ``quotes`` (found on ``article`` parsed as ``doc``) with the
    ranker named ``ranker``; an article without a dependency parse keeps its speakers."""
    check_speaker_ranker(ranker)
    if ranker == "rules" or not doc.has_annotation("DEP"):
        return
    from counterpoint.annotate.speaker_ranker import rerank  # it builds on this module

    rerank(article, doc, quotes)
