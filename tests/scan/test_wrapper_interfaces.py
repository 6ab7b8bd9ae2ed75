"""Wrappers reached through an interface their class implements, where the language says so
by structure (Go) rather than by name: a call on a receiver declared as the interface is a
creation via the wrapper when the wrapper's type is the interface's one real implementer."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.display import shown_path
from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats
from tests.scan.trees import write_tree as _tree

GO_INTERFACE = """\
package server

import "github.com/stripe/stripe-go/v74"

type stripeAPI interface {
	NewPortalSession(p *stripe.BillingPortalSessionParams) (*stripe.BillingPortalSession, error)
	NewCheckoutSession(params *stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error)
}
"""
GO_REAL = """\
package server

import (
	"github.com/stripe/stripe-go/v74"
	portalsession "github.com/stripe/stripe-go/v74/billingportal/session"
	"github.com/stripe/stripe-go/v74/checkout/session"
)

type realStripeAPI struct{}

func newStripeAPI() stripeAPI {
	return &realStripeAPI{}
}

func (s *realStripeAPI) NewPortalSession(
	params *stripe.BillingPortalSessionParams,
) (*stripe.BillingPortalSession, error) {
	return portalsession.New(params)
}

func (s *realStripeAPI) NewCheckoutSession(
	params *stripe.CheckoutSessionParams,
) (*stripe.CheckoutSession, error) {
	return session.New(params)
}
"""
GO_CALLER = """\
package server

import "github.com/stripe/stripe-go/v74"

type Server struct {
	stripe stripeAPI
}

func (s *Server) handleCheckout(customerID string, priceID string) (string, error) {
	params := &stripe.CheckoutSessionParams{
		Customer:   stripe.String(customerID),
		Mode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		SuccessURL: stripe.String("https://ntfy.example/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
		},
	}
	sess, err := s.stripe.NewCheckoutSession(params)
	if err != nil {
		return "", err
	}
	return sess.URL, nil
}

func oneOff(api stripeAPI) error {
	_, err := api.NewCheckoutSession(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://ntfy.example/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String("price_1OneOff"), Quantity: stripe.Int64(2)},
		},
	})
	return err
}
"""
GO_MOCK = """\
package server

import (
	"github.com/stretchr/testify/mock"
	"github.com/stripe/stripe-go/v74"
)

type testStripeAPI struct {
	mock.Mock
}

func (s *testStripeAPI) NewCheckoutSession(
	params *stripe.CheckoutSessionParams,
) (*stripe.CheckoutSession, error) {
	args := s.Called(params)
	return args.Get(0).(*stripe.CheckoutSession), args.Error(1)
}
"""
GO_SUBSCRIPTION = {
    "customer": {"$dynamic": "customerID"},
    "mode": "subscription",
    "success_url": "https://ntfy.example/ok",
    "line_items": [{"price": {"$dynamic": "priceID"}, "quantity": 1}],
}
GO_ONE_OFF = {
    "mode": "payment",
    "success_url": "https://ntfy.example/ok",
    "line_items": [{"price": "price_1OneOff", "quantity": 2}],
}


def _wrapper_at(path: Path, code: str) -> str:
    """How a site says it goes through the wrapper of ``code`` (the file at ``path``)."""
    line = code.splitlines().index("\treturn session.New(params)") + 1
    return f"realStripeAPI.NewCheckoutSession at {shown_path(str(path))}:{line}"


def _via(*paths: Path, top: Path) -> list[tuple[str, int, str | None, dict[str, object]]]:
    stats = ScanStats()
    sites: list[CallSite] = [
        s for s in scan_paths([str(p) for p in paths], stats=stats) if s.kind == "create"
    ]
    assert stats.problems == []
    return [
        (Path(s.file).relative_to(top).as_posix(), s.line, s.via, s.params) for s in sites if s.via
    ]


def test_a_go_field_or_parameter_typed_as_an_interface_its_one_implementer_wraps(
    tmp_path: Path,
) -> None:
    # ntfy's shape: Server holds `stripe stripeAPI`, realStripeAPI is the one type with the
    # method; the interface is declared in another file of the package
    top = _tree(
        tmp_path,
        {
            "server/stripe.go": GO_INTERFACE,
            "server/stripe_real.go": GO_REAL,
            "server/payments.go": GO_CALLER,
        },
    )
    via = _wrapper_at(top / "server/stripe_real.go", GO_REAL)
    assert _via(top, top=top) == [
        ("server/payments.go", 18, via, GO_SUBSCRIPTION),
        ("server/payments.go", 26, via, GO_ONE_OFF),
    ]


def test_a_go_interface_and_its_wrapper_in_one_file_scanned_alone(tmp_path: Path) -> None:
    # the interface, the wrapper and the caller in one file: a scan of that file alone
    code = GO_REAL.replace(
        "type realStripeAPI", GO_INTERFACE.split("\n\n", 2)[2] + "\ntype realStripeAPI"
    )
    code += GO_CALLER.split("\n\n", 1)[1]
    path = tmp_path / "server_payments.go"
    path.write_text(code, encoding="utf-8")
    lines = code.splitlines()
    at = [n for n, line in enumerate(lines, 1) if ".NewCheckoutSession(" in line]
    assert len(at) == 2
    via = _wrapper_at(path, code)
    assert _via(path, top=tmp_path) == [
        ("server_payments.go", at[0], via, GO_SUBSCRIPTION),
        ("server_payments.go", at[1], via, GO_ONE_OFF),
    ]


@pytest.mark.parametrize(
    "mock_path", ["server/payments_test.go", "server/mocks/stripe.go", "server/mock_stripe.go"]
)
def test_a_go_mock_of_the_interface_does_not_make_it_ambiguous(
    tmp_path: Path, mock_path: str
) -> None:
    # a mock never runs in the program: realStripeAPI is still the one implementer
    top = _tree(
        tmp_path,
        {
            "server/stripe.go": GO_INTERFACE,
            "server/stripe_real.go": GO_REAL,
            "server/payments.go": GO_CALLER,
            mock_path: GO_MOCK,
        },
    )
    assert [(f, line) for f, line, _, _ in _via(top, top=top)] == [
        ("server/payments.go", 18),
        ("server/payments.go", 26),
    ]


def test_a_second_real_go_implementer_makes_the_interface_ambiguous(tmp_path: Path) -> None:
    files = {
        "server/stripe.go": GO_INTERFACE,
        "server/stripe_real.go": GO_REAL,
        "server/payments.go": GO_CALLER,
    }
    top = _tree(tmp_path, files)
    assert [(f, line) for f, line, _, _ in _via(top, top=top)] == [
        ("server/payments.go", 18),
        ("server/payments.go", 26),
    ]
    # another type with the method (a dry-run client) may be the one the field holds: the
    # calls are not followed (the wrapper's own site is still reported)
    dry_run = (
        GO_MOCK.replace("testStripeAPI", "dryRunStripeAPI")
        .replace('\t"github.com/stretchr/testify/mock"\n', "")
        .replace("\tmock.Mock\n", "")
    )
    _tree(tmp_path, {"server/dry_run.go": dry_run})
    assert _via(top, top=top) == []
    wrapper = [
        s for s in scan_paths([str(top)]) if s.kind == "create" and s.file.endswith("_real.go")
    ]
    assert [s.wrapper for s in wrapper] == ["realStripeAPI.NewCheckoutSession(params)"]


def test_a_go_receiver_of_an_interface_without_the_method_is_not_the_wrapper(
    tmp_path: Path,
) -> None:
    # a field of an interface type that does not name the method is some other object
    caller = GO_CALLER.replace("stripeAPI", "portalAPI")
    caller += "\ntype portalAPI interface {\n\tOther() error\n}\n"
    top = _tree(
        tmp_path,
        {
            "server/stripe.go": GO_INTERFACE,
            "server/stripe_real.go": GO_REAL,
            "server/payments.go": caller,
        },
    )
    assert _via(top, top=top) == []


# -- Python: a Protocol or ABC the wrapper's class subclasses; TypeScript: `implements` ------

PY_INTERFACES = """\
from typing import Protocol


class BillingService(Protocol):
    def create_checkout(self, price_id: str) -> str: ...
"""
PY_STRIPE = """\
import stripe

from billing.interfaces import BillingService


class StripeBilling(BillingService):
    def create_checkout(self, price_id: str) -> str:
        session = stripe.checkout.Session.create(
            mode="payment",
            success_url="https://shop.example/ok",
            line_items=[{"price": price_id, "quantity": 1}],
        )
        return session.url
"""
PY_VIEWS = """\
from billing.interfaces import BillingService


class CheckoutView:
    def __init__(self, billing: BillingService) -> None:
        self.billing = billing

    def post(self) -> str:
        return self.billing.create_checkout("price_1PyProtocol")
"""
TS_BILLING = """\
import Stripe from "stripe";
import type { Billing } from "./billing";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export class StripeBilling implements Billing {
  async checkout(priceId: string): Promise<string> {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      success_url: "https://shop.example/ok",
      line_items: [{ price: priceId, quantity: 1 }],
    });
    return session.url!;
  }
}
"""
TS_CALLER = """\
import type { Billing } from "../lib/billing";

export class PlanController {
  constructor(private readonly billing: Billing) {}

  pro(): Promise<string> {
    return this.billing.checkout("price_1TsImplements");
  }
}
"""


@pytest.mark.parametrize("family", ["python", "node"])
def test_a_receiver_typed_as_the_protocol_or_interface_its_one_implementer_wraps(
    tmp_path: Path, family: str
) -> None:
    if family == "python":
        files = {
            "billing/__init__.py": "",
            "billing/interfaces.py": PY_INTERFACES,
            "billing/stripe_billing.py": PY_STRIPE,
            "web/views.py": PY_VIEWS,
        }
        caller, line, price = "web/views.py", 9, "price_1PyProtocol"
        second = ("billing/dry_run.py", "class DryRunBilling(BillingService):\n    pass\n")
        mock = ("tests/test_views.py", "class FakeBilling(BillingService):\n    pass\n")
    else:
        files = {
            "lib/billing.ts": "export interface Billing {\n  checkout(priceId: string): "
            "Promise<string>;\n}\n",
            "lib/stripe-billing.ts": TS_BILLING,
            "web/plans.ts": TS_CALLER,
        }
        caller, line, price = "web/plans.ts", 7, "price_1TsImplements"
        second = ("lib/dry-run.ts", "export class DryRun implements Billing {}\n")
        mock = ("lib/billing.test.ts", "class FakeBilling implements Billing {}\n")
    top = _tree(tmp_path, files)
    found = [(f, n, p["line_items"]) for f, n, _, p in _via(top, top=top)]
    assert found == [(caller, line, [{"price": price, "quantity": 1}])]
    # a test's fake is never the object the caller holds
    _tree(tmp_path, dict([mock]))
    assert [(f, n) for f, n, _, _ in _via(top, top=top)] == [(caller, line)]
    # a second real implementer may be: not followed
    _tree(tmp_path, dict([second]))
    assert _via(top, top=top) == []


def test_a_python_base_class_that_is_no_protocol_or_abc_is_not_followed(tmp_path: Path) -> None:
    # BillingService can be instantiated itself: a receiver declared as it may hold one
    concrete = PY_INTERFACES.replace("(Protocol)", "").replace(": ...", ":\n        return ''")
    top = _tree(
        tmp_path,
        {
            "billing/__init__.py": "",
            "billing/interfaces.py": concrete,
            "billing/stripe_billing.py": PY_STRIPE,
            "web/views.py": PY_VIEWS,
        },
    )
    assert _via(top, top=top) == []
    _tree(tmp_path, {"billing/interfaces.py": concrete.replace("Service:", "Service(ABC):")})
    assert [(f, n) for f, n, _, _ in _via(top, top=top)] == [("web/views.py", 9)]


# -- Go: the interface declared in another package ------------------------------------------

GO_PAYMENTS = """\
package billing

type Payments interface {
	Checkout(customerID string, priceID string) (string, error)
}
"""
GO_STRIPE_PAYMENTS = """\
package stripeimpl

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

type StripePayments struct{}

func (p *StripePayments) Checkout(customerID string, priceID string) (string, error) {
	params := &stripe.CheckoutSessionParams{
		Customer:   stripe.String(customerID),
		Mode:       stripe.String("subscription"),
		SuccessURL: stripe.String("https://shop.example/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
		},
	}
	s, err := session.New(params)
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""
GO_HANDLERS = """\
package handlers

import (
	"net/http"

	"example.com/shop/billing"
)

type Handler struct {
	payments billing.Payments
}

func (h *Handler) Subscribe(w http.ResponseWriter, r *http.Request) {
	url, err := h.payments.Checkout(r.FormValue("customer"), "price_1GoPro")
	if err != nil {
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}
"""


def _go_packages(root: Path, folder: str = "shop", **more: str) -> Path:
    """The module ``example.com/shop`` checked out in ``folder``."""
    files = {
        "go.mod": "module example.com/shop\n\ngo 1.21\n",
        "billing/billing.go": GO_PAYMENTS,
        "stripeimpl/stripe.go": GO_STRIPE_PAYMENTS,
        "handlers/handlers.go": GO_HANDLERS,
        **more,
    }
    _tree(root / folder, files)
    return root


@pytest.mark.parametrize("folder", ["shop", "acme__shop-main"])
def test_a_go_interface_declared_in_another_package_than_its_one_implementer(
    tmp_path: Path, folder: str
) -> None:
    # billing declares Payments, stripeimpl implements it, handlers holds a billing.Payments:
    # the call was missed (only interfaces of the wrapper's own package were read); and in a
    # checkout whose folder is not named as the module, the import path "example.com/shop/
    # billing" is the folder billing/ under go.mod (its last two segments are not the folder's)
    top = _go_packages(tmp_path, folder)
    line = GO_STRIPE_PAYMENTS.splitlines().index("\ts, err := session.New(params)") + 1
    wrapper = shown_path(str(top / folder / "stripeimpl/stripe.go"))
    assert _via(top, top=top) == [
        (
            f"{folder}/handlers/handlers.go",
            14,
            f"StripePayments.Checkout at {wrapper}:{line}",
            {
                "customer": {"$dynamic": 'r.FormValue("customer")'},
                "mode": "subscription",
                "success_url": "https://shop.example/ok",
                "line_items": [{"price": "price_1GoPro", "quantity": 1}],
            },
        )
    ]


@pytest.mark.parametrize("mock_path", ["billing/mocks/payments.go", "handlers/handlers_test.go"])
def test_a_go_mock_in_another_package_leaves_the_one_implementer(
    tmp_path: Path, mock_path: str
) -> None:
    mock = (
        "package mocks\n\ntype Payments struct{}\n\n"
        "func (m *Payments) Checkout(customerID string, priceID string) (string, error) {\n"
        '\treturn "", nil\n}\n'
    )
    top = _go_packages(tmp_path, **{mock_path: mock})
    assert [(f, n) for f, n, _, _ in _via(top, top=top)] == [("shop/handlers/handlers.go", 14)]


def test_a_second_go_implementer_or_another_packages_interface_is_not_followed(
    tmp_path: Path,
) -> None:
    # a dry-run type in a third package may be what the field holds: not followed
    dry_run = (
        "package dryrun\n\ntype Payments struct{}\n\n"
        "func (d *Payments) Checkout(customerID string, priceID string) (string, error) {\n"
        '\treturn "https://dry.example", nil\n}\n'
    )
    top = _go_packages(tmp_path, **{"dryrun/dryrun.go": dry_run})
    assert _via(top, top=top) == []
    # the field's interface is another package's (whose Payments does not name Checkout)
    other = tmp_path / "other"
    _go_packages(other)
    _tree(
        other / "shop",
        {
            "handlers/handlers.go": GO_HANDLERS.replace("shop/billing", "shop/audit").replace(
                "billing.Payments", "audit.Payments"
            ),
            "audit/audit.go": "package audit\n\ntype Payments interface {\n\tRecord() error\n}\n",
        },
    )
    assert _via(other, top=other) == []


# -- Java, C#: a test's fake is no implementer ----------------------------------------------

JAVA_INTERFACE = """\
package com.acme.billing;
public interface CheckoutGateway { Object open(String priceId) throws Exception; }
"""
JAVA_GATEWAY = """\
package com.acme.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class StripeCheckoutGateway implements CheckoutGateway {
  public Session open(String priceId) throws Exception {
    return Session.create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .build());
  }
}
"""
JAVA_CALLER = """\
package com.acme.web;

import com.acme.billing.CheckoutGateway;

public class PlanController {
  private final CheckoutGateway gateway;
  public String pro() throws Exception { return gateway.open("price_1JavaIface").toString(); }
}
"""
JAVA_FAKE = """\
package com.acme.web;

import com.acme.billing.CheckoutGateway;

class FakeCheckoutGateway implements CheckoutGateway {
  public Object open(String priceId) { return "https://fake.example/" + priceId; }
}
"""
JAVA_JUNIT_FAKE = """\
package com.acme.web;

import com.acme.billing.CheckoutGateway;
import org.junit.jupiter.api.Test;

class PlanControllerChecks {
  static class Recording implements CheckoutGateway {
    public Object open(String priceId) { return priceId; }
  }

  @Test
  void pro() {}
}
"""
CS_ADAPTER = """\
using Stripe.Checkout;
namespace Acme.Billing;
public interface IStripeAdapter
{
    Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions options);
}
public class StripeAdapter : IStripeAdapter
{
    private readonly SessionService _checkoutSessionsService = new();
    public Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions options) =>
        _checkoutSessionsService.CreateAsync(options);
}
"""
CS_CALLER = """\
using Acme.Billing;
using Stripe.Checkout;
namespace Acme.Commands;
public class TeamCheckoutCommand(IStripeAdapter stripeAdapter)
{
    public Task<Session> Run() => stripeAdapter.CreateCheckoutSessionAsync(
        new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://app.example.com/ok",
            LineItems = [new SessionLineItemOptions { Price = "price_1Team", Quantity = 2 }] });
}
"""
CS_FAKE = """\
using Acme.Billing;
using Stripe.Checkout;
namespace Acme.Testing;
public class FakeStripeAdapter : IStripeAdapter
{
    public Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions options) =>
        Task.FromResult(new Session { Url = "https://fake.example" });
}
"""
CS_XUNIT_FAKE = "using Xunit;\n" + CS_FAKE.replace("FakeStripeAdapter", "RecordingAdapter")


@pytest.mark.parametrize(
    ("family", "fake_path"),
    [
        ("java", "src/test/java/com/acme/web/FakeCheckoutGateway.java"),
        ("java", "src/main/java/com/acme/web/PlanControllerTest.java"),
        ("java", "src/main/java/com/acme/mocks/FakeCheckoutGateway.java"),
        ("java", "src/main/java/com/acme/web/PlanControllerChecks.java"),
        ("csharp", "Acme.Tests/FakeStripeAdapter.cs"),
        ("csharp", "Acme.UnitTests/Fakes/FakeStripeAdapter.cs"),
        ("csharp", "Tests/FakeStripeAdapter.cs"),
        ("csharp", "Acme/Commands/TeamCheckoutCommandTests.cs"),
        ("csharp", "Acme/Fakes/FakeStripeAdapter.cs"),
        ("csharp", "Acme/Commands/Recording.cs"),
    ],
)
def test_a_java_or_csharp_test_fake_of_the_interface_leaves_the_one_implementer(
    tmp_path: Path, family: str, fake_path: str
) -> None:
    if family == "java":
        files = {
            "src/main/java/com/acme/billing/CheckoutGateway.java": JAVA_INTERFACE,
            "src/main/java/com/acme/billing/StripeCheckoutGateway.java": JAVA_GATEWAY,
            "src/main/java/com/acme/web/PlanController.java": JAVA_CALLER,
        }
        caller = ("src/main/java/com/acme/web/PlanController.java", 7)
        fake = JAVA_JUNIT_FAKE if fake_path.endswith("Checks.java") else JAVA_FAKE
    else:
        files = {"Acme/Billing/StripeAdapter.cs": CS_ADAPTER, "Acme/Commands/Team.cs": CS_CALLER}
        caller = ("Acme/Commands/Team.cs", 6)
        fake = CS_XUNIT_FAKE if fake_path.endswith("Recording.cs") else CS_FAKE
    top = _tree(tmp_path, files)
    assert [(f, n) for f, n, _, _ in _via(top, top=top)] == [caller]
    # a test's fake (by its folder, its project, its name or the test framework it uses) is
    # never what the caller holds: the interface still has one implementer
    _tree(tmp_path, {fake_path: fake})
    assert [(f, n) for f, n, _, _ in _via(top, top=top)] == [caller]


@pytest.mark.parametrize("family", ["java", "csharp"])
def test_a_second_real_java_or_csharp_implementer_still_makes_the_interface_ambiguous(
    tmp_path: Path, family: str
) -> None:
    # a class named Fake... in the program's own sources may be wired in (a dry run): counted
    if family == "java":
        files = {
            "src/main/java/com/acme/billing/CheckoutGateway.java": JAVA_INTERFACE,
            "src/main/java/com/acme/billing/StripeCheckoutGateway.java": JAVA_GATEWAY,
            "src/main/java/com/acme/web/PlanController.java": JAVA_CALLER,
            "src/main/java/com/acme/web/FakeCheckoutGateway.java": JAVA_FAKE,
        }
    else:
        files = {
            "Acme/Billing/StripeAdapter.cs": CS_ADAPTER,
            "Acme/Commands/Team.cs": CS_CALLER,
            "Acme/Billing/FakeStripeAdapter.cs": CS_FAKE,
        }
    top = _tree(tmp_path, files)
    assert _via(top, top=top) == []


@pytest.mark.parametrize(
    "server",
    [
        "type Server struct { stripe stripeAPI }",  # review: one line hid the field
        "type Server struct { db int; stripe stripeAPI }",
        'type Server struct {\n\tstripe stripeAPI `json:"-"`\n}',
        "type Server struct {\n\tstripe stripeAPI // the Stripe API\n}",
        "type Server struct {\n\tstripe stripeAPI /* the Stripe API */\n}",
    ],
)
def test_a_go_field_typed_as_the_interface_is_read_whatever_its_layout(
    tmp_path: Path, server: str
) -> None:
    caller = GO_CALLER.replace("type Server struct {\n\tstripe stripeAPI\n}", server)
    assert server in caller
    top = _tree(
        tmp_path,
        {
            "server/stripe.go": GO_INTERFACE,
            "server/stripe_real.go": GO_REAL,
            "server/payments.go": caller,
        },
    )
    line = caller.splitlines().index("\tsess, err := s.stripe.NewCheckoutSession(params)") + 1
    via = _wrapper_at(top / "server/stripe_real.go", GO_REAL)
    assert ("server/payments.go", line, via, GO_SUBSCRIPTION) in _via(top, top=top)


def test_a_go_interface_on_one_line_names_each_of_its_methods(tmp_path: Path) -> None:
    one_line = (
        "type stripeAPI interface { NewPortalSession(p *stripe.BillingPortalSessionParams)"
        " (*stripe.BillingPortalSession, error); NewCheckoutSession(params"
        " *stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error) }\n"
    )
    interface = GO_INTERFACE.split("type stripeAPI", 1)[0] + one_line
    top = _tree(
        tmp_path,
        {
            "server/stripe.go": interface,
            "server/stripe_real.go": GO_REAL,
            "server/payments.go": GO_CALLER,
        },
    )
    via = _wrapper_at(top / "server/stripe_real.go", GO_REAL)
    assert _via(top, top=top) == [
        ("server/payments.go", 18, via, GO_SUBSCRIPTION),
        ("server/payments.go", 26, via, GO_ONE_OFF),
    ]
