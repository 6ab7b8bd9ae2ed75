"""``scan --fix`` moves an app from Better Auth's Stripe plugin to ``@dodopayments/better-auth``
whole (``migrate/scan/better_auth_fix.py``): the server's config, the auth client's plugin and
the upgrade calls, the rewritten files type-checked with tsc against the pinned packages; or, when
one of them needs a decision, none of them, each saying why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from tests.scan import node_sdk
from tests.scan.ts_rewrites import type_check

SERVER = """\
import { betterAuth } from "better-auth";
import { stripe } from "@better-auth/stripe";
import Stripe from "stripe";

export const auth = betterAuth({
  plugins: [
    stripe({
      stripeClient: new Stripe(process.env.STRIPE_SECRET_KEY!),
      stripeWebhookSecret: process.env.STRIPE_WEBHOOK_SECRET!,
      createCustomerOnSignUp: true,
      subscription: {
        enabled: true,
        plans: [
          { name: "pro", priceId: "price_1Pro", annualDiscountPriceId: "price_1ProYear" },
          { name: "team", priceId: process.env.STRIPE_PRICE_TEAM },
        ],
      },
    }),
  ],
});
"""

CLIENT = """\
import { createAuthClient } from "better-auth/react";
import { stripeClient } from "@better-auth/stripe/client";

export const authClient = createAuthClient({
  plugins: [stripeClient({ subscription: true })],
});
"""

BUTTON = """\
import { authClient } from "@/lib/auth-client";

export async function upgrade(plan: string, yearly: boolean, orgId: string) {
  const { data, error } = await authClient.subscription.upgrade({
    plan,
    annual: yearly,
    referenceId: orgId,
    successUrl: "/done",
  });
  if (error) throw new Error(error.message);
  return data?.url;
}
"""

SHIMS = """\
declare const process: { env: Record<string, string | undefined> };
declare module "stripe" {
  export default class Stripe {
    constructor(key: string);
  }
}
"""


def _fixed(
    folder: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch, *, unsafe: bool = True
) -> str:
    """``scan . --fix --force`` (with ``--unsafe-fixes``) after writing ``files``: its stderr."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    args = ["scan", ".", "--fix", "--force", *(["--unsafe-fixes"] if unsafe else [])]
    done = CliRunner().invoke(cli.main, args)
    assert done.exit_code in (0, 1), done.stderr
    return done.stderr


def _files(**changed: str) -> dict[str, str]:
    files = {"lib/auth.ts": SERVER, "lib/auth-client.ts": CLIENT, "app/button.ts": BUTTON}
    return {**files, **{k.replace("__", "/").replace("_ts", ".ts"): v for k, v in changed.items()}}


@pytest.mark.skipif(node_sdk.missing_tools() is not None, reason="no node/npm")
def test_the_app_is_moved_whole_and_type_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _fixed(tmp_path, _files(), monkeypatch)
    assert "fixed 2 call site(s) in 3 file(s)" in said, said
    server = (tmp_path / "lib/auth.ts").read_text(encoding="utf-8")
    assert '@better-auth/stripe"' not in server
    imported = "import { dodopayments, checkout, portal, webhooks }"
    assert f'{imported} from "@dodopayments/better-auth";' in server
    assert '{ productId: dodoProductId("price_1ProYear"), slug: "pro-annual" },' in server
    client = (tmp_path / "lib/auth-client.ts").read_text(encoding="utf-8")
    assert "plugins: [dodopaymentsClient()]," in client
    button = (tmp_path / "app/button.ts").read_text(encoding="utf-8")
    assert "await authClient.dodopayments.checkoutSession({\n    slug: yearly ?" in button
    # the decision the move leaves is written above the call
    assert (
        "  // stripe2dodo RT041 (warning): Better Auth's Stripe plugin: an upgrade by a user"
        in (button)
    )
    done = type_check(
        tmp_path,
        ["lib/auth.ts", "lib/auth-client.ts", "app/button.ts"],
        shims=SHIMS,
        ids={"price_1Pro": "pdt_pro", "price_1ProYear": "pdt_pro_year"},
        ids_module="dodo-ids.ts",
        options={"baseUrl": ".", "paths": {"@/*": ["./*"]}},
    )
    assert done.stdout + done.stderr == ""


def test_without_unsafe_fixes_the_app_is_left_as_it_is_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _fixed(tmp_path, _files(), monkeypatch, unsafe=False)
    assert "fixed 0 call site(s)" in said
    assert "so that user would pay for two" in said and "pass --unsafe-fixes" in said
    assert (tmp_path / "lib/auth.ts").read_text(encoding="utf-8") == SERVER


def test_a_call_that_needs_a_decision_leaves_every_site_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seats = BUTTON.replace("referenceId: orgId,", "referenceId: orgId,\n    seats: 3,")
    said = _fixed(tmp_path, _files(app__button_ts=seats), monkeypatch)
    assert "fixed 0 call site(s)" in said
    assert "rewritten whole or not at all" in said and "seats (3)" in said
    assert (tmp_path / "lib/auth-client.ts").read_text(encoding="utf-8") == CLIENT
    assert (tmp_path / "lib/auth.ts").read_text(encoding="utf-8") == SERVER


def test_config_code_the_dodo_plugin_has_no_place_for_is_never_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked = SERVER.replace(
        "        enabled: true,\n",
        "        enabled: true,\n        onSubscriptionComplete: async () => notify(),\n",
    )
    said = _fixed(tmp_path, _files(lib__auth_ts=hooked), monkeypatch)
    assert "fixed 0 call site(s)" in said
    assert "sets onSubscriptionComplete, which the rewrite would drop" in said


def test_other_calls_of_the_stripe_client_keep_the_app_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = BUTTON + "\nexport const plans = () => authClient.subscription.list();\n"
    said = _fixed(tmp_path, _files(app__button_ts=listed), monkeypatch)
    assert "fixed 0 call site(s)" in said
    assert "(subscription.list), which has no rewrite" in said


def test_a_sveltekit_server_reads_the_dodo_key_its_own_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = SERVER.replace(
        'import Stripe from "stripe";',
        'import Stripe from "stripe";\nimport { STRIPE_SECRET_KEY } from "$env/static/private";',
    ).replace("process.env.STRIPE_SECRET_KEY!", "STRIPE_SECRET_KEY")
    _fixed(tmp_path, _files(lib__auth_ts=kit), monkeypatch)
    server = (tmp_path / "lib/auth.ts").read_text(encoding="utf-8")
    assert 'import { env as dodoEnv } from "$env/dynamic/private";' in server
    assert "bearerToken: dodoEnv.DODO_PAYMENTS_API_KEY," in server
    assert 'webhookKey: dodoEnv.DODO_PAYMENTS_WEBHOOK_SECRET ?? "",' in server


def test_a_server_upgrade_without_the_request_is_not_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = (
        'import { headers } from "next/headers";\n'
        'import { auth } from "@/lib/auth";\n'
        'import "@better-auth/stripe";\n\n'
        "export async function upgrade(plan: string) {\n"
        "  return auth.api.upgradeSubscription({ headers: await headers(), body: { plan } });\n"
        "}\n"
    )
    said = _fixed(tmp_path, {**_files(), "app/action.ts": action}, monkeypatch)
    assert "fixed 0 call site(s)" in said
    assert "the Dodo endpoint needs the request, which the call lacks" in said


def test_the_auth_client_moves_with_the_server_even_with_no_upgrade_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"lib/auth.ts": SERVER, "packages/auth/client.ts": CLIENT}
    said = _fixed(tmp_path, files, monkeypatch)
    assert "fixed 1 call site(s) in 2 file(s)" in said, said
    moved = (tmp_path / "packages/auth/client.ts").read_text(encoding="utf-8")
    assert "plugins: [dodopaymentsClient()]," in moved
    listed = (
        'import { stripeSubscription } from "@acme/auth/client";\n\n'
        "export const paid = async () => (await stripeSubscription.list()).data;\n"
    )
    again = tmp_path / "again"
    again.mkdir()
    said = _fixed(again, {**files, "apps/web/paid.ts": listed}, monkeypatch)
    assert "fixed 0 call site(s)" in said
    assert "apps/web/paid.ts:3 makes another call of the Stripe plugin's client" in said
    assert (again / "lib/auth.ts").read_text(encoding="utf-8") == SERVER
