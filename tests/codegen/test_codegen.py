"""The id map the application imports (issue 15): one module per language, with the lookups the
scanner's suggestions call (docs/issue spec section 4), each failing loudly on an unknown id;
deterministic; placeholders refused. Each module is compiled and run where its toolchain is on
the machine (``slow``); the goldens are hand-reviewed."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.codegen import BY_SUFFIX, Target, render, target_for
from migrate.codegen.table import id_table, kind_of
from migrate.errors import ConfigError
from migrate.readers.idmap import IdMap

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "codegen"

SAMPLE = {
    "price_1Gold": {"id": "pdt_Gold", "price": 1000, "currency": "USD", "interval": "Month"},
    "plan_gold_monthly": "pdt_GoldPlan",
    "gold-yearly": "pdt_GoldYear",  # a legacy plan's own id: the Dodo side says product
    "sku_Shirt": "pdt_Shirt",
    "prod_Ebook": "pdt_Ebook",
    "cus_Alice": "cus_DodoAlice",
    "SUMMER25": "SUMMER25",  # a coupon's own id: its Dodo code
    "promo_1Black": "BLACKFRIDAY",
    "sub_1Gold": "sub_DodoGold",  # a moved subscriber (subscribers create / status)
}
FILES = {
    Target.JSON: "ids.json",
    Target.DOTENV: "dodo-ids.env",
    Target.PYTHON: "dodo_ids.py",
    Target.TYPESCRIPT: "dodo-ids.ts",
    Target.ESM: "dodo-ids.mjs",
    Target.COMMONJS: "dodo-ids.cjs",
    Target.RUBY: "dodo_ids.rb",
    Target.PHP: "DodoIds.php",
    Target.GO: "dodo_ids.go",
    Target.JAVA: "DodoIds.java",
    Target.KOTLIN: "DodoIds.kt",
    Target.CSHARP: "DodoIds.cs",
    Target.SHELL: "dodo_ids.sh",
}
LOOKUPS = {  # the spec's table (issue 14 spec, section 4): what every suggestion calls
    Target.PYTHON: (
        "def dodo_product_id(",
        "def dodo_customer_id(",
        "def dodo_discount_code(",
        "def dodo_subscription_id(",
    ),
    Target.TYPESCRIPT: (
        "export function dodoProductId(",
        "export function dodoCustomerId(",
        "export function dodoDiscountCode(",
        "export function dodoSubscriptionId(",
    ),
    Target.ESM: (
        "export function dodoProductId(",
        "export function dodoCustomerId(",
        "export function dodoDiscountCode(",
        "export function dodoSubscriptionId(",
    ),
    Target.COMMONJS: (
        "  dodoProductId,",
        "  dodoCustomerId,",
        "  dodoDiscountCode,",
        "  dodoSubscriptionId,",
    ),
    Target.RUBY: (
        "module DodoIds",
        "def self.product_id(",
        "def self.customer_id(",
        "def self.subscription_id(",
    ),
    Target.PHP: (
        "final class DodoIds",
        "function productId(",
        "function discountCode(",
        "function subscriptionId(",
    ),
    Target.GO: (
        "package dodoids",
        "func ProductID(",
        "func CustomerID(",
        "func DiscountCode(",
        "func SubscriptionID(",
    ),
    Target.JAVA: (
        "package dodo;",
        "public static String productId(",
        "String discountCode(",
        "public static String subscriptionId(",
    ),
    Target.KOTLIN: (
        "package dodo",
        "object DodoIds",
        "fun productId(",
        "fun customerId(",
        "fun subscriptionId(",
    ),
    Target.CSHARP: (
        "namespace Dodo",
        "public static string ProductId(",
        "string DiscountCode(",
        "public static string SubscriptionId(",
    ),
    Target.SHELL: (
        "dodo_product_id() {",
        "dodo_customer_id() {",
        "dodo_discount_code() {",
        "dodo_subscription_id() {",
    ),
}
ODD = 'it\'s-"odd"\\$x#{y}%s'
"""A coupon id with every character some language's strings treat specially."""


def command(target: Target) -> str:
    return f"stripe2dodo ledger ids plan.ledger.sqlite --merge ids.json -o {FILES[target]}"


def module(target: Target, entries: dict | None = None, **kw: object) -> str:
    ids = IdMap.from_json(SAMPLE if entries is None else entries)
    return render(ids, target, command=command(target), **kw)  # type: ignore[arg-type]


def write(folder: Path, target: Target, entries: dict | None = None) -> Path:
    path = folder / FILES[target]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(module(target, entries), encoding="utf-8")
    return path


def run(*cmd: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        cmd,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def needs(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed: the structural tests cover this language")


# -- what each entry is -----------------------------------------------------------------------


def test_each_entry_is_sorted_into_its_kind() -> None:
    table = id_table(IdMap.from_json(SAMPLE))
    assert table.products == (
        ("gold-yearly", "pdt_GoldYear"),
        ("plan_gold_monthly", "pdt_GoldPlan"),
        ("price_1Gold", "pdt_Gold"),
        ("prod_Ebook", "pdt_Ebook"),
        ("sku_Shirt", "pdt_Shirt"),
    )
    assert table.customers == (("cus_Alice", "cus_DodoAlice"),)
    assert table.discounts == (("SUMMER25", "SUMMER25"), ("promo_1Black", "BLACKFRIDAY"))
    assert table.subscriptions == (("sub_1Gold", "sub_DodoGold"),)


@pytest.mark.parametrize(
    ("stripe_id", "dodo_id"),
    [
        ("price_1", "cus_2"),
        ("cus_1", "pdt_2"),
        ("promo_1", "pdt_2"),
        ("sku_1", "SAVE10"),
        ("sub_1", "pdt_2"),  # a subscription is never looked up as a product
        ("sub_1", "cus_2"),
        ("price_1", "sub_2"),
        ("cus_1", "sub_2"),
    ],
)
def test_an_entry_whose_sides_disagree_is_refused(stripe_id: str, dodo_id: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(stripe_id)):
        kind_of(stripe_id, dodo_id)


def test_a_placeholder_is_refused_in_code_but_kept_in_the_json_map() -> None:
    entries = {**SAMPLE, "price_1Later": "s2d_pdt_0123456789abcdef0123"}
    for target in Target:
        if target is Target.JSON:
            assert "s2d_pdt_" in module(target, entries)
            continue
        with pytest.raises(ConfigError, match=r"1 placeholder id.*price_1Later"):
            module(target, entries)
        allowed = module(target, entries, allow_placeholders=True)
        assert "s2d_pdt_0123456789abcdef0123" in allowed
        assert "NOT FOR PRODUCTION" in allowed


def test_a_currency_keys_products_are_in_every_module_other_placeholder_keys_are_not() -> None:
    """An inline price whose currency the code passes at run time is looked up by its currency
    key and the currency (`s2d_pdt_....EUR`, RT011): those entries are in every module; a plain
    inline product's placeholder key stays in the JSON map only (scan writes its id)."""
    key = "s2d_pdt_0123456789abcdef0123"
    entries = {
        **SAMPLE,
        f"{key}.EUR": "pdt_InEuros",
        "s2d_pdt_fedcba9876543210fedc": "pdt_Inline",
    }
    for target in Target:
        text = module(target, entries)
        assert "pdt_InEuros" in text, target
        assert ("pdt_Inline" in text) == (target is Target.JSON), target


def test_an_id_that_is_not_printable_ascii_never_reaches_code() -> None:
    for bad in ({"SAVE\n10": "SAVE10"}, {"price_1": "pdt_\u00e9"}, {"price_1": ""}):
        with pytest.raises(ConfigError):
            render(IdMap(dict(IdMap.from_json(bad).entries)), Target.PYTHON, command="x")


def test_dotenv_names_a_variable_after_the_stripe_id_and_refuses_a_clash() -> None:
    text = module(Target.DOTENV, {"save-10": "SAVE10", "price_1aB": "pdt_x", "price_1Ab": "pdt_y"})
    assert "DODO_DISCOUNT_CODE_save_10=SAVE10\n" in text
    assert "DODO_PRODUCT_price_1Ab=pdt_y\n" in text and "DODO_PRODUCT_price_1aB=pdt_x\n" in text
    with pytest.raises(ConfigError, match=r"save-10.*save_10.*DODO_DISCOUNT_CODE_save_10"):
        module(Target.DOTENV, {"save-10": "SAVE10", "save_10": "SAVE11"})
    with pytest.raises(ConfigError, match="quoting"):
        module(Target.DOTENV, {"SAVE": "SAVE 10"})


# -- the file it is written to ----------------------------------------------------------------


@pytest.mark.parametrize("target", [t for t in Target if t not in (Target.ESM,)])
def test_the_output_file_name_says_the_language(target: Target) -> None:
    assert target_for(f"out/{FILES[target]}", None) is target


def test_a_js_file_is_what_node_loads_it_as(tmp_path: Path) -> None:
    assert target_for(str(tmp_path / "dodo-ids.js"), None) is Target.COMMONJS
    (tmp_path / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    assert target_for(str(tmp_path / "lib" / "dodo-ids.js"), None) is Target.ESM
    assert target_for(str(tmp_path / "dodo-ids.js"), "commonjs") is Target.COMMONJS


def test_an_unknown_suffix_is_one_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"ids\.txt: which language"):
        target_for("ids.txt", None)
    assert target_for("-", None) is Target.JSON
    assert set(BY_SUFFIX.values()) == set(Target) - {Target.DOTENV} | {Target.DOTENV}


def test_a_java_file_is_named_after_its_class() -> None:
    ids = IdMap.from_json(SAMPLE)
    with pytest.raises(ConfigError, match=r"DodoIds\.java"):
        render(ids, Target.JAVA, command="x", path="src/Ids.java")
    assert "class DodoIds" in render(ids, Target.JAVA, command="x", path="src/DodoIds.java")


# -- what every module holds ------------------------------------------------------------------


@pytest.mark.parametrize("target", sorted(LOOKUPS))
def test_every_module_has_the_lookups_the_suggestions_call(target: Target) -> None:
    text = module(target)
    for name in LOOKUPS[target]:
        assert name in text, name
    assert command(target) in text  # the header and the error name the command
    assert "Generated by stripe2dodo" in "\n".join(text.splitlines()[:3])
    for stripe_id, entry in SAMPLE.items():
        dodo_id = entry["id"] if isinstance(entry, dict) else entry
        assert stripe_id in text and dodo_id in text
    assert not re.search(r"20\d\d-\d\d-\d\d", text)  # no date: a regenerated file diffs cleanly


@pytest.mark.parametrize("target", list(Target))
def test_golden(target: Target) -> None:
    """Each language's module for a small map, as reviewed by hand."""
    path = GOLDEN / f"{FILES[target]}.golden"
    text = module(target)
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8"), f"{path}: UPDATE_GOLDEN=1 and review"


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), target=st.sampled_from(list(Target)))
def test_the_same_map_in_another_order_gives_the_same_bytes(seed: int, target: Target) -> None:
    items = list(SAMPLE.items())
    random.Random(seed).shuffle(items)
    assert module(target, dict(items)) == module(target)


# -- compiled and run -------------------------------------------------------------------------

ODD_MAP = {**SAMPLE, ODD: "ODD10"}
UNKNOWN_RE = r'no Dodo product id for the Stripe id "price_nope" in the generated id map'
UNKNOWN_SUB_RE = r'no Dodo subscription id for the Stripe id "sub_nope" in the generated id map'


@pytest.mark.slow
def test_python_module_imports_type_checks_and_fails_loudly(tmp_path: Path) -> None:
    path = write(tmp_path, Target.PYTHON, ODD_MAP)
    script = (
        "import dodo_ids as d\n"
        "print(d.dodo_product_id('gold-yearly'), d.dodo_customer_id('cus_Alice'), "
        f"d.dodo_discount_code({ODD!r}), d.dodo_subscription_id('sub_1Gold'))\n"
        "try:\n    d.dodo_product_id('price_nope')\n"
        "except d.UnknownStripeId as e:\n    print(e)\n"
        "try:\n    d.dodo_product_id('cus_Alice')\n"  # another kind's id is not a product
        "except LookupError as e:\n    print('kind', type(e).__name__)\n"
        "try:\n    d.dodo_subscription_id('sub_nope')\n"
        "except d.UnknownStripeId as e:\n    print(e)\n"
        "from decimal import Decimal\n"
        "print(d.dodo_whole_amount('1250.00'), d.dodo_whole_amount(Decimal('3E+2')),"
        " d.dodo_whole_amount(99.0))\n"
        "for bad in ('12.5', Decimal('0.01'), 'abc', float('nan')):\n"
        "    try:\n        print('returned', d.dodo_whole_amount(bad))\n"
        "    except ValueError as e:\n        print(e)\n"
        # a Stripe object stands for its id (stripe-python sends `customer=customer` so)
        "class Customer:\n    id = 'cus_Alice'\n"
        "print('object', d.dodo_customer_id(Customer()))\n"
    )
    out = run(sys.executable, "-c", script, cwd=tmp_path)
    assert "object cus_DodoAlice\n" in out
    assert "1250 300 99\n" in out and "returned" not in out
    assert out.count("is not a whole number of minor units") == 4
    assert out.startswith("pdt_GoldYear cus_DodoAlice ODD10 sub_DodoGold\n")
    assert re.search(UNKNOWN_RE, out) and command(Target.PYTHON) in out
    assert "kind UnknownStripeId" in out
    assert re.search(UNKNOWN_SUB_RE, out)
    run(sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path), cwd=tmp_path)


NODE_CHECK = """
const ok = [d.dodoProductId("gold-yearly"), d.dodoCustomerId("cus_Alice"),
  d.dodoDiscountCode(ODD), d.dodoSubscriptionId("sub_1Gold")].join(" ");
const errors = [];
for (const bad of ["price_nope", "constructor", "__proto__", "toString"]) {
  try { d.dodoProductId(bad); errors.push("returned " + bad); }
  catch (e) { errors.push(e instanceof d.UnknownStripeIdError ? e.message : "other " + e); }
}
try { d.dodoSubscriptionId("sub_nope"); errors.push("returned sub_nope"); }
catch (e) { errors.push(e instanceof d.UnknownStripeIdError ? e.message : "other " + e); }
console.log(ok); console.log(errors.join("\\n"));
const amounts = [d.dodoWholeAmount("1250.00"), d.dodoWholeAmount(300)].join(" ");
for (const bad of ["12.5", 0.1, "abc"]) {
  try { d.dodoWholeAmount(bad); errors.push("returned " + bad); }
  catch (e) { errors.push(e instanceof RangeError ? "refused " + bad : "other " + e); }
}
console.log(amounts); console.log(errors.slice(-3).join(" "));
"""


@pytest.mark.slow
@pytest.mark.parametrize("target", [Target.ESM, Target.COMMONJS])
def test_node_modules_run_and_fail_loudly(tmp_path: Path, target: Target) -> None:
    needs("node")
    write(tmp_path, target, ODD_MAP)
    if target is Target.ESM:
        head = 'import * as d from "./dodo-ids.mjs";\n'
        main = tmp_path / "main.mjs"
    else:
        head = 'const d = require("./dodo-ids.cjs");\n'
        main = tmp_path / "main.cjs"
    main.write_text(head + f"const ODD = {json.dumps(ODD)};" + NODE_CHECK, encoding="utf-8")
    out = run("node", str(main), cwd=tmp_path).splitlines()
    assert out[0] == "pdt_GoldYear cus_DodoAlice ODD10 sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1])
    assert all("no Dodo product id" in line for line in out[1:5]), out  # never a prototype
    assert re.search(UNKNOWN_SUB_RE, out[5])
    assert out[6:] == ["1250 300", "refused 12.5 refused 0.1 refused abc"]


TYPESCRIPT = "5.6.3"


def _tsc() -> Path:
    """tsc from npm, installed once into a cache folder (no network in the test otherwise)."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: cannot install typescript to type-check the module")
    cache = Path(
        os.environ.get("STRIPE2DODO_NODE_CACHE", Path.home() / ".cache" / "stripe2dodo-tests")
    )
    prefix = cache / f"typescript-{TYPESCRIPT}"
    tsc = prefix / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        done = subprocess.run(
            [
                *("npm", "install", "--prefix", str(prefix)),
                *("--no-audit", "--no-fund", "--no-save", f"typescript@{TYPESCRIPT}"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0 or not tsc.exists():
            pytest.skip(f"npm could not install typescript@{TYPESCRIPT}: {done.stderr[-300:]}")
    return tsc


@pytest.mark.slow
def test_typescript_module_passes_tsc_strict(tmp_path: Path) -> None:
    tsc = _tsc()
    write(tmp_path, Target.TYPESCRIPT, ODD_MAP)
    (tmp_path / "main.ts").write_text(
        "import { dodoProductId, dodoCustomerId, dodoDiscountCode, dodoSubscriptionId,"
        ' UnknownStripeIdError, dodoWholeAmount } from "./dodo-ids";\n'
        'export const cents: number = dodoWholeAmount("12.00") + dodoWholeAmount(3);\n'
        'const ids: string[] = [dodoProductId("x"), dodoCustomerId("y"),'
        ' dodoDiscountCode("z"), dodoSubscriptionId("w")];\n'
        'export const failed: boolean = ids.length > 0 && new UnknownStripeIdError("m")'
        " instanceof Error;\n",
        encoding="utf-8",
    )
    run(str(tsc), "--strict", "--noEmit", "--target", "es2020", "--module", "commonjs",
        "main.ts", "dodo-ids.ts", cwd=tmp_path)  # fmt: skip


@pytest.mark.slow
def test_java_module_compiles_and_fails_loudly(tmp_path: Path) -> None:
    needs("javac", "java")
    big = {**ODD_MAP, **{f"cus_{n:05d}": f"cus_D{n:05d}" for n in range(2500)}}
    write(tmp_path / "dodo", Target.JAVA, big)  # more than one fill chunk
    (tmp_path / "Main.java").write_text(
        "import dodo.DodoIds;\n"
        "public class Main { public static void main(String[] a) {\n"
        ' System.out.println(DodoIds.productId("gold-yearly") + " " + DodoIds.customerId('
        f'"cus_02499") + " " + DodoIds.discountCode({json.dumps(ODD)}) + " " +'
        ' DodoIds.subscriptionId("sub_1Gold"));\n'
        ' try { DodoIds.productId("price_nope"); }'
        " catch (DodoIds.UnknownStripeIdException e) { System.out.println(e.getMessage()); }\n"
        " try { DodoIds.productId(null); } catch (IllegalArgumentException e) {"
        ' System.out.println("null refused"); }\n'
        ' System.out.println(DodoIds.wholeAmount(new java.math.BigDecimal("1250.00")) + " "'
        " + DodoIds.wholeAmount(300L));\n"
        ' try { DodoIds.wholeAmount("12.5"); } catch (IllegalArgumentException e) {'
        " System.out.println(e.getMessage()); }\n"
        "} }\n",
        encoding="utf-8",
    )
    run("javac", "-Xlint:all", "-Werror", "dodo/DodoIds.java", "Main.java", cwd=tmp_path)
    out = run("java", "-cp", ".", "Main", cwd=tmp_path).splitlines()
    assert out[0] == "pdt_GoldYear cus_D02499 ODD10 sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1]) and out[2] == "null refused"
    assert out[3] == "1250 300" and "12.5 is not a whole number" in out[4]


@pytest.mark.slow
def test_kotlin_module_compiles_and_fails_loudly(tmp_path: Path) -> None:
    needs("kotlinc", "java")
    big = {**ODD_MAP, **{f"cus_{n:05d}": f"cus_D{n:05d}" for n in range(1500)}}
    write(tmp_path, Target.KOTLIN, big)
    (tmp_path / "Main.kt").write_text(
        "import dodo.DodoIds\n"
        "fun main() {\n"
        '  println(DodoIds.productId("gold-yearly") + " " + DodoIds.customerId("cus_01499") + '
        f'" " + DodoIds.discountCode({json.dumps(ODD).replace("$", chr(92) + "$")}) + " " + '
        'DodoIds.subscriptionId("sub_1Gold"))\n'
        '  try { DodoIds.productId("price_nope") }'
        " catch (e: DodoIds.UnknownStripeIdException) { println(e.message) }\n"
        '  println(DodoIds.wholeAmount(java.math.BigDecimal("1250.00")))\n'
        '  try { DodoIds.wholeAmount("12.5") } catch (e: IllegalArgumentException) {'
        " println(e.message) }\n"
        "}\n",
        encoding="utf-8",
    )
    run("kotlinc", "DodoIds.kt", "Main.kt", "-include-runtime", "-d", "main.jar", cwd=tmp_path)
    out = run("java", "-jar", "main.jar", cwd=tmp_path).splitlines()
    assert out[0] == "pdt_GoldYear cus_D01499 ODD10 sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1])
    assert out[2] == "1250" and "12.5 is not a whole number" in out[3]


@pytest.mark.slow
def test_go_module_is_gofmt_clean_vets_and_fails_loudly(tmp_path: Path) -> None:
    needs("go", "gofmt")
    write(tmp_path / "dodoids", Target.GO, ODD_MAP)
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.19\n", encoding="utf-8")
    (tmp_path / "main.go").write_text(
        "package main\n\n"
        'import (\n\t"fmt"\n\n\t"example.com/app/dodoids"\n)\n\n'
        "func main() {\n"
        '\tfmt.Println(dodoids.ProductID("gold-yearly"), dodoids.CustomerID("cus_Alice"),'
        f' dodoids.DiscountCode({json.dumps(ODD)}), dodoids.SubscriptionID("sub_1Gold"))\n'
        '\tif _, err := dodoids.LookupProductID("price_nope"); err != nil {\n'
        "\t\tfmt.Println(err)\n\t}\n"
        "\tfmt.Println(dodoids.WholeAmount(1250.0))\n"
        '\tgold, seats := "gold-yearly", int64(5)\n'
        "\tfmt.Println(dodoids.ProductID(&gold), dodoids.Text(&seats),"
        ' "["+dodoids.Text((*string)(nil))+"]")\n'
        '\tdefer func() { fmt.Println("panic:", recover()) }()\n'
        "\tfunc() {\n"
        '\t\tdefer func() { fmt.Println("panic:", recover()) }()\n'
        "\t\tdodoids.WholeAmount(12.5)\n"
        "\t}()\n"
        '\tdodoids.ProductID("price_nope")\n'
        "}\n",
        encoding="utf-8",
    )
    env = {"GOCACHE": str(tmp_path / ".gocache"), "GOFLAGS": "-mod=mod", "GOPROXY": "off"}
    assert run("gofmt", "-l", "dodoids", cwd=tmp_path, env=env) == ""
    run("go", "vet", "./...", cwd=tmp_path, env=env)
    out = run("go", "run", ".", cwd=tmp_path, env=env).splitlines()
    assert out[0] == "pdt_GoldYear cus_DodoAlice ODD10 sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1]) and out[2] == "1250"
    assert out[3] == "pdt_GoldYear 5 []"  # a *string id, a *int64 as text, a nil pointer
    assert "panic: stripe2dodo: the amount 12.5 is not a whole number" in out[4]
    assert re.search("panic: .*" + UNKNOWN_RE, out[5])


@pytest.mark.slow
def test_ruby_module_runs_and_fails_loudly(tmp_path: Path) -> None:
    needs("ruby")
    write(tmp_path, Target.RUBY, ODD_MAP)
    script = (
        'require_relative "dodo_ids"\n'
        'puts [DodoIds.product_id("gold-yearly"), DodoIds.customer_id("cus_Alice"),'
        f" DodoIds.discount_code({json.dumps(ODD).replace('#', chr(92) + '#')}),"
        ' DodoIds.subscription_id("sub_1Gold")].join(" ")\n'
        'begin; DodoIds.product_id("price_nope"); rescue DodoIds::UnknownStripeId => e;'
        " puts e.message; end\n"
        "begin; DodoIds.product_id(nil); rescue KeyError => e; puts 'nil refused'; end\n"
        "puts [DodoIds.whole_amount('1250.00'), DodoIds.whole_amount(300)].join(' ')\n"
        "begin; DodoIds.whole_amount('12.5'); rescue ArgumentError => e; puts e.message; end\n"
        # a Stripe object stands for its id (stripe-ruby sends `customer: customer` so)
        "puts DodoIds.customer_id(Struct.new(:id).new('cus_Alice'))\n"
    )
    (tmp_path / "main.rb").write_text(script, encoding="utf-8")
    run("ruby", "-w", "-c", "dodo_ids.rb", cwd=tmp_path)
    out = run("ruby", "-w", "main.rb", cwd=tmp_path).splitlines()
    assert out[0] == "pdt_GoldYear cus_DodoAlice ODD10 sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1]) and out[2] == "nil refused"
    assert out[3] == "1250 300" and '"12.5" is not a whole number' in out[4]
    assert out[5] == "cus_DodoAlice"


@pytest.mark.slow
def test_php_module_runs_and_fails_loudly(tmp_path: Path) -> None:
    needs("php")
    write(tmp_path, Target.PHP, {**ODD_MAP, "25": "TWENTYFIVE"})  # a numeric coupon id
    quoted = "'" + ODD.replace("\\", "\\\\").replace("'", "\\'") + "'"
    (tmp_path / "main.php").write_text(
        "<?php\ndeclare(strict_types=1);\nrequire_once __DIR__ . '/DodoIds.php';\n"
        "echo DodoIds::productId('gold-yearly'), ' ', DodoIds::customerId('cus_Alice'), ' ',"
        f" DodoIds::discountCode({quoted}), ' ', DodoIds::discountCode('25'), ' ',"
        " DodoIds::subscriptionId('sub_1Gold'), \"\\n\";\n"
        "try { DodoIds::productId('price_nope'); }"
        ' catch (OutOfBoundsException $e) { echo $e->getMessage(), "\\n"; }\n'
        "echo DodoIds::wholeAmount('1250.00'), ' ', DodoIds::wholeAmount(300), \"\\n\";\n"
        "try { DodoIds::wholeAmount('12.5'); }"
        ' catch (UnexpectedValueException $e) { echo $e->getMessage(), "\\n"; }\n',
        encoding="utf-8",
    )
    run("php", "-l", "DodoIds.php", cwd=tmp_path)
    out = run("php", "main.php", cwd=tmp_path).splitlines()
    assert out[0] == "pdt_GoldYear cus_DodoAlice ODD10 TWENTYFIVE sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1])
    assert out[2] == "1250 300" and "'12.5' is not a whole number" in out[3]


@pytest.mark.slow
def test_csharp_module_compiles_and_fails_loudly(tmp_path: Path) -> None:
    needs("mcs", "mono")
    write(tmp_path, Target.CSHARP, ODD_MAP)
    (tmp_path / "Main.cs").write_text(
        "using Dodo;\nclass MainClass { static void Main() {\n"
        ' System.Console.WriteLine(DodoIds.ProductId("gold-yearly") + " " +'
        f' DodoIds.CustomerId("cus_Alice") + " " + DodoIds.DiscountCode({json.dumps(ODD)}) + " " +'
        ' DodoIds.SubscriptionId("sub_1Gold"));\n'
        ' try { DodoIds.ProductId("price_nope"); }'
        " catch (DodoIds.UnknownStripeIdException e) { System.Console.WriteLine(e.Message); }\n"
        " try { DodoIds.ProductId(null); } catch (System.Collections.Generic.KeyNotFoundException)"
        ' { System.Console.WriteLine("null refused"); }\n'
        ' System.Console.WriteLine(DodoIds.WholeAmount(12.50m * 100) + " " +'
        " DodoIds.WholeAmount(300.0));\n"
        " try { DodoIds.WholeAmount(12.5m); } catch (System.ArgumentException e)"
        " { System.Console.WriteLine(e.Message); }\n"
        "} }\n",
        encoding="utf-8",
    )
    run("mcs", "-warnaserror", "DodoIds.cs", "Main.cs", "-out:main.exe", cwd=tmp_path)
    out = run("mono", "main.exe", cwd=tmp_path).splitlines()
    assert out[0] == "pdt_GoldYear cus_DodoAlice ODD10 sub_DodoGold"
    assert re.search(UNKNOWN_RE, out[1]) and out[2] == "null refused"
    assert out[3] == "1250 300" and "12.5 is not a whole number" in out[4]


@pytest.mark.slow
@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_shell_functions_print_the_id_and_fail_loudly(tmp_path: Path, shell: str) -> None:
    needs(shell)
    write(tmp_path, Target.SHELL, ODD_MAP)
    quoted = "'" + ODD.replace("'", "'\\''") + "'"
    script = (
        ". ./dodo_ids.sh\n"
        'echo "$(dodo_product_id gold-yearly) $(dodo_customer_id cus_Alice)'
        f' $(dodo_discount_code {quoted}) $(dodo_subscription_id sub_1Gold)"\n'
        "if x=$(dodo_product_id price_nope 2>err.txt); then echo returned; else echo failed; fi\n"
        "cat err.txt\n"
        "dodo_product_id '*' || echo 'no glob'\n"
        'echo "$(dodo_whole_amount 1250.00) $(dodo_whole_amount 300) $(dodo_whole_amount -5)"\n'
        "for bad in 12.5 0.01 abc 1-2 - . ''; do dodo_whole_amount \"$bad\" 2>>bad.txt"
        ' && echo "returned $bad"; done\n'
        "grep -c 'is not a whole number' bad.txt\n"
    )
    out = run(shell, "-c", script, cwd=tmp_path).splitlines()
    assert out[-2:] == ["1250 300 -5", "7"], out
    assert out[:2] == ["pdt_GoldYear cus_DodoAlice ODD10 sub_DodoGold", "failed"]
    assert re.search(UNKNOWN_RE, out[2]) and out[3] == "no glob"


@pytest.mark.slow
def test_dotenv_file_is_read_by_the_shell(tmp_path: Path) -> None:
    needs("sh")
    write(tmp_path, Target.DOTENV)
    out = run(
        "sh",
        "-c",
        "set -a; . ./dodo-ids.env; echo $DODO_PRODUCT_price_1Gold"
        " $DODO_CUSTOMER_cus_Alice $DODO_DISCOUNT_CODE_promo_1Black $DODO_SUBSCRIPTION_sub_1Gold",
        cwd=tmp_path,
    )
    assert out == "pdt_Gold cus_DodoAlice BLACKFRIDAY sub_DodoGold\n"


def test_a_coupon_the_merchant_named_sub_is_a_discount() -> None:
    """A coupon id is the merchant's choice (`sub_welcome50`): its Dodo side is a code, so it is
    a discount, not a subscription that disagrees (which refused every module)."""
    assert kind_of("sub_welcome50", "WELCOME50") == "discount"
    table = id_table(IdMap.from_json({"sub_welcome50": "WELCOME50", "sub_1": "sub_D1"}))
    assert table.discounts == (("sub_welcome50", "WELCOME50"),)
    assert table.subscriptions == (("sub_1", "sub_D1"),)
