"""A cart built in a loop becomes a map over the loop's collection in the suggested Dodo call
(an *each*). The map cannot see the names the loop's body binds: written as they were, PHP's
arrow function would read the last row's value (every line charged the last product's price),
Ruby's block, Go's, C#'s and Java's lambdas would name something undefined. Such a name is
written as what it holds; one the loop binds in a way that is not read (an index, a key) makes
the list a run-time value, never a map that names it."""

from __future__ import annotations

import textwrap
from typing import Any

from migrate.scan import CallSite
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source, site_kind


def site_of(code: str, name: str, language: str) -> CallSite:
    sites = scan_source(textwrap.dedent(code), name, BY_NAME[language])
    (site,) = [s for s in sites if s.kind == "create" and site_kind(s) == "create"]
    return site


def item(site: CallSite) -> Any:
    each = site.params["line_items"]
    assert "$each" in each, each
    return each["$each"]


def test_php_a_row_local_is_written_as_its_value() -> None:
    site = site_of(
        """\
        <?php
        function checkout($cart) {
            $fee = 100;
            $items = [];
            foreach ($cart as $row) {
                $price = $row['price'] * 100;
                $product = Product::findOrFail($row['id']);
                $items[] = [
                    'price_data' => ['currency' => 'usd', 'unit_amount' => $price + $fee,
                                     'product_data' => ['name' => $product->name]],
                    'quantity' => $product->qty,
                ];
            }
            return \\Stripe\\Checkout\\Session::create(
                ['mode' => 'payment', 'line_items' => $items]
            );
        }
        """,
        "x.php",
        "php",
    )
    each = item(site)
    assert each["over"] == "$cart" and each["as"] == "$row"
    amount = each["item"]["price_data"]["unit_amount"]["$dynamic"]
    assert amount == "($row['price'] * 100) + $fee"  # $fee is bound before the loop: kept
    assert each["item"]["quantity"] == {"$dynamic": "Product::findOrFail($row['id'])->qty"}


def test_php_a_key_of_the_loop_makes_the_list_a_run_time_value() -> None:
    site = site_of(
        """\
        <?php
        function checkout($cart) {
            $items = [];
            foreach ($cart as $k => $row) {
                $items[] = ['price' => $row['price'], 'quantity' => $k + 1];
            }
            return \\Stripe\\Checkout\\Session::create(
                ['mode' => 'payment', 'line_items' => $items]
            );
        }
        """,
        "x.php",
        "php",
    )
    assert site.params["line_items"] == {"$dynamic": "$items"}


def test_ruby_a_block_local_is_written_as_its_value_and_an_index_is_not_mapped() -> None:
    site = site_of(
        """\
        def checkout(cart)
          items = []
          cart.each do |row|
            product = Product.find(row[:id])
            items << { price: product.stripe_price_id, quantity: row[:qty] }
          end
          Stripe::Checkout::Session.create(mode: "payment", line_items: items)
        end
        """,
        "x.rb",
        "ruby",
    )
    each = item(site)
    assert each["as"] == "row"
    assert each["item"]["price"] == {"$dynamic": "Product.find(row[:id]).stripe_price_id"}
    indexed = site_of(
        """\
        def checkout(cart)
          items = []
          cart.each_with_index do |row, i|
            items << { price: row[:price], quantity: i + 1 }
          end
          Stripe::Checkout::Session.create(mode: "payment", line_items: items)
        end
        """,
        "x.rb",
        "ruby",
    )
    assert indexed.params["line_items"] == {"$dynamic": "items"}


def test_go_csharp_java_a_loop_local_is_written_as_its_value() -> None:
    go = site_of(
        """\
        package billing

        import (
        \tstripe "github.com/stripe/stripe-go/v82"
        \t"github.com/stripe/stripe-go/v82/checkout/session"
        )

        func Checkout(cart []Row) {
        \titems := []*stripe.CheckoutSessionLineItemParams{}
        \tfor _, row := range cart {
        \t\tproduct := catalog[row.ID]
        \t\titems = append(items, &stripe.CheckoutSessionLineItemParams{
        \t\t\tPrice:    stripe.String(product.PriceID),
        \t\t\tQuantity: stripe.Int64(row.Qty),
        \t\t})
        \t}
        \tsession.New(&stripe.CheckoutSessionParams{LineItems: items})
        }
        """,
        "x.go",
        "go",
    )
    assert item(go)["item"]["price"] == {"$dynamic": "(catalog[row.ID]).PriceID"}
    csharp = site_of(
        """\
        using Stripe.Checkout;
        public class Shop {
            public Session Checkout(List<Row> cart) {
                var items = new List<SessionLineItemOptions>();
                foreach (var row in cart) {
                    var product = _catalog[row.Id];
                    items.Add(new SessionLineItemOptions {
                        Price = product.PriceId, Quantity = row.Qty });
                }
                return new SessionService().Create(new SessionCreateOptions { LineItems = items });
            }
        }
        """,
        "x.cs",
        "csharp",
    )
    assert item(csharp)["item"]["price"] == {"$dynamic": "(_catalog[row.Id]).PriceId"}
    java = site_of(
        """\
        import com.stripe.model.checkout.Session;
        import com.stripe.param.checkout.SessionCreateParams;
        public class Shop {
            public Session checkout(List<Row> cart) throws Exception {
                SessionCreateParams.Builder b = SessionCreateParams.builder();
                for (Row row : cart) {
                    Product product = catalog.get(row.getId());
                    b.addLineItem(SessionCreateParams.LineItem.builder().setPrice(product.getPriceId()).build());
                }
                return Session.create(b.build());
            }
        }
        """,
        "x.java",
        "java",
    )
    assert item(java)["item"]["price"] == {"$dynamic": "catalog.get(row.getId()).getPriceId()"}
