"""The names a wrapper's module imports, named by its Dodo call at a caller in another file (a
Supabase function's ``createCheckoutSession({ priceId, resultPagePath, ... })`` whose wrapper
sets ``return_url: buildReturnUrl(resultPagePath)`` with ``buildReturnUrl`` from
``./return-url``). Written at the caller, the Dodo call named a function the caller's file does
not import: it would not compile. Each such name the caller's file neither imports nor declares
is imported in the caller's suggestion: a file of the tree by a path from the caller's file
(with its suffix on Deno), a package or an alias path as the wrapper writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.sdk_checks import mypy_problems, tsc_problems
from tests.scan.trees import write_tree

URLS_TS = """export function pageUrl(path: string): string {
  return `https://tickets.example${path}`;
}
"""

BILLING_TS = """import Stripe from "stripe";
import { pageUrl } from "./urls";
import { slugify } from "@/text";
import { thanks } from "./pages";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function openCheckout(eventPrice: string, seats: number, back: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: eventPrice, quantity: seats }],
    success_url: pageUrl(back),
    cancel_url: "https://tickets.example/thanks",
    metadata: { ref: slugify(back) },
  });
  return session.url;
}
"""

ROUTE_TS = """import { openCheckout } from "../../lib/billing";

export async function POST(req: Request) {
  const body = (await req.json()) as { price: string; seats: number; back: string };
  const url = await openCheckout(body.price, body.seats, body.back);
  return Response.json({ url });
}
"""

URLS_PY = """def page_url(path: str) -> str:
    return "https://tickets.example" + path
"""

BILLING_PY = """import stripe

from .urls import page_url


def open_checkout(event_price: str, seats: int, back: str) -> str:
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": event_price, "quantity": seats}],
        success_url=page_url(back),
    )
    return session.url
"""

VIEWS_PY = """from tickets.billing import open_checkout


def buy(request):
    return open_checkout(request.POST["price"], 2, "/done")
"""


def _caller(tree: Path, name: str) -> CallSite:
    (site,) = [s for s in scan_paths([str(tree)]) if s.kind == "create" and s.file.endswith(name)]
    assert site.via is not None
    return site


def test_a_typescript_wrapper_s_imports_are_imported_at_its_caller(tmp_path: Path) -> None:
    files = {"lib/urls.ts": URLS_TS, "lib/billing.ts": BILLING_TS, "app/buy/route.ts": ROUTE_TS}
    files["lib/pages.ts"] = 'export const thanks = "/thanks";\n'
    text = _caller(write_tree(tmp_path, files), "route.ts").suggestion
    assert '// import { pageUrl } from "../../lib/urls";' in text
    assert '// import { slugify } from "@/text";' in text  # an alias path, as written
    assert "return_url: pageUrl(body.back)," in text
    assert "Stripe" not in text.replace("stripe2dodo", "")  # not named by the Dodo call
    assert "thanks }" not in text  # a word of a string is no use of the name


def test_a_python_wrapper_s_imports_are_imported_at_its_caller(tmp_path: Path) -> None:
    files = {
        "tickets/__init__.py": "",
        "tickets/urls.py": URLS_PY,
        "tickets/billing.py": BILLING_PY,
        "tickets/web/__init__.py": "",
        "tickets/web/views.py": VIEWS_PY,
    }
    text = _caller(write_tree(tmp_path, files), "views.py").suggestion
    assert "from tickets.urls import page_url" in text.splitlines()
    assert 'return_url=page_url("/done"),' in text  # the caller's argument


TWO_DEEP = {
    "config.py": 'FRONTEND_URL = "https://app.example.com"\n',
    "billing/__init__.py": "",
    "billing/checkout.py": """import stripe
from config import FRONTEND_URL


def start_checkout(price_id, user_id):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=f"{FRONTEND_URL}/done",
        client_reference_id=str(user_id),
    )
""",
    "billing/orchestrator.py": """from billing.checkout import start_checkout

PRICES = {"pro": "price_pro", "team": "price_team"}


def orchestrate(tier, user_id):
    return start_checkout(PRICES[tier], user_id)
""",
    "routes/__init__.py": "",
    "routes/billing.py": """from billing.orchestrator import orchestrate


def checkout(user, body):
    return orchestrate(body.tier, user.id)
""",
}


def test_a_call_two_wrappers_deep_imports_what_the_innermost_module_imports(
    tmp_path: Path,
) -> None:
    """Paciolus: route -> orchestrator -> the Stripe call, whose module imports FRONTEND_URL;
    the route's suggestion named it without importing it (a NameError)."""
    text = _caller(write_tree(tmp_path, TWO_DEEP), "routes/billing.py").suggestion
    assert "from config import FRONTEND_URL" in text.splitlines()
    assert 'return_url=f"{FRONTEND_URL}/done",' in text


def test_a_name_the_caller_has_is_not_imported_again(tmp_path: Path) -> None:
    route = 'import { pageUrl } from "../../lib/urls";\n' + ROUTE_TS
    files = {"lib/urls.ts": URLS_TS, "lib/billing.ts": BILLING_TS, "app/buy/route.ts": route}
    text = _caller(write_tree(tmp_path, files), "route.ts").suggestion
    assert "// import { pageUrl }" not in text


def test_a_deno_caller_imports_the_file_by_its_name(tmp_path: Path) -> None:
    billing = BILLING_TS.replace('"./urls"', '"./urls.ts"').replace(
        'import { slugify } from "@/text";\n', ""
    )
    billing = billing.replace("    metadata: { ref: slugify(back) },\n", "")
    billing = billing.replace("process.env.STRIPE_SECRET_KEY", 'Deno.env.get("STRIPE_KEY")')
    route = ROUTE_TS.replace('"../../lib/billing"', '"../_shared/billing.ts"')
    route = route.replace("export async function POST", "Deno.serve(async function POST")
    files = {
        "supabase/functions/_shared/urls.ts": URLS_TS,
        "supabase/functions/_shared/billing.ts": billing,
        "supabase/functions/buy/index.ts": route.rstrip("\n") + ");\n",
    }
    text = _caller(write_tree(tmp_path, files), "index.ts").suggestion
    assert '// import { pageUrl } from "../_shared/urls.ts";' in text


@pytest.mark.slow
def test_the_typescript_caller_s_dodo_call_type_checks(tmp_path: Path) -> None:
    billing = BILLING_TS.replace('import { slugify } from "@/text";\n', "").replace(
        "    metadata: { ref: slugify(back) },\n", ""
    )
    files = {
        "urls.ts": URLS_TS,
        "billing.ts": billing,
        "route.ts": ROUTE_TS.replace("../../lib/", "./"),
    }
    site = _caller(write_tree(tmp_path / "tree", files), "route.ts")
    (line,) = [x for x in site.suggestion.splitlines() if "{ pageUrl }" in x]
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo-ids.ts.golden"
    source = (
        'import { dodoProductId } from "./dodo-ids";\n'
        + line.removeprefix("// ")
        + "\n"
        + "export async function POST(req: Request) {\n"
        "  const body = (await req.json()) as { price: string; seats: number; back: string };\n"
        "  const session = await stripe.checkout.sessions.create(\n"
    )
    extra = {"dodo-ids.ts": ids.read_text(encoding="utf-8"), "urls.ts": URLS_TS}
    problems = tsc_problems(tmp_path, source, site.suggestion, files=extra)
    assert problems == "", problems


@pytest.mark.slow
def test_the_python_caller_s_dodo_call_type_checks(tmp_path: Path) -> None:
    files = {
        "tickets/__init__.py": "",
        "tickets/urls.py": URLS_PY,
        "tickets/billing.py": BILLING_PY,
        "tickets/web/__init__.py": "",
        "tickets/web/views.py": VIEWS_PY,
    }
    site = _caller(write_tree(tmp_path / "tree", files), "views.py")
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo_ids.py.golden"
    check = write_tree(
        tmp_path / "check",
        {
            "tickets/__init__.py": "",
            "tickets/urls.py": URLS_PY,
            "dodo_ids.py": ids.read_text(encoding="utf-8"),
        },
    )
    problems = mypy_problems(check, site.suggestion, "def buy(request: Any) -> str | None")
    assert problems == "", problems
