"""A web framework's handler is the program's entry point, not a creation API: a function whose
parameters are all a framework's (by name, or by type: Go's ``http.ResponseWriter`` and
``*http.Request``, ``NextRequest``, PHP's ``Request``...) or a method mapped to a route (Spring's
``@PostMapping``, an ASP.NET action) is no wrapper (``migrate/scan/wrapper_handlers.py``): its own
creation is reported as a creation, and its callers (a handler delegating to it, a server test
calling it with a recorder) are no creation sites. A helper that takes the request *and* values
of its caller stays a wrapper of those values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree


def _seen(top: Path) -> list[tuple[str, int, str | None, bool]]:
    return sorted(
        (Path(s.file).relative_to(top).as_posix(), s.line, s.wrapper, s.via is not None)
        for s in _creates(top)
    )


GO_MOD = "module example.com/shop\n\ngo 1.21\n"
GO_HANDLERS = """\
package web

import (
	"net/http"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

type Handler struct{ BaseURL string }

func (h *Handler) Checkout(w http.ResponseWriter, r *http.Request) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String("subscription"),
		SuccessURL: stripe.String(h.BaseURL + "/ok"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(r.FormValue("price")), Quantity: stripe.Int64(1)},
		},
	}
	s, _ := session.New(params)
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}

func buy(w http.ResponseWriter, r *http.Request) {
	session.New(&stripe.CheckoutSessionParams{
		Mode:          stripe.String("payment"),
		SuccessURL:    stripe.String("https://shop.example/ok"),
		CustomerEmail: stripe.String(r.URL.Query().Get("email")),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String("price_1Book"), Quantity: stripe.Int64(1)},
		},
	})
}

func startCheckout(w http.ResponseWriter, r *http.Request, price string) {
	session.New(&stripe.CheckoutSessionParams{
		Mode:          stripe.String("payment"),
		SuccessURL:    stripe.String("https://shop.example/ok"),
		CustomerEmail: stripe.String(r.FormValue("email")),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(price), Quantity: stripe.Int64(1)},
		},
	})
}

func Routes(h *Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/checkout", h.Checkout)
	mux.HandleFunc("/buy", buy)
	mux.HandleFunc("/gift", func(w http.ResponseWriter, r *http.Request) { buy(w, r) })
	mux.HandleFunc("/pro", func(w http.ResponseWriter, r *http.Request) {
		startCheckout(w, r, "price_1Pro")
	})
	return mux
}
"""
GO_MAIN = """\
package main

import (
	"net/http"
	"net/http/httptest"

	"example.com/shop/web"
)

func main() {
	h := &web.Handler{BaseURL: "https://shop.example"}
	rec := httptest.NewRecorder()
	r, _ := http.NewRequest("POST", "/checkout", nil)
	h.Checkout(rec, r)
	http.ListenAndServe(":8080", web.Routes(h))
}
"""


def test_go_net_http_handlers_are_no_wrappers(tmp_path: Path) -> None:
    top = _tree(
        tmp_path, {"go.mod": GO_MOD, "web/handlers.go": GO_HANDLERS, "cmd/main.go": GO_MAIN}
    )
    assert _seen(top) == [
        ("web/handlers.go", 20, None, False),  # the handlers' own creations: no wrappers
        ("web/handlers.go", 25, None, False),
        ("web/handlers.go", 36, "startCheckout(w, r, price)", False),  # the caller's price
        ("web/handlers.go", 52, None, True),  # via startCheckout; `buy(w, r)` is no site
    ]  # nor is `h.Checkout(rec, r)` in main


PHP_CONTROLLER = """\
<?php
namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use Stripe\\Checkout\\Session;

class CheckoutController
{
    public function store(Request $r)
    {
        return Session::create([
            'mode' => 'payment',
            'success_url' => route('thanks'),
            'line_items' => [['price' => $r->input('price'), 'quantity' => 1]],
        ]);
    }

    public function gift(Request $r)
    {
        return $this->store($r);
    }
}
"""
TS_ROUTE = """\
import Stripe from "stripe";
import type { NextRequest } from "next/server";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(rq: NextRequest) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    success_url: "https://shop.example/ok",
    line_items: [{ price: rq.nextUrl.searchParams.get("price")!, quantity: 1 }],
  });
}

export async function PUT(rq: NextRequest) {
  return POST(rq);
}
"""
JAVA_CONTROLLER = """\
package shop.web;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.springframework.web.bind.annotation.*;

@RestController
public class CheckoutController {
    @PostMapping("/checkout")
    public String checkout(@RequestParam String priceId) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }

    @PostMapping("/gift")
    public String gift() throws Exception {
        return checkout("price_1Gift");
    }
}
"""
CSHARP_CONTROLLER = """\
using Microsoft.AspNetCore.Mvc;
using Stripe.Checkout;

public class CheckoutController : Controller
{
    [HttpPost]
    public IActionResult Create([FromForm] string priceId)
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = "https://shop.example/ok",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 },
            },
        };
        var session = new SessionService().Create(options);
        return Redirect(session.Url);
    }

    [HttpPost]
    public IActionResult Gift()
    {
        return Create("price_1Gift");
    }
}
"""


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("app/Http/Controllers/CheckoutController.php", PHP_CONTROLLER, 11),
        ("app/api/pay/route.ts", TS_ROUTE, 7),
        ("src/main/java/shop/web/CheckoutController.java", JAVA_CONTROLLER, 16),
        ("Controllers/CheckoutController.cs", CSHARP_CONTROLLER, 18),
    ],
    ids=["laravel-request", "next-request", "spring-mapping", "aspnet-action"],
)
def test_handlers_by_type_or_route_mapping_are_no_wrappers(
    tmp_path: Path, name: str, code: str, line: int
) -> None:
    top = _tree(tmp_path, {name: code})
    assert _seen(top) == [(name, line, None, False)]  # the delegating action is no site
