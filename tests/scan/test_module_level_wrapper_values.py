"""A Python or TypeScript wrapper that sells a price kept in a module-level variable it does
not hold to one value (``pro_price = None`` set by ``configure()``, ``let proPrice`` reset by
``setPro()``): a call from another module cannot name it, unless that module imports it.

Probe after the Go/Kotlin fixes: a view calling ``open_checkout(email)`` had ``pro_price``
written as it is - the view module's own ``pro_price`` (an old price), sold without a word, or
a NameError. Such a call now writes ``TODO_<name>`` (X021); a module that imports the name from
the wrapper's (``from billing import pro_price``) keeps it, as does a call in the same module."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

PYTHON = {
    "billing.py": """import stripe

pro_price = None


def configure(settings):
    global pro_price
    pro_price = settings.PRO_PRICE


def open_checkout(email):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=email,
        line_items=[{"price": pro_price, "quantity": 1}],
        success_url="https://shop.test/ok",
    )


def open_mine():
    return open_checkout("me@shop.test")
""",
    "views.py": """from billing import open_checkout

pro_price = "price_1Legacy"


def upgrade(request):
    return open_checkout(request.user.email).url
""",
    "admin.py": """from billing import open_checkout, pro_price


def grant(request):
    print(pro_price)
    return open_checkout(request.user.email).url
""",
}

TYPESCRIPT = {
    "billing.ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export let proPrice = process.env.PRO_PRICE!;
export function setPro(p: string) {
  proPrice = p;
}
export async function openPro(email: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: proPrice, quantity: 1 }],
    success_url: "https://x.test/ok",
  });
}
export async function openMine() {
  return openPro("me@x.test");
}
""",
    "views.ts": """import { openPro } from "./billing";
const proPrice = "price_1Legacy";
export async function POST(req: Request) {
  const { email } = await req.json();
  console.log(proPrice);
  return Response.json(await openPro(email));
}
""",
    "admin.ts": """import { openPro, proPrice } from "./billing";
export async function grant(email: string) {
  console.log(proPrice);
  return openPro(email);
}
""",
}


@pytest.mark.parametrize("files", [PYTHON, TYPESCRIPT], ids=["python", "typescript"])
def test_a_module_variable_of_the_wrapper_is_named_only_where_it_is_seen(
    tmp_path: Path, files: dict[str, str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    calls = {
        Path(s.file).stem: s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via
    }
    name = "pro_price" if "billing.py" in files else "proPrice"
    view = {d.path: d.source for d in calls["views"].dynamic}
    assert view["line_items[0].price"] == f"TODO_{name}"
    (said,) = [f for f in calls["views"].findings if f.code == "X021"]
    assert said.path == "line_items[0].price"
    assert f"its module's variable `{name}`" in said.message  # not "its local"
    for seen in ("admin", "billing"):  # imports it; its own module
        sources = {d.path: d.source for d in calls[seen].dynamic}
        assert sources["line_items[0].price"] == name
        assert not [f for f in calls[seen].findings if f.code == "X021"]


PORTABLE = {
    "python": {
        "billing.py": """import os

import stripe

SITE_URL = os.environ.get("SITE_URL", "https://shop.test")
PLAN = "price_1Pro"


def open_checkout(email):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=email,
        line_items=[{"price": PLAN, "quantity": 1}],
        success_url=SITE_URL + "/ok",
    )
""",
        "views.py": """from billing import open_checkout


def upgrade(request):
    return open_checkout(request.user.email).url
""",
    },
    "typescript": {
        "billing.ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const SITE_URL = process.env.SITE_URL ?? "https://shop.test";
const PLAN = "price_1Pro";
export async function openPro(email: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: PLAN, quantity: 1 }],
    success_url: `${SITE_URL}/ok`,
  });
}
""",
        "views.ts": """import { openPro } from "./billing";
export async function POST(req: Request) {
  const { email } = await req.json();
  return Response.json(await openPro(email));
}
""",
    },
}
WRITTEN = {
    "python": 'os.environ.get("SITE_URL", "https://shop.test") + "/ok"',
    "typescript": '`${(process.env.SITE_URL ?? "https://shop.test")}/ok`',
}


@pytest.mark.parametrize("language", sorted(PORTABLE))
def test_a_module_value_a_caller_can_compute_is_written_out_there(
    tmp_path: Path, language: str
) -> None:
    # a module's environment read (bound once, never changed) was TODO_<name> at a caller in
    # another module: the return URL left for the team to fill in; it is the same read there
    for name, text in PORTABLE[language].items():
        (tmp_path / name).write_text(text)
    (view,) = [
        s
        for s in scan_paths([str(tmp_path)])
        if s.kind == "create" and s.via and Path(s.file).stem == "views"
    ]
    sources = {d.path: d.source for d in view.dynamic}
    assert sources["success_url"] == WRITTEN[language]
    assert not [f for f in view.findings if f.code == "X021"]
    code = view.suggestion or ""
    assert "TODO" not in code
    if language == "python":
        assert "import os\n" in code  # the caller's module may not import it
        assert 'return_url=os.environ.get("SITE_URL", "https://shop.test") + "/ok",' in code
    else:
        assert 'return_url: `${(process.env.SITE_URL ?? "https://shop.test")}/ok`,' in code


FLAGGED = {
    "python": {
        "billing.py": """import os

import stripe

DEBUG = os.environ.get("APP_ENV") == "development"


def open_checkout(email):
    base = "http://localhost:8000" if DEBUG else "https://shop.test"
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=email,
        line_items=[{"price": "price_1Pro", "quantity": 1}],
        success_url=base + "/ok",
        cancel_url=base + ("/dev" if not DEBUG else "/no"),
    )
""",
        "views.py": PORTABLE["python"]["views.py"],
    },
    "typescript": {
        "billing.ts": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const isDev = process.env.NODE_ENV === "development";
export async function openPro(email: string) {
  const base = isDev ? "http://localhost:3000" : "https://shop.test";
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: "price_1Pro", quantity: 1 }],
    success_url: `${base}/ok`,
    cancel_url: !isDev ? `${base}/no` : base,
  });
}
""",
        "views.ts": PORTABLE["typescript"]["views.ts"],
    },
}


@pytest.mark.parametrize("language", sorted(FLAGGED))
def test_a_module_flag_comparing_an_environment_read_is_written_out_at_a_caller(
    tmp_path: Path, language: str
) -> None:
    # `const isDev = process.env.NODE_ENV === "development"` choosing the wrapper's base URL
    # was TODO_isDev at a caller in another module (X021), both URLs defined nowhere
    for name, text in FLAGGED[language].items():
        (tmp_path / name).write_text(text)
    (view,) = [
        s
        for s in scan_paths([str(tmp_path)])
        if s.kind == "create" and s.via and Path(s.file).stem == "views"
    ]
    assert not [f for f in view.findings if f.code == "X021"]
    code = view.suggestion or ""
    assert "TODO" not in code
    if language == "python":
        flag = '(os.environ.get("APP_ENV") == "development")'
        assert f'"http://localhost:8000" if {flag} else "https://shop.test"' in code
        assert f'"/dev" if not {flag} else "/no"' in code
    else:
        flag = '(process.env.NODE_ENV === "development")'
        assert f'{flag} ? "http://localhost:3000" : "https://shop.test"' in code
        assert f"(!{flag}) ?" in code
