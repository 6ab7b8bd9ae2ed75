# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A product, price or plan the code creates or updates in Stripe at run time, anywhere in the
tree (X031, a warning): after the move it is in no id map, so the checkout that later uses the
id the code stored breaks. Each site says which Dodo call replaces it (``products.create`` with
the price read from the Stripe params, ``products.update``), in every language the scanner
reads; reads, Dodo's own calls, mocks and comments are no writes; a creation the checkout of
the same function reads at once stays X026's alone."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

WRITES = {
    # language: (file name, code, the callees reported as X031, in source order)
    "python": (
        "services.py",
        """\
import stripe


def create_course(course):
    product = stripe.Product.create(name=course.title)
    price = stripe.Price.create(product=product.id, unit_amount=course.price * 100, currency="usd")
    course.stripe_price_id = price.id
    course.save()


def rename(client, price_id, title):
    client.v1.prices.create(params={"unit_amount": 500, "currency": "eur", "product_data": {"name": "X"}})
    stripe.Product.modify("prod_1", name=title)
    stripe.Plan.create(amount=900, currency="usd", interval="month", product={"name": "Pro"})
""",
        [
            "stripe.Product.create",
            "stripe.Price.create",
            "client.v1.prices.create",
            "stripe.Product.modify",
            "stripe.Plan.create",
        ],
    ),
    "typescript": (
        "courses.ts",
        """\
import Stripe from "stripe";
const stripe = new Stripe("k");

export async function createCourse(course: any) {
  const product = await stripe.products.create({ name: course.title });
  const price = await stripe.prices.create({ product: product.id, unit_amount: course.price * 100, currency: "usd" });
  await stripe.products.update(product.id, { name: course.title });
  return price.id;
}
""",
        ["stripe.products.create", "stripe.prices.create", "stripe.products.update"],
    ),
    "ruby": (
        "course.rb",
        """\
require 'stripe'

def create_course(course)
  product = Stripe::Product.create(name: course.title)
  price = Stripe::Price.create(product: product.id, unit_amount: course.price * 100, currency: 'usd')
  client = Stripe::StripeClient.new(ENV['STRIPE_KEY'])
  client.v1.prices.create({unit_amount: 500, currency: 'eur', product_data: {name: 'X'}})
  price.id
end
""",
        ["Stripe.Product.create", "Stripe.Price.create", "client.v1.prices.create"],
    ),
    "php": (
        "Course.php",
        """\
<?php
use Stripe\\StripeClient;

function create_course($course) {
    $product = \\Stripe\\Product::create(['name' => $course->title]);
    $price = \\Stripe\\Price::create(['product' => $product->id, 'unit_amount' => $course->price * 100, 'currency' => 'usd']);
    $stripe = new StripeClient(getenv('STRIPE_KEY'));
    $stripe->prices->create(['unit_amount' => 500, 'currency' => 'eur', 'product_data' => ['name' => 'X']]);
    return $price->id;
}
""",
        ["Stripe.Product.create", "Stripe.Price.create", "stripe.prices.create"],
    ),
    "go": (
        "course.go",
        """\
package courses

import (
	"context"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/price"
	"github.com/stripe/stripe-go/v82/product"
)

func CreateCourse(title string, cents int64) (string, error) {
	p, err := product.New(&stripe.ProductParams{Name: stripe.String(title)})
	if err != nil {
		return "", err
	}
	pr, err := price.New(&stripe.PriceParams{Product: stripe.String(p.ID), UnitAmount: stripe.Int64(cents), Currency: stripe.String("usd")})
	if err != nil {
		return "", err
	}
	return pr.ID, nil
}

func CreateWithClient(sc *stripe.Client, cents int64) error {
	_, err := sc.V1Prices.Create(context.TODO(), &stripe.PriceCreateParams{UnitAmount: stripe.Int64(cents), Currency: stripe.String("eur")})
	return err
}
""",
        ["product.New", "price.New", "sc.V1Prices.Create"],
    ),
    "java": (
        "Courses.java",
        """\
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;

public class Courses {
  public String createCourse(Course course) throws Exception {
    Product product = Product.create(ProductCreateParams.builder().setName(course.getTitle()).build());
    Price price = Price.create(PriceCreateParams.builder().setProduct(product.getId()).setUnitAmount(course.getPrice() * 100L).setCurrency("usd").build());
    return price.getId();
  }
}
""",
        ["Product.create", "Price.create"],
    ),
    "kotlin": (
        "Courses.kt",
        """\
import com.stripe.model.Price
import com.stripe.param.PriceCreateParams

fun createCourse(cents: Long): String {
    val price = Price.create(PriceCreateParams.builder().setUnitAmount(cents).setCurrency("eur").build())
    return price.id
}
""",
        ["Price.create"],
    ),
    "csharp": (
        "Courses.cs",
        """\
using Stripe;

public class Courses
{
    public async Task<string> CreateCourse(Course course)
    {
        var product = new ProductService().Create(new ProductCreateOptions { Name = course.Title });
        var price = await new PriceService().CreateAsync(new PriceCreateOptions { Product = product.Id, UnitAmount = course.Price * 100, Currency = "usd" });
        return price.Id;
    }
}
""",
        ["ProductService.Create", "PriceService.CreateAsync"],
    ),
    "bash": (
        "catalog.sh",
        """\
#!/bin/sh
curl https://api.stripe.com/v1/prices -u "$STRIPE_KEY:" -d unit_amount=$CENTS -d currency=usd -d "product_data[name]=Course"
stripe products create --name Course
curl https://api.stripe.com/v1/prices/price_1 -u "$STRIPE_KEY:"
""",
        ["curl POST /v1/prices", "stripe POST /v1/products"],
    ),
}


def _writes(sites: list[CallSite]) -> list[CallSite]:
    return [s for s in sites if s.rule == "X031"]


def _scan(language: str, name: str, code: str) -> list[CallSite]:
    return list(scan_source(code, name, BY_NAME[language]))


@pytest.mark.parametrize("language", sorted(WRITES))
def test_every_language_reports_its_catalog_writes(language: str) -> None:
    name, code, callees = WRITES[language]
    writes = _writes(_scan(language, name, code))
    assert [s.callee for s in writes] == callees
    for site in writes:
        (finding,) = site.findings
        assert finding.code == "X031" and finding.level.value == "warning"
        assert "in no id map" in finding.message or "reaches Stripe only" in finding.message
        assert "Store the Dodo product_id" in finding.suggestion


NAMES = {
    # the Dodo product's name: the product created for the price in the same function, or the
    # price's own product_data
    "python": "course.title",
    "typescript": "course.title",
    "ruby": "course.title",
    "php": "$course->title",
    "go": "title",
    "java": "course.getTitle()",
    "kotlin": None,
    "csharp": "course.Title",
    "bash": '"name": "Course"',
}


@pytest.mark.parametrize("language", sorted(WRITES))
def test_the_price_is_named_after_the_product_made_for_it(language: str) -> None:
    name, code, _ = WRITES[language]
    price = next(s for s in _writes(_scan(language, name, code)) if "rice" in s.callee)
    wanted = NAMES[language]
    if wanted is None:  # no product created for it: the name is not made up
        assert "TODO_name" in price.suggestion
    else:
        assert wanted in price.suggestion and "TODO_name" not in price.suggestion


@pytest.mark.parametrize("language", sorted(WRITES))
def test_a_price_created_from_readable_params_gets_the_dodo_products_call(language: str) -> None:
    name, code, _ = WRITES[language]
    prices = [s for s in _writes(_scan(language, name, code)) if "rice" in s.callee]
    assert prices, "the sample creates a price"
    text = prices[0].suggestion
    if language in ("python", "typescript"):
        assert "client.products.create(" in text
    else:
        assert "/products" in text
    assert "one_time_price" in text
    # the currency upper-cased, as the catalog planner writes it
    assert ("EUR" if language == "kotlin" else "USD") in text
    assert "TODO_tax_category" in text  # no Stripe counterpart: a decision, never guessed


def test_the_django_shape_carries_the_run_time_amount_and_currency() -> None:
    name, code, _ = WRITES["python"]
    price = _writes(_scan("python", name, code))[1]
    assert price.callee == "stripe.Price.create"
    text = price.suggestion
    assert '"price": course.price * 100,' in text
    assert '"currency": "USD",' in text
    assert '"type": "one_time_price",' in text
    # the product it is made for was created just above: its name is the Dodo product's
    assert "name=course.title," in text
    assert "TODO: set from product.id" not in text
    assert (
        "a new price of an existing product is a new Dodo product" in price.findings[0].suggestion
    )


def test_a_recurring_price_maps_its_interval_as_the_catalog_planner_does() -> None:
    code = (
        "import stripe\n\ndef plan(p):\n    return stripe.Price.create(unit_amount=p.cents,"
        " currency=p.currency, recurring={'interval': 'month', 'interval_count': 3},"
        " product_data={'name': p.title})\n"
    )
    (site,) = _writes(_scan("python", "plans.py", code))
    text = site.suggestion
    for needle in (
        "name=p.title,",
        '"type": "recurring_price",',
        '"currency": cast("Currency", p.currency.upper()),',
        '"price": p.cents,',
        '"payment_frequency_interval": "Month",',
        '"payment_frequency_count": 3,',
        '"subscription_period_interval": "Year",',
        '"subscription_period_count": 20,',
    ):
        assert needle in text, needle


def test_a_legacy_plan_is_a_recurring_dodo_product() -> None:
    name, code, _ = WRITES["python"]
    plan = _writes(_scan("python", name, code))[-1]
    assert plan.callee == "stripe.Plan.create"
    assert '"type": "recurring_price",' in plan.suggestion
    assert '"price": 900,' in plan.suggestion
    assert 'name="Pro",' in plan.suggestion


def test_a_plan_for_a_product_made_above_takes_its_name_and_a_run_time_trial() -> None:
    code = """\
import Stripe from "stripe";
const stripe = new Stripe("k");

export async function publish(title: string, cents: number, days: number) {
  const product = await stripe.products.create({ name: title });
  return stripe.plans.create({ amount: cents, currency: "usd", interval: "week", product: product.id, trial_period_days: days });
}
"""
    plan = _writes(_scan("typescript", "plans.ts", code))[1]
    assert plan.callee == "stripe.plans.create"
    for needle in (
        "name: title,",
        'payment_frequency_interval: "Week",',
        "price: cents,",
        "trial_period_days: days,",
    ):
        assert needle in plan.suggestion, needle
    assert "TODO" not in plan.suggestion.replace("TODO_tax_category", "")


def test_an_update_is_a_dodo_products_update() -> None:
    code = (
        "import stripe\n\ndef rename(price_id, title):\n"
        "    stripe.Price.modify(price_id, metadata={'a': 'b'})\n"
        "    stripe.Product.modify('prod_1', name=title, active=False)\n"
    )
    price, product = _writes(_scan("python", "rename.py", code))
    assert "client.products.update(\n    dodo_product_id(price_id)," in price.suggestion
    assert "reaches Stripe only" in price.findings[0].message
    # a Stripe product id is in no id map (each Dodo product is one price): a name to fill in
    assert "client.products.update(\n    TODO_product_id,\n    name=title," in product.suggestion
    assert "client.products.archive(id)" in product.findings[0].suggestion


def test_an_update_names_what_products_update_does_not_carry() -> None:
    code = (
        "import stripe\n\ndef retag(price_id, key):\n"
        "    stripe.Price.modify(price_id, lookup_key=key, nickname='Pro', metadata={'a': 'b'})\n"
    )
    (site,) = _writes(_scan("python", "retag.py", code))
    first = site.suggestion.splitlines()[0]
    assert first == "# not carried into the Dodo product: lookup_key, nickname"


def test_a_product_made_without_a_price_is_made_in_dodo_with_its_price() -> None:
    code = (
        "import stripe\n\ndef add(course):\n    return stripe.Product.create(name=course.title)\n"
    )
    (site,) = _writes(_scan("python", "add.py", code))
    assert "products.create" not in site.suggestion.split("client.products.create where")[0]
    assert "where the code makes this product's Stripe price" in site.suggestion


def test_params_the_dodo_call_does_not_carry_are_named() -> None:
    code = (
        "import stripe\n\ndef tiered():\n    return stripe.Price.create(currency='usd',"
        " billing_scheme='tiered', tiers=[{'up_to': 5, 'unit_amount': 100}],"
        " product_data={'name': 'Seats'})\n"
    )
    (site,) = _writes(_scan("python", "tiered.py", code))
    assert site.suggestion.startswith("# not carried into the Dodo product: billing_scheme, tiers")
    assert "TODO_price" in site.suggestion  # no unit amount: nothing is made up


LOOK_ALIKES = {
    "python": (
        "reads.py",
        """\
import stripe
from dodopayments import DodoPayments

dodo = DodoPayments()


def reads(client, mock_stripe):
    stripe.Product.retrieve("prod_1")
    stripe.Price.list(limit=3)
    stripe.Price.search(query="active:'true'")
    dodo.products.create(name="X", price={"type": "one_time_price", "price": 1, "currency": "USD"}, tax_category="saas")
    client.products.create(name="X", tax_category="saas", price=price)
    mock_stripe.Price.create(unit_amount=1, currency="usd")
    # stripe.Price.create(unit_amount=1, currency="usd")
""",
    ),
    "typescript": (
        "reads.ts",
        """\
import Stripe from "stripe";
import DodoPayments from "dodopayments";
const stripe = new Stripe("k");
const client = new DodoPayments();

export async function reads(mockStripe: any) {
  await stripe.products.retrieve("prod_1");
  await stripe.prices.list({ limit: 3 });
  await stripe.prices.search({ query: "active:'true'" });
  await client.products.create({ name: "X", price: { type: "one_time_price", price: 1, currency: "USD" }, tax_category: "saas" });
  await mockStripe.prices.create({ unit_amount: 1, currency: "usd" });
  // await stripe.prices.create({ unit_amount: 1, currency: "usd" });
}
""",
    ),
    "ruby": (
        "reads.rb",
        "require 'stripe'\nStripe::Product.retrieve('prod_1')\nStripe::Price.list(limit: 3)\n"
        "Stripe::Price.search(query: 'x')\n# Stripe::Price.create(unit_amount: 1)\n",
    ),
    "php": (
        "reads.php",
        "<?php\n\\Stripe\\Product::retrieve('prod_1');\n\\Stripe\\Price::all(['limit' => 3]);\n"
        "$stripe->prices->search(['query' => 'x']);\n// \\Stripe\\Price::create([]);\n",
    ),
    "go": (
        "reads.go",
        'package x\n\nimport (\n\t"github.com/stripe/stripe-go/v82/price"\n'
        '\t"github.com/stripe/stripe-go/v82/product"\n)\n\nfunc R() {\n'
        '\t_, _ = product.Get("prod_1", nil)\n\t_ = price.List(nil)\n\t// price.New(nil)\n}\n',
    ),
    "java": (
        "Reads.java",
        "import com.stripe.model.Price;\nimport com.stripe.model.Product;\n"
        'class Reads {\n  void r() throws Exception {\n    Product.retrieve("prod_1");\n'
        "    Price.list(params);\n    Price.search(params);\n    // Price.create(params);\n  }\n}\n",
    ),
    "csharp": (
        "Reads.cs",
        'using Stripe;\nclass Reads {\n  void R() {\n    new ProductService().Get("prod_1");\n'
        "    new PriceService().List(new PriceListOptions());\n"
        "    // new PriceService().Create(new PriceCreateOptions());\n  }\n}\n",
    ),
}


@pytest.mark.parametrize("language", sorted(LOOK_ALIKES))
def test_reads_dodo_calls_mocks_and_comments_are_no_catalog_writes(language: str) -> None:
    name, code = LOOK_ALIKES[language]
    assert _writes(_scan(language, name, code)) == []


def test_a_creation_the_checkout_reads_at_once_is_said_at_the_checkout_only() -> None:
    code = """\
import stripe


def buy(order):
    product = stripe.Product.create(name=order.title)
    price = stripe.Price.create(unit_amount=order.total, currency="usd", product=product.id)
    return stripe.checkout.Session.create(mode="payment", line_items=[{"price": price.id, "quantity": 1}], success_url="https://example.com/ok")
"""
    sites = _scan("python", "buy.py", code)
    checkout = next(s for s in sites if s.kind == "create")
    # read inline at the checkout (RT042: its params are all an inline price's)
    assert "RT042" in [f.code for f in checkout.findings]
    # the price RT042 names is not said twice; the product it does not name still is
    assert [s.callee for s in _writes(sites)] == ["stripe.Product.create"]


def test_a_checkout_elsewhere_leaves_the_creation_reported() -> None:
    code = """\
import stripe


def publish(course):
    price = stripe.Price.create(unit_amount=course.cents, currency="usd", product_data={"name": course.title})
    course.price_id = price.id


def buy(course):
    return stripe.checkout.Session.create(mode="payment", line_items=[{"price": course.price_id, "quantity": 1}], success_url="https://example.com/ok")
"""
    sites = _scan("python", "shop.py", code)
    assert [s.callee for s in _writes(sites)] == ["stripe.Price.create"]
    checkout = next(s for s in sites if s.kind == "create")
    assert "X026" not in [f.code for f in checkout.findings]


def test_an_update_over_http_reads_no_body() -> None:
    """Dodo's PATCH /products/{id} answers with no body (the SDK returns None): the Ruby and Go
    requests check its status instead of parsing JSON, which would fail on every success."""
    go = """\
package courses

import (
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/price"
)

func Retire(id string) error {
	_, err := price.Update(id, &stripe.PriceParams{Metadata: map[string]string{"retired": "yes"}})
	return err
}
"""
    (site,) = _writes(_scan("go", "retire.go", go))
    assert "http.MethodPatch" in site.suggestion
    assert '"/products/"+dodoids.ProductID(id)' in site.suggestion
    assert "json.NewDecoder(dodoResp.Body)" not in site.suggestion
    assert 'err = errors.New("dodo: " + dodoResp.Status)\n\treturn err' in site.suggestion
    assert '"errors"' in site.suggestion.splitlines()[0]  # the imports line
    ruby = "require 'stripe'\nStripe::Product.update('prod_1', {name: 'New'})\n"
    (site,) = _writes(_scan("ruby", "retire.rb", ruby))
    assert "Net::HTTP::Patch.new" in site.suggestion
    assert "JSON.parse(dodo_response.body)" not in site.suggestion
    assert site.suggestion.endswith(
        "dodo_response.value # no body: raises unless the update succeeded"
    )


CHECKED_OUT_AT_ONCE = {
    "typescript": (
        "pay.ts",
        """\
import Stripe from "stripe";
const stripe = new Stripe("k");
export async function pay(order: any) {
  const price = await stripe.prices.create({ unit_amount: order.cents, currency: "usd", product_data: { name: "Order" } });
  return stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id, quantity: 1 }], success_url: "https://x.example" });
}
""",
    ),
    "go": (
        "pay.go",
        """\
package shop

import (
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/checkout/session"
	stripePrice "github.com/stripe/stripe-go/v82/price"
)

func Pay(order Order) (string, error) {
	sPrice, err := stripePrice.New(&stripe.PriceParams{UnitAmount: stripe.Int64(order.Cents), Currency: stripe.String("usd")})
	if err != nil {
		return "", err
	}
	s, err := session.New(&stripe.CheckoutSessionParams{Mode: stripe.String("payment"), LineItems: []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(sPrice.ID), Quantity: stripe.Int64(1)}}, SuccessURL: stripe.String("https://x.example")})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
""",
    ),
}


@pytest.mark.parametrize("language", sorted(CHECKED_OUT_AT_ONCE))
def test_a_price_checked_out_at_once_is_said_once_in_every_language(language: str) -> None:
    name, code = CHECKED_OUT_AT_ONCE[language]
    sites = _scan(language, name, code)
    said = [f.code for s in sites for f in s.findings if f.code in ("X026", "X031", "RT042")]
    assert said == ["RT042"]  # read inline at the checkout, not said again at the creation


APP_MODELS = {
    # the application's own models named like the catalog (peewee's Model.create, an ORM's
    # db.products.create) are no writes; a Stripe client bound in the file still is
    "python": (
        "models.py",
        """\
import stripe
from stripe import Price
from shop.models import Product

client = stripe.StripeClient("k")


def sync(other):
    Product.create(name="Course")
    other.prices.create(params={"unit_amount": 1})
    Price.create(unit_amount=500, currency="usd", product_data={"name": "Course"})
    client.prices.create(params={"unit_amount": 500, "currency": "usd"})
""",
        ["Price.create", "client.prices.create"],
    ),
    "typescript": (
        "models.ts",
        """\
import Stripe from "stripe";
import { db } from "./db";

class Billing {
  private client: Stripe;
  constructor() {
    this.client = new Stripe("k");
  }
  async publish() {
    await db.products.create({ data: { name: "Course" } });
    await this.client.prices.create({ unit_amount: 500, currency: "usd" });
    const api = new Stripe("k");
    await api.products.create({ name: "Course" });
  }
}
""",
        ["this.client.prices.create", "api.products.create"],
    ),
}


@pytest.mark.parametrize("language", sorted(APP_MODELS))
def test_the_applications_own_models_are_no_catalog_writes(language: str) -> None:
    name, code, callees = APP_MODELS[language]
    assert [s.callee for s in _writes(_scan(language, name, code))] == callees


def test_a_prices_lookup_key_is_kept_in_metadata_as_the_planner_keeps_it() -> None:
    """A price created with `lookup_key` had the key said "not carried"; the catalog planner
    keeps it as `metadata.stripe_lookup_key` (K-rule `lookup_key`), and so does the suggestion,
    literal or computed at run time."""
    code = (
        "import stripe\n\ndef seed(p, key):\n"
        "    stripe.Price.create(unit_amount=900, currency='usd', lookup_key='pro_monthly',"
        " recurring={'interval': 'month'}, product_data={'name': 'Pro'})\n"
        "    stripe.Price.create(unit_amount=900, currency='usd', lookup_key=key,"
        " product_data={'name': 'Pro'}, metadata={'tier': 'pro'})\n"
    )
    literal, run_time = _writes(_scan("python", "seed.py", code))
    assert '"stripe_lookup_key": "pro_monthly",' in literal.suggestion
    assert '"stripe_lookup_key": key,' in run_time.suggestion
    assert '"tier": "pro",' in run_time.suggestion
    for site in (literal, run_time):
        assert "not carried" not in site.suggestion
