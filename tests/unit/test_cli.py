"""The command line: exit codes and errors a person can act on, for runs refused before any
article is analysed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import main


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_exit_2_for_a_path_that_does_not_exist(tmp_path: Path) -> None:
    result = _invoke("analyze", str(tmp_path / "nowhere"), "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("option", [["--workers", "0"], ["--batch-size", "0"]])
def test_exit_2_for_a_count_below_one(tmp_path: Path, good: Path, option: list[str]) -> None:
    result = _invoke("analyze", str(good), "--db", str(tmp_path / "a.db"), *option)
    assert result.exit_code == 2
    assert "is not in the range x>=1" in result.output


@pytest.mark.parametrize("command", [["report", "--out", "r.html"], ["export", "--out", "x.json"]])
def test_readers_refuse_a_database_that_does_not_exist(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "missing.db"
    result = _invoke(*command, "--db", str(missing))
    assert result.exit_code == 2
    assert "no database at" in result.output
    assert not missing.exists()


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path, good: Path) -> None:
    not_db = tmp_path / "notes.txt"
    not_db.write_text("these are my notes, not a database\n" * 50)
    for args in (["report", "--out", str(tmp_path / "r.html")], ["analyze", str(good)]):
        result = _invoke(*args, "--db", str(not_db))
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "notes.txt" in result.output


def test_an_unreachable_database_url_is_one_line_with_the_password_masked(good: Path) -> None:
    url = "postgresql+psycopg://reader:s3cret@127.0.0.1:1/news"
    result = _invoke("analyze", str(good), "--db", url)
    assert result.exit_code == 2
    assert "s3cret" not in result.output
    assert "127.0.0.1" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
