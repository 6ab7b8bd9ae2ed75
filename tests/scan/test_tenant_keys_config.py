"""A key read from the framework's configuration passed in as a parameter (Symfony's injected
``ParameterBagInterface``, ASP.NET's ``IConfiguration`` in a minimal API handler, FastAPI's
``Depends(get_settings)``, Spring's ``@Value`` and ``Environment``) is the platform's, the same
for every call: it blocked as a tenant's own key (X029), because the parameter is the call's
(read in a Symfony shop: ``$stripeSK = $param->get('stripe_secret_key')``). A parameter of one
store's own configuration type stays a tenant's (``test_tenant_keys.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SYMFONY = """<?php
namespace App\\Controller;
use Symfony\\Component\\DependencyInjection\\ParameterBag\\ParameterBagInterface;
class PayController
{
    public function pay(int $cartId, ParameterBagInterface $parameters)
    {
        \\Stripe\\Stripe::setApiKey($parameters->get('stripe_secret'));
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment', 'success_url' => 'https://x.example/ok',
            'line_items' => [['price' => 'price_A', 'quantity' => 1]],
        ]);
    }
}
"""

MINIMAL_API = """using Stripe;
using Stripe.Checkout;
var app = WebApplication.CreateBuilder(args).Build();
app.MapPost("/checkout", async (IConfiguration config) =>
{
    StripeConfiguration.ApiKey = config["Stripe:SecretKey"];
    var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://x.example/ok",
        LineItems = new List<SessionLineItemOptions> { new() { Price = "price_A", Quantity = 1 } },
    };
    var session = await new SessionService().CreateAsync(options);
    return Results.Ok(session.Url);
});
app.Run();
"""

FASTAPI = """import stripe
from fastapi import Depends, FastAPI
from .config import Settings, get_settings

app = FastAPI()

@app.post("/checkout")
def checkout(settings: Settings = Depends(get_settings)):
    stripe.api_key = settings.stripe_secret_key
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_A", "quantity": 1}],
        success_url="https://x.example/ok",
    )
"""

SPRING = """import com.stripe.Stripe;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
public class PayController {
    public String pay(@Value("${stripe.secret}") String secret) throws Exception {
        Stripe.apiKey = secret;
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT).setSuccessUrl("https://x.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_A")
                .setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }
    public String env(Environment env) throws Exception {
        Stripe.apiKey = env.getProperty("stripe.secret");
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT).setSuccessUrl("https://x.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_A")
                .setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }
}
"""


@pytest.mark.parametrize(
    ("name", "text", "calls"),
    [
        ("PayController.php", SYMFONY, 1),
        ("Program.cs", MINIMAL_API, 1),
        ("api.py", FASTAPI, 1),
        ("PayController.java", SPRING, 2),
    ],
)
def test_a_key_from_the_injected_configuration_is_the_platform_s(
    tmp_path: Path, name: str, text: str, calls: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    assert len(sites) == calls
    for site in sites:
        assert "X029" not in {f.code for f in site.findings}, site.line
        assert site.verdict != "blocked"
