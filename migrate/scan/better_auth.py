"""Better Auth's Stripe plugin (``@better-auth/stripe``): its server config, a creation site.

A Better Auth app seldom calls stripe-node for its checkout: the plugin does. Its server config
lists the plans, each a Stripe price::

    import { stripe } from "@better-auth/stripe";
    betterAuth({ plugins: [stripe({ stripeClient, stripeWebhookSecret, createCustomerOnSignUp,
      subscription: { enabled: true, plans: [
        { name: "pro", priceId: "price_1", annualDiscountPriceId: "price_2",
          limits: { projects: 20 }, freeTrial: { days: 14 } },
      ] } })] })

and the browser's ``authClient.subscription.upgrade({ plan: "pro", annual })`` (read by
``better_auth_client.py``) makes a Checkout Session in subscription mode for the plan's price
(its annual price when ``annual`` is set), with the plan's trial. Dodo's counterpart is
``@dodopayments/better-auth``: ``dodopayments({ client, createCustomerOnSignUp, use:
[checkout({ products: [{ productId, slug }] }), portal(), webhooks({...})] })``, whose
``checkout`` sells one Dodo product per slug. So each plan's price becomes a product with the
plan's name as its slug, the annual price a product of its own (slug ``<name>-annual``), and the
money check of each price is made here, where the plans are (RT039 says what changes, RT041
what has no counterpart). Only a call of the ``stripe`` the file imports from the package counts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode, SgRoot

from migrate.findings import Finding, Level
from migrate.mapping.cart import Options, Translation
from migrate.mapping.translate import translate_params
from migrate.readers.base import SourceRef
from migrate.scan.extract import Dynamic, Extractor, arguments, is_dynamic
from migrate.scan.js_env import env_reader
from migrate.scan.module_paths import node_module
from migrate.scan.patterns import language_for
from migrate.scan.site import CallSite, located, related_finding

SERVER_PACKAGE: Final = "@better-auth/stripe"
CLIENT_PACKAGE: Final = "@better-auth/stripe/client"
DODO_PACKAGE: Final = "@dodopayments/better-auth"
PLUGIN_CODE: Final = "RT039"
UPGRADE_CODE: Final = "RT040"
NO_COUNTERPART: Final = "RT041"
ANNUAL_SUFFIX: Final = "-annual"
"""What an annual price's slug adds to its plan's name."""
LOOKUP: Final = "dodoProductId"
WEBHOOK_KEY: Final = "DODO_PAYMENTS_WEBHOOK_SECRET"
IMPORTED_PLANS: Final = "the plans are read from"
"""How RT039 says the plans are another module's (``--fix`` leaves such a config alone when
their values are read at run time: they may read names only that module imports)."""

_IMPORT: Final = re.compile(
    r"""import\s+(?:type\s+)?\{(?P<names>[^}]*)\}\s*from\s*["']@better-auth/stripe["']"""
    r"""|\{(?P<required>[^}]*)\}\s*=\s*require\(\s*["']@better-auth/stripe["']\s*\)"""
)
_PLAN_KEYS: Final = frozenset(
    {"name", "priceId", "annualDiscountPriceId", "lookupKey", "annualDiscountLookupKey"}
)
_FUNCTIONS: Final = ("arrow_function", "function_expression", "function")


SPECIFIERS: Final = re.compile(r"""\bfrom\s*["']((?:\.{1,2}|@|~|#|\$lib|src)/[^"']+)["']""")
"""The modules of the app a file imports (relative, or through an alias path)."""
_EXTENSIONS: Final = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts", "/index.ts", "/index.js")


def module_files(spec: str, here: str) -> list[Path]:
    """The files an import of the app may name: a relative one's, or an alias path's
    (``@/lib/auth-client``) under the file's folder or one above it (or its ``src``)."""
    written = node_module(spec, here)
    if not written.startswith("*/"):
        return [Path(written + ext) for ext in _EXTENSIONS if Path(written + ext).is_file()]
    rest = written[2:]
    out: list[Path] = []
    for base in (Path(here), *Path(here).parents):
        for root in (base, base / "src"):
            out += [root / (rest + ext) for ext in _EXTENSIONS if (root / (rest + ext)).is_file()]
        if out or (base / ".git").exists():
            break
    return out


def language_name(path: str) -> str:
    """The ast-grep language of a JavaScript/TypeScript file (``tsx`` for a ``.tsx`` one)."""
    found = language_for(path)
    return found.name if found is not None else "javascript"


def plugin_names(text: str) -> set[str]:
    """The names the file binds to the package's ``stripe`` (``import { stripe as sp }``)."""
    out: set[str] = set()
    for found in _IMPORT.finditer(text):
        names = found.group("names") or found.group("required") or ""
        for item in names.split(","):
            parts = re.split(r"\s+as\s+|\s*:\s*", item.strip())
            if parts[0] == "stripe":
                out.add(parts[-1].strip())
    return out


@dataclass(slots=True)
class Plan:
    """One plan of the config: its name, its prices (as read: a literal or ``$dynamic``),
    its trial, and what it sets that Dodo's product list has no place for."""

    index: int
    name: Any
    price: Any = None
    annual: Any = None
    trial: Any = None
    lookup: list[str] = field(default_factory=list)
    """The lookup keys it names instead of a price id (``lookupKey``...)."""
    other: list[str] = field(default_factory=list)
    """The keys it sets besides name, prices and trial (``limits``, ``group``...)."""


@dataclass(slots=True)
class Config:
    """The plugin's options as read."""

    node: SgNode
    keys: dict[str, SgNode]
    subscription: dict[str, SgNode]
    plans: list[Plan] | None
    """None when the plans are known only at run time (a function, a call)."""
    plans_source: str = ""
    dynamic: list[Dynamic] = field(default_factory=list)
    home: str = ""
    """The module of the app the plans were read from, when another than the config's."""


def server_sites(
    root: SgNode,
    ex: Extractor,
    *,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    fixable: bool,
) -> list[tuple[int, CallSite]]:
    """The plugin's configs in a file that imports it, each a creation site."""
    if SERVER_PACKAGE not in text:
        return []
    names = plugin_names(text)
    if not names:
        return []
    out: list[tuple[int, CallSite]] = []
    for call in root.find_all(kind="call_expression"):
        callee = call.field("function")
        if callee is None or callee.kind() != "identifier" or callee.text() not in names:
            continue
        config = read_config(call, ex)
        if config is None:
            continue
        rng = call.range()
        if not _sells(config):  # customers and webhooks only: no checkout
            out.append((rng.start.index, _customers_only(config, call, path, lines, text)))
            continue
        site = _site(config, call, path=path, lines=lines, options=options, text=text)
        if fixable:
            site = _with_span(site, (rng.start.index, rng.end.index))
        out.append((rng.start.index, site))
    return out


def _sells(config: Config) -> bool:
    """Whether the config's plugin makes Checkout Sessions: it has a ``subscription`` part
    not switched off (``enabled: false``)."""
    if "subscription" not in config.keys:
        return False
    enabled = config.subscription.get("enabled")
    return enabled is None or enabled.text() != "false"


def _customers_only(
    config: Config, call: SgNode, path: str, lines: list[str], text: str
) -> CallSite:
    """A config with no subscriptions: related code (RT039), the Dodo plugin without its
    checkout."""
    said = (
        "it sells no subscription (no subscription part, or switched off), so it makes no "
        "Checkout Session: it creates customers and takes the webhooks, which dodopayments({ "
        "createCustomerOnSignUp, use: [portal(), webhooks({...})] }) does"
    )
    finding = related_finding(PLUGIN_CODE, changes=said)
    return CallSite(
        file=path,
        **located(call, lines),
        language=language_name(path),
        kind="related",
        callee=f"{call.field('function').text()} ({SERVER_PACKAGE})",  # type: ignore[union-attr]
        params={},
        dynamic=(),
        translation=None,
        findings=(finding,),
        suggestion=server_suggestion(config, [], path=path, text=text),
        rule=PLUGIN_CODE,
    )


def _with_span(site: CallSite, span: tuple[int, int]) -> CallSite:
    from dataclasses import replace

    return replace(site, span=span)


def _pairs(node: SgNode | None, ex: Extractor) -> dict[str, SgNode] | None:
    """The ``key: value`` pairs of an object (through a name bound to one); shorthand
    ``{ stripeClient }`` pairs map to their identifier."""
    if node is None:
        return None
    node = ex.unwrap(node)
    if node.kind() == "identifier":
        bound = ex.binding(node)
        if bound is None:
            return None
        node = ex.unwrap(bound[0])
    if node.kind() != "object":
        return None
    out: dict[str, SgNode] = {}
    for child in node.named_children():
        if child.kind() == "pair":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None:
                out[key.text().strip("\"'`")] = value
        elif child.kind() == "shorthand_property_identifier":
            out[child.text()] = child
        elif child.kind() == "method_definition":
            name = child.field("name")
            if name is not None:
                out[name.text()] = child
        elif child.kind() == "spread_element":
            out["..." + child.text()] = child
    return out


def read_config(call: SgNode, ex: Extractor) -> Config | None:
    """The options of ``stripe({...})``; None when the call passes none."""
    args = arguments(call)
    if not args:
        return None
    keys = _pairs(args[0], ex)
    if keys is None:
        return Config(args[0], {}, {}, None, args[0].text())
    subscription = _pairs(keys.get("subscription"), ex) or {}
    config = Config(args[0], keys, subscription, None)
    listed = subscription.get("plans")
    if listed is None:
        config.plans = []
        return config
    array = _plans_array(listed, ex)
    reader = ex
    if array is None:
        found = _imported_plans(listed, ex)
        if found is None:
            config.plans_source = listed.text()
            return config
        array, reader, config.home = found
    config.plans = [_plan(i, item, reader, config) for i, item in enumerate(array)]
    return config


def _imported_plans(node: SgNode, ex: Extractor) -> tuple[list[SgNode], Extractor, str] | None:
    """The plan objects of a name the file imports from a module of the app (``plans:
    subscriptionPlans`` from ``./plans``, where it is a ``const`` array), with a reader of that
    module and its path; None when it is no such name."""
    node = ex.unwrap(node)
    if node.kind() != "identifier" or not ex.file:
        return None
    name = re.escape(node.text())
    imported = re.search(
        rf"""import\s*\{{[^}}]*\b{name}\b[^}}]*\}}\s*from\s*["']([^"']+)["']""", ex.source
    )
    if imported is None:
        return None
    for path in module_files(imported.group(1), str(Path(ex.file).absolute().parent)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        language = language_for(str(path))
        if language is None:
            continue
        root = SgRoot(text, language.name).root()
        reader = type(ex)(source=text, file=str(path))
        for made in root.find_all(kind="variable_declarator"):
            named, value = made.field("name"), made.field("value")
            if named is None or value is None or named.text() != node.text():
                continue
            items = _plans_array(value, reader)
            if items is not None:
                return items, reader, str(path)
    return None


def _plans_array(node: SgNode, ex: Extractor) -> list[SgNode] | None:
    """The plan objects of ``plans``: an array (or a name bound to one), or a function that
    returns one as written (``async () => [...]``); None when they are made at run time."""
    node = ex.unwrap(node)
    if node.kind() == "identifier":
        bound = ex.binding(node)
        if bound is None:
            return None
        node = ex.unwrap(bound[0])
    if node.kind() in _FUNCTIONS:
        body = node.field("body")
        if body is None:
            return None
        body = ex.unwrap(body)
        if body.kind() == "statement_block":
            returns = [c for c in body.named_children() if c.kind() == "return_statement"]
            if len(returns) != 1 or not returns[0].named_children():
                return None
            body = ex.unwrap(returns[0].named_children()[0])
        node = body
    while node.kind() in ("as_expression", "satisfies_expression") and node.named_children():
        node = node.named_children()[0]  # [...] as const, [...] satisfies Plan[]
    if node.kind() != "array":
        return None
    items = list(node.named_children())
    if any(i.kind() != "object" for i in items):
        return None
    return items


def _value(node: SgNode, path: str, ex: Extractor, config: Config) -> Any:
    got = ex.value(node, path, record=False)
    ex.dynamic.clear()
    if got is None or is_dynamic(got) or type(got) not in (str, int, float, bool, dict, list):
        source = node.text()
        config.dynamic.append(Dynamic(path, source))
        return {"$dynamic": source}
    return got


def _plan(index: int, item: SgNode, ex: Extractor, config: Config) -> Plan:
    pairs = _pairs(item, ex) or {}
    at = f"plans[{index}]"
    name = _value(pairs["name"], f"{at}.name", ex, config) if "name" in pairs else None
    plan = Plan(index, name)
    if "priceId" in pairs:
        plan.price = _value(pairs["priceId"], f"{at}.priceId", ex, config)
    if "annualDiscountPriceId" in pairs:
        plan.annual = _value(
            pairs["annualDiscountPriceId"], f"{at}.annualDiscountPriceId", ex, config
        )
    trial = _pairs(pairs.get("freeTrial"), ex) if "freeTrial" in pairs else None
    if trial is not None and "days" in trial:
        plan.trial = _value(trial["days"], f"{at}.freeTrial.days", ex, config)
    elif "freeTrial" in pairs:
        plan.trial = {"$dynamic": pairs["freeTrial"].text()}
    plan.lookup = [k for k in ("lookupKey", "annualDiscountLookupKey") if k in pairs]
    plan.other = [k for k in pairs if k not in _PLAN_KEYS and k != "freeTrial"]
    return plan


# -- the translation -------------------------------------------------------------------------


@dataclass(slots=True)
class Product:
    """A Dodo product the Dodo plugin lists: its slug and its id (a literal, or the id map's
    look-up of the price's expression)."""

    slug: str
    slug_code: str
    product: str
    """The TypeScript of its ``productId``."""
    price_path: str


def lowered(source: str) -> str:
    """The TypeScript of a run-time plan name in lower case (the Stripe plugin matched plan
    names in any case, a Dodo slug is matched exactly: both sides are written lower-case)."""
    simple = re.fullmatch(r"[\w$]+(?:\??\.[\w$]+)*", source) is not None
    return f"{source if simple else f'({source})'}.toLowerCase()"


def slug_of(name: Any, annual: bool) -> tuple[str, str]:
    """A plan's slug (``pro``, ``pro-annual``: its name in lower case) and its TypeScript; a
    name known at run time is its expression lower-cased."""
    if type(name) is str:
        slug = name.lower() + (ANNUAL_SUFFIX if annual else "")
        return slug, json.dumps(slug)
    source = str(name["$dynamic"]) if is_dynamic(name) else json.dumps(str(name))
    code = lowered(source)
    if not annual:
        return source, code
    return f"{source}{ANNUAL_SUFFIX}", f"`${{{code}}}{ANNUAL_SUFFIX}`"


def translate_plans(
    config: Config, source: SourceRef, options: Options | None
) -> tuple[list[Product], list[Finding], list[dict[str, Any]]]:
    """The Dodo products of the plans, the findings of their money checks (each at the plan's
    price), and the products to create first."""
    products: list[Product] = []
    findings: list[Finding] = []
    requires: list[dict[str, Any]] = []
    for plan in config.plans or ():
        for annual, price in ((False, plan.price), (True, plan.annual)):
            if price is None:
                continue
            key = "annualDiscountPriceId" if annual else "priceId"
            at = f"plans[{plan.index}].{key}"
            slug, slug_code = slug_of(plan.name, annual)
            if type(price) is str and price:
                product, found, needs = _priced(price, at, source, options)
                findings += found
                requires += [r for r in needs if r not in requires]
            elif type(price) is str:
                continue  # an empty price id: a plan sold by no checkout
            else:
                product = f"{LOOKUP}({price['$dynamic']})"
            products.append(Product(slug, slug_code, product, at))
    return products, findings, requires


def _priced(
    price: str, at: str, source: SourceRef, options: Options | None
) -> tuple[str, list[Finding], tuple[dict[str, Any], ...]]:
    """A literal price's Dodo product (its id when the id map knows it, the id map's look-up
    otherwise) and the findings of its money check, at ``at``."""
    doc = {"mode": "subscription", "line_items": [{"price": price, "quantity": 1}]}
    done = translate_params(doc, source, options)
    cart = (done.dodo or {}).get("product_cart") or [{}]
    dodo_id = str(cart[0].get("product_id", ""))
    known = any(r.get("id") == dodo_id for r in done.requires) is False and dodo_id != ""
    product = json.dumps(dodo_id) if known else f"{LOOKUP}({json.dumps(price)})"
    found = [
        f._replace(path=at)
        for f in done.findings
        if f.path.startswith("line_items") or f.code.startswith("M")
    ]
    return product, found, done.requires


def _site(
    config: Config,
    call: SgNode,
    *,
    path: str,
    lines: list[str],
    options: Options | None,
    text: str,
) -> CallSite:
    where = located(call, lines)
    source = SourceRef(path, "code", line=where["line"])
    products, money, requires = translate_plans(config, source, options)
    changes = _changes(config)
    findings: list[Finding] = [related_finding(PLUGIN_CODE, changes="; ".join(changes))]
    findings += _no_counterpart(config)
    findings += money
    params = _params(config)
    dodo = {"products": [{"productId": p.product, "slug": p.slug} for p in products]}
    translation = Translation(
        source,
        "translated",
        stripe=params,
        dodo=dodo,
        requires=tuple(requires),
        findings=tuple(findings),
        fields={},
        review=bool(config.dynamic),
    )
    return CallSite(
        file=path,
        **where,
        language=language_name(path),
        kind="create",
        callee=f"{call.field('function').text()} ({SERVER_PACKAGE})",  # type: ignore[union-attr]
        params=params,
        dynamic=tuple(config.dynamic),
        translation=translation,
        findings=tuple(findings),
        suggestion=server_suggestion(config, products, path=path, text=text),
    )


def _params(config: Config) -> dict[str, Any]:
    """What the site shows as its params: the plans as read."""
    if config.plans is None:
        return {"plans": {"$dynamic": config.plans_source}}
    plans: list[dict[str, Any]] = []
    for plan in config.plans:
        entry: dict[str, Any] = {"name": plan.name}
        if plan.price is not None:
            entry["priceId"] = plan.price
        if plan.annual is not None:
            entry["annualDiscountPriceId"] = plan.annual
        if plan.trial is not None:
            entry["freeTrial"] = {"days": plan.trial}
        plans.append(entry)
    return {"plans": plans}


def _changes(config: Config) -> list[str]:
    """What RT039 says changes, for this config."""
    out = [
        "each plan's price is a Dodo product the Dodo plugin's checkout() lists with the "
        "plan's name as its slug"
    ]
    if any(p.annual is not None for p in config.plans or ()):
        out.append(
            f"an annual price is a product of its own, slug <plan>{ANNUAL_SUFFIX}: Dodo picks "
            "the product by slug, so the client's annual: true becomes that slug"
        )
    trials = [p for p in config.plans or () if p.trial is not None]
    if trials:
        days = ", ".join(f"{_name(p)}: {_shown(p.trial)} days" for p in trials)
        out.append(
            f"the free trial ({days}) is set on the Dodo product (its trial period days), not "
            "in the plugin (which gave it only to a reference that never had a trial)"
        )
    if "stripeWebhookSecret" in config.keys or "onEvent" in config.keys:
        out.append(
            "the Stripe webhook becomes the Dodo plugin's webhooks({ webhookKey }) at "
            "/api/auth/dodopayments/webhooks, its key from DODO_PAYMENTS_WEBHOOK_SECRET"
        )
    if config.home:
        out.append(
            f"{IMPORTED_PLANS} {Path(config.home).name}, where they are kept: the products are "
            "listed here as written there (import what they read)"
        )
    late = [p for p in config.plans or () for v in (p.price, p.annual) if is_dynamic(v)]
    if late:
        said = [str(v["$dynamic"]) for p in late for v in (p.price, p.annual) if is_dynamic(v)]
        sources = ", ".join(dict.fromkeys(said))
        out.append(
            f"a price known only at run time ({sources}) is the id map's entry for it, looked "
            "up when the server starts: its money is checked where the id map is made"
        )
    hooks = [k for k in config.subscription if k.startswith("on")]
    hooks += [k for k in config.keys if k.startswith("on") and k != "onEvent"]
    if hooks:
        out.append(
            f"its callbacks ({', '.join(hooks)}) move to the webhooks() handlers "
            "(onSubscriptionActive, onSubscriptionCancelled, onPaymentSucceeded...)"
        )
    return out


def _no_counterpart(config: Config) -> list[Finding]:
    """RT041: what the Dodo plugin has no place for, each with its reason."""
    out: list[Finding] = []

    def say(path: str, what: str, level: Level = Level.WARNING) -> None:
        out.append(related_finding(NO_COUNTERPART, what=what, level=level)._replace(path=path))

    if config.plans is None:
        say(
            "subscription.plans",
            f"the plans are made at run time ({_short(config.plans_source)}): the Dodo products "
            "and slugs cannot be listed from the code, nor their money checked; list them in "
            "checkout({ products }) (it takes an async function too)",
            Level.BLOCKER,  # as a spread plan: no product listed, no amount checked
        )
    for plan in config.plans or ():
        at = f"plans[{plan.index}]"
        if plan.lookup and plan.price is None:
            say(
                at,
                f"plan {_name(plan)} names its price by lookup key ({', '.join(plan.lookup)}): "
                "Dodo has no lookup keys; give its Dodo product id",
                Level.BLOCKER,
            )
        for key in plan.other:
            if key.startswith("..."):  # a spread: its price, name, trial are not read
                say(
                    at,
                    f"plan {_name(plan)} spreads {_short(key.lstrip('.'))}: what it sets (a "
                    "price, a trial) is not read, so its product is not listed nor checked",
                    Level.BLOCKER,
                )
                continue
            say(
                f"{at}.{key}",
                f"plan {_name(plan)} sets {key}: the Dodo plugin's products have no {key} "
                "(keep it in your own plan table, read where the app checks what a plan allows)",
            )
    for key in ("organization", "authorizeReference", "getCheckoutSessionParams"):
        if key in config.subscription or key in config.keys:
            say(f"subscription.{key}", _OPTIONS[key])
    return out


_OPTIONS: Final = {
    "organization": "organization billing: the Dodo plugin bills the signed-in user's Dodo "
    "customer; a referenceId is kept as the checkout's metadata only",
    "authorizeReference": "authorizeReference: the Dodo plugin checks no reference; check who "
    "may buy for an organization before calling checkoutSession",
    "getCheckoutSessionParams": "getCheckoutSessionParams: the Stripe session params it adds "
    "have no place in the Dodo plugin's config; pass what Dodo supports (metadata, "
    "discount_code...) in the client's checkoutSession call",
}


def _name(plan: Plan) -> str:
    return json.dumps(plan.name) if type(plan.name) is str else _shown(plan.name)


def _shown(value: Any) -> str:
    return str(value["$dynamic"]) if is_dynamic(value) else str(value)


def _short(text: str) -> str:
    flat = " ".join(re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.DOTALL).split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


# -- the suggestion --------------------------------------------------------------------------


def server_suggestion(config: Config, products: list[Product], *, path: str, text: str) -> str:
    """The Dodo plugin's config that replaces the Stripe one, with its imports."""
    reader = env_reader(path, text)
    key = reader.key if reader.key else "process.env.DODO_PAYMENTS_API_KEY"
    lookups = any(LOOKUP + "(" in p.product for p in products)
    lines = [
        f'// import {{ dodopayments, checkout, portal, webhooks }} from "{DODO_PACKAGE}";',
        '// import DodoPayments from "dodopayments";',
    ]
    if lookups:
        lines.append(f'// import {{ {LOOKUP} }} from "./dodo-ids";')
    lines += plugin_code(config, products, key=key, mode=reader.mode).splitlines()
    return "\n".join(lines)


def plugin_code(config: Config, products: list[Product], *, key: str, mode: str) -> str:
    """``dodopayments({...})`` for ``config``: its client from the environment, the products
    of its plans, the portal and the webhooks."""
    listed = "\n".join(
        f"        {{ productId: {p.product}, slug: {p.slug_code} }}," for p in products
    )
    if config.plans is None:
        listed = f"        // the plans were made at run time: {_short(config.plans_source)}"
    out = [
        "dodopayments({",
        "  client: new DodoPayments({",
        f"    bearerToken: {key},",
        f'    environment: {mode} === "live_mode" ? "live_mode" : "test_mode",',
        "  }),",
    ]
    made = config.keys.get("createCustomerOnSignUp")
    if made is not None:
        out.append(f"  createCustomerOnSignUp: {made.text()},")
    out.append("  use: [")
    if _sells(config):
        out += [
            "    checkout({",
            "      products: [",
            listed,
            "      ],",
            "      authenticatedUsersOnly: true,",
            "    }),",
        ]
    out += [
        "    portal(),",
        "    webhooks({",
        f'      webhookKey: {mode.rsplit(".", 1)[0]}.{WEBHOOK_KEY} ?? "",',
        "    }),",
        "  ],",
        "})",
    ]
    return "\n".join(out)
