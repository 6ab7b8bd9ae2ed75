"""Loading the rule table: every transform a rule names is checked when the table loads, so a
misspelt or misplaced name in mappings/ is a load error, never a surprise in one translation."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from migrate.errors import RuleTableError
from migrate.mapping.table import build_table, read_areas

ROOT = Path(__file__).resolve().parents[2]


def _with(code: str, **changes: Any) -> list[tuple[str, dict[str, Any]]]:
    """The mapping files, with rule ``code`` changed."""
    raw = copy.deepcopy(read_areas())
    for _, doc in raw:
        for rule in doc["rules"]:
            if rule["code"] == code:
                rule.update(changes)
                return raw
    raise AssertionError(f"no rule {code}")


def _code_of(transform: str) -> str:
    return next(
        str(rule["code"])
        for _, doc in read_areas()
        for rule in doc["rules"]
        if rule.get("transform") == transform
    )


def test_the_shipped_table_loads() -> None:
    table = build_table(read_areas())
    assert table.by_code


def test_a_rule_naming_an_unknown_transform_is_a_load_error() -> None:
    code = _code_of("currency")
    with pytest.raises(RuleTableError, match=rf"{code}: unknown transform 'curency'") as err:
        build_table(_with(code, transform="curency"))
    assert "did you mean 'currency'?" in str(err.value)
    assert str(err.value).startswith("mappings/")


def test_a_transform_of_another_subject_is_a_load_error() -> None:
    # percent_off builds a coupon's discount: a checkout rule may not name it
    code = _code_of("currency")
    with pytest.raises(RuleTableError, match=r"unknown transform 'percent_off' for a checkout"):
        build_table(_with(code, transform="percent_off"))


def test_only_a_param_rule_names_a_transform() -> None:
    check = next(
        str(rule["code"])
        for _, doc in read_areas()
        for rule in doc["rules"]
        if rule.get("kind") == "check" and rule.get("subject", "checkout") == "checkout"
    )
    with pytest.raises(RuleTableError, match=rf"{check}: only a param rule names a transform"):
        build_table(_with(check, transform="currency"))


def test_importing_the_table_alone_registers_every_transform() -> None:
    # a process that needs only the table (a renderer) still loads it checked against every
    # transform: importing the package registers them
    code = (
        "from migrate.mapping.table import TRANSFORMS, load_table\n"
        "load_table()\n"
        "print(len(TRANSFORMS.names('checkout')), len(TRANSFORMS.names('coupon')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    checkout, coupon = (int(n) for n in done.stdout.split())
    assert checkout > 20 and coupon > 5
