"""The JSON/CSV export contract, on a small corpus built by hand from model classes."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from counterpoint.model import (
    Article,
    Claim,
    ClaimMention,
    Conflict,
    ConflictSide,
    Corpus,
    DuplicateGroup,
    Entity,
    Frame,
    Paragraph,
    Problem,
    Quantity,
    Quote,
    Sentence,
    Story,
    TimeExpression,
    TimelineEntry,
    TimelineMention,
)
from counterpoint.present.export import SCHEMA_PATH, export_dict, write_csv, write_json

TITLE = "<script>alert('x')</script> Assembly backs the Varna treaty"
BODY = (
    'The vote was 212 to 87, with 14 abstentions. "It is a good day," Ilse Marek said. '
    "The treaty costs €450 million, according to the ministry."
)


def _find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def make_article(article_id: str, outlet: str, votes_for: int, day: int) -> Article:
    body = BODY.replace("212", str(votes_for))
    text = f"{TITLE}\n\n{body}"
    body_start = len(TITLE) + 2
    article = Article(
        id=article_id,
        source=f"/corpus/{article_id}.html",
        text=text,
        url=f"https://{outlet.lower().replace(' ', '')}.example/{article_id}",
        outlet=outlet,
        title=TITLE,
        byline="By Ana Ruiz",
        published=datetime(2031, 3, day, 9, 30, tzinfo=UTC),
        language="en",
        tags=["Parliament", "Treaty"],
        captions=["Deputies in the chamber on Monday."],
        paragraphs=[
            Paragraph(0, len(TITLE), "title"),
            Paragraph(body_start, len(text), "paragraph", raw_start=10, raw_end=10 + len(body)),
        ],
    )
    article.sentences = [Sentence(0, len(TITLE))] + [
        Sentence(*_find(text, sentence.strip()))
        for sentence in body.replace(". ", ".\n").splitlines()
    ]
    tally = _find(text, f"{votes_for} to 87, with 14 abstentions")
    article.quantities = [
        Quantity(
            *tally,
            value=votes_for,
            bound="=",
            kind="vote_tally",
            counted="votes",
            parts={"for": votes_for, "against": 87, "abstain": 14},
        ),
        Quantity(*_find(text, "€450 million"), value=450e6, bound="=", kind="money", unit="EUR"),
    ]
    quote = _find(text, "It is a good day,")
    speaker = _find(text, "Ilse Marek")
    article.quotes = [Quote(*quote, type="direct", speaker="Ilse Marek", cue="said")]
    article.quotes[0].speaker_start, article.quotes[0].speaker_end = speaker
    article.entities = [Entity(*speaker, label="PERSON", canonical="Ilse Marek", entity_id="e1")]
    article.times = [TimeExpression(*_find(text, "day"), value=None, granularity=None)]
    article.frames = [
        Frame(
            *tally,
            figure="quantity",
            event="vote",
            predicate="approve",
            thing="vote",
            holder="Parliament",
            source="Ilse Marek",
            stage="final",
            time="2024-05-03",
        )
    ]
    return article


def sample_corpus() -> Corpus:
    first = make_article("a1", "Harbor Ledger", 212, 4)
    second = make_article("a2", "Northline", 210, 5)
    third = make_article("a3", "Valley Post", 212, 5)
    third.original_publisher = "Harbor Ledger"
    tally_a = first.quantities[0]
    tally_b = second.quantities[0]
    story = Story(
        id="s1",
        title=TITLE,
        article_ids=["a1", "a2", "a3"],
        first_published=first.published,
        last_published=second.published,
    )
    claim = Claim(
        id="c1",
        story_id="s1",
        key="vote:votes",
        status="conflict",
        mentions=[
            ClaimMention("a1", tally_a.start, tally_a.end, 212, "=", "votes", "2031-03-03"),
            ClaimMention("a2", tally_b.start, tally_b.end, 210, "=", "votes", "2031-03-03"),
        ],
    )
    conflict = Conflict(
        id="k1",
        kind="conflict",
        # A stale surface on purpose: the export must slice the text instead.
        a=ConflictSide("a1", tally_a.start, tally_a.end, 212, "stale", "votes", None, "Harbor"),
        b=ConflictSide("a2", tally_b.start, tally_b.end, 210, "", "votes", None, "Northline"),
        explanation="Harbor Ledger: 212 votes for; Northline: 210 votes for",
        claim_id="c1",
        story_id="s1",
    )
    sentence = first.sentences[1]
    day = first.times[0]
    timeline = TimelineEntry(
        id="t1",
        story_id="s1",
        date="2031-03-03",
        mentions=[
            TimelineMention("a1", sentence.start, sentence.end, day.start, day.end, "2031-03-03")
        ],
    )
    return Corpus(
        articles=[first, second, third],
        timeline=[timeline],
        stories=[story],
        duplicates=[DuplicateGroup("d1", "a1", ["a1", "a3"], "syndicated")],
        claims=[claim],
        conflicts=[conflict],
        problems=[Problem("/corpus/broken.html", "ingest", "binary content, not text")],
    )


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_export_matches_schema(validator: jsonschema.Draft202012Validator) -> None:
    data = export_dict(sample_corpus())
    validator.validate(data)
    assert set(data) == {
        "schema_version",
        "articles",
        "stories",
        "claims",
        "conflicts",
        "duplicates",
        "problems",
        "timeline",
    }


def test_empty_corpus_matches_schema(validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(export_dict(Corpus()))


def test_schema_rejects_a_broken_export(validator: jsonschema.Draft202012Validator) -> None:
    data = export_dict(sample_corpus())
    del data["articles"][0]["quotes"][0]["speaker"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)
    data = export_dict(sample_corpus())
    data["articles"][0]["quantities"][0]["bound"] = "about"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)


def test_every_article_field_is_exported() -> None:
    # The audit trail of removed blocks is raw-input detail, not part of the contract.
    not_exported = {"removed"}
    exported = set(export_dict(sample_corpus())["articles"][0])
    model_fields = {f.name for f in dataclasses.fields(Article)} - not_exported
    assert model_fields <= exported


def test_texts_are_sliced_from_offsets() -> None:
    corpus = sample_corpus()
    data = export_dict(corpus)
    for article, exported in zip(corpus.articles, data["articles"], strict=True):
        text = exported["text"]
        assert text == article.text
        for kind, field in [("entities", "text"), ("quotes", "text")]:
            for span in exported[kind]:
                assert span[field] == text[span["start"] : span["end"]]
        for kind in ("quantities", "times"):
            for span in exported[kind]:
                assert span["surface"] == text[span["start"] : span["end"]]
    assert data["articles"][0]["quotes"][0]["text"] == "It is a good day,"
    assert data["articles"][1]["quantities"][0]["surface"] == "210 to 87, with 14 abstentions"
    conflict = data["conflicts"][0]
    assert conflict["a"]["surface"] == "212 to 87, with 14 abstentions"
    assert conflict["b"]["surface"] == "210 to 87, with 14 abstentions"
    assert data["claims"][0]["mentions"][1]["surface"] == "210 to 87, with 14 abstentions"
    timeline = data["timeline"][0]["mentions"][0]
    assert timeline["text"] == "The vote was 212 to 87, with 14 abstentions."
    assert timeline["time_surface"] == "day"


def test_side_of_an_absent_article_keeps_its_own_surface() -> None:
    corpus = sample_corpus()
    corpus.conflicts[0].b.article_id = "not-in-this-corpus"
    corpus.conflicts[0].b.surface = "two hundred"
    assert export_dict(corpus)["conflicts"][0]["b"]["surface"] == "two hundred"


def test_metadata_and_empty_layers() -> None:
    article = Article(id="bare", source="x.txt", text="Only text.")
    exported = export_dict(Corpus(articles=[article]))["articles"][0]
    assert exported["published"] is None
    assert exported["entities"] == [] and exported["quantities"] == []
    assert exported["title"] is None
    dated = export_dict(sample_corpus())["articles"][0]
    assert dated["published"] == "2031-03-04T09:30:00+00:00"
    assert datetime.fromisoformat(dated["published"]).day == 4


def test_write_json_round_trips_unicode(tmp_path: Path) -> None:
    path = tmp_path / "out" / "corpus.json"
    write_json(sample_corpus(), path)
    raw = path.read_text(encoding="utf-8")
    assert "€450 million" in raw  # written as UTF-8, not \\u escapes
    assert json.loads(raw) == export_dict(sample_corpus())
    assert not list(path.parent.glob("*.partial"))


def test_write_csv_tables(tmp_path: Path) -> None:
    paths = write_csv(sample_corpus(), tmp_path)
    assert [p.stem for p in paths] == [
        "articles",
        "quotes",
        "quantities",
        "entities",
        "times",
        "frames",
        "stories",
        "facts",
        "conflicts",
        "timeline",
        "duplicates",
        "voices",
        "voice_balance",
        "framing_terms",
        "framing_labels",
        "framing_scare_quotes",
        "framing_sentiment",
        "framing_sentiment_sentences",
        "briefing",
        "problems",
        "coverage",
    ]
    assert all(p.suffix == ".csv" for p in paths)

    def rows(name: str) -> list[dict[str, str]]:
        with (tmp_path / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    articles = rows("articles.csv")
    assert [a["id"] for a in articles] == ["a1", "a2", "a3"]
    assert articles[0]["tags"] == "Parliament; Treaty"
    assert articles[0]["text"].startswith("<script>")  # CSV keeps text verbatim
    quantities = rows("quantities.csv")
    assert len(quantities) == 6
    assert json.loads(quantities[0]["parts"]) == {"abstain": 14, "against": 87, "for": 212}
    assert rows("quotes.csv")[0]["text"] == "It is a good day,"
    conflicts = rows("conflicts.csv")
    assert conflicts[0]["a_surface"] == "212 to 87, with 14 abstentions"
    assert conflicts[0]["b_outlet"] == "Northline"
