"""A TypeScript wrapper method's private and protected members at a call on another object
(``migrate/scan/wrapper_state.py``): a NestJS service reads its injected config as
``this.config`` (``constructor(private readonly config: ...)``) and its own private helpers; its
controller calls it as ``this.billing.start(...)``. The controller's Dodo call read them as
``this.billing.config``, which tsc refuses (TS2341: private). They are read by element access
(``this.billing["config"]``: TypeScript checks no accessibility there); an ECMAScript
``#field`` cannot be read from outside at all: ``TODO_<field>`` with X021."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite
from tests.scan import node_sdk
from tests.scan.trees import creates, write_tree

SERVICE = """import Stripe from "stripe";

export class Config {
  get(key: string): string {
    return key;
  }
}

export class BillingService {
  private readonly stripe = new Stripe("sk_test_x");
  protected readonly brand: string = "acme";

  constructor(
    private readonly config: Config,
    public readonly region: string,
  ) {}

  private returnPath(lang: string): string {
    return `/${lang}/account`;
  }

  public async start(priceId: string, userId: string, lang: string) {
    const session = await this.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: priceId, quantity: 1 }],
      client_reference_id: userId,
      metadata: { brand: this.brand, region: this.region },
      success_url: `${this.config.get("APP_URL")}/done`,
      cancel_url: this.config.get("APP_URL") + this.returnPath(lang),
    });
    return session.url;
  }
}
"""
CONTROLLER = """import { BillingService } from "./billing.service";

export class BillingController {
  constructor(private readonly billing: BillingService) {}

  async checkout(priceId: string, userId: string) {
    return this.billing.start(priceId, userId, "en");
  }
}
"""
CALL = 'this.billing.start(priceId, userId, "en")'
SHIMS = """declare module "stripe" {
  const Stripe: new (key: string) => any;
  export default Stripe;
}
declare function dodoProductId(id: string): string;
"""
TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "billing.service.ts", "billing.controller.ts"]
}
"""


def _caller(top: Path) -> CallSite:
    (site,) = [s for s in creates(top) if s.file.endswith("billing.controller.ts")]
    return site


def test_private_and_protected_members_are_read_by_element_access(tmp_path: Path) -> None:
    site = _caller(
        write_tree(tmp_path, {"billing.service.ts": SERVICE, "billing.controller.ts": CONTROLLER})
    )
    text = site.suggestion
    assert 'return_url: `${this.billing["config"].get("APP_URL")}/done`' in text
    assert 'cancel_url: this.billing["config"].get("APP_URL") + this.billing["returnPath"](' in text
    assert 'brand: String(this.billing["brand"])' in text
    assert "region: String(this.billing.region)" in text  # public: as written
    assert "billing.config" not in text and "X021" not in [f.code for f in site.findings]


@pytest.mark.slow
def test_the_callers_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    site = _caller(
        write_tree(
            tmp_path / "src", {"billing.service.ts": SERVICE, "billing.controller.ts": CONTROLLER}
        )
    )
    call = "\n".join(
        line for line in site.suggestion.splitlines() if not line.lstrip().startswith("//")
    )
    controller = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "test", environment: "test_mode" });\n'
        + CONTROLLER.replace(CALL, call)
    )
    assert call in controller
    folder = tmp_path / "check"
    write_tree(
        folder,
        {
            "shims.d.ts": SHIMS,
            "tsconfig.json": TSCONFIG,
            "billing.service.ts": SERVICE,
            "billing.controller.ts": controller,
        },
    )
    done = node_sdk.run_tsc(folder)
    assert done.returncode == 0, done.stdout + done.stderr + controller


def test_an_ecmascript_private_field_is_todo_with_x021(tmp_path: Path) -> None:
    service = SERVICE.replace(
        'protected readonly brand: string = "acme";', '#brand = "acme";'
    ).replace("brand: this.brand", "brand: this.#brand")
    site = _caller(
        write_tree(tmp_path, {"billing.service.ts": service, "billing.controller.ts": CONTROLLER})
    )
    assert "brand: String(TODO_brand)" in site.suggestion
    assert "#brand" not in site.suggestion
    assert "X021" in [f.code for f in site.findings]
