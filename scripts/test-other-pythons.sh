#!/usr/bin/env bash
# Run the unit tests (tests/unit) on each other supported Python, in its own venv
# (.venv312, .venv313), made or refreshed when pyproject.toml is newer than it.
# A version with no interpreter on this machine is skipped with the reason; any other failure
# (an install or a test) fails the run. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=${COUNTERPOINT_OTHER_PYTHONS:-"3.12 3.13"}

# An interpreter that really runs: pyenv's shims answer for versions that are not selected.
find_python() {
  local version=$1 candidate
  for candidate in "python$version" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/"python$version" \
    "/usr/bin/python$version" "/usr/local/bin/python$version"; do
    if "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

for version in $VERSIONS; do
  venv=".venv${version/./}"
  if ! python=$(find_python "$version"); then
    echo "skipping Python $version: no working python$version on PATH, in pyenv or in /usr/bin"
    continue
  fi
  if [ ! -f "$venv/.installed-stamp" ] || [ pyproject.toml -nt "$venv/.installed-stamp" ]; then
    echo "making $venv with $python"
    started=$SECONDS
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q -e '.[dev]'
    touch "$venv/.installed-stamp"
    echo "made $venv in $((SECONDS - started)) s"
  fi
  echo "unit tests on $("$venv/bin/python" --version)"
  "$venv/bin/pytest" -q tests/unit "$@"
done
