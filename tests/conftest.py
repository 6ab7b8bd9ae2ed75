"""Shared fixtures: the bundled samples are loaded from samples/, never copied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rule table's and the scan's caches go to a folder of the run (the commands the
    tests run, in process or not, read it from the environment), not the user's."""
    folder = tmp_path_factory.mktemp("stripe2dodo-cache")
    os.environ["STRIPE2DODO_CACHE_DIR"] = str(folder)
    return folder


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The markers a bare ``pytest`` leaves out (pyproject.toml) are on every test they are
    about: a hypothesis test is marked ``property``, a test driving Chromium ``browser``. Checked
    on every collected test, before any is deselected, so a forgotten mark fails the run."""
    from hypothesis import is_hypothesis_test

    missing = []
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        function = getattr(item, "function", None)
        if function is not None and is_hypothesis_test(function) and "property" not in marks:
            missing.append(f"{item.nodeid}: a hypothesis test, mark it @pytest.mark.property")
        if "browser" in getattr(item, "fixturenames", ()) and "browser" not in marks:
            missing.append(f"{item.nodeid}: drives Chromium, mark it @pytest.mark.browser")
    if missing:
        raise pytest.UsageError("\n".join(missing))
