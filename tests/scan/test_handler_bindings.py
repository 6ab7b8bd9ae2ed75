"""A binding made in a ``catch`` (PHP) or a ``rescue`` (Ruby) holds only when what it guards
throws. Read as one that always runs in the branch around it (``if ($row) { try {
Customer::retrieve($cid); } catch (...) { $cid = null; } }``), the saved customer was dropped
from every Dodo call where it exists: the choice written was ``($row ? null : ...)`` (read in a
Moodle enrolment plugin, there under ``if ($cid)``)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

ENROL = r"""<?php
function enrol($row, $email) {
    $cid = $row ? $row->stripe_id : null;
    if ($row) {
        try {
            \Stripe\Customer::retrieve($cid);
        } catch (\Stripe\Exception\InvalidRequestException $e) {
            $cid = null;
        }
    }
    return \Stripe\Checkout\Session::create([
        'customer' => $cid, 'mode' => 'payment', 'success_url' => 'https://school.example/ok',
        'line_items' => [['price' => 'price_Course', 'quantity' => 1]],
    ]);
}
"""


def test_a_catch_binding_is_not_the_branch_s_value() -> None:
    (site,) = [s for s in scan_source(ENROL, "enrol.php", BY_NAME["php"]) if s.kind == "create"]
    lines = site.suggestion.splitlines()
    assert not any("($row ? null" in line for line in lines)
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    begin = next(i for i, line in enumerate(lines) if line.startswith("$dodoBody = json_decode"))
    end = next(i for i, line in enumerate(lines) if line.startswith("$dodoCurl = "))
    program = (
        "<?php\nclass DodoIds {\n"
        "  public static function productId($p) { return 'pdt_' . $p; }\n"
        "  public static function customerId($c) { return 'dodo_' . $c; }\n}\n"
        "$row = (object) ['stripe_id' => 'cus_Saved'];\n$cid = 'cus_Saved';\n"
        + "\n".join(lines[begin:end])
        + "\necho json_encode($dodoBody->customer);\n"
    )
    ran = subprocess.run(["php"], input=program, capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout) == {"customer_id": "dodo_cus_Saved"}


RESCUE = """\
def enrol(row, email)
  cid = row ? row.stripe_id : nil
  if row
    begin
      Stripe::Customer.retrieve(cid)
    rescue Stripe::InvalidRequestError
      cid = nil
    end
  end
  Stripe::Checkout::Session.create(customer: cid, mode: "payment",
                                   success_url: "https://school.example/ok",
                                   line_items: [{ price: "price_Course", quantity: 1 }])
end
"""


def test_a_rescue_binding_is_not_the_branch_s_value() -> None:
    (site,) = [s for s in scan_source(RESCUE, "enrol.rb", BY_NAME["ruby"]) if s.kind == "create"]
    text = " ".join(site.suggestion.split())
    assert "(row ? nil" not in text
    assert '(row ? { "customer_id" => DodoIds.customer_id(cid), }' in text
