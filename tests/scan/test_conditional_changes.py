"""A change made to Ruby or PHP params under a condition (``migrate/scan/hashflow.py``) is a
choice between the value it sets and the value from before (nil/null when the key was not set),
as Python, TypeScript and Go keep ``14 if user.trial_eligible else None``: never carried into the
Dodo call unconditionally (every buyer got the trial, the coupon). The shapes: a modifier
``if``/``unless``, an ``if ... end`` / ``if (...) { }`` block setting a key or a nested key, an
in-place merge (``merge!``, ``+=``), a default (``||=``, ``??=``), a delete, nested conditionals.
A change a condition holds the Stripe call in too is made, and one the scan cannot place (under
a choice already) is a run-time value with its finding (RT012)."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgRoot

from migrate.scan import CallSite, Dynamic
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source, site_kind


def _site(text: str, language: str) -> CallSite:
    if language == "php":
        sites = scan_source("<?php\n" + text, "x.php", BY_NAME["php"])
    else:
        sites = scan_source(text, "x.rb", BY_NAME["ruby"])
    (site,) = [s for s in sites if s.kind == "create" and site_kind(s) == "create"]
    return site


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def _parses(code: str, language: str) -> None:
    text = f"<?php\nfunction f() {{\n{code}\n}}\n" if language == "php" else code
    errors = [n.text()[:60] for n in SgRoot(text, language).root().find_all(kind="ERROR")]
    assert errors == [], errors


RUBY = """class CheckoutService
  def create(user, price_id)
    params = {
      mode: "subscription",
      success_url: "https://shop.example/ok",
      line_items: [{ price: price_id, quantity: 1 }],
      subscription_data: { metadata: { plan: "pro" } }
    }
    params[:discounts] = [{ coupon: "WELCOME10" }] if user.new?
    params[:allow_promotion_codes] = true unless user.returning?
    if user.trial_eligible?
      params[:subscription_data][:trial_period_days] = 14
    end
    if user.vip?
      if user.annual?
        params[:customer_email] = user.email
      end
    end
    params.merge!(client_reference_id: "ref") if user.tracked?
    params[:locale] ||= "fr" if user.french?
    ::Stripe::Checkout::Session.create(params)
  end
end
"""


def test_ruby_changes_under_a_condition_are_choices() -> None:
    s = _site(RUBY, "ruby")
    assert s.params["discounts"] == choice(
        "user.new? ? [{ coupon: 'WELCOME10' }] : nil", "user.new?", [{"coupon": "WELCOME10"}], None
    )
    assert s.params["allow_promotion_codes"] == choice(
        "!user.returning? ? true : nil", "!user.returning?", True, None
    )
    assert s.params["subscription_data"] == {
        "metadata": {"plan": "pro"},
        "trial_period_days": choice(
            "user.trial_eligible? ? 14 : nil", "user.trial_eligible?", 14, None
        ),
    }
    nested = "user.vip? ? (user.annual? ? user.email : nil) : nil"  # the whole, at each level
    email = choice(nested, "user.annual?", {"$dynamic": "user.email"}, None)
    assert s.params["customer_email"] == choice(nested, "user.vip?", email, None)
    assert s.params["client_reference_id"] == choice(
        "user.tracked? ? 'ref' : nil", "user.tracked?", "ref", None
    )
    assert s.params["locale"] == choice("user.french? ? 'fr' : nil", "user.french?", "fr", None)
    assert Dynamic("discounts", "user.new? ? [{ coupon: 'WELCOME10' }] : nil") in s.dynamic


def test_ruby_suggestion_keeps_the_condition() -> None:
    """The reviewer's shape (reasy's checkout service): the trial and the coupon only for the
    buyers the condition picks, in the suggested Dodo call."""
    s = _site(
        """class CheckoutService
  def create(user, price_id, success_url)
    params = {
      mode: "subscription",
      success_url: success_url,
      line_items: [{ price: price_id, quantity: 1 }]
    }
    if user.trial_eligible?
      params[:subscription_data] = { trial_period_days: 14 }
    end
    params[:discounts] = [{ coupon: "WELCOME10" }] unless user.returning?
    ::Stripe::Checkout::Session.create(params)
  end
end
""",
        "ruby",
    )
    assert s.params["subscription_data"] == choice(
        "user.trial_eligible? ? { trial_period_days: 14 } : nil",
        "user.trial_eligible?",
        {"trial_period_days": 14},
        None,
    )
    code = s.suggestion
    assert (
        "dodo_body['subscription_data']['trial_period_days'] = (user.trial_eligible? ? 14 : nil)"
        in code
    )
    assert "dodo_body['discount_codes'] = ((!user.returning?) ? [" in code
    assert '"trial_period_days": 14' not in code
    assert '"WELCOME10"\n        ]' not in code  # not in the JSON body: only in the choice
    _parses(code, "ruby")


PHP = """class CheckoutService {
    public function create($user, $priceId) {
        $params = [
            'mode' => 'subscription',
            'success_url' => 'https://shop.example/ok',
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
            'subscription_data' => ['metadata' => ['plan' => 'pro']],
        ];
        if ($user->isNew()) {
            $params['discounts'] = [['coupon' => 'WELCOME10']];
        }
        if ($user->trialEligible()) {
            $params['subscription_data']['trial_period_days'] = 14;
        }
        if ($user->vip()) {
            if ($user->annual()) {
                $params['customer_email'] = $user->email;
            }
        }
        if ($user->tracked()) {
            $params += ['client_reference_id' => 'ref'];
        }
        if ($user->french()) {
            $params['locale'] ??= 'fr';
        }
        return \\Stripe\\Checkout\\Session::create($params);
    }
}
"""


def test_php_changes_under_a_condition_are_choices() -> None:
    s = _site(PHP, "php")
    assert s.params["discounts"] == choice(
        "$user->isNew() ? [['coupon' => 'WELCOME10']] : null",
        "$user->isNew()",
        [{"coupon": "WELCOME10"}],
        None,
    )
    assert s.params["subscription_data"]["trial_period_days"] == choice(
        "$user->trialEligible() ? 14 : null", "$user->trialEligible()", 14, None
    )
    nested = "$user->vip() ? ($user->annual() ? $user->email : null) : null"
    email = choice(nested, "$user->annual()", {"$dynamic": "$user->email"}, None)
    assert s.params["customer_email"] == choice(nested, "$user->vip()", email, None)
    assert s.params["client_reference_id"] == choice(
        "$user->tracked() ? 'ref' : null", "$user->tracked()", "ref", None
    )
    assert s.params["locale"] == choice(
        "$user->french() ? 'fr' : null", "$user->french()", "fr", None
    )


def test_php_suggestion_keeps_the_condition() -> None:
    s = _site(
        """class CheckoutService {
    public function create($user, $priceId, $successUrl) {
        $params = [
            'mode' => 'subscription',
            'success_url' => $successUrl,
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
        ];
        if ($user->trialEligible()) {
            $params['subscription_data'] = ['trial_period_days' => 14];
        }
        return \\Stripe\\Checkout\\Session::create($params);
    }
}
""",
        "php",
    )
    assert s.params["subscription_data"] == choice(
        "$user->trialEligible() ? ['trial_period_days' => 14] : null",
        "$user->trialEligible()",
        {"trial_period_days": 14},
        None,
    )
    code = s.suggestion
    assert (
        "$dodoBody->{'subscription_data'}->{'trial_period_days'}"
        " = ($user->trialEligible() ? 14 : null);" in code
    )
    assert '"trial_period_days": 14' not in code
    _parses(code, "php")


def test_a_delete_under_a_condition_and_a_merge_are_choices() -> None:
    ruby = _site(
        """def create(user, price_id)
  params = { mode: "payment", line_items: [{ price: price_id, quantity: 1 }] }
  params.merge!(subscription_data: { trial_period_days: 14 }) if user.trial_eligible?
  params[:discounts] = [{ coupon: "WELCOME10" }]
  params.delete(:discounts) if user.returning?
  Stripe::Checkout::Session.create(params)
end
""",
        "ruby",
    )
    assert ruby.params["subscription_data"] == choice(
        "user.trial_eligible? ? { trial_period_days: 14 } : nil",
        "user.trial_eligible?",
        {"trial_period_days": 14},
        None,
    )
    assert ruby.params["discounts"] == choice(
        "user.returning? ? nil : [{ coupon: 'WELCOME10' }]",
        "user.returning?",
        None,
        [{"coupon": "WELCOME10"}],
    )
    php = _site(
        """function create($user, $priceId) {
    $params = ['mode' => 'payment', 'line_items' => [['price' => $priceId, 'quantity' => 1]]];
    $params['discounts'] = [['coupon' => 'WELCOME10']];
    if ($user->returning()) {
        unset($params['discounts']);
    }
    return \\Stripe\\Checkout\\Session::create($params);
}
""",
        "php",
    )
    assert php.params["discounts"] == choice(
        "$user->returning() ? null : [['coupon' => 'WELCOME10']]",
        "$user->returning()",
        None,
        [{"coupon": "WELCOME10"}],
    )


def test_a_change_in_the_branch_that_holds_the_call_is_made() -> None:
    """The Stripe call in the same branch: the change always happens before it."""
    ruby = _site(
        """def create(user, price_id)
  params = { mode: "payment", line_items: [{ price: price_id, quantity: 1 }] }
  if user.trial_eligible?
    params[:customer_email] = "a@shop.example"
    return Stripe::Checkout::Session.create(params)
  end
end
""",
        "ruby",
    )
    assert ruby.params["customer_email"] == "a@shop.example"
    php = _site(
        """function create($user, $priceId) {
    $params = ['mode' => 'payment', 'line_items' => [['price' => $priceId, 'quantity' => 1]]];
    if ($user->vip()) {
        $params['customer_email'] = 'a@shop.example';
        return \\Stripe\\Checkout\\Session::create($params);
    }
}
""",
        "php",
    )
    assert php.params["customer_email"] == "a@shop.example"


def test_a_change_under_a_choice_is_a_run_time_value_with_its_finding() -> None:
    """A nested key set on a value that is a choice already: the scan cannot place it (it
    is in neither branch), so it is a run-time value the site reports (RT012)."""
    s = _site(
        """function create($user, $priceId) {
    $params = ['mode' => 'subscription', 'line_items' => [['price' => $priceId, 'quantity' => 1]]];
    if ($user->trialEligible()) {
        $params['subscription_data'] = ['trial_period_days' => 14];
    }
    if ($user->vip()) {
        $params['subscription_data']['trial_period_days'] = 30;
    }
    return \\Stripe\\Checkout\\Session::create($params);
}
""",
        "php",
    )
    assert "trial_period_days" not in s.params["subscription_data"]  # the choice untouched
    where = "subscription_data.trial_period_days"
    assert Dynamic(where, "$params['subscription_data']['trial_period_days']") in s.dynamic
    assert [f.level for f in s.findings if f.code == "RT012" and f.path == where] == ["warning"]


RESOLVED_CART = """class CheckoutService
  def initialize(user)
    @user = user
  end

  def create_checkout_session(price_id:, success_url:, mode: "subscription")
    session_params = { mode: mode, success_url: success_url, metadata: { user_id: @user.id } }
    if mode == "subscription"
      session_params[:line_items] = [{ price: price_id, quantity: 1 }]
    else
      session_params[:line_items] = [{ price: price_id, quantity: %s }]
    end
    ::Stripe::Checkout::Session.create(session_params)
  end

  def create_buyer_checkout(success_url:)
    create_checkout_session(price_id: "price_Buyer", success_url: success_url)
  end
end
"""


def _sites(text: str) -> list[CallSite]:
    sites = scan_source(text, "x.rb", BY_NAME["ruby"])
    return [s for s in sites if s.kind == "create" and site_kind(s) == "create"]


def test_a_key_every_branch_sets_alike_is_the_value_no_todo_at_the_wrapper_call() -> None:
    """reasy's checkout service: `line_items` set the same in both branches. It was a choice
    named by the wrapper's local (`session_params[:line_items]`): the wrapper's call got
    `TODO_session_params` and X021, and a `# TODO: set from` line, though its cart is known."""
    wrapper, call = _sites(RESOLVED_CART % "1")
    assert wrapper.params["line_items"] == [{"price": {"$dynamic": "price_id"}, "quantity": 1}]
    assert "line_items" not in {d.path for d in wrapper.dynamic}
    assert call.params["line_items"] == [{"price": "price_Buyer", "quantity": 1}]
    assert "X021" not in [f.code for f in call.findings]
    assert "TODO" not in call.suggestion
    assert all("TODO_" not in d.source for d in call.dynamic)


def test_a_choice_between_branches_is_written_in_the_callers_terms() -> None:
    """Branches that differ: the choice is the expression it stands for, which the wrapper's
    call writes with its arguments; no wrapper local, no X021."""
    given = (RESOLVED_CART % "2").replace(
        "def create_buyer_checkout(success_url:)\n    create_checkout_session(price_id: "
        '"price_Buyer", success_url: success_url)',
        "def create_buyer_checkout(success_url:, mode:)\n    create_checkout_session(price_id: "
        '"price_Buyer", success_url: success_url, mode: mode)',
    )
    _, call = _sites(given)
    line_items = call.params["line_items"]
    assert line_items["$choice"]["then"] == [{"price": "price_Buyer", "quantity": 1}]
    assert line_items["$choice"]["else"] == [{"price": "price_Buyer", "quantity": 2}]
    assert "session_params" not in line_items["$dynamic"]
    assert "X021" not in [f.code for f in call.findings]
    assert "TODO" not in call.suggestion
    assert (
        "dodo_body['product_cart'][0]['quantity']"
        """ = ((mode == "subscription") ? 1 : 2)""" in call.suggestion
    )
    # the call leaving ``mode`` at its default decides the condition: its cart, no choice
    _, call = _sites(RESOLVED_CART % "2")
    assert call.params["line_items"] == [{"price": "price_Buyer", "quantity": 1}]


def test_a_choice_changed_again_under_a_condition_is_listed_once() -> None:
    """cashier's shape: a key set under one condition and unset under a nested one. The
    first choice is a branch of the second: one run-time value, not a stale one the Dodo call
    could not place (RT012)."""
    s = _site(
        """function create($embedded, $never, $email) {
    $data = ['mode' => 'payment', 'line_items' => [['price' => 'price_1', 'quantity' => 1]]];
    if ($embedded) {
        $data['customer_email'] = $email;
        if ($never) {
            unset($data['customer_email']);
        }
    }
    return \\Stripe\\Checkout\\Session::create($data);
}
""",
        "php",
    )
    email = s.params["customer_email"]
    assert email["$choice"]["if"] == "$embedded"
    assert email["$choice"]["then"]["$choice"]["if"] == "$never"
    assert email["$choice"]["then"]["$choice"]["then"] is None
    assert [d.path for d in s.dynamic] == ["customer_email"]
    assert "RT012" not in [f.code for f in s.findings]
