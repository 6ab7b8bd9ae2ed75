"""Golden-style tests of ``migrate.scan`` on samples/code/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.commands.scan import scan
from migrate.formats import format_for
from migrate.mapping.expr import Expr
from migrate.scan import CallSite, Dynamic, ScanStats, language_for, scan_paths
from migrate.scan.scan import scan_source

ROOT = Path(__file__).resolve().parents[2]


def run_scan(paths: list[str], fmt: str) -> tuple[str, int]:
    """What ``stripe2dodo scan PATHS --format FMT`` prints, and its exit code."""
    run = scan(paths)
    return format_for(fmt).render(run.result), run.exit_code


CODE = ROOT / "samples" / "code"


def rel(site: CallSite) -> str:
    return Path(site.file).relative_to(CODE).as_posix()


@pytest.fixture(scope="module")
def scanned() -> tuple[dict[tuple[str, int], CallSite], ScanStats]:
    stats = ScanStats()
    paths = [str(CODE / "python"), str(CODE / "node")]
    sites = {
        (rel(s), s.line): s
        for s in scan_paths(paths, stats=stats)
        if s.kind == "create" and s.translation is not None and s.translation.request is None
    }  # Checkout Session creations (the calls around Checkout are in test_scan_lifecycle.py)
    return sites, stats


def site(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats], key: str, line: int
) -> CallSite:
    return scanned[0][(key, line)]


def test_every_expected_site_and_nothing_else(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    assert sorted(scanned[0]) == [
        ("node/billing.ts", 38),
        ("node/billing.ts", 51),
        ("node/cart.js", 24),
        ("node/cart.js", 45),
        ("node/cart.js", 51),
        ("node/checkout.ts", 14),
        ("node/next/app/api/checkout/route.ts", 9),  # via the wrapper in next/lib/stripe.ts
        ("node/next/app/api/upgrade/route.ts", 8),
        ("node/next/lib/stripe.ts", 9),
        ("node/server.js", 9),
        ("node/spread.mjs", 13),
        ("node/worker.ts", 18),  # fetch to the Stripe API, in a wrapper
        ("node/worker.ts", 36),  # its call
        ("python/courses.py", 40),  # the stored price id (its catalog writes: X031)
        ("python/donations.py", 23),
        ("python/legacy_items.py", 7),
        ("python/legacy_items.py", 17),
        ("python/one_time_payment.py", 15),
        ("python/raw_http.py", 15),  # requests.post to the Stripe API
        ("python/saas_billing.py", 28),
        ("python/saas_billing.py", 38),
        ("python/shop/billing.py", 12),
        ("python/shop/views.py", 12),  # via the wrapper in shop/billing.py
        ("python/shop/views.py", 19),
        ("python/shop_orders.py", 31),
        ("python/shop_orders.py", 39),
        ("python/subscription.py", 18),
        ("python/subscription.py", 24),
    ]  # none in the test files: their Stripe clients are mocks
    assert scanned[1].problems == []


def test_python_resource_api_kwargs(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    s = site(scanned, "python/one_time_payment.py", 15)
    assert (s.language, s.callee, s.column) == ("python", "stripe.checkout.Session.create", 15)
    assert s.params == {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2000,
                    "product_data": {"name": "Blue T-shirt"},
                },
                "quantity": 1,
            }
        ],
        "customer_email": {"$dynamic": 'request.form["email"]'},
        "success_url": {"$dynamic": 'DOMAIN + "/success?session_id={CHECKOUT_SESSION_ID}"'},
        "cancel_url": "https://shop.example.com/cancel",
    }  # idempotency_key is a request option, not a param
    assert s.dynamic == (
        Dynamic("customer_email", 'request.form["email"]'),
        Dynamic("success_url", 'DOMAIN + "/success?session_id={CHECKOUT_SESSION_ID}"'),
    )
    t = s.translation
    assert t.status == "translated" and t.dodo is not None
    assert t.dodo["product_cart"] == [{"product_id": t.requires[0]["id"], "quantity": 1}]
    assert t.requires[0]["product"]["name"] == "Blue T-shirt"
    # run-time values with a Dodo counterpart are carried (issue 14), through their transform
    email = Expr('request.form["email"]', "customer_email", type="str")
    given = 'request.form["email"] is set'  # no customer when the form has no email
    assert t.dodo["customer"] == Expr.choice(
        email.source, email.path, given, {"email": email}, None
    )
    url = 'DOMAIN + "/success?session_id={CHECKOUT_SESSION_ID}"'
    assert t.dodo["return_url"] == Expr(url, "success_url", "return_url", "str")
    assert {f.code for f in s.findings} >= {"C003"}  # the template is removed from the source
    assert "TODO: set from" not in s.suggestion
    assert "client.checkout_sessions.create(\n    product_cart=[" in s.suggestion


def test_params_dict_built_above_the_call(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    s = site(scanned, "python/subscription.py", 18)
    assert s.callee == "client.v1.checkout.sessions.create"
    assert s.params == {
        "mode": "subscription",
        "line_items": [{"price": "price_1PlusMonthly", "quantity": 1}],  # module constant
        "subscription_data": {"trial_period_days": 14},
        "success_url": "https://app.example.com/welcome",
        "client_reference_id": {"$dynamic": "user.id"},
        "allow_promotion_codes": True,
    }
    assert s.dynamic == (Dynamic("client_reference_id", "user.id"),)
    assert s.translation.dodo is not None
    assert s.translation.dodo["subscription_data"] == {"trial_period_days": 14}


def test_keyword_unpacking_of_a_local_literal(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    team = site(scanned, "python/subscription.py", 24)
    assert team.params == {
        "mode": "subscription",
        "success_url": "https://app.example.com/team",
        "line_items": [{"price": "price_1Team", "quantity": {"$dynamic": "seats"}}],
    }
    kwargs = site(scanned, "python/legacy_items.py", 17)
    assert kwargs.params == {
        "line_items": [{"price": {"$dynamic": "order.price_id"}, "quantity": 1}],
        "mode": "payment",
        "success_url": "https://books.example.com/thanks",
    }


def test_legacy_inline_items(scanned: tuple[dict[tuple[str, int], CallSite], ScanStats]) -> None:
    s = site(scanned, "python/legacy_items.py", 7)
    assert s.params == {
        "payment_method_types": ["card"],
        "line_items": [{"name": "Ebook", "amount": 900, "currency": "eur", "quantity": 1}],
        "success_url": "https://books.example.com/thanks",
        "cancel_url": "https://books.example.com/",
    }
    assert s.dynamic == ()
    assert s.translation.dodo is not None
    assert s.translation.requires[0]["product"]["price"]["price"] == 900


def test_express_awaited_call(scanned: tuple[dict[tuple[str, int], CallSite], ScanStats]) -> None:
    s = site(scanned, "node/server.js", 9)
    assert (s.language, s.column) == ("javascript", 25)
    assert s.params == {
        "line_items": [{"price": "price_1Tshirt", "quantity": 2}],
        "mode": "payment",
        "success_url": "http://localhost:4242/success.html",  # `${YOUR_DOMAIN}/...`, a const
        "cancel_url": "http://localhost:4242/cancel.html",
        "automatic_tax": {"enabled": True},
    }
    assert s.translation.dodo is not None
    assert s.translation.dodo["product_cart"][0]["quantity"] == 2
    assert "client.checkoutSessions.create({\n  product_cart: [" in s.suggestion


def test_typescript_params_object_with_type_annotation(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    s = site(scanned, "node/checkout.ts", 14)
    assert s.language == "typescript"
    assert s.params == {
        "mode": "subscription",
        "line_items": [{"price": {"$dynamic": "priceId"}, "quantity": 1}],
        "customer_email": {"$dynamic": "email"},
        "subscription_data": {"trial_period_days": 7},
        "success_url": "https://app.example.com/ok",
        "allow_promotion_codes": True,
    }


def test_spread_of_local_objects(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    s = site(scanned, "node/spread.mjs", 13)
    assert s.params == {
        "success_url": "https://donate.example.com/thanks",
        "cancel_url": "https://donate.example.com/",
        "submit_type": "donate",
        "currency": "usd",
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": {"$dynamic": "amount"},
                    "product_data": {"name": "Donation"},
                },
                "quantity": 1,
            }
        ],
    }  # the second argument (request options) is not a param
    assert Dynamic("", "...opts") in s.dynamic  # a spread of an argument cannot be followed


def test_lookalikes_and_non_creations_are_not_found(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats],
) -> None:
    files = {key for key, _ in scanned[0]}  # creations only
    assert "python/lookalikes.py" not in files
    assert "python/webhook.py" not in files
    assert [line for key, line in scanned[0] if key == "node/server.js"] == [9]


def test_vendored_folders_skipped_and_prefilter(
    scanned: tuple[dict[tuple[str, int], CallSite], ScanStats], tmp_path: Path
) -> None:
    assert (CODE / "node" / "node_modules" / "stripe-clone" / "index.js").exists()
    assert not any("node_modules" in k for k, _ in scanned[0])
    stats = scanned[1]
    # 34 source files outside node_modules; no_stripe.py lacks the bytes and is not parsed
    # (those that only call a wrapper by name are: shop/views.py, next/app/api/*)
    assert (stats.files, stats.parsed) == (34, 33)
    one = ScanStats()
    assert list(scan_paths([str(CODE / "python" / "no_stripe.py")], stats=one)) == []
    assert (one.files, one.parsed) == (1, 0)
    call = 'import stripe\nstripe.checkout.Session.create(mode="payment")\n'
    for folder in (".venv/lib", "vendor/x", "node_modules/y", "env2/lib", ".hidden", "app"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "m.py").write_text(call)
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    tree = ScanStats()
    found = [
        Path(s.file).relative_to(tmp_path).as_posix()
        for s in scan_paths([str(tmp_path)], stats=tree)
    ]
    assert found == ["app/m.py"]
    assert tree.files == 1


def test_literal_kinds_and_scoping() -> None:
    py = language_for("x.py")
    assert py is not None
    src = (
        "params = {'mode': 'setup'}\n"
        "def f(params):\n"
        "    def inner():\n"
        "        params = {'x': 1}\n"
        "    return stripe.checkout.Session.create(\n"
        "        a=-1, b=1.5, c=None, d=(1, 2), e='x' 'y', f=f'{q}', g=dict(h=False), **params)\n"
    )
    (s,) = scan_source(src, "x.py", py)
    assert s.params == {
        "a": -1,
        "b": 1.5,
        "c": None,
        "d": [1, 2],
        "e": "xy",
        "f": {"$dynamic": "f'{q}'"},
        "g": {"h": False},
    }  # params is the function's argument: neither the module's nor inner()'s literal
    assert Dynamic("", "**params") in s.dynamic
    js = language_for("x.tsx")
    assert js is not None
    (t,) = scan_source(
        "const k = 'z'; stripe.checkout.sessions.create({'a': 'it\\'s', b: 0x10, c: null,"
        " d: undefined, [k]: 1, e: -2, f: [1, ...rest], g: `t` as const});",
        "x.tsx",
        js,
    )
    assert t.params == {
        "a": "it's",
        "b": 16,
        "c": None,
        "e": -2,
        "f": [1, {"$dynamic": "...rest"}],
        "g": "t",
        "z": 1,  # [k], k a constant of the file
    }
    assert Dynamic("", "[k]: 1") not in t.dynamic


def test_run_scan_json_and_text() -> None:
    out, code = run_scan([str(CODE / "python"), str(CODE / "node")], "json")
    doc = json.loads(out)
    assert doc["schema"] == "stripe2dodo.scan/v1"
    assert doc["summary"]["creates"] == 28  # the sites listed above
    assert doc["summary"]["calls"] == sum(1 for s in doc["sites"] if "request" in s) > 0
    creates = [s for s in doc["sites"] if s["kind"] == "create" and "request" not in s]
    assert {s["language"] for s in creates} == {"javascript", "python", "typescript"}
    first = creates[0]
    assert {"file", "line", "column", "callee", "params", "dynamic", "dodo", "suggestion"} <= set(
        first
    )
    assert code == 0  # findings about values computed at run time are not judged statically
    text, _ = run_scan([str(CODE / "python" / "legacy_items.py")], "text")
    assert text.splitlines()[0].endswith("legacy_items.py")
    assert "7:12  return stripe.checkout.Session.create(" in text
    missing, code = run_scan([str(CODE / "nope")], "text")
    assert code == 2 and "no such file or folder" in missing


def test_static_blockers_fail_the_scan_but_run_time_values_do_not(tmp_path: Path) -> None:
    code = tmp_path / "pay.py"
    code.write_text(
        "import stripe\n\n"
        "def pay(price_id):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': price_id, 'quantity': 1}],\n"
        "        payment_intent_data={'capture_method': 'manual'},\n"
        "    )\n"
    )
    out, exit_code = run_scan([str(code)], "json")
    (site,) = json.loads(out)["sites"]
    codes = {f["code"] for f in site["findings"]}
    assert "P001" in codes  # manual capture: a real blocker, written in the code
    assert "L103" not in codes  # the price is only known at run time
    assert exit_code == 1


def test_cli_reports_an_unreadable_path_on_stderr(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from migrate import cli

    result = CliRunner().invoke(cli.main, ["scan", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("stripe2dodo: error:") and "missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_gitignored_files_and_folders_are_skipped(tmp_path: Path) -> None:
    call = 'import stripe\nstripe.checkout.Session.create(mode="payment")\n'
    for name in ("app/a.py", "build/b.py", "app/c.gen.py", "app/sub/d.py", "app/sub/e.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(call)
    (tmp_path / ".gitignore").write_text("# generated\nbuild/\n*.gen.py\n")
    (tmp_path / "app" / "sub" / ".gitignore").write_text("d.py\n")
    stats = ScanStats()
    found = sorted(
        Path(s.file).relative_to(tmp_path).as_posix()
        for s in scan_paths([str(tmp_path)], stats=stats)
    )
    assert found == ["app/a.py", "app/sub/e.py"]
    assert stats.files == 2
    # a file named on the command line is read even when ignored (as with git add -f)
    assert len(list(scan_paths([str(tmp_path / "build" / "b.py")]))) == 1


def test_a_gitignore_line_git_cannot_read_is_passed_over_as_git_does(tmp_path: Path) -> None:
    # a Windows-style folder rule ends in a backslash: Git reads no pattern from that line and
    # keeps the other rules (the scan stopped with an internal error instead)
    call = 'import stripe\nstripe.checkout.Session.create(mode="payment")\n'
    for name in ("shop/views.py", "dist/views.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(call)
    (tmp_path / ".gitignore").write_text("# IDE\n.vscode\\\ndist/\n")
    sites = scan_paths([str(tmp_path)])
    assert [Path(s.file).relative_to(tmp_path).as_posix() for s in sites] == ["shop/views.py"]
    result = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text", "--no-cache"])
    assert "internal error" not in result.stderr and "shop/views.py" in result.output


def test_parallel_scan_gives_the_same_sites_in_the_same_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrate.scan import scan as scan_module

    monkeypatch.setattr(scan_module, "PARALLEL_MIN_FILES", 2)  # the samples are a small tree
    monkeypatch.setattr(scan_module, "BATCH_FILES", 3)
    one, two = ScanStats(), ScanStats()
    serial = [s.as_dict() for s in scan_paths([str(CODE)], stats=one, jobs=1)]
    parallel = [s.as_dict() for s in scan_paths([str(CODE)], stats=two, jobs=2)]
    assert two.files >= 30 and two.parsed >= 30
    assert serial == parallel
    assert (one.files, one.parsed) == (two.files, two.parsed)


def test_markdown_fences_and_html_scripts_are_scanned_in_their_language(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text(
        "# Guide\n\n"
        "Call `stripe.checkout.Session.create` on the server:\n\n"
        "```python\n"
        "import stripe\n"
        "session = stripe.checkout.Session.create(mode='payment', line_items=[])\n"
        "```\n\n"
        "```text\nstripe.checkout.Session.create(mode='payment')\n```\n\n"
        "    stripe.checkout.Session.create(mode='payment')\n"
    )
    (site,) = scan_paths([str(doc)])
    assert (site.line, site.column, site.language, site.span) == (7, 11, "python", None)
    page = tmp_path / "pay.html"
    page.write_text(
        "<html><body>\n"
        '<script type="application/json">{"checkout.session.completed": 1}</script>\n'
        "<script>\n"
        "  stripe.redirectToCheckout({ sessionId: id });\n"
        "</script>\n"
        "</body></html>\n"
    )
    (redirect,) = scan_paths([str(page)])
    assert (redirect.line, redirect.kind, redirect.rule) == (4, "related", "X008")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_stripe_key_written_in_the_scanned_code_never_reaches_the_output(
    tmp_path: Path, fmt: str
) -> None:
    key = "sk_test_" + "51AbCdEfGhIjKlMnOpQrStUv"
    (tmp_path / "pay.js").write_text(
        f'const stripe = require("stripe")("{key}"); stripe.checkout.sessions.create('
        '{mode: "payment", line_items: [{price: "price_1A", quantity: 1}],'
        ' success_url: "https://x.example/ok"});\n'
    )
    (tmp_path / "pay.py").write_text(
        "import requests\n"
        'requests.post("https://api.stripe.com/v1/checkout/sessions",'
        f' auth=("{key}", ""), data={{"mode": "payment", "success_url": "https://x.example/ok"}})\n'
    )
    out, _ = run_scan([str(tmp_path)], fmt)
    assert "checkout" in out.lower()  # the sites are reported
    assert key not in out
    assert "51AbCdEf" not in out


def test_a_stripe_key_in_scanned_code_never_reaches_the_report(tmp_path: Path) -> None:
    key = "sk_live_" + "51AbCdEfGhIjKlMnOpQrStUv"
    (tmp_path / "pay.js").write_text(
        f'const stripe = require("stripe")("{key}"); stripe.checkout.sessions.create('
        '{mode: "payment", success_url: "https://x.example/ok"});\n'
    )
    for fmt in ("json", "html", "markdown", "text"):
        result = CliRunner().invoke(
            cli.main, ["report", str(tmp_path), "--format", fmt, "--details"]
        )
        assert "pay.js" in result.output, (fmt, result.output[-500:])
        assert "51AbCdEf" not in result.output, fmt


def test_a_stripe_key_quoted_from_the_params_never_reaches_any_output(tmp_path: Path) -> None:
    """A key passed as a request option (`api_key=`) or written into metadata was quoted by
    findings, params and suggestions: every format of scan and report hides it."""
    key = "sk_live_" + "51AbCdEfGhIjKlMnOpQrStUv"
    (tmp_path / "pay.py").write_text(
        "import stripe\n\ndef pay():\n    return stripe.checkout.Session.create(\n"
        "        mode='payment', line_items=[{'price': 'price_1', 'quantity': 1}],\n"
        f"        success_url='https://x.example/ok', metadata={{'k': '{key}'}},\n"
        f"        api_key='{key}')\n"
    )
    runs = [["scan", str(tmp_path), "--format", f] for f in ("json", "sarif", "text")]
    runs += [["report", str(tmp_path), "--format", f, "--details"] for f in ("json", "html")]
    for args in runs:
        result = CliRunner().invoke(cli.main, args)
        assert "pay.py" in result.output, (args, result.output[-500:])
        assert "51AbCdEf" not in result.output, args
    assert "[redacted]" in CliRunner().invoke(cli.main, runs[0]).output


def test_sites_read_back_from_the_spill_are_the_sites_written() -> None:
    # the first pass of a tree writes each file's sites to a spill file with a pickler of its
    # own for the frozen dataclasses a site is made of (CallSite, Dynamic, Expr, SourceRef)
    # (migrate/scan/spill.py; the scan's cache keeps them so too)
    import pickle

    from migrate.scan.spill import pickled

    sites = list(scan_paths([str(CODE / "python" / "saas_billing.py")]))
    sites += list(scan_paths([str(CODE / "node")]))
    assert any(s.dynamic for s in sites)
    back = pickle.loads(pickled(sites))
    assert back == sites
    assert [s.as_dict() for s in back] == [s.as_dict() for s in sites]


def test_a_minified_line_is_shown_around_the_site_not_whole(tmp_path: Path) -> None:
    """A bundle's one line can hold a megabyte: text output shows the part around the site."""
    line = "var a=1;" * 20000 + "r.redirectToCheckout({sessionId:s});" + "var b=2;" * 20000
    (tmp_path / "bundle.js").write_text('import Stripe from "stripe";\n' + line + "\n")
    result = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text", "--no-cache"])
    assert "redirectToCheckout({sessionId:s})" in result.output
    assert max(len(x) for x in result.output.splitlines()) < 300
    shown = next(x for x in result.output.splitlines() if "redirectToCheckout(" in x)
    assert shown.startswith("2:160001  …") and shown.endswith("…")  # cut on both sides
