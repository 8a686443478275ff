"""The command line's run summary shows what each step kept and dropped."""

from __future__ import annotations

from pathlib import Path

from ..unit.test_cli_settings import _analyze


def test_the_summary_shows_what_each_step_kept_and_dropped(tmp_path: Path, good: Path) -> None:
    (good / "short.txt").write_text("Too short.\n", encoding="utf-8")
    config = tmp_path / "counterpoint.toml"
    config.write_text("batch_size = 1\nmax_seconds = 300\n", encoding="utf-8")
    result = _analyze(tmp_path, str(good), "--config", str(config))
    assert result.exit_code == 1, result.output
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in result.output.splitlines()]
    names = ("extract", "annotate", "embed", "resolve", "link", "compare")
    steps = [row for row in rows if row and row[0] in names]
    assert steps == [
        ["extract", "1", "1", "error 1", ""],
        ["annotate", "1", "0", "", ""],
        ["embed", "1", "0", "", ""],
        ["resolve", "1", "0", "", ""],
        ["link", "1", "0", "", "stories 1"],
        ["compare", "1", "0", "", "claims 1"],  # a fact one outlet gives is a claim too
    ]
