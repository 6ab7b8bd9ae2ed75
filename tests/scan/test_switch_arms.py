"""A value set in one ``switch``/``when``/``case`` arm is a choice after it, never always set.

A statement in one arm runs only when that arm is chosen: after the ``switch`` what it set is a
choice between it and the value from before (a price, a trial, a key of the params), written as
the ``if``/``else if`` chain the arms stand for (migrate/scan/cases.py for Go, Java, Kotlin and
C#; the PHP and Ruby readers in hashflow.py). The price of one plan was taken as every plan's in
Go, Java, Kotlin and C#, and a trial set in one case was sent to every buyer. Labels stacked on
one arm are one test (PHP's `case 'pro': case 'team':` charged "pro" the default price). In
PHP and Ruby, a change made after a binding inside one branch of an if/else stays in that branch
(a trial set in the else was also in the other branch's Dodo call, where its variable is
undefined: a PHP notice)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.scan.extract import CHOICE, DYNAMIC
from tests.scan.test_branch_reach import scan
from tests.scan.trees import javac


def choice(cond: str, then: Any, else_: Any) -> tuple[str, Any, Any]:
    return (cond, then, else_)


def shape(value: Any) -> Any:
    """A choice as ``(cond, then, else)`` (nested), other values as they are."""
    if type(value) is dict and CHOICE in value:
        branches = value[CHOICE]
        return (branches["if"], shape(branches["then"]), shape(branches["else"]))
    if type(value) is dict and DYNAMIC in value:
        return ("run time", value[DYNAMIC])
    if type(value) is dict:
        return {k: shape(v) for k, v in value.items() if k != DYNAMIC}
    if type(value) is list:
        return [shape(v) for v in value]
    return value


def price(site: Any) -> Any:
    return shape(site.params["line_items"][0]["price"])


def trial(site: Any) -> Any:
    return shape(site.params.get("subscription_data"))


# -- Go, Java, Kotlin, C#: a price set in one arm, in every arm, a trial set in one arm --------

GO = """\
package main

import (
\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

func one(plan string) {
\tprice := "price_basic"
\tswitch plan {
\tcase "pro", "team":
\t\tprice = "price_pro"
\t}
\tsession.New(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("subscription"), SuccessURL: stripe.String("https://x.test/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t},
\t})
}

func every(plan string) {
\tvar price string
\tswitch plan {
\tdefault:
\t\tprice = "price_basic"
\tcase "pro":
\t\tprice = "price_pro"
\tcase "gift":
\t\treturn
\tcase "team":
\t\tprice = "price_team"
\t}
\tsession.New(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("subscription"), SuccessURL: stripe.String("https://x.test/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t},
\t})
}

func trial(plan string) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode: stripe.String("subscription"), SuccessURL: stripe.String("https://x.test/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String("price_basic"), Quantity: stripe.Int64(1)},
\t\t},
\t}
\tswitch {
\tcase plan == "trial":
\t\tparams.SubscriptionData = &stripe.CheckoutSessionSubscriptionDataParams{
\t\t\tTrialPeriodDays: stripe.Int64(14),
\t\t}
\t}
\tsession.New(params)
}
"""

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class A {
  Session one(String plan) throws Exception {
    String price = "price_basic";
    switch (plan) {
      case "pro":
      case "team":
        price = "price_pro";
        break;
    }
    return Session.create(SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("https://x.test/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
        .build());
  }

  Session every(String plan) throws Exception {
    String price;
    switch (plan) {
      default -> price = "price_basic";
      case "pro" -> price = "price_pro";
      case "gift" -> { return null; }
      case "team" -> price = "price_team";
    }
    return Session.create(SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("https://x.test/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
        .build());
  }

  Session trial(String plan) throws Exception {
    SessionCreateParams.Builder builder = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("https://x.test/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_basic").setQuantity(1L).build());
    switch (plan) {
      case "trial" -> builder.setSubscriptionData(
          SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(14L).build());
      default -> {}
    }
    return Session.create(builder.build());
  }
}
"""

KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class A {
    fun one(plan: String): Session {
        var price = "price_basic"
        when (plan) {
            "pro", "team" -> price = "price_pro"
        }
        return Session.create(SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("https://x.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
            .build())
    }

    fun every(plan: String): Session? {
        val price: String
        when (plan) {
            "pro" -> price = "price_pro"
            "gift" -> return null
            "team" -> price = "price_team"
            else -> price = "price_basic"
        }
        return Session.create(SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("https://x.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
            .build())
    }

    fun trial(plan: String): Session {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("https://x.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_basic").setQuantity(1L).build())
        when {
            plan == "trial" -> {
                builder.setSubscriptionData(
                    SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(14L).build())
            }
        }
        return Session.create(builder.build())
    }
}
"""

CSHARP = """\
using Stripe;
using Stripe.Checkout;

class A
{
    Session One(string plan)
    {
        var price = "price_basic";
        switch (plan)
        {
            case "pro":
            case "team":
                price = "price_pro";
                break;
        }
        return new SessionService().Create(new SessionCreateOptions
        {
            Mode = "subscription", SuccessUrl = "https://x.test/ok",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = price, Quantity = 1 },
            },
        });
    }

    Session Every(string plan)
    {
        string price;
        switch (plan)
        {
            default:
                price = "price_basic";
                break;
            case "pro":
                price = "price_pro";
                break;
            case "gift":
                return null;
            case "team":
                price = "price_team";
                break;
        }
        return new SessionService().Create(new SessionCreateOptions
        {
            Mode = "subscription", SuccessUrl = "https://x.test/ok",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = price, Quantity = 1 },
            },
        });
    }

    Session Trial(string plan)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription", SuccessUrl = "https://x.test/ok",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = "price_basic", Quantity = 1 },
            },
        };
        switch (plan)
        {
            case "trial":
                options.SubscriptionData = new SessionSubscriptionDataOptions
                {
                    TrialPeriodDays = 14,
                };
                break;
        }
        return new SessionService().Create(options);
    }
}
"""

# (code, the test of "pro" or "team", of "pro", of "team", of a trial)
TYPED: dict[str, tuple[str, str, str, str, str]] = {
    "go": (
        GO,
        'plan == "pro" || plan == "team"',
        'plan == "pro"',
        'plan == "team"',
        'plan == "trial"',
    ),
    "java": (
        JAVA,
        '"pro".equals(plan) || "team".equals(plan)',
        '"pro".equals(plan)',
        '"team".equals(plan)',
        '"trial".equals(plan)',
    ),
    "kotlin": (
        KOTLIN,
        'plan == "pro" || plan == "team"',
        'plan == "pro"',
        'plan == "team"',
        'plan == "trial"',
    ),
    "csharp": (
        CSHARP,
        'plan == "pro" || plan == "team"',
        'plan == "pro"',
        'plan == "team"',
        'plan == "trial"',
    ),
}


@pytest.mark.parametrize("language", list(TYPED))
def test_a_price_set_in_one_arm_is_a_choice_after_the_switch(language: str) -> None:
    code, either, pro, team, _ = TYPED[language]
    one, every, _ = scan(code, language)
    # one arm (its labels stacked or listed) sets it: that arm's price, else the one before
    assert price(one) == choice(either, "price_pro", "price_basic")
    # every arm sets it (the default written first, one arm returns): the chain they stand for
    assert price(every) == choice(pro, "price_pro", choice(team, "price_team", "price_basic"))
    assert one.params["line_items"][0]["price"] != "price_pro"


@pytest.mark.parametrize("language", list(TYPED))
def test_a_trial_set_in_one_arm_is_not_every_buyers(language: str) -> None:
    code, *_, cond = TYPED[language]
    site = scan(code, language)[2]
    got = trial(site)
    assert got in (
        choice(cond, {"trial_period_days": 14}, None),  # the whole object chosen
        {"trial_period_days": choice(cond, 14, None)},  # its one key chosen
    )
    assert [d.path for d in site.dynamic if d.path.startswith("subscription_data")]


@pytest.mark.parametrize("language", ["go", "java", "kotlin", "csharp"])
def test_the_dodo_call_chooses_the_product_as_the_switch_does(language: str) -> None:
    code, *_ = TYPED[language]
    site = scan(code, language)[0]
    assert site.translation is not None
    suggestion = site.suggestion
    assert "plan" in suggestion and "pro" in suggestion and "team" in suggestion
    assert '"s2d_pdt_' in suggestion  # both products are in it, chosen by the plan
    assert suggestion.count("s2d_pdt_") >= 2


# -- conditions that are not `subject == label` ------------------------------------------------


def test_a_switch_arm_test_as_each_language_writes_it() -> None:
    go = """\
    package main

    import (
    \t"github.com/stripe/stripe-go/v82"
    \t"github.com/stripe/stripe-go/v82/checkout/session"
    )

    func f(account Account, v any) {
    \tprice := "price_basic"
    \tswitch tier := account.Tier(); tier {
    \tcase "pro":
    \t\tprice = "price_pro"
    \t}
    \tswitch v.(type) {
    \tcase Gift, nil:
    \t\tprice = "price_gift"
    \t}
    \tsession.New(&stripe.CheckoutSessionParams{
    \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
    \t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
    \t\t},
    \t})
    }
    """
    (site,) = scan(go, "go")
    assert price(site) == choice(
        "func() bool { _, ok := v.(Gift); return ok }() || v == nil",
        "price_gift",
        choice('account.Tier() == "pro"', "price_pro", "price_basic"),
    )
    kotlin = """\
    import com.stripe.model.checkout.Session
    import com.stripe.param.checkout.SessionCreateParams

    fun f(seats: Int, owner: Any): Session {
        var price = "price_basic"
        when (seats) {
            in 2..10 -> price = "price_team"
        }
        when (owner) {
            is Org -> price = "price_org"
        }
        return Session.create(SessionCreateParams.builder()
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
            .build())
    }
    """
    (site,) = scan(kotlin, "kotlin")
    assert price(site) == choice(
        "owner is Org", "price_org", choice("seats in 2..10", "price_team", "price_basic")
    )
    csharp = """\
    using Stripe.Checkout;

    class A
    {
        Session F(object owner)
        {
            var price = "price_basic";
            switch (owner)
            {
                case Org org when org.Seats > 10:
                    price = "price_org";
                    break;
            }
            return new SessionService().Create(new SessionCreateOptions
            {
                LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = price, Quantity = 1 },
            },
            });
        }
    }
    """
    (site,) = scan(csharp, "csharp")
    assert price(site) == choice("owner is Org org && (org.Seats > 10)", "price_org", "price_basic")


def test_a_go_select_arm_is_no_condition_the_dodo_call_can_pick_silently() -> None:
    go = """\
    package main

    import (
    \t"github.com/stripe/stripe-go/v82"
    \t"github.com/stripe/stripe-go/v82/checkout/session"
    )

    func f(upgrades chan bool) {
    \tprice := "price_basic"
    \tselect {
    \tcase <-upgrades:
    \t\tprice = "price_pro"
    \tdefault:
    \t}
    \tsession.New(&stripe.CheckoutSessionParams{
    \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
    \t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
    \t\t},
    \t})
    }
    """
    (site,) = scan(go, "go")
    cond, then, else_ = price(site)
    assert cond.startswith("TODO_case_line")  # a name defined nowhere: the call cannot build
    assert (then, else_) == ("price_pro", "price_basic")


def test_arms_run_on_into_the_next_and_every_other_arm_leaving() -> None:
    java = """\
    import com.stripe.model.checkout.Session;
    import com.stripe.param.checkout.SessionCreateParams;

    class A {
      Session f(String plan) throws Exception {
        String price = "price_basic";
        String note = "none";
        switch (plan) {
          case "pro":
            note = "pro";
          case "team":
            price = "price_team";
            break;
          case "free":
            return null;
          default:
            throw new IllegalArgumentException(plan);
        }
        return Session.create(SessionCreateParams.builder()
            .putMetadata("note", note)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
            .build());
      }
    }
    """
    (site,) = scan(java, "java")
    # "pro" runs on into "team"; every other arm leaves: "team"'s price holds without a choice
    assert price(site) == "price_team"
    assert shape(site.params["metadata"]) == {"note": choice('"pro".equals(plan)', "pro", "none")}


JAVA_CONSTANT_LABELS = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class A {
  static final int BIG = 3;
  static final String GOLD = "gold";
  private Plan current;

  Session f(Plan plan, Order order, int size, String tier) throws Exception {
    String price = "price_basic";
    switch (plan) {
      case PRO:
        price = "price_pro";
        break;
      case TEAM:
        return null;
    }
    String note = "none";
    switch (order.getPlan()) {
      case PRO: note = "pro"; break;
      default: break;
    }
    String seen = "no";
    switch (this.current) {
      case TEAM: seen = "team"; break;
      default: break;
    }
    long qty = 1;
    switch (size) {
      case BIG: qty = 5; break;
    }
    String email = "a@example.com";
    switch (tier) {
      case GOLD: email = "gold@example.com"; break;
    }
    //@CALL
    return Session.create(SessionCreateParams.builder()
        .setCustomerEmail(email)
        .putMetadata("note", note)
        .putMetadata("seen", seen)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(qty).build())
        .build());
  }
}
"""


def test_an_unqualified_constant_label_is_written_as_it_compiles_after_the_switch(
    tmp_path: Path,
) -> None:
    # review: `case PRO:` of a switch on an enum was `plan == PRO` in the Dodo call, written
    # after the switch where PRO is no name: javac refused the suggestion
    (site,) = scan(JAVA_CONSTANT_LABELS, "java")
    tests = {
        "price": price(site)[0],
        "note": shape(site.params["metadata"])["note"][0],
        "seen": shape(site.params["metadata"])["seen"][0],
        "qty": shape(site.params["line_items"][0]["quantity"])[0],
        "email": shape(site.params["customer_email"])[0],
    }
    assert tests == {
        "price": "plan == Plan.PRO",  # the subject's declared enum
        "note": 'order.getPlan().name().equals("PRO")',  # an enum whose type is not known
        "seen": "this.current == Plan.TEAM",  # a field's
        "qty": "size == BIG",  # a constant of the class: itself
        "email": "GOLD.equals(tier)",  # a text constant: compared as text
    }
    if shutil.which("javac") is None:
        pytest.skip("no javac: the conditions are not compiled")
    checks = "".join(f"    boolean is_{name} = {test};\n" for name, test in tests.items())
    source = textwrap.dedent(JAVA_CONSTANT_LABELS).replace("    //@CALL\n", checks)
    source = re.sub(
        r"    return Session.create\(.*?\.build\(\)\);\n", "    return null;\n", source, flags=re.S
    )
    source = "\n".join(line for line in source.splitlines() if not line.startswith("import "))
    source = source.replace("Session f(", "Object f(").replace(" throws Exception", "")
    source += "\nenum Plan { PRO, TEAM }\nclass Order { Plan getPlan() { return Plan.PRO; } }\n"
    done = javac(tmp_path, "A.java", source)
    assert done.returncode == 0, done.stderr + source


def test_the_chain_of_a_switch_arm() -> None:
    """``chain`` alone: the arms tested before, the arm's own labels, the default's."""
    from ast_grep_py import SgRoot

    from migrate.scan import reach
    from migrate.scan.cases import Arm, chain

    code = (
        'package main\nfunc f(p string) {\n\tswitch p {\n\tcase "a":\n\t\tx = 1\n'
        '\tdefault:\n\t\tx = 2\n\tcase "b", "c":\n\t\tx = 3\n\t}\n}\n'
    )
    switch = SgRoot(code, "go").root().find(kind="expression_switch_statement")
    assert switch is not None
    arms = [c for c in switch.named_children() if c.kind() in reach.GO.cases]

    def read(arm: Any, text: Any) -> Arm:
        labels = arm.field("value")
        if labels is None:
            return Arm(())
        return Arm(tuple(f"p == {v.text()}" for v in labels.named_children()))

    def conds(arm: Any) -> list[tuple[str, bool]]:
        return [(c, holds) for _, c, holds in chain(reach.GO, switch, arm, read, str)]

    assert conds(arms[0]) == [('p == "a"', True)]
    assert conds(arms[1]) == [('p == "a"', False), ('p == "b" || p == "c"', False)]
    assert conds(arms[2]) == [('p == "a"', False), ('p == "b" || p == "c"', True)]


# -- PHP and Ruby ---------------------------------------------------------------------------------

PHP = """\
<?php
function stacked( $plan ) {
    switch ( $plan ) {
        default:
            $price = 'price_basic';
            break;
        case 'pro':
        case 'team':
            $price = 'price_pro';
            break;
    }
    return \\Stripe\\Checkout\\Session::create( array(
        'line_items' => array( array( 'price' => $price, 'quantity' => 1 ) ),
    ) );
}

function running_on( $plan ) {
    $args = array( 'line_items' => array( array( 'price' => 'price_basic', 'quantity' => 1 ) ) );
    switch ( $plan ) {
        case 'pro':
            $args['subscription_data'] = array( 'trial_period_days' => 7 );
        case 'team':
            $args['metadata'] = array( 'team' => 'yes' );
            break;
    }
    return \\Stripe\\Checkout\\Session::create( $args );
}
"""


def test_php_labels_stacked_on_one_case_are_one_test() -> None:
    stacked, running_on = scan(PHP, "php")
    assert price(stacked) == choice("$plan == 'pro' || $plan == 'team'", "price_pro", "price_basic")
    # a case with statements that runs on into the next: which arms run is not one condition
    # each, so what it sets is known at run time (RT012 at each key), never set for every plan
    assert "subscription_data" not in running_on.params
    assert "metadata" not in running_on.params
    assert {"RT012@subscription_data", "RT012@metadata"} <= set(codes_of(running_on))


def codes_of(site: Any) -> list[str]:
    assert site.translation is not None
    return [f"{f.code}@{f.path}" for f in site.translation.findings]


def test_ruby_case_in_is_a_choice() -> None:
    ruby = """\
    def f(plan)
      price = 'price_basic'
      case plan
      in 'pro'
        price = 'price_pro'
      in 'team' | 'org' if plan.size > 2
        price = 'price_team'
      end
      Stripe::Checkout::Session.create(line_items: [{ price: price, quantity: 1 }])
    end
    """
    (site,) = scan(ruby, "ruby")
    assert price(site) == choice(
        "plan in 'pro'",
        "price_pro",
        choice("(plan in 'team' | 'org') && (plan.size > 2)", "price_team", "price_basic"),
    )


BRANCHES: dict[str, str] = {
    "php": """\
    <?php
    function f( $plan_id, $trial, $email ) {
        $opts = array( 'mode' => 'payment' );
        $opts['customer_email'] = $email;
        if ( empty( $plan_id ) ) {
            $opts = array( 'mode' => 'payment',
                'line_items' => array( array( 'price' => 'price_one', 'quantity' => 1 ) ) );
            $opts['metadata'] = array( 'kind' => 'one' );
        } elseif ( $plan_id === 'keep' ) {
            $opts['line_items'] = array( array( 'price' => 'price_keep', 'quantity' => 1 ) );
        } else {
            $opts = array( 'mode' => 'subscription',
                'line_items' => array( array( 'price' => $plan_id, 'quantity' => 1 ) ) );
            if ( $trial ) {
                $opts['subscription_data']['trial_period_days'] = $trial;
            }
        }
        return \\Stripe\\Checkout\\Session::create( $opts );
    }
    """,
    "ruby": """\
    def f(plan_id, trial, email)
      opts = { mode: 'payment' }
      opts[:customer_email] = email
      if plan_id.nil?
        opts = { mode: 'payment', line_items: [{ price: 'price_one', quantity: 1 }] }
        opts[:metadata] = { kind: 'one' }
      elsif plan_id == 'keep'
        opts[:line_items] = [{ price: 'price_keep', quantity: 1 }]
      else
        opts = { mode: 'subscription', line_items: [{ price: plan_id, quantity: 1 }] }
        opts[:subscription_data] = { trial_period_days: trial } if trial
      end
      Stripe::Checkout::Session.create(opts)
    end
    """,
}

# (the first branch's test, the second's, the trial's, the email's and the plan's names)
TESTS = {
    "php": ("empty( $plan_id )", "$plan_id === 'keep'", "$trial", "$email", "$plan_id"),
    "ruby": ("plan_id.nil?", "plan_id == 'keep'", "trial", "email", "plan_id"),
}


def run_time(source: str) -> tuple[str, str]:
    return ("run time", source)


@pytest.mark.parametrize("language", list(BRANCHES))
def test_a_change_after_a_binding_in_one_branch_stays_in_it(language: str) -> None:
    first, second, has_trial, email, plan = TESTS[language]
    (site,) = scan(BRANCHES[language], language)
    got = shape(site.params)
    # the trial set in the else (after its binding) is in the else's value only
    trial_days = run_time(has_trial)
    in_else = (
        {"trial_period_days": choice(has_trial, trial_days, None)}  # the key chosen
        if language == "php"
        else choice(has_trial, {"trial_period_days": trial_days}, None)  # the hash chosen
    )
    assert got["subscription_data"] == choice(first, None, choice(second, None, in_else))
    # the first branch's metadata, set after its binding, is kept there (it was lost)
    assert got["metadata"] == choice(first, {"kind": "one"}, None)
    # the email set before the if is kept where no branch binds the params again
    assert got["customer_email"] == choice(first, None, choice(second, run_time(email), None))
    assert got["line_items"] == choice(
        first,
        [{"price": "price_one", "quantity": 1}],
        choice(
            second,
            [{"price": "price_keep", "quantity": 1}],
            [{"price": run_time(plan), "quantity": 1}],
        ),
    )


@pytest.mark.parametrize("language", list(BRANCHES))
def test_the_dodo_call_sets_the_trial_only_where_the_else_runs(language: str) -> None:
    first, *_ = TESTS[language]
    (site,) = scan(BRANCHES[language], language)
    sets = ("trial_period_days'] =", "trial_period_days'} =")
    line = next(x for x in site.suggestion.splitlines() if any(s in x for s in sets))
    assert line.split("=", 1)[1].strip().startswith(f"({first} ?")  # never a bare `$trial`


# -- Python and JavaScript/TypeScript read a switch as a run-time value -------------------------

DYNAMIC_SWITCH: dict[str, str] = {
    "javascript": """\
    const stripe = require('stripe')(process.env.KEY);

    async function f(plan) {
      let price = 'price_basic';
      const params = { line_items: [] };
      switch (plan) {
        case 'pro':
        case 'team':
          price = 'price_pro';
          params.subscription_data = { trial_period_days: 7 };
          break;
      }
      params.line_items.push({ price, quantity: 1 });
      return stripe.checkout.sessions.create(params);
    }
    """,
    "python": """\
    import stripe

    def f(plan):
        price = "price_basic"
        params = {"line_items": []}
        match plan:
            case "pro" | "team":
                price = "price_pro"
                params["subscription_data"] = {"trial_period_days": 7}
        params["line_items"].append({"price": price, "quantity": 1})
        return stripe.checkout.Session.create(**params)
    """,
}


@pytest.mark.parametrize("language", [*DYNAMIC_SWITCH, "typescript"])
def test_python_and_javascript_never_take_one_case_for_every_plan(language: str) -> None:
    (site,) = scan(DYNAMIC_SWITCH["javascript" if language == "typescript" else language], language)
    assert price(site) == run_time("price")  # the variable, as it is at the call
    # the trial is a run-time value with its finding (RT001), never every buyer's trial
    assert shape(site.params["subscription_data"])[0] == "run time"
    assert "RT001@subscription_data" in codes_of(site)


# -- an arm left before its end: a break under a condition, a goto (found by review) ----------

GO_BREAK = """\
package main

import (
\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

func f(plan string, seats int64) {
\tprice := "price_basic"
\tswitch plan {
\tcase "pro":
\t\tif seats > 100 {
\t\t\tbreak
\t\t}
\t\tprice = "price_pro"
\tcase "team":
\t\tfor _, s := range []int64{seats} {
\t\t\tif s > 5 {
\t\t\t\tbreak
\t\t\t}
\t\t}
\t\tprice = "price_team"
\t}
\tsession.New(&stripe.CheckoutSessionParams{
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(seats)},
\t\t},
\t})
}
"""
JAVA_BREAK = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class C {
  Session f(String plan, long seats) throws Exception {
    String price = "price_basic";
    switch (plan) {
      case "pro":
        if (seats > 100) break;
        price = "price_pro";
        break;
      case "team":
        price = "price_team";
        break;
    }
    return Session.create(SessionCreateParams.builder()
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(seats).build())
        .build());
  }
}
"""
CS_GOTO = """\
using Stripe.Checkout;

class C {
    Session F(string plan) {
        var price = "price_basic";
        long qty = 1;
        switch (plan) {
            case "pro":
                qty = 3;
                goto case "team";
            case "team":
                price = "price_team";
                break;
        }
        var options = new SessionCreateOptions {
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = price, Quantity = qty },
            },
        };
        return new SessionService().Create(options);
    }
}
"""


@pytest.mark.parametrize(
    ("language", "code", "then"),
    [("go", GO_BREAK, "price_pro"), ("java", JAVA_BREAK, "price_pro"), ("csharp", CS_GOTO, None)],
)
def test_an_arm_left_before_its_end_is_no_condition_the_dodo_call_can_pick(
    language: str, code: str, then: str | None
) -> None:
    # `if seats > 100 { break }` before `price = "price_pro"`: a pro buyer with more seats pays
    # the basic price; C#'s `goto case "team"` gives "pro" the team's price. Neither can be
    # written as the arm's test: a name defined nowhere, so the call cannot build
    (site,) = scan(code, language)
    got = price(site)

    def picks(value: Any) -> list[Any]:
        """The prices a choice gives without a TODO condition decided first."""
        if type(value) is not tuple:
            return [value]
        cond, yes, no = value
        return [] if cond.startswith("TODO_case_line") else [*picks(yes), *picks(no)]

    assert "TODO_case_line" in repr(got), got
    assert then not in picks(got)  # never the arm's price without the unwritable condition


def test_a_break_ending_an_arm_or_leaving_a_loop_inside_it_is_read_as_before() -> None:
    # Java's `break;` closing each arm, and Go's break out of a loop inside the "team" arm
    (java,) = scan(JAVA_BREAK.replace("if (seats > 100) break;\n", ""), "java")
    (go,) = scan(GO_BREAK.replace("\t\tif seats > 100 {\n\t\t\tbreak\n\t\t}\n", ""), "go")
    for site in (java, go):
        got = price(site)
        assert "TODO_case_line" not in repr(got), got
        assert {"price_pro", "price_team", "price_basic"} <= set(_leaves(got))


def _leaves(value: Any) -> list[Any]:
    return [*_leaves(value[1]), *_leaves(value[2])] if type(value) is tuple else [value]


GO_SHADOW = """\
package main

import (
\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

func f(plan string) {
\tprice := "price_basic"
\tswitch plan {
\tcase "pro":
\t\tprice := "price_pro"
\t\tlog(price)
\t}
\tif plan == "team" {
\t\tprice := "price_team"
\t\tsession.New(&stripe.CheckoutSessionParams{
\t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t\t},
\t\t})
\t}
\tsession.New(&stripe.CheckoutSessionParams{
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t},
\t})
}
"""


def test_a_go_variable_declared_again_in_an_inner_block_is_another_variable() -> None:
    # found by review: `price := "price_pro"` under `case "pro":` declares a new price; the
    # function's stays "price_basic" (every plan was charged as the pro one's choice said)
    inner, outer = scan(GO_SHADOW, "go")
    assert price(inner) == "price_team"  # used in its own block: the inner variable
    assert price(outer) == "price_basic"


JAVA_AMBIGUOUS_LABELS = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class Billing {
  private static final String PRO = "price_pro_monthly";
  private static final String TEAM = "price_team_monthly";

  Session f(User user, Plan declared, String tier) throws Exception {
    String price = "price_basic";
    switch (user.getPlan()) {
      case PRO: price = PRO; break;
      case TEAM: price = TEAM; break;
      default: break;
    }
    var plan = user.getPlan();
    String note = "none";
    switch (plan) {
      case PRO: note = "pro"; break;
      default: break;
    }
    String seen = "no";
    switch (declared) {
      case PRO: seen = "pro"; break;
      default: break;
    }
    String email = "a@example.com";
    switch (tier) {
      case PRO: email = "pro@example.com"; break;
      default: break;
    }
    return Session.create(SessionCreateParams.builder()
        .setCustomerEmail(email)
        .putMetadata("note", note)
        .putMetadata("seen", seen)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
        .build());
  }
}
"""


def test_a_label_named_like_a_text_constant_on_a_subject_of_unknown_type_is_no_test() -> None:
    # review: `switch (user.getPlan()) { case PRO: ... }` in a class that also declares
    # `static final String PRO = "price_..."` was `PRO.equals(user.getPlan())`: it compiles and
    # never holds when getPlan() returns an enum, so every PRO user got the default price. The
    # label is the enum's constant or the file's, which the scan cannot tell: a name defined
    # nowhere, so the suggestion does not build
    (site,) = scan(JAVA_AMBIGUOUS_LABELS, "java")
    meta = shape(site.params["metadata"])
    tests = {
        "price": price(site)[0],
        "price_team": price(site)[2][0],
        "note": meta["note"][0],
        "seen": meta["seen"][0],
        "email": shape(site.params["customer_email"])[0],
    }
    assert tests == {
        "price": "TODO_case_line11",  # user.getPlan(): its type is not known
        "price_team": "TODO_case_line12",
        "note": "TODO_case_line18",  # var plan: not known either
        "seen": "declared == Plan.PRO",  # a declared enum: its constant
        "email": "PRO.equals(tier)",  # a declared String: the text constant
    }
    assert "PRO.equals(user.getPlan())" not in (site.suggestion or "")
