"""``migrate/scan/nodes.py``: the nodes of a kind read from one walk of a file's tree are the
nodes ``find_all`` gives, in the same order, for the whole tree, a subtree and a regex."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.file_scan import parse
from migrate.scan.nodes import first_of_kind, of_kind
from migrate.scan.patterns import BY_NAME
from migrate.scan.wrapper_index import Wrapper, WrapperIndex

PYTHON = """\
import stripe
from billing import plans as p

def buy(price_id, qty=1):
    params = {"mode": "payment", "line_items": [{"price": price_id, "quantity": qty}]}
    params["success_url"] = f"https://x.example/ok?{price_id}"
    def inner(x):
        y = len(x)
        return helper(y, "checkout.session.completed")
    return stripe.checkout.Session.create(**params)

f(1)"""


def _find_all(node: SgNode, kind: str, regex: str | None = None) -> list[SgNode]:
    args: dict[str, Any] = {"kind": kind} if regex is None else {"kind": kind, "regex": regex}
    return node.find_all(**args)


def test_the_kinds_of_a_file_come_from_one_walk_as_find_all_gives_them() -> None:
    root = parse(PYTHON, BY_NAME["python"])
    for kind in ("call", "assignment", "string", "identifier", "function_definition", "call"):
        assert of_kind(root, kind) == _find_all(root, kind), kind
    # a subtree: the nested function's calls only; its own node counts when it is of the kind
    inner = _find_all(root, "function_definition")[1]
    assert inner.text().startswith("def inner")
    assert of_kind(inner, "call") == _find_all(inner, "call")
    assert of_kind(inner, "function_definition") == [inner]
    # a parent with the same range as the node is not under it
    last = _find_all(root, "call")[-1]
    assert last.text() == "f(1)"
    assert last.parent() is not None and last.parent().range() == last.range()  # type: ignore[union-attr]
    assert of_kind(last, "expression_statement") == _find_all(last, "expression_statement") == []
    assert of_kind(last.parent(), "call") == [last]  # type: ignore[arg-type]
    assert first_of_kind(root, "import_from_statement") == root.find(kind="import_from_statement")
    assert first_of_kind(inner, "assignment") == inner.find(kind="assignment")
    assert first_of_kind(inner, "import_statement") is None


def test_a_regex_is_searched_in_the_text_of_each_node_as_ast_grep_does() -> None:
    root = parse(PYTHON, BY_NAME["python"])
    for regex in (r"\b(?:create|len)\b", r"^helper", r"^[\"'`@]*[a-z_]+\.[a-z_.]+[\"'`]$", "zz"):
        for kind in ("call", "string"):
            assert of_kind(root, kind, regex) == _find_all(root, kind, regex), (kind, regex)
    inner = _find_all(root, "function_definition")[1]
    assert inner.text().startswith("def inner")
    assert of_kind(inner, "call", r"^len") == _find_all(inner, "call", r"^len")


def test_a_tree_parsed_elsewhere_is_asked_with_find_all() -> None:
    from ast_grep_py import SgRoot

    mine = parse(PYTHON, BY_NAME["python"])
    other = SgRoot("const a = f(g(1));\n", "javascript").root()
    assert [n.text() for n in of_kind(other, "call_expression")] == ["f(g(1))", "g(1)"]
    assert of_kind(mine, "call") == _find_all(mine, "call")


def _index(names: list[str]) -> WrapperIndex:
    index = WrapperIndex()
    for name in names:
        index.add(
            Wrapper(
                name=name,
                owner="",
                static=False,
                family="python",
                file="w.py",
                line=1,
                module="w",
                namespace="",
                params=(),
                body={},
                dynamic=(),
                uses=(),
                caller_paths=(),
            )
        )
    return index


def test_a_few_wrapper_names_are_found_as_the_words_every_name_is_found_as() -> None:
    # with up to 64 names each is looked for in the text; with more, the text's words are
    # listed: the same names either way, a name inside a longer word or after $ not counted
    names = ["buy", "start_checkout", "pay2", "café"]
    few = _index(names)
    many = _index(names + [f"pad_{i}" for i in range(80)])
    texts = [
        "buy(x)",
        "rebuy(x); buy_now(); $buy(); buy$()",
        "x.start_checkout(1) + pay2 + pay22",
        "café()",
        "cafés() and xcafé",
        "",
        "buy",
    ]
    for text in texts:
        assert few.names_in(text) == many.names_in(text) - {f"pad_{i}" for i in range(80)}, text
    assert few.names_in("rebuy(x); buy_now(); $buy(); buy$()") == set()
    assert few.names_in("x.start_checkout(1) + pay2 + pay22") == {"start_checkout", "pay2"}
    assert few.named_in(b"rebuy") and not few.named_in(b"nothing here")
