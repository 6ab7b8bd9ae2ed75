"""The scanner's work grows linearly with the code it reads: counted, never timed.

Each test scans the same shape of code at two sizes and counts an operation that a quadratic
implementation repeats for every call site (walking a scope's statements, scanning a function's
text). Four times the code may cost about four times the operations, not sixteen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from migrate.scan import extract, flow, follow, follow_base, hashflow, retry, scan
from migrate.scan.lang import (
    csharp,
    go,
    java,
    kotlin,
    node,
    php,
    php_source,
    python,
    ruby,
    ruby_source,
)
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

_MODULES = (
    extract,
    flow,
    follow,
    follow_base,
    hashflow,
    scan,
    retry,
    csharp,
    go,
    java,
    kotlin,
    node,
    php,
    php_source,
    python,
    ruby,
    ruby_source,
)
LINEAR = 4.5
"""The most ``count(4 n) / count(n)`` may be (4 for linear work, 16 for quadratic)."""


def _one_function(language: str, n: int) -> str:
    """``n`` Checkout Session creations in one function, each with its params bound above it
    and changed once before the call (what makes each site look its name up)."""
    rows: dict[str, Callable[[int], str]] = {
        "python": lambda i: (
            f"    p{i} = {{'mode': 'payment'}}\n    p{i}['success_url'] = 'https://x'\n"
            f"    stripe.checkout.Session.create(**p{i})\n"
        ),
        "javascript": lambda i: (
            f"  const p{i} = {{mode: 'payment'}};\n  p{i}.success_url = 'https://x';\n"
            f"  stripe.checkout.sessions.create(p{i});\n"
        ),
        "ruby": lambda i: (
            f"  p{i} = {{mode: 'payment'}}\n  p{i}[:success_url] = 'https://x'\n"
            f"  Stripe::Checkout::Session.create(p{i})\n"
        ),
        "php": lambda i: (
            f"  $p{i} = ['mode' => 'payment'];\n  $p{i}['success_url'] = 'https://x';\n"
            f"  \\Stripe\\Checkout\\Session::create($p{i});\n"
        ),
        "go": lambda i: (
            f'\tp{i} := &stripe.CheckoutSessionParams{{Mode: stripe.String("payment")}}\n'
            f'\tp{i}.SuccessURL = stripe.String("https://x")\n\tsession.New(p{i})\n'
        ),
        "java": lambda i: (
            f"  SessionCreateParams.Builder p{i} ="
            " SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT);\n"
            f'  p{i}.setSuccessUrl("https://x");\n  Session.create(p{i}.build());\n'
        ),
        "csharp": lambda i: (
            f'  var p{i} = new SessionCreateOptions {{ Mode = "payment" }};\n'
            f'  p{i}.SuccessUrl = "https://x";\n  new SessionService().Create(p{i});\n'
        ),
        "kotlin": lambda i: (
            f"  val p{i} = SessionCreateParams.builder()"
            ".setMode(SessionCreateParams.Mode.PAYMENT)\n"
            f'  if (live) p{i}.setSuccessUrl("https://x") else p{i}.setSuccessUrl("https://x")\n'
            f"  Session.create(p{i}.build())\n"
        ),
    }
    head, tail = {
        "python": ("import stripe\ndef f():\n", ""),
        "javascript": ("const stripe = require('stripe')();\nfunction f() {\n", "}\n"),
        "ruby": ("def f\n", "end\n"),
        "php": ("<?php\nfunction f() {\n", "}\n"),
        "go": (
            'package main\nimport "github.com/stripe/stripe-go/v82/checkout/session"\nfunc f() {\n',
            "}\n",
        ),
        "java": (
            "import com.stripe.model.checkout.Session;\nclass A { void f() throws Exception {\n",
            "} }\n",
        ),
        "csharp": ("using Stripe.Checkout;\nclass A { void F() {\n", "} }\n"),
        "kotlin": ("import com.stripe.model.checkout.Session\nfun f(live: Boolean) {\n", "}\n"),
    }[language]
    return head + "".join(rows[language](i) for i in range(n)) + tail


def _scan(code: str, language: str) -> list[CallSite]:
    return list(scan_source(code, "x", BY_NAME[language]))


@pytest.mark.parametrize(
    "language", ["python", "javascript", "ruby", "php", "go", "java", "kotlin", "csharp"]
)
def test_looking_names_up_costs_linear_work_in_a_long_function(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each site follows its params name to the binding and the assignments after it. Walking
    # the function's statements again for every site (asking each where it starts) made 2,000
    # sites in one function take 44 s; a scope's statements are now read once per file.
    calls = 0
    real = extract.start

    def counting(node: Any) -> int:
        nonlocal calls
        calls += 1
        return real(node)

    for module in _MODULES:
        if getattr(module, "start", None) is real:
            monkeypatch.setattr(module, "start", counting)
    counts = []
    for n in (60, 240):
        calls = 0
        sites = _scan(_one_function(language, n), language)
        assert len(sites) == n
        assert sites[-1].params == {"mode": "payment", "success_url": "https://x"}
        counts.append(calls)
    assert counts[1] <= LINEAR * counts[0], counts


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_following_branches_and_maps_costs_linear_work(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key set under an if is a choice whose condition must be readable at the call, which
    # asks where each name in it is declared: asking by walking the function's declarations
    # for every name made 1,000 such sites in one function take 43 s.
    def code(n: int) -> str:
        if language == "python":
            row = (
                "    p{i} = {{'mode': 'payment'}}\n    if x{i}:\n        p{i}['customer'] = c{i}\n"
                "    p{i}['line_items'] = [{{'price': it.p}} for it in items]\n"
                "    stripe.checkout.Session.create(**p{i})\n"
            )
            return "import stripe\ndef f():\n" + "".join(row.format(i=i) for i in range(n))
        row = (
            "  const p{i} = {{mode: 'payment'}};\n  if (x{i}) p{i}.customer = c{i};\n"
            "  p{i}.line_items = items.map((it) => ({{price: it.p, quantity: it.q ?? 1}}));\n"
            "  stripe.checkout.sessions.create(p{i});\n"
        )
        return "function f() {\n" + "".join(row.format(i=i) for i in range(n)) + "}\n"

    calls = 0
    real = extract.start

    def counting(node: Any) -> int:
        nonlocal calls
        calls += 1
        return real(node)

    for module in _MODULES:
        if getattr(module, "start", None) is real:
            monkeypatch.setattr(module, "start", counting)
    counts = []
    for n in (60, 240):
        calls = 0
        sites = _scan(code(n), language)
        assert len(sites) == n
        assert "$choice" in sites[-1].params["customer"]
        assert "$each" in sites[-1].params["line_items"]
        counts.append(calls)
    assert counts[1] <= LINEAR * counts[0], counts


class _Counting:
    """A compiled pattern that counts the characters it is asked to search."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.chars = 0

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        self.chars += len(text)
        return self.pattern.search(text, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


@pytest.mark.parametrize("language", ["python", "javascript"])
def test_judging_retry_loops_scans_each_function_once(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whether a loop checks hard declines was answered by searching its whole function's text,
    # once per loop: a thousand loops in one function scanned it a thousand times.
    def code(n: int) -> str:
        if language == "python":
            loop = (
                "    for s{i} in subs:\n        for attempt in range(5):\n"
                "            stripe.PaymentIntent.create(amount=100, currency='usd',"
                " customer=s{i}, off_session=True, confirm=True)\n"
            )
            return "import stripe\ndef f(subs):\n" + "".join(loop.format(i=i) for i in range(n))
        loop = (
            "  for (const s of subs) {{ for (let a = 0; a < 5; a++) {{ await"
            " stripe.paymentIntents.create({{amount: 100, currency: 'usd', customer: s,"
            " off_session: true, confirm: true}}); }} }}\n"
        )
        return (
            "const stripe = require('stripe')();\nasync function f(subs) {\n"
            + "".join(loop.format(i=i) for i in range(n))
            + "}\n"
        )

    counting = _Counting(retry._DECLINE)
    monkeypatch.setattr(retry, "_DECLINE", counting)
    scanned = []
    for n in (60, 240):
        counting.chars = 0
        loops = [s for s in _scan(code(n), language) if s.rule == "X012"]
        assert len(loops) == n
        scanned.append(counting.chars)
    assert scanned[1] <= LINEAR * scanned[0], scanned


class _Sized:
    """A compiled pattern that counts its size times the length of each text it searches:
    the cost of a regex of many alternatives (each tried at every position)."""

    def __init__(self, pattern: re.Pattern[Any], tally: list[int]) -> None:
        self.pattern, self.tally = pattern, tally

    def _count(self, text: Any) -> None:
        self.tally[0] += len(self.pattern.pattern) * len(text)

    def search(self, text: Any, *args: Any) -> Any:
        self._count(text)
        return self.pattern.search(text, *args)

    def findall(self, text: Any, *args: Any) -> Any:
        self._count(text)
        return self.pattern.findall(text, *args)

    def finditer(self, text: Any, *args: Any) -> Any:
        self._count(text)
        return self.pattern.finditer(text, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


def test_finding_calls_to_the_trees_wrappers_costs_linear_work(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file of a dense tree defines a wrapper of a creation and calls another file's.
    # Which wrapper names a file holds was asked of one regex of every name in the tree, for
    # every file: files x wrappers (a 1,000,000-line tree spent most of its scan there). The
    # file's words are now looked up in a set of the names.
    from migrate.scan import wrappers

    tally = [0]
    real_re = wrappers.re

    class _Re:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_re, name)

        def compile(self, pattern: Any, flags: int = 0) -> _Sized:
            return _Sized(real_re.compile(pattern, flags), tally)

    monkeypatch.setattr(wrappers, "re", _Re())
    for name in ("_WORD", "_WORD_BYTES"):
        if hasattr(wrappers, name):
            monkeypatch.setattr(wrappers, name, _Sized(getattr(wrappers, name), tally))
    costs = []
    for n in (15, 60):
        top = tmp_path / str(n)
        top.mkdir()
        for i in range(n):
            (top / f"shop_{i:03}.py").write_text(
                f"import stripe\nfrom shop_{(i + 1) % n:03} import pay_{(i + 1) % n}\n"
                f"def pay_{i}(price):\n"
                "    return stripe.checkout.Session.create(\n"
                "        mode='payment', line_items=[{'price': price, 'quantity': 1}],\n"
                "        success_url='https://x')\n"
                f"def order_{i}():\n    return pay_{(i + 1) % n}('price_{i}')\n"
                + "".join(f"def helper_{i}_{j}(x):\n    return x + {j}\n" for j in range(30)),
                encoding="utf-8",
            )
        tally[0] = 0
        sites = list(scan.scan_paths([str(top)]))
        assert sum(s.kind == "create" for s in sites) == 2 * n, [s.callee for s in sites]
        costs.append(tally[0])
    assert costs[1] <= LINEAR * costs[0], costs
