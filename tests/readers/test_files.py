"""The one folder walk (``migrate/readers/files.py``): name order, the folders it skips, the
``.gitignore`` rules it honours, and folders it cannot list."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.readers.base import InputProblem
from migrate.readers.files import HEAD_BYTES, Unlisted, read_head, walk_files
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


def test_a_next_js_catch_all_route_in_gitignore_raises_no_python_warning(
    tmp_path: Path,
) -> None:
    """``[[...slug]]`` is read by ``re`` as a nested set (a FutureWarning pathspec raised on
    every scan of an app with a Next.js front end: the tool's own path on the user's stderr)."""
    _tree(tmp_path, {".gitignore": "web/pages/[[...slug]].tsx\n", "a.json": "{}"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _walked(tmp_path) == ["a.json"]


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


def test_files_without_a_suffix_are_judged_by_their_first_bytes_only(tmp_path: Path) -> None:
    _tree(tmp_path, {"bin/deploy": "#!/bin/sh\necho hi\n", "LICENSE": "MIT\n", "a.json": "{}"})
    (tmp_path / "bin" / "big").write_bytes(b"#!/usr/bin/env bash\n" + b"x" * 1_000_000)
    heads: list[bytes] = []

    def shebang(head: bytes) -> bool:
        heads.append(head)
        return head.startswith(b"#!")

    found = [
        f.relative_to(tmp_path).as_posix()
        for f in walk_files(tmp_path, SUFFIXES, unsuffixed=shebang)
        if isinstance(f, Path)
    ]
    assert found == ["a.json", "bin/big", "bin/deploy"]
    assert sorted(len(h) for h in heads) == [4, 18, HEAD_BYTES]  # LICENSE, deploy, big
    assert _walked(tmp_path) == ["a.json"]  # without the test, no file without a suffix


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_without_a_suffix_does_not_block_the_walk(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert read_head(str(tmp_path / "pipe")) == b""
    assert list(walk_files(tmp_path, SUFFIXES, unsuffixed=lambda head: head == b"")) == [
        tmp_path / "pipe"
    ]  # read without blocking: its head is empty
