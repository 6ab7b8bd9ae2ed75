"""The npm packages the JS/TS suggestions are type-checked against: the official ``dodopayments``
Node SDK and ``typescript``, at the versions pinned in ``tests/scan/npm/`` (package.json and its
lock file), installed with ``npm ci`` into a cache directory outside the checkout, once per pin.

``.ci/run`` installs them before the tests (``python3 tests/scan/node_sdk.py``); a test that
finds them missing installs them the same way. The cache is ``$STRIPE2DODO_NODE_CACHE`` (default
``~/.cache/stripe2dodo/node``), one folder per hash of the pins. Standard library only: .ci/run
runs it before the virtualenv exists.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

PINS = Path(__file__).resolve().parent / "npm"
FILES = ("package.json", "package-lock.json")


def cache_root() -> Path:
    root = os.environ.get("STRIPE2DODO_NODE_CACHE")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stripe2dodo" / "node"


def prefix() -> Path:
    """The folder the pinned packages go in (its ``node_modules``), named by the pins' hash."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((PINS / name).read_bytes())
    return cache_root() / digest.hexdigest()[:16]


def missing_tools() -> str | None:
    """Why the packages cannot be installed or used here (``None``: node and npm are present)."""
    absent = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"no {' or '.join(absent)} on PATH" if absent else None


def tsc(folder: Path) -> Path:
    return folder / "node_modules" / "typescript" / "bin" / "tsc"


def run_tsc(folder: Path, config: str = "tsconfig.json") -> subprocess.CompletedProcess[str]:
    """``tsc -p CONFIG`` in ``folder`` against the pinned packages (linked in as its
    ``node_modules`` when it has none)."""
    sdk = install()
    modules = folder / "node_modules"
    if not modules.exists():
        modules.symlink_to(sdk / "node_modules", target_is_directory=True)
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("no node on PATH")
    return subprocess.run(
        [node, str(tsc(sdk)), "-p", config, "--pretty", "false"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
        env={**os.environ, "NODE_OPTIONS": ""},
    )


def installed(folder: Path) -> bool:
    return tsc(folder).is_file() and (folder / "node_modules" / "dodopayments").is_dir()


def install() -> Path:
    """The folder holding the pinned packages, installed first when missing (``npm ci``, which
    installs exactly the lock file). Raises ``RuntimeError`` with npm's output when it fails."""
    folder = prefix()
    if installed(folder):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f"{folder.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be installing the same pins
        if not installed(folder):
            for name in FILES:
                shutil.copyfile(PINS / name, folder / name)
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError("no npm on PATH")
            done = subprocess.run(
                [npm, "ci", "--prefix", str(folder), "--no-audit", "--no-fund"],
                check=False,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0 or not installed(folder):
                raise RuntimeError(f"npm ci failed in {folder}:\n{done.stdout}\n{done.stderr}")
    return folder


if __name__ == "__main__":
    reason = missing_tools()
    if reason:
        print(f"warning: {reason}: the JS/TS suggestions will not be type-checked", file=sys.stderr)
        sys.exit(0)
    try:
        print(install())
    except RuntimeError as err:
        print(err, file=sys.stderr)
        sys.exit(1)
