"""A wrapper whose own code makes (or reads) in Stripe the price its checkout sells: each call
of the wrapper keeps the wrapper's finding.

Seen in a Spring service (``Price.create`` with the order's amount, then ``setPrice(
price.getId())``, called from two controller actions): the wrapper's site blocked (X026: the
price is in no id map, the amount and currency are not carried), but each caller's site was
"translated, review" with only an X021 note on ``TODO_price``, the blocker gone. Whichever
caller runs it, the wrapper makes the price in Stripe; the caller's Dodo call sells what the
wrapper's would. (A price an inline price can say is read inline, RT042: the callers say that
too.)"""

from __future__ import annotations

from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import scan_paths

JAVA_SERVICE = """package shop.billing;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class OrderCheckout {
    public Session open(OrderRequest order) throws Exception {
        Price made = Price.create(PriceCreateParams.builder()
                .setCurrency("eur")
                .setBillingScheme(PriceCreateParams.BillingScheme.TIERED)
                .setTiersMode(PriceCreateParams.TiersMode.VOLUME)
                .addTier(PriceCreateParams.Tier.builder()
                        .setUpTo(PriceCreateParams.Tier.UpTo.INF)
                        .setUnitAmount(order.getTotalCents()).build())
                .setProductData(PriceCreateParams.ProductData.builder().setName("Order").build())
                .build());
        SessionCreateParams.Builder b = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(made.getId()).setQuantity(1L).build())
                .setSuccessUrl("https://shop.test/done")
                .putMetadata("order", order.getRef());
        return Session.create(b.build());
    }
}
"""

JAVA_CONTROLLER = """package shop.web;

import com.stripe.model.checkout.Session;
import shop.billing.OrderCheckout;

public class PayController {
    private final OrderCheckout checkout;

    public PayController(OrderCheckout checkout) { this.checkout = checkout; }

    public String pay(OrderRequest body) throws Exception {
        Session s = checkout.open(body);
        return s.getUrl();
    }
}
"""

GO_SERVICE = """package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
	"github.com/stripe/stripe-go/v76/price"
)

func Open(cents int64, ref string) (string, error) {
	p, err := price.New(&stripe.PriceParams{
		Currency:      stripe.String("gbp"),
		BillingScheme: stripe.String("tiered"),
		TiersMode:     stripe.String("graduated"),
		Tiers: []*stripe.PriceTierParams{
			{UnitAmount: stripe.Int64(cents), UpToInf: stripe.Bool(true)},
		},
		ProductData:   &stripe.PriceProductDataParams{Name: stripe.String("Listing")},
	})
	if err != nil {
		return "", err
	}
	s, err := session.New(&stripe.CheckoutSessionParams{
		Mode: stripe.String("payment"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(p.ID), Quantity: stripe.Int64(1)},
		},
		ClientReferenceID: stripe.String(ref),
		SuccessURL:        stripe.String("https://jobs.test/ok"),
	})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""

GO_HANDLER = """package billing

import "net/http"

func Handle(w http.ResponseWriter, r *http.Request) {
	url, err := Open(4500, r.URL.Query().Get("ref"))
	if err != nil {
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}
"""


def _creations(root: Path, files: dict[str, str]) -> dict[str, object]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    sites = [s for s in scan_paths([str(root)]) if s.kind == "create"]
    return {Path(s.file).name: s for s in sites}


def test_a_java_wrappers_caller_keeps_the_blocker_of_the_price_it_makes(tmp_path: Path) -> None:
    sites = _creations(
        tmp_path,
        {
            "billing/OrderCheckout.java": JAVA_SERVICE,
            "web/PayController.java": JAVA_CONTROLLER,
        },
    )
    caller = sites["PayController.java"]
    assert caller.via  # the call of the wrapper
    made = [f for f in caller.findings if f.code == "X026"]
    assert [(f.path, f.level) for f in made] == [("line_items[0].price", Level.BLOCKER)]
    assert "Price.create(...)" in made[0].message
    assert "OrderCheckout.open" in made[0].message  # where the price is made
    assert caller.verdict == "blocked"
    # the wrapper's own site keeps its one X026, not said twice
    own = [f for f in sites["OrderCheckout.java"].findings if f.code == "X026"]
    assert len(own) == 1 and "OrderCheckout.open" not in own[0].message


def test_a_go_wrappers_caller_keeps_the_blocker_of_the_price_it_makes(tmp_path: Path) -> None:
    sites = _creations(tmp_path, {"billing/open.go": GO_SERVICE, "billing/handle.go": GO_HANDLER})
    caller = sites["handle.go"]
    assert caller.via
    made = [f for f in caller.findings if f.code == "X026"]
    assert [(f.path, f.level) for f in made] == [("line_items[0].price", Level.BLOCKER)]
    assert "price.New(...)" in made[0].message
    assert caller.verdict == "blocked"


def test_a_wrapper_given_its_price_by_the_caller_adds_nothing(tmp_path: Path) -> None:
    """A wrapper that sells the price its caller passes makes nothing in Stripe: its callers
    get no X026 (nor X023), whatever else the wrapper's function does."""
    service = """package shop.billing;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class PlanCheckout {
    public Session open(String priceId, String email) throws Exception {
        SessionCreateParams p = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(priceId).setQuantity(1L).build())
                .setCustomerEmail(email)
                .setSuccessUrl("https://shop.test/done")
                .build();
        return Session.create(p);
    }
}
"""
    controller = JAVA_CONTROLLER.replace("OrderCheckout", "PlanCheckout").replace(
        "checkout.open(body)", 'checkout.open("price_1PlanPro", body.getEmail())'
    )
    sites = _creations(
        tmp_path,
        {"billing/PlanCheckout.java": service, "web/PayController.java": controller},
    )
    caller = sites["PayController.java"]
    assert caller.via
    assert not {f.code for f in caller.findings} & {"X023", "X026"}


def test_a_wrappers_caller_says_the_price_it_reads_inline(tmp_path: Path) -> None:
    """The Spring service's own shape: a plain price (amount, currency, product data) made
    inside the wrapper is read inline there (RT042), and each caller carries the amount its
    argument gives, saying so too."""
    service = JAVA_SERVICE.replace(
        """                .setCurrency("eur")
                .setBillingScheme(PriceCreateParams.BillingScheme.TIERED)
                .setTiersMode(PriceCreateParams.TiersMode.VOLUME)
                .addTier(PriceCreateParams.Tier.builder()
                        .setUpTo(PriceCreateParams.Tier.UpTo.INF)
                        .setUnitAmount(order.getTotalCents()).build())
""",
        """                .setUnitAmount(order.getTotalCents())
                .setCurrency("eur")
""",
    )
    sites = _creations(
        tmp_path,
        {"billing/OrderCheckout.java": service, "web/PayController.java": JAVA_CONTROLLER},
    )
    caller = sites["PayController.java"]
    assert caller.via
    assert "X026" not in {f.code for f in caller.findings}
    (inline,) = [f for f in caller.findings if f.code == "RT042"]
    assert "OrderCheckout.open" in inline.message
    dynamic = {d.path: d.source for d in caller.dynamic}
    assert dynamic["line_items[0].price_data.unit_amount"] == "body.getTotalCents()"
    assert caller.verdict != "blocked"
