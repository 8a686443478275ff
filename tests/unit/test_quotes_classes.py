"""The quote classes real news needs, without a model: interrupted quotes, belief and evidence,
nicknames and titles of works, and who a pronoun or a role stands for. Parses are built by
hand (a spaCy ``Doc`` with its heads and labels given, on a blank English vocabulary), so no
trained pipeline loads."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from counterpoint.annotate.quote_marks import quoted_spans
from counterpoint.annotate.quote_speakers import (
    Mention,
    Person,
    Speakers,
    _acronyms,
    _described_people,
    _titles,
    inverted_subject,
    is_age,
    is_source,
    subject_of,
)
from counterpoint.annotate.quotes import (
    Candidate,
    _colon_intro,
    _headline_parts,
    _indirect_content,
    _is_label,
    _join_interrupted,
    _names_a_work,
    _report_kind,
    _reported,
    _resolve,
)
from counterpoint.model import Entity, Sentence

from .test_quotes import make_article

VOCAB = spacy.blank("en").vocab
# (text, head index, dependency, coarse tag, fine tag, lemma) per token.
Token = tuple[str, int, str, str, str, str]


def parsed(tokens: list[Token], people: tuple[tuple[int, int], ...] = ()) -> Doc:
    """A parsed Doc from hand-given tokens; ``people`` are (first, past-last) token ranges
    tagged PERSON."""
    words = [t[0] for t in tokens]
    glued_after, glued_before = {"“"}, {"”", ".", ","}
    spaces = [
        i + 1 < len(words) and words[i] not in glued_after and words[i + 1] not in glued_before
        for i in range(len(words))
    ]
    ents = ["O"] * len(tokens)
    for first, last in people:
        ents[first] = "B-PERSON"
        for i in range(first + 1, last):
            ents[i] = "I-PERSON"
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=[t[1] for t in tokens],
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        tags=[t[4] for t in tokens],
        lemmas=[t[5] for t in tokens],
        ents=ents,
    )


def _between(text: str, first: str, last: str) -> tuple[int, int]:
    start = text.index(first)
    return start, text.index(last, start) + len(last)


# An interrupted quote is one quote.


def test_a_quote_broken_by_its_cue_is_one_quote_with_one_speaker() -> None:
    text = "“The levee held,” Ms. Okafor told reporters, “but only just, and only this time.”"
    speaker = Mention(*_between(text, "Ms.", "Okafor"), head=0)
    first = Candidate(*_between(text, "The", "held,"), "direct", speaker, "told")
    second = Candidate(*_between(text, "but", "time."), "direct", speaker, "told")
    [joined] = _join_interrupted(text, [first, second])
    assert text[joined.start : joined.end].startswith("The levee held,")
    assert text[joined.start : joined.end].endswith("only this time.")
    assert joined.mention is speaker


def test_a_second_quote_after_a_full_stop_still_continues_the_first() -> None:
    text = "“We lost the ground floor,” he said. “Nobody warned us.”"
    speaker = Mention(*_between(text, "he said", "he"), head=0)
    first = Candidate(*_between(text, "We", "floor,"), "direct", speaker, "said")
    second = Candidate(*_between(text, "Nobody", "us."), "direct", None)
    assert len(_join_interrupted(text, [first, second])) == 1


def test_a_long_cue_with_the_speaker_s_affiliation_still_joins_the_two_parts() -> None:
    text = (
        "“It worked,” Jane Doe, a research fellow at the Institute for Coastal Studies in "
        "Bergen, Norway, and a co-author of the study, said in a statement. “It held.”"
    )
    jane = Mention(*_between(text, "Jane", "Doe"), head=0)
    first = Candidate(*_between(text, "It", "worked,"), "direct", jane, "said")
    second = Candidate(*_between(text, "It held", "held."), "direct", None)
    assert len(_join_interrupted(text, [first, second])) == 1


def test_a_sentence_of_the_writer_s_after_the_cue_keeps_the_quotes_apart() -> None:
    text = (
        "“I was stunned,” said Joseph Minga, a friend. He learned that 75 people view his "
        "profile a week. “Could I have a stalker?”"
    )
    minga = Mention(*_between(text, "Joseph", "Minga"), head=0)
    first = Candidate(*_between(text, "I was", "stunned,"), "direct", minga, "said")
    second = Candidate(*_between(text, "Could", "stalker?"), "direct", None)
    assert len(_join_interrupted(text, [first, second])) == 2


def test_quotes_of_two_speakers_or_two_paragraphs_stay_apart() -> None:
    text = "“Prices will fall,” said Mr Lunde. “They won't,” said Ms Aas."
    lunde = Mention(*_between(text, "Mr", "Lunde"), head=0)
    aas = Mention(*_between(text, "Ms", "Aas"), head=0)
    first = Candidate(*_between(text, "Prices", "fall,"), "direct", lunde, "said")
    second = Candidate(*_between(text, "They", "won't,"), "direct", aas, "said")
    assert len(_join_interrupted(text, [first, second])) == 2
    text = "“It held,” she said.\n\n“Then the pumps failed.”"
    she = Mention(*_between(text, "she said", "she"), head=0)
    first = Candidate(*_between(text, "It", "held,"), "direct", she, "said")
    second = Candidate(*_between(text, "Then", "failed."), "direct", None)
    assert len(_join_interrupted(text, [first, second])) == 2


# Belief and evidence: attributions without a speech verb.


def test_records_show_is_evidence_and_concerned_that_is_belief() -> None:
    doc = parsed(
        [
            ("Court", 1, "compound", "NOUN", "NN", "court"),
            ("records", 2, "nsubj", "NOUN", "NNS", "record"),
            ("show", 2, "ROOT", "VERB", "VBP", "show"),
            ("he", 5, "nsubjpass", "PRON", "PRP", "he"),
            ("was", 5, "auxpass", "AUX", "VBD", "be"),
            ("paid", 2, "ccomp", "VERB", "VBN", "pay"),
            ("twice", 5, "advmod", "ADV", "RB", "twice"),
            (".", 2, "punct", "PUNCT", ".", "."),
        ]
    )
    assert _report_kind(doc[2], doc[1]) == "evidence"
    doc = parsed(
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("union", 2, "nsubj", "NOUN", "NN", "union"),
            ("is", 2, "ROOT", "AUX", "VBZ", "be"),
            ("concerned", 2, "acomp", "ADJ", "JJ", "concerned"),
            ("that", 6, "mark", "SCONJ", "IN", "that"),
            ("jobs", 6, "nsubj", "NOUN", "NNS", "job"),
            ("go", 3, "ccomp", "VERB", "VBP", "go"),
        ]
    )
    assert _report_kind(doc[3], doc[1]) == "belief"


def test_what_a_named_person_shows_or_says_is_speech() -> None:
    doc = parsed(
        [
            ("Lena", 1, "compound", "PROPN", "NNP", "Lena"),
            ("Brook", 2, "nsubj", "PROPN", "NNP", "Brook"),
            ("showed", 2, "ROOT", "VERB", "VBD", "show"),
            ("rents", 4, "nsubj", "NOUN", "NNS", "rent"),
            ("doubled", 2, "ccomp", "VERB", "VBD", "double"),
        ],
        people=((0, 2),),
    )
    assert _report_kind(doc[2], doc[1]) == "indirect"
    doc = parsed(
        [
            ("Police", 1, "nsubj", "NOUN", "NNS", "police"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            ("two", 3, "nummod", "NUM", "CD", "two"),
            ("men", 4, "nsubjpass", "NOUN", "NNS", "man"),
            ("fled", 1, "ccomp", "VERB", "VBD", "flee"),
        ]
    )
    assert _report_kind(doc[1], doc[0]) == "indirect"


# Not quotes: titles of works, slogans, nicknames.


def test_a_campaign_slogan_or_title_is_not_a_quote_but_a_cue_after_a_comma_is() -> None:
    for text in (
        "The state's viral “Meth. We're on it.” awareness campaign drew mockery.",
        "Her firm ran the opioid campaign “Starts with one.” for three years.",
    ):
        article = make_article(text)
        [span] = quoted_spans(article.text, article.paragraphs)
        assert _names_a_work(article.text, span), text
    article = make_article("“We will win this,” the campaign chief said on Sunday.")
    [span] = quoted_spans(article.text, article.paragraphs)
    assert not _names_a_work(article.text, span)


def test_a_nickname_as_the_subject_is_a_label_not_a_quote() -> None:
    doc = parsed(
        [
            ("The", 4, "det", "DET", "DT", "the"),
            ("fallen", 4, "amod", "ADJ", "JJ", "fallen"),
            ("“", 4, "punct", "PUNCT", "``", "“"),
            ("crypto", 4, "compound", "NOUN", "NN", "crypto"),
            ("king", 7, "nsubj", "NOUN", "NN", "king"),
            ("”", 4, "punct", "PUNCT", "''", "”"),
            ("will", 7, "aux", "AUX", "MD", "will"),
            ("serve", 7, "ROOT", "VERB", "VB", "serve"),
            ("time", 7, "dobj", "NOUN", "NN", "time"),
        ]
    )
    article = make_article(doc.text)
    [span] = quoted_spans(article.text, article.paragraphs)
    assert _is_label(doc, span)
    doc = parsed(
        [
            ("He", 1, "nsubj", "PRON", "PRP", "he"),
            ("called", 1, "ROOT", "VERB", "VBD", "call"),
            ("her", 1, "dobj", "PRON", "PRP", "she"),
            ("a", 5, "det", "DET", "DT", "a"),
            ("“", 5, "punct", "PUNCT", "``", "“"),
            ("traitor", 1, "oprd", "NOUN", "NN", "traitor"),
            ("”", 5, "punct", "PUNCT", "''", "”"),
        ]
    )
    article = make_article(doc.text)
    [span] = quoted_spans(article.text, article.paragraphs)
    assert not _is_label(doc, span)


# Who "he" and "the deputy spokesperson" are.


def _speakers(text: str, people: list[Person]) -> Speakers:
    article = make_article(text)
    article.sentences = []
    start = 0
    for part in text.split(". "):
        article.sentences.append(Sentence(start, start + len(part) + 1))
        start += len(part) + 2
    speakers = Speakers(article, Doc(VOCAB, words=text.split()))
    speakers.people = people
    return speakers


def test_he_is_the_speaker_of_the_sentence_not_the_man_spoken_of() -> None:
    text = "“It was wrong,” Kaplan said of Bankman-Fried's acts. He added more."
    kaplan = Person("Lewis Kaplan", text.index("Kaplan"), "m", subject=True)
    fried = Person("Sam Bankman-Fried", text.index("Bankman"), None, subject=False)
    speakers = _speakers(text, [kaplan, fried])
    assert speakers._nearest_person(text.index("He added"), "m") == "Lewis Kaplan"


def test_she_skips_a_nearer_man() -> None:
    text = "Ana Ruiz chairs the board. Tom Hale resigned on Monday. She said more."
    ruiz = Person("Ana Ruiz", 0, "f", subject=True)
    hale = Person("Tom Hale", text.index("Tom"), "m", subject=True)
    speakers = _speakers(text, [ruiz, hale])
    assert speakers._nearest_person(text.index("She"), "f") == "Ana Ruiz"
    assert speakers._nearest_person(text.index("She"), "m") == "Tom Hale"


def test_a_role_resolves_to_the_name_it_was_given_after_or_before() -> None:
    text = (
        "Farhan Haq, deputy spokesman for the UN chief, spoke to CNN. "
        "Later the deputy spokesperson said the figures were fluid."
    )
    speakers = _speakers(text, [Person("Farhan Haq", 0, None, subject=True)])
    assert speakers._nearest_role(text.index("Later"), "spokesperson") == "Farhan Haq"
    text = "The talks stalled, said Senator Ruth Amadi. Later the senator left."
    senator = Person("Ruth Amadi", text.index("Ruth"), "f", subject=False)
    speakers = _speakers(text, [senator])
    assert speakers._nearest_role(text.index("Later"), "senator") == "Ruth Amadi"


def test_a_surname_read_as_an_adverb_after_says_is_the_speaker() -> None:
    doc = parsed(
        [
            ("Chris", 1, "compound", "PROPN", "NNP", "Chris"),
            ("Early", 2, "nsubj", "PROPN", "NNP", "Early"),
            ("spoke", 2, "ROOT", "VERB", "VBD", "speak"),
            (".", 2, "punct", "PUNCT", ".", "."),
            ("It", 5, "nsubj", "PRON", "PRP", "it"),
            ("works", 6, "ccomp", "VERB", "VBZ", "work"),
            ("says", 6, "ROOT", "VERB", "VBZ", "say"),
            ("Early", 6, "advmod", "ADV", "RB", "early"),
            ("now", 6, "advmod", "ADV", "RB", "now"),
        ],
        people=((0, 2),),
    )
    speaker = inverted_subject(doc[6])
    assert speaker is not None and speaker.i == 7
    assert is_source(doc[7]) and not is_source(doc[8])


def test_a_source_phrase_inside_what_a_speaker_said_is_not_a_second_report() -> None:
    def doc_of(subject: Token, aux: list[Token]) -> Doc:
        shift = len(aux)
        tail: list[Token] = [
            ("said", 1 + shift, "ROOT", "VERB", "VBD", "say"),
            ("10", 3 + shift, "nummod", "NUM", "CD", "10"),
            ("people", 4 + shift, "nsubj", "NOUN", "NNS", "people"),
            ("died", 1 + shift, "ccomp", "VERB", "VBD", "die"),
            (",", 4 + shift, "punct", "PUNCT", ",", ","),
            ("according", 4 + shift, "prep", "VERB", "VBG", "accord"),
            ("to", 6 + shift, "prep", "ADP", "IN", "to"),
            ("CNN", 7 + shift, "pobj", "PROPN", "NNP", "CNN"),
        ]
        return parsed([subject, *aux, *tail])

    # "Officials said 10 people died, according to CNN": the words are the officials'.
    officials = doc_of(("Officials", 1, "nsubj", "NOUN", "NNS", "official"), [])
    assert _reported(officials[4]) and _indirect_content(officials[6], officials.text) is None
    # "It was said 10 people died, according to CNN": no one said it but CNN.
    passive = doc_of(
        ("It", 2, "nsubjpass", "PRON", "PRP", "it"), [("was", 2, "auxpass", "AUX", "VBD", "be")]
    )
    assert not _reported(passive[5])
    assert _indirect_content(passive[7], passive.text) is not None


def test_a_role_goes_to_the_holder_mentioned_last_not_the_last_one_titled() -> None:
    text = "Gov. Eric Holcomb spoke. Gov. Matt Bevin lost. Holcomb left. The governor said."
    people = [
        Person("Eric Holcomb", text.index("Eric"), None, subject=True),
        Person("Matt Bevin", text.index("Matt"), None, subject=True),
        Person("Eric Holcomb", text.index("Holcomb left"), None, subject=True),
    ]
    speakers = _speakers(text, people)
    assert speakers._nearest_role(text.index("The governor"), "governor") == "Eric Holcomb"


def test_a_name_shortened_in_brackets_is_known_by_its_acronym() -> None:
    text = (
        "The United Nations Office for the Coordination of Humanitarian Affairs (OCHA) said so. "
        "The World Health Organization (WHO) agreed, but the Plan (XYZ) did not."
    )
    found = [(text[start:end], acronym) for start, end, acronym in _acronyms(text)]
    assert found == [
        ("The United Nations Office for the Coordination of Humanitarian Affairs", "OCHA"),
        ("The World Health Organization", "WHO"),
    ]


def test_a_participle_on_a_passive_clause_is_done_by_its_subject() -> None:
    # "Lee was rescued, feeling dazed and asking": Lee asks; nobody "rescued" in the passive.
    doc = parsed(
        [
            ("Lee", 2, "nsubjpass", "PROPN", "NNP", "Lee"),
            ("was", 2, "auxpass", "AUX", "VBD", "be"),
            ("rescued", 2, "ROOT", "VERB", "VBN", "rescue"),
            (",", 2, "punct", "PUNCT", ",", ","),
            ("feeling", 2, "advcl", "VERB", "VBG", "feel"),
            ("dazed", 4, "acomp", "VERB", "VBN", "daze"),
            ("and", 5, "cc", "CCONJ", "CC", "and"),
            ("asking", 5, "conj", "VERB", "VBG", "ask"),
        ],
        people=((0, 1),),
    )
    asker = subject_of(doc[7])
    assert asker is not None and asker.i == 0
    assert subject_of(doc[2]) is None


def test_consider_reports_a_judgement_only_with_a_predicate() -> None:
    judged = parsed(
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("US", 2, "nsubj", "PROPN", "NNP", "US"),
            ("considers", 2, "ROOT", "VERB", "VBZ", "consider"),
            ("the", 4, "det", "DET", "DT", "the"),
            ("plan", 2, "dobj", "NOUN", "NN", "plan"),
            ("worthy", 2, "acomp", "ADJ", "JJ", "worthy"),
        ]
    )
    assert _indirect_content(judged[2], judged.text) is not None
    thought = parsed(
        [
            ("They", 1, "nsubj", "PRON", "PRP", "they"),
            ("considered", 1, "ROOT", "VERB", "VBD", "consider"),
            ("the", 3, "det", "DET", "DT", "the"),
            ("history", 1, "dobj", "NOUN", "NN", "history"),
        ]
    )
    assert _indirect_content(thought[1], thought.text) is None


def test_a_described_office_is_the_organisation_named_with_those_words() -> None:
    doc = parsed(
        [
            ("Aid", 2, "compound", "PROPN", "NNP", "Aid"),
            ("Affairs", 2, "compound", "PROPN", "NNP", "Affairs"),
            ("Office", 3, "nsubj", "PROPN", "NNP", "Office"),
            ("met", 3, "ROOT", "VERB", "VBD", "meet"),
            (".", 3, "punct", "PUNCT", ".", "."),
            ("The", 7, "det", "DET", "DT", "the"),
            ("affairs", 7, "compound", "NOUN", "NNS", "affair"),
            ("office", 8, "nsubj", "NOUN", "NN", "office"),
            ("said", 8, "ROOT", "VERB", "VBD", "say"),
            ("the", 11, "det", "DET", "DT", "the"),
            ("health", 11, "compound", "NOUN", "NN", "health"),
            ("office", 8, "dobj", "NOUN", "NN", "office"),
        ]
    )
    article = make_article(doc.text)
    name = "Aid Affairs Office"
    article.entities = [Entity(0, len(name), "ORG", name, "org:aid")]
    speakers = Speakers(article, doc)
    assert speakers._organisation_named(doc[7], doc[5].idx) == "Aid Affairs Office"
    assert speakers._organisation_named(doc[11], doc[9].idx) is None


def test_a_role_with_a_name_in_apposition_can_speak() -> None:
    doc = parsed(
        [
            ("Her", 1, "poss", "PRON", "PRP$", "her"),
            ("deputy", 6, "nsubj", "NOUN", "NN", "deputy"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("Mark", 4, "compound", "PROPN", "NNP", "Mark"),
            ("Ruiz", 1, "appos", "PROPN", "NNP", "Ruiz"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("added", 6, "ROOT", "VERB", "VBD", "add"),
        ],
        people=((3, 5),),
    )
    assert is_source(doc[1])
    assert not is_source(parsed([("deputy", 0, "ROOT", "NOUN", "NN", "deputy")])[0])


def test_a_pronoun_teaches_the_gender_of_the_name_it_resolves_to() -> None:
    text = "Mark Kelly questioned Amy Ross. Then he asked. Later she replied."
    kelly = Person("Mark Kelly", 0, None, subject=True)
    ross = Person("Amy Ross", text.index("Amy"), None, subject=False)
    speakers = _speakers(text, [kelly, ross])
    words = text.split()
    he, she = text.index("he asked"), text.index("she replied")
    assert speakers.resolve(Mention(he, he + 2, words.index("he")), he) == "Mark Kelly"
    assert speakers.resolve(Mention(she, she + 3, words.index("she")), she) == "Amy Ross"


def test_a_bare_surname_is_the_relative_named_last() -> None:
    text = "Carlos Rivera fishes. His daughter, Ana Rivera, agreed. Rivera left."
    people = [
        Person("Carlos Rivera", 0, "m", subject=True),
        Person("Ana Rivera", text.index("Ana"), "f", subject=False),
    ]
    speakers = _speakers(text, people)
    assert speakers.full_name("Rivera", text.index("Rivera left")) == "Ana Rivera"
    assert speakers.full_name("Rivera", text.index("fishes")) == "Carlos Rivera"


def test_a_title_belongs_to_its_own_name_not_the_next_one() -> None:
    doc = parsed(
        [
            ("President", 2, "compound", "PROPN", "NNP", "President"),
            ("Joe", 2, "compound", "PROPN", "NNP", "Joe"),
            ("Biden", 3, "nsubj", "PROPN", "NNP", "Biden"),
            ("spoke", 3, "ROOT", "VERB", "VBD", "speak"),
            ("with", 3, "prep", "ADP", "IN", "with"),
            ("Prime", 8, "compound", "PROPN", "NNP", "Prime"),
            ("Minister", 8, "compound", "PROPN", "NNP", "Minister"),
            ("Benjamin", 8, "compound", "PROPN", "NNP", "Benjamin"),
            ("Netanyahu", 4, "pobj", "PROPN", "NNP", "Netanyahu"),
        ],
        people=((1, 3), (7, 9)),
    )
    assert "president" in _titles(doc, doc[1].idx)
    netanyahu = _titles(doc, doc[7].idx)
    assert "minister" in netanyahu and "president" not in netanyahu


def test_a_quote_opening_the_paragraph_after_a_report_has_its_speaker() -> None:
    article = make_article(
        "Helen Price said the ward was full.", "\u201cWe have patients in the corridors.\u201d"
    )
    doc = spacy.blank("en")(article.text)
    said = article.text.index("the ward")
    opening = article.text.index("We have")
    candidates = [
        Candidate(said, said + len("the ward was full"), "indirect", Mention(0, 11, 1), "said"),
        Candidate(opening, article.text.index("\u201d"), "direct"),
    ]
    report, quote = _resolve(article, doc, candidates)
    assert report.speaker == quote.speaker == "Helen Price"


def test_the_subject_before_a_quote_s_colon_speaks() -> None:
    doc = parsed(
        [
            ("Gary", 1, "compound", "PROPN", "NNP", "Gary"),
            ("Lineker", 2, "nsubj", "PROPN", "NNP", "Lineker"),
            ("put", 2, "ROOT", "VERB", "VBD", "put"),
            ("it", 2, "dobj", "PRON", "PRP", "it"),
            ("simply", 2, "advmod", "ADV", "RB", "simply"),
            (":", 2, "punct", "PUNCT", ":", ":"),
            ("\u201c", 8, "punct", "PUNCT", "``", "\u201c"),
            ("This", 8, "nsubj", "PRON", "DT", "this"),
            ("is", 2, "ccomp", "AUX", "VBZ", "be"),
            ("wrong", 8, "acomp", "ADJ", "JJ", "wrong"),
            (".", 8, "punct", "PUNCT", ".", "."),
            ("\u201d", 8, "punct", "PUNCT", "''", "\u201d"),
        ],
        people=((0, 2),),
    )
    article = make_article(doc.text)
    article.sentences = [Sentence(0, len(doc.text))]
    [span] = quoted_spans(article.text, article.paragraphs)
    speaker = _colon_intro(article, doc, span, [(span.open_at, span.close_at + 1)])
    assert speaker is not None and speaker.text == "Lineker"


def test_the_34_year_old_is_a_person() -> None:
    doc = parsed(
        [
            ("the", 4, "det", "DET", "DT", "the"),
            ("34", 2, "nummod", "NUM", "CD", "34"),
            ("year", 4, "npadvmod", "NOUN", "NN", "year"),
            ("-", 4, "punct", "PUNCT", "HYPH", "-"),
            ("old", 5, "nsubj", "ADJ", "JJ", "old"),
            ("said", 5, "ROOT", "VERB", "VBD", "say"),
        ]
    )
    assert is_age(doc[4]) and is_source(doc[4])


def test_an_unnamed_father_is_the_antecedent_of_he() -> None:
    doc = parsed(
        [
            ("Her", 1, "poss", "PRON", "PRP$", "her"),
            ("father", 2, "nsubj", "NOUN", "NN", "father"),
            ("wept", 2, "ROOT", "VERB", "VBD", "weep"),
            (".", 2, "punct", "PUNCT", ".", "."),
            ("His", 5, "poss", "PRON", "PRP$", "his"),
            ("wife", 9, "nsubj", "NOUN", "NN", "wife"),
            (",", 5, "punct", "PUNCT", ",", ","),
            ("Ana", 5, "appos", "PROPN", "NNP", "Ana"),
            (",", 5, "punct", "PUNCT", ",", ","),
            ("spoke", 9, "ROOT", "VERB", "VBD", "speak"),
        ],
        people=((7, 8),),
    )
    [father] = _described_people(doc)
    assert (father.name, father.gender, father.start) == ("Her father", "m", 0)


def test_they_is_the_plural_subject_named_last() -> None:
    doc = parsed(
        [
            ("Police", 1, "nsubj", "NOUN", "NNS", "police"),
            ("spoke", 1, "ROOT", "VERB", "VBD", "speak"),
            (".", 1, "punct", "PUNCT", ".", "."),
            ("Holcomb", 6, "nsubj", "PROPN", "NNP", "Holcomb"),
            ("and", 3, "cc", "CCONJ", "CC", "and"),
            ("leaders", 3, "conj", "NOUN", "NNS", "leader"),
            ("waited", 6, "ROOT", "VERB", "VBD", "wait"),
            (".", 6, "punct", "PUNCT", ".", "."),
            ("They", 9, "nsubj", "PRON", "PRP", "they"),
            ("said", 9, "ROOT", "VERB", "VBD", "say"),
        ],
        people=((3, 4),),
    )
    speakers = Speakers(make_article(doc.text), doc)
    speakers.remember(0, "Police", "Police", False)
    they = doc[8]
    mention = Mention(they.idx, they.idx + 4, they.i)
    assert speakers.resolve(mention, they.idx) == "Holcomb and leaders"


def test_a_cue_set_off_by_commas_reports_its_whole_sentence() -> None:
    doc = parsed(
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("plan", 7, "nsubj", "NOUN", "NN", "plan"),
            (",", 4, "punct", "PUNCT", ",", ","),
            ("officials", 4, "nsubj", "NOUN", "NNS", "official"),
            ("said", 7, "parataxis", "VERB", "VBD", "say"),
            (",", 4, "punct", "PUNCT", ",", ","),
            ("would", 7, "aux", "AUX", "MD", "would"),
            ("cost", 7, "ROOT", "VERB", "VB", "cost"),
            ("more", 7, "dobj", "ADJ", "JJR", "more"),
        ]
    )
    content = _indirect_content(doc[4], doc.text)
    assert content is not None
    assert doc.text[content[0] : content[1]] == "The plan, officials said, would cost more"


def test_quoted_words_run_on_into_the_sentence_are_not_an_interrupted_quote() -> None:
    text = "“We don’t want those people” working here, she said. “This was a black eye.”"
    speaker = Mention(*_between(text, "she said", "she"), head=0)
    first = Candidate(*_between(text, "We", "people"), "direct", speaker, "said")
    second = Candidate(*_between(text, "This", "eye."), "direct", None)
    assert len(_join_interrupted(text, [first, second])) == 2


def test_a_title_with_its_source_after_a_dash_is_a_headline_quote() -> None:
    line = "Libya Floods: Death Toll Rises To 11,300 In Derna \u2013 UN Reports"
    parts = _headline_parts(line)
    assert parts is not None
    claim_start, claim_end, source_start, source_end, cue = parts
    assert line[claim_start:claim_end] == "Death Toll Rises To 11,300 In Derna"
    assert (line[source_start:source_end], cue) == ("UN", "reports")
    assert _headline_parts("Storm hits coast: UN") == (0, 16, 18, 20, ":")


def test_a_short_last_part_of_an_interrupted_quote_joins_it() -> None:
    text = "“We will not give up,” she said. “Not now.”"
    speaker = Mention(*_between(text, "she said", "she"), head=0)
    first = Candidate(*_between(text, "We", "up,"), "direct", speaker, "said")
    second = Candidate(*_between(text, "Not", "now."), "direct", short=True)
    [joined] = _join_interrupted(text, [first, second])
    assert text[joined.start : joined.end].endswith("Not now.") and not joined.short


def test_a_subject_cut_off_from_its_name_by_a_bad_sentence_split_is_the_name() -> None:
    doc = parsed(
        [
            ("Marie", 1, "compound", "PROPN", "NNP", "Marie"),
            ("Drese", 1, "ROOT", "PROPN", "NNP", "Drese"),
            ("(", 1, "punct", "PUNCT", "-LRB-", "("),
            ("IFRC", 1, "appos", "PROPN", "NNP", "IFRC"),
            (")", 1, "punct", "PUNCT", "-RRB-", ")"),
            ("Libya", 8, "nsubj", "PROPN", "NNP", "Libya"),
            ("chief", 5, "appos", "NOUN", "NN", "chief"),
            (",", 5, "punct", "PUNCT", ",", ","),
            ("told", 8, "ROOT", "VERB", "VBD", "tell"),
            ("us", 8, "dobj", "PRON", "PRP", "we"),
        ],
        people=((0, 2),),
    )
    speaker = subject_of(doc[8])
    assert speaker is not None and speaker.text == "Drese"
