"""Stripe ids in environment and configuration files (issue 15): which files are read (never a
real ``.env``), the change each value needs (hand-written for samples/code/config/ with
samples/id-map.json), secrets never echoed, and ``scan --fix`` on the environment examples."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path, PurePath

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from migrate.readers.files import walk_files
from migrate.readers.idmap import IdMap
from migrate.scan.config import config_format, dodo_key, dodo_variable, is_config, scan_config

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "code" / "config"
IDS = IdMap.load(str(ROOT / "samples" / "id-map.json"))
SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (".env.example", "dotenv"),
        (".env.sample", "dotenv"),
        (".env.template", "dotenv"),
        (".env.dist", "dotenv"),
        (".env.production.example", "dotenv"),
        ("example.env", "dotenv"),
        (".env", None),
        (".env.local", None),
        (".env.production", None),
        (".env.test", None),
        ("prod.env", None),
        ("docker-compose.yml", "compose"),
        ("docker-compose.prod.yaml", "compose"),
        ("compose.yaml", "compose"),
        ("config/stripe.yml", "yaml"),
        ("config/anything.json", "json"),
        ("settings/app.toml", "toml"),
        ("app/stripe.json", "json"),
        ("appsettings.Development.json", "json"),
        ("application-prod.yml", "yaml"),
        ("package.json", None),
        ("tsconfig.json", None),
        ("samples/id-map.json", None),
        ("config/app.py", None),
    ],
)
def test_which_files_are_read(path: str, fmt: str | None) -> None:
    assert config_format(PurePath(path)) == fmt


def test_the_walk_finds_hidden_examples_but_never_a_real_env(tmp_path: Path) -> None:
    for name in (".env", ".env.local", ".env.example", ".hidden.json"):
        (tmp_path / name).write_text("STRIPE_PRICE=price_1QGoldUsdMonthly\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / ".env.example").write_text("X=price_1\n", encoding="utf-8")
    found = [p.name for p in walk_files(tmp_path, {".py"}, named=is_config)]  # type: ignore[union-attr]
    assert found == [".env.example"]


def test_the_sample_configuration_changes() -> None:
    """Hand-written: what samples/code/config/ must change with samples/id-map.json."""
    code, out, _ = run("scan", str(SAMPLE), "--id-map", str(ROOT / "samples" / "id-map.json"),
                       "--format", "json")  # fmt: skip
    assert code == ExitCode.CLEAN
    changes = [
        (Path(s["file"]).name, s["line"], s["config"]["change"]) for s in json.loads(out)["sites"]
    ]
    assert changes == [
        (".env.example", 6, "STRIPE_PRICE_GOLD_MONTHLY=price_1QGoldUsdMonthly -> "
         "DODO_PRODUCT_GOLD_MONTHLY=pdt_5P1nvecWboyuFTBSknR3a"),
        (".env.example", 7, "STRIPE_PRICE_GOLD_YEARLY=price_1QGoldUsdYearly -> "
         "DODO_PRODUCT_GOLD_YEARLY=pdt_oIdxanrwVgK86HnyjnLog"),
        (".env.example", 8, "STRIPE_COUPON_ID=SUMMER25 -> DODO_DISCOUNT_CODE=SUMMER25"),
        (".env.example", 9, "STRIPE_PRICE_TEAM=price_1QTeamUsdMonthly -> "
         "DODO_PRODUCT_TEAM=(no Dodo id yet)"),
        ("stripe.yml", 4, "stripe.prices.gold_monthly = price_1QGoldUsdMonthly -> "
         "dodo.products.gold_monthly = pdt_5P1nvecWboyuFTBSknR3a"),
        ("stripe.yml", 5, "stripe.prices.gold_yearly = price_1QGoldUsdYearly -> "
         "dodo.products.gold_yearly = pdt_oIdxanrwVgK86HnyjnLog"),
        ("stripe.yml", 6, "stripe.prices.tshirt = price_1QTshirtUsd -> "
         "dodo.products.tshirt = pdt_ZOXhVmZKr18BE48OjJje6"),
        ("stripe.yml", 7, "stripe.legacy_plan = plan_gold_monthly -> "
         "dodo.legacy_product = pdt_wdeU5svM4RMyPQjzVrRSv"),
        ("docker-compose.yml", 6, "STRIPE_PRICE_GOLD_MONTHLY=price_1QGoldUsdMonthly -> "
         "DODO_PRODUCT_GOLD_MONTHLY=pdt_5P1nvecWboyuFTBSknR3a"),
        ("docker-compose.yml", 10, "STRIPE_PROMOTION_CODE=promo_1QBlackFriday2024 -> "
         "DODO_DISCOUNT_CODE=BLACKFRIDAY2024"),
    ]  # fmt: skip
    codes = [f["code"] for s in json.loads(out)["sites"] for f in s["findings"]]
    assert codes.count("CF002") == 1 and codes.count("CF001") == 9


@pytest.mark.parametrize(
    ("name", "kind", "want"),
    [
        ("STRIPE_PRICE_PRO_MONTHLY", "product", "DODO_PRODUCT_PRO_MONTHLY"),
        ("NEXT_PUBLIC_STRIPE_PLAN_ID", "product", "NEXT_PUBLIC_DODO_PRODUCT_ID"),
        ("PRICE_PRO", "product", "DODO_PRODUCT_PRO"),
        ("PRO_MONTHLY", "product", "DODO_PRO_MONTHLY"),
        ("STRIPE_CUSTOMER_ID", "customer", "DODO_CUSTOMER_ID"),
        ("STRIPE_COUPON", "discount", "DODO_DISCOUNT_CODE"),
        ("STRIPE_COUPON_ID", "discount", "DODO_DISCOUNT_CODE"),
        ("STRIPE_PROMO_CODE", "discount", "DODO_DISCOUNT_CODE"),
    ],
)
def test_the_dodo_variable_beside_a_stripe_one(name: str, kind: str, want: str) -> None:
    assert dodo_variable(name, kind) == want  # type: ignore[arg-type]


def test_a_config_key_keeps_its_style() -> None:
    assert dodo_key("stripe.prices.pro", "product") == "dodo.products.pro"
    assert dodo_key("billing.stripePriceId", "product") == "billing.dodoProductId"
    assert dodo_key("stripe-prices[0]", "product") == "dodo-products[0]"
    assert dodo_key("plans.pro.monthly", "discount") == "plans.pro.monthly"  # not its kind


def test_placeholders_and_key_names_are_not_ids() -> None:
    text = (
        "STRIPE_PRICE_PRO=price_xxx\nSTRIPE_PRICE_TEAM=price_your_id_here\n"
        "COUPON_PERCENT=25\nSTRIPE_COUPON_ENABLED=true\nSTRIPE_COUPON=SAVE10\n"
    )
    sites = scan_config(text, ".env.example", "dotenv", IDS)
    assert [s.callee for s in sites] == ["STRIPE_COUPON"]


def test_no_secret_is_ever_echoed() -> None:
    text = (
        f"STRIPE_SECRET_KEY={SECRET}\nSTRIPE_WEBHOOK_SECRET={WHSEC}\n"
        f"STRIPE_PRICE_PRO=price_1QGoldUsdMonthly\nCALLBACK=https://x.test/?price=price_1QTshirtUsd&t={SECRET}\n"
    )
    sites = scan_config(text, ".env.example", "dotenv", IDS)
    assert [s.rule for s in sites] == ["CF003", "CF003", "CF001", "CF003"]
    shown = json.dumps([s.as_dict() for s in sites], ensure_ascii=False)
    shown += "".join(s.source_line for s in sites)
    assert SECRET not in shown and WHSEC not in shown and "sk_live_…" in shown


def test_a_value_with_more_than_ids_is_never_shown_whole() -> None:
    sites = scan_config("BILLING=plan=price_1QTshirtUsd;region=eu\n", ".env.example", "dotenv", IDS)
    assert len(sites) == 1 and "region" not in json.dumps(sites[0].as_dict())
    assert sites[0].config is not None and sites[0].config.value is None


def test_broken_yaml_and_recursive_aliases_are_read_line_by_line(tmp_path: Path) -> None:
    broken = "stripe:\n  price: price_1QTshirtUsd\n   bad: [\n"
    assert [s.line for s in scan_config(broken, "config/a.yml", "yaml", IDS)] == [2]
    recursive = "a: &x\n  b: *x\n  price: price_1QTshirtUsd\n"
    assert [s.callee for s in scan_config(recursive, "config/a.yml", "yaml", IDS)] == ["a.price"]


def _repo(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    app.mkdir()
    example = (
        '# Stripe\r\nexport STRIPE_PRICE_PRO="price_1QGoldUsdMonthly" # pro\r\n'
        f"STRIPE_WEBHOOK_SECRET={WHSEC}\r\nSTRIPE_PRICE_TEAM=price_1QTeamUnknown\r\n"
    )
    (app / ".env.example").write_bytes(example.encode())
    (app / ".env").write_bytes(b"STRIPE_PRICE_PRO=price_1QGoldUsdMonthly\n")
    (app / "docker-compose.yml").write_text(
        "services:\n  web:\n    environment:\n      STRIPE_PRICE_PRO: price_1QGoldUsdMonthly\n",
        encoding="utf-8",
    )
    for cmd in (["init", "-q"], ["add", "-A"], ["-c", "user.email=a@b", "-c", "user.name=n",
                                                "commit", "-qm", "app"]):  # fmt: skip
        subprocess.run(["git", *cmd], cwd=app, check=True)
    return app


def test_fix_adds_the_dodo_line_after_the_stripe_one_in_the_example_only(tmp_path: Path) -> None:
    app = _repo(tmp_path)
    ids = str(ROOT / "samples" / "id-map.json")
    before = {p.name: p.read_bytes() for p in app.iterdir() if p.is_file()}
    code, diff, err = run("scan", str(app), "--id-map", ids, "--diff")
    assert code == ExitCode.CLEAN, err
    assert '+export DODO_PRODUCT_PRO="pdt_5P1nvecWboyuFTBSknR3a"' in diff
    assert WHSEC not in diff and WHSEC not in err
    assert {p.name: p.read_bytes() for p in app.iterdir() if p.is_file()} == before  # --diff
    code, _, err = run("scan", str(app), "--id-map", ids, "--fix")
    assert code == ExitCode.CLEAN, err
    assert (app / ".env.example").read_bytes() == (
        b'# Stripe\r\nexport STRIPE_PRICE_PRO="price_1QGoldUsdMonthly" # pro\r\n'
        b'export DODO_PRODUCT_PRO="pdt_5P1nvecWboyuFTBSknR3a"\r\n'
        + f"STRIPE_WEBHOOK_SECRET={WHSEC}\r\nSTRIPE_PRICE_TEAM=price_1QTeamUnknown\r\n".encode()
    )
    assert (app / ".env").read_bytes() == before[".env"]  # never the real one
    assert (app / "docker-compose.yml").read_bytes() == before["docker-compose.yml"]
    assert "price_1QTeamUnknown has no Dodo id yet" in err and "reported, not rewritten" in err
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=n", "commit", "-qam", "fix"],
                   cwd=app, check=True)  # fmt: skip
    fixed = (app / ".env.example").read_bytes()
    code, _, err = run("scan", str(app), "--id-map", ids, "--fix")  # again: nothing more
    assert code == ExitCode.CLEAN and (app / ".env.example").read_bytes() == fixed
    assert "already sets DODO_PRODUCT_PRO" in err


def test_the_report_has_a_configuration_section_with_counts(tmp_path: Path) -> None:
    ids = str(ROOT / "samples" / "id-map.json")
    code, out, _ = run("report", str(SAMPLE), "--id-map", ids, "--format", "json")
    doc = json.loads(out)
    assert code == ExitCode.CLEAN
    assert doc["summary"]["counts"]["configuration"] == {
        "clean": 0, "changes": 10, "decision": 0, "blocked": 0
    }  # fmt: skip
    assert [c["key"] for c in doc["config"]][:2] == [
        "STRIPE_PRICE_GOLD_MONTHLY",
        "STRIPE_PRICE_GOLD_YEARLY",
    ]
    for fmt, marker in (("text", "Configuration: 10 values"), ("markdown", "### Configuration"),
                        ("html", 'id="section-config"')):  # fmt: skip
        code, out, _ = run("report", str(SAMPLE), "--id-map", ids, "--format", fmt)
        assert marker in out and "DODO_DISCOUNT_CODE=SUMMER25" in out
