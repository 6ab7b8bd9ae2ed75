"""The run-time value forms (``migrate/mapping/expr.py``) and the scanner's markers for them
(``with_exprs``): choices, lists mapped from a collection, fields of run-time elements."""

from __future__ import annotations

from typing import Any

from migrate.mapping.expr import (
    Expr,
    distribute,
    exprs_in,
    json_view,
    keep,
    lift,
    map_leaves,
    put,
    rebuilt,
)
from migrate.scan.extract import (
    choice_marker,
    dynamic_marker,
    each_marker,
    is_dynamic,
    with_exprs,
    without_dynamic,
)

D = dynamic_marker


def test_a_choice_marker_becomes_a_choice_with_nested_branches() -> None:
    inner = choice_marker("b ? 'x' : other", "b", "x", D("other"))
    marker = choice_marker("a ? (b ? 'x' : other) : 'y'", "a", inner, "y")
    got = with_exprs({"price": marker}, "line_items[0]")["price"]
    assert got == Expr.choice(
        "a ? (b ? 'x' : other) : 'y'",
        "line_items[0].price",
        "a",
        Expr.choice(
            "b ? 'x' : other", "line_items[0].price", "b", "x", Expr("other", "line_items[0].price")
        ),
        "y",
    )
    assert got.leaves() == ["x", Expr("other", "line_items[0].price"), "y"]


def test_an_each_marker_becomes_an_each_whose_item_is_at_the_element_path() -> None:
    marker = each_marker("xs.map(...)", "xs", "x", {"price": D("x.id"), "quantity": 1})
    got = with_exprs({"line_items": marker})["line_items"]
    assert (got.form, got.over, got.var, got.type) == ("each", "xs", "x", "list")
    assert got.item == {"price": Expr("x.id", "line_items[].price"), "quantity": 1}


def test_a_malformed_marker_is_an_opaque_value() -> None:
    broken = {"$dynamic": "whole", "$choice": {"if": "c", "then": 1}}  # no else
    assert with_exprs({"a": broken})["a"] == Expr("whole", "a")
    assert with_exprs({"a": {"$dynamic": "w", "$each": {"over": 3, "as": "x", "item": 1}}})[
        "a"
    ] == Expr("w", "a")


def test_markers_are_recognised_by_their_first_key() -> None:
    assert is_dynamic(choice_marker("s", "c", 1, 2)) and is_dynamic(D("x"))
    assert not is_dynamic({"metadata": 1, "$dynamic": "x"}) and not is_dynamic({})
    assert without_dynamic({"a": each_marker("s", "o", "v", {}), "b": 1}) == {"b": 1}


def test_ops_and_types_reach_the_expression_branches_not_the_literals() -> None:
    choice = Expr.choice("s", "p", "c", Expr("x", "p"), "price_1")
    got = choice.with_op("product_id").typed("str")
    assert got.op == "product_id" and got.then == Expr("x", "p", "product_id", "str")
    assert got.else_ == "price_1"  # a literal is mapped by the translator, not by the op
    mapped = map_leaves(got, lambda leaf: "pdt_1" if leaf == "price_1" else leaf)
    assert mapped.else_ == "pdt_1" and mapped.op == "product_id"
    rebuilt_ = rebuilt(mapped, lambda leaf: {"product_id": leaf})
    assert rebuilt_.op == "" and rebuilt_.type is None and rebuilt_.else_ == {"product_id": "pdt_1"}


def test_the_json_view_of_every_form() -> None:
    choice = Expr.choice("s", "p", "c", Expr("x", "p", "upper"), "EUR").with_op("upper")
    each = Expr.each("xs.map(f)", "line_items", "xs", "x", {"q": Expr("x.q", "q", type="int")})
    field = Expr.field_of("item", "quantity", "line_items[].quantity", default=1)
    assert json_view({"c": choice, "e": each, "f": field, "m": Expr.absent("amount", "int")}) == {
        "c": {
            "$dynamic": "s",
            "then": "upper",
            "$choice": {"if": "c", "then": {"$dynamic": "x", "then": "upper"}, "else": "EUR"},
        },
        "e": {
            "$dynamic": "xs.map(f)",
            "$each": {"over": "xs", "as": "x", "item": {"q": {"$dynamic": "x.q"}}},
        },
        "f": {"$field": "quantity", "of": "item", "default": 1},
        "m": {"$missing": "amount"},
    }


def test_exprs_in_opens_choices_and_items_without_recursion() -> None:
    inner = Expr("deep", "x")
    node: Any = inner
    for i in range(5000):  # a hostile depth of nested choices
        node = Expr.choice(f"c{i}", "x", f"c{i}", node, None)
    each = Expr.each("s", "l", "xs", "x", {"a": node})
    found = list(exprs_in({"cart": [each]}))
    assert found[0] is each and found[-1] == inner and len(found) == 5002


def test_keep_reports_what_it_leaves_out() -> None:
    dropped: list[Expr] = []
    doc = {"a": Expr("x", "a"), "b": [Expr("y", "b[0]"), 1], "c": {"d": Expr("z", "c.d")}}
    kept = keep(doc, lambda path: path == "c.d", dropped=dropped)
    assert kept == {"b": [1], "c": {"d": Expr("z", "c.d")}}
    assert dropped == [Expr("x", "a"), Expr("y", "b[0]")]


def test_lift_and_put_keep_list_elements_in_place() -> None:
    doc = {"line_items": [Expr("line", "l[0]"), {"price": Expr("p", "l[1].price")}, {"q": 1}]}
    literal, lifted = lift(doc)
    assert literal == {"line_items": [{}, {"q": 1}]}
    assert put(literal, lifted) == doc


def test_distribute_turns_a_choice_of_same_shaped_values_into_choices_inside() -> None:
    a = [{"price": "p_a", "quantity": 1}]
    b = [{"price": "p_b", "quantity": 1}]
    got = distribute({"line_items": Expr.choice("s", "line_items", "c", a, b)})
    assert got == {
        "line_items": [
            {"price": Expr.choice("s", "line_items[0].price", "c", "p_a", "p_b"), "quantity": 1}
        ]
    }
    odd = Expr.choice("s", "l", "c", a, [*b, *b])  # different lengths: kept as it is
    assert distribute(odd) == odd


def test_distribute_reads_a_dict_with_keys_added_in_one_branch_key_by_key() -> None:
    """leaky-paywall: the line's inline price sets `tax_behavior` only where tax is on; the
    two lines were one whole run-time object (RT002 at price_data, RT007: the cart lost)."""
    taxed = {"currency": "usd", "unit_amount": 500, "tax_behavior": "exclusive"}
    plain = {"currency": "usd", "unit_amount": 500}
    got = distribute({"price_data": Expr.choice("s", "price_data", "tax", taxed, plain)})
    assert got == {
        "price_data": {
            "currency": "usd",
            "unit_amount": 500,
            "tax_behavior": Expr.choice("s", "price_data.tax_behavior", "tax", "exclusive", None),
        }
    }
    # a branch selling another kind of line (a price, not an inline one) stays a choice
    other = Expr.choice("s", "l", "c", {"price": "p_a", "quantity": 1}, {"quantity": 1})
    assert distribute(other) == other
    apart = Expr.choice("s", "l", "c", {"a": 1, "b": 2}, {"a": 1, "c": 3})  # neither adds
    assert distribute(apart) == apart


def test_distribute_reads_a_list_added_to_under_a_condition_as_an_optional_element() -> None:
    """`if (c) lines.push(x)`: a choice between the list with ``x`` at its end and the list
    alone is the list with ``x`` present only when ``c`` holds (an element that is a choice
    with nothing), whichever branch is the longer."""
    base = [{"price": "p_a", "quantity": 1}]
    extra = {"price": "p_gift", "quantity": 1}
    got = distribute({"line_items": Expr.choice("lines", "line_items", "c", [*base, extra], base)})
    assert got == {"line_items": [*base, Expr.choice("lines", "line_items[1]", "c", extra, None)]}
    flipped = distribute(Expr.choice("lines", "line_items", "c", base, [*base, extra]))
    assert flipped == [*base, Expr.choice("lines", "line_items[1]", "c", None, extra)]
