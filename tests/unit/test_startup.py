"""The command line starts without the heavy libraries: each command imports what it uses, so
``counterpoint --help`` does not wait for spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "torch", "numpy", "lingua", "trafilatura", "sqlalchemy")

PROBE = """
import sys
from counterpoint.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print("loaded:", ",".join(sorted({{name.split(".")[0] for name in sys.modules}} & set({heavy!r}))))
"""


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["export", "--help"]])
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    probe = PROBE.format(args=args, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    shown, _, loaded = done.stdout.rpartition("loaded: ")
    assert "Usage:" in shown
    assert loaded.strip() == ""


def test_the_package_itself_imports_no_heavy_library() -> None:
    probe = (
        "import sys, counterpoint; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_annotate_function_survives_importing_the_annotate_layer() -> None:
    import counterpoint
    from counterpoint.annotate import annotate_batch  # noqa: F401

    assert callable(counterpoint.annotate)
    assert counterpoint.annotate.__module__ == "counterpoint"
