"""``ledger ids`` and ``plan --id-map-out`` write the id map as a module the application
imports: the language from ``--format`` or the file's name, placeholders refused, a file
stripe2dodo did not generate never replaced, the header naming the command that rewrote it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from tests.readers.test_idmap import PRICED, applied_ledger

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = str(ROOT / "samples" / "snapshot.jsonl")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ledger_ids_writes_a_python_module_the_application_imports(tmp_path: Path) -> None:
    ledger = applied_ledger(tmp_path / "plan.ledger.sqlite")
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps({k: v for k, v in PRICED.items() if k != "price_1Later"}))
    out = tmp_path / "app" / "dodo_ids.py"
    out.parent.mkdir()
    code, _, err = run("ledger", "ids", ledger, "--merge", str(ids), "-o", str(out))
    assert code == ExitCode.CLEAN, err
    text = out.read_text(encoding="utf-8")
    assert f"#   stripe2dodo ledger ids {ledger} --merge {ids} -o {out}\n" in text
    check = (
        "import dodo_ids as d\n"
        "print(d.dodo_product_id('price_1Gold'), d.dodo_customer_id('cus_Second'),"
        " d.dodo_discount_code('SAVE'))\n"
        "try:\n    d.dodo_product_id('price_1Later')\nexcept d.UnknownStripeId as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=out.parent, capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "pdt_RealGold cus_RealFirst SAVE"  # the ledger's real ids
    assert '"price_1Later"' in lines[1] and "rerun `stripe2dodo ledger ids" in lines[1]


def test_ledger_ids_refuses_placeholders_in_a_module_unless_allowed(tmp_path: Path) -> None:
    ledger = applied_ledger(tmp_path / "plan.ledger.sqlite")
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps(PRICED))
    out = tmp_path / "dodo-ids.ts"
    code, _, err = run("ledger", "ids", ledger, "--merge", str(ids), "-o", str(out))
    assert code == ExitCode.INPUT
    assert "placeholder" in err and "price_1Later" in err and err.count("\n") == 1
    assert not out.exists()  # nothing half-written
    argv = ("ledger", "ids", ledger, "--merge", str(ids), "-o", str(out), "--allow-placeholders")
    code, _, err = run(*argv)
    assert code == ExitCode.CLEAN, err
    text = out.read_text(encoding="utf-8")
    assert "NOT FOR PRODUCTION" in text and '["price_1Later", "s2d_pdt_later"]' in text
    assert "--allow-placeholders -o" in text  # the header regenerates it the same way


def test_a_module_is_replaced_only_when_stripe2dodo_generated_it(tmp_path: Path) -> None:
    ledger = applied_ledger(tmp_path / "plan.ledger.sqlite")
    theirs = tmp_path / "dodo_ids.rb"
    theirs.write_text("# the application's own file\nputs 1\n", encoding="utf-8")
    code, _, err = run("ledger", "ids", ledger, "-o", str(theirs))
    assert code == ExitCode.INPUT and "did not generate it" in err
    assert theirs.read_text(encoding="utf-8") == "# the application's own file\nputs 1\n"
    ours = tmp_path / "dodo-ids.cjs"
    assert run("ledger", "ids", ledger, "-o", str(ours))[0] == ExitCode.CLEAN
    first = ours.read_text(encoding="utf-8")
    assert run("ledger", "ids", ledger, "-o", str(ours))[0] == ExitCode.CLEAN  # again: same
    assert ours.read_text(encoding="utf-8") == first


def test_format_chooses_the_language_and_an_unknown_suffix_is_one_line(tmp_path: Path) -> None:
    ledger = applied_ledger(tmp_path / "plan.ledger.sqlite")
    code, out, _ = run("ledger", "ids", ledger, "--format", "go")
    assert code == ExitCode.CLEAN and "package dodoids" in out
    assert "--format go -o -" in out
    code, out, _ = run("ledger", "ids", ledger)
    assert code == ExitCode.CLEAN and json.loads(out)["cus_First"] == "cus_RealFirst"
    code, _, err = run("ledger", "ids", ledger, "-o", str(tmp_path / "ids.txt"))
    assert code == ExitCode.INPUT and "which language" in err and err.count("\n") == 1
    code, _, err = run("ledger", "ids", ledger, "-o", str(tmp_path / "Ids.java"))
    assert code == ExitCode.INPUT and "DodoIds.java" in err


def test_plan_id_map_out_as_a_module_refuses_the_plans_placeholders(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    out = tmp_path / "dodo_ids.py"
    base = ("plan", "--snapshot", SNAPSHOT, "--tax-category", "saas", "-o", str(plan))
    code, _, err = run(*base, "--id-map-out", str(out))
    assert code == ExitCode.INPUT and "placeholder" in err and "ledger ids" in err
    assert plan.exists() and not out.exists()  # the plan is written, the module is not
    code, _, err = run(*base, "--id-map-out", str(out), "--allow-placeholders")
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    text = out.read_text(encoding="utf-8")
    assert "NOT FOR PRODUCTION" in text and "def dodo_product_id(" in text
    assert f"--id-map-out {out} --allow-placeholders" in text
    code, _, err = run(*base, "--id-map-out", str(tmp_path / "ids.yaml"))
    assert code == ExitCode.INPUT and "which language" in err
