"""Who is quoted in a story, on invented articles written the way wires and papers write."""

from __future__ import annotations

from counterpoint.compare.voices import story_voices
from counterpoint.model import Article, Entity, Quote, Voice


def article(
    article_id: str,
    outlet: str,
    text: str,
    quotes: list[tuple[str, str | None, str | None]],
    entities: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> Article:
    """``quotes``: (quoted words, speaker as resolved, speaker as written: the first match
    before or after the words); ``entities``: (words, label, canonical)."""
    found = []
    for words, speaker, written in quotes:
        start = text.index(words)
        speaker_start = None
        if written is not None:
            before = text.rfind(written, 0, start)
            speaker_start = before if before >= 0 else text.index(written, start)
        found.append(
            Quote(
                start=start,
                end=start + len(words),
                type="direct",
                speaker=speaker,
                speaker_start=speaker_start,
                speaker_end=None if speaker_start is None else speaker_start + len(written or ""),
            )
        )
    spans = []
    for words, label, canonical in entities:
        start = text.index(words)
        spans.append(Entity(start, start + len(words), label, canonical, f"id:{canonical}"))
    return Article(
        id=article_id,
        source=f"{article_id}.txt",
        text=text,
        outlet=outlet,
        quotes=found,
        entities=spans,
    )


def voices_of(*articles: Article) -> list[Voice]:
    voices, _ = story_voices(list(articles), {a.id: a.outlet or a.id for a in articles})
    return voices


def by_speaker(voices: list[Voice]) -> dict[str, Voice]:
    return {voice.speaker: voice for voice in voices}


RADIO = article(
    "radio",
    "Radio Dravik",
    '"This is the worst fire our city has seen," Mayor Henrik Olm said at the town hall.',
    [("This is the worst fire our city has seen", "Mayor Henrik Olm", "Mayor Henrik Olm")],
    # the tagger took the title in and called it a work of art
    [("Mayor Henrik Olm", "WORK_OF_ART", "Mayor Henrik Olm")],
)
LEDGER = article(
    "ledger",
    "The Capital Ledger",
    "Mayor of Dravik Henrik Olm declared three days of mourning and said the city would open "
    "a support centre.",
    [("the city would open a support centre", "Mayor of Dravik Henrik Olm", None)],
)
GAZETTE = article(
    "gazette",
    "Harbour Gazette",
    'Mayor Henrik Olm said the square would be renamed. "Their names will be the first thing '
    'every worker sees," he said. Olm left before questions.',
    [
        ("the square would be renamed", "Henrik Olm", "Mayor Henrik Olm"),
        ("Their names will be the first thing every worker sees", "Henrik Olm", "he"),
    ],
    [("Henrik Olm", "PERSON", "Henrik Olm")],
)


def test_one_person_is_one_voice_with_the_fullest_role() -> None:
    voices = voices_of(RADIO, LEDGER, GAZETTE)
    assert [v.speaker for v in voices] == ["Henrik Olm"]
    olm = voices[0]
    assert olm.kind == "person"
    assert olm.role == "Mayor of Dravik"
    assert olm.group == "official"
    assert olm.outlets == ["Harbour Gazette", "Radio Dravik", "The Capital Ledger"]
    assert len(olm.quotes) == 4
    assert olm.entity_id == "id:Henrik Olm"


def test_a_surname_joins_the_one_person_of_the_story_who_has_it() -> None:
    northline = article(
        "northline",
        "Northline",
        "Green Alliance leader Tomas Rendel said the treaty was a blank cheque. Rendel told "
        "reporters his party would go to court.",
        [
            ("the treaty was a blank cheque", "Tomas Rendel", "Green Alliance leader Tomas Rendel"),
            ("his party would go to court", "Rendel", "Rendel"),
        ],
        [("Green Alliance", "ORG", "Green Alliance"), ("Tomas Rendel", "PERSON", "Tomas Rendel")],
    )
    ledger = article(
        "ledger2",
        "The Capital Ledger",
        "Opposition leader Tomas Rendel said the vote was rushed.",
        [("the vote was rushed", "Tomas Rendel", "Opposition leader Tomas Rendel")],
    )
    voices = by_speaker(voices_of(northline, ledger))
    assert list(voices) == ["Tomas Rendel"]
    rendel = voices["Tomas Rendel"]
    assert rendel.affiliation == "Green Alliance"
    assert rendel.role == "Opposition leader"
    assert rendel.group == "opposition"
    assert len(rendel.quotes) == 3


def test_a_surname_two_people_share_stays_apart() -> None:
    text = (
        "Anna Berg said the plant must close. Lars Berg said it must stay open. "
        "Berg said nothing more."
    )
    voices = voices_of(
        article(
            "a",
            "Northline",
            text,
            [
                ("the plant must close", "Anna Berg", "Anna Berg"),
                ("it must stay open", "Lars Berg", "Lars Berg"),
                ("nothing more", "Berg", "Berg said"),
            ],
        )
    )
    assert sorted(v.speaker for v in voices) == ["Anna Berg", "Berg", "Lars Berg"]


def test_no_one_is_dropped_documents_and_unresolved_pronouns() -> None:
    text = (
        "Questions about the exits remain, the paper said. Reports have found the deal would "
        "last 60 days. He said it was over. Survivors told the union the doors were locked."
    )
    voices = voices_of(
        article(
            "voice",
            "Workers' Voice",
            text,
            [
                ("about the exits remain", "Questions", "Questions"),
                ("Questions about the exits remain", "paper", "the paper"),
                ("the deal would last 60 days", "Reports", "Reports"),
                ("it was over", "He", "He"),
                ("the doors were locked", "Survivors", "Survivors"),
                ("the doors were", None, None),
            ],
        )
    )
    assert [(v.speaker, v.group) for v in voices] == [("Survivors", "affected")]


def test_an_entity_that_is_no_speaker_is_dropped_unless_a_role_marks_a_person() -> None:
    text = "Monday's summit, the Tarsa Accord said, would fix the border."
    voices = voices_of(
        article(
            "a",
            "Belmora Today",
            text,
            [("would fix the border", "Tarsa Accord", "the Tarsa Accord")],
            [("Tarsa Accord", "LAW", "Tarsa Accord")],
        )
    )
    assert voices == []


def test_an_apposition_gives_role_and_affiliation() -> None:
    text = (
        '"We are cooperating fully," said Piet Aalders, a spokesman for Kelvane Energy Cells. '
        '"The river will not recover," said Ada Lund, a hydrologist at the University of '
        'Askeby, on Tuesday. "Nobody asked us," said Maret Holm, a farmer from the village of '
        "Ostervik who travelled to the capital."
    )
    voices = by_speaker(
        voices_of(
            article(
                "a",
                "The Riverside Observer",
                text,
                [
                    ("We are cooperating fully", "Piet Aalders", "Piet Aalders"),
                    ("The river will not recover", "Ada Lund", "Ada Lund"),
                    ("Nobody asked us", "Maret Holm", "Maret Holm"),
                ],
                [
                    ("Piet Aalders", "ORG", "Piet Aalders"),  # a tagger's slip
                    ("Kelvane Energy Cells", "ORG", "Kelvane Energy Cells"),
                    ("Ada Lund", "PERSON", "Ada Lund"),
                ],
            )
        )
    )
    aalders = voices["Piet Aalders"]
    assert (aalders.kind, aalders.role, aalders.affiliation) == (
        "person",
        "spokesman",
        "Kelvane Energy Cells",
    )
    assert aalders.group == "official"
    lund = voices["Ada Lund"]
    assert (lund.role, lund.affiliation, lund.group) == (
        "hydrologist",
        "University of Askeby",
        "expert",
    )
    holm = voices["Maret Holm"]
    assert (holm.role, holm.affiliation, holm.group) == (
        "farmer from the village of Ostervik",
        None,
        "affected",
    )


def test_according_to_a_body_the_words_after_it_are_no_role() -> None:
    text = (
        "According to the economy ministry, the labour inspectorate visited the plant and "
        'found "no serious deficiencies".'
    )
    voices = voices_of(
        article(
            "a",
            "Radio Dravik",
            text,
            [("no serious deficiencies", "economy ministry", "the economy ministry")],
        )
    )
    assert [(v.speaker, v.kind, v.role, v.group) for v in voices] == [
        ("economy ministry", "organisation", None, "official")
    ]


def test_a_role_named_once_joins_the_named_voice_and_a_possessive_is_affiliation() -> None:
    text = (
        "Belmora's energy minister, Dario Vesk, welcomed the vote as a new chapter. "
        "Belmora's energy minister says building can begin this summer."
    )
    voices = voices_of(
        article(
            "a",
            "Belmora Today",
            text,
            [
                (
                    "welcomed the vote as a new chapter",
                    "Dario Vesk",
                    "Belmora's energy minister, Dario Vesk",
                ),
                (
                    "building can begin this summer",
                    "Belmora's energy minister",
                    "Belmora's energy minister",
                ),
            ],
            [("Dario Vesk", "PERSON", "Dario Vesk")],
        )
    )
    assert [(v.speaker, v.role, v.affiliation, len(v.quotes)) for v in voices] == [
        ("Dario Vesk", "energy minister", "Belmora", 2)
    ]


def test_entity_ids_and_a_short_company_name_join() -> None:
    wire = article(
        "wire",
        "Continental Wire",
        "Abu Mazen said talks must resume. Kelvane Energy Cells said it was cooperating.",
        [
            ("talks must resume", "Abu Mazen", "Abu Mazen"),
            ("it was cooperating", "Kelvane Energy Cells", "Kelvane Energy Cells"),
        ],
        [
            ("Abu Mazen", "PERSON", "Mahmoud Abbas"),
            ("Kelvane Energy Cells", "ORG", "Kelvane Energy Cells"),
        ],
    )
    radio = article(
        "radio",
        "Radio Dravik",
        "Palestinian President Mahmoud Abbas said he would go. Kelvane said in a statement "
        "that it was deeply saddened.",
        [
            ("he would go", "Mahmoud Abbas", "Palestinian President Mahmoud Abbas"),
            ("it was deeply saddened", "Kelvane", "Kelvane"),
        ],
        [("Mahmoud Abbas", "PERSON", "Mahmoud Abbas"), ("Kelvane", "PERSON", "Kelvane")],
    )
    voices = by_speaker(voices_of(wire, radio))
    assert sorted(voices) == ["Kelvane Energy Cells", "Mahmoud Abbas"]
    abbas = voices["Mahmoud Abbas"]
    assert abbas.entity_id == "id:Mahmoud Abbas"
    assert abbas.role == "Palestinian President"
    assert abbas.group == "official"
    kelvane = voices["Kelvane Energy Cells"]
    assert (kelvane.kind, len(kelvane.quotes), kelvane.group) == ("organisation", 2, "other")


def test_balance_counts_quotes_per_group_and_a_copy_once() -> None:
    copy = article("copy", "Harbour Gazette", RADIO.text, [], [])
    copy.quotes = list(RADIO.quotes)
    copy.entities = list(RADIO.entities)
    quiet = article("quiet", "Northline", "No one was quoted here.", [])
    articles = [RADIO, copy, LEDGER, quiet]
    outlet_of = {"radio": "Radio Dravik", "copy": "Radio Dravik", "ledger": "The Capital Ledger"}
    voices, balance = story_voices(articles, {**outlet_of, "quiet": "Northline"})
    assert len(voices[0].quotes) == 2
    assert [(b.outlet, b.groups["official"], sum(b.groups.values())) for b in balance] == [
        ("Northline", 0, 0),
        ("Radio Dravik", 1, 1),
        ("The Capital Ledger", 1, 1),
    ]
    assert set(balance[0].groups) == {"official", "opposition", "expert", "affected", "other"}


def test_a_role_is_read_where_the_article_first_names_the_speaker() -> None:
    text = (
        "For Palestinian analyst Diana Buttu, the talks were a show. The demands brought by "
        'Israeli Prime Minister Benjamin Netanyahu stalled them. "It was theatre," Ms. Buttu '
        'said. "We will not stop," Netanyahu said, and he left.'
    )
    voices = by_speaker(
        voices_of(
            article(
                "a",
                "arabnews.fr",
                text,
                [
                    ("It was theatre", "Diana Buttu", "Ms. Buttu"),
                    ("We will not stop", "Benjamin Netanyahu", "Netanyahu"),
                ],
                [("Benjamin Netanyahu", "PERSON", "Benjamin Netanyahu")],
            )
        )
    )
    assert (voices["Diana Buttu"].role, voices["Diana Buttu"].group) == (
        "Palestinian analyst",
        "expert",
    )
    netanyahu = voices["Benjamin Netanyahu"]
    assert (netanyahu.role, netanyahu.group) == ("Israeli Prime Minister", "official")


def test_given_names_spellings_and_a_body_with_its_generic_noun_join() -> None:
    thai = article(
        "thai",
        "Khaosod English",
        "Thai Ambassador to Korea Tanee Sangrat said two Thais were aboard. Tanee said the "
        "embassy was in touch with the families. Muan Fire Chief Lee Jung-hyun said the tail "
        "was intact, and Lee added that the search would go on.",
        [
            ("two Thais were aboard", "Tanee Sangrat", "Thai Ambassador to Korea Tanee Sangrat"),
            ("the embassy was in touch with the families", "Tanee", "Tanee"),
            ("the tail was intact", "Lee Jung-hyun", "Muan Fire Chief Lee Jung-hyun"),
            ("the search would go on", "Lee", "Lee"),
        ],
    )
    libya = article(
        "libya",
        "Al Jazeera",
        "Tawfiq al-Shukri, a spokesman for the Libyan Red Crescent, said 11,300 had died. "
        "Health minister Othman Abduljaleel said 3,000 were buried. Abduljaleel said more "
        "would be found. The Libyan Red Crescent Society said it had sent teams.",
        [
            ("11,300 had died", "Tawfiq al-Shukri", "Tawfiq al-Shukri"),
            ("3,000 were buried", "Othman Abduljaleel", "Health minister Othman Abduljaleel"),
            ("more would be found", "Abduljaleel", "Abduljaleel"),
            ("it had sent teams", "Libyan Red Crescent Society", "The Libyan Red Crescent Society"),
        ],
        # the tagger called the bare surname an organisation
        [
            ("Abduljaleel", "ORG", "Abduljaleel"),
            ("Libyan Red Crescent Society", "ORG", "Libyan Red Crescent Society"),
        ],
    )
    wire = article(
        "wire",
        "Associated Press",
        "Tawfiq Shukri said the toll would rise. The Libyan Red Crescent said 10,100 were "
        "missing. Othman Abdel Jalil said the city was sealed off.",
        [
            ("the toll would rise", "Tawfiq Shukri", "Tawfiq Shukri"),
            ("10,100 were missing", "Libyan Red Crescent", "The Libyan Red Crescent"),
            ("the city was sealed off", "Othman Abdel Jalil", "Othman Abdel Jalil"),
        ],
        [("Libyan Red Crescent", "ORG", "Libyan Red Crescent")],
    )
    voices = voices_of(thai, libya, wire)
    counts = sorted((len(v.quotes), v.kind) for v in voices)
    assert counts == [
        (2, "organisation"),
        (2, "person"),
        (2, "person"),
        (2, "person"),
        (3, "person"),
    ]
    spokesman = next(v for v in voices if v.speaker.startswith("Tawfiq"))
    assert (spokesman.role, spokesman.affiliation) == ("spokesman", "Libyan Red Crescent")
    assert next(v for v in voices if v.speaker == "Tanee Sangrat").outlets == ["Khaosod English"]


def test_a_title_of_something_stays_the_speaker() -> None:
    text = "The secretary general of the group said aid was on its way."
    voices = voices_of(
        article(
            "a",
            "CNN",
            text,
            [("aid was on its way", "Secretary General of the group", "secretary general")],
        )
    )
    assert [(v.speaker, v.kind, v.group) for v in voices] == [
        ("Secretary General of the group", "person", "official")
    ]


def test_a_headline_naming_the_speaker_first_does_not_hide_the_body_introduction() -> None:
    text = (
        "Karin Vale's long week in the valley\n\n"
        "Regional Water Commissioner Karin Vale toured the flooded farms on Monday. "
        '"We will rebuild the dykes," Vale said.'
    )
    voices = by_speaker(
        voices_of(
            article(
                "a",
                "Valley Post",
                text,
                [("We will rebuild the dykes", "Karin Vale", "Vale")],
                [("Karin Vale", "PERSON", "Karin Vale")],
            )
        )
    )
    assert (voices["Karin Vale"].role, voices["Karin Vale"].group) == (
        "Regional Water Commissioner",
        "official",
    )


def test_an_acronym_is_a_body_and_joins_the_body_it_spells() -> None:
    text = (
        'The Dravik Port Authority said the quay was safe. "The quay is closed," DPA said. '
        '"Two cranes fell," KRS said.'
    )
    voices = by_speaker(
        voices_of(
            article(
                "a",
                "Harbour Gazette",
                text,
                [
                    ("the quay was safe", "Dravik Port Authority", "The Dravik Port Authority"),
                    ("The quay is closed", "DPA", "DPA"),
                    ("Two cranes fell", "KRS", "KRS"),
                ],
                [("KRS", "PERSON", "KRS")],  # the tagger took the initials for a person
            )
        )
    )
    assert set(voices) == {"Dravik Port Authority", "KRS"}
    assert len(voices["Dravik Port Authority"].quotes) == 2
    assert voices["KRS"].kind == "organisation"


def test_a_former_office_is_expertise_and_the_press_is_no_side() -> None:
    text = (
        '"The sentence is lenient," said Ines Varga, a former federal prosecutor. '
        '"The mayor resigned," said Kessa Daily, a local daily newspaper run by the council.'
    )
    voices = by_speaker(
        voices_of(
            article(
                "a",
                "Valley Post",
                text,
                [
                    ("The sentence is lenient", "Ines Varga", "Ines Varga"),
                    ("The mayor resigned", "Kessa Daily", "Kessa Daily"),
                ],
                [("Ines Varga", "PERSON", "Ines Varga"), ("Kessa Daily", "GPE", "Kessa Daily")],
            )
        )
    )
    assert (voices["Ines Varga"].role, voices["Ines Varga"].group) == (
        "former federal prosecutor",
        "expert",
    )
    assert voices["Kessa Daily"].group == "other"


def test_a_heading_glued_before_the_speaker_is_no_part_of_it() -> None:
    text = (
        "### Impact of the Ruling Some legal experts said the appeal would fail. "
        "Secretary of The Treasury Ana Berg said rates would hold."
    )
    voices = by_speaker(
        voices_of(
            article(
                "a",
                "Valley Post",
                text,
                [
                    (
                        "the appeal would fail",
                        "Impact of the Ruling Some legal experts",
                        "Impact of the Ruling Some legal experts",
                    ),
                    ("rates would hold", "Ana Berg", "Secretary of The Treasury Ana Berg"),
                ],
            )
        )
    )
    assert set(voices) == {"Some legal experts", "Ana Berg"}
    assert voices["Some legal experts"].group == "expert"


def test_a_surname_another_outlet_gives_another_role_is_someone_else() -> None:
    chief = article(
        "chief",
        "Radio Dravik",
        'Fire Chief Mina Sato said the hall was empty. "Only the roof stands," Sato said.',
        [
            ("the hall was empty", "Mina Sato", "Fire Chief Mina Sato"),
            ("Only the roof stands", "Mina Sato", "Sato"),
        ],
        [("Mina Sato", "PERSON", "Mina Sato"), ("Sato said", "PERSON", "Sato")],
    )
    nurse = article(
        "nurse",
        "Harbour Gazette",
        'Sato, a 32-year-old nurse, was rescued. "I heard the alarm," Sato said.',
        [("I heard the alarm", "Sato", "Sato")],
        # the tagger's bare surname, the same entity as the chief's "Sato said"
        [("Sato", "PERSON", "Sato")],
    )
    search = article(
        "search",
        "Valley Post",
        '"We searched the east wing," Chief Sato said.',
        [("We searched the east wing", "Sato", "Chief Sato")],
    )
    roles = sorted(
        (v.speaker, v.role or "", len(v.quotes)) for v in voices_of(chief, nurse, search)
    )
    # the nurse is her own voice; "Chief Sato" shares the chief's title and is her
    assert roles == [("Mina Sato", "Fire Chief", 3), ("Sato", "32-year-old nurse", 1)]


def test_an_abstract_noun_or_a_stray_letter_is_no_speaker() -> None:
    text = (
        "The refusal, she said, showed the talks had failed. Two words summed it up: not yet. "
        "The setup of visiting the old harbour to fix a new problem, critics said, was tired. "
        "Nurses said the ward was full."
    )
    voices = voices_of(
        article(
            "a",
            "Valley Post",
            text,
            [
                ("showed the talks had failed", "refusal", "The refusal"),
                ("not yet", "two words", "Two words"),
                ("was tired", "setup of visiting the old harbour to fix a new problem", None),
                ("the ward was full", "s", None),
                ("the ward was full", "Nurses", "Nurses"),
            ],
        )
    )
    assert [v.speaker for v in voices] == ["Nurses"]


def test_a_name_ending_in_an_abstract_noun_is_still_a_speaker() -> None:
    voices = voices_of(
        article(
            "a",
            "Valley Post",
            'Governor Nathan Deal said the budget would pass. "We are ready," Deal said.',
            [
                ("the budget would pass", "Nathan Deal", "Governor Nathan Deal"),
                ("We are ready", "Nathan Deal", "Deal"),
            ],
            [("Nathan Deal", "PERSON", "Nathan Deal")],
        )
    )
    assert [(v.speaker, len(v.quotes)) for v in voices] == [("Nathan Deal", 2)]
