"""`counterpoint export` and `counterpoint report` on the examples: every table in CSV and in
typed Parquet, agreeing with the JSON export row for row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import lxml.html
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from counterpoint.present.export import csv_columns

from ..unit.test_cli import _invoke

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples")
    db = str(folder / "examples.db")
    analysed = _invoke("analyze", str(EXAMPLES / "corpus"), str(EXAMPLES / "coverage"), "--db", db)
    assert analysed.exit_code == 0, analysed.output
    for fmt, out in [("json", "corpus.json"), ("csv", "csv"), ("parquet", "parquet")]:
        result = _invoke("export", "--db", db, "--format", fmt, "--out", str(folder / out))
        assert result.exit_code == 0, result.output
        assert f"Wrote {fmt.upper()}" in result.output
    report = _invoke("report", "--db", db, "--out", str(folder / "report.html"))
    assert report.exit_code == 0, report.output
    return folder


def test_tables_hold_what_the_json_holds(exported: Path) -> None:
    data = json.loads((exported / "corpus.json").read_text(encoding="utf-8"))
    expected = {
        "articles": len(data["articles"]),
        "quotes": sum(len(a["quotes"]) for a in data["articles"]),
        "quantities": sum(len(a["quantities"]) for a in data["articles"]),
        "entities": sum(len(a["entities"]) for a in data["articles"]),
        "times": sum(len(a["times"]) for a in data["articles"]),
        "stories": len(data["stories"]),
        "facts": sum(len(c["mentions"]) for c in data["claims"]),
        "conflicts": len(data["conflicts"]),
        "timeline": sum(len(e["mentions"]) for e in data["timeline"]),
        "duplicates": len(data["duplicates"]),
        "voices": sum(len(v["quotes"]) for s in data["stories"] for v in s["voices"]),
        "briefing": sum(len(s["briefing"]) for s in data["stories"]),
        "coverage": sum(
            len(s["coverage"]["facts"]) * len(s["coverage"]["outlets"]) for s in data["stories"]
        ),
    }
    assert expected["articles"] >= 20 and expected["facts"] > 0 and expected["conflicts"] > 0
    for name, rows in expected.items():
        table = pq.read_table(exported / "parquet" / f"{name}.parquet")
        assert table.num_rows == rows, name
        with (exported / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.DictReader(handle)) == rows, name


def test_parquet_and_csv_share_columns_and_types(exported: Path) -> None:
    for name, columns in csv_columns().items():
        table = pq.read_table(exported / "parquet" / f"{name}.parquet")
        assert table.column_names == columns
        with (exported / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns
    articles = pq.read_table(exported / "parquet" / "articles.parquet")
    assert pa.types.is_timestamp(articles.schema.field("published").type)
    assert articles.schema.field("published").type.tz == "UTC"
    facts = pq.read_table(exported / "parquet" / "facts.parquet").to_pylist()
    text = {
        a["id"]: a["text"] for a in json.loads((exported / "corpus.json").read_text())["articles"]
    }
    assert all(f["surface"] == text[f["article_id"]][f["start"] : f["end"]] for f in facts)
    assert all(f["outlet"] for f in facts)


def test_report_of_the_examples_is_navigable_and_locked_down(exported: Path) -> None:
    tree = lxml.html.fromstring((exported / "report.html").read_text(encoding="utf-8"))
    assert tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
    index = tree.xpath("//table[@class='index']/tbody/tr")
    stories = tree.xpath("//details[contains(@class, 'story')]")
    assert len(index) == len(stories) > 1
    # Stories with differences first, and those open; every article text collapsed.
    flagged = [s.get("open") is not None for s in stories]
    assert flagged[0] and flagged == sorted(flagged, reverse=True)
    assert all(d.get("open") is None for d in tree.xpath("//details[contains(@class, 'article')]"))
    assert tree.xpath("//details[@open]//svg[@role='img']")  # a timeline chart in view
