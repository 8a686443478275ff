"""Choosing an executor: by name from the settings, Ray only when chosen and installed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from counterpoint.run.executors import IsolatedExecutor, LocalExecutor, executor_for
from counterpoint.run.ray_executor import RayUnavailable
from counterpoint.settings import Settings, SettingsError


def test_each_name_gives_its_executor():
    assert isinstance(executor_for(2, kind="local"), LocalExecutor)
    assert isinstance(executor_for(2, kind="process"), IsolatedExecutor)
    assert isinstance(executor_for(2), IsolatedExecutor)
    with pytest.raises(ValueError, match="unknown executor 'dask'"):
        executor_for(2, kind="dask")


def test_the_executor_setting_is_checked_and_read_from_the_environment():
    with pytest.raises(SettingsError, match="executor must be one of local, process, ray"):
        Settings(executor="threads")
    settings = Settings.load(
        environ={"COUNTERPOINT_EXECUTOR": "ray", "COUNTERPOINT_RAY_ADDRESS": "10.1.2.3:6379"}
    )
    assert (settings.executor, settings.ray_address) == ("ray", "10.1.2.3:6379")


def test_without_ray_installed_the_ray_executor_says_which_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    with pytest.raises(RayUnavailable, match=r"pip install 'counterpoint\[ray\]'"):
        executor_for(2, kind="ray")


def test_ray_is_imported_only_when_chosen():
    code = (
        "import sys\n"
        "from counterpoint.run.pipeline import executor_for_settings\n"
        "from counterpoint.settings import Settings\n"
        "executor_for_settings(Settings(workers=2))\n"
        "assert 'ray' not in sys.modules, 'ray imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
