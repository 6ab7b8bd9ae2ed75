"""What the scanner reads: only regular files, within a size cap, parsed in linear time, and
file names that are not UTF-8 shown safely in every format."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import ScanStats

ROOT = Path(__file__).resolve().parents[2]
CALL = 'import stripe\nstripe.checkout.Session.create(mode="payment", success_url="https://x/ok")\n'
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``stripe2dodo`` in a child process with a memory ceiling (a scan that reads /dev/zero
    must fail, not take the machine down) and a guard against hanging for ever."""

    def limits() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    try:
        return subprocess.run(
            [sys.executable, "-m", "migrate", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
            preexec_fn=limits,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the scan never finished (it blocked on a special file)")


@pytest.mark.slow
@posix_only
def test_a_fifo_and_a_link_to_dev_zero_in_a_folder_are_skipped_and_the_rest_is_scanned(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.py").write_text(CALL)
    os.mkfifo(tmp_path / "b.py")
    (tmp_path / "c.py").symlink_to("/dev/zero")
    (tmp_path / "d.py").write_text(CALL)
    done = _cli("scan", ".", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert done.returncode == 2  # unreadable inputs, as for a missing path
    assert "b.py: not a regular file (a FIFO): skipped" in done.stderr
    assert "c.py: not a regular file (a character device): skipped" in done.stderr
    import json

    doc = json.loads(done.stdout)
    assert [s["file"] for s in doc["sites"]] == ["a.py", "d.py"]
    assert len(doc["summary"]["problems"]) == 2


@posix_only
def test_a_fifo_named_on_the_command_line_is_not_a_missing_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    stats = ScanStats()
    assert list(scan_paths([str(tmp_path / "pipe.py")], stats=stats)) == []
    assert stats.problems == [f"{tmp_path / 'pipe.py'}: not a regular file (a FIFO): skipped"]


def test_a_file_over_the_size_cap_is_skipped_with_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import source

    monkeypatch.setattr(source, "MAX_FILE_BYTES", 4096)
    (tmp_path / "big.py").write_text(CALL + "# padding\n" * 1000)
    (tmp_path / "small.py").write_text(CALL)
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert [Path(s.file).name for s in sites] == ["small.py"]
    assert stats.problems == [
        f"{tmp_path / 'big.py'}: larger than 4096 bytes (the scanner's MAX_FILE_BYTES): skipped"
    ]


def test_reading_stops_at_the_cap_even_when_the_size_is_not_known(tmp_path: Path) -> None:
    # /proc files and files that grow while read say nothing (or too little) about their size
    from migrate.scan.source import Skipped, read_source

    path = tmp_path / "x.py"
    path.write_bytes(b"x" * 10)
    assert read_source(str(path), limit=10) == b"x" * 10
    with pytest.raises(Skipped, match="larger than 9 bytes"):
        read_source(str(path), limit=9)


# -- a file full of comments ------------------------------------------------------------------


def _comment_runs(text: str) -> list[int]:
    """The lengths of the runs of comment-only lines in ``text`` (blank lines in between)."""
    runs, current = [], 0
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            current += 1
        elif stripped:
            runs.append(current)
            current = 0
    return [*runs, current]


def test_a_long_run_of_comment_lines_never_reaches_the_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tree-sitter-python reads ahead over every following comment line at each comment in an
    # indented block: a run of n comment lines costs n*n (20,000 lines took 79 s). The parser
    # must never be given a run longer than TRIVIA_RUN lines, whatever the file holds.
    from migrate.scan import file_scan as scan_module
    from migrate.scan.lang.python import TRIVIA_RUN

    given: list[str] = []
    real = scan_module.SgRoot

    def spy(text: str, language: str) -> Any:
        given.append(text)
        return real(text, language)

    monkeypatch.setattr(scan_module, "SgRoot", spy)
    source = (
        "import stripe\n\ndef pay():\n"
        + "".join(f"    # note {i}\n" + ("\n" if i % 7 == 0 else "") for i in range(20_000))
        + "    return stripe.checkout.Session.create(mode='payment', success_url='https://x/ok')\n"
    )
    path = tmp_path / "notes.py"
    path.write_text(source)
    (site,) = list(scan_paths([str(path)]))
    assert (site.line, site.column) == (source.count("\n"), 12)
    assert site.params == {"mode": "payment", "success_url": "https://x/ok"}
    assert site.source_line.startswith("return stripe.checkout.Session.create(")
    (parsed,) = given
    assert len(parsed) == len(source)
    assert max(_comment_runs(parsed)) < TRIVIA_RUN
    assert max(_comment_runs(source)) == 20_000


def test_backslash_only_lines_are_blanked_like_comments() -> None:
    from migrate.scan.lang.python import TRIVIA_RUN, parser_text

    source = "def f():\n" + "    \\\n" * 5_000 + "    return 1\n"
    parsed = parser_text(source)
    assert len(parsed) == len(source)
    assert parsed.count("\\") == 0
    short = "def f():\n" + "    \\\n" * (TRIVIA_RUN - 1) + "    return 1\n"
    assert parser_text(short) == short


def test_blanking_keeps_strings_short_runs_and_line_breaks() -> None:
    from migrate.scan.lang.python import TRIVIA_RUN, parser_text

    in_string = 'x = """\n' + "# not a comment\n" * 50 + '"""\n'
    assert parser_text(in_string) == in_string
    short = "a = 1\n" + "# note\n" * (TRIVIA_RUN - 1) + "b = '#'  # tail\n"
    assert parser_text(short) == short
    escaped = "s = 'it\\'s # here'\n" + "    # c\r\n" * TRIVIA_RUN + "t = 2  # kept\n"
    parsed = parser_text(escaped)
    assert parsed.splitlines(keepends=True)[1:-1] == ["       \r\n"] * TRIVIA_RUN
    assert parsed.startswith("s = 'it\\'s # here'\n") and parsed.endswith("t = 2  # kept\n")
    assert len(re.findall("#", parsed)) == 2


# -- file names that are not UTF-8 ------------------------------------------------------------

LATIN1_NAME = b"caf\xe9.py"  # "café.py" as written by a Latin-1 system
SHOWN = "caf\\xe9.py"  # how every format shows it


def _bytes_cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run the CLI; its stdout and stderr must be valid UTF-8."""
    done = subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.fixture
def latin1_tree(tmp_path: Path) -> Path:
    if os.name != "posix":
        pytest.skip("file names are bytes on POSIX only")
    try:
        (tmp_path / os.fsdecode(LATIN1_NAME)).write_text(CALL)
        os.mkfifo(tmp_path / os.fsdecode(b"pip\xe9.py"))
    except OSError:
        pytest.skip("this file system only takes UTF-8 names")
    return tmp_path


@pytest.mark.slow
def test_scan_formats_show_a_non_utf8_name_the_same_way(latin1_tree: Path) -> None:
    import json

    code, out, err = _bytes_cli("scan", ".", "--format", "json", cwd=latin1_tree)
    assert "Traceback" not in err and code == 2  # the FIFO is a problem
    doc = json.loads(out)
    assert [s["file"] for s in doc["sites"]] == [SHOWN]
    assert doc["summary"]["problems"] == ["pip\\xe9.py: not a regular file (a FIFO): skipped"]
    assert "pip\\xe9.py: not a regular file" in err

    code, out, err = _bytes_cli("scan", ".", "--format", "sarif", cwd=latin1_tree)
    assert "Traceback" not in err
    sarif = json.loads(out)
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    ]
    assert locations and set(locations) == {"caf%E9.py"}  # the name's bytes, as a URI holds them
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == [doc["summary"]["problems"][0]]

    code, out, err = _bytes_cli("scan", ".", "--format", "text", cwd=latin1_tree)
    assert f"== {SHOWN}\n" in out and "Traceback" not in err

    code, out, err = _bytes_cli("scan", ".", "--format", "github", "-v", cwd=latin1_tree)
    assert f"file={SHOWN}," in out and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["html", "json", "markdown", "terminal"])
def test_report_formats_show_a_non_utf8_name(latin1_tree: Path, fmt: str) -> None:
    out_file = latin1_tree.parent / f"report-{latin1_tree.name}.{fmt}"
    _, _, err = _bytes_cli(
        "report", ".", "--details", "--format", fmt, "-o", str(out_file), cwd=latin1_tree
    )
    assert "Traceback" not in err and "internal error" not in err
    written = out_file.read_bytes().decode("utf-8")  # valid UTF-8 throughout
    if fmt == "json":
        import json

        doc = json.loads(written)
        assert {"kind": "code", "path": SHOWN} in doc["inputs"]
        assert [c["file"] for c in doc["code"]] == [SHOWN]
    else:
        assert SHOWN in written


# -- hostile code: one file never loses the others ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (
            "deep.py",
            "import stripe\nstripe.checkout.Session.create(mode='payment', metadata="
            + '{"a": ' * 5000
            + "1"
            + "}" * 5000
            + ")\n",
        ),
        (
            "deep.js",
            "const stripe = require('stripe')();\nstripe.checkout.sessions.create({x: "
            + "[" * 100_000
            + "]" * 100_000
            + "});\n",
        ),
    ],
)
def test_a_value_nested_thousands_deep_is_a_run_time_value_and_the_rest_is_read(
    tmp_path: Path, name: str, code: str
) -> None:
    (tmp_path / name).write_text(code)
    (tmp_path / "ok.py").write_text(CALL)
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert sorted(Path(s.file).name for s in sites) == sorted([name, "ok.py"]), stats.problems
    deep = next(s for s in sites if Path(s.file).name == name)
    assert deep.dynamic  # the value past the nesting limit is not read as a literal
    ok = next(s for s in sites if Path(s.file).name == "ok.py")
    assert ok.params == {"mode": "payment", "success_url": "https://x/ok"}
    assert stats.problems == []


def test_a_value_nested_as_deep_as_real_code_is_read() -> None:
    from migrate.scan.patterns import BY_NAME
    from migrate.scan.scan import scan_source

    depth = 40
    code = (
        "import stripe\nstripe.checkout.Session.create(mode='payment', metadata="
        + '{"a": ' * depth
        + "1"
        + "}" * depth
        + ")\n"
    )
    (site,) = scan_source(code, "x.py", BY_NAME["python"])
    value: Any = site.params["metadata"]
    for _ in range(depth - 1):
        value = value["a"]
    assert value == {"a": 1}


def test_a_link_to_nothing_in_a_tree_is_passed_over(tmp_path: Path) -> None:
    """A repository may hold a symbolic link whose target is not in the checkout (a licence file
    linked across folders): it was a problem line and exit 2 for the whole scan. Named on the
    command line it is still a problem."""
    (tmp_path / "pay.py").write_text(
        "import stripe\nstripe.checkout.Session.create(mode='payment', "
        "line_items=[{'price': 'price_1', 'quantity': 1}], success_url='https://x.example/ok')\n"
    )
    (tmp_path / "LICENSE.md").symlink_to(tmp_path / "missing" / "LICENSE.md")
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert [s.kind for s in sites] == ["create"]
    assert stats.problems == []
    named = ScanStats()
    assert list(scan_paths([str(tmp_path / "LICENSE.md")], stats=named)) == []
    assert len(named.problems) == 1 and "LICENSE.md" in named.problems[0]
