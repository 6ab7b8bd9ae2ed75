"""The Dodo Better Auth plugin code a scan suggests for Better Auth's Stripe plugin type-checks
(tsc --strict) against the pinned ``@dodopayments/better-auth``, ``better-auth`` and
``dodopayments`` (tests/scan/npm/): the server's ``dodopayments({...})`` with the id map's
look-ups, the client's ``authClient.dodopayments.checkoutSession({...})`` and the server's
``auth.api.dodoCheckoutSession({...})``. A misspelt option must fail the same check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan import node_sdk
from tests.scan.test_better_auth import CLIENT, SERVER
from tests.scan.ts_rewrites import type_check

pytestmark = pytest.mark.skipif(node_sdk.missing_tools() is not None, reason="no node/npm")

SHIMS = "declare const process: { env: Record<string, string | undefined> };\n"
IDS = {"price_1Basic": "pdt_basic", "price_1Pro": "pdt_pro"}


def _creations(text: str, name: str) -> list[CallSite]:
    return [s for s in scan_source(text, name, BY_NAME["typescript"]) if s.kind == "create"]


def _imports(suggestion: str) -> tuple[str, str]:
    """The suggestion's commented imports as code, and the code below them."""
    lines = suggestion.splitlines()
    imports = [line[3:] for line in lines if line.startswith("// import ")]
    body = [line for line in lines if not line.startswith("//")]
    return "\n".join(imports), "\n".join(body)


def _server_module(site: CallSite) -> str:
    imports, plugin = _imports(site.suggestion)
    return (
        'import { betterAuth } from "better-auth";\n'
        f"{imports}\n\n"
        f"export const auth = betterAuth({{\n  plugins: [\n{plugin}\n  ],\n}});\n"
    )


def _client_module(sites: list[CallSite]) -> str:
    calls = "\n".join(
        f"  await {s.suggestion.split(chr(10), 1)[1]};" for s in sites if s.span is not None
    )
    return (
        'import { createAuthClient } from "better-auth/react";\n'
        'import { dodopaymentsClient } from "@dodopayments/better-auth/client";\n\n'
        "export const authClient = createAuthClient({ plugins: [dodopaymentsClient()] });\n\n"
        "export async function buy(yearly: boolean, orgId: string, plan: string) {\n"
        f"{calls}\n"
        "}\n"
    )


def _checked(tmp_path: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = type_check(tmp_path, list(files), shims=SHIMS, ids=IDS)
    return done.stdout + done.stderr


def test_the_suggested_server_and_client_code_type_checks(tmp_path: Path) -> None:
    (server,) = _creations(SERVER, "auth.ts")
    first, second = _creations(CLIENT, "billing.ts")[:2]
    route = _creations(
        'import { auth } from "./auth";\nimport "@better-auth/stripe";\n'
        "export async function action(request: Request, plan: string) {\n"
        "  return auth.api.upgradeSubscription({\n"
        "    headers: request.headers,\n"
        '    body: { plan, referenceId: "org_1", cancelUrl: "https://x.example/back" },\n'
        "  });\n}\n",
        "route.ts",
    )[0]
    action = (
        'import { auth } from "./auth";\n\n'
        "export async function action(request: Request, plan: string) {\n"
        f"  return {route.suggestion.split(chr(10), 1)[1]};\n"
        "}\n"
    )
    files = {
        "auth.ts": _server_module(server),
        "client.ts": _client_module([first, second]),
        "route.ts": action,
    }
    assert "dodoProductId" in files["auth.ts"]  # a price the id map does not know: looked up
    out = _checked(tmp_path, files)
    assert out == ""


def test_a_misspelt_option_fails_the_same_check(tmp_path: Path) -> None:
    (server,) = _creations(SERVER, "auth.ts")
    first = _creations(CLIENT, "billing.ts")[0]
    client = _client_module([first]).replace("referenceId:", "referenceID:")
    auth = _server_module(server).replace("productId:", "productID:", 1)
    out = _checked(tmp_path, {"auth.ts": auth, "client.ts": client})
    assert re.search(r"client\.ts\(\d+,\d+\): error TS25\d\d: .*'referenceID'", out), out
    assert re.search(r"auth\.ts\(\d+,\d+\): error TS2\d+: .*productID", out), out
