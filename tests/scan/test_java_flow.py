"""Java: params followed the way a reader does: builders changed across statements under
branches and loops, ternaries, streams, helper methods, run-time configuration, mocks."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source

HEAD = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;

"""


def creates(body: str) -> list[CallSite]:
    code = HEAD + textwrap.dedent(body)
    return [s for s in scan_source(code, "X.java", BY_NAME["java"]) if s.kind == "create"]


def one(body: str) -> CallSite:
    (site,) = creates(body)
    return site


def dynamic(site: CallSite) -> list[tuple[str, str]]:
    return [(d.path, d.source) for d in site.dynamic]


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def test_a_setter_under_an_if_is_a_choice_with_nothing_otherwise() -> None:
    site = one(
        """
        class Shop {
            Session buy(boolean member, String customerId) throws Exception {
                var b = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT);
                if (member) b.setCustomer(customerId);
                b.addLineItem(LineItem.builder().setPrice("price_1").setQuantity(1L).build());
                return Session.create(b.build());
            }
        }
        """
    )
    written = "member ? customerId : null"  # the condition and the values, not the statement
    assert site.params == {
        "mode": "payment",
        "customer": choice(written, "member", dyn("customerId"), None),
        "line_items": [{"price": "price_1", "quantity": 1}],
    }
    assert dynamic(site) == [("customer", written)]


def test_a_setter_guarded_by_its_own_null_check_is_the_value() -> None:
    # if (url != null) b.setSuccessUrl(url) sets what b.setSuccessUrl(url) sets: null is unset
    site = one(
        """
        class Shop {
            Session buy(String url) throws Exception {
                SessionCreateParams.Builder b = SessionCreateParams.builder();
                if (url != null) {
                    b.setSuccessUrl(url);
                }
                return Session.create(b.setMode(SessionCreateParams.Mode.SETUP).build());
            }
        }
        """
    )
    assert site.params == {"success_url": dyn("url"), "mode": "setup"}


def test_both_branches_setting_one_param_make_one_choice() -> None:
    site = one(
        """
        class Shop {
            Session buy(boolean yearly) throws Exception {
                var b = SessionCreateParams.builder();
                if (yearly) {
                    b.addLineItem(LineItem.builder().setPrice("price_year").build());
                    b.setMode(SessionCreateParams.Mode.SUBSCRIPTION);
                } else {
                    b.setMode(SessionCreateParams.Mode.PAYMENT);
                }
                return Session.create(b.build());
            }
        }
        """
    )
    assert site.params == {
        "line_items": [
            choice(
                'yearly ? Map.of("price", "price_year") : null',
                "yearly",
                {"price": "price_year"},
                None,
            )
        ],
        "mode": choice('yearly ? "subscription" : "payment"', "yearly", "subscription", "payment"),
    }


def test_a_name_assigned_in_both_branches_is_a_choice_never_the_last_branch() -> None:
    # today's bug: the else branch's test price was taken as the price
    site = one(
        """
        class Shop {
            Session buy(boolean live) throws Exception {
                String price;
                if (live) {
                    price = "price_live";
                } else {
                    price = "price_test";
                }
                return Session.create(SessionCreateParams.builder()
                    .addLineItem(LineItem.builder().setPrice(price).setQuantity(1L).build())
                    .build());
            }
        }
        """
    )
    assert site.params["line_items"] == [
        {"price": choice("price", "live", "price_live", "price_test"), "quantity": 1}
    ]
    assert dynamic(site) == [("line_items[0].price", "price")]


def test_a_builder_bound_in_both_branches_keeps_the_setters_called_after_them() -> None:
    """A builder bound in both branches, then a setter on it: the setter's param is carried
    (it was dropped with no finding at all)."""
    site = one(
        """
        class Billing {
          Session create(String planId, String email) throws Exception {
            SessionCreateParams.Builder builder;
            if (planId == null) {
              builder = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT);
            } else {
              builder = SessionCreateParams.builder()
                  .setMode(SessionCreateParams.Mode.SUBSCRIPTION);
            }
            builder.setCustomerEmail(email);
            return Session.create(builder.build());
          }
        }
        """
    )
    assert site.params == {
        "mode": choice("builder", "planId == null", "payment", "subscription"),
        "customer_email": dyn("email"),
    }
    assert dynamic(site) == [("customer_email", "email"), ("mode", "builder")]


def test_a_default_applied_when_unset_stays_the_names_value() -> None:
    # the condition reads the name itself: at the call only the name tells the value
    site = one(
        """
        class Shop {
            Session buy(String price) throws Exception {
                String chosen = price;
                if (chosen == null) chosen = "price_default";
                return Session.create(SessionCreateParams.builder()
                    .addLineItem(LineItem.builder().setPrice(chosen).build()).build());
            }
        }
        """
    )
    assert site.params["line_items"] == [{"price": dyn("chosen")}]


def test_ternary_between_prices_is_a_choice() -> None:
    site = one(
        """
        class Shop {
            Session buy(boolean yearly) throws Exception {
                return Session.create(SessionCreateParams.builder()
                    .addLineItem(LineItem.builder()
                        .setPrice(yearly ? "price_year" : System.getenv("PRICE_MONTH"))
                        .build())
                    .build());
            }
        }
        """
    )
    whole = 'yearly ? "price_year" : System.getenv("PRICE_MONTH")'
    assert site.params["line_items"] == [
        {"price": choice(whole, "yearly", "price_year", dyn('System.getenv("PRICE_MONTH")'))}
    ]
    assert dynamic(site) == [("line_items[0].price", whole)]


def test_line_items_added_in_a_for_loop_are_an_each() -> None:
    site = one(
        """
        class Shop {
            Session buy(List<CartItem> cart) throws Exception {
                var builder = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT);
                for (CartItem item : cart) {
                    builder.addLineItem(LineItem.builder()
                        .setPrice(item.getPriceId())
                        .setQuantity(item.getQuantity())
                        .build());
                }
                return Session.create(builder.build());
            }
        }
        """
    )
    items = site.params["line_items"]
    assert items["$each"] == {
        "over": "cart",
        "as": "item",
        "item": {"price": dyn("item.getPriceId()"), "quantity": dyn("item.getQuantity()")},
    }
    assert items["$dynamic"].startswith("for (CartItem item : cart) {")
    assert dynamic(site) == [("line_items", items["$dynamic"])]


def test_a_fixed_item_and_a_loop_keep_both() -> None:
    site = one(
        """
        class Shop {
            Session buy(List<CartItem> cart) throws Exception {
                var builder = SessionCreateParams.builder()
                    .addLineItem(LineItem.builder().setPrice("price_shipping").build());
                for (CartItem item : cart)
                    builder.addLineItem(LineItem.builder().setPrice(item.price()).build());
                return Session.create(builder.build());
            }
        }
        """
    )
    first, rest = site.params["line_items"]
    assert first == {"price": "price_shipping"}
    assert rest["$each"]["over"] == "cart"
    assert [d[0] for d in dynamic(site)] == ["line_items[1]"]


def test_stream_map_is_an_each() -> None:
    site = one(
        """
        class Shop {
            Session buy(Cart cart) throws Exception {
                List<LineItem> items = cart.getItems().stream()
                    .map(i -> LineItem.builder().setPrice(i.getPriceId()).setQuantity(1L).build())
                    .collect(Collectors.toList());
                return Session.create(SessionCreateParams.builder().addAllLineItem(items).build());
            }
        }
        """
    )
    items = site.params["line_items"]
    assert items["$each"] == {
        "over": "cart.getItems()",
        "as": "i",
        "item": {"price": dyn("i.getPriceId()"), "quantity": 1},
    }


def test_stream_with_a_block_lambda_and_to_list() -> None:
    site = one(
        """
        class Shop {
            Session buy(List<Item> cart) throws Exception {
                return Session.create(SessionCreateParams.builder()
                    .addAllLineItem(cart.stream().filter(Item::inStock).map(x -> {
                        return LineItem.builder().setPrice(x.price()).build();
                    }).toList())
                    .build());
            }
        }
        """
    )
    each = site.params["line_items"]["$each"]
    assert each["over"] == "cart.stream().filter(Item::inStock).toList()"
    assert each["as"] == "x"
    assert each["item"] == {"price": dyn("x.price()")}


def test_helper_method_returning_the_builder_speaks_the_callers_terms() -> None:
    site = one(
        """
        class Shop {
            private final String base = System.getenv("APP_URL");

            Session buy(Order order) throws Exception {
                return Session.create(params(order, order.getEmail()).build());
            }

            private SessionCreateParams.Builder params(Order o, String email) {
                String url = base + "/done?order=" + o.getId();
                return SessionCreateParams.builder()
                    .setCustomerEmail(email)
                    .setSuccessUrl(url)
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .addLineItem(LineItem.builder().setPrice(o.getPriceId()).build());
            }
        }
        """
    )
    assert site.params == {
        "customer_email": dyn("order.getEmail()"),
        "success_url": dyn('base + "/done?order=" + order.getId()'),
        "mode": "payment",
        "line_items": [{"price": dyn("order.getPriceId()")}],
    }
    assert ("line_items[0].price", "order.getPriceId()") in dynamic(site)


def test_helper_returning_line_items_with_a_complex_argument_is_parenthesised() -> None:
    site = one(
        """
        class Shop {
            Session buy(Order order, int extra) throws Exception {
                return Session.create(SessionCreateParams.builder()
                    .addLineItem(item(order.getPriceId(), order.getQuantity() + extra))
                    .build());
            }

            private static LineItem item(String price, long qty) {
                return LineItem.builder().setPrice(price).setQuantity(qty * 1).build();
            }
        }
        """
    )
    assert site.params["line_items"] == [
        {"price": dyn("order.getPriceId()"), "quantity": dyn("(order.getQuantity() + extra) * 1")}
    ]


def test_spring_value_fields_and_getenv_stay_run_time_values() -> None:
    site = one(
        """
        class Shop {
            @Value("${stripe.price.pro}")
            private String proPrice;
            private static final String DOMAIN = System.getenv("DOMAIN");

            Session buy() throws Exception {
                return Session.create(SessionCreateParams.builder()
                    .setSuccessUrl(DOMAIN + "/ok")
                    .addLineItem(LineItem.builder().setPrice(proPrice).setQuantity(1L).build())
                    .build());
            }
        }
        """
    )
    assert site.params == {
        "success_url": dyn('DOMAIN + "/ok"'),
        "line_items": [{"price": dyn("proPrice"), "quantity": 1}],
    }


def test_mockito_stubs_and_verifications_are_not_creations() -> None:
    assert (
        creates(
            """
            class ShopTest {
                void stubs() throws Exception {
                    when(Session.create(any(SessionCreateParams.class))).thenReturn(session);
                    try (MockedStatic<Session> mocked = mockStatic(Session.class)) {
                        mocked.when(() -> Session.create(any(SessionCreateParams.class)))
                            .thenReturn(session);
                        mocked.verify(() -> Session.create(params));
                    }
                    Session.create(Mockito.any(SessionCreateParams.class));
                }
            }
            """
        )
        == []
    )


def test_a_real_call_in_a_test_still_counts() -> None:
    site = one(
        """
        class CheckoutIT {
            void createsASession() throws Exception {
                Session s = Session.create(SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT).build());
                assertNotNull(s.getUrl());
            }
        }
        """
    )
    assert site.params == {"mode": "payment"}


def test_a_literal_fallback_is_a_choice() -> None:
    # Java's spellings of ?? with a literal: never the fallback price silently
    site = one(
        """
        class Shop {
            Session buy(Request req, Optional<String> back) throws Exception {
                return Session.create(SessionCreateParams.builder()
                    .setSuccessUrl(back.orElse("https://shop.example/done"))
                    .addLineItem(LineItem.builder()
                        .setPrice(System.getenv().getOrDefault("PRO_PRICE", "price_test_pro"))
                        .setQuantity(Optional.ofNullable(req.getQuantity()).orElse(1L))
                        .build())
                    .build());
            }
        }
        """
    )
    assert site.params["success_url"] == choice(
        'back.orElse("https://shop.example/done")',
        "back.isPresent()",
        dyn("back.get()"),
        "https://shop.example/done",
    )
    (item,) = site.params["line_items"]
    assert item["price"] == choice(
        'System.getenv().getOrDefault("PRO_PRICE", "price_test_pro")',
        'System.getenv("PRO_PRICE") != null',
        dyn('System.getenv("PRO_PRICE")'),
        "price_test_pro",
    )
    assert item["quantity"]["$choice"] == {
        "if": "req.getQuantity() != null",
        "then": dyn("req.getQuantity()"),
        "else": 1,
    }


def test_static_final_fields_of_the_files_classes_are_their_values() -> None:
    # regression: `putMetadata(MetaKeys.USER_ID, v)` dropped the entry without a finding, and
    # `setSuccessUrl(Urls.OK)` was a value known only at run time
    site = one(
        """
        final class MetaKeys {
            public static final String USER_ID = "userId";
            static final class Nested {
                static final String PLAN = "plan";
            }
        }

        interface Urls {
            String OK = "https://example.com/ok";
        }

        class Shop {
            static String mutable = "price_changes";
            private static final String CANCEL = Urls.OK + "?cancel";

            Session buy(String userId) throws Exception {
                var params = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .setSuccessUrl(Urls.OK)
                    .putMetadata(MetaKeys.USER_ID, userId)
                    .putMetadata(MetaKeys.Nested.PLAN, "pro")
                    .addLineItem(LineItem.builder().setPrice(Shop.mutable).setQuantity(1L).build())
                    .build();
                return Session.create(params);
            }
        }
        """
    )
    assert site.params["success_url"] == "https://example.com/ok"
    assert site.params["metadata"] == {"userId": dyn("userId"), "plan": "pro"}
    assert site.params["line_items"] == [{"price": dyn("Shop.mutable"), "quantity": 1}]


SPRING_SERVICE = """
    import org.springframework.beans.factory.annotation.Value;
    import org.springframework.stereotype.Service;

    @Service
    public class BillingService {
        @Value("${stripe.price.monthly}")
        private String priceIdMonthly;

        @Value("${stripe.price.yearly}")
        private String priceIdYearly;

        @Value("${app.base-url}")
        private String baseUrl;

        public String createCheckoutSession(
                String customerId, boolean yearly, boolean trial, String couponId, long expiresAt)
                throws Exception {
            SessionCreateParams.Builder builder = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(customerId)
                    .setSuccessUrl(baseUrl + "/billing/success")
                    .setExpiresAt(expiresAt);
            builder.addLineItem(
                    SessionCreateParams.LineItem.builder()
                            .setPrice(yearly ? priceIdYearly : priceIdMonthly)
                            .setQuantity(1L)
                            .build());
            if (trial) {
                builder.setSubscriptionData(
                        SessionCreateParams.SubscriptionData.builder()
                                .setTrialPeriodDays(14L)
                                .build());
            }
            if (couponId != null) {
                builder.addDiscount(
                        SessionCreateParams.Discount.builder().setCoupon(couponId).build());
            }
            Session session = Session.create(builder.build());
            return session.getUrl();
        }
    }
"""


def test_a_builder_changed_under_an_if_shows_the_condition_and_the_value() -> None:
    # regression (a Spring service): the run-time value's source was the whole `if (...) {...}`
    # block, quoted as is in the output and in findings
    site = one(SPRING_SERVICE)
    shown = dict(dynamic(site))
    assert shown["subscription_data.trial_period_days"] == "trial ? 14 : null"
    assert shown["discounts[0]"] == 'couponId != null ? Map.of("coupon", couponId) : null'
    assert site.params["subscription_data"] == {
        "trial_period_days": choice("trial ? 14 : null", "trial", 14, None)
    }
    assert not any("if (" in d.source for d in site.dynamic)


def test_only_the_wrappers_parameters_are_set_by_the_caller() -> None:
    # regression: L113 said "Set by the caller of createCheckoutSession" of priceIdYearly, a
    # field of the class (the caller only chooses between the two prices)
    site = one(SPRING_SERVICE)
    prices = [f.message for f in site.findings if f.code == "L113"]
    assert len(prices) == 2 and all("(priceId" in m for m in prices)
    assert not any("Set by the caller" in m for m in prices)
    (expires,) = [f for f in site.findings if f.path == "expires_at"]
    assert "(expiresAt)" in expires.message
    assert expires.message.endswith("Set by the caller of createCheckoutSession.")


def test_static_final_fields_of_another_file_of_the_tree_are_their_values(tmp_path: Path) -> None:
    # regression: a constants class in its own file left the key and the URL to run time
    (tmp_path / "StripeKeys.java").write_text(
        "package shop;\n\n"
        "public final class StripeKeys {\n"
        '    public static final String USER_ID = "userId";\n'
        '    public static final String OK_URL = "https://example.com/ok";\n'
        "}\n",
        encoding="utf-8",
    )
    (tmp_path / "Shop.java").write_text(
        HEAD
        + textwrap.dedent(
            """
            class Shop {
                Session buy(String userId) throws Exception {
                    return Session.create(SessionCreateParams.builder()
                        .setMode(SessionCreateParams.Mode.PAYMENT)
                        .setSuccessUrl(StripeKeys.OK_URL)
                        .putMetadata(StripeKeys.USER_ID, userId)
                        .addLineItem(LineItem.builder().setPrice("price_1").setQuantity(1L).build())
                        .build());
                }
            }
            """
        ),
        encoding="utf-8",
    )
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert site.params["success_url"] == "https://example.com/ok"
    assert site.params["metadata"] == {"userId": dyn("userId")}
