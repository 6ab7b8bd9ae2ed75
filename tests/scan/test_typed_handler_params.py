"""A parameter that declares a type is a framework's by its type only; its name decides only
when it declares none (``migrate/scan/wrapper_handlers.py``, ``param_types.py``). A service
method ``CreateCheckout(ctx context.Context, req *CheckoutRequest)`` is a wrapper whose callers'
literal prices are sites; ``(w http.ResponseWriter, r *http.Request)`` stays a handler."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.param_types import declares_type
from migrate.scan.scan import CallSite, ScanStats


def _sites(root: Path, files: dict[str, str]) -> list[CallSite]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return sites


GO_SERVICE = """\
package billing

import (
	"context"
	"net/http"

	stripe "github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/checkout/session"
)

type CheckoutRequest struct {
	PriceID  string
	Quantity int64
}

type Service struct{}

func (s *Service) CreateCheckout(
	ctx context.Context, req *CheckoutRequest,
) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String("subscription"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(req.PriceID), Quantity: stripe.Int64(req.Quantity)},
		},
		SuccessURL: stripe.String("https://example.com/ok"),
	}
	params.Context = ctx
	return session.New(params)
}

func Checkout(w http.ResponseWriter, r *http.Request) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String("subscription"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(r.FormValue("price")), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String("https://example.com/ok"),
	}
	s, _ := session.New(params)
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}
"""
GO_CALLER = """\
package billing

import (
	"context"
	"net/http/httptest"
)

func Job(ctx context.Context, svc *Service) {
	svc.CreateCheckout(ctx, &CheckoutRequest{PriceID: "price_pro_monthly", Quantity: 3})
}

func TestCheckout() {
	Checkout(httptest.NewRecorder(), httptest.NewRequest("POST", "/checkout?price=price_x", nil))
}
"""
TS_LIB = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export interface CheckoutRequest { priceId: string; quantity: number }

export async function createCheckout(req: CheckoutRequest) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: req.priceId, quantity: req.quantity }],
    success_url: "https://example.com/ok",
  });
}

export async function POST(request: Request) {
  const body = await request.json();
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: body.price, quantity: 1 }],
    success_url: "https://example.com/ok",
  });
}
"""
TS_CALLER = """\
import { createCheckout, POST } from "../lib/billing";

export async function buy() {
  await POST(new Request("https://example.com", { method: "POST" }));
  return createCheckout({ priceId: "price_pro_monthly", quantity: 2 });
}
"""
JAVA_SERVICE = """\
package com.shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class BillingService {
  public Session createSession(String request) throws Exception {
    return Session.create(SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .setSuccessUrl("https://example.com/ok")
        .addLineItem(SessionCreateParams.LineItem.builder()
            .setPrice(request).setQuantity(2L).build())
        .build());
  }
}
"""
JAVA_CALLER = """\
package com.shop;

public class Jobs {
  private final BillingService billing = new BillingService();

  public String pro() throws Exception {
    return billing.createSession("price_pro_monthly").getUrl();
  }
}
"""
PY_VIEWS = """\
import stripe


def create(request: "CheckoutRequest"):
    return stripe.checkout.Session.create(
        mode="payment", success_url="https://example.com/ok",
        line_items=[{"price": request.price, "quantity": 1}])


def view(request):
    return stripe.checkout.Session.create(
        mode="payment", success_url="https://example.com/ok",
        line_items=[{"price": request.POST["price"], "quantity": 1}])
"""
PY_CALLER = """\
from shop.views import create, view


def buy(req):
    view(req)
    return create(CheckoutRequest(price="price_1A"))
"""


@pytest.mark.parametrize(
    ("files", "caller", "price"),
    [
        ({"billing/service.go": GO_SERVICE, "billing/jobs.go": GO_CALLER}, "jobs.go", 3),
        ({"lib/billing.ts": TS_LIB, "app/buy.ts": TS_CALLER}, "buy.ts", 2),
        ({"BillingService.java": JAVA_SERVICE, "Jobs.java": JAVA_CALLER}, "Jobs.java", 2),
    ],
    ids=["go-ctx-and-typed-req", "ts-typed-req", "java-string-named-request"],
)
def test_a_typed_parameter_named_like_a_request_is_the_caller_s(
    tmp_path: Path, files: dict[str, str], caller: str, price: int
) -> None:
    sites = _sites(tmp_path, files)
    called = [s for s in sites if s.file.endswith(caller)]
    assert len(called) == 1  # the wrapper's call; the handler's test call is no site
    (site,) = called
    assert site.via is not None
    assert site.params["line_items"][0]["price"] == "price_pro_monthly"
    assert site.params["line_items"][0]["quantity"] == price


def test_an_untyped_request_is_the_framework_s_a_typed_one_by_its_type(tmp_path: Path) -> None:
    sites = _sites(tmp_path, {"shop/views.py": PY_VIEWS, "shop/buy.py": PY_CALLER})
    (site,) = [s for s in sites if s.file.endswith("buy.py")]  # view(req): a handler, no site
    assert site.via is not None and "create" in site.callee


@pytest.mark.parametrize(
    ("declaration", "name", "family", "typed"),
    [
        ("req *CheckoutRequest", "req", "go", True),
        ("ctx context.Context", "ctx", "go", True),
        ("req: CheckoutRequest", "req", "node", True),
        ("req = {}", "req", "node", False),
        ("{ priceId, request }", "{ priceId, request }", "node", False),
        ("{ request }: Props", "{ request }", "node", True),
        ("@RequestBody final CheckoutRequest request", "request", "java", True),
        ("request=None", "request", "python", False),
        ('request: "CheckoutRequest" = None', "request", "python", True),
        ("$request = null", "$request", "php", False),
        ("CheckoutRequest $request", "$request", "php", True),
        ("request: nil", "request", "ruby", False),
    ],
)
def test_declares_type(declaration: str, name: str, family: str, typed: bool) -> None:
    assert declares_type(declaration, name, family) is typed


ANY_HANDLERS = {
    "pages/api/pay.ts": """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
export default async function handler(req: any, res: any) {
  const body = JSON.parse(req.body);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: body.priceId, quantity: 1 }],
    success_url: "https://example.com/ok",
  });
  res.json({ url: session.url });
}
""",
    "shop/views.py": """\
from typing import Any

import stripe


def pay(request: Any):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": request.POST["price"], "quantity": 1}],
        success_url="https://example.com/ok",
    )
""",
}


def test_a_request_typed_any_is_told_by_its_name(tmp_path: Path) -> None:
    """``handler(req: any, res: any)`` declares no type that says whose the parameters are:
    a handler, not a wrapper its callers (none) would set (it was blocked "a wrapper" by the
    list its body reads from the request)."""
    sites = _sites(tmp_path, ANY_HANDLERS)
    assert sorted(Path(s.file).name for s in sites) == ["pay.ts", "views.py"]
    assert all(s.via is None for s in sites)
    assert all(not any(f.code == "X014" for f in s.findings) for s in sites)


ROUTED = {
    "app/routes.py": """\
import stripe
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Cart(BaseModel):
    price: str
    qty: int


@router.post("/checkout")
async def checkout(cart: Cart):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": cart.price, "quantity": cart.qty}],
        success_url="https://example.com/ok",
    )
""",
    "src/pay.controller.ts": """\
import { Body, Controller, Post } from "@nestjs/common";
import Stripe from "stripe";

class CheckoutDto {
  priceId!: string;
}

@Controller("pay")
export class PayController {
  private stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

  @Post("checkout")
  async checkout(@Body() dto: CheckoutDto) {
    return this.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: dto.priceId, quantity: 1 }],
      success_url: "https://example.com/ok",
    });
  }
}
""",
}


def test_a_function_mapped_to_a_route_by_its_decorator_is_a_handler(tmp_path: Path) -> None:
    """FastAPI's ``@router.post`` and NestJS's ``@Post()`` bind the function's typed parameters
    from the request, as Spring's ``@PostMapping`` does: no wrapper (its site said "Set by the
    caller of checkout", a caller the project does not have)."""
    sites = _sites(tmp_path, ROUTED)
    assert sorted(Path(s.file).name for s in sites) == ["pay.controller.ts", "routes.py"]
    for site in sites:
        assert not any(f.code == "X014" for f in site.findings), site.file
        assert not any("caller of" in f.message for f in site.findings), site.file


SERVER_ACTION = """\
"use server";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function buyCredits(formData: FormData) {
  const credits = Number(formData.get("credits"));
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_credit", quantity: credits }],
    metadata: { credits: credits.toString(), source: `form-${credits}` },
    success_url: "https://example.com/ok",
  });
  return session.url;
}
"""


def test_a_server_action_taking_form_data_is_a_handler(tmp_path: Path) -> None:
    """A Next.js server action gets the posted form (``FormData``) from the framework: no
    wrapper. Its metadata values that are text already are written as they are (it was
    ``String(credits.toString())``)."""
    (site,) = _sites(tmp_path, {"app/actions.ts": SERVER_ACTION})
    assert site.via is None
    assert not any(f.code == "X014" for f in site.findings)
    text = site.suggestion or ""
    assert "credits: credits.toString()," in text
    assert "source: `form-${credits}`," in text
