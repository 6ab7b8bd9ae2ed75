"""A wrapper whose params read a constant of its own module (``PRICES = {"pro": "price_pro"}``,
``"price": PRICES[plan]``; TypeScript's ``export const``; a PHP class ``const`` read as
``self::PRICES[$plan]``), called from another file: the call's Dodo call names no constant the
caller does not have (review: its suggestion said ``PRICES[plan]``, a ``NameError`` there, and
PHP's ``self::PRICES`` the caller's own class). A key the call passes as a literal is looked up
(the price id, which the id map then maps); any other read is the constant's literal written in
its place (``migrate/scan/wrapper_constants.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

PY = {
    "billing.py": """\
import stripe

PRICES = {"pro": "price_pro", "team": "price_team"}


def checkout(plan):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": PRICES[plan], "quantity": 1}],
        success_url="https://x.test/ok",
    )
""",
    "views.py": """\
from billing import checkout


def pro():
    return checkout("pro")


def chosen(plan):
    return checkout(plan)
""",
}
TS = {
    "billing.ts": """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export const PRICES: Record<string, string> = { pro: "price_pro", team: "price_team" };
export async function checkout(plan: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: PRICES[plan], quantity: 1 }],
    success_url: "https://x.test/ok",
  });
}
""",
    "views.ts": """\
import { checkout } from "./billing";
export const pro = () => checkout("pro");
export const chosen = (plan: string) => checkout(plan);
""",
}
PHP = {
    "Billing.php": """\
<?php
namespace App;

class Billing {
    private const PRICES = ['pro' => 'price_pro', 'team' => 'price_team'];

    public static function checkout($plan) {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'line_items' => [['price' => self::PRICES[$plan], 'quantity' => 1]],
            'success_url' => 'https://x.test/ok',
        ]);
    }
}
""",
    "Views.php": """\
<?php
namespace App;

class Views {
    public function pro() { return Billing::checkout('pro'); }
    public function chosen($plan) { return Billing::checkout($plan); }
}
""",
}
CASES = {
    "python": (PY, "PRICES[", '({"pro": "price_pro", "team": "price_team"})[plan]'),
    "typescript": (
        TS,
        "PRICES[",
        '({"pro": "price_pro", "team": "price_team"} as Record<string, string>)[plan]',
    ),
    "php": (PHP, "self::PRICES", "(['pro' => 'price_pro', 'team' => 'price_team'])[$plan]"),
}


def _calls(root: Path, files: dict[str, str]) -> tuple[CallSite, CallSite]:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create" and s.via]
    assert stats.problems == []
    pro, chosen = sorted(sites, key=lambda s: s.line)
    return pro, chosen


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_constant_of_the_wrappers_module_is_its_value_at_the_call(
    tmp_path: Path, language: str
) -> None:
    files, name, written = CASES[language]
    pro, chosen = _calls(tmp_path, files)
    assert pro.params["line_items"] == [{"price": "price_pro", "quantity": 1}]
    assert pro.dynamic == ()
    assert name not in pro.suggestion
    assert chosen.params["line_items"][0]["price"] == {"$dynamic": written}
    assert name not in chosen.suggestion
    assert written in chosen.suggestion


def test_a_module_value_changed_in_its_file_is_not_a_constant(tmp_path: Path) -> None:
    """``PRICES["team"] = ...`` somewhere in the wrapper's module: its literal is not what the
    call reads, and the caller has no ``PRICES`` (or one of its own): the call names
    ``TODO_PRICES`` (``X021``), as a module variable of the wrapper's it cannot see
    (``migrate/scan/module_vars.py``)."""
    files = dict(PY)
    files["billing.py"] += '\n\ndef promote():\n    PRICES["team"] = "price_team_2025"\n'
    pro, chosen = _calls(tmp_path, files)
    assert pro.params["line_items"][0]["price"] == {"$dynamic": 'TODO_PRICES["pro"]'}
    assert chosen.params["line_items"][0]["price"] == {"$dynamic": "TODO_PRICES[plan]"}
    for call in (pro, chosen):
        assert [f.path for f in call.findings if f.code == "X021"] == ["line_items[0].price"]


def test_a_number_written_with_digit_separators_is_a_constant_and_no_scan_dies_of_it(
    tmp_path: Path,
) -> None:
    """`const MAX_SEATS = 5_000` beside a wrapper stopped the whole scan of a real monorepo
    (formbricks): "internal error: TypeError: Object of type object is not JSON serializable".
    The number was no literal the reader knew, and the constant's value became the reader's
    not-a-literal marker. `5_000` is 5000 now (digit separators: JS/TS, Python, Ruby, PHP,
    Java, Kotlin, C#, Go), and a value that is no literal is left as written."""
    (tmp_path / "billing.ts").write_text(
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.K!);\n'
        "const MAX_SEATS = 5_000;\nconst HEX = 0x1f;\n"
        "export async function team(priceId: string) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'subscription',"
        " success_url: 'https://x.example', metadata: { flags: HEX },"
        " line_items: [{ price: priceId, quantity: MAX_SEATS }] });\n}\n"
    )
    (tmp_path / "page.ts").write_text(
        'import { team } from "./billing";\nexport const go = () => team("price_1Team");\n'
    )
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"]
    caller = next(s for s in sites if s.file.endswith("page.ts"))
    assert "quantity: 5000," in caller.suggestion
    assert 'flags: "31",' in caller.suggestion  # 0x1f, read as the metadata text
    assert stats.problems == []
