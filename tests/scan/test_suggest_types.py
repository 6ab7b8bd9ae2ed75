"""The Python calls a scan suggests type-check against the official ``dodopayments`` SDK with
mypy --strict: every suggested call for the Python samples, and calls whose values are known only
at run time (issue 12, item 1). A run-time value's free names are declared with the type the
translator gave the value (``int`` for an amount); a required value the Stripe call does not give
(``TODO_product_price``) is a name defined nowhere, and mypy must flag exactly those lines, so such
code cannot compile silently; the id-map look-up (``dodo_product_id``) is imported from the module
``stripe2dodo`` generates, stubbed here with its signature."""

from __future__ import annotations

import ast
import builtins
import re
import textwrap
from pathlib import Path

import pytest

from migrate.mapping.expr import Expr, exprs_in
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[2]

RUN_TIME = {
    "charge": "stripe.PaymentIntent.create(amount=cents, currency=currency, customer='cus_1',"
    " off_session=True, confirm=True, description=note, metadata=tags)",
    "charge-literal-currency": "stripe.Charge.create(amount=cents, currency='usd',"
    " customer=customer_id, metadata={'order': order_id})",
    "charge-and-save": "stripe.PaymentIntent.create(amount=cents, currency=currency,"
    " customer=customer_id, setup_future_usage='off_session', description=note)",
    "one-time": "stripe.PaymentIntent.create(amount=cents, currency='eur')",
    "upsell": "stripe.PaymentIntent.create(amount=cents, currency='usd', customer=customer_id,"
    " payment_method=pm, confirm=True)",
    "price-data": "stripe.checkout.Session.create(mode='payment', success_url='https://x.example',"
    " line_items=[{'price_data': {'currency': 'usd', 'unit_amount': cents,"
    " 'product_data': {'name': 'Print'}}, 'quantity': 2}])",
    "run-time-price": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': order.price_id, 'quantity': 1}])",
    "no-amount": "stripe.PaymentIntent.create(**params, off_session=True, customer='cus_1')",
    "run-time-currency": "stripe.PaymentIntent.create(amount=500, currency=currency)",
}
PLACEHOLDER = re.compile(r"\bTODO_[a-z_]+\b")
TYPES = {"int": "int", "str": "str", "metadata": "dict[str, str]"}
KNOWN = {"client", *dir(builtins)}


def _sites() -> list[CallSite]:
    sites = [
        s
        for s in scan_paths([str(ROOT / "samples" / "code" / "python")])
        if s.kind == "create" and s.translation is not None
    ]
    for name, call in RUN_TIME.items():
        code = f"import stripe\n\n\ndef {name.replace('-', '_')}():\n    return {call}\n"
        sites += [s for s in scan_source(code, f"{name}.py", BY_NAME["python"])]
    return sites


def _parameters(site: CallSite, code: str) -> list[str]:
    """The free names of the suggestion, each typed as the translator typed its value."""
    assert site.translation is not None
    typed: dict[str, str] = {}
    for expr in exprs_in([site.translation.dodo, site.translation.fallback]):
        if isinstance(expr, Expr) and expr.source.isidentifier() and expr.type:
            typed[expr.source] = TYPES[expr.type]
    tree = ast.parse(code)
    bound = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Import)
        for alias in node.names
    }
    free = (
        {
            node.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        }
        - bound
        - KNOWN
    )
    names = sorted(n for n in free if not PLACEHOLDER.match(n + "(") and not n.startswith("TODO_"))
    return [f"{n}: {typed.get(n, 'Any')}" for n in names]


@pytest.mark.slow
def test_python_suggestions_type_check_against_the_sdk(tmp_path: Path) -> None:
    sites = _sites()
    assert len(sites) >= 15
    lines = [
        "from typing import Any",
        "",
        "from dodopayments import DodoPayments",
        "",
        'client = DodoPayments(bearer_token="test", environment="test_mode")',
        "",
    ]
    expected: set[int] = set()
    where: dict[int, str] = {}
    for n, site in enumerate(sites):
        code = site.suggestion
        lines += ["", f"def site_{n}({', '.join(_parameters(site, code))}) -> None:"]
        for text in textwrap.indent(code, "    ").splitlines():
            lines.append(text)
            where[len(lines)] = site.label()
            if PLACEHOLDER.search(text) and not text.lstrip().startswith("#"):
                expected.add(len(lines))
    module = tmp_path / "suggested.py"
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "dodo_ids.pyi").write_text(  # the id-map look-ups, as issue 15 generates them
        "def dodo_product_id(x: object) -> str: ...\n", encoding="utf-8"
    )
    out, err, _ = mypy_api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(module)]
    )
    assert not err, err
    errors: dict[int, list[str]] = {}
    for line in out.splitlines():
        m = re.match(rf"{re.escape(str(module))}:(\d+): error: (.*)", line)
        if m:
            errors.setdefault(int(m[1]), []).append(m[2])
    unexpected = {where.get(k, "?"): v for k, v in errors.items() if k not in expected}
    assert unexpected == {}, "\n".join(lines)
    # each placeholder is flagged: it is defined nowhere, so the code cannot run silently
    assert expected and set(errors) == expected
    assert all("[name-defined]" in e for k in expected for e in errors[k])
