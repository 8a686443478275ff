"""The flat tables (CSV and Parquet) on a small invented corpus whose story carries every
comparison field: names, columns, types, row counts, and the two formats agreeing."""

from __future__ import annotations

import csv
import json
import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from counterpoint.model import (
    ActorLabel,
    ActorSentiment,
    BriefingSentence,
    CitedSentence,
    Corpus,
    Coverage,
    CoverageFact,
    DistinctiveTerm,
    OutletFraming,
    OutletOmissions,
    ScareQuote,
    Voice,
    VoiceBalance,
    VoiceQuote,
)
from counterpoint.present.export import csv_columns, table_rows, write_csv, write_parquet

from .test_export import sample_corpus


def story_corpus() -> Corpus:
    """The sample corpus with its story's coverage, voices, framing and briefing filled in."""
    corpus = sample_corpus()
    corpus.articles[1].published = datetime(2031, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    story = corpus.stories[0]
    first, second = corpus.articles[0], corpus.articles[1]
    quote, speaker = first.quotes[0], second.quotes[0]
    tally = first.sentences[1]
    money = first.sentences[3]
    story.coverage = Coverage(
        outlets=["Harbor Ledger", "Northline"],
        facts=[
            CoverageFact(
                "c1", "vote:votes", ["Harbor Ledger", "Northline"], ["a1", "a2"], "conflict"
            ),
            CoverageFact("c2", "treaty cost", ["Harbor Ledger"], ["a1"], "single"),
        ],
        by_outlet=[
            OutletOmissions("Harbor Ledger", omitted=[], exclusive=["c2"]),
            OutletOmissions("Northline", omitted=["c2"], exclusive=[]),
        ],
    )
    story.voices = [
        Voice(
            speaker="Ilse Marek",
            kind="person",
            group="official",
            entity_id="e1",
            role="minister",
            outlets=["Harbor Ledger", "Northline"],
            quotes=[
                VoiceQuote("a1", quote.start, quote.end, "direct", "Harbor Ledger"),
                VoiceQuote("a2", speaker.start, speaker.end, "direct", "Northline"),
            ],
        )
    ]
    story.voice_balance = [
        VoiceBalance("Harbor Ledger", {"official": 1}),
        VoiceBalance("Northline", {"official": 1, "opposition": 0}),
    ]
    story.framing = [
        OutletFraming(
            outlet="Harbor Ledger",
            terms=[
                DistinctiveTerm("treaty", 2.4, 0.81, 3),
                DistinctiveTerm("deputies", -1.1, -0.3, 1),
            ],
            actor_labels=[ActorLabel("Ilse Marek", "the minister", 2, loaded=False)],
            scare_quotes=[ScareQuote("a1", quote.start, quote.start + 5, actor="Ilse Marek")],
            loaded_terms=["landmark"],
            sentiment=[
                ActorSentiment(
                    "Ilse Marek",
                    0.44,
                    1,
                    [CitedSentence("a1", tally.start, tally.end, "Harbor Ledger")],
                )
            ],
        )
    ]
    story.briefing = [
        BriefingSentence(
            "a1", tally.start, tally.end, "disputed", "Harbor Ledger", first.url, "c1", ["k1"]
        ),
        BriefingSentence("a1", money.start, money.end, "partial", "Harbor Ledger", first.url, "c2"),
    ]
    return corpus


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tables")
    write_csv(story_corpus(), folder / "csv")
    write_parquet(story_corpus(), folder / "parquet")
    return folder / "csv", folder / "parquet"


def _csv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_table_is_written_in_both_formats(written: tuple[Path, Path]) -> None:
    csv_folder, parquet_folder = written
    names = list(csv_columns())
    assert sorted(p.stem for p in csv_folder.glob("*.csv")) == sorted(names)
    assert sorted(p.stem for p in parquet_folder.glob("*.parquet")) == sorted(names)
    assert not list(csv_folder.glob("*.partial")) and not list(parquet_folder.glob("*.partial"))
    for name, columns in csv_columns().items():
        assert pq.read_table(parquet_folder / f"{name}.parquet").column_names == columns
        with (csv_folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns


def test_row_counts_follow_the_records(written: tuple[Path, Path]) -> None:
    _, parquet_folder = written
    counts = {p.stem: pq.read_table(p).num_rows for p in parquet_folder.glob("*.parquet")}
    assert counts["articles"] == 3
    assert counts["quantities"] == 6  # two per article
    assert counts["facts"] == 2  # one per claim mention
    assert counts["coverage"] == 4  # two facts by two outlets
    assert counts["voices"] == 2  # one per quote
    assert counts["framing_terms"] == 2
    assert counts["briefing"] == 2
    assert counts["timeline"] == 1
    assert counts["duplicates"] == 1 and counts["problems"] == 1
    assert counts["framing_sentiment"] == 1 and counts["voice_balance"] == 2


def test_parquet_columns_are_typed(written: tuple[Path, Path]) -> None:
    _, folder = written
    articles = pq.read_table(folder / "articles.parquet")
    assert articles.schema.field("published").type == pa.timestamp("us", tz="UTC")
    assert articles.schema.field("tags").type == pa.list_(pa.string())
    # +02:00 as stated, the same instant in UTC.
    assert articles.column("published")[1].as_py() == datetime(2031, 3, 5, 7, 30, tzinfo=UTC)
    quantities = pq.read_table(folder / "quantities.parquet")
    assert quantities.schema.field("start").type == pa.int64()
    assert quantities.schema.field("value").type == pa.float64()
    assert quantities.schema.field("parts").type == pa.map_(pa.string(), pa.float64())
    assert dict(quantities.column("parts")[0].as_py()) == {"for": 212, "against": 87, "abstain": 14}
    timeline = pq.read_table(folder / "timeline.parquet")
    assert timeline.schema.field("disputed").type == pa.bool_()
    terms = pq.read_table(folder / "framing_terms.parquet").to_pylist()
    assert terms[1] == {
        "story_id": "s1",
        "outlet": "Harbor Ledger",
        "term": "deputies",
        "z": -1.1,
        "log_odds": -0.3,
        "count": 1,
    }
    stories = pq.read_table(folder / "stories.parquet").to_pylist()
    assert stories[0]["article_ids"] == ["a1", "a2", "a3"]
    assert stories[0]["coverage_outlets"] == ["Harbor Ledger", "Northline"]


def test_rows_carry_their_outer_records_and_outlets() -> None:
    rows = table_rows(story_corpus())
    facts = rows["facts"]
    assert [(f["claim_id"], f["key"], f["article_id"], f["outlet"]) for f in facts] == [
        ("c1", "vote:votes", "a1", "Harbor Ledger"),
        ("c1", "vote:votes", "a2", "Northline"),  # outlet read from the article
    ]
    assert facts[1]["surface"] == "210 to 87, with 14 abstentions"
    voices = rows["voices"]
    assert {(v["speaker"], v["group"], v["role"], v["outlet"]) for v in voices} == {
        ("Ilse Marek", "official", "minister", "Harbor Ledger"),
        ("Ilse Marek", "official", "minister", "Northline"),
    }
    assert voices[0]["text"] == "It is a good day,"
    conflict = rows["conflicts"][0]
    assert conflict["a_surface"] == "212 to 87, with 14 abstentions"
    assert conflict["b_sentence"] == ""  # no sentence offsets were given
    assert rows["framing_scare_quotes"][0]["text"] == "It is"
    (sentence,) = rows["framing_sentiment_sentences"]
    assert (sentence["outlet"], sentence["actor"], sentence["score"]) == (
        "Harbor Ledger",
        "Ilse Marek",
        0.44,
    )
    assert sentence["text"] == "The vote was 212 to 87, with 14 abstentions."
    # The mention states no outlet: its article's is filled in.
    assert rows["timeline"][0]["outlet"] == "Harbor Ledger"
    assert rows["briefing"][0]["text"] == "The vote was 212 to 87, with 14 abstentions."


def test_coverage_is_the_fact_by_outlet_matrix_in_long_form() -> None:
    rows = table_rows(story_corpus())["coverage"]
    matrix = {
        (r["claim_id"], r["outlet"]): (r["reported"], r["omitted"], r["exclusive"]) for r in rows
    }
    assert matrix == {
        ("c1", "Harbor Ledger"): (True, False, False),
        ("c1", "Northline"): (True, False, False),
        ("c2", "Harbor Ledger"): (True, False, True),
        ("c2", "Northline"): (False, True, False),
    }
    assert {r["outlets_reporting"] for r in rows if r["claim_id"] == "c2"} == {1}


def _as_csv_text(value: Any) -> str:
    """How the CSV writes a Parquet value, to compare the two formats cell by cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def test_csv_and_parquet_agree_cell_by_cell(written: tuple[Path, Path]) -> None:
    csv_folder, parquet_folder = written
    for name in csv_columns():
        from_csv = _csv(csv_folder, name)
        table = pq.read_table(parquet_folder / f"{name}.parquet")
        assert len(from_csv) == table.num_rows, name
        for csv_row, parquet_row in zip(from_csv, table.to_pylist(), strict=True):
            for column, value in parquet_row.items():
                cell = csv_row[column]
                if isinstance(value, datetime):
                    assert datetime.fromisoformat(cell) == value, (name, column)
                elif isinstance(value, float):
                    assert math.isclose(float(cell), value), (name, column)
                elif pa.types.is_map(table.schema.field(column).type):
                    assert json.loads(cell) == dict(value or []), (name, column)
                else:
                    assert cell == _as_csv_text(value), (name, column)


def test_an_empty_corpus_still_writes_typed_tables(tmp_path: Path) -> None:
    paths = write_parquet(Corpus(), tmp_path)
    assert len(paths) == len(csv_columns())
    facts = pq.read_table(tmp_path / "facts.parquet")
    assert facts.num_rows == 0
    assert facts.schema.field("value").type == pa.float64()
    assert write_csv(Corpus(), tmp_path / "csv")[0].read_text(encoding="utf-8").startswith("url,")


def test_pandas_reads_the_tables(written: tuple[Path, Path]) -> None:
    pandas = pytest.importorskip("pandas")
    csv_folder, parquet_folder = written
    frame = pandas.read_parquet(parquet_folder / "facts.parquet")
    assert list(frame["value"]) == [212.0, 210.0]
    assert str(pandas.read_parquet(parquet_folder / "articles.parquet")["published"].dtype) == (
        "datetime64[us, UTC]"
    )
    assert list(pandas.read_csv(csv_folder / "coverage.csv")["reported"]) == [
        True,
        True,
        True,
        False,
    ]
