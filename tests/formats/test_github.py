"""``scan --format github``: annotations capped to what GitHub shows, and with a baseline only
the new findings annotated; what is left out is counted, never dropped without a word."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from migrate import cli

CALL = (
    "import stripe\n\n"
    "def buy{n}():\n"
    "    return stripe.checkout.Session.create(mode='payment', line_items=[{{'price': 'price_{n}'"
    ", 'quantity': 1}}], success_url='https://x.example/ok', ui_mode='embedded')\n"
)


def _tree(tmp_path: Path, calls: int) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "pay.py").write_text("".join(CALL.format(n=n) for n in range(calls)))
    return src


def _scan(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli.main, ["scan", *args])
    return result.exit_code, result.stdout.splitlines()


def test_annotations_are_capped_per_level_and_the_rest_counted(tmp_path: Path) -> None:
    src = _tree(tmp_path, 14)
    _, every = _scan(str(src), "--format", "github", "--max-annotations", "0")
    warnings = [line for line in every if line.startswith("::warning ")]
    assert len(warnings) >= 14  # one warning per call at least (embedded Checkout)
    _, capped = _scan(str(src), "--format", "github")
    shown = [line for line in capped if line.startswith("::warning ")]
    assert len(shown) == 10
    (notice,) = [line for line in capped if line.startswith("::notice ")]
    assert f"{len(warnings) - 10} more warning(s) not annotated" in notice
    assert shown == warnings[:10]


def test_with_a_baseline_only_new_findings_are_annotated(tmp_path: Path) -> None:
    src = _tree(tmp_path, 2)
    _, out = _scan(str(src), "--format", "json")
    base = tmp_path / "base.json"
    base.write_text("\n".join(out))
    known = len(json.loads(base.read_text())["sites"])
    with (src / "pay.py").open("a") as code:
        code.write(CALL.format(n="new"))
    code_, lines = _scan(str(src), "--format", "github", "--baseline", str(base))
    annotated = [line for line in lines if line.startswith(("::warning ", "::error "))]
    assert annotated and all("buynew" not in a for a in annotated)  # the site, not the name
    assert all("line=" in a for a in annotated)
    lines_annotated = {a.split("line=")[1].split(",")[0] for a in annotated}
    assert lines_annotated == {"12"}  # only the call appended after the baseline
    (notice,) = [line for line in lines if line.startswith("::notice ")]
    assert "known from the baseline not annotated" in notice
    assert known == 2 and code_ == 0
