"""Wire copy carried by several outlets: cut at another length, under another headline, with a
dateline or byline of its own and a sentence rewritten, it is still one story's copy; two
outlets' own reports of the same event are not."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from counterpoint.link.duplicates import copied_pairs, find_duplicates, shingle_sequences
from counterpoint.model import Article

WIRE = [
    "The death toll from the collapse of the Orrin Street footbridge in Castleby rose to 14 on "
    "Tuesday, the regional fire service said, as divers searched the river for at least six "
    "people still missing.",
    "Fire chief Dana Okoro told reporters that two more bodies had been pulled from the water "
    "overnight, about 300 metres downstream of the bridge, which gave way during the evening "
    "rush hour on Monday.",
    "The 60-year-old steel span had been due for an inspection in May, according to city "
    "records seen by the agency. A city spokesman declined to say why the inspection had been "
    "postponed twice.",
    "Witnesses said the deck tilted and then folded in the middle, throwing dozens of people "
    "into the fast-flowing river. Seventeen people were taken to hospital, four of them in a "
    "serious condition.",
    "Mayor Ilse Brandt declared three days of mourning and said an independent panel would "
    "examine the bridge's maintenance record. \"The families deserve answers, and they will get "
    'them," she said.',
]

# One outlet's own report of the same event: the same names and figures, its own sentences.
OWN_REPORT = (
    "Castleby mourns as bridge toll climbs\n\n"
    "Rescuers in Castleby recovered two more bodies overnight, taking the number of dead in "
    "Monday's footbridge collapse to 14, fire chief Dana Okoro said on Tuesday. Six people are "
    "still unaccounted for.\n\n"
    "Residents laid flowers at the Orrin Street end of the bridge, where the steel deck folded "
    "into the river during the evening rush hour. Seventeen people were taken to hospital.\n\n"
    "Mayor Ilse Brandt, who has declared three days of mourning, promised that an independent "
    "panel would look into why an inspection planned for May had been put off twice, and said "
    "the families deserve answers."
)


def _article(article_id: str, text: str, outlet: str) -> Article:
    return Article(id=article_id, source=article_id, text=text, outlet=outlet)


def _copies() -> list[Article]:
    full = "Castleby bridge collapse toll rises to 14\n\n" + "\n\n".join(WIRE)
    # Cut after three paragraphs, retitled, with a dateline and a photo credit line.
    cut = (
        "Skip to main content\n\nFootbridge disaster: 14 dead, six missing\n\n"
        "CASTLEBY (Northwire) - " + "\n\n".join(WIRE[:3]) + "\n\nPhoto: J. Marsh/Northwire"
    )
    # Lightly rewritten: a byline line, a sentence reworded, the last paragraph dropped, cut
    # mid-word as a page excerpt would be.
    rewritten = "\n\n".join(
        [
            "Fourteen dead as Castleby bridge gives way",
            "By Ola Fenn",
            WIRE[0].replace("the regional fire service said", "fire officials said"),
            WIRE[1],
            WIRE[2].replace("A city spokesman declined", "The city declined"),
            WIRE[3][:120],
        ]
    )
    return [
        _article("wire", full, "Northwire"),
        _article("cut", cut, "Valley Courier"),
        _article("rewrite", rewritten, "Harbour Times"),
        _article("own", OWN_REPORT, "Castleby Post"),
    ]


def test_cut_retitled_and_lightly_rewritten_wire_copies_are_one_group() -> None:
    (group,) = find_duplicates(_copies())
    assert group.article_ids == ["cut", "rewrite", "wire"]
    assert group.kind == "syndicated"


def test_an_outlets_own_report_of_the_same_event_is_not_a_copy() -> None:
    articles = _copies()
    pairs = copied_pairs(shingle_sequences([a.text for a in articles]))
    own = next(i for i, a in enumerate(articles) if a.id == "own")
    assert pairs and all(own not in pair for pair in pairs)


def test_a_quoted_paragraph_does_not_make_a_long_feature_a_copy() -> None:
    rng = random.Random(8)
    vocabulary = [f"w{i}" for i in range(2000)]
    feature = " ".join(rng.choice(vocabulary) for _ in range(600))
    quoting = _article("feature", f"{feature}\n\n{WIRE[1]}\n\n{feature[::-1]}", "Monthly")
    short = _article("brief", f"Two more bodies found\n\n{WIRE[1]}", "Brief")
    assert find_duplicates([quoting, short]) == []


def test_a_rewrite_published_months_later_is_a_recap_not_a_copy() -> None:
    wire, _cut, rewrite, _own = _copies()
    wire.published = datetime(2024, 5, 6, tzinfo=UTC)
    rewrite.published = wire.published + timedelta(days=2)
    (group,) = find_duplicates([wire, rewrite])
    assert group.article_ids == ["rewrite", "wire"]
    rewrite.published = wire.published + timedelta(days=90)
    assert find_duplicates([wire, rewrite]) == []
    rewrite.published = None  # undated: it may be a copy of any
    assert len(find_duplicates([wire, rewrite])) == 1
