"""A function of the wrapper's own module that its params call is imported at a caller.

Read in a Django workspace app: ``create_checkout(customer, seats)`` in
``corporate/services.py`` sets ``success_url=_billing_site_url(customer)``, a function of that
module; at a view of another module calling the wrapper, the Dodo call read
``_billing_site_url(workspace.customer)``, a name the view neither imports nor defines, with no
finding (a NameError). The names the wrapper's module declares (functions, classes, constants)
that the Dodo call names are now imported from it, as those it imports were
(``migrate/scan/borrowed_imports.py``): ``from corporate.services import _billing_site_url``;
in TypeScript ``import { billingUrl } from "../lib/billing"``, with X034 for one the module
does not export. A name the caller's own code uses (its local) is not imported over it.
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import via_site, write_tree

SERVICES = """import stripe
from django.conf import settings


def _billing_site_url(customer):
    return f"{settings.SITE}/billing/{customer.uuid}"


def create_checkout(customer, seats):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": settings.PRICE_ID, "quantity": seats}],
        success_url=_billing_site_url(customer),
        customer=customer.stripe_id,
    )
"""

VIEWS = """from corporate.services import create_checkout


def checkout(request, workspace):
    session = create_checkout(workspace.customer, int(request.POST["seats"]))
    return session.url
"""

BILLING = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export function billingUrl(id: string) {
  return `https://app.test/billing/${id}`;
}

function privateUrl(id: string) {
  return `https://app.test/p/${id}`;
}

export async function checkout(customerId: string, priceId: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: billingUrl(customerId),
    cancel_url: privateUrl(customerId),
  });
}
"""

ROUTE = """import { checkout } from "../lib/billing";

export async function POST(req: Request) {
  const body = await req.json();
  const session = await checkout(body.customer, body.price);
  return Response.json({ url: session.url });
}
"""


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "tree", files)


def test_a_python_wrappers_own_function_is_imported_from_its_module(tmp_path: Path) -> None:
    files = {
        "corporate/__init__.py": "",
        "corporate/services.py": SERVICES,
        "workspace/__init__.py": "",
        "workspace/views.py": VIEWS,
    }
    site = via_site(_tree(tmp_path, files), "views")
    text = site.suggestion or ""
    assert "\nfrom corporate.services import _billing_site_url\n" in text
    assert "return_url=_billing_site_url(workspace.customer)," in text
    assert "from corporate.services import _billing_site_url" in site.imports


def test_a_name_the_caller_uses_itself_is_not_imported_over_it(tmp_path: Path) -> None:
    views = VIEWS.replace(
        "def checkout(request, workspace):\n",
        "def checkout(request, workspace, _billing_site_url=None):\n",
    )
    files = {"corporate/__init__.py": "", "corporate/services.py": SERVICES}
    files |= {"workspace/__init__.py": "", "workspace/views.py": views}
    site = via_site(_tree(tmp_path, files), "views")
    assert "import _billing_site_url" not in (site.suggestion or "")


def test_a_typescript_wrappers_own_functions_are_imported_and_x034_says_which_is_not_exported(
    tmp_path: Path,
) -> None:
    site = via_site(_tree(tmp_path, {"lib/billing.ts": BILLING, "app/route.ts": ROUTE}), "route")
    text = site.suggestion or ""
    assert '// import { billingUrl } from "../lib/billing";' in text
    assert '// import { privateUrl } from "../lib/billing";' in text
    assert "return_url: billingUrl(body.customer)," in text
    (x034,) = [f.message for f in site.findings if f.code == "X034"]
    assert "`privateUrl`" in x034
