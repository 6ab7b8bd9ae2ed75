"""Benchmark: ``stripe2dodo scan`` over a generated 1,000,000-line tree vs ast-grep and grep.

Generates (seeded, so the same every time) a tree of Python and JavaScript source, about half
each, in files of 200-800 lines in nested folders: imports, functions, classes, dict and object
literals, comments. 3% of the files are look-alikes that mention ``checkout`` and ``create``
(``orders.create(...)``, ``checkout_page()``, half of them also Stripe calls such as
``stripe.billing_portal.Session.create(...)`` or ``stripe.customers.create({...})``) without
creating a Checkout Session, and 12 files each hold one real creation call:

* Python ``stripe.checkout.Session.create(mode=..., line_items=[...], success_url=...)``;
* Python ``client.checkout.sessions.create(params={...})``;
* JavaScript ``await stripe.checkout.sessions.create({...})``.

The tree goes to ``--tree DIR`` (default: a folder under the system temp dir named after the
parameters) and is reused when its ``manifest.json`` has the same parameters. Then, in one run,
each in a fresh process, wall time and peak RSS of its process tree (``bench/measure.py``), best
of ``--repeat`` runs after one warm-up run (so every tool reads from a warm page cache; the
warm-up's output is what is checked):

* ``stripe2dodo scan TREE --format json`` (with ``--jobs N`` when the command has it): the
  whole scan, parameters translated and Dodo calls suggested; it must report exactly the
  planted calls;
* the ast-grep CLI (``pip install ast-grep-cli``) with the creation patterns only;
* ``grep -rlF`` for the two dotted callees: the floor (reading the bytes, no parsing).

    python bench/scan_bench.py                      # 1,000,000 lines
    python bench/scan_bench.py --lines 200000       # quicker
    python bench/scan_bench.py --tree /tmp/scan-tree --repeat 5

``--dense`` measures the other extreme instead: a 1,000,000-line tree in the 8 scanned
languages where most files hold Stripe code (``bench/dense_tree.py``: thousands of creations
built over several statements, and look-alikes). It runs ``stripe2dodo scan --format json``
with ``--jobs 1`` and ``--jobs auto`` and one ``ast-grep scan`` with the creation patterns of
every language, and reports wall, CPU (user + system of the process tree), peak RSS and output
size; each tool's creations must be exactly the planted ones. The tables go between the same
markers, after the sparse ones.

    python bench/scan_bench.py --dense
    python bench/scan_bench.py --dense --lines 200000
    python bench/scan_bench.py --dense --before /tmp/main   # a checkout of the code before

The tables it prints go in docs/benchmarks.md, between ``<!-- scan-bench:start -->`` and
``<!-- scan-bench:end -->``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dense_tree import AST_GREP_DENSE_RULES, dense_found, ensure_dense  # noqa: E402
from bench.measure import measure, measure_full  # noqa: E402

GENERATOR_VERSION = 4
"""Bump when the generated tree changes, so old trees are not reused."""

PLANTED_KINDS = ("py_resource", "py_client", "js_sdk")

# ast-grep: one `scan` with a rules file (two rules, one per language) walks the tree once and
# parses each file once, matching every pattern in that parse, on all CPUs, which is what
# stripe2dodo scan does too. `ast-grep run -p PATTERN -l LANG`, once per pattern, would walk and
# parse the tree three times: unfair to ast-grep.
AST_GREP_RULES = """\
id: py-checkout-session-create
language: python
severity: info
rule:
  any:
    - pattern: $S.checkout.Session.create($$$A)
    - pattern: $S.checkout.sessions.create($$$A)
---
id: js-checkout-session-create
language: javascript
severity: info
rule:
  pattern: $S.checkout.sessions.create($$$A)
"""

# grep: one pass with both strings (-e twice) rather than two greps, so it reads the tree once
# like the others; -l lists each matching file once (every planted call is in its own file).
GREP_STRINGS = ("checkout.sessions.create", "checkout.Session.create")


# -- the generated tree ------------------------------------------------------------------------

_WORDS_TEXT = """
account address audit basket batch billing cache cart catalog channel config contact coupon
currency customer delivery discount document event export feature file filter fulfilment
gateway group history import inventory invoice item job ledger locale message metric notice
order owner package partner payload plan policy price product profile queue quota rate
receipt record refund region report request review role route schedule search segment
session setting shipment sku stock store summary supplier tax team template tenant ticket
token user vendor voucher warehouse webhook
"""
WORDS = _WORDS_TEXT.split()
_VERBS_TEXT = """
build check collect compute convert count create fetch filter find format group handle load merge
normalise parse prepare publish read refresh render resolve save send sort split store sync
update validate
"""
VERBS = _VERBS_TEXT.split()
PY_IMPORTS = (
    "import os",
    "import re",
    "import json",
    "import logging",
    "import datetime as dt",
    "from collections import defaultdict",
    "from dataclasses import dataclass, field",
    "from decimal import Decimal",
    "from pathlib import Path",
    "from typing import Any, Iterable, Optional",
)
JS_IMPORTS = (
    "import fs from 'node:fs';",
    "import path from 'node:path';",
    "import { EventEmitter } from 'node:events';",
    "import express from 'express';",
    "import { z } from 'zod';",
    "const crypto = require('crypto');",
    "const util = require('util');",
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(WORDS)}_{rng.choice(WORDS)}"


def _camel(rng: random.Random) -> str:
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    return a + b.capitalize()


def _title(rng: random.Random) -> str:
    return rng.choice(WORDS).capitalize() + rng.choice(WORDS).capitalize()


def py_block(rng: random.Random, n: int) -> list[str]:
    """One top-level Python definition (or comment block), realistic filler; ``n`` keeps
    top-level names unique in the file."""
    kind = rng.random()
    if kind < 0.45:
        fn, arg, other = f"{rng.choice(VERBS)}_{_name(rng)}_{n}", _name(rng), _name(rng)
        body = [
            f"def {fn}({arg}, {other}=None, *, limit=100):",
            f'    """{rng.choice(VERBS).capitalize()} the {arg.replace("_", " ")} records."""',
            "    result = []",
            f"    for index, entry in enumerate({arg}):",
            "        if index >= limit:",
            "            break",
            f"        if {other} is not None and entry.get({rng.choice(WORDS)!r}) != {other}:",
            "            continue",
            f"        # keep the {rng.choice(WORDS)} id for the {rng.choice(WORDS)} report",
            f"        result.append({{'id': entry['id'], {rng.choice(WORDS)!r}: index}})",
        ]
        body += [
            f"    logger.debug('{fn}: %d items', len(result))" for _ in range(rng.randint(0, 2))
        ]
        return [*body, "    return result", "", ""]
    if kind < 0.75:
        cls, attr = f"{_title(rng)}{n}", _name(rng)
        lines = [
            "@dataclass",
            f"class {cls}:",
            f'    """A {rng.choice(WORDS)} as the {rng.choice(WORDS)} service stores it."""',
            "",
            "    id: str",
            f"    {attr}: int = 0",
            f"    {_name(rng)}: list[str] = field(default_factory=list)",
            f"    {_name(rng)}: Optional[Decimal] = None",
            "",
        ]
        for _ in range(rng.randint(1, 3)):
            meth = f"{rng.choice(VERBS)}_{rng.choice(WORDS)}"
            lines += [
                f"    def {meth}(self, value):",
                f"        if value is None or value < {rng.randint(0, 99)}:",
                f"            raise ValueError('{meth}: bad value %r' % (value,))",
                f"        self.{attr} += value",
                f"        return self.{attr} * {rng.randint(2, 9)}",
                "",
            ]
        return [*lines, ""]
    if kind < 0.92:
        const = f"{_name(rng)}_{n}".upper()
        lines = [f"{const} = {{"]
        for _ in range(rng.randint(3, 10)):
            key = _name(rng)
            value = rng.choice(
                [
                    repr(rng.randint(0, 10_000)),
                    repr(_name(rng)),
                    "True",
                    "None",
                    f"[{rng.randint(1, 9)}, {rng.randint(10, 99)}]",
                    f"{{'enabled': {rng.choice(['True', 'False'])}, 'ttl': {rng.randint(1, 600)}}}",
                ]
            )
            lines.append(f"    {key!r}: {value},")
        return [*lines, "}", "", ""]
    return [
        f"# {rng.choice(VERBS).capitalize()} the {rng.choice(WORDS)} before the "
        f"{rng.choice(WORDS)} is {rng.choice(VERBS)}d: see the {rng.choice(WORDS)} docs."
        for _ in range(rng.randint(1, 4))
    ] + [""]


def js_block(rng: random.Random, n: int) -> list[str]:
    """One top-level JavaScript definition (or comment block), realistic filler; ``n`` keeps
    top-level names unique in the file (a module may not declare one twice)."""
    kind = rng.random()
    if kind < 0.45:
        fn, arg = f"{rng.choice(VERBS)}{_title(rng)}{n}", _camel(rng)
        body = [
            f"export async function {fn}({arg}, options = {{}}) {{",
            f"  const limit = options.limit ?? {rng.randint(10, 500)};",
            "  const result = [];",
            f"  for (const [index, entry] of {arg}.entries()) {{",
            "    if (index >= limit) break;",
            f"    if (!entry.{_camel(rng)}) continue;",
            f"    // keep the {rng.choice(WORDS)} id for the {rng.choice(WORDS)} report",
            f"    result.push({{ id: entry.id, {_camel(rng)}: index }});",
            "  }",
        ]
        body += [
            f"  logger.debug(`{fn}: ${{result.length}} items`);" for _ in range(rng.randint(0, 2))
        ]
        return [*body, "  return result;", "}", ""]
    if kind < 0.75:
        cls, attr = f"{_title(rng)}{n}", _camel(rng)
        lines = [
            f"export class {cls} extends EventEmitter {{",
            f"  constructor(id, {attr} = 0) {{",
            "    super();",
            "    this.id = id;",
            f"    this.{attr} = {attr};",
            f"    this.{_camel(rng)} = [];",
            "  }",
            "",
        ]
        for _ in range(rng.randint(1, 3)):
            meth = rng.choice(VERBS) + rng.choice(WORDS).capitalize()
            lines += [
                f"  {meth}(value) {{",
                f"    if (value == null || value < {rng.randint(0, 99)}) {{",
                f"      throw new Error(`{meth}: bad value ${{value}}`);",
                "    }",
                f"    this.{attr} += value;",
                f"    this.emit('{rng.choice(WORDS)}', this.{attr});",
                f"    return this.{attr} * {rng.randint(2, 9)};",
                "  }",
                "",
            ]
        return [*lines, "}", ""]
    if kind < 0.92:
        const = f"{_name(rng)}_{n}".upper()
        lines = [f"export const {const} = {{"]
        for _ in range(rng.randint(3, 10)):
            value = rng.choice(
                [
                    str(rng.randint(0, 10_000)),
                    f"'{_name(rng)}'",
                    "true",
                    "null",
                    f"[{rng.randint(1, 9)}, {rng.randint(10, 99)}]",
                    f"{{ enabled: {rng.choice(['true', 'false'])}, ttl: {rng.randint(1, 600)} }}",
                ]
            )
            lines.append(f"  {_camel(rng)}: {value},")
        return [*lines, "};", ""]
    return [
        f"// {rng.choice(VERBS).capitalize()} the {rng.choice(WORDS)} before the "
        f"{rng.choice(WORDS)} is {rng.choice(VERBS)}d: see the {rng.choice(WORDS)} docs."
        for _ in range(rng.randint(1, 4))
    ] + [""]


def py_decoy(rng: random.Random, *, stripe_calls: bool) -> list[str]:
    """Mentions checkout and create (and maybe calls Stripe) but creates no Session."""
    lines = [
        "def checkout_page(request):",
        '    cart = carts.get(request.session["cart_id"])',
        "    order = orders.create(customer=request.user.id, items=cart.items, status='pending')",
        f"    audit.create(kind='checkout', ref=order.id, note={_name(rng)!r})",
        '    return render(request, "checkout.html", {"order": order})',
        "",
        "",
    ]
    if stripe_calls:
        lines += [
            "def open_billing_portal(customer_id):",
            "    portal = stripe.billing_portal.Session.create(",
            "        customer=customer_id, return_url=settings.CHECKOUT_RETURN_URL",
            "    )",
            "    return portal.url",
            "",
            "",
            "def create_stripe_customer(email):",
            "    return stripe.Customer.create(email=email, metadata={'source': 'checkout'})",
            "",
            "",
        ]
    return lines


def js_decoy(rng: random.Random, *, stripe_calls: bool) -> list[str]:
    """Mentions checkout and create (and maybe calls Stripe) but creates no Session."""
    lines = [
        "export async function checkoutPage(req, res) {",
        "  const order = await orders.create({ customerId: req.user.id, items: req.body.items });",
        f"  await audit.create({{ kind: 'checkout', ref: order.id, note: '{_name(rng)}' }});",
        "  res.render('checkout', { order });",
        "}",
        "",
    ]
    if stripe_calls:
        lines += [
            "export async function openBillingPortal(customerId) {",
            "  const portal = await stripe.billingPortal.sessions.create({",
            "    customer: customerId,",
            "    return_url: process.env.CHECKOUT_RETURN_URL,",
            "  });",
            "  return portal.url;",
            "}",
            "",
            "export const createStripeCustomer = (email) =>",
            "  stripe.customers.create({ email, metadata: { source: 'checkout' } });",
            "",
        ]
    return lines


def planted(kind: str, n: int) -> tuple[list[str], int]:
    """A real Checkout Session creation, and the index of the line the call starts on."""
    if kind == "py_resource":
        return [
            f"def start_checkout_{n}(request):",
            "    session = stripe.checkout.Session.create(",
            '        mode="payment",',
            f'        line_items=[{{"price": "price_bench_{n}", "quantity": 1}}],',
            '        success_url="https://example.com/s",',
            "    )",
            "    return session.url",
            "",
            "",
        ], 1
    if kind == "py_client":
        return [
            f"def start_checkout_{n}(request):",
            "    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY)",
            "    session = client.checkout.sessions.create(",
            "        params={",
            '            "mode": "payment",',
            f'            "line_items": [{{"price": "price_bench_{n}", "quantity": 1}}],',
            '            "success_url": "https://example.com/s",',
            "        }",
            "    )",
            "    return session.url",
            "",
            "",
        ], 2
    return [
        f"export async function startCheckout{n}(req, res) {{",
        "  const session = await stripe.checkout.sessions.create({",
        "    mode: 'payment',",
        f"    line_items: [{{ price: 'price_bench_{n}', quantity: 1 }}],",
        "    success_url: 'https://example.com/s',",
        "  });",
        "  res.redirect(303, session.url);",
        "}",
        "",
    ], 1


@dataclass(frozen=True)
class TreeSpec:
    lines: int
    seed: int
    decoy_share: float
    planted: int

    def key(self) -> dict[str, Any]:
        return {
            "generator": GENERATOR_VERSION,
            "lines": self.lines,
            "seed": self.seed,
            "decoy_share": self.decoy_share,
            "planted": self.planted,
        }


def _folder(rng: random.Random, lang: str) -> str:
    top = "app" if lang == "py" else "web"
    depth = rng.randint(1, 3)
    parts = [top] + [rng.choice(WORDS[:40]) for _ in range(depth)]
    return "/".join(parts)


@dataclass
class _File:
    lang: str
    folder: str
    name: str
    imports: list[str]
    body: list[list[str]]

    def header(self, *, uses_stripe: bool) -> list[str]:
        comment = "#" if self.lang == "py" else "//"
        lines = [f"{comment} {self.folder}: generated by bench/scan_bench.py", *self.imports]
        if self.lang == "py":
            lines += ["import stripe"] if uses_stripe else []
            return [*lines, "", "logger = logging.getLogger(__name__)", "", ""]
        lines += ["import Stripe from 'stripe';"] if uses_stripe else []
        lines += ["", "const logger = console;", ""]
        if uses_stripe:
            lines += ["const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);", ""]
        return lines


def generate(spec: TreeSpec, src: Path) -> dict[str, Any]:
    """Write the tree under ``src``; return the manifest (planted calls, counts)."""
    rng = random.Random(spec.seed)
    # 1. The filler, file by file, until the tree has ``spec.lines`` lines.
    files: list[_File] = []
    total = 0
    while total < spec.lines:
        lang = "py" if rng.random() < 0.5 else "js"
        imports = sorted(rng.sample(PY_IMPORTS if lang == "py" else JS_IMPORTS, rng.randint(2, 5)))
        file = _File(lang, _folder(rng, lang), f"{_name(rng)}_{len(files)}.{lang}", imports, [])
        size = max(200, min(rng.randint(200, 800), spec.lines - total))
        length = len(file.header(uses_stripe=False))
        while length < size:
            file.body.append((py_block if lang == "py" else js_block)(rng, len(file.body)))
            length += len(file.body[-1])
        files.append(file)
        total += length
    # 2. Which files get a planted call (one each), which a look-alike.
    plants: dict[int, str] = {}
    for n in range(spec.planted):
        kind = PLANTED_KINDS[n % len(PLANTED_KINDS)]
        lang = "js" if kind == "js_sdk" else "py"
        index = rng.choice([i for i, f in enumerate(files) if f.lang == lang and i not in plants])
        plants[index] = kind
    others = [i for i in range(len(files)) if i not in plants]
    decoys = set(rng.sample(others, round(len(files) * spec.decoy_share)))
    # 3. Write them.
    sites: list[dict[str, Any]] = []
    counts = {"py": [0, 0], "js": [0, 0]}  # files, lines
    size_bytes = 0
    for index, file in enumerate(files):
        uses_stripe = index in plants or (index in decoys and rng.random() < 0.5)
        lines = file.header(uses_stripe=uses_stripe)
        body = file.body
        if index in decoys:
            decoy = (py_decoy if file.lang == "py" else js_decoy)(rng, stripe_calls=uses_stripe)
            body.insert(rng.randrange(len(body) + 1), decoy)
        path = src / file.folder / file.name
        if index in plants:
            at = rng.randrange(len(body) + 1)
            code, offset = planted(plants[index], len(sites))
            line = len(lines) + sum(len(b) for b in body[:at]) + offset + 1
            body.insert(at, code)
            sites.append({"file": str(path.relative_to(src)), "line": line, "kind": plants[index]})
        for block in body:
            lines += block
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(lines) + "\n"
        path.write_text(text, encoding="utf-8")
        size_bytes += len(text.encode())
        counts[file.lang][0] += 1
        counts[file.lang][1] += len(lines)
    return {
        **spec.key(),
        "files": {lang: c[0] for lang, c in counts.items()},
        "source_lines": {lang: c[1] for lang, c in counts.items()},
        "bytes": size_bytes,
        "decoy_files": len(decoys),
        "sites": sorted(sites, key=lambda s: (s["file"], s["line"])),
    }


def ensure_tree(spec: TreeSpec, top: Path) -> tuple[Path, dict[str, Any]]:
    """The tree for ``spec`` under ``top`` (its ``src/`` folder), generated unless ``top``
    already holds one made with the same parameters."""
    manifest_path, src = top / "manifest.json", top / "src"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(manifest.get(k) == v for k, v in spec.key().items()) and src.is_dir():
            return src, manifest
        print(f"{top}: made with other parameters; generating it again", file=sys.stderr)
        manifest_path.unlink()
        shutil.rmtree(src, ignore_errors=True)
    elif top.exists() and any(top.iterdir()):
        sys.exit(f"{top}: not empty and not a tree made by this bench (no manifest.json)")
    started = time.perf_counter()
    src.mkdir(parents=True, exist_ok=True)
    manifest = generate(spec, src)
    # written last: a tree whose generation was interrupted is never reused
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"generated {top} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return src, manifest


# -- the tools ---------------------------------------------------------------------------------


def tool(*names: str) -> str | None:
    """An executable next to this Python (the venv's bin/) or else on PATH."""
    for name in names:
        here = Path(sys.executable).parent / name
        if here.exists():
            return str(here)
    for name in names:
        found = shutil.which(name)
        # `sg` is also shadow-utils' "execute as group": only take one that is ast-grep
        if found and (name != "sg" or "ast-grep" in _output([found, "--version"])):
            return found
    return None


def _output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


def fail(what: str, expected: set[tuple[str, int]], got: set[tuple[str, int]]) -> None:
    print(f"FAIL: {what} found {len(got)} call(s), {len(expected)} planted", file=sys.stderr)
    for site in sorted(expected - got):
        print(f"  missed:     {site[0]}:{site[1]}", file=sys.stderr)
    for site in sorted(got - expected):
        print(f"  unexpected: {site[0]}:{site[1]}", file=sys.stderr)
    sys.exit(1)


Checker = Callable[[list[str], Path, set[tuple[str, int]]], tuple[int, str]]
"""Runs a tool once (the warm-up run), checks what it found: match count and a note."""


def check_stripe2dodo(cmd: list[str], src: Path, expected: set[tuple[str, int]]) -> tuple[int, str]:
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):  # 1: blockers found (unmapped prices): a normal outcome
        sys.exit(f"FAIL: {' '.join(cmd)} exited {run.returncode}: {run.stderr.strip()}")
    report = json.loads(run.stdout)
    sites = report["sites"]
    got = {(os.path.relpath(s["file"], src), int(s["line"])) for s in sites}
    if got != expected or len(sites) != len(expected):
        fail("stripe2dodo scan", expected, got)
    summary = report.get("summary", {})
    note = ""
    if "parsed" in summary and "files" in summary:
        note = (
            f"stripe2dodo parsed {summary['parsed']:,} of the {summary['files']:,} files "
            "(the others failed its byte prefilter)"
        )
    return len(sites), note


def check_ast_grep(cmd: list[str], src: Path, expected: set[tuple[str, int]]) -> tuple[int, str]:
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        sys.exit(f"FAIL: {' '.join(cmd)} exited {run.returncode}: {run.stderr.strip()}")
    matches = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    got = {(os.path.relpath(m["file"], src), int(m["range"]["start"]["line"]) + 1) for m in matches}
    if got != expected or len(matches) != len(expected):
        fail("ast-grep", expected, got)
    return len(matches), ""


def check_grep(cmd: list[str], src: Path, expected: set[tuple[str, int]]) -> tuple[int, str]:
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {run.returncode}: {run.stderr.strip()}")
    files = {os.path.relpath(line, src) for line in run.stdout.splitlines() if line}
    if files != {f for f, _ in expected}:
        print(f"FAIL: grep listed {sorted(files)}", file=sys.stderr)
        sys.exit(1)
    return len(files), ""


def best(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs, and the peak RSS of that run."""
    runs = [measure(cmd) for _ in range(repeat)]
    for wall, _, code in runs:
        if code not in (0, 1):
            sys.exit(f"FAIL: {' '.join(cmd)} exited {code} in a timed run ({wall:.1f} s)")
    wall, rss, _ = min(runs)
    return wall, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="source lines in the tree")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--planted", type=int, default=12, help="real creation calls planted")
    parser.add_argument("--decoys", type=float, default=0.03, help="share of look-alike files")
    parser.add_argument("--tree", type=Path, help="where the tree goes (reused if it matches)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool (best kept)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="workers/threads for both tools"
    )
    parser.add_argument(
        "--dense", action="store_true", help="the dense tree: 8 languages, most files Stripe"
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="--dense: a checkout of the code to compare with (run in the same run, first)",
    )
    args = parser.parse_args()
    if args.dense:
        dense(args)
        return
    started = time.perf_counter()
    spec = TreeSpec(args.lines, args.seed, args.decoys, args.planted)
    top = args.tree or Path(tempfile.gettempdir()) / (
        f"stripe2dodo-scan-bench-{args.lines}-{args.seed}-{args.planted}-{args.decoys}"
    )
    src, manifest = ensure_tree(spec, top.resolve())
    expected = {(s["file"], int(s["line"])) for s in manifest["sites"]}

    s2d = str(Path(sys.executable).parent / "stripe2dodo")
    os.environ["STRIPE2DODO_CACHE_DIR"] = tempfile.mkdtemp(prefix="stripe2dodo-bench-cache-")
    helped = _output([s2d, "scan", "--help"])
    has_jobs = "--jobs" in helped
    # every run reads the tree as if for the first time (the dense bench times the cache)
    s2d_cmd = [
        s2d,
        "scan",
        str(src),
        "--format",
        "json",
        *(["--no-cache"] * ("--no-cache" in helped)),
    ]
    s2d_label = "stripe2dodo scan (one process: no --jobs yet)"
    if has_jobs:
        s2d_cmd += ["--jobs", str(args.jobs)]
        s2d_label = f"stripe2dodo scan --jobs {args.jobs}"
    rows: list[tuple[str, list[str], Checker]] = [(s2d_label, s2d_cmd, check_stripe2dodo)]

    sg = tool("ast-grep", "sg")
    sg_version = ""
    if sg is None:
        try:
            py_version = importlib.metadata.version("ast-grep-py")
        except importlib.metadata.PackageNotFoundError:
            py_version = "<ast-grep-py's version>"
        print(
            "ast-grep is not installed: its row is skipped. Install the CLI matching "
            f"ast-grep-py with: pip install ast-grep-cli=={py_version}\n",
            file=sys.stderr,
        )
    else:
        sg_version = _output([sg, "--version"]).strip()
        rules = top / "checkout-session-create.yml"  # beside src/, not in the scanned tree
        rules.write_text(AST_GREP_RULES, encoding="utf-8")
        sg_cmd = [sg, "scan", "--rule", str(rules), "--json=stream", "--threads", str(args.jobs)]
        rows.append(
            (
                f"ast-grep scan --threads {args.jobs} (creation patterns only)",
                [*sg_cmd, str(src)],
                check_ast_grep,
            )
        )
    grep_cmd = ["grep", "-rlF"] + [a for s in GREP_STRINGS for a in ("-e", s)] + [str(src)]
    rows.append(("grep -rlF, both callees (files listed)", grep_cmd, check_grep))

    results, notes = [], []
    for label, cmd, check in rows:
        matches, note = check(cmd, src, expected)  # the warm-up run, checked
        wall, rss = best(cmd, args.repeat)
        results.append((label, wall, rss, matches))
        notes += [note] if note else []
    sg_wall = next((r[1] for r in results if r[0].startswith("ast-grep")), None)

    files, source_lines = manifest["files"], manifest["source_lines"]
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), "
        f"{sg_version or 'ast-grep not installed'}; best of {args.repeat} runs after a "
        f"checked warm-up run\n"
    )
    print(
        f"Tree: {sum(source_lines.values()):,} lines in {sum(files.values()):,} files "
        f"({source_lines['py']:,} lines of Python in {files['py']:,} files, "
        f"{source_lines['js']:,} of JavaScript in {files['js']:,}), "
        f"{manifest['bytes'] / 2**20:.1f} MiB; {manifest['decoy_files']} look-alike files, "
        f"{len(expected)} planted creation calls\n"
    )
    print("| tool | wall | peak RSS | matches | vs ast-grep |")
    print("|---|---:|---:|---:|---:|")
    for label, wall, rss, matches in results:
        ratio = f"{wall / sg_wall:.2f}x" if sg_wall else "-"
        # 0: it ended before the first sample
        memory = "-" if not rss else f"{rss:.0f} MiB" if rss >= 1 else "<1 MiB"
        print(f"| {label} | {wall:.2f} s | {memory} | {matches} | {ratio} |")
    for note in notes:
        print(f"\n{note}{'; ast-grep parses every file' if sg else ''}.")
    print(f"\nWhole bench: {time.perf_counter() - started:.0f} s (tree {top})")


# -- the dense tree ----------------------------------------------------------------------------


class _OneFileChanges:
    """Before each run: one file of the tree holding a creation changed (a comment line of its
    own added at its end), as between two commits; the creations stay the same. ``restore``
    puts the file back."""

    def __init__(self, src: Path) -> None:
        self.target = sorted(p for p in src.rglob("*.py") if "checkout.Session" in p.read_text())[0]
        self.original = self.target.read_bytes()
        self.runs = 0

    def __call__(self) -> None:
        self.runs += 1
        self.target.write_bytes(self.original + f"# changed {self.runs}\n".encode())

    def restore(self) -> None:
        self.target.write_bytes(self.original)


def dense(args: argparse.Namespace) -> None:
    """``--dense``: the dense tree, stripe2dodo (``--jobs 1`` and ``auto``) beside ast-grep."""
    started = time.perf_counter()
    top = args.tree or Path(tempfile.gettempdir()) / (
        f"stripe2dodo-scan-bench-dense-{args.lines}-{args.seed}"
    )
    top = top.resolve()
    src, manifest = ensure_dense(args.lines, args.seed, top)
    expected = {(s["file"], int(s["line"])) for s in manifest["sites"]}
    s2d = str(Path(sys.executable).parent / "stripe2dodo")
    # the scan's cache in a folder of this run: the cold rows never read it (--no-cache); the
    # warm ones read what their checked first run wrote, as a scan in CI reads the last one's
    os.environ["STRIPE2DODO_CACHE_DIR"] = tempfile.mkdtemp(prefix="stripe2dodo-bench-cache-")
    scan = [s2d, "scan", str(src), "--format", "json", "--jobs"]
    cold = ["--no-cache"] if "--no-cache" in _output([s2d, "scan", "--help"]) else []
    rows: list[tuple[str, list[str], _OneFileChanges | None]] = [
        (f"stripe2dodo scan --jobs {j}{' --no-cache' if cold else ''}", [*scan, j, *cold], None)
        for j in ("1", "auto")
    ]
    if cold:
        changed = _OneFileChanges(src)
        rows += [
            (f"stripe2dodo scan --jobs {j}, cache of the scan before", [*scan, j], None)
            for j in ("1", "auto")
        ]
        rows += [
            (f"stripe2dodo scan --jobs {j}, one file changed since", [*scan, j], changed)
            for j in ("1", "auto")
        ]
    if args.before is not None:  # the code of another checkout, in the same run
        code = str(args.before.resolve())
        run = f"import sys; sys.path.insert(0, {code!r}); from migrate.cli import main; main()"
        before = [sys.executable, "-c", run, "scan", str(src), "--format", "json", "--jobs"]
        # cold, as the rows it is compared with: a checkout with the scan's cache would read
        # what an earlier run of the same code kept
        help_text = _output([sys.executable, "-c", run, "scan", "--help"])
        off = ["--no-cache"] if "--no-cache" in help_text else []
        shown = " --no-cache" if off else ""
        rows[:0] = [
            (f"before: stripe2dodo scan --jobs {j}{shown}", [*before, j, *off], None)
            for j in ("1", "auto")
        ]
    # each checkout's bytecode compiled first, as an installed package has it: where
    # PYTHONDONTWRITEBYTECODE is set (as here), each run would compile every module it loads
    for code_tree in (ROOT, *([args.before.resolve()] if args.before is not None else [])):
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(code_tree / "migrate")], check=True
        )
    sg = tool("ast-grep", "sg")
    sg_version = _output([sg, "--version"]).strip() if sg else "ast-grep not installed"
    if sg:
        rules = top / "checkout-session-create.yml"
        rules.write_text(AST_GREP_DENSE_RULES, encoding="utf-8")
        threads = str(os.cpu_count() or 1)
        rows.append(
            (
                f"ast-grep scan --threads {threads} (creation patterns only)",
                [sg, "scan", "--rule", str(rules), "--json=stream", "--threads", threads, str(src)],
                None,
            )
        )
    results = []
    try:
        for label, cmd, prepare in rows:
            output = top / "output.json"
            runs = []
            for attempt in range(args.repeat):
                if prepare is not None:
                    prepare()
                wall, cpu, rss, code = measure_full(cmd, output)
                if code not in (0, 1):
                    sys.exit(f"FAIL: {' '.join(cmd)} exited {code}")
                if attempt == 0:  # every run writes the same: check the first
                    got = dense_found(label, output, src)
                    if got != expected:
                        fail(label, expected, got)
                runs.append((wall, cpu, rss, output.stat().st_size))
            results.append((label, *min(runs), len(got)))
            print(f"{label}: {min(runs)[0]:.1f} s", file=sys.stderr)
            output.unlink()
    finally:
        if cold:
            changed.restore()
    sg_row = next((r for r in results if r[0].startswith("ast-grep")), None)
    files, lines = manifest["files"], manifest["source_lines"]
    print(
        f"`nproc` {os.cpu_count()}, Python {sys.version.split()[0]}, {sg_version}, "
        f"{time.strftime('%Y-%m-%d')}; best of {args.repeat} run(s), the first checked\n"
    )
    print(
        f"Dense tree: {sum(lines.values()):,} lines in {sum(files.values()):,} files "
        f"({', '.join(f'{k} {v}' for k, v in files.items())}), "
        f"{manifest['bytes'] / 2**20:.1f} MiB; {manifest['stripe_files']:,} files hold Stripe "
        f"code: {len(expected):,} planted creations, {manifest['decoy_files']:,} look-alikes\n"
    )
    print(
        "| tool | wall | CPU | peak RSS | output | creations | wall vs ast-grep | CPU vs ast-grep |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, wall, cpu, rss, size, found in results:
        ratio = f"{wall / sg_row[1]:.2f}x" if sg_row else "-"
        cpu_ratio = f"{cpu / sg_row[2]:.2f}x" if sg_row else "-"
        print(
            f"| {label} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MiB | "
            f"{size / 2**20:.1f} MiB | {found:,} | {ratio} | {cpu_ratio} |"
        )
    print(f"\nWhole bench: {time.perf_counter() - started:.0f} s (tree {top})")


if __name__ == "__main__":
    main()
