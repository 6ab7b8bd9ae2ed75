"""A project's history in Markdown (``CHANGELOG.md``, ``UPGRADE.md``, ``HISTORY.md``...) shows
the code of past versions: its fences were scanned as the app's code, each an extra creation
(10 of a billing gem's 15), one a blocker that set the exit code. They are not read; the
project's other Markdown (its docs) still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

FENCE = """# Notes

```ruby
session = Stripe::Checkout::Session.create(mode: "payment", line_items: line_items)
```
"""


@pytest.mark.parametrize(
    "name",
    [
        "CHANGELOG.md",
        "changelog.md",
        "CHANGES.md",
        "HISTORY.md",
        "UPGRADE.md",
        "UPGRADING.md",
        "RELEASES.md",
        "NEWS.md",
        "docs/upgrade-guide.md",
        "Change_Log.markdown",
    ],
)
def test_history_files_are_not_scanned(tmp_path: Path, name: str) -> None:
    write_tree(tmp_path, {name: FENCE, "docs/checkout.md": FENCE})
    files = {Path(s.file).name for s in scan_paths([str(tmp_path)]) if s.kind == "create"}
    assert files == {"checkout.md"}
