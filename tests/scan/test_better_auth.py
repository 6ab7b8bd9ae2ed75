"""Better Auth's Stripe plugin makes the Checkout Sessions of many new TypeScript SaaS apps: the
server lists the plans in ``stripe({ subscription: { plans } })`` (``@better-auth/stripe``) and
the browser calls ``authClient.subscription.upgrade({ plan, annual })``. Neither names a Stripe
call (the upgrade's file often names no Stripe at all), so the app's checkout was not found
(``migrate/scan/better_auth.py``, ``better_auth_client.py``: RT039, RT040, RT041)."""

from __future__ import annotations

import json
from pathlib import Path

from migrate.mapping.cart import Options
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source

SERVER = """\
import { betterAuth } from "better-auth";
import { stripe as stripePlugin } from "@better-auth/stripe";
import Stripe from "stripe";

export const auth = betterAuth({
  plugins: [
    stripePlugin({
      stripeClient: new Stripe(process.env.STRIPE_SECRET_KEY!),
      stripeWebhookSecret: process.env.STRIPE_WEBHOOK_SECRET!,
      createCustomerOnSignUp: true,
      subscription: {
        enabled: true,
        plans: [
          { name: "basic", priceId: "price_1Basic", limits: { boards: 3 } },
          {
            name: "pro",
            priceId: "price_1Pro",
            annualDiscountPriceId: "price_1ProYear",
            freeTrial: { days: 14 },
          },
          { name: "scale", lookupKey: "scale_monthly" },
        ],
      },
    }),
  ],
});
"""

CLIENT = """\
import { createAuthClient } from "better-auth/react";
import { stripeClient } from "@better-auth/stripe/client";

export const authClient = createAuthClient({ plugins: [stripeClient({ subscription: true })] });

export async function buy(yearly: boolean, orgId: string, plan: string) {
  await authClient.subscription.upgrade({
    plan: "pro",
    annual: yearly,
    referenceId: orgId,
    successUrl: "/done",
    cancelUrl: "https://app.example/pricing",
  });
  await authClient.subscription.upgrade({ plan, annual: true });
  await authClient.subscription.cancel({ returnUrl: "/billing" });
  await authClient.subscription.restore();
  await authClient.subscription.list();
  await authClient.subscription.billingPortal({ returnUrl: "/billing" });
}

export async function seats(count: number, current: string) {
  await authClient.subscription.upgrade({ plan: "team", seats: count });
  await authClient.subscription.upgrade({
    // the org's plan changes
    plan: "team",
    subscriptionId: current,
  });
}
"""


def _sites(text: str, name: str = "auth.ts", ids: IdMap | None = None) -> list[CallSite]:
    options = Options(ids=ids) if ids is not None else None
    found = scan_source(text, name, BY_NAME["typescript"], options=options)
    return [s for s in found if s.kind == "create"]


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def _message(site: CallSite, code: str) -> str:
    return " ".join(f.message for f in site.findings if f.code == code)


def test_the_server_config_is_a_creation_whose_plans_are_dodo_products_by_slug() -> None:
    (site,) = _sites(SERVER)
    assert site.line == 7
    assert "RT039" in _codes(site)
    assert '{ productId: dodoProductId("price_1Basic"), slug: "basic" },' in site.suggestion
    assert '{ productId: dodoProductId("price_1Pro"), slug: "pro" },' in site.suggestion
    assert '{ productId: dodoProductId("price_1ProYear"), slug: "pro-annual" },' in site.suggestion
    assert "createCustomerOnSignUp: true," in site.suggestion
    assert "bearerToken: process.env.DODO_PAYMENTS_API_KEY," in site.suggestion
    assert (
        '// import { dodopayments, checkout, portal, webhooks } from "@dodopayments/better-auth";'
        in (site.suggestion)
    )
    said = _message(site, "RT039")
    assert 'the free trial ("pro": 14 days) is set on the Dodo product' in said
    assert "so the client's annual: true becomes that slug" in said


def test_what_the_dodo_plugin_has_no_place_for_is_said_with_its_reason() -> None:
    (site,) = _sites(SERVER)
    lost = {f.path: f for f in site.findings if f.code == "RT041"}
    assert lost["plans[0].limits"].level.value == "warning"
    assert "keep it in your own plan table" in lost["plans[0].limits"].message
    # a plan named by lookup key has no Dodo product: it is not sold, and that blocks
    assert lost["plans[2]"].level.value == "blocker"
    assert "lookup key (lookupKey)" in lost["plans[2]"].message
    assert "scale" not in site.suggestion


def test_a_price_mapped_to_a_product_that_charges_another_amount_blocks() -> None:
    ids = IdMap.from_json(
        {
            "price_1Pro": {
                "id": "pdt_pro",
                "price": 1500,
                "currency": "usd",
                "interval": "month",
                "stripe": {"price": 2000},
            },
            "price_1ProYear": {
                "id": "pdt_pro_year",
                "price": 15000,
                "currency": "usd",
                "interval": "year",
            },
            "price_1Basic": "pdt_basic",
        }
    )
    (site,) = _sites(SERVER, ids=ids)
    money = [f for f in site.findings if f.code == "M001"]
    assert [(f.path, f.level.value) for f in money] == [("plans[1].priceId", "blocker")]
    assert "Stripe charges 20.00 USD / month, the Dodo cart charges 15.00 USD / month" in (
        money[0].message
    )
    # a product the id map knows is written as it is
    assert '{ productId: "pdt_pro_year", slug: "pro-annual" },' in site.suggestion
    assert '{ productId: "pdt_basic", slug: "basic" },' in site.suggestion


def test_plans_returned_by_a_function_as_written_are_read_and_made_ones_are_said() -> None:
    written = SERVER.replace("plans: [", "plans: async () => [").replace(
        "        ],\n      },", "        ],\n      },", 1
    )
    (site,) = _sites(written)
    assert 'slug: "pro-annual"' in site.suggestion
    made = SERVER.replace("plans: [", "plans: await loadPlans(), other: [")
    (site,) = _sites(made)
    lost = [f for f in site.findings if f.code == "RT041" and f.path == "subscription.plans"]
    assert lost and "the plans are made at run time (await loadPlans())" in lost[0].message
    assert lost[0].level.value == "blocker" and site.verdict == "blocked"  # no product, no check
    assert "products: [\n        // the plans were made at run time" in site.suggestion


def test_a_stripe_function_not_imported_from_the_plugin_is_no_config() -> None:
    other = SERVER.replace('"@better-auth/stripe"', '"./payments"')
    assert _sites(other) == []


def test_an_upgrade_is_a_checkout_session_by_slug_with_run_time_values_carried() -> None:
    first, second, *_ = _sites(CLIENT, "billing.ts")
    assert (first.line, second.line) == (7, 14)
    assert "RT040" in _codes(first)
    assert first.suggestion.splitlines()[1:] == [
        "authClient.dodopayments.checkoutSession({",
        '  slug: yearly ? "pro-annual" : "pro",',
        "  referenceId: orgId,",
        '  cancel_url: "https://app.example/pricing",',
        "})",
    ]
    said = _message(first, "RT040")
    assert 'successUrl ("/done") is the server\'s checkout({ successUrl })' in said
    assert "metadata.referenceId" in said
    # the Stripe plugin matched plan names in any case, Dodo matches a slug exactly
    assert "  slug: `${plan.toLowerCase()}-annual`," in second.suggestion


def test_an_upgrade_by_a_subscriber_is_a_plan_change_a_checkout_would_not_make() -> None:
    first, *_ = _sites(CLIENT, "billing.ts")
    (said,) = [f for f in first.findings if f.code == "RT041"]
    assert (said.path, said.level.value) == ("plan", "warning")
    assert "so that user would pay for two" in said.message


def test_look_alikes_of_the_client_are_no_checkout() -> None:
    lines = [s.line for s in _sites(CLIENT, "billing.ts")]
    assert lines == [7, 14, 22, 23]  # cancel, restore, list, billingPortal are not sites


def test_seats_and_a_plan_change_have_no_counterpart_and_block() -> None:
    *_, team, change = _sites(CLIENT, "billing.ts")
    lost = {f.path: f for f in team.findings if f.code == "RT041"}
    assert lost["seats"].level.value == "blocker"
    assert "seats (count): a Dodo slug checkout buys one unit" in lost["seats"].message
    (lost,) = [f for f in change.findings if f.code == "RT041"]
    assert (lost.path, lost.level.value) == ("subscriptionId", "blocker")
    assert "would start a second subscription" in lost.message


def test_an_upgrade_elsewhere_counts_in_a_project_that_depends_on_the_plugin(
    tmp_path: Path,
) -> None:
    button = (
        'import { authClient } from "@/lib/auth-client";\n\n'
        "export async function go() {\n"
        '  await authClient.subscription.upgrade({ plan: "pro", successUrl: "/ok" });\n'
        "}\n"
    )
    app = tmp_path / "app"
    (app / "components").mkdir(parents=True)
    (app / "components" / "button.tsx").write_text(button, encoding="utf-8")
    (app / "package.json").write_text(
        json.dumps({"dependencies": {"better-auth": "1.3.0"}}), encoding="utf-8"
    )
    (app / ".git").mkdir()
    assert [s for s in scan_paths([str(app)]) if s.kind == "create"] == []
    (app / "package.json").write_text(
        json.dumps({"dependencies": {"@better-auth/stripe": "1.3.0"}}), encoding="utf-8"
    )
    (site,) = [s for s in scan_paths([str(app)]) if s.kind == "create"]
    assert 'slug: "pro",' in site.suggestion


def test_a_subscription_taken_from_the_client_is_followed_but_not_rewritten() -> None:
    text = (
        'import { subscription } from "@/lib/auth-client";\n'
        'import type { StripePlan } from "@better-auth/stripe";\n\n'
        "export const go = () =>\n"
        '  subscription.upgrade({ plan: "core", annual: true, referenceId: "org_1" });\n'
    )
    (site,) = _sites(text, "go.ts")
    assert site.span is None
    assert 'authClient.dodopayments.checkoutSession({\n  slug: "core-annual",' in site.suggestion


def test_the_servers_upgrade_endpoint_becomes_the_dodo_plugins() -> None:
    text = (
        'import { auth } from "./auth";\n'
        'import "@better-auth/stripe";\n\n'
        "export async function action(request: Request, plan: string) {\n"
        "  return auth.api.upgradeSubscription({\n"
        "    headers: request.headers,\n"
        "    body: { plan, successUrl: '/app', cancelUrl: '/pricing' },\n"
        "  });\n"
        "}\n"
    )
    (site,) = _sites(text, "route.ts")
    assert site.suggestion.splitlines()[1:] == [
        "auth.api.dodoCheckoutSession({",
        "  headers: request.headers,",
        "  request: request,",
        "  body: {",
        "    slug: plan.toLowerCase(),",
        "  },",
        "})",
    ]
    lost = {f.path: f.message for f in site.findings if f.code == "RT041"}
    assert "is a path" in lost["cancelUrl"]


def test_an_upgrade_on_a_client_imported_from_the_app_follows_the_import(tmp_path: Path) -> None:
    made = (
        'import { createAuthClient } from "better-auth/react";\n'
        'import { stripeClient } from "@better-auth/stripe/client";\n\n'
        "export const authClient = createAuthClient({ plugins: [stripeClient()] });\n"
    )
    other = made.replace("@better-auth/stripe/client", "./my-plugins")
    button = (
        'import { authClient } from "@/lib/auth-client";\n\n'
        "export const go = () => authClient.subscription.upgrade({ plan: 'pro' });\n"
    )
    app = tmp_path / "app"
    (app / "src" / "lib").mkdir(parents=True)
    (app / "src" / "components").mkdir(parents=True)
    (app / ".git").mkdir()
    (app / "src" / "components" / "button.tsx").write_text(button, encoding="utf-8")
    (app / "src" / "lib" / "auth-client.ts").write_text(other, encoding="utf-8")
    assert [s for s in scan_paths([str(app)]) if s.kind == "create"] == []
    (app / "src" / "lib" / "auth-client.ts").write_text(made, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(app)]) if s.kind == "create"]
    assert site.file.endswith("button.tsx")
    assert 'slug: "pro",' in site.suggestion


def test_plans_imported_from_a_module_of_the_app_are_read_there(tmp_path: Path) -> None:
    plans = (
        'import { serverEnv } from "@acme/env";\n\n'
        "export const subscriptionPlans = [\n"
        '  { name: "free", limits: { docs: 3 } },\n'
        '  { name: "starter", priceId: "price_1Starter" },\n'
        '  { name: "pro", priceId: serverEnv.STRIPE_PRICE_PRO || "",\n'
        "    annualDiscountPriceId: serverEnv.STRIPE_PRICE_PRO_ANNUAL },\n"
        "] as const;\n"
    )
    server = SERVER.replace(
        'import Stripe from "stripe";',
        'import Stripe from "stripe";\nimport { subscriptionPlans } from "./plans";',
    )
    server = (
        server[: server.index("plans: [")]
        + "plans: subscriptionPlans,\n      },\n    }),\n  ],\n});\n"
    )
    (tmp_path / "plans.ts").write_text(plans, encoding="utf-8")
    (tmp_path / "auth.ts").write_text(server, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(tmp_path / "auth.ts")]) if s.kind == "create"]
    assert '{ productId: dodoProductId("price_1Starter"), slug: "starter" },' in site.suggestion
    assert (
        '{ productId: dodoProductId(serverEnv.STRIPE_PRICE_PRO_ANNUAL), slug: "pro-annual" },'
        in site.suggestion
    )
    assert "the plans are read from plans.ts" in _message(site, "RT039")
    assert [f.path for f in site.findings if f.code == "RT041"] == ["plans[0].limits"]


def test_a_config_that_sells_no_subscription_is_related_code() -> None:
    text = SERVER[: SERVER.index("      subscription: {")] + "    }),\n  ],\n});\n"
    sites = list(scan_source(text, "auth.ts", BY_NAME["typescript"]))
    (site,) = [s for s in sites if s.rule == "RT039"]
    assert site.kind == "related"
    assert "it sells no subscription" in site.findings[0].message
    assert "checkout(" not in site.suggestion and "portal()," in site.suggestion


def test_plan_names_in_any_case_are_one_slug_on_both_sides() -> None:
    server = SERVER.replace('name: "pro",', 'name: "Pro",')
    (config,) = _sites(server)
    assert (
        '{ productId: dodoProductId("price_1ProYear"), slug: "pro-annual" },' in config.suggestion
    )
    client = CLIENT.replace('plan: "pro",', 'plan: "PRO",')
    first = _sites(client, "billing.ts")[0]
    assert '  slug: yearly ? "pro-annual" : "pro",' in first.suggestion


def test_an_option_object_holding_run_time_values_is_carried_as_written() -> None:
    text = CLIENT.replace(
        '    successUrl: "/done",\n',
        '    successUrl: "/done",\n'
        '    metadata: { source: "web", team: orgId },\n'
        "    fetchOptions: { onError: (ctx) => alert(ctx.error.message) },\n",
    )
    first = _sites(text, "billing.ts")[0]
    assert '  metadata: { source: "web", team: orgId },' in first.suggestion
    assert "  fetchOptions: { onError: (ctx) => alert(ctx.error.message) }," in first.suggestion


def test_a_plan_spread_from_elsewhere_is_not_silently_half_read() -> None:
    spread = SERVER.replace('{ name: "basic",', '{ ...legacyPlan, name: "basic",')
    (site,) = _sites(spread)
    lost = {f.path: f for f in site.findings if f.code == "RT041"}
    assert lost["plans[0]"].level.value == "blocker"
    assert "spreads ...legacyPlan" not in lost["plans[0]"].message
    assert 'plan "basic" spreads legacyPlan: what it sets' in lost["plans[0]"].message
