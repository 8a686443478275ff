"""The quote speakers' ranker is chosen by name ("learned" by default, "rules" for none), through
the Python API and the settings, and reaches the supervised worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

import counterpoint
from counterpoint import registry
from counterpoint.run import pipeline
from counterpoint.run.executors import IsolatedExecutor
from counterpoint.settings import Settings, SettingsError
from counterpoint.store import Store

from ..unit.test_steps import HashEmbedder

registry.embedders.register("test-hash", HashEmbedder)

# A quote paragraph with no cue of its own after the paragraph naming the one person who could
# say it: the rules leave it unattributed, the learned ranker gives it to her.
HARBOUR = (
    "The harbour master, Elena Marsh, walked the flooded quay on Tuesday morning with two "
    "engineers.\n\n"
    "“The wall held for forty years. It will not hold for another winter.”\n\n"
    "The council is due to vote on repairs next month."
)
QUOTE = "The wall held for forty years. It will not hold for another winter."


def _speakers(article: counterpoint.Article) -> list[str | None]:
    return [q.speaker for q in article.quotes if article.text[q.start : q.end] == QUOTE]


def test_the_learned_ranker_is_the_default_and_names_who_the_rules_left_out() -> None:
    rules = counterpoint.annotate(HARBOUR, speaker_ranker="rules")
    learned = counterpoint.annotate(HARBOUR, speaker_ranker="learned")
    default = counterpoint.annotate(HARBOUR)
    assert _speakers(rules) == [None]
    assert _speakers(learned) == ["Elena Marsh"]
    assert _speakers(default) == ["Elena Marsh"]
    [quote] = [q for q in learned.quotes if q.speaker == "Elena Marsh"]
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert learned.text[quote.speaker_start : quote.speaker_end] == "Elena Marsh"


def test_the_api_takes_the_ranker_from_the_environment_unless_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COUNTERPOINT_SPEAKER_RANKER", "rules")
    assert _speakers(counterpoint.annotate(HARBOUR)) == [None]
    assert _speakers(counterpoint.annotate(HARBOUR, speaker_ranker="learned")) == ["Elena Marsh"]


def test_the_api_refuses_an_unknown_ranker_naming_the_choices() -> None:
    with pytest.raises(SettingsError, match=r"unknown speaker ranker 'oracle'.*rules, learned"):
        counterpoint.annotate(HARBOUR, speaker_ranker="oracle")


def _stored_speakers(store: Store) -> list[str | None]:
    return [speaker for article in store.articles() for speaker in _speakers(article)]


def test_the_setting_reaches_the_workers_and_a_new_ranker_makes_articles_stale(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("harbour", "quay"):
        title = f"Harbour wall will not last, {name} report says"
        (folder / f"{name}.txt").write_text(f"{title}\n\n{HARBOUR}", encoding="utf-8")
    rules = Settings(embedder="test-hash", speaker_ranker="rules", batch_size=1, workers=2)
    learned = rules.replace(speaker_ranker="learned")
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        executor = IsolatedExecutor(2)
        first = pipeline.analyze_into(store, [folder], executor, rules)
        assert (first.analysed, first.problems) == (2, [])
        assert _stored_speakers(store) == [None, None]
        again = pipeline.analyze_into(store, [folder], executor, rules)
        assert (again.analysed, again.unchanged) == (0, 2)
        switched = pipeline.analyze_into(store, [folder], executor, learned)
        assert (switched.analysed, switched.problems) == (2, [])
        assert _stored_speakers(store) == ["Elena Marsh", "Elena Marsh"]
        assert {a.versions["speaker_ranker"] for a in store.articles()} == {"learned"}
        assert pipeline.analyze_into(store, [folder], executor, learned).analysed == 0
    finally:
        store.close()
