"""A Go method called through a struct field of an interface's type, the struct declared in
another file of the caller's package (``app.go`` holds ``type App struct { provider
domain.Provider }``, ``handler.go`` calls ``a.provider.Checkout(...)``): the call reaches the
interface's one implementer's wrapper as when the struct is in the caller's file
(``migrate/scan/tree_constants.py``: ``go_package_typed``; the caller's file, naming neither the
interface nor the implementer, is read for the method's name)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.scan.scan import ScanStats, scan_paths

TREE = {
    "go.mod": "module example.com/shop\n\ngo 1.22\n",
    "domain/provider.go": """\
        package domain

        import "github.com/stripe/stripe-go/v82"

        type Cart struct{ Price string }

        type Provider interface {
        \tCheckout(orderID string, cart Cart) (*stripe.CheckoutSession, error)
        }
        """,
    "pay/stripe.go": """\
        package pay

        import (
        \t"example.com/shop/domain"
        \t"github.com/stripe/stripe-go/v82"
        \t"github.com/stripe/stripe-go/v82/checkout/session"
        )

        type StripeProvider struct{ okURL string }

        func (s *StripeProvider) Checkout(
        \torderID string, cart domain.Cart,
        ) (*stripe.CheckoutSession, error) {
        \treturn session.New(&stripe.CheckoutSessionParams{
        \t\tMode: stripe.String("payment"),
        \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
        \t\t\t{Price: stripe.String(cart.Price), Quantity: stripe.Int64(1)},
        \t\t},
        \t\tSuccessURL:        stripe.String(s.okURL),
        \t\tClientReferenceID: stripe.String(orderID),
        \t})
        }
        """,
    "app/app.go": """\
        package app

        import "example.com/shop/domain"

        type App struct {
        \tprovider domain.Provider
        }
        """,
    "app/handler.go": """\
        package app

        import "example.com/shop/domain"

        func (a *App) Buy(cart *domain.Cart) (string, error) {
        \tsess, err := a.provider.Checkout("order_1", *cart)
        \tif err != nil {
        \t\treturn "", err
        \t}
        \treturn sess.URL, nil
        }
        """,
}


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STRIPE2DODO_CACHE_DIR", str(folder))
    return folder


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _via(root: Path, *, cache: bool = False) -> list[dict[str, Any]]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats, cache=cache) if s.kind == "create"]
    assert stats.problems == []
    return [s.as_dict() for s in sites if s.via]


def test_a_field_of_a_struct_another_file_declares_reaches_the_implementer(
    tmp_path: Path,
) -> None:
    top = _write(tmp_path / "src", TREE)
    (site,) = _via(top)
    assert site["file"].endswith("app/handler.go")
    assert site["callee"] == "a.provider.Checkout"
    assert site["params"] == {
        "mode": "payment",
        "line_items": [{"price": {"$dynamic": "(*cart).Price"}, "quantity": 1}],
        "success_url": {"$dynamic": "TODO_okURL"},
        "client_reference_id": "order_1",
    }
    assert "X021" in [f["code"] for f in site["findings"]]  # the implementer's field


def test_the_struct_changed_in_its_own_file_is_read_again_from_the_cache(tmp_path: Path) -> None:
    top = _write(tmp_path / "src", TREE)
    assert len(_via(top, cache=True)) == 1
    changed = TREE["app/app.go"].replace("domain.Provider", "domain.Cart // domain.Provider")
    _write(top, {"app/app.go": changed})  # the same words: only the type of the field changed
    assert _via(top, cache=True) == _via(top, cache=False) == []
