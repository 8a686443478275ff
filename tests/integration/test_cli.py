"""The command line on real runs of `counterpoint analyze`: exit codes and errors a person can
act on."""

from __future__ import annotations

from pathlib import Path

from ..conftest import ARTICLE
from ..unit.test_cli import _invoke


def test_exit_0_when_every_input_went_in(tmp_path: Path, good: Path) -> None:
    result = _invoke("analyze", str(good), "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 0, result.output
    rerun = _invoke("analyze", str(good), "--db", str(tmp_path / "a.db"))
    assert rerun.exit_code == 0, rerun.output


def test_exit_1_when_some_inputs_were_problems_and_they_are_listed(
    tmp_path: Path, good: Path
) -> None:
    (good / "empty.html").write_bytes(b"")
    # untrusted names and messages are text, never markup or terminal control
    (good / "odd [").mkdir()
    (good / "odd [" / "x] \x1b[31mred.txt").write_bytes(b"\x00\x01\x02 binary")
    result = _invoke("analyze", str(good), "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 1, result.output
    assert "empty.html" in result.output
    assert "odd [/x] \\x1b[31mred.txt" in result.output
    assert "\x1b[31m" not in result.output
    assert "Traceback" not in result.output


def test_report_into_a_folder_is_refused(tmp_path: Path, good: Path) -> None:
    db = str(tmp_path / "a.db")
    assert _invoke("analyze", str(good), "--db", db).exit_code == 0
    result = _invoke("report", "--db", db, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.output


def test_the_document_size_limit_is_settable(tmp_path: Path, good: Path) -> None:
    (good / "long.txt").write_text(ARTICLE + "\n\n" + "More words in a long page. " * 80_000)
    result = _invoke("analyze", str(good), "--db", str(tmp_path / "a.db"), "--max-document-mb", "1")
    assert result.exit_code == 1, result.output
    assert "long.txt: ingest: larger than the 1 MB limit" in result.output.replace("\n", "")
