"""The quote speakers' ranker is a setting by name: checked when the settings are built, part of
what stored articles depend on, and handed to the quote component by the annotate step."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from counterpoint import registry
from counterpoint.annotate import COMPONENTS, Models, Pipeline, quote_speakers
from counterpoint.model import Article
from counterpoint.run import pipeline
from counterpoint.run.steps import Analysed
from counterpoint.settings import Settings, SettingsError

from .test_steps import HashEmbedder

registry.embedders.register("test-hash", HashEmbedder)


def test_the_learned_ranker_is_the_default() -> None:
    assert Settings().speaker_ranker == "learned" == quote_speakers.DEFAULT_SPEAKER_RANKER
    assert registry.SPEAKER_RANKERS == quote_speakers.SPEAKER_RANKERS == ("rules", "learned")


def test_the_ranker_is_read_from_the_file_the_environment_and_flags(tmp_path: Path) -> None:
    config = tmp_path / "counterpoint.toml"
    config.write_text('speaker_ranker = "rules"\n', encoding="utf-8")
    assert Settings.load(config, environ={}).speaker_ranker == "rules"
    environ = {"COUNTERPOINT_SPEAKER_RANKER": "learned"}
    assert Settings.load(config, environ).speaker_ranker == "learned"
    assert Settings.load(config, environ, speaker_ranker="rules").speaker_ranker == "rules"
    assert Settings.load(environ={"COUNTERPOINT_SPEAKER_RANKER": "rules"}).speaker_ranker == "rules"


def test_an_unknown_ranker_is_a_settings_error_naming_the_choices() -> None:
    message = r"^unknown speaker ranker 'oracle'; choose one of: rules, learned$"
    with pytest.raises(SettingsError, match=message):
        Settings(speaker_ranker="oracle")
    with pytest.raises(SettingsError, match=message):
        Settings().replace(speaker_ranker="oracle")


def test_an_unknown_ranker_in_the_environment_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="unknown speaker ranker 'Learned'"):
        Settings.load(environ={"COUNTERPOINT_SPEAKER_RANKER": "Learned"})


def test_the_annotate_components_refuse_an_unknown_ranker_when_built() -> None:
    with pytest.raises(ValueError, match="unknown speaker ranker 'oracle'"):
        Pipeline(speaker_ranker="oracle")


def test_another_ranker_changes_what_stored_articles_depend_on() -> None:
    learned = pipeline.pipeline_versions(Settings(embedder="test-hash"))
    rules = pipeline.pipeline_versions(Settings(embedder="test-hash", speaker_ranker="rules"))
    assert (learned["speaker_ranker"], rules["speaker_ranker"]) == ("learned", "rules")
    assert {k for k in learned if learned[k] != rules[k]} == {"speaker_ranker"}
    again = pipeline.pipeline_versions(Settings(embedder="test-hash", speaker_ranker="rules"))
    assert again == rules


def _recording_find_quotes(
    monkeypatch: pytest.MonkeyPatch,
) -> list[str]:
    """The rankers the quote component hands the quote finder, as it calls it."""
    layer = importlib.import_module("counterpoint.annotate")  # the package, not the function
    rankers: list[str] = []

    def find_quotes(_article: Article, _doc: object, speaker_ranker: str) -> list[object]:
        rankers.append(speaker_ranker)
        return []

    monkeypatch.setattr(layer, "find_quotes", find_quotes)
    return rankers


@pytest.mark.parametrize("ranker", ["rules", "learned"])
def test_the_quote_component_hands_its_ranker_to_the_quote_finder(
    monkeypatch: pytest.MonkeyPatch, ranker: str
) -> None:
    rankers = _recording_find_quotes(monkeypatch)
    components = Pipeline(speaker_ranker=ranker)
    [find] = [annotate for assigns, annotate in components.annotators if assigns == "quotes"]
    assert find(Article(id="a", source="a.txt", text="Text."), None) == []
    assert rankers == [ranker]
    COMPONENTS["quotes"].make(Models())(Article(id="b", source="b.txt", text="Text."), None)
    assert rankers == [ranker, "learned"]


def test_the_annotate_step_hands_the_settings_ranker_to_the_annotators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given: list[object] = []

    def annotate_batch(articles: list[Article], **models: object) -> list[Article]:
        given.append(models["speaker_ranker"])
        return articles

    monkeypatch.setattr(pipeline, "annotate_batch", annotate_batch)
    settings = Settings(speaker_ranker="rules")
    [step] = [s for s in pipeline.per_article_steps(settings) if s.name == "annotate"]
    article = Article(id="a", source="a.txt", text="Text.")
    [result] = step.run([Analysed(article=article)])
    assert isinstance(result, Analysed) and result.article is article
    assert given == ["rules"]
