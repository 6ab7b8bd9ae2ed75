"""Line items the scanner cannot read, built by code that writes inline prices (RT015).

Real shops build the cart from their own rows with `price_data` (snackfamily's `.map` whose
callback validates before it returns, velas_aromaticas' loop, django-payments' helper). The
scanner cannot read such a list, so the Dodo cart was mapped element by element through each
element's `price` (RT003, a warning) and the call passed as translated: an inline element has
no `price`, and its amount and currency could reach no Dodo line. It blocks now, and a list of
price ids built the same way, or one built in another file, stays RT003."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source

SUFFIX = {
    "python": "py",
    "typescript": "ts",
    "go": "go",
    "csharp": "cs",
    "java": "java",
    "php": "php",
    "ruby": "rb",
    "kotlin": "kt",
}


def one(code: str, language: str) -> CallSite:
    sites = [s for s in scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language])]
    (site,) = [s for s in sites if s.kind == "create"]
    return site


def codes(site: CallSite) -> dict[str, tuple[str, str]]:
    return {f.code: (f.level.value, f.path) for f in site.findings}


PY_HELPER = """\
import stripe


def build_line_items(cart):
    items = []
    i = 1  # counted from 1: no counting loop the scanner reads (test_py_while_loops.py)
    while i <= len(cart.entries):
        entry = cart.entries[i - 1]
        items.append(
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": entry.cents,
                    "product_data": {"name": entry.name},
                },
                "quantity": entry.qty,
            }
        )
        i += 1
    return items


def checkout(cart):
    items = build_line_items(cart)
    return stripe.checkout.Session.create(
        mode="payment", line_items=items, success_url="https://example.com/ok"
    )
"""

PY_IN_PLACE = """\
import stripe


def checkout(cart):
    items = []
    for entry in cart.entries:
        if entry.gift:
            items.append({"price": "price_gift", "quantity": 1})
        elif entry.free:
            items.append({"price": "price_free", "quantity": 1})
        else:  # an elif chain: not read as one line per element (an if/else is)
            items.append(
                {
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": entry.cents,
                        "product_data": {"name": entry.name},
                    },
                    "quantity": 1,
                }
            )
    return stripe.checkout.Session.create(
        mode="payment", line_items=items, success_url="https://example.com/ok"
    )
"""

TS_MAP = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function checkout(items: any[]) {
  const lineItems = [];
  let i = 0;
  do {  // counting for and while loops are read now (test_js_index_loops.py and
    // test_while_counting_loops.py)
    const price = Math.round(Number(items[i].price));
    if (!Number.isFinite(price)) throw new Error(`ITEM_${i}_PRICE`);
    lineItems.push({
      price_data: { currency: "eur", product_data: { name: items[i].name }, unit_amount: price },
      quantity: items[i].quantity,
    });
    i += 1;
  } while (i < items.length);
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: "https://example.com/ok",
  });
}
"""

CS_WHILE = """\
using Stripe;
using Stripe.Checkout;

public class CheckoutController
{
    private List<SessionLineItemOptions> BuildLines(Cart cart)
    {
        var lines = new List<SessionLineItemOptions>();
        var i = 0;
        while (i < cart.Items.Count)
        {
            var item = cart.Items[i];
            lines.Add(new SessionLineItemOptions
            {
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = "usd",
                    UnitAmount = item.Cents,
                    ProductData = new SessionLineItemPriceDataProductDataOptions
                    {
                        Name = item.Name,
                    },
                },
                Quantity = item.Quantity,
            });
            i++;
        }
        return lines;
    }

    public Session Create(Cart cart)
    {
        var lines = BuildLines(cart);
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = lines,
            SuccessUrl = "https://example.com/ok",
        };
        return new SessionService().Create(options);
    }
}
"""

GO_WHILE = """\
package shop

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func buildLines(cart []Item) []*stripe.CheckoutSessionLineItemParams {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	i := 0
	for i < len(cart) {
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:   stripe.String("usd"),
				UnitAmount: stripe.Int64(cart[i].Cents),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
					Name: stripe.String(cart[i].Name),
				},
			},
			Quantity: stripe.Int64(1),
		})
		i++
	}
	return lines
}

func Checkout(cart []Item) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		LineItems:  buildLines(cart),
		SuccessURL: stripe.String("https://example.com/ok"),
	}
	return session.New(params)
}
"""

JAVA_WHILE = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.ArrayList;
import java.util.List;

public class Checkout {
    private List<SessionCreateParams.LineItem> lines(Cart cart) {
        List<SessionCreateParams.LineItem> out = new ArrayList<>();
        int i = 0;
        while (i < cart.size()) {
            out.add(SessionCreateParams.LineItem.builder()
                .setQuantity(1L)
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency("usd")
                    .setUnitAmount(cart.get(i).cents())
                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(cart.get(i).name()).build())
                    .build())
                .build());
            i++;
        }
        return out;
    }

    public Session create(Cart cart) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(lines(cart))
            .setSuccessUrl("https://example.com/ok")
            .build();
        return Session.create(params);
    }
}
"""

KOTLIN_WHILE = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Checkout {
    private fun lines(cart: Cart): List<SessionCreateParams.LineItem> {
        val out = mutableListOf<SessionCreateParams.LineItem>()
        var i = 0
        while (i < cart.size) {
            out.add(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency("usd")
                            .setUnitAmount(cart[i].cents)
                            .build()
                    )
                    .build()
            )
            i++
        }
        return out
    }

    fun create(cart: Cart): Session {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(lines(cart))
            .setSuccessUrl("https://example.com/ok")
            .build()
        return Session.create(params)
    }
}
"""

PHP_HELPER = """\
<?php
function build_lines($cart) {
    $lines = [];
    $i = 0;
    while ($i < count($cart)) {
        $lines[] = [
            'price_data' => [
                'currency' => 'usd',
                'unit_amount' => $cart[$i]['cents'],
                'product_data' => ['name' => $cart[$i]['name']],
            ],
            'quantity' => 1,
        ];
        $i++;
    }
    return $lines;
}

function checkout($cart) {
    $stripe = new \\Stripe\\StripeClient(getenv('STRIPE_SECRET_KEY'));
    return $stripe->checkout->sessions->create([
        'mode' => 'payment',
        'line_items' => build_lines($cart),
        'success_url' => 'https://example.com/ok',
    ]);
}
"""

RUBY_HELPER = """\
require 'stripe'

class CheckoutService
  def line_items(cart)
    lines = []
    i = 0
    while i < cart.size
      lines << {
        price_data: {
          currency: 'usd', unit_amount: cart[i].cents, product_data: { name: cart[i].name }
        },
        quantity: 1
      }
      i += 1
    end
    lines
  end

  def call(cart)
    Stripe::Checkout::Session.create(
      mode: 'payment',
      line_items: line_items(cart),
      success_url: 'https://example.com/ok'
    )
  end
end
"""


@pytest.mark.parametrize(
    ("code", "language", "where"),
    [
        (PY_HELPER, "python", "in build_line_items"),
        (PY_IN_PLACE, "python", "(`price_data` beside lines with a price id (`price`))"),
        (TS_MAP, "typescript", "(`price_data`)"),
        (CS_WHILE, "csharp", "(`price_data` in BuildLines)"),
        (GO_WHILE, "go", "(`price_data` in buildLines)"),
        (JAVA_WHILE, "java", "(`price_data`)"),
        (KOTLIN_WHILE, "kotlin", "(`price_data`)"),
        (PHP_HELPER, "php", "in build_lines"),
        (RUBY_HELPER, "ruby", "in line_items"),
    ],
)
def test_unreadable_list_of_inline_prices_blocks(code: str, language: str, where: str) -> None:
    site = one(code, language)
    found = codes(site)
    assert found.get("RT015") == ("blocker", found["RT003"][1]), found
    assert "RT003" in found  # the mapping it blocks is still said
    assert site.verdict == "blocked"
    (message,) = [f.message for f in site.findings if f.code == "RT015"]
    assert where in message


@pytest.mark.parametrize(
    ("code", "language"),
    [
        # the same loop over price ids: the element-by-element cart holds
        (PY_HELPER.replace('"price_data": {', '"price": entry.price_id, "x": {'), "python"),
        # an inline price elsewhere in the file, in a function the list does not come from
        (
            PY_HELPER.replace("items = build_line_items(cart)", "items = cart.stripe_lines()"),
            "python",
        ),
    ],
)
def test_unreadable_list_without_inline_prices_stays_a_warning(code: str, language: str) -> None:
    site = one(code, language)
    found = codes(site)
    assert found.get("RT003") == ("warning", "line_items"), found
    assert "RT015" not in found
    assert site.verdict != "blocked"


def test_list_built_in_another_file_stays_a_warning() -> None:
    code = (
        "import stripe\nfrom shop.cart import build_line_items\n\n\ndef checkout(cart):\n"
        "    return stripe.checkout.Session.create(mode='payment',"
        " line_items=build_line_items(cart), success_url='https://example.com/ok')\n"
    )
    found = codes(one(code, "python"))
    assert "RT003" in found and "RT015" not in found


def test_readable_inline_prices_are_carried_not_blocked() -> None:
    """A loop the scanner reads carries the amount on the pay-what-you-want line (L112)."""
    code = PY_HELPER.replace(
        "    i = 1  # counted from 1: no counting loop the scanner reads (test_py_while_loops.py)\n"
        "    while i <= len(cart.entries):\n",
        "    for entry in cart.entries:\n",
    )
    code = code.replace("        entry = cart.entries[i - 1]\n", "").replace("        i += 1\n", "")
    site = one(code, "python")
    found = codes(site)
    assert "RT003" not in found and "RT015" not in found
    assert '"amount": entry.cents' in site.suggestion


def test_wrapper_caller_that_builds_inline_prices_blocks(tmp_path: Path) -> None:
    """velas_aromaticas: the view fills `stripe_items` with `price_data` and calls the
    project's wrapper; the call of the wrapper is the creation site, so it is decided there,
    and the wrapper itself (whose list is its parameter) stays RT003. The wrapper passes the
    list on as built and the view fills it with dict literals of one shape: the Dodo cart maps
    the built list (built_lines.py); with a second line of another shape it blocks."""
    (tmp_path / "payments").mkdir()
    (tmp_path / "payments" / "stripe_client.py").write_text(
        "import stripe\n\n\ndef create_checkout_session(line_items, success_url):\n"
        "    return stripe.checkout.Session.create(\n        mode='payment',\n"
        "        line_items=line_items,\n        success_url=success_url,\n    )\n",
        encoding="utf-8",
    )
    (tmp_path / "views.py").write_text(
        "from payments.stripe_client import create_checkout_session\n\n\n"
        "def checkout(cart, order):\n    stripe_items = []\n    i = 1\n"  # not read as counting
        "    while i <= len(cart):\n        stripe_items.append({'price_data': {'currency': 'mxn',"
        " 'product_data': {'name': cart[i - 1]['name']}, 'unit_amount': cart[i - 1]['cents']},"
        " 'quantity': 1})\n        i += 1\n"
        "    return create_checkout_session(line_items=stripe_items,"
        " success_url='https://shop.example.com/ok')\n",
        encoding="utf-8",
    )
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    by_file = {Path(s.file).name: s for s in sites}
    caller, wrapper = by_file["views.py"], by_file["stripe_client.py"]
    assert caller.via is not None
    assert "RT015" not in codes(caller)
    assert '"amount": line["price_data"]["unit_amount"],' in (caller.suggestion or "")
    assert "RT015" not in codes(wrapper) and "RT003" in codes(wrapper)
    views = (tmp_path / "views.py").read_text(encoding="utf-8")
    other = "    stripe_items.append({'price': 'price_fee'})\n    return create_checkout_session("
    (tmp_path / "views.py").write_text(views.replace("    return create_checkout_session(", other))
    sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create"]
    caller = next(s for s in sites if Path(s.file).name == "views.py")
    assert codes(caller).get("RT015") == ("blocker", "line_items")
    assert caller.verdict == "blocked"
    assert "TODO_product_id" in (caller.suggestion or "")


JAVA_METHOD_REF = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.stream.Collectors;

public class OrderCheckout {
    public String open(Order order) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/paid")
            .addAllLineItem(order.getItems().stream().map(this::toLine).collect(Collectors.toList()))
            .build();
        return Session.create(params).getUrl();
    }

    private SessionCreateParams.LineItem toLine(CartItem item) {
        return SessionCreateParams.LineItem.builder()
            .setQuantity((long) item.getCount())
            .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency("eur")
                .setUnitAmount(Math.round(item.getPrice() * 100))
                .build())
            .build();
    }
}
"""

PY_MAPPED = """\
import stripe

def to_line(entry):
    if entry.cents <= 0:
        raise ValueError(entry)
    line = {"price_data": {"currency": "usd", "unit_amount": entry.cents}}
    line["quantity"] = entry.count
    return line

def pay(cart):
    return stripe.checkout.Session.create(
        mode="payment", line_items=list(map(to_line, cart)), success_url="https://x.example/ok"
    )
"""


@pytest.mark.parametrize(
    ("code", "language", "where"),
    [
        (JAVA_METHOD_REF, "java", "in toLine"),
        (PY_MAPPED, "python", "in to_line"),
    ],
)
def test_a_helper_handed_on_by_name_that_writes_inline_prices_blocks(
    code: str, language: str, where: str
) -> None:
    """A list made by handing a helper on (a method reference, a function passed to ``map``)
    that writes ``price_data``: each element has no price to look up (RT003 alone would send
    a cart of unknown products)."""
    site = one(code, language)
    found = codes(site)
    assert found.get("RT015", ("",))[0] == "blocker", found
    assert site.verdict == "blocked"
    (message,) = [f.message for f in site.findings if f.code == "RT015"]
    assert where in message


def test_a_run_time_decimal_amount_is_the_lines_whole_amount() -> None:
    """A decimal unit amount known only at run time was left out (RT002 blocked; read in C#
    shops: ``UnitAmountDecimal = price * 100M``): it is the pay-what-you-want line's `amount`,
    made whole minor units by the id module's conversion, which fails on a fraction (RT037)."""
    code = (
        "import stripe\n\ndef buy(total, qty):\n"
        "    return stripe.checkout.Session.create(mode='payment', success_url='https://x.example',"
        " line_items=[{'price_data': {'currency': 'usd', 'unit_amount_decimal': total * 100,"
        " 'product_data': {'name': 'Order'}}, 'quantity': qty}])\n"
    )
    site = one(code, "python")
    found = codes(site)
    assert found["RT037"] == ("warning", "line_items[0].price_data.unit_amount_decimal")
    assert "RT002" not in found and site.verdict != "blocked"
    assert '"amount": dodo_whole_amount(total * 100),' in site.suggestion
    assert '"quantity": qty,' in site.suggestion
    assert "from dodo_ids import dodo_whole_amount" in site.suggestion
    (l112,) = [f.message for f in site.findings if f.code == "L112"]
    assert "(total * 100)" in l112


def test_a_run_time_recurrence_is_not_called_a_one_time_pay_what_you_want_line() -> None:
    """An inline price whose interval is known only at run time (RT002 blocks) was also said to
    sell a one-time pay-what-you-want product (L112), in Python and PHP (Java said nothing of
    the kind): the line's product is not known at all."""
    for code, language in (
        (
            "import stripe\n\ndef sub(plan, interval):\n"
            "    return stripe.checkout.Session.create(mode='subscription',"
            " success_url='https://x.example', line_items=[{'price_data': {'currency': 'usd',"
            " 'unit_amount': plan.cents, 'recurring': {'interval': interval},"
            " 'product_data': {'name': 'Pro'}}, 'quantity': 1}])\n",
            "python",
        ),
        (
            "<?php\nfunction sub($plan, $interval) {\n  return \\Stripe\\Checkout\\Session::create("
            "['mode' => 'subscription', 'success_url' => 'https://x.example', 'line_items' =>"
            " [['price_data' => ['currency' => 'usd', 'unit_amount' => $plan['cents'],"
            " 'recurring' => ['interval' => $interval], 'product_data' => ['name' => 'Pro']],"
            " 'quantity' => 1]]]);\n}\n",
            "php",
        ),
    ):
        site = one(code, language)
        found = codes(site)
        blockers = {(f.code, f.path) for f in site.findings if f.level.value == "blocker"}
        assert ("RT002", "line_items[0].price_data.recurring.interval") in blockers
        # the amount left out with its line is named where it is (a donor's amount once went
        # without a finding of its own: test_amount_beside_run_time_recurrence.py)
        assert ("RT002", "line_items[0].price_data.unit_amount") in blockers
        assert "L112" not in found, language
        assert "TODO_product_id" in site.suggestion


LEGACY_WHILE_JS = """const stripe = require("stripe")(process.env.STRIPE_KEY);

async function pay(req) {
  const lines = [];
  let n = 0;
  do {  // a counting while is read now (test_while_counting_loops.py)
    lines.push({
      name: req.body.cart[n].title,
      amount: req.body.cart[n].rupees * 100,
      currency: "inr",
      quantity: req.body.cart[n].count,
    });
    n++;
  } while (n < req.body.cart.length);
  return stripe.checkout.sessions.create({ line_items: lines, success_url: "https://x.test/ok" });
}
"""
LEGACY_WHILE_PHP = """<?php
function pay($basket) {
    $lines = [];
    $i = 0;
    while ($i < count($basket)) {
        $row = $basket[$i];
        $lines[] = ['name' => $row->title, 'amount' => $row->cents, 'currency' => 'eur',
            'quantity' => 1];
        $i++;
    }
    return \\Stripe\\Checkout\\Session::create(['line_items' => $lines, 'success_url' => 'https://x.test/ok']);
}
"""


@pytest.mark.parametrize(
    ("code", "language"), [(LEGACY_WHILE_JS, "typescript"), (LEGACY_WHILE_PHP, "php")]
)
def test_unreadable_list_of_pre_prices_lines_blocks(code: str, language: str) -> None:
    # pre-Prices lines (their own amount and currency) pushed in a loop the scanner does not
    # read: the cart was mapped through each element's `price`, which they lack, and the call
    # passed as translated with a warning (the amount they charge lost)
    site = one(code, language)
    found = codes(site)
    assert found.get("RT015") == ("blocker", "line_items"), found
    assert site.verdict == "blocked"
    (message,) = [f.message for f in site.findings if f.code == "RT015"]
    assert "own `amount` and `currency`" in message
