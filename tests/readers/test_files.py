"""The one folder walk (``migrate/readers/files.py``): name order, the folders it skips, the
``.gitignore`` rules it honours, and folders it cannot list."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.readers.base import InputProblem
from migrate.readers.files import Unlisted, walk_files
from migrate.readers.payloads import iter_inputs, payload_files

SUFFIXES = frozenset({".json", ".py"})


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _walked(top: Path) -> list[str]:
    return [
        found.relative_to(top).as_posix()
        for found in walk_files(top, SUFFIXES)
        if isinstance(found, Path)
    ]


def test_entries_come_in_name_order_with_each_folder_where_its_name_sorts(tmp_path: Path) -> None:
    _tree(tmp_path, {n: "{}" for n in ("c.json", "a.json", "b/y.py", "b/x.json", "B.JSON")})
    assert _walked(tmp_path) == ["B.JSON", "a.json", "b/x.json", "b/y.py", "c.json"]


def test_hidden_vendored_and_virtualenv_folders_are_skipped(tmp_path: Path) -> None:
    skipped = [".git/a.json", ".hidden.json", "node_modules/a.json", "vendor/a.py"]
    skipped += ["venv/a.py", "__pycache__/a.py", "site-packages/a.py", "env/a.py"]
    _tree(tmp_path, {n: "{}" for n in [*skipped, "env/pyvenv.cfg", "app/a.py", "notes.txt"]})
    assert _walked(tmp_path) == ["app/a.py"]


def test_gitignore_files_apply_below_their_folder(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.local.json\n",
            "build/a.json": "{}",
            "x.local.json": "{}",
            "keep.json": "{}",
            "api/.gitignore": "old.*\n!old.py\n",
            "api/old.json": "{}",
            "api/old.py": "",
            "api/new.json": "{}",
            "other/old.json": "{}",
        },
    )
    assert _walked(tmp_path) == ["api/new.json", "api/old.py", "keep.json", "other/old.json"]


def test_a_link_to_a_folder_is_not_followed(tmp_path: Path) -> None:
    _tree(tmp_path, {"real/a.json": "{}"})
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert _walked(tmp_path) == ["real/a.json"]


def test_a_folder_that_cannot_be_listed_is_named_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {"a/x.json": "{}", "b/y.json": "{}"})
    real = os.scandir

    def scandir(path: Path) -> Iterator[os.DirEntry[str]]:
        if Path(path).name == "a":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(walk_files(tmp_path, SUFFIXES))
    assert [type(f) for f in found] == [Unlisted, type(tmp_path)]
    assert isinstance(found[0], Unlisted) and found[0].path == tmp_path / "a"
    assert found[1] == tmp_path / "b" / "y.json"
    problems = [i for i in iter_inputs([str(tmp_path)]) if isinstance(i, InputProblem)]
    assert [p.source.file for p in problems] == [str(tmp_path / "a")]


def test_payload_files_and_a_folder_read_give_the_same_files(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "ignored/\n",
            "ignored/a.json": '{"mode": "payment"}',
            "vendor/b.json": '{"mode": "payment"}',
            "s/c.json": '{"mode": "payment"}',
            "d.jsonl": '{"mode": "payment"}\n',
        },
    )
    read = [i.source.file for i in iter_inputs([str(tmp_path)])]
    assert read == [str(tmp_path / "d.jsonl"), str(tmp_path / "s" / "c.json")]
    assert payload_files([str(tmp_path)]) == read
