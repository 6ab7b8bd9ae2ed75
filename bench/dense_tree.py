"""The dense tree of ``bench/scan_bench.py --dense``: most files hold Stripe code, 8 languages.

Seeded, so the same every time. Each file is filler (functions with loops and branches) around
one to three Stripe blocks. A block is either a Checkout Session creation built over several
statements (params dicts or builders changed after they are made, ternaries, a loop mapping a
cart, a helper that returns the params) or a look-alike around Checkout (retrieve, expire,
list, the billing portal, a customer, a mock, a commented-out call). Every creation's line is
recorded in the manifest, so a tool's matches can be checked against them.

Written for this bench (the shapes are the ones the scanner's samples cover); no code here comes
from the corpus or from any fetched repository.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.dense_blocks import BLOCKS, Block, cap, word

DENSE_VERSION = 1
"""Bump when the dense tree changes, so old trees are not reused."""

LANGS = ("py", "js", "ts", "rb", "php", "go", "java", "kt", "cs")
"""File kinds (JavaScript and TypeScript are one language, 8 in all)."""

STRIPE_SHARE = 0.85
"""Share of the files that hold Stripe code."""

# -- filler -----------------------------------------------------------------------------------


def _filler(lang: str, rng: random.Random, n: int) -> list[str]:
    a, b, k = word(rng), word(rng), rng.randint(2, 99)
    if lang == "py":
        return [
            f"def sum_{a}_{n}({b}s, limit={k}):",
            "    total = 0",
            f"    for index, entry in enumerate({b}s):",
            "        if index >= limit:",
            "            break",
            f"        total += entry.get({a!r}, 0) * {k}",
            "    return total",
            "",
            "",
        ]
    if lang in ("js", "ts"):
        typ = ": Array<Record<string, number>>" if lang == "ts" else ""
        return [
            f"export function sum{cap(a)}{n}({b}s{typ}, limit = {k}) {{",
            "  let total = 0;",
            f"  for (const [index, entry] of {b}s.entries()) {{",
            "    if (index >= limit) break;",
            f"    total += (entry.{a} ?? 0) * {k};",
            "  }",
            "  return total;",
            "}",
            "",
        ]
    if lang == "rb":
        return [
            f"  def sum_{a}_{n}({b}s, limit = {k})",
            "    total = 0",
            f"    {b}s.each_with_index do |entry, index|",
            "      break if index >= limit",
            f"      total += entry.fetch(:{a}, 0) * {k}",
            "    end",
            "    total",
            "  end",
            "",
        ]
    if lang == "php":
        return [
            f"    public function sum{cap(a)}{n}(array ${b}s, int $limit = {k}): int",
            "    {",
            "        $total = 0;",
            f"        foreach (${b}s as $index => $entry) {{",
            "            if ($index >= $limit) {",
            "                break;",
            "            }",
            f"            $total += ($entry['{a}'] ?? 0) * {k};",
            "        }",
            "        return $total;",
            "    }",
            "",
        ]
    if lang == "go":
        return [
            f"func sum{cap(a)}{n}({b}s []map[string]int64, limit int) int64 {{",
            "\tvar total int64",
            f"\tfor index, entry := range {b}s {{",
            "\t\tif index >= limit {",
            "\t\t\tbreak",
            "\t\t}",
            f'\t\ttotal += entry["{a}"] * {k}',
            "\t}",
            "\treturn total",
            "}",
            "",
        ]
    if lang == "java":
        return [
            f"    public static long sum{cap(a)}{n}(List<Map<String, Long>> {b}s, int limit) {{",
            "        long total = 0;",
            f"        for (int i = 0; i < {b}s.size() && i < limit; i++) {{",
            f'            total += {b}s.get(i).getOrDefault("{a}", 0L) * {k};',
            "        }",
            "        return total;",
            "    }",
            "",
        ]
    if lang == "kt":
        return [
            f"fun sum{cap(a)}{n}({b}s: List<Map<String, Long>>, limit: Int = {k}): Long {{",
            "    var total = 0L",
            f"    for ((index, entry) in {b}s.withIndex()) {{",
            "        if (index >= limit) break",
            f'        total += (entry["{a}"] ?: 0L) * {k}',
            "    }",
            "    return total",
            "}",
            "",
        ]
    return [  # cs
        f"    public static long Sum{cap(a)}{n}(List<Dictionary<string, long>> {b}s, int limit)",
        "    {",
        "        long total = 0;",
        f"        for (var i = 0; i < {b}s.Count && i < limit; i++)",
        "        {",
        f'            total += {b}s[i].GetValueOrDefault("{a}") * {k};',
        "        }",
        "        return total;",
        "    }",
        "",
    ]


# -- file frames ------------------------------------------------------------------------------


def _head(lang: str, cls: str) -> tuple[list[str], list[str]]:
    """The lines before and after a file's blocks."""
    if lang == "py":
        return [
            "import logging",
            "from unittest import mock",
            "",
            "import stripe",
            "from django.conf import settings",
            "from django.shortcuts import redirect",
            "",
            "logger = logging.getLogger(__name__)",
            "",
            "",
        ], []
    if lang in ("js", "ts"):
        return [
            "import Stripe from 'stripe';",
            "",
            "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);",
            "",
        ], []
    if lang == "rb":
        return [f"class {cls}Controller < ApplicationController", ""], ["end"]
    if lang == "php":
        return [
            "<?php",
            "",
            "namespace App\\Http\\Controllers;",
            "",
            "use Illuminate\\Http\\Request;",
            "use Stripe\\StripeClient;",
            "",
            f"class {cls}Controller extends Controller",
            "{",
            "    public function __construct(private StripeClient $stripe)",
            "    {",
            "    }",
            "",
        ], ["}"]
    if lang == "go":
        return [
            "package shop",
            "",
            "import (",
            '\t"net/http"',
            '\t"os"',
            "",
            '\t"github.com/stripe/stripe-go/v82"',
            '\tportalsession "github.com/stripe/stripe-go/v82/billingportal/session"',
            '\t"github.com/stripe/stripe-go/v82/checkout/session"',
            ")",
            "",
        ], []
    if lang == "java":
        return [
            "package com.example.shop;",
            "",
            "import com.stripe.exception.StripeException;",
            "import com.stripe.model.checkout.Session;",
            "import com.stripe.param.checkout.SessionCreateParams;",
            "import java.util.List;",
            "import java.util.Map;",
            "",
            f"public class {cls}Service {{",
            '    private final String baseUrl = System.getenv("BASE_URL");',
            "",
        ], ["}"]
    if lang == "kt":
        return [
            "package com.example.shop",
            "",
            "import com.stripe.model.checkout.Session",
            "import com.stripe.param.checkout.SessionCreateParams",
            "",
            'private val domain = System.getenv("APP_DOMAIN") ?: "http://localhost:8080"',
            "",
        ], []
    return [
        "using Stripe.Checkout;",
        "",
        "namespace Shop.Services;",
        "",
        f"public class {cls}Service",
        "{",
        "    private readonly SessionService _sessions = new SessionService();",
        '    private readonly string _domain = "https://shop.example";',
        "",
    ], ["}"]


def generate_dense(lines: int, seed: int, src: Path) -> dict[str, Any]:
    """Write the dense tree of about ``lines`` lines under ``src``; return its manifest (the
    planted creations, counts per language)."""
    rng = random.Random(seed)
    sites: list[dict[str, Any]] = []
    files: dict[str, int] = dict.fromkeys(LANGS, 0)
    source_lines: dict[str, int] = dict.fromkeys(LANGS, 0)
    total = size_bytes = stripe_files = lookalikes = 0
    index = 0
    while total < lines:
        lang = LANGS[index % len(LANGS)] if index < len(LANGS) else rng.choice(LANGS)
        cls = f"{cap(word(rng))}{cap(word(rng))}{index}"
        head, tail = _head(lang, cls)
        size = rng.randint(150, 500)
        body: list[Block] = []
        length = len(head) + len(tail)
        while length < size:
            body.append((_filler(lang, rng, len(body)), None))
            length += len(body[-1][0])
        if rng.random() < STRIPE_SHARE:
            stripe_files += 1
            for _ in range(rng.randint(1, 3)):
                create = rng.random() < 0.7
                block = BLOCKS[lang](rng, index * 10 + len(body), create)
                lookalikes += not create
                body.insert(rng.randrange(len(body) + 1), block)
        out = list(head)
        folder = f"{lang}/{word(rng)}/{word(rng)}"
        ext = lang
        name = f"{cls}.{ext}" if lang in ("java", "kt", "cs", "php") else f"{cls.lower()}.{ext}"
        rel = f"{folder}/{name}"
        for block_lines, offset in body:
            if offset is not None:
                sites.append({"file": rel, "line": len(out) + offset + 1, "lang": lang})
            out += block_lines
        out += tail
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(out) + "\n"
        path.write_text(text, encoding="utf-8")
        size_bytes += len(text.encode())
        files[lang] += 1
        source_lines[lang] += len(out)
        total += len(out)
        index += 1
    return {
        "files": files,
        "source_lines": source_lines,
        "bytes": size_bytes,
        "stripe_files": stripe_files,
        "decoy_files": lookalikes,
        "sites": sorted(sites, key=lambda s: (s["file"], s["line"])),
    }


def ensure_dense(lines: int, seed: int, top: Path) -> tuple[Path, dict[str, Any]]:
    """The dense tree of ``lines`` lines under ``top/src``, generated unless already there."""
    key = {"dense": DENSE_VERSION, "lines": lines, "seed": seed}
    manifest_path, src = top / "manifest.json", top / "src"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(manifest.get(k) == v for k, v in key.items()) and src.is_dir():
            return src, manifest
        manifest_path.unlink()
        shutil.rmtree(src, ignore_errors=True)
    elif top.exists() and any(top.iterdir()):
        sys.exit(f"{top}: not empty and not a tree made by this bench (no manifest.json)")
    started = time.perf_counter()
    src.mkdir(parents=True, exist_ok=True)
    manifest = {**key, **generate_dense(lines, seed, src)}
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"generated {top} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return src, manifest


def dense_found(label: str, output: Path, src: Path) -> set[tuple[str, int]]:
    """The creations a tool's output lists (stripe2dodo: its ``create`` sites; ast-grep: its
    matches), as (file relative to ``src``, line)."""
    text = output.read_text(encoding="utf-8")
    if label.startswith("ast-grep"):
        matches = [json.loads(line) for line in text.splitlines() if line.strip()]
        found = [(m["file"], int(m["range"]["start"]["line"]) + 1) for m in matches]
    else:
        sites = json.loads(text)["sites"]
        found = [(s["file"], int(s["line"])) for s in sites if s["kind"] == "create"]
    got = {(os.path.relpath(f, src), line) for f, line in found}
    if len(got) != len(found):
        sys.exit(f"FAIL: {label} listed a creation twice")
    return got


AST_GREP_DENSE_RULES = """\
id: py
language: python
rule:
  any:
    - pattern: $S.checkout.Session.create($$$A)
    - pattern: $S.checkout.sessions.create($$$A)
---
id: js
language: javascript
rule:
  pattern: $S.checkout.sessions.create($$$A)
---
id: ts
language: typescript
rule:
  pattern: $S.checkout.sessions.create($$$A)
---
id: rb
language: ruby
rule:
  pattern: Stripe::Checkout::Session.create($$$A)
---
id: php
language: php
rule:
  any:
    - pattern: $S->checkout->sessions->create($$$A)
    - pattern: \\Stripe\\Checkout\\Session::create($$$A)
---
id: go
language: go
rule:
  pattern:
    context: "func f() { session.New($$$A) }"
    selector: call_expression
---
id: java
language: java
rule:
  pattern: Session.create($$$A)
---
id: kt
language: kotlin
rule:
  pattern: Session.create($$$A)
---
id: cs
language: csharp
rule:
  any:
    - pattern: $S.Create($$$A)
    - pattern: $S.CreateAsync($$$A)
constraints:
  S:
    regex: "^_sessions$"
"""
"""ast-grep with the creation patterns of each language (one ``scan``, one walk, one parse
per file)."""
