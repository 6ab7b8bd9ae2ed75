"""A name bound in a branch whose test reads that same name (``if ($price === 'price_Old') {
$price = 'price_New'; }``, ``cid = make_customer unless cid``): the choice the scan wrote
(``$price === 'price_Old' ? <new product> : <the value from before>``) runs its test where the
name is used, after the branch bound it, so it takes the other arm: a plan on the old price
sold the old product on Dodo while Stripe sold the new one (a silent wrong price), and an
``if (!$cid) { $cid = Customer::create(...)->id; }`` ran the customer creation again inside
the Dodo call (read in a Moodle enrolment plugin's customer set-up). The value is the name as
it is at run time, as Stripe reads it; a customer id kept, else made from an email, is that email
in the Dodo call (X035)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PHP = r"""<?php
function renew($plan, $user) {
    $price = $plan->price_id;
    if ($price === 'price_Old') {
        $price = 'price_New';
    }
    $cid = $user->stripe_id;
    if (!$cid) {
        $cid = \Stripe\Customer::create(['email' => $user->email])->id;
    }
    return \Stripe\Checkout\Session::create([
        'mode' => 'subscription', 'customer' => $cid, 'success_url' => 'https://gym.example/ok',
        'line_items' => [['price' => $price, 'quantity' => 1]],
    ]);
}
"""

RUBY = """\
def renew(plan, user)
  price = plan.price_id
  price = "price_New" if price == "price_Old"
  cid = user.stripe_id
  cid = Stripe::Customer.create(email: user.email).id unless cid
  Stripe::Checkout::Session.create(mode: "subscription", customer: cid,
                                   success_url: "https://gym.example/ok",
                                   line_items: [{ price: price, quantity: 1 }])
end
"""


def test_php_a_self_tested_binding_is_the_name() -> None:
    (site,) = [s for s in scan_source(PHP, "renew.php", BY_NAME["php"]) if s.kind == "create"]
    assert "Customer::create" not in site.suggestion  # never run again in the Dodo call
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    lines = site.suggestion.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line.startswith("$dodoCurl = "))
    program = (
        "<?php\nclass DodoIds {\n"
        "  public static function productId($p) { return 'pdt_for_' . $p; }\n"
        "  public static function customerId($c) { return 'dodo_' . $c; }\n}\n"
        "$plan = (object) ['price_id' => 'price_Old'];\n$price = 'price_New';\n"
        "$user = (object) ['stripe_id' => null, 'email' => 'ann@gym.example'];\n"
        "$cid = 'cus_Made';\n"
        + "\n".join(lines[begin:end])
        + "\necho json_encode([$dodoBody->product_cart[0]->product_id, $dodoBody->customer]);\n"
    )
    ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=True)
    # the customer made from the email when there is none: the email (X035), as Dodo takes it
    assert json.loads(ran.stdout) == ["pdt_for_price_New", {"email": "ann@gym.example"}]


def test_ruby_a_self_tested_binding_is_the_name() -> None:
    (site,) = [s for s in scan_source(RUBY, "renew.rb", BY_NAME["ruby"]) if s.kind == "create"]
    assert "Customer.create" not in site.suggestion
    assert "['product_id'] = DodoIds.product_id(price)" in site.suggestion
    assert "dodo_body['customer'] = (user.email ? {\n  \"email\" => user.email," in site.suggestion
