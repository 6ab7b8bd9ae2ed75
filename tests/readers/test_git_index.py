"""Files Git tracks are walked though a ``.gitignore`` rule names them, as Git reads its rules
(``migrate/readers/git_index.py``): a file committed before the rule, or added with ``-f``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.readers.files import walk_files
from migrate.readers.git_index import parse_index, tracked_for

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make a work tree")

_FILES = {
    ".gitignore": "app/backend/stripe.php\nbuild/\nlegacy/\n",
    "app/backend/stripe.php": "<?php\n",  # tracked, then listed in .gitignore
    "app/backend/ajax.php": "<?php\n",
    "build/out.php": "<?php\n",  # ignored, never tracked
    "legacy/pay.php": "<?php\n",  # an ignored folder, one file in it forced in
    "legacy/tmp.php": "<?php\n",
}


def _git(top: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(top), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        check=True,
        capture_output=True,
    )


def _work_tree(top: Path, *, version: int = 2, sha256: bool = False) -> Path:
    top.mkdir()
    _git(top, "init", "-q", *(["--object-format=sha256"] if sha256 else []))
    for name, text in _FILES.items():
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text(text, encoding="utf-8")
    _git(top, "add", "-f", ".gitignore", "app", "legacy/pay.php")
    _git(top, "update-index", "--index-version", str(version))
    return top


def _walked(top: Path) -> list[str]:
    return [p.relative_to(top).as_posix() for p in walk_files(top, {".php"}) if isinstance(p, Path)]


@pytest.mark.parametrize("version", [2, 3, 4])
def test_a_tracked_file_a_rule_names_is_walked_and_an_untracked_one_is_not(
    tmp_path: Path, version: int
) -> None:
    top = _work_tree(tmp_path / "shop", version=version)
    assert _walked(top) == ["app/backend/ajax.php", "app/backend/stripe.php", "legacy/pay.php"]


def test_a_sha256_repository_is_read_too(tmp_path: Path) -> None:
    try:
        top = _work_tree(tmp_path / "shop", sha256=True)
    except subprocess.CalledProcessError:
        pytest.skip("this git makes no SHA-256 repositories")
    assert _walked(top) == ["app/backend/ajax.php", "app/backend/stripe.php", "legacy/pay.php"]


def test_an_unreadable_index_leaves_the_rules_as_written(tmp_path: Path) -> None:
    top = _work_tree(tmp_path / "shop")
    index = top / ".git" / "index"
    index.write_bytes(index.read_bytes()[:40])  # cut short
    assert tracked_for(top) is None
    assert _walked(top) == ["app/backend/ajax.php"]
    assert parse_index(b"not an index") is None
    assert parse_index(b"DIRC" + (9).to_bytes(4, "big") + (0).to_bytes(4, "big")) is None


def test_a_linked_work_tree_reads_its_own_index(tmp_path: Path) -> None:
    top = _work_tree(tmp_path / "shop")
    _git(top, "commit", "-q", "-m", "one")
    _git(top, "worktree", "add", "-q", str(tmp_path / "wt"))
    for name, text in _FILES.items():  # the ignored files are not checked out: write them
        path = tmp_path / "wt" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert (tmp_path / "wt" / ".git").is_file()
    assert _walked(tmp_path / "wt") == [
        "app/backend/ajax.php",
        "app/backend/stripe.php",
        "legacy/pay.php",
    ]


def test_the_scan_finds_a_checkout_in_a_tracked_file_gitignore_names(tmp_path: Path) -> None:
    top = _work_tree(tmp_path / "shop")
    (top / "app/backend/stripe.php").write_text(
        "<?php\n"
        "$session = \\Stripe\\Checkout\\Session::create([\n"
        "    'mode' => 'payment',\n"
        "    'line_items' => [['price' => 'price_1Tee', 'quantity' => 1]],\n"
        "    'success_url' => 'https://shop.example/ok',\n"
        "]);\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli.main, ["scan", str(top), "--no-cache", "--format", "text"])
    assert "stripe.php" in result.output
    assert "1 checkout creation(s)" in result.output
