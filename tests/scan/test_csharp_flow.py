"""C#: options objects followed the way a reader does: built over statements under branches and
loops, ternaries and ``??``, ``Select`` projections, helper methods, configuration, mocks."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source

HEAD = """\
using Stripe;
using Stripe.Checkout;

"""


def creates(body: str) -> list[CallSite]:
    code = HEAD + textwrap.dedent(body)
    return [s for s in scan_source(code, "X.cs", BY_NAME["csharp"]) if s.kind == "create"]


def one(body: str) -> CallSite:
    (site,) = creates(body)
    return site


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def paths(site: CallSite) -> list[str]:
    return [d.path for d in site.dynamic]


def test_select_projection_is_an_each() -> None:
    site = one(
        """
        public class CheckoutController : Controller
        {
            [HttpPost]
            public IActionResult Create([FromBody] List<CartLine> lines)
            {
                var options = new SessionCreateOptions
                {
                    Mode = "payment",
                    LineItems = lines.Select(line => new SessionLineItemOptions
                    {
                        Price = line.PriceId,
                        Quantity = line.Quantity,
                    }).ToList(),
                };
                var session = new SessionService().Create(options);
                return Ok(session.Url);
            }
        }
        """
    )
    items = site.params["line_items"]
    assert items["$each"] == {
        "over": "lines",
        "as": "line",
        "item": {"price": dyn("line.PriceId"), "quantity": dyn("line.Quantity")},
    }
    assert items["$dynamic"].endswith("}).ToList()")
    assert paths(site) == ["line_items"]


def test_foreach_add_to_a_local_list_and_conditional_adds() -> None:
    site = one(
        """
        public class Checkout
        {
            public async Task<string> Start(Order order)
            {
                var items = new List<SessionLineItemOptions>();
                foreach (OrderLine line in order.Lines)
                {
                    string name = line.Name ?? "Item";
                    items.Add(new SessionLineItemOptions
                    {
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "eur",
                            UnitAmount = line.Cents,
                            ProductData = new SessionLineItemPriceDataProductDataOptions
                            {
                                Name = name,
                            },
                        },
                        Quantity = line.Quantity,
                    });
                }
                if (order.Express)
                    items.Add(new SessionLineItemOptions { Price = "price_express", Quantity = 1 });
                var options = new SessionCreateOptions { Mode = "payment", LineItems = items };
                var session = await new SessionService().CreateAsync(options);
                return session.Url;
            }
        }
        """
    )
    loop, express = site.params["line_items"]
    assert loop["$each"] == {
        "over": "order.Lines",
        "as": "line",
        "item": {
            "price_data": {
                "currency": "eur",
                "unit_amount": dyn("line.Cents"),
                "product_data": {
                    "name": choice(
                        'line.Name ?? "Item"', "line.Name is set", dyn("line.Name"), "Item"
                    )
                },
            },
            "quantity": dyn("line.Quantity"),
        },
    }
    assert express["$choice"] == {
        "if": "order.Express",
        "then": {"price": "price_express", "quantity": 1},
        "else": None,
    }
    assert paths(site) == ["line_items[0]", "line_items[1]"]


def test_options_set_over_statements_under_branches() -> None:
    site = one(
        """
        public class Checkout
        {
            private readonly IConfiguration _config;

            public Session Start(User user, bool yearly)
            {
                var options = new SessionCreateOptions
                {
                    Mode = "subscription",
                    SuccessUrl = _config["App:BaseUrl"] + "/done",
                };
                options.LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions
                    {
                        Price = yearly ? _config["Stripe:YearlyPrice"] : "price_monthly",
                        Quantity = 1,
                    },
                };
                if (user.StripeCustomerId != null)
                {
                    options.Customer = user.StripeCustomerId;
                }
                else
                {
                    options.CustomerEmail = user.Email;
                }
                options.Metadata = new Dictionary<string, string> { { "user", user.Id } };
                return new SessionService().Create(options);
            }
        }
        """
    )
    whole = 'yearly ? _config["Stripe:YearlyPrice"] : "price_monthly"'
    statement = "user.StripeCustomerId != null ? null : user.Email"  # the choice, not the if
    assert site.params == {
        "mode": "subscription",
        "success_url": dyn('_config["App:BaseUrl"] + "/done"'),
        "line_items": [
            {
                "price": choice(
                    whole, "yearly", dyn('_config["Stripe:YearlyPrice"]'), "price_monthly"
                ),
                "quantity": 1,
            }
        ],
        # set only when the id is set: the same as setting it (a null param is left out)
        "customer": dyn("user.StripeCustomerId"),
        "customer_email": choice(
            statement, "user.StripeCustomerId != null", None, dyn("user.Email")
        ),
        "metadata": {"user": dyn("user.Id")},
    }


def test_a_variable_assigned_in_both_branches_is_a_choice() -> None:
    site = one(
        """
        public class Checkout
        {
            public Session Start(bool live)
            {
                string price;
                if (live) price = "price_live";
                else price = "price_test";
                var options = new SessionCreateOptions
                {
                    LineItems = new List<SessionLineItemOptions> { new() { Price = price } },
                };
                return new SessionService().Create(options);
            }
        }
        """
    )
    assert site.params["line_items"] == [
        {"price": choice("price", "live", "price_live", "price_test")}
    ]


def test_options_bound_in_both_branches_keep_the_changes_made_after_them() -> None:
    """Options bound in both branches, then a property set on them: the property is carried
    (it was dropped with no finding at all)."""
    site = one(
        """
        public class Checkout
        {
            public Session Start(string planId, string email)
            {
                SessionCreateOptions options;
                if (planId == null)
                {
                    options = new SessionCreateOptions { Mode = "payment" };
                }
                else
                {
                    options = new SessionCreateOptions { Mode = "subscription" };
                }
                if (email != null)
                {
                    options.CustomerEmail = email;
                }
                return new SessionService().Create(options);
            }
        }
        """
    )
    assert site.params == {
        "mode": choice("options", "planId == null", "payment", "subscription"),
        "customer_email": dyn("email"),  # set only when it is set: setting it
    }
    assert paths(site) == ["customer_email", "mode"]


def test_helper_methods_return_options_and_line_items() -> None:
    site = one(
        """
        public class Checkout
        {
            public Session Start(Order order) =>
                new SessionService().Create(
                    BuildOptions(order, Environment.GetEnvironmentVariable("DOMAIN")));

            private SessionCreateOptions BuildOptions(Order o, string domain)
            {
                var options = new SessionCreateOptions
                {
                    SuccessUrl = domain + "/orders/" + o.Id,
                    ClientReferenceId = o.Id,
                };
                options.LineItems = Lines(o.Items);
                return options;
            }

            private static List<SessionLineItemOptions> Lines(IEnumerable<Item> items) =>
                items.Select(i => new SessionLineItemOptions { Price = i.Price, Quantity = i.Qty })
                    .ToList();
        }
        """
    )
    assert site.params["success_url"] == dyn(
        'Environment.GetEnvironmentVariable("DOMAIN") + "/orders/" + order.Id'
    )
    assert site.params["client_reference_id"] == dyn("order.Id")
    each = site.params["line_items"]["$each"]
    assert each == {
        "over": "order.Items",
        "as": "i",
        "item": {"price": dyn("i.Price"), "quantity": dyn("i.Qty")},
    }


def test_mocks_are_not_creations() -> None:
    assert (
        creates(
            """
            public class CheckoutTests
            {
                private readonly Mock<SessionService> _mock = new();
                private readonly SessionService _sub = Substitute.For<SessionService>();

                public void Stubs()
                {
                    _mock.Setup(s => s.Create(It.IsAny<SessionCreateOptions>(), null))
                        .Returns(session);
                    _mock.Verify(s => s.CreateAsync(It.IsAny<SessionCreateOptions>(), null));
                    _sub.Create(Arg.Any<SessionCreateOptions>()).Returns(session);
                    _sub.Received().Create(options);
                }
            }
            """
        )
        == []
    )


def test_an_add_in_an_else_if_and_a_null_branch_are_plain_json() -> None:
    # regression: an element added in an else branch was put in the then branch, and a
    # ternary's null branch leaked an internal marker that JSON output could not write
    site = one(
        """
        public class Checkout
        {
            public async Task<Session> Start(Order order)
            {
                var discounts = new List<SessionDiscountOptions>();
                if (order.Coupon == null)
                    return null;
                else if (order.Coupon.Length > 0)
                    discounts.Add(new SessionDiscountOptions { Coupon = order.Coupon });
                var options = new SessionCreateOptions
                {
                    Discounts = discounts.Any() ? discounts : null,
                };
                return await new SessionService().CreateAsync(options);
            }
        }
        """
    )
    json.dumps(site.as_dict())
    (added,) = site.params["discounts"]  # discounts.Any() ? discounts : null is the list
    # `if (order.Coupon == null) return null;`: past it, the coupon is there (no choice)
    inner = added["$choice"]
    assert inner == {
        "if": "order.Coupon.Length > 0",
        "then": {"coupon": dyn("order.Coupon")},
        "else": None,
    }


CONSTANTS = """
    public static class StripeConstants
    {
        public static class CheckoutSession
        {
            public static class Modes
            {
                public const string Subscription = "subscription";
            }
        }

        public static class MetadataKeys
        {
            public const string UserId = "userId";
            public static readonly string Origin = "origin";
        }

        public static string Mutable = "price_changes_at_run_time";
    }
"""


def test_constants_of_the_files_classes_are_their_values() -> None:
    # regression (bitwarden/server): `Mode = StripeConstants.CheckoutSession.Modes.Subscription`
    # was a mode chosen at run time (RT005), and a constant key dropped its metadata entry
    site = one(
        CONSTANTS
        + """
        public class PremiumCheckout
        {
            public async Task<string> Run(User user, string platform)
            {
                var options = new SessionCreateOptions
                {
                    Mode = StripeConstants.CheckoutSession.Modes.Subscription,
                    LineItems = [new SessionLineItemOptions { Price = "price_pro", Quantity = 1 }],
                    SuccessUrl = "https://vault.example.com/ok",
                    Metadata = new Dictionary<string, string>
                    {
                        [StripeConstants.MetadataKeys.UserId] = user.Id.ToString(),
                        [MetadataKeys.Origin] = "web",
                        ["platform"] = platform,
                    },
                    SubscriptionData = new SessionSubscriptionDataOptions
                    {
                        Metadata = new Dictionary<string, string>
                        {
                            { StripeConstants.MetadataKeys.UserId, user.Id.ToString() },
                        },
                    },
                };
                options.Metadata.Add(MetadataKeys.Origin + "_2", "x");
                var session = await new SessionService().CreateAsync(options);
                return session.Url;
            }
        }
        """
    )
    assert site.params["mode"] == "subscription"
    assert site.params["metadata"] == {
        "userId": dyn("user.Id.ToString()"),
        "origin": "web",
        "platform": dyn("platform"),
    }
    assert site.params["subscription_data"]["metadata"] == {"userId": dyn("user.Id.ToString()")}
    t = site.translation
    assert t is not None and t.dodo is not None
    assert set(t.dodo["metadata"]) == {"userId", "origin", "platform"}
    assert "RT005" not in [f.code for f in site.findings]


def test_a_field_that_can_change_stays_a_run_time_value() -> None:
    site = one(
        CONSTANTS
        + """
        public class Checkout
        {
            public Session Start()
            {
                var options = new SessionCreateOptions
                {
                    Mode = "payment",
                    LineItems = new List<SessionLineItemOptions>
                    {
                        new SessionLineItemOptions { Price = StripeConstants.Mutable },
                    },
                };
                return new SessionService().Create(options);
            }
        }
        """
    )
    assert site.params["line_items"] == [{"price": dyn("StripeConstants.Mutable")}]


def test_constants_of_another_file_of_the_tree_are_their_values(tmp_path: Path) -> None:
    # regression (bitwarden/server): StripeConstants lives in its own file; the checkout
    # command's mode was chosen at run time (RT005) and its metadata a run-time object
    (tmp_path / "StripeConstants.cs").write_text(
        textwrap.dedent(
            """
            namespace Bit.Core.Billing.Constants;

            public static class StripeConstants
            {
                public static class CheckoutSession
                {
                    public static class Modes
                    {
                        public const string Subscription = "subscription";
                    }
                }

                public static class MetadataKeys
                {
                    public const string UserId = "userId";
                    public static readonly string Origin = "origin";
                }
            }
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "Checkout.cs").write_text(
        HEAD
        + textwrap.dedent(
            """
            using Bit.Core.Billing.Constants;

            public class PremiumCheckout
            {
                public async Task<string> Run(User user)
                {
                    var options = new SessionCreateOptions
                    {
                        Mode = StripeConstants.CheckoutSession.Modes.Subscription,
                        LineItems = [new SessionLineItemOptions { Price = "price_pro" }],
                        Metadata = new Dictionary<string, string>
                        {
                            [StripeConstants.MetadataKeys.UserId] = user.Id.ToString(),
                            [StripeConstants.MetadataKeys.Origin] = "web",
                        },
                    };
                    var session = await new SessionService().CreateAsync(options);
                    return session.Url;
                }
            }
            """
        ),
        encoding="utf-8",
    )
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert site.params["mode"] == "subscription"
    assert site.params["metadata"] == {"userId": dyn("user.Id.ToString()"), "origin": "web"}
    assert "RT005" not in [f.code for f in site.findings]
    # scanned alone, the file does not know them: run-time values, never a guess
    alone = creates((tmp_path / "Checkout.cs").read_text(encoding="utf-8").removeprefix(HEAD))
    assert alone[0].params["mode"] == dyn("StripeConstants.CheckoutSession.Modes.Subscription")


def test_a_dictionary_given_an_entry_with_a_run_time_key_is_listed() -> None:
    # regression: `meta[key] = value` on the dictionary itself crashed the scan (a TypeError
    # building its path; umbraco's provider)
    site = one(
        """
        public class Checkout
        {
            public Session Start(string key, string value)
            {
                var meta = new Dictionary<string, string> { ["plain"] = "v" };
                meta[key] = value;
                var options = new SessionCreateOptions
                {
                    Mode = "payment",
                    LineItems = [new SessionLineItemOptions { Price = "price_x", Quantity = 1 }],
                    Metadata = meta,
                };
                return new SessionService().Create(options);
            }
        }
        """
    )
    assert site.params["metadata"] == {"plain": "v"}
    assert [(d.path, d.source) for d in site.dynamic] == [("metadata", "meta[key] = value")]
    assert [(f.code, f.path) for f in site.findings if f.code == "RT012"] == [("RT012", "metadata")]


def test_an_element_of_a_list_changed_by_its_index_keeps_the_change() -> None:
    # regression: `items[0].Quantity = 2` was not followed (an int index read as no key): the
    # cart charged one
    site = one(
        """
        public class Checkout
        {
            public Session Start()
            {
                var items = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions { Price = "price_x", Quantity = 1 },
                };
                items[0].Quantity = 2;
                var options = new SessionCreateOptions { Mode = "payment", LineItems = items };
                return new SessionService().Create(options);
            }
        }
        """
    )
    assert site.params["line_items"] == [{"price": "price_x", "quantity": 2}]
    assert site.dynamic == ()


NET_SERVICE = """\
namespace Shop;

public class PayService
{
    public string Start(string domain)
    {
        var options = new SessionCreateOptions
        {
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = "price_basic", Quantity = 2 },
            },
            Mode = "payment",
            SuccessUrl = domain + "/ok",
        };
        return new SessionService().Create(options).Url;
    }
}
"""
NET_PORTAL = """\
namespace Shop;

public class Portal
{
    public string Open(string customer)
    {
        var options = new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer,
            ReturnUrl = "https://example.com",
        };
        return new Stripe.BillingPortal.SessionService().Create(options).Url;
    }
}
"""
NET_PROJECT = '<Project Sdk="Microsoft.NET.Sdk.Web">{items}</Project>\n'


def _net_tree(top: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        (top / name).parent.mkdir(parents=True, exist_ok=True)
        (top / name).write_text(body)
    return top


def _creations(top: Path) -> list[tuple[str, int]]:
    return [(Path(s.file).name, s.line) for s in scan_paths([str(top)]) if s.kind == "create"]


@pytest.mark.parametrize(
    "imports",
    [
        {"GlobalUsings.cs": "global using Stripe;\nglobal using Stripe.Checkout;\n"},
        {
            "Shop.csproj": NET_PROJECT.format(
                items='<ItemGroup><Using Include="Stripe.Checkout" /></ItemGroup>'
            )
        },
        {
            "../Directory.Build.props": NET_PROJECT.format(
                items='<ItemGroup><Using Include="Stripe.Checkout"/></ItemGroup>'
            )
        },
    ],
    ids=["global-using", "project-item", "build-props"],
)
def test_a_project_that_imports_stripe_checkout_once_for_all_files(
    tmp_path: Path, imports: dict[str, str]
) -> None:
    """A .NET project may import Stripe once for all its files (``global using``, a ``<Using>``
    item of its project file or of a ``Directory.Build.props`` above it): its services name
    no Stripe namespace, and their Checkout options are still found; the billing portal's are
    not a creation."""
    files = {"Shop.csproj": NET_PROJECT.format(items=""), **imports}
    top = _net_tree(
        tmp_path / "shop", {"Services/PayService.cs": NET_SERVICE, "Portal.cs": NET_PORTAL, **files}
    )
    assert _creations(top) == [("PayService.cs", 16)]
    (site,) = [s for s in scan_paths([str(top)]) if s.kind == "create"]
    assert site.params["line_items"] == [{"price": "price_basic", "quantity": 2}]
    assert site.params["mode"] == "payment"


def test_a_project_that_does_not_import_stripe_has_no_stripe_net_checkout(tmp_path: Path) -> None:
    """Stripe.net's names alone, in a project that imports no Stripe namespace (its own
    Stripe-shaped classes), or in loose files next to one declaring its own
    ``SessionCreateOptions``, are not Stripe."""
    project = {
        "Shop.csproj": NET_PROJECT.format(
            items='<ItemGroup><Using Include="System.Text" /></ItemGroup>'
        )
    }
    own = {"Options.cs": "namespace Shop;\n\npublic class SessionCreateOptions { }\n"}
    assert _creations(_net_tree(tmp_path / "a", {"PayService.cs": NET_SERVICE, **project})) == []
    assert _creations(_net_tree(tmp_path / "b", {"PayService.cs": NET_SERVICE, **own})) == []


def test_a_loose_file_naming_stripe_net_checkout_is_a_creation(tmp_path: Path) -> None:
    """A C# file with no project above it (a repository of code excerpts: no usings, no
    ``.csproj``) that builds Stripe.net's ``SessionCreateOptions`` for its ``SessionService`` is
    found, as a Ruby file with no Gemfile is."""
    top = _net_tree(tmp_path / "excerpts", {"PayService.cs": NET_SERVICE, "Portal.cs": NET_PORTAL})
    assert _creations(top) == [("PayService.cs", 16)]
    (site,) = [s for s in scan_paths([str(top)]) if s.kind == "create"]
    assert site.params["line_items"] == [{"price": "price_basic", "quantity": 2}]
