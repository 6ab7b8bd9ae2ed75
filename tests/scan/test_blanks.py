"""Parsing less of each file (``migrate/scan/blanks.py``): a function body that cannot matter to
the first pass of a tree's scan is blanked before parsing, and the scan reads the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.scan import file_scan, scan_paths
from migrate.scan.blanks import NEEDLES, blanked
from migrate.scan.file_scan import _EVENT_STARTS, file_wrappers, parse, scan_source
from migrate.scan.patterns import LANGUAGES, PREFILTER, language_for
from migrate.scan.retry import _CHARGE_TEXT
from migrate.scan.scan import _AROUND_HINTS, _HOST, CREATION_HINT

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = {"python", "node", "go", "java", "kotlin", "csharp", "php"}


def _cut(text: str, family: str) -> list[int]:
    """The 1-based lines ``blanked`` changed."""
    out = blanked(text, family)
    assert len(out) == len(text)
    assert [len(x) for x in out.split("\n")] == [len(x) for x in text.split("\n")]
    return [
        n
        for n, (a, b) in enumerate(zip(text.split("\n"), out.split("\n"), strict=True), 1)
        if a != b
    ]


def _code_files() -> list[Path]:
    found = []
    for top in ("samples", "tests"):
        for path in sorted((ROOT / top).rglob("*")):
            language = language_for(str(path))
            if (
                path.is_file()
                and language is not None
                and language.family in FAMILIES
                and not path.name.startswith(("test_", "conftest"))
            ):
                found.append(path)
    return found


FILLER = {
    "python": "\n\ndef blank_filler(rows):\n    total = 0\n    for r in rows:\n        total += r\n"
    "    return total\n",
    "node": "\nfunction blankFiller(rows) {\n  let total = 0;\n  for (const r of rows) {\n"
    "    total += r;\n  }\n  return total;\n}\n",
    "go": "\nfunc blankFiller(rows []int) int {\n\ttotal := 0\n\tfor _, r := range rows {\n"
    "\t\ttotal += r\n\t}\n\treturn total\n}\n",
    "java": "\nclass BlankFiller {\n    static int total(int[] rows) {\n        int t = 0;\n"
    "        for (int r : rows) {\n            t += r;\n        }\n        return t;\n    }\n}\n",
    "kotlin": "\nfun blankFiller(rows: List<Int>): Int {\n    var t = 0\n    for (r in rows) {\n"
    "        t += r\n    }\n    return t\n}\n",
    "csharp": "\nclass BlankFiller\n{\n    static int Total(int[] rows)\n    {\n"
    "        var t = 0;\n        foreach (var r in rows)\n        {\n            t += r;\n"
    "        }\n        return t;\n    }\n}\n",
    "php": "\nfunction blank_filler($rows)\n{\n    $t = 0;\n    foreach ($rows as $r) {\n"
    "        $t += $r;\n    }\n    return $t;\n}\n",
}
"""A function nothing reads, in each language, added to the end of a file."""


def test_the_first_pass_reads_the_same_on_every_code_file_of_the_project() -> None:
    """Each source file of the samples and of the tests' fixtures, as it is and with a function
    nothing reads added: its sites and the wrappers it defines, read on the blanked tree, are
    those read on the whole one, and the added function is blanked."""
    files = _code_files()
    assert len(files) > 40
    added = 0
    for path in files:
        original = path.read_text(encoding="utf-8", errors="replace")
        language = language_for(str(path))
        assert language is not None
        for text in (original, original.rstrip("\n") + "\n" + FILLER[language.family]):
            whole = parse(text, language)
            cut = parse(text, language, blank=True)
            expected = [s.as_dict() for s in scan_source(text, str(path), language, root=whole)]
            got = [s.as_dict() for s in scan_source(text, str(path), language, root=cut)]
            assert got == expected, path
            assert file_wrappers(text, str(path), language, root=cut) == file_wrappers(
                text, str(path), language, root=whole
            ), path
        added += (
            "total" not in blanked(text, language.family).split("\n", original.count("\n") + 1)[-1]
        )
    assert added >= len(files) * 3 // 4  # (not where the file's layout or PHP's HTML hides it)


def test_a_function_that_does_not_matter_is_blanked_and_every_offset_stays() -> None:
    text = (
        "import stripe\n"
        "\n"
        "def total(rows, limit=3):\n"
        "    out = 0\n"
        "    for row in rows[:limit]:\n"
        "        out += row['n']\n"
        "    return out\n"
        "\n"
        "def pay(user):\n"
        "    return stripe.checkout.Session.create(mode='payment', customer=user.sid)\n"
    )
    assert _cut(text, "python") == [4, 5, 6, 7]
    assert blanked(text, "python").split("\n")[3] == "    0      "  # the body still parses
    root = parse(text, language_for("a.py"), blank=True)  # type: ignore[arg-type]
    assert root.find(kind="function_definition") is not None


@pytest.mark.parametrize(
    ("suffix", "text", "kept"),
    [
        (  # a helper the kept code calls, a module constant a function changes
            "py",
            "import stripe\nPRICE = 'price_1'\n\ndef helper(x):\n    return {'mode': x}\n\n"
            "def reset():\n    global PRICE\n    PRICE = 'price_2'\n\n"
            "def pay():\n    return stripe.checkout.Session.create(**helper('payment'))\n\n"
            "def other(a):\n    return a + 1\n",
            [5, 8, 9],
        ),
        (  # a function that calls a kept one (a wrapper's caller)
            "js",
            "const stripe = require('stripe')(KEY);\n"
            "function buy(price) {\n  return stripe.checkout.sessions.create({ price });\n}\n"
            "function later(p) {\n  return buy(p);\n}\n"
            "function other(a) {\n  return a + 1;\n}\n",
            [3, 6],
        ),
        (  # a request class: its data and method methods are read by their roles
            "php",
            "<?php\nclass Fetch extends AbstractRequest\n{\n"
            "    public function getData()\n    {\n        $data = [];\n        return $data;\n"
            "    }\n\n    public function getHttpMethod()\n    {\n        return 'GET';\n    }\n\n"
            "    public function getEndpoint()\n    {\n"
            "        return $this->endpoint . '/checkout/sessions/' . $this->id;\n    }\n}\n"
            "function other($a)\n{\n    return $a + 1;\n}\n",
            [6, 7, 12, 17],
        ),
        (  # Go: a method of a receiver whose other method is kept; a function using a field
            "go",
            "package billing\n\ntype S struct {\n\tprice string\n}\n\n"
            "func (s *S) Set(p string) {\n\ts.price = p\n}\n\n"
            "func (s *S) Pay() (*stripe.CheckoutSession, error) {\n"
            "\treturn session.New(&stripe.CheckoutSessionParams{})\n}\n\n"
            "func sum(a, b int) int {\n\treturn a + b\n}\n",
            [8, 12],
        ),
    ],
)
def test_what_the_kept_code_names_or_reads_is_kept(suffix: str, text: str, kept: list[int]) -> None:
    language = language_for(f"a.{suffix}")
    assert language is not None
    cut = _cut(text, language.family)
    lines = text.split("\n")
    body_lines = {n for n, line in enumerate(lines, 1) if line.startswith(("\t", "        "))}
    for n in kept:
        assert n not in cut, (n, lines[n - 1])
    assert cut  # the function nothing names is blanked
    assert all(n in body_lines or lines[n - 1].startswith("  ") for n in cut)


@pytest.mark.parametrize(
    ("family", "text"),
    [
        (  # a string whose lines start at the left margin: where the body ends is not known
            "python",
            "def note():\n    x = '''\nleft margin\n'''\n    return x\n",
        ),
        ("node", "function note() {\n  const x = `\nleft margin\n`;\n  return x;\n}\n"),
        ("java", "class A {\n    void f() {\n    g();\n    }\n}\n"),  # a body not indented deeper
        ("php", "<?php function f() { return 1; } ?>\n<p>html</p>\n"),  # PHP between HTML
        ("ruby", "def total(rows)\n  rows.sum\nend\n"),  # bodies closed by ``end``: parsed whole
    ],
)
def test_a_body_whose_end_the_layout_does_not_tell_is_kept(family: str, text: str) -> None:
    assert blanked(text, family) == text


def test_a_callback_inside_a_kept_function_is_part_of_it() -> None:
    text = (
        "async function pay(items) {\n"
        "  let price = null;\n"
        "  items.forEach(function (p) {\n"
        "    price = p.id;\n"
        "  });\n"
        "  return stripe.checkout.sessions.create({ line_items: [{ price }] });\n"
        "}\n"
    )
    assert _cut(text, "node") == []


def test_the_needles_hold_every_literal_the_scans_searches_start_from() -> None:
    """What a body may not hold is what the scan searches a file's text for: if one of those
    searches gains a literal, this fails until :data:`NEEDLES` matches it."""
    literals = [
        *re.findall(r"[A-Za-z_./]+", PREFILTER.pattern.decode().replace("\\.", ".")),
        *re.findall(r"[A-Za-z_./]+", CREATION_HINT.pattern.decode().replace("\\", "")),
        *(h.decode() for h in _AROUND_HINTS),
        _HOST.decode(),
        *_EVENT_STARTS,
        *_CHARGE_TEXT.pattern.split("|"),
        *(p for language in LANGUAGES for p in language.event_constants),
    ]
    literals = [x for x in literals if len(x) > 3 and x not in ("Cc", "Ss")]
    missing = [x for x in literals if not any(n in x.lower() for n in NEEDLES)]
    assert not missing
    assert len(literals) > 30


def _tree(root: Path) -> Path:
    (root / "app").mkdir()
    (root / "app" / "billing.py").write_text(
        "import stripe\nfrom app.config import BASE\n\n"
        "def stats(rows):\n    total = 0\n    for r in rows:\n        total += r\n"
        "    return total\n\n"
        "def urls():\n    return {'success_url': BASE + '/ok'}\n\n"
        "def buy(price_id, email):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment', line_items=[{'price': price_id, 'quantity': 1}],\n"
        "        customer_email=email, **urls())\n",
        encoding="utf-8",
    )
    (root / "app" / "views.ts").write_text(
        "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.KEY!);\n"
        "function pages(n: number) {\n  return n * 2;\n}\n"
        "export async function pay(price: string) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',"
        " line_items: [{ price, quantity: 1 }] });\n}\n",
        encoding="utf-8",
    )
    return root


def test_a_tree_scans_the_same_with_and_without_blanking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _tree(tmp_path)
    got = [s.as_dict() for s in scan_paths([str(top)])]
    monkeypatch.setattr(file_scan, "blanked", lambda text, family: text)
    expected = [s.as_dict() for s in scan_paths([str(top)])]
    assert got == expected
    assert len(got) == 2 and got[0]["params"]["success_url"]
    # and the first pass did parse less: the two functions nothing reads are blanked
    billing = (top / "app" / "billing.py").read_text(encoding="utf-8")
    assert _cut(billing, "python") == [5, 6, 7, 8]
