"""Quotes and speakers on the real English pipeline: invented sentences for each construction."""

from __future__ import annotations

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quotes import find_quotes
from counterpoint.model import Article, ParagraphKind, Quote

from ..unit.test_quotes import make_article, only


def quotes_of(*blocks: str | tuple[str, ParagraphKind]) -> tuple[Article, list[Quote]]:
    article = make_article(*blocks)
    doc = nlp.load("en")(article.text)
    article.sentences = nlp.sentences(doc, article.paragraphs)
    return article, find_quotes(article, doc)


# Direct and mixed quotes.


def test_direct_quote_with_pronoun_speaker() -> None:
    article, quotes = quotes_of(
        "Mayor Clara Ostrova visited the flooded district on Tuesday.",
        '"We will rebuild the bridge before winter," she said.',
    )
    content, quote = only(article, quotes)
    assert content == "We will rebuild the bridge before winter,"
    assert quote.type == "direct" and quote.cue == "said"
    assert quote.speaker == "Clara Ostrova"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert article.span(quote.speaker_start, quote.speaker_end) == "she"


def test_direct_quote_after_colon() -> None:
    article, quotes = quotes_of(
        "Chief engineer Tomas Velde said: “The old supports were never designed for this.”"
    )
    content, quote = only(article, quotes)
    assert content == "The old supports were never designed for this."
    assert quote.type == "direct" and quote.speaker == "Tomas Velde"


def test_mixed_quote_resolves_surname() -> None:
    article, quotes = quotes_of(
        "Chief engineer Tomas Velde inspected the site.",
        "Velde said the repair plan was “dead on arrival” without new money.",
    )
    content, quote = only(article, quotes)
    assert content == "dead on arrival"
    assert quote.type == "mixed" and quote.speaker == "Tomas Velde"


def test_quote_over_two_paragraphs() -> None:
    article, quotes = quotes_of(
        "Ines Marlow, who lives by the river, described the night.",
        "“The water came in fast and we lost the ground floor in an hour.",
        "“Nobody warned us before it was too late,” she said.",
    )
    # One quote per paragraph; the first, with no cue of its own, takes the speaker of the
    # quote that goes on in the next paragraph.
    contents = [article.span(q.start, q.end) for q in quotes]
    assert contents == [
        "The water came in fast and we lost the ground floor in an hour.",
        "Nobody warned us before it was too late,",
    ]
    assert [(q.type, q.speaker) for q in quotes] == [("direct", "Ines Marlow")] * 2


def test_role_speaker_resolves_to_apposition_name() -> None:
    article, quotes = quotes_of(
        "Transport ministry spokesperson Dana Keller confirmed the closure on Friday.",
        '"The line stays shut until the engineers sign off," the spokesperson said.',
    )
    _, quote = only(article, quotes)
    assert quote.speaker == "Dana Keller"


def test_honorific_surname_and_gender() -> None:
    _, quotes = quotes_of(
        "Ms. Lena Brook, a hydrologist, met Mr. Omar Haddad at the dam on Monday.",
        "“The models underestimated the rain by half,” she said.",
        "“We should have opened the gates a day earlier,” Mr. Haddad said.",
    )
    assert [q.speaker for q in quotes] == ["Lena Brook", "Omar Haddad"]


def test_split_quote_apposition_name_and_follow_on_quote() -> None:
    article, quotes = quotes_of(
        "“We tried everything,” its chairman, Ole Brandt, said, “but nobody answered.” "
        "“We will go to court.”"
    )
    # An interrupted quote is one quote: its span runs from its first word to its last.
    assert [article.span(q.start, q.end) for q in quotes] == [
        "We tried everything,” its chairman, Ole Brandt, said, “but nobody answered.",
        "We will go to court.",
    ]
    assert {q.speaker for q in quotes} == {"Ole Brandt"}


def test_interview_label_before_colon() -> None:
    article, quotes = quotes_of(
        "Harbour master Ole Brandt met the press.", "Brandt: “We will not give up the harbour.”"
    )
    content, quote = only(article, quotes)
    assert content == "We will not give up the harbour."
    assert (quote.type, quote.speaker, quote.cue) == ("direct", "Ole Brandt", ":")


def test_unnamed_role_keeps_its_role_over_a_named_person() -> None:
    _, quotes = quotes_of(
        "Mayor Clara Ostrova promised new pumps.",
        "A spokesperson who asked not to be named because of agency policy said the pumps "
        "were late.",
        "“The order was placed in March,” the spokesperson said.",
    )
    speakers = [q.speaker for q in quotes][-2:]
    assert speakers == ["spokesperson", "spokesperson"], speakers


def test_possessor_of_a_source_is_not_the_speaker() -> None:
    _, quotes = quotes_of(
        "Reporter Jan Odegaard's source inside the camp said the claim was “simply untrue.”",
        "“Nobody stops people from leaving,” the source said.",
    )
    assert [(q.speaker or "").split()[-1] for q in quotes] == ["source", "source"]


def test_the_company_stands_for_the_organisation_named_before() -> None:
    article, quotes = quotes_of(
        "Norvale Shipping cut 40 jobs this year.",
        "The company called the cuts “a painful necessity” on Monday.",
    )
    content, quote = only(article, quotes)
    assert content == "a painful necessity" and quote.speaker == "Norvale Shipping"


def test_she_skips_a_man_the_text_told_of_and_finds_an_unnamed_mother() -> None:
    _, quotes = quotes_of(
        "“I was stunned by the numbers,” said Tomas Velde, a friend of the family. He learned "
        "that dozens of people read his page.",
        "The paper spoke to one mother, who knew her son had a public page.",
        "“I am way ahead of other parents,” she said.",
    )
    assert [q.speaker for q in quotes][-1] == "mother"


def test_singular_they_for_the_person_who_spoke_last() -> None:
    _, quotes = quotes_of(
        "Some people are eager to run their page like a job.",
        "Kym Lino, a spokesperson for the site, confirmed that the site notifies such users.",
        "“We use a model to find accounts that may benefit,” they said in an email.",
    )
    assert [q.speaker for q in quotes][-1] == "Kym Lino"


def test_study_fronted_by_an_as_clause_is_the_speaker() -> None:
    article, quotes = quotes_of(
        "As we have noted, a 2019 study by the Centre for Trade Research concluded that, using "
        "standard methods, “the full cost of the duty falls on domestic buyers.”"
    )
    content, quote = only(article, quotes)
    assert content.startswith("the full cost") and quote.speaker == "Centre for Trade Research"


def test_source_phrase_on_a_speech_verb_leaves_the_quote_to_its_speaker() -> None:
    _, quotes = quotes_of(
        "Rep. Dana Keller toured the border crossing in October.",
        "“We need more agents on this stretch,” she said, according to the Valley Herald.",
    )
    assert [q.speaker for q in quotes][-1] == "Dana Keller"


def test_a_document_of_an_office_speaks_for_the_office_named_before() -> None:
    _, quotes = quotes_of(
        "A farmer admitted the fraud, the Harbor County Prosecutor’s Office announced Monday.",
        "His sentencing is set for May 4, according to the office release.",
    )
    assert [q.speaker for q in quotes] == ["Harbor County Prosecutor’s Office"] * 2


def test_a_pronoun_goes_on_with_the_subject_not_the_person_it_spoke_of() -> None:
    _, quotes = quotes_of(
        "Mark Cole, an engineer, wrote a report on the engines in May.",
        "“It flew once,” Tom Varga, a former pilot, replied.",
        "He then referred to Cole’s report on the engines.",
        "“I cannot disagree with it,” he concluded.",
    )
    assert quotes[-1].speaker == "Tom Varga"


def test_a_quote_without_a_cue_goes_to_the_subject_of_the_sentence_before() -> None:
    _, quotes = quotes_of(
        "Rep. Dana Keller spoke to the committee on Tuesday.",
        "Keller returned to the issue later in the hearing. “Which rockets exist today that "
        "can carry the lander to the Moon?”",
    )
    assert quotes[-1].speaker == "Dana Keller"


def test_the_moon_is_no_person_a_pronoun_can_stand_for() -> None:
    _, quotes = quotes_of(
        "“We need a heavy rocket for the landing,” said Rep. Dana Keller.",
        "Her point was about landers that NASA could use to land humans on the Moon.",
        "“Switching horses midstream is not a wise move at this point,” she continued.",
    )
    assert quotes[-1].speaker == "Dana Keller"


def test_a_pull_quote_is_no_antecedent_for_the_text_around_it() -> None:
    _, quotes = quotes_of(
        "“The fewer launches per mission, the higher the chance of success,” said Ed Marsh, "
        "a former engineer.",
        "“If you don’t have a big booster, you’re not going to make it,” Tom Varga said.",
        "“The launcher is not being used for what it was designed to do,” he continued.",
        "Varga, earlier in the hearing, was firm. “If you don’t have a big booster, you’re not "
        "going to make it,” he said.",
    )
    assert [q.speaker for q in quotes] == ["Ed Marsh", "Tom Varga", "Ed Marsh", "Tom Varga"]


def test_a_fragment_without_a_cue_goes_to_the_person_its_sentence_is_about() -> None:
    _, quotes = quotes_of(
        "Mayor Dana Keller spoke on Monday.",
        "Dana Keller, by her own account, has sent “more than forty letters to the council "
        "this year, and all of them were answered.”",
    )
    assert quotes[-1].type == "mixed" and quotes[-1].speaker == "Dana Keller"


def test_an_unnamed_role_is_the_person_the_next_paragraph_titles_so() -> None:
    _, quotes = quotes_of(
        "A county fire chief says the blaze near the harbor is contained.",
        "Interim County Fire Chief Ed Alvarez told reporters that crews arrived at noon.",
    )
    assert [q.speaker for q in quotes] == ["Ed Alvarez", "Ed Alvarez"]
    _, quotes = quotes_of(
        "A spokesperson who asked not to be named said the plant would close.",
        "Spokesperson Jane Doe of the union said that talks would go on.",
    )
    assert [q.speaker for q in quotes][-2:] == ["spokesperson", "Jane Doe"]


def test_a_name_right_before_a_subjectless_cue_after_the_quote_speaks() -> None:
    _, quotes = quotes_of(
        "“Our third quarter results reflected broad-based growth across our business, yet "
        "sales were below our expectations driven by the timing of certain benefits associated "
        'with our One Harbor Depot strategic investments," chairman, CEO and president Tom '
        "Varga said in the earnings release."
    )
    assert [q.speaker for q in quotes] == ["Tom Varga"]


# Indirect speech.


@pytest.mark.parametrize(
    ("sentence", "content", "speaker", "cue"),
    [
        (
            "The council argued that the budget could not cover a second bridge.",
            "the budget could not cover a second bridge",
            "council",
            "argued",
        ),
        (
            "According to the regional water agency, the river rose two metres overnight.",
            "the river rose two metres overnight",
            "regional water agency",
            "according to",
        ),
        (
            "Ostrova told reporters that the district would reopen next week.",
            "the district would reopen next week",
            "Ostrova",
            "told",
        ),
        (
            "The contractor admitted that the spring inspection had been skipped.",
            "the spring inspection had been skipped",
            "contractor",
            "admitted",
        ),
        (
            "The farmers' union accused the water board of ignoring the warnings.",
            "the water board of ignoring the warnings",
            "farmers' union",
            "accused",
        ),
    ],
)
def test_indirect_speech(sentence: str, content: str, speaker: str, cue: str) -> None:
    article, quotes = quotes_of(sentence)
    found, quote = only(article, quotes)
    assert (found, quote.type, quote.speaker, quote.cue) == (content, "indirect", speaker, cue)


def test_report_nested_in_source_phrase_belongs_to_inner_speaker() -> None:
    article, quotes = quotes_of(
        "According to the newspaper, the ministry claims that the levee held everywhere."
    )
    content, quote = only(article, quotes)
    assert content == "the levee held everywhere"
    assert quote.speaker == "ministry"


def test_an_outlet_relaying_a_report_leaves_it_to_the_report_s_speaker() -> None:
    article, quotes = quotes_of(
        "However, local officials suggested that the toll could be far higher, the Coast "
        "Herald has reported."
    )
    content, quote = only(article, quotes)
    assert (content, quote.speaker) == ("the toll could be far higher", "local officials")


def test_a_second_source_phrase_on_a_clause_relays_the_first() -> None:
    article, quotes = quotes_of(
        "As per the police, forty homes were flooded overnight, according to the Coast Herald."
    )
    content, quote = only(article, quotes)
    assert (content, quote.speaker, quote.cue) == (
        "forty homes were flooded overnight",
        "police",
        "as per",
    )


def test_a_document_speaks_for_the_author_of_its_earlier_mention() -> None:
    _, quotes = quotes_of(
        "On Monday the ministry published a report from the Harbor Water Board on the levees.",
        "The report said that the northern levee had failed twice.",
    )
    assert quotes[-1].speaker == "Harbor Water Board"


def test_a_source_phrase_on_a_trailing_cue_leaves_the_report_to_the_cue_s_speaker() -> None:
    article, quotes = quotes_of(
        "As yet, there is no sign of a leak at the plant, the regional water commission "
        "said, according to Reuters."
    )
    content, quote = only(article, quotes)
    assert content == "As yet, there is no sign of a leak at the plant"
    assert quote.speaker == "regional water commission"


def test_a_role_word_closing_an_organisation_s_name_is_that_name() -> None:
    _, quotes = quotes_of(
        "Mayor Clara Ostrova toured the port on Thursday.",
        "The strike cost the port roughly $40,000, according to the Des Moines Daily Leader.",
    )
    assert quotes[-1].speaker == "Des Moines Daily Leader"


def test_a_reporter_named_with_their_outlet_is_the_person() -> None:
    _, quotes = quotes_of(
        "Dana Keller of the Valley Herald visited the ward on Monday.",
        "Keller of the Herald reports that the ward had closed at noon.",
    )
    assert quotes[-1].speaker == "Dana Keller"


def test_an_acronym_stands_for_the_organisation_named_in_full_before() -> None:
    _, quotes = quotes_of(
        "The Lakeland Center for Flood Control said on Monday that the dam was sound.",
        "The Lakeland CFC added that the spillway would stay open.",
    )
    assert [q.speaker for q in quotes] == ["Lakeland Center for Flood Control"] * 2


def test_an_anonymous_commenter_or_user_speaks() -> None:
    _, quotes = quotes_of("“If we were any higher, we’d be on the moon,” one user quipped.")
    assert [q.speaker for q in quotes] == ["one user"]


@pytest.mark.parametrize(
    "sentence",
    [
        "As Dana Keller reports for the Valley Herald, the ward closed at noon.",
        "The ward closed at noon, as Dana Keller reported.",
    ],
)
def test_an_as_clause_with_a_speech_verb_attributes_its_main_clause(sentence: str) -> None:
    article, quotes = quotes_of(sentence)
    content, quote = only(article, quotes)
    assert (content.lower(), quote.speaker) == ("the ward closed at noon", "Dana Keller")


def test_an_as_clause_of_an_event_is_no_source() -> None:
    _, quotes = quotes_of("The guard stopped him as he was showing the van to a customer.")
    assert quotes == []


def test_an_indefinite_group_is_new_not_the_group_named_before() -> None:
    _, quotes = quotes_of(
        "A research group led by Noam Cohen found the receptors in 2012.",
        "Later, a group of Swiss scientists showed that rats use the same receptors.",
    )
    assert quotes[-1].speaker == "group of Swiss scientists"


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "The city added 5,000 jobs in May, showing that the port had recovered, according "
            "to data released Friday from the Harbor Statistics Office.",
            "The city added 5,000 jobs in May",
            "Harbor Statistics Office",
        ),
        (
            "The river rose to five metres, a level not seen since 1969 — two months before the "
            "dam opened — according to the Harbor Water Board.",
            "The river rose to five metres, a level not seen since 1969",
            "Harbor Water Board",
        ),
        (
            "It is unclear whether the ferry will run, or if the crew will return — both were "
            "said to have quit in May, according to the Valley Herald.",
            "both were said to have quit in May",
            "Valley Herald",
        ),
        (
            "The port shattered records in May as exports doubled, according to data from the "
            "Harbor Statistics Office, the Valley Herald reported.",
            "The port shattered records in May as exports doubled",
            "Harbor Statistics Office",
        ),
    ],
)
def test_a_source_phrase_closing_a_sentence_attributes_the_sentence_before_it(
    sentence: str, content: str, speaker: str
) -> None:
    article, quotes = quotes_of(sentence)
    found, quote = only(article, quotes)
    assert (found, quote.speaker) == (content, speaker)


def test_a_document_speaks_for_who_it_was_updated_from() -> None:
    _, quotes = quotes_of(
        "The toll was cut to 400 on Sunday. The revised report was updated on Sunday morning "
        "from the Harbor Water Board.",
        "The updated report states that at least 90 people are still missing.",
    )
    assert quotes[-1].speaker == "Harbor Water Board"


def test_a_source_phrase_set_off_inside_its_clause_attributes_the_whole_clause() -> None:
    article, quotes = quotes_of(
        "One of the guards, according to prison records, had worked six overtime shifts."
    )
    content, quote = only(article, quotes)
    assert content == (
        "One of the guards, according to prison records, had worked six overtime shifts"
    )
    assert quote.speaker == "prison records"
    article, quotes = quotes_of("Meanwhile, according to the Valley Herald, the ferry stopped.")
    content, quote = only(article, quotes)
    assert (content, quote.speaker) == ("the ferry stopped", "Valley Herald")


# Headlines and headings.


def test_headline_claim_colon_source() -> None:
    article, quotes = quotes_of(
        ("Bridge repairs 'years behind schedule': city auditors", "title"),
        "The audit was published on Monday.",
    )
    content, quote = only(article, quotes)
    assert content == "years behind schedule"
    assert quote.type == "headline" and quote.speaker == "city auditors" and quote.cue == ":"


def test_headline_without_source_is_not_a_quote() -> None:
    _, quotes = quotes_of(("River Towns: The Long Recovery", "title"), "Work began in May.")
    assert quotes == []


def test_pull_quote_heading_takes_the_later_speaker() -> None:
    article, quotes = quotes_of(
        "Mayor Clara Ostrova spoke to the council.",
        ("“A failure of planning”", "heading"),
        "Ostrova said the delays were “a failure of planning” by the previous council.",
    )
    heading = [q for q in quotes if article.paragraph_at(q.start).kind == "heading"]
    assert len(heading) == 1 and heading[0].speaker == "Clara Ostrova"


# Look-alikes that are not quotes.


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents have called the flooded square the “Beach” since the spring.",
        "The “reform” has angered teachers across the region.",
        "She reread “The Long Winter Road” on the train home.",
        "Troops began “Operation Northern Shield” at dawn.",
        "The sign read “closed for good.",
    ],
)
def test_scare_quotes_titles_and_unbalanced_marks_are_not_quotes(sentence: str) -> None:
    _, quotes = quotes_of(sentence)
    assert quotes == []


# Speakers on the AEB tuning set's classes (invented sentences).


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    _, quotes = quotes_of(
        "On Monday, Harbor Freight Lines issued a statement about the strike.",
        'The statement, which was obtained by reporters, said "the port will reopen soon".',
    )
    assert quotes[-1].speaker == "Harbor Freight Lines"


def test_a_pronoun_cue_skips_a_name_inside_the_quote() -> None:
    _, quotes = quotes_of(
        "Eswar Prasad, a trade professor at Cornell, said the talks had stalled again.",
        '"By hyping up expectations, Trump makes any sort of deal less likely," he said.',
    )
    assert quotes[-1].speaker == "Eswar Prasad"


def test_a_question_quote_takes_the_cue_sentence_after_it() -> None:
    _, quotes = quotes_of(
        "The talks resumed in Geneva on Monday.",
        '"What is the incentive of signing this deal?" Marta Oyelaran, the former director '
        "for trade at the Harbour Institute, said at an event in Lagos.",
    )
    assert quotes[-1].speaker is not None and quotes[-1].speaker.endswith("Oyelaran")


def test_a_possessive_tells_the_sex_of_the_one_person_named_before_it() -> None:
    _, quotes = quotes_of(
        "A row involving Taylor Swift, her former record label and two politicians goes on.",
        "Swift's first six albums were released through Big Machine, which was bought by a "
        "company owned by Scooter Braun earlier this year.",
        'In a post at the time she described this as the "worst case scenario".',
    )
    assert quotes[-1].speaker == "Taylor Swift"


def test_a_pronoun_cue_means_the_subject_its_sentence_opens_with() -> None:
    _, quotes = quotes_of(
        "The envoy faces questions about a phone call with President Donald Trump.",
        'Yet Gordon Sondland has already amended his testimony once — "I now do recall," he '
        "said, talking about the investigations.",
    )
    assert quotes[-1].speaker == "Gordon Sondland"


def test_a_possessive_role_first_given_without_a_name_takes_the_name_given_later() -> None:
    _, quotes = quotes_of(
        "Norway’s ambassador to Britain warned that Oslo “will not stand by” during the unrest.",
        "Protests went on for a third night in the capital.",
        "Norway’s ambassador to Britain Ingrid Solberg has said that the embassy stays open.",
    )
    assert quotes[0].speaker == "Ingrid Solberg"


def test_quoted_titles_in_a_list_or_after_a_preposition_are_no_quotes() -> None:
    _, quotes = quotes_of(
        "Expect the band's hits on the tour, including “Black Water,” “China Grove,” "
        "“Minute By Minute” and others.",
        "She announced it on a previous episode of “DWTS.”",
    )
    assert quotes == [] or all(q.type == "indirect" for q in quotes)


def test_a_capitalised_quote_with_its_cue_stays_a_quote() -> None:
    _, quotes = quotes_of("“We Will Rebuild,” the mayor said on Tuesday.")
    assert [q.type for q in quotes] == ["direct"]


def test_an_inverted_role_with_a_name_in_apposition_speaks() -> None:
    _, quotes = quotes_of(
        'Marsh was known for telling others "he was in charge of the port" despite his rank, '
        "said another witness in the inquiry, former harbour adviser Lena Okafor."
    )
    assert quotes[0].speaker == "Lena Okafor"


def test_a_possessive_pronoun_before_a_name_is_not_that_name() -> None:
    _, quotes = quotes_of(
        "Prince Harold denied the claims in an interview on Sunday.",
        "During the visit, he was photographed having long chats with Victor Stahl.",
        "His effort to end his friendship with Stahl contradicts his claim that the pair were "
        "“not close”.",
    )
    assert quotes[-1].speaker is not None and quotes[-1].speaker.endswith("Harold")


def test_a_kin_noun_speaks_and_a_first_name_is_the_full_name() -> None:
    _, quotes = quotes_of(
        "Elise Matthesen found him. She wrote that it was a shock.",
        "At some point, Ford's father told Starner that “the only way I know he is alive is "
        "the checks I send”.",
        "In 1997, Elise interviewed Mike for a convention. “No,” he said. “You tell me one.”",
    )
    assert quotes[1].speaker is not None and quotes[1].speaker.endswith("father")
    assert quotes[-1].speaker != "Elise Matthesen"


def test_a_quote_signed_after_a_dash_has_that_speaker() -> None:
    _, quotes = quotes_of(
        "The novels were only the beginning.",
        "“Had he written five books in that world, he would have been a household name.” "
        "— Neil Gaiman",
    )
    assert quotes[-1].speaker == "Neil Gaiman"


def test_a_group_named_in_apposition_before_speaks_as_that_name() -> None:
    _, quotes = quotes_of(
        "The group, Harbor Workers Coalition, formed in recent weeks.",
        "In a separate post, the group added that the port “is not keeping its promises”.",
    )
    assert quotes[-1].speaker == "Harbor Workers Coalition"


def test_a_name_in_a_relative_clause_of_the_speaker_does_not_speak() -> None:
    _, quotes = quotes_of(
        "One user on the forum, which is run by Governor Anna Kowalski, posted: "
        "“I just want to know who pays for the repairs.”"
    )
    assert len(quotes) == 1 and "Kowalski" not in (quotes[0].speaker or "")
    assert (quotes[0].speaker or "").split()[-1] == "user"


def test_an_as_clause_with_relate_cues_the_quote_after_it() -> None:
    _, quotes = quotes_of(
        "Tomas Velde fell ill last spring and spent a month in hospital.",
        "As he related, “the treatment went on for a year. I am well again now.”",
    )
    assert [q.speaker for q in quotes] == ["Tomas Velde"]


def test_the_company_that_denies_is_the_organisation_the_sentence_before_accused() -> None:
    _, quotes = quotes_of(
        "“We were never consulted,” Norvale Shipping said in a statement.",
        "On Thursday, the union accused Walter Brenn and Harlow Freight Inc. of hiding losses.",
        "The company flat-out denied the allegations in a statement shared to its website.",
        "“We have hidden nothing from our workers,” the statement read.",
    )
    assert [q.speaker for q in quotes][-1] == "Harlow Freight Inc."


def test_they_after_a_named_institution_subject_is_that_institution() -> None:
    _, quotes = quotes_of(
        "“We have agreed to every licence,” Norvale Shipping said in a statement.",
        "The firm that runs the port, Brantley Logistics, denies that anything is settled.",
        "“Any agreement needs to be made with the union directly,” they said.",
    )
    assert [q.speaker for q in quotes][-1] == "Brantley Logistics"


def test_a_cue_noun_from_a_named_source_attributes_its_fragments() -> None:
    _, quotes = quotes_of(
        "The camps grew out of directives from Governor Anna Kowalski to “show no patience” "
        "with the protesters."
    )
    assert [q.speaker for q in quotes] == ["Anna Kowalski"]


def test_an_unnamed_officer_is_the_lieutenant_colonel_named_next() -> None:
    _, quotes = quotes_of(
        "Four officials testified on Tuesday, including a career Army officer who described "
        "the call as “improper.”",
        "Lt. Col. Tomas Velde told lawmakers it was his “duty” to report the call.",
    )
    assert [q.speaker for q in quotes] == ["Tomas Velde", "Tomas Velde"]


def test_a_term_the_writer_names_is_no_quote() -> None:
    _, quotes = quotes_of(
        "When the cause is a bird, the term often used is “bird keeper's lung.” When it "
        "occurs in a person breeding pigeons, it is called “pigeon breeder's lung.”",
        "“We see a few cases a year,” said Dr. Anna Kowalski.",
    )
    assert [q.speaker for q in quotes] == ["Anna Kowalski"]


def test_a_colon_lead_that_names_no_one_goes_on_with_the_quote_before() -> None:
    _, quotes = quotes_of(
        "“I fought to get the full script,” said Ines Marlow. “I needed to see it all.”",
        "That process led to a realization: “It was a love song to the city as well.”",
    )
    assert [q.speaker for q in quotes] == ["Ines Marlow", "Ines Marlow"]
