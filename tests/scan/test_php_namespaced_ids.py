"""A PHP suggestion in a namespaced file reaches the generated id class.

``DodoIds.php`` (``stripe2dodo ledger ids``) declares ``DodoIds`` in the global namespace. The
suggestions called it as ``DodoIds::productId(...)``, which in a file that says ``namespace
App\\Http\\Controllers;`` (every Laravel and Symfony class) is ``App\\Http\\Controllers\\DodoIds``:
"Class not found", on every checkout. They call ``\\DodoIds::...`` now. The test runs the
suggested body with PHP inside a namespace, the class generated as ``ledger ids`` writes it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.codegen import php as php_ids
from migrate.codegen.table import IdTable
from tests.scan.trees import only_site

CONTROLLER = """<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use Stripe\\Checkout\\Session;

class BillingController extends Controller
{
    public function checkout(Request $request)
    {
        $session = Session::create([
            'mode' => 'subscription',
            'customer' => $request->user()->stripe_id,
            'line_items' => [['price' => $request->input('price'), 'quantity' => 1]],
            'success_url' => route('billing'),
        ]);
        return redirect($session->url);
    }
}
"""


def test_a_namespaced_controller_s_suggestion_finds_the_global_id_class(tmp_path: Path) -> None:
    site = only_site(tmp_path / "app", {"app/Http/Controllers/BillingController.php": CONTROLLER})
    suggestion = site.suggestion or ""
    assert "= \\DodoIds::productId($request->input('price'));" in suggestion
    assert "= \\DodoIds::customerId($request->user()->stripe_id);" in suggestion
    assert "DodoIds::" not in suggestion.replace("\\DodoIds::", "")
    if shutil.which("php") is None:
        pytest.skip("php is not installed: the suggestion is not run")
    table = IdTable(
        products=(("price_pro", "pdt_pro"),), customers=(("cus_1", "cus_dodo"),), discounts=()
    )
    (tmp_path / "DodoIds.php").write_text(
        php_ids.render(table, "stripe2dodo ledger ids"), encoding="utf-8"
    )
    body = suggestion.split("$dodoCurl = ", maxsplit=1)[0]
    body = "\n".join(line for line in body.splitlines() if not line.startswith("require_once"))
    script = (
        "<?php\nnamespace App\\Http\\Controllers;\n"
        f"require_once {json.dumps(str(tmp_path / 'DodoIds.php'))};\n"
        "function route($name) { return 'https://shop.example/' . $name; }\n"
        "$request = new class {\n"
        "    public function input($key) { return 'price_pro'; }\n"
        "    public function user() { return (object) ['stripe_id' => 'cus_1']; }\n"
        "};\n" + body + "\necho json_encode($dodoBody);\n"
    )
    (tmp_path / "run.php").write_text(script, encoding="utf-8")
    run = subprocess.run(
        ["php", str(tmp_path / "run.php")], check=False, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr + script
    sent = json.loads(run.stdout)
    assert sent["product_cart"] == [{"product_id": "pdt_pro", "quantity": 1}]
    assert sent["customer"] == {"customer_id": "cus_dodo"}
