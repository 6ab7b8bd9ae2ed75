"""Line items a model method builds, called on an instance the view holds (a Django/Flask shop's
``line_items=order.to_stripe_line_items()``, the method in models.py). The method was never read:
such a list was run-time line items built with inline prices, blocked (RT015), although the
method says each amount in terms of the order. It is read now, with ``self`` bound to the
view's object, when the object's class is known where the view binds it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.trees import write_tree

MODELS = """from django.db import models


class Order(models.Model):
    title = models.CharField(max_length=100)
    total_cents = models.IntegerField()

    def to_stripe_line_items(self):
        return [{
            "price_data": {
                "currency": "eur",
                "product_data": {"name": self.title},
                "unit_amount": self.total_cents,
            },
            "quantity": 1,
        }]

    def price_lines(self):
        lines = []
        for line in self.lines.select_related("product"):
            lines.append({"price": line.product.stripe_price_id, "quantity": line.quantity})
        return lines

    def paid_lines(self):
        self.save()
        return [{"price": self.price_id, "quantity": 1}]

    @staticmethod
    def static_lines():
        return [{"price": "price_1Static", "quantity": 1}]
"""

VIEWS = """import stripe
from django.shortcuts import get_object_or_404, redirect

from .models import Order


def pay(request, pk):
    order = get_object_or_404(Order, pk=pk)
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=order.to_stripe_line_items(),
        success_url="https://shop.example/ok",
    )
    return redirect(session.url)
"""


def _sites(folder: Path, name: str) -> list[CallSite]:
    return [s for s in scan_paths([str(folder)]) if s.kind == "create" and s.file.endswith(name)]


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_model_method_of_another_file_gives_each_amount(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"shop/models.py": MODELS, "shop/views.py": VIEWS})
    (site,) = _sites(folder, "views.py")
    assert "RT015" not in _codes(site) and "RT003" not in _codes(site)
    assert site.status != "blocked"
    text = site.suggestion or ""
    assert '"amount": order.total_cents,' in text
    assert "self" not in text and "to_stripe_line_items" not in text
    assert site.translation is not None
    (product,) = [r for r in site.translation.requires if r.get("kind") == "product"]
    assert product["product"]["price"]["currency"] == "EUR"


@pytest.mark.parametrize(
    "binding",
    [
        "order = Order.objects.get(pk=pk)",
        "order = Order.objects.select_related('user').filter(pk=pk).first()",
        "order = Order.query.get_or_404(pk)",
        "order = db.session.get(Order, pk)",
        "order = Order(title='Gift card', total_cents=pk)",
    ],
)
def test_the_class_is_known_from_where_the_view_binds_the_object(
    tmp_path: Path, binding: str
) -> None:
    views = VIEWS.replace("order = get_object_or_404(Order, pk=pk)", binding)
    folder = write_tree(tmp_path, {"shop/models.py": MODELS, "shop/views.py": views})
    (site,) = _sites(folder, "views.py")
    assert '"amount": order.total_cents,' in (site.suggestion or "")
    assert "RT015" not in _codes(site)


def test_an_annotated_parameter_and_a_loop_in_the_method(tmp_path: Path) -> None:
    views = (
        "import stripe\n\nfrom .models import Order\n\n\n"
        "def pay(order: Order):\n"
        "    return stripe.checkout.Session.create(\n"
        '        mode="payment",\n'
        "        line_items=order.price_lines(),\n"
        '        success_url="https://shop.example/ok",\n'
        "    )\n"
    )
    folder = write_tree(tmp_path, {"shop/models.py": MODELS, "shop/views.py": views})
    (site,) = _sites(folder, "views.py")
    text = site.suggestion or ""
    assert '"product_id": dodo_product_id(line.product.stripe_price_id),' in text
    assert '"quantity": line.quantity,' in text
    assert 'for line in order.lines.select_related("product")' in text


@pytest.mark.parametrize(
    ("binding", "call"),
    [
        ("orders = Order.objects.filter(pk=pk)", "orders.to_stripe_line_items()"),  # rows
        ("order, _ = Order.objects.get_or_create(pk=pk)", "order.to_stripe_line_items()"),
        ("order = get_object_or_404(Order, pk=pk)", "order.paid_lines()"),  # it saves too
        ("order = get_object_or_404(Order, pk=pk)", "order.static_lines()"),
    ],
)
def test_what_is_not_one_instance_or_not_a_plain_method_stays_a_run_time_list(
    tmp_path: Path, binding: str, call: str
) -> None:
    views = VIEWS.replace("order = get_object_or_404(Order, pk=pk)", binding).replace(
        "order.to_stripe_line_items()", call
    )
    folder = write_tree(tmp_path, {"shop/models.py": MODELS, "shop/views.py": views})
    (site,) = _sites(folder, "views.py")
    assert "RT003" in _codes(site)
    assert call in (site.suggestion or "")


def test_a_method_reading_a_name_of_its_own_module_is_not_followed(tmp_path: Path) -> None:
    models = "from django.conf import settings\n" + MODELS.replace(
        '"currency": "eur"', '"currency": settings.SHOP_CURRENCY'
    )
    folder = write_tree(tmp_path, {"shop/models.py": models, "shop/views.py": VIEWS})
    (site,) = _sites(folder, "views.py")
    assert "RT015" in _codes(site)
    assert "SHOP_CURRENCY" not in (site.suggestion or "")


def test_the_rewritten_view_type_checks_with_mypy(tmp_path: Path) -> None:
    mypy_api = pytest.importorskip("mypy.api")
    folder = write_tree(tmp_path / "app", {"shop/models.py": MODELS, "shop/views.py": VIEWS})
    (site,) = _sites(folder, "views.py")
    call = "\n".join(
        line for line in (site.suggestion or "").splitlines() if not line.startswith("#")
    ).strip()
    code = (
        "from typing import Any\n\nfrom dodopayments import DodoPayments\n\n"
        'client = DodoPayments(bearer_token="t", environment="test_mode")\n\n\n'
        "def pay(order: Any) -> str | None:\n"
        "    session = " + call.replace("\n", "\n    ") + "\n"
        "    return session.checkout_url\n"
    )
    path = tmp_path / "check.py"
    path.write_text(code, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    out, err, status = mypy_api.run(
        [
            *("--config-file", str(tmp_path / "mypy.ini"), "--strict", "--no-incremental"),
            *("--cache-dir", os.devnull, str(path)),
        ]
    )
    assert status == 0, out + err + code
