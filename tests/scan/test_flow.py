"""migrate/scan/flow.py: what a statement under branches and loops leaves, as markers."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgRoot

from migrate.scan.extract import Dynamic, is_dynamic
from migrate.scan.flow import (
    ABSENT,
    Branch,
    Loop,
    choice_marker,
    combine,
    conditioned,
    each_marker,
    null_guarded,
    settle,
    wrapped,
)

# stand-in nodes: only their text is read
_ROOT = SgRoot("if (a) { x(); } else { y(); }\nfor (i of xs) { z(); }\n", "javascript").root()
IF, FOR = _ROOT.children()[:2]
assert (IF.kind(), FOR.kind()) == ("if_statement", "for_in_statement")


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def test_choice_and_each_markers_are_run_time_values() -> None:
    assert is_dynamic(choice_marker("a ? b : c", "a", "b", ABSENT))
    assert choice_marker("s", "a", ABSENT, 1)["$choice"] == {"if": "a", "then": None, "else": 1}
    assert is_dynamic(each_marker("s", "xs", "x", {"price": dyn("x.p")}))
    assert not is_dynamic({"$choice": {}, "$dynamic": "not first"})


def test_a_value_set_in_both_branches_is_one_choice() -> None:
    then, else_ = Branch(IF, "a", True), Branch(IF, "a", False)
    first = conditioned(ABSENT, "price_a", [then], "p")
    both = conditioned(first, "price_b", [else_], "p")
    assert both == choice_marker("p", "a", "price_a", "price_b")


def test_the_same_value_either_way_is_no_choice() -> None:
    assert conditioned("price_a", "price_a", [Branch(IF, "a")], "p") == "price_a"


def test_setting_a_value_only_when_it_is_set_is_setting_it() -> None:
    assert conditioned(ABSENT, dyn("url"), [Branch(IF, "url != null")], "s") == dyn("url")
    # not when another value is checked, nor when something was set before
    assert conditioned(ABSENT, dyn("url"), [Branch(IF, "ok")], "s")["$choice"]["if"] == "ok"
    assert "$choice" in conditioned("x", dyn("url"), [Branch(IF, "url != null")], "s")
    assert [null_guarded(c) for c in ("a.b != null", "null != a", 'x != ""', "x is not null")] == [
        "a.b",
        "a",
        "x",
        "x",
    ]
    assert null_guarded("order.getCustomerId() != null") == "order.getCustomerId()"
    assert null_guarded("x != null && y") is None
    assert null_guarded("find(x) != null") is None  # a call with arguments may differ


def test_elements_added_under_controls_are_wrapped_inside_out() -> None:
    loop, no = Loop(FOR, "xs", "i"), Branch(IF, "a", False)
    element = wrapped({"price": dyn("i.p")}, [no, loop])
    assert element["$choice"]["if"] == "a" and element["$choice"]["then"] is None
    assert element["$choice"]["else"]["$each"] == {
        "over": "xs",
        "as": "i",
        "item": {"price": dyn("i.p")},
    }
    assert wrapped(1, [Loop(FOR, None)]) == dyn(FOR.text())  # not one per element


def test_combine_keeps_what_was_there_and_wraps_what_is_new() -> None:
    before: dict[str, Any] = {"mode": "payment", "line_items": [{"price": "p1"}]}
    after = {"mode": "payment", "line_items": [{"price": "p1"}, {"price": "p2"}], "x": 1}
    got = combine(before, after, [Branch(IF, "a")])
    assert got["mode"] == "payment"
    assert got["line_items"][0] == {"price": "p1"}
    assert got["line_items"][1]["$choice"]["then"] == {"price": "p2"}
    assert got["x"]["$choice"] == {"if": "a", "then": 1, "else": None}
    # a key removed under a branch (setX(null)) stays, as a choice
    assert combine({"x": 1}, {}, [Branch(IF, "a")])["x"]["$choice"]["then"] is None


def test_settle_lists_each_choice_once_where_it_was_read() -> None:
    each = each_marker("for", "xs", "x", {"price": dyn("x.p")})
    params: dict[str, Any] = {"line_items": [each], "success_url": dyn("u")}
    records = [
        Dynamic("line_items[0].price", "x.p"),
        Dynamic("success_url", "u"),
        Dynamic("line_items[0]", "for"),
    ]
    assert settle(params, records) == [Dynamic("line_items", "for"), Dynamic("success_url", "u")]
    assert params["line_items"] is each  # a list that is one each is that each
