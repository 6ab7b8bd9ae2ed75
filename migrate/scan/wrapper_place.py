"""Where a wrapper is: its function's name, owner and parameters, its file and line, its module
and namespace, and the interfaces its class implements (what a call of it elsewhere is bound
by)."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.classes import enclosing_class, go_interfaces, interfaces
from migrate.scan.kotlin_extensions import jvm_names
from migrate.scan.symbols import Function, context, module_key, ruby_modules
from migrate.scan.wrapper_index import CSHARP_INTERFACE


def placed(
    function: Function, node: SgNode, family: str, path: str, *, called: bool = True
) -> dict[str, Any]:
    """What a wrapper is, where: the function's name, owner and parameters, the file, the line
    of its Stripe call (``node``), its module, namespace and the interfaces of its class (not
    for one no call can reach: ``called`` False)."""
    place = {
        "name": function.name,
        "owner": function.owner,
        "static": function.static,
        "family": family,
        "file": path,
        "line": node.range().start.line + 1,
        "module": module_key(path),
        "params": function.params,
    }
    if not called:
        return {**place, "namespace": ""}
    ctx = context(node.get_root().root(), family, path)
    cls = enclosing_class(function.node, family) if function.owner else None
    implemented = [i.rsplit(".", 1)[-1] for i in interfaces(cls, family)] if cls else []
    if family == "go" and function.owner and not function.static:
        root = node.get_root().root()
        implemented = go_interfaces(root.text(), function.name)  # the file's; count_go: more
    return {
        **place,
        "namespace": _namespace(function, ctx.namespace, family),
        **jvm_names(function.node, family, function.owner, path),
        "interfaces": tuple(
            i for i in implemented if family != "csharp" or CSHARP_INTERFACE.match(i)
        ),
        "spaces": ctx.uses if family == "csharp" else (),
    }


def _namespace(function: Function, namespace: str, family: str) -> str:
    """Where a wrapper's owner lives: the file's namespace, or (Ruby) the modules around its
    class (``Billing`` for ``Billing::Checkout``)."""
    if family != "ruby" or not function.owner:
        return namespace
    around = ruby_modules(function.node).split(".")
    if around and around[-1] == function.owner:
        around = around[:-1]
    return ".".join(n for n in around if n)
