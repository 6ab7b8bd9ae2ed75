"""A caller's argument with effects (``go(await request.json())``, ``go(next(it))``,
``go(make_params())``) that the wrapper uses more than once: the caller's suggested Dodo call
wrote the argument into each use (``(await request.json()).redirectURL`` twice), reading a
request body twice (the second read throws) or running a call again. It is now bound once to
a local named after the wrapper's parameter (numbered when the caller uses that name), written
before the call; a plain name, member or index argument, or one used once, stays inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems

PY = """import stripe


def go(data):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_123", "quantity": 1}],
        metadata={"plan": data["plan"]},
        success_url=data["url"],
        cancel_url=data["url"],
    )


def once(data):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_123", "quantity": 1}],
        success_url=data["url"],
    )


async def view(request):
    return go(await request.json())


def view2(it):
    return go(next(it))


def view3(data):
    return go(make_params(data))


def view4(p):
    return go(p.data)


def view5(p):
    return once(make_params(p))
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function handler(request: Request) {
  return go(await request.json());
}

async function go(body: any) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_123", quantity: 1 }],
    metadata: { plan: body.plan },
    success_url: body.redirectURL,
    cancel_url: body.redirectURL,
  });
  return session.url;
}
"""


def _callers(text: str, name: str, language: str) -> dict[int, str]:
    sites = [s for s in scan_source(text, name, BY_NAME[language]) if s.via]
    return {s.line: s.suggestion or "" for s in sites}


def test_an_awaited_python_argument_is_read_once() -> None:
    text = _callers(PY, "pay.py", "python")[23]
    assert "data = await request.json()\nclient.checkout_sessions.create(" in text
    assert text.count('return_url=data["url"],') == 1
    assert text.count('cancel_url=data["url"],') == 1
    assert '"plan": str(data["plan"]),' in text
    assert text.count("request.json()") == 1


def test_a_call_argument_is_read_once_under_a_name_the_caller_does_not_use() -> None:
    sites = _callers(PY, "pay.py", "python")
    assert "data = next(it)\n" in sites[27]
    assert 'cancel_url=data["url"],' in sites[27]
    assert sites[27].count("next(it)") == 1
    # the caller's own parameter is `data`: the local is data2
    assert "data2 = make_params(data)\n" in sites[31]
    assert 'cancel_url=data2["url"],' in sites[31]


def test_a_plain_argument_or_one_used_once_stays_inline() -> None:
    sites = _callers(PY, "pay.py", "python")
    assert sites[35].count('p.data["url"]') == 2
    assert " = p.data" not in sites[35]
    assert 'return_url=make_params(p)["url"],' in sites[39]
    assert " = make_params" not in sites[39]


def test_an_awaited_typescript_argument_is_read_once() -> None:
    (text,) = _callers(TS, "route.ts", "typescript").values()
    assert "const body = await request.json();\nclient.checkoutSessions.create(" in text
    assert "return_url: body.redirectURL," in text
    assert "cancel_url: body.redirectURL," in text
    assert text.count("request.json()") == 1


@pytest.mark.slow
def test_the_suggestions_read_once_type_check(tmp_path: Path) -> None:
    sites = _callers(PY, "pay.py", "python")
    (tmp_path / "py").mkdir()
    signature = "async def view(request: Any) -> str | None"
    assert mypy_problems(tmp_path / "py", sites[23], signature) == ""
    (text,) = _callers(TS, "route.ts", "typescript").values()
    context = TS[: TS.index("  return go(")] + CUT + "\n"
    assert tsc_problems(tmp_path, context, text) == ""


JAVA = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class Billing {
    Session seats(String customer, String seats) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .setSuccessUrl("https://shop.test/ok")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice("price_seat")
                        .setQuantity(Long.parseLong(seats))
                        .build())
                .setCustomer(customer)
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .putMetadata("seats", seats)
                .build();
        return Session.create(params);
    }
}

class Desk {
    private Billing billing;

    String buy(Team team) throws Exception {
        return billing.seats(team.getStripeId(), String.valueOf(team.getSize())).getUrl();
    }
}
"""


def test_a_local_read_inside_a_call_keeps_the_call_s_parentheses() -> None:
    # String.valueOf(team.getSize()) is a call: bound once to `seats`. The metadata value
    # String.valueOf(<argument>) read it as String.valueOfseats, which javac refuses.
    (text,) = _callers(JAVA, "Shop.java", "java").values()
    assert "var seats = String.valueOf(team.getSize());\n" in text
    assert "DodoJson.of(Long.parseLong(seats))" in text
    assert "DodoJson.of(seats))" in text  # text already: not String.valueOf again
    assert "valueOfseats" not in text
    assert text.count("team.getSize()") == 1
