"""docs/ and the README stay true: the mapping reference is the table's, every link and path
resolves, every documented command line is one the CLI accepts, and the CI and pre-commit
snippets are complete."""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

import migrate
from migrate.formats.reference import END, START, render_reference
from migrate.mapping.table import load_table
from tests.doc_commands import (
    DOC_FILES,
    ROOT,
    blocks,
    check_command_line,
    cli_lacks,
    invocations,
    marked_block,
    only_pending,
    shell_lines,
)

RULES = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"
REGENERATE = "UPDATE_DOCS=1 python -m pytest tests/test_docs.py -k mapping_reference"


# -- the mapping reference (moved from the README) ----------------------------------------------


def test_mapping_reference_matches_the_table() -> None:
    want = render_reference(load_table())
    text = RULES.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    if os.environ.get("UPDATE_DOCS") == "1":
        RULES.write_text(text[:start] + want + text[end + 1 :], encoding="utf-8")
        text = RULES.read_text(encoding="utf-8")
        start, end = text.index(START), text.index(END) + len(END)
    assert text[start:end] + "\n" == want, (
        f"docs/rules.md drifted from mappings/: regenerate it with `{REGENERATE}`"
    )


def test_every_rule_code_is_documented() -> None:
    text = RULES.read_text(encoding="utf-8")
    for rule in load_table():
        assert f"| {rule.code} |" in text, f"{rule.code} is not in docs/rules.md: `{REGENERATE}`"


# -- the README is for a newcomer ---------------------------------------------------------------


def test_the_readme_stays_short() -> None:
    size = len(README.read_bytes())
    assert size <= 25 * 1024, f"README.md is {size} bytes: move reference material to docs/"


def test_the_readme_links_every_docs_page() -> None:
    readme = README.read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, f"README.md does not link docs/{page.name}"


# -- links, anchors and paths resolve -----------------------------------------------------------

_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.M)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    kept = []
    for char in text:
        if char in " -_" or unicodedata.category(char)[0] in "LN":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


def _outside_fences(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def _anchors(path: Path) -> set[str]:
    return {_slug(h) for h in _HEADING.findall(_outside_fences(path.read_text(encoding="utf-8")))}


def _links() -> list[tuple[str, str]]:
    out = []
    for doc in DOC_FILES:
        for target in _LINK.findall(_outside_fences(doc.read_text(encoding="utf-8"))):
            if not re.match(r"[a-z]+:", target):
                out.append((str(doc.relative_to(ROOT)), target))
    return out


def test_the_link_check_sees_the_links() -> None:
    links = _links()
    assert ("README.md", "docs/rules.md") in links
    assert ("docs/scan.md", "calls-around-checkout.md") in links
    assert _slug("Job 2: create the Dodo objects") == "job-2-create-the-dodo-objects"
    assert _slug("Batch-creating checkout sessions: `sessions create`") == (
        "batch-creating-checkout-sessions-sessions-create"
    )


@pytest.mark.parametrize(("doc", "target"), _links())
def test_every_link_resolves(doc: str, target: str) -> None:
    file, _, anchor = target.partition("#")
    path = (ROOT / doc).parent / file if file else ROOT / doc
    assert path.exists(), f"{doc}: {target}: no such file"
    if anchor:
        assert anchor in _anchors(path), f"{doc}: {target}: no such heading in {file or doc}"


_PATH = re.compile(r"`((?:migrate|mappings|schemas|bench|samples|tests|docs)/[^`\s]*)`")


def _named_paths() -> list[tuple[str, str]]:
    out = set()
    for doc in DOC_FILES:
        for name in _PATH.findall(doc.read_text(encoding="utf-8")):
            out.add((str(doc.relative_to(ROOT)), name.rstrip(".,:;")))
    return sorted(out)


@pytest.mark.parametrize(("doc", "name"), _named_paths())
def test_every_path_the_docs_name_exists(doc: str, name: str) -> None:
    assert any(ROOT.glob(name)) or (ROOT / name).exists(), f"{doc} names {name}: it is not there"


def test_the_architecture_page_names_every_package() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.name for p in (ROOT / "migrate").glob("*/__init__.py"))
    assert "readers" in packages and "mapping" in packages
    for package in packages:
        assert f"`migrate/{package}/`" in page, f"docs/architecture.md: migrate/{package}/?"


# -- every command line the docs show is one the CLI accepts ------------------------------------


def _doc_command_lines() -> list[Any]:
    params = []
    for doc in DOC_FILES:
        for block in blocks(doc):
            scripts = [block.text] if block.lang == "sh" else []
            if block.lang == "yaml" and "jobs:" in block.text:
                scripts = [s.get("run", "") for s in _steps(yaml.safe_load(block.text))]
            for script in scripts:
                for index, line in shell_lines(script):
                    for args in invocations(line):
                        where = f"{doc.relative_to(ROOT)}:{block.line + index}"
                        params.append(pytest.param(args, id=f"{where}:{' '.join(args[:2])}"))
    return params


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_the_command_line_check_finds_mistakes() -> None:
    assert check_command_line(["report", "samples/", "--format", "html", "-o", "x"]) == []
    assert check_command_line(["plan", "show", "plan.json", "--format", "json"]) == []
    assert check_command_line(["--traceback", "translate", "-", "-v"]) == []
    assert check_command_line(["report", ".", "--formt", "html"]) == [
        "stripe2dodo report: no option --formt"
    ]
    assert check_command_line(["translate", ".", "--format", "html"]) == [
        "stripe2dodo translate: --format has no choice 'html'"
    ]
    assert check_command_line(["ledger", "list"]) == ["stripe2dodo ledger: no command 'list'"]
    assert invocations("cat p.json | stripe2dodo translate - > out.txt   # stdin") == [
        ["translate", "-"]
    ]
    assert invocations('stripe2dodo report . -o "$RUNNER_TEMP/r.json" || [ $? -eq 1 ]') == [
        ["report", ".", "-o", "$RUNNER_TEMP/r.json"]
    ]
    assert len(_doc_command_lines()) > 50
    assert only_pending(["stripe2dodo report: no option --baseline"]) == cli_lacks(
        ("report", "--baseline")
    )
    assert not only_pending(["stripe2dodo report: no option --formt"])
    assert not only_pending(["stripe2dodo translate: --format has no choice 'html'"])


@pytest.mark.parametrize("args", _doc_command_lines())
def test_every_documented_command_line_parses(args: list[str]) -> None:
    problems = check_command_line(args)
    if only_pending(problems):
        pytest.xfail(f"waits for the CLI conventions of issue 13: {problems}")
    assert problems == []


def test_the_pre_commit_hooks_run_commands_the_cli_accepts() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {
        "stripe2dodo-scan",
        "stripe2dodo-translate",
        "stripe2dodo-report",
    }
    for hook in hooks:
        (args,) = invocations(hook["entry"])
        if hook.get("pass_filenames", True):
            args = [*args, "app.py", "payload.json"]  # pre-commit appends the staged files
        assert check_command_line(args) == [], hook["id"]


# -- the CI snippet -----------------------------------------------------------------------------


def _workflow() -> dict[str, Any]:
    block = marked_block(README, "ci-workflow")
    assert block.text.startswith("# .github/workflows/")
    workflow: dict[str, Any] = yaml.safe_load(block.text)
    return workflow


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in _steps(workflow) if "run" in step]


def test_the_ci_snippet_may_upload_sarif_and_nothing_more() -> None:
    workflow = _workflow()
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on == "pull_request"
    assert workflow["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }


def test_the_ci_snippet_installs_the_release_the_docs_describe() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert migrate.__version__ == version
    installs = [r for r in _runs(_workflow()) if r.startswith("pip install")]
    assert installs == [
        f'pip install "stripe2dodo @ git+https://github.com/stripe2dodo/stripe2dodo@v{version}"'
    ]
    config = yaml.safe_load(marked_block(README, "pre-commit-config").text)
    (repo,) = config["repos"]
    assert repo["rev"] == f"v{version}"
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {h["id"] for h in repo["hooks"]} <= hooks


def test_the_ci_snippet_uploads_the_report_and_the_sarif() -> None:
    workflow = _workflow()
    steps = _steps(workflow)
    runs = "\n".join(_runs(workflow))
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    out = "$RUNNER_TEMP/stripe2dodo"
    for written in ("report.html", "report.json", "scan.sarif"):
        assert f'-o "{out}/{written}"' in runs, written
    artifact = uses["actions/upload-artifact"]
    assert artifact["with"]["path"] == "${{ runner.temp }}/stripe2dodo/"
    assert artifact["if"] == "always()"
    sarif = uses["github/codeql-action/upload-sarif"]
    assert sarif["with"]["sarif_file"] == "${{ runner.temp }}/stripe2dodo/scan.sarif"
    assert sarif["if"].startswith("always()")
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in runs


def test_the_ci_snippet_keeps_the_scan_cache_where_the_scan_looks_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrate.mapping.table import cache_dir

    monkeypatch.delenv("STRIPE2DODO_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    steps = _steps(_workflow())
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert Path(cache["with"]["path"]).expanduser() == cache_dir()
    assert cache["with"]["restore-keys"] == "stripe2dodo-"
    assert (
        cache["with"]["key"].startswith("stripe2dodo-")
        and "${{ github.run_id }}" in (cache["with"]["key"])
    )
    first_scan = next(n for n, s in enumerate(steps) if "stripe2dodo scan" in s.get("run", ""))
    assert steps.index(cache) < first_scan


def test_the_ci_gate_fails_only_on_what_the_change_adds() -> None:
    workflow = _workflow()
    steps = _steps(workflow)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2  # HEAD^1 is there
    runs = _runs(workflow)
    baseline = next(r for r in runs if "worktree add" in r)
    assert 'git worktree add --detach "$RUNNER_TEMP/base" HEAD^1' in baseline
    assert '--format json -o "$RUNNER_TEMP/base-report.json"' in baseline
    gate = steps[-1]
    assert "if" not in gate  # runs only when the steps before it succeeded
    assert gate["run"] == 'stripe2dodo report . --baseline "$RUNNER_TEMP/base-report.json"'
    # the report steps before the gate never fail on findings, only on unreadable input
    for run in runs[:-1]:
        for index, line in shell_lines(run):
            if invocations(line) and "--format github" not in line:
                assert line.endswith("|| [ $? -eq 1 ]"), (index, line)


def _annotation_step() -> str:
    (run,) = [r for r in _runs(_workflow()) if "--format github" in r]
    return run


def test_the_ci_annotations_are_the_new_findings_capped_at_what_github_shows() -> None:
    """GitHub shows 10 error and 10 warning annotations a step (actions/toolkit,
    docs/problem-matchers.md): the snippet annotates against the base branch's scan and leaves
    the cap (``--max-annotations``, 10 by default: tests/formats/test_github.py) as it is."""
    run = _annotation_step()
    assert '--baseline "$RUNNER_TEMP/base-scan.json"' in run
    assert "--max-annotations" not in run or "--max-annotations 10" in run
    assert run.rstrip().endswith("|| [ $? -eq 1 ]")


def test_every_bench_script_has_its_place_in_the_benchmarks_page() -> None:
    page = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    scripts = sorted((ROOT / "bench").glob("*_bench.py"))
    assert len(scripts) == 5
    for script in scripts:
        names = re.findall(r"<!-- ([\w-]+):start -->", script.read_text(encoding="utf-8"))
        assert names, f"{script.name} does not say where its tables go"
        for name in names:
            start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
            assert page.count(start) == page.count(end) == 1, f"docs/benchmarks.md: {name}"
            assert page.index(start) < page.index(end)
