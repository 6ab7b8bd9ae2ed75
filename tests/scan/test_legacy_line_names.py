"""A legacy inline line item (``name``/``amount``/``currency`` on the line, before
``price_data``) whose name is known only at run time: normalise moves the name to
``price_data.product_data.name``, so RT001 says what that field is (the Dodo product's name,
made once by plan/apply), not "no rule maps this Stripe field (C090)". Shape: a CMS plugin
selling a package of game coins, the line named after the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

PHP = """\
<?php
class Shop {
    public function buy($package) {
        return \\Stripe\\Checkout\\Session::create([
            'payment_method_types' => ['card'],
            'line_items' => [[
                'name' => $package['reward'] . ' Coins',
                'description' => $package['blurb'],
                'amount' => 500,
                'currency' => 'usd',
                'quantity' => 1,
            ]],
            'success_url' => 'https://game.test/ok',
            'cancel_url' => 'https://game.test/back',
        ]);
    }
}
"""

RUBY = """\
def buy(package)
  Stripe::Checkout::Session.create(
    payment_method_types: ["card"],
    line_items: [{ name: "#{package.reward} Coins", description: package.blurb,
                   amount: 500, currency: "usd", quantity: 1 }],
    success_url: "https://game.test/ok",
    cancel_url: "https://game.test/back"
  )
end
"""


def _site(tmp_path: Path, name: str, text: str) -> CallSite:
    (tmp_path / name).write_text(text)
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    return site


@pytest.mark.parametrize(("name", "text"), [("shop.php", PHP), ("shop.rb", RUBY)])
def test_a_run_time_legacy_line_name_is_said_to_be_the_products_name(
    tmp_path: Path, name: str, text: str
) -> None:
    site = _site(tmp_path, name, text)
    lost = {f.path: f.message for f in site.findings if f.code == "RT001"}
    assert set(lost) == {"line_items[0].name", "line_items[0].description"}
    for message in lost.values():
        assert "no rule maps" not in message
        assert "it describes the Dodo product" in message
    assert "L007" in lost["line_items[0].name"]
