"""End to end: the sample corpus through every layer, twice, into SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import counterpoint
from counterpoint.cli import main
from counterpoint.run.pipeline import analyze_into
from counterpoint.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CORPUS = EXAMPLES / "corpus"
BAD = EXAMPLES / "bad"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("db") / "corpus.db")
    store = Store(db)
    stats = analyze_into(store, [CORPUS, BAD])
    yield db, stats, store.corpus()
    store.close()


def test_every_article_of_the_sample_corpus_is_read(first_run):
    _db, stats, corpus = first_run
    from_corpus = [a for a in corpus.articles if Path(a.source).parent.name == "corpus"]
    assert len(from_corpus) == 15
    assert {a.outlet for a in corpus.articles} >= {
        "The Capital Ledger",
        "Northline",
        "Radio Dravik",
    }
    assert all(a.text and a.paragraphs and a.sentences for a in corpus.articles)
    assert stats.analysed == len(corpus.articles)


def test_bad_inputs_are_reported_by_file_and_the_batch_goes_on(first_run):
    _db, stats, corpus = first_run
    sources = sorted(Path(p.source).name for p in corpus.problems)
    assert sources == [
        "photo-saved-as-page.html",
        "records-with-one-bad-line.jsonl",
        "records-with-one-bad-line.jsonl",
    ]
    assert {p.record_key for p in corpus.problems} >= {"line:2", "line:3"}
    # the good records of the file with bad lines were analysed all the same
    good = [a for a in corpus.articles if Path(a.source).name == "records-with-one-bad-line.jsonl"]
    assert len(good) == 2
    assert len(stats.problems) == 3


def test_rerun_is_idempotent(first_run):
    db, _stats, corpus = first_run
    store = Store(db)
    stats = analyze_into(store, [CORPUS, BAD])
    again = store.corpus()
    store.close()
    assert stats.analysed == 0
    assert stats.unchanged == stats.documents
    assert [a.id for a in again.articles] == [a.id for a in corpus.articles]
    assert again.articles == corpus.articles
    assert [s.id for s in again.stories] == [s.id for s in corpus.stories]
    assert len(again.problems) == len(corpus.problems)


def test_every_span_points_into_its_article_text(first_run):
    _db, _stats, corpus = first_run
    for article in corpus.articles:
        n = len(article.text)
        for kind in ("paragraphs", "sentences", "entities", "quotes", "quantities", "times"):
            for span in getattr(article, kind):
                assert 0 <= span.start < span.end <= n, (article.source, kind, span)


def test_the_python_api_runs_on_sqlite_and_postgresql(db_url):
    corpus = counterpoint.analyze([CORPUS / "northline-treaty-vote.txt"], db=db_url)
    assert [a.outlet for a in corpus.articles] == ["Northline"]


def test_cli_writes_report_and_json(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "analyze",
            str(CORPUS / "capital-ledger-treaty-vote.txt"),
            str(CORPUS / "northline-treaty-vote.txt"),
            "--db",
            str(tmp_path / "cli.db"),
            "--report",
            str(out / "report.html"),
            "--json",
            str(out / "analysis.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert {"articles", "stories", "claims", "conflicts"} <= data.keys()
    assert len(data["articles"]) == 2
    assert "<html" in (out / "report.html").read_text(encoding="utf-8").lower()
    exported = runner.invoke(
        main, ["export", "--db", str(tmp_path / "cli.db"), "--format", "csv", "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    assert (out / "articles.csv").exists()


def test_annotate_api_on_clean_text():
    article = counterpoint.annotate(
        'The council voted 9 to 4 on Monday.\n\n"It is a good day," Mayor Ada Brun said.',
        published="2025-03-05",
    )
    assert article.text.startswith("The council")
    assert [q.speaker for q in article.quotes] == ["Ada Brun"]
    assert any(q.kind == "vote_tally" for q in article.quantities)
    assert any(t.value == "2025-03-03" for t in article.times)


def test_adding_articles_later_keeps_story_ids_and_grows_the_stories(tmp_path):
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".md")
    first_batch = [p for p in files if "treaty" in p.name or p.suffix == ".xml"]
    store = Store(str(tmp_path / "incremental.db"))
    analyze_into(store, first_batch)
    before = {s.id: set(s.article_ids) for s in store.stories()}
    analyze_into(store, files)
    after = {s.id: set(s.article_ids) for s in store.stories()}
    store.close()
    assert before and all(before[i] <= after[i] for i in before)


def test_adding_articles_later_groups_as_one_run(tmp_path):
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".md")
    first_batch = [p for p in files if "treaty" in p.name or p.suffix == ".xml"]
    store = Store(str(tmp_path / "incremental.db"))
    analyze_into(store, first_batch)
    analyze_into(store, files)
    after = {s.id: set(s.article_ids) for s in store.stories()}
    store.close()
    # the same grouping as one run over everything: each article in exactly one event story
    one_run = counterpoint.analyze(files)
    assert sorted(len(s.article_ids) for s in one_run.stories) == sorted(
        len(members) for members in after.values()
    )


def test_a_process_pool_gives_the_same_articles_as_one_process():
    files = [CORPUS / "northline-treaty-vote.txt", CORPUS / "radio-dravik-fire-day1.html"]
    assert counterpoint.analyze(files, workers=2).articles == counterpoint.analyze(files).articles
