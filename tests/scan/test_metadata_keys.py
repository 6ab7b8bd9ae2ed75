"""Metadata keys that are not string literals, in every language: a constant the file declares is
its value; a key known only at run time makes the map a run-time value as a whole (carried
whole into the Dodo metadata, as Python and JavaScript did already), never an entry dropped
without a word (read from bitwarden/server's ``[StripeConstants.MetadataKeys.UserId] = ...``)."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from migrate.mapping.expr import Expr
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

FILES = {
    "csharp": "X.cs",
    "java": "X.java",
    "kotlin": "X.kt",
    "go": "x.go",
    "php": "x.php",
    "ruby": "x.rb",
    "python": "x.py",
    "typescript": "x.ts",
}


def one(language: str, code: str) -> CallSite:
    sites = scan_source(textwrap.dedent(code), FILES[language], BY_NAME[language])
    (site,) = [s for s in sites if s.kind == "create"]
    return site


def dodo_metadata(site: CallSite) -> Any:
    t = site.translation
    assert t is not None and t.dodo is not None
    return t.dodo["metadata"]


CONSTANT_KEYS = {
    "csharp": """
        using Stripe.Checkout;
        public static class Keys { public const string UserId = "userId"; }
        public class Checkout {
            public Session Start(User user) {
                var options = new SessionCreateOptions {
                    Mode = "payment",
                    LineItems = [new SessionLineItemOptions { Price = "price_x", Quantity = 1 }],
                    Metadata = new Dictionary<string, string> {
                        [Keys.UserId] = user.Id, ["plain"] = "v" },
                };
                return new SessionService().Create(options);
            }
        }
    """,
    "java": """
        import com.stripe.model.checkout.Session;
        import java.util.List;
        import java.util.Map;
        class Keys { static final String USER_ID = "userId"; }
        class Shop {
            Session buy(String userId) throws Exception {
                return Session.create(Map.of(
                    "mode", "payment",
                    "line_items", List.of(Map.of("price", "price_x", "quantity", 1)),
                    "metadata", Map.of(Keys.USER_ID, userId, "plain", "v")));
            }
        }
    """,
    "kotlin": """
        import com.stripe.model.checkout.Session

        object Keys {
            const val USER_ID = "userId"
        }

        class Shop {
            fun buy(userId: String): Session {
                return Session.create(mapOf(
                    "mode" to "payment",
                    "line_items" to listOf(mapOf("price" to "price_x", "quantity" to 1)),
                    "metadata" to mapOf(Keys.USER_ID to userId, "plain" to "v"),
                ))
            }
        }
    """,
    "go": """
        package main

        import (
            "github.com/stripe/stripe-go/v82"
            "github.com/stripe/stripe-go/v82/checkout/session"
        )

        const userIDKey = "userId"

        func buy(userID string) {
            params := &stripe.CheckoutSessionParams{
                Mode: stripe.String("payment"),
                LineItems: []*stripe.CheckoutSessionLineItemParams{
                    {Price: stripe.String("price_x"), Quantity: stripe.Int64(1)},
                },
                Metadata: map[string]string{userIDKey: userID, "plain": "v"},
            }
            session.New(params)
        }
    """,
    "php": """
        <?php
        class Shop {
            const USER_ID = 'userId';
            public function buy($userId) {
                return \\Stripe\\Checkout\\Session::create([
                    'mode' => 'payment',
                    'line_items' => [['price' => 'price_x', 'quantity' => 1]],
                    'metadata' => [self::USER_ID => $userId, 'plain' => 'v'],
                ]);
            }
        }
    """,
    "ruby": """
        class Shop
          USER_ID = 'userId'
          def buy(user_id)
            Stripe::Checkout::Session.create(
              mode: 'payment',
              line_items: [{ price: 'price_x', quantity: 1 }],
              metadata: { USER_ID => user_id, 'plain' => 'v' }
            )
          end
        end
    """,
    "python": """
        import stripe

        USER_ID = "userId"

        def buy(user_id):
            return stripe.checkout.Session.create(
                mode="payment",
                line_items=[{"price": "price_x", "quantity": 1}],
                metadata={USER_ID: user_id, "plain": "v"},
            )
    """,
}

USER_ID = {
    "csharp": "user.Id",
    "java": "userId",
    "kotlin": "userId",
    "go": "userID",
    "php": "$userId",
    "ruby": "user_id",
    "python": "user_id",
}


@pytest.mark.parametrize("language", sorted(CONSTANT_KEYS))
def test_a_constant_key_is_its_value(language: str) -> None:
    # regression: the entry was dropped (C#, Java, Kotlin, PHP, Ruby) or the whole map became a
    # run-time value (Python), without a finding
    site = one(language, CONSTANT_KEYS[language])
    assert site.params["metadata"] == {"userId": {"$dynamic": USER_ID[language]}, "plain": "v"}
    metadata = dodo_metadata(site)
    assert metadata["plain"] == "v"
    assert type(metadata["userId"]) is Expr and metadata["userId"].op == "str"


RUN_TIME_KEYS = {
    "csharp": (
        """
        using Stripe.Checkout;
        public class Checkout {
            public Session Start(User user, string refKey) {
                var options = new SessionCreateOptions {
                    Mode = "payment",
                    LineItems = [new SessionLineItemOptions { Price = "price_x", Quantity = 1 }],
                    Metadata = new Dictionary<string, string> { [refKey] = user.Id },
                };
                return new SessionService().Create(options);
            }
        }
        """,
        "new Dictionary<string, string> { [refKey] = user.Id }",
    ),
    "java": (
        """
        import com.stripe.model.checkout.Session;
        import java.util.List;
        import java.util.Map;
        class Shop {
            Session buy(String refKey, String userId) throws Exception {
                return Session.create(Map.of(
                    "mode", "payment",
                    "line_items", List.of(Map.of("price", "price_x", "quantity", 1)),
                    "metadata", Map.of(refKey, userId)));
            }
        }
        """,
        "Map.of(refKey, userId)",
    ),
    "kotlin": (
        """
        import com.stripe.model.checkout.Session

        class Shop {
            fun buy(refKey: String, userId: String): Session {
                return Session.create(mapOf(
                    "mode" to "payment",
                    "line_items" to listOf(mapOf("price" to "price_x", "quantity" to 1)),
                    "metadata" to mapOf(refKey to userId),
                ))
            }
        }
        """,
        "mapOf(refKey to userId)",
    ),
    "go": (
        """
        package main

        import (
            "github.com/stripe/stripe-go/v82"
            "github.com/stripe/stripe-go/v82/checkout/session"
        )

        func buy(refKey, userID string) {
            params := &stripe.CheckoutSessionParams{
                Mode: stripe.String("payment"),
                LineItems: []*stripe.CheckoutSessionLineItemParams{
                    {Price: stripe.String("price_x"), Quantity: stripe.Int64(1)},
                },
                Metadata: map[string]string{refKey: userID},
            }
            session.New(params)
        }
        """,
        "map[string]string{refKey: userID}",
    ),
    "php": (
        """
        <?php
        function buy($refKey, $userId) {
            return \\Stripe\\Checkout\\Session::create([
                'mode' => 'payment',
                'line_items' => [['price' => 'price_x', 'quantity' => 1]],
                'metadata' => [$refKey => $userId],
            ]);
        }
        """,
        "[$refKey => $userId]",
    ),
    "ruby": (
        """
        def buy(ref_key, user_id)
          Stripe::Checkout::Session.create(
            mode: 'payment',
            line_items: [{ price: 'price_x', quantity: 1 }],
            metadata: { ref_key => user_id }
          )
        end
        """,
        "{ ref_key => user_id }",
    ),
}


@pytest.mark.parametrize("language", sorted(RUN_TIME_KEYS))
def test_a_key_known_only_at_run_time_makes_the_map_a_run_time_value(language: str) -> None:
    # regression: the entry was dropped without a finding (rv-reports: Ruby's
    # `{ ref_key => account.id }`, C#'s `[key] = value`)
    code, source = RUN_TIME_KEYS[language]
    site = one(language, code)
    assert site.params["metadata"] == {"$dynamic": source}
    assert [(d.path, d.source) for d in site.dynamic] == [("metadata", source)]
    metadata = dodo_metadata(site)  # the only metadata: carried whole
    assert type(metadata) is Expr and metadata.source == source and metadata.type == "metadata"
    assert site.suggestion is not None and "TODO" not in site.suggestion


def test_python_writes_a_dict_with_a_run_time_key_with_text_values() -> None:
    # regression: `{ref_key: account.id}` was carried as `{**{ref_key: account.id}}`, its value
    # not made text (the keys the translator reads are: str(...))
    site = one(
        "python",
        """
        import stripe

        def seats(account, ref_key):
            return stripe.checkout.Session.create(
                mode="payment",
                line_items=[{"price": "price_x", "quantity": 1}],
                metadata={ref_key: account.id, "source": "web", "n": str(account.n)},
            )
        """,
    )
    assert site.suggestion is not None
    assert (
        "metadata={\n"
        "        ref_key: str(account.id),\n"
        '        "source": "web",\n'
        '        "n": str(account.n),\n'
        "    },"
    ) in site.suggestion


ADDED_ENTRIES = {
    "csharp": """
        using Stripe.Checkout;
        public static class Keys { public const string UserId = "userId"; }
        public class Checkout {
            public Session Start(User user, string refKey) {
                var options = new SessionCreateOptions {
                    Mode = "payment",
                    LineItems = [new SessionLineItemOptions { Price = "price_x", Quantity = 1 }],
                    Metadata = new Dictionary<string, string> { ["plain"] = "v" },
                };
                options.Metadata[Keys.UserId] = user.Id;
                options.Metadata.Add(refKey, user.Id);
                return new SessionService().Create(options);
            }
        }
    """,
    "java": """
        import com.stripe.model.checkout.Session;
        import com.stripe.param.checkout.SessionCreateParams;
        class Keys { static final String USER_ID = "userId"; }
        class Shop {
            Session buy(String userId, String refKey) throws Exception {
                var b = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice("price_x").setQuantity(1L).build())
                    .putMetadata("plain", "v");
                b.putMetadata(Keys.USER_ID, userId);
                b.putMetadata(refKey, userId);
                return Session.create(b.build());
            }
        }
    """,
    "go": """
        package main

        import (
            "github.com/stripe/stripe-go/v82"
            "github.com/stripe/stripe-go/v82/checkout/session"
        )

        const userIDKey = "userId"

        func buy(userID, refKey string) {
            params := &stripe.CheckoutSessionParams{
                Mode: stripe.String("payment"),
                LineItems: []*stripe.CheckoutSessionLineItemParams{
                    {Price: stripe.String("price_x"), Quantity: stripe.Int64(1)},
                },
            }
            params.AddMetadata("plain", "v")
            params.AddMetadata(userIDKey, userID)
            params.AddMetadata(refKey, userID)
            session.New(params)
        }
    """,
    "php": """
        <?php
        class Shop {
            const USER_ID = 'userId';
            public function buy($userId, $refKey) {
                $params = [
                    'mode' => 'payment',
                    'line_items' => [['price' => 'price_x', 'quantity' => 1]],
                    'metadata' => ['plain' => 'v'],
                ];
                $params['metadata'][self::USER_ID] = $userId;
                $params['metadata'][$refKey] = $userId;
                return \\Stripe\\Checkout\\Session::create($params);
            }
        }
    """,
    "ruby": """
        class Shop
          USER_ID = 'userId'
          def buy(user_id, ref_key)
            params = {
              mode: 'payment',
              line_items: [{ price: 'price_x', quantity: 1 }],
              metadata: { 'plain' => 'v' }
            }
            params[:metadata][USER_ID] = user_id
            params[:metadata][ref_key] = user_id
            Stripe::Checkout::Session.create(params)
          end
        end
    """,
    "python": """
        import stripe

        USER_ID = "userId"

        def buy(user_id, ref_key):
            params = {
                "mode": "payment",
                "line_items": [{"price": "price_x", "quantity": 1}],
                "metadata": {"plain": "v"},
            }
            params["metadata"][USER_ID] = user_id
            params["metadata"][ref_key] = user_id
            return stripe.checkout.Session.create(**params)
    """,
}

ADDED = {
    "csharp": "options.Metadata.Add(refKey, user.Id)",
    "java": "b.putMetadata(refKey, userId)",
    "go": "params.AddMetadata(refKey, userID)",
    "php": "$params['metadata'][$refKey] = $userId",
    "ruby": "params[:metadata][ref_key] = user_id",
    "python": 'params["metadata"][ref_key] = user_id',
}


@pytest.mark.parametrize("language", sorted(ADDED_ENTRIES))
def test_an_entry_added_with_a_run_time_key_is_a_finding(language: str) -> None:
    # regression: the entry was dropped without a finding (PHP and Ruby did not even list it
    # as a run-time value); a constant key added the same way is read
    site = one(language, ADDED_ENTRIES[language])
    assert site.params["metadata"] == {"plain": "v", "userId": {"$dynamic": USER_ID[language]}}
    assert ("metadata", ADDED[language]) in [(d.path, d.source) for d in site.dynamic]
    lost = [f for f in site.findings if f.code == "RT012"]
    assert [(f.path, f.level.value) for f in lost] == [("metadata", "warning")]
    assert ADDED[language] in lost[0].message
    assert set(dodo_metadata(site)) == {"plain", "userId"}


def test_an_entry_of_an_inline_price_added_with_a_run_time_key_blocks() -> None:
    # money: a key of price_data set at run time may be its amount or currency
    site = one(
        "python",
        """
        import stripe

        def buy(key, value):
            params = {"mode": "payment", "line_items": [{"price_data": {
                "currency": "usd", "unit_amount": 500, "product_data": {"name": "T"}},
                "quantity": 1}]}
            params["line_items"][0]["price_data"][key] = value
            return stripe.checkout.Session.create(**params)
        """,
    )
    (lost,) = [f for f in site.findings if f.code == "RT002"]
    assert (lost.path, lost.level.value) == ("line_items[0].price_data", "blocker")
    assert [d.path for d in site.dynamic] == ["line_items[0].price_data"]


def test_a_javascript_computed_key_the_code_makes_a_constant_is_its_value() -> None:
    """`{ [USER_ID]: user.id, [Keys.PLAN]: plan }` with `USER_ID` and `Keys` constants of the
    file: the keys are `user_id` and `plan` (the object was a run-time value as a whole, its
    values not made text); a key known only at run time keeps the object whole."""
    head = (
        'const USER_ID = "user_id";\nconst Keys = { PLAN: "plan" } as const;\n'
        "export async function pay(user: any, plan: string, key: string) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',"
        " line_items: [{ price: 'price_1A', quantity: 1 }], success_url: 'https://x.example/ok',"
    )
    known = one(
        "typescript", head + " metadata: { [USER_ID]: user.id, [Keys.PLAN]: plan } });\n}\n"
    )
    assert set(known.params["metadata"]) == {"user_id", "plan"}
    assert "user_id: String(user.id)," in known.suggestion
    whole = one("typescript", head + " metadata: { [USER_ID]: user.id, [key]: 'x' } });\n}\n")
    assert whole.params["metadata"] == {"$dynamic": "{ [USER_ID]: user.id, [key]: 'x' }"}


def test_a_python_text_literal_value_is_not_made_text_again() -> None:
    site = one(
        "python",
        """\
        import stripe


        def pay(user, plan):
            return stripe.checkout.Session.create(
                mode="payment",
                line_items=[{"price": "price_basic", "quantity": 1}],
                metadata={"label": f"{plan}-{user.id}", "user": user.id},
                success_url="https://example.com/ok",
            )
        """,
    )
    text = site.suggestion or ""
    assert '"label": f"{plan}-{user.id}",' in text  # was str(f"...")
    assert '"user": str(user.id),' in text
