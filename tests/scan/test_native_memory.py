"""A kind a grammar does not know makes ast-grep-py raise; where ``RUST_BACKTRACE=1`` is set (some
shells and CI images), the first such error captured a Rust backtrace, loading the library's
debug information: 50 MB more for the rest of a scan (a dense tree's scan went from 75 to 126
MiB). The scanner turns library backtraces off for its process."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import resource, sys
if sys.argv[1] == "scanner":
    import migrate.scan.nodes  # noqa: F401
from ast_grep_py import SgRoot
root = SgRoot("class A {}", "csharp").root()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    root.find_all(kind="class_definition")
except RuntimeError:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def _growth(mode: str) -> int:
    env = {**os.environ, "RUST_BACKTRACE": "1"}
    env.pop("RUST_LIB_BACKTRACE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())  # KiB


def test_an_unknown_kind_costs_no_backtrace_in_the_scanner_s_process() -> None:
    assert _growth("scanner") < 4 * 1024  # KiB: 10-50 MiB with the backtrace captured
