"""A Python wrapper called with a mapping spread into its parameters (``start(**data)``,
``start(**serializer.validated_data)``, seen in a DRF view calling a ``**input_data`` wrapper).
The spread bound nothing, so each caller's Dodo call named the wrapper's own parameters
(``input_data["stripe_price_id"]``, ``price``): names the caller does not define, with no
finding. Now each parameter is the mapping's entry of its name (a dict the caller builds: its
values; any other mapping: read at its key, ``.get(key, default)`` for a parameter with a
default) and a ``**kwargs`` parameter the mapping itself; a spread the reader cannot read
(``*args``, two mappings) names each parameter ``TODO_<name>`` with X021."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, ScanStats, scan_paths
from tests.scan.sdk_checks import mypy_problems

KWARGS_WRAPPER = """\
import stripe


def start_checkout(**input_data):
    price = input_data["stripe_price_id"]
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price, "quantity": input_data.get("seats", 1)}],
        customer_email=input_data["email"],
        success_url=input_data["success_url"],
    )
"""

NAMED_WRAPPER = """\
import stripe


def open_session(price, email, seats=1):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price, "quantity": seats}],
        customer_email=email,
        success_url="https://tickets.example/done",
    )
"""

CALLERS = """\
from shop.billing import start_checkout
from shop.named import open_session


class SubscribeView:
    def post(self, request):
        serializer = SubscribeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = start_checkout(**serializer.validated_data)
        return {"url": session.url}


def quick(request):
    data = {
        "stripe_price_id": request.POST["plan"],
        "email": request.user.email,
        "success_url": "https://tickets.example/ok",
    }
    return start_checkout(**data)


def named(payload):
    return open_session(**payload)


def mixed(request, serializer):
    return start_checkout(user=request.user, **serializer.validated_data)


def starred(args):
    return open_session(*args)


def twice(a, b):
    return start_checkout(**a, **b)
"""


def _callers(tmp_path: Path) -> dict[str, CallSite]:
    files = {"shop/billing.py": KWARGS_WRAPPER, "shop/named.py": NAMED_WRAPPER}
    files["shop/views.py"] = CALLERS
    for name, code in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    lines = CALLERS.splitlines()
    by_function: dict[str, CallSite] = {}
    for site in sites:
        if site.via is None:
            continue
        above = [x for x in lines[: site.line] if x.lstrip().startswith("def ")]
        by_function[above[-1].split("def ")[1].split("(")[0]] = site
    return by_function


def test_a_validated_mapping_spread_into_kwargs_is_read_at_its_keys(tmp_path: Path) -> None:
    site = _callers(tmp_path)["post"]
    text = site.suggestion or ""
    assert "input_data" not in text
    assert '"product_id": dodo_product_id(serializer.validated_data["stripe_price_id"]),' in text
    assert '"quantity": serializer.validated_data.get("seats", 1),' in text
    assert 'return_url=serializer.validated_data["success_url"],' in text
    assert "X021" not in {f.code for f in site.findings}


def test_a_dict_the_caller_builds_gives_its_values(tmp_path: Path) -> None:
    site = _callers(tmp_path)["quick"]
    text = site.suggestion or ""
    assert "input_data" not in text
    assert '"product_id": dodo_product_id(request.POST["plan"]),' in text
    assert '"quantity": data.get("seats", 1),' in text
    assert '"email": request.user.email,' in text
    assert 'return_url="https://tickets.example/ok",' in text


def test_a_keyword_beside_the_mapping_is_its_own_key(tmp_path: Path) -> None:
    site = _callers(tmp_path)["mixed"]
    text = site.suggestion or ""
    assert "input_data" not in text
    assert '"product_id": dodo_product_id(serializer.validated_data["stripe_price_id"]),' in text
    assert (
        '"quantity": ({"user": request.user, **serializer.validated_data}).get("seats", 1),' in text
    )


def test_named_parameters_are_the_mappings_entries(tmp_path: Path) -> None:
    site = _callers(tmp_path)["named"]
    text = site.suggestion or ""
    assert '"product_id": dodo_product_id(payload["price"]),' in text
    assert '"quantity": payload.get("seats", 1),' in text
    assert '"email": payload["email"],' in text


@pytest.mark.parametrize(
    ("function", "names"), [("starred", ["price", "seats", "email"]), ("twice", ["input_data"])]
)
def test_a_spread_the_reader_cannot_read_names_nothing_the_caller_lacks(
    tmp_path: Path, function: str, names: list[str]
) -> None:
    site = _callers(tmp_path)[function]
    text = site.suggestion or ""
    for name in names:
        assert f"TODO_{name}" in text
    unseen = " ".join(f.message for f in site.findings if f.code == "X021")
    for name in names:
        assert f"`{name}`" in unseen
    assert "(passed in a spread argument)" in unseen


@pytest.mark.slow
def test_the_mapping_callers_type_check(tmp_path: Path) -> None:
    sites = _callers(tmp_path)
    stub = tmp_path / "dodo_ids.py"
    stub.write_text("def dodo_product_id(price_id: str) -> str:\n    return price_id\n")
    for function, signature in (
        ("post", "def post(serializer: Any) -> str | None"),
        ("quick", "def quick(request: Any, data: Any) -> str | None"),
        ("named", "def named(payload: Any) -> str | None"),
        ("mixed", "def mixed(request: Any, serializer: Any) -> str | None"),
    ):
        assert mypy_problems(tmp_path, sites[function].suggestion or "", signature) == ""
