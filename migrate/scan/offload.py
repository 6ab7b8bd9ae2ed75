"""Python calls that run an SDK method with the arguments they are given after it: in a worker
thread (``asyncio.to_thread``, ``run_in_threadpool``, an executor), bound (``functools.partial``),
made awaitable (``sync_to_async``) or through a runner of the project's. Such a call is a call of
the method (``offloaded``); a project wrapper handed over so is a call of it (``handed_over``)."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment


def _text(node: SgNode | None) -> str:
    return node.text() if node is not None else ""


def arguments_of(args: SgNode | None) -> list[SgNode]:
    """The argument expressions of an argument list (PHP's ``argument`` wrappers removed)."""
    if args is None:
        return []
    out = []
    for child in args.named_children():
        if is_comment(child):
            continue
        if child.kind() == "argument":
            inner = [c for c in child.named_children() if not is_comment(c)]
            out.append(inner[-1] if inner else child)
        else:
            out.append(child)
    return out


_OFFLOAD: Final = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?(?:to_thread|run_in_threadpool|run_sync)$")
"""Python's ways of running a blocking function in a worker thread with the arguments given
after it: ``asyncio.to_thread``, Starlette/FastAPI's ``run_in_threadpool``, AnyIO's
``to_thread.run_sync``."""
_SYNC_TO_ASYNC: Final = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?(?:database_)?sync_to_async$")
"""Django's (asgiref's) wrapper of a blocking function into an awaitable one:
``sync_to_async(f)(**kwargs)``."""
_METHOD: Final = re.compile(r"^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*){2,}$")


def offloaded(call: SgNode) -> SgNode | None:
    """The SDK method a Python call runs, passing it the call's other arguments: in a worker
    thread (``await asyncio.to_thread(stripe.checkout.Session.create, **params)``, as async web
    apps call the blocking SDK; ``loop.run_in_executor(None, stripe...create, params)``), bound
    (``functools.partial(stripe.checkout.Session.create, mode=..., ...)``) or through a runner
    of the project's (``await StripeAsync.run_blocking(stripe.checkout.Session.create,
    mode=..., ...)``: the method first, the keyword arguments it is called with after it);
    None for any other call."""
    if call.kind() != "call" or call.field("function") is None:
        return None
    found = offload_at(call, arguments_of(call.field("arguments")))
    return found[0] if found is not None else None


def offload_at(call: SgNode, args: list[SgNode]) -> tuple[SgNode, int] | None:
    """:func:`offloaded`'s method, and its place among the call's arguments."""
    fn = call.field("function") if call.kind() == "call" else None
    if fn is None:
        return None
    callee = "".join(fn.text().split())
    at = 1 if _EXECUTOR.match(callee) else 0
    first = args[at] if len(args) > at else None
    if first is None or first.kind() != "attribute" or not _METHOD.match(first.text()):
        return None
    if _OFFLOAD.match(callee):
        return first, at
    if not _SDK_METHOD.search("".join(first.text().split())):
        return None  # partial(self.handler.run, ...), dict(self.base_params, mode=...): no SDK
    if at or _PARTIAL.match(callee):
        return first, at
    # a runner of the project's: what it is given after the method are the method's keywords
    handed = args[at + 1 :]
    kinds = ("keyword_argument", "dictionary_splat")
    return (first, at) if handed and all(a.kind() in kinds for a in handed) else None


_SDK_METHOD: Final = re.compile(
    r"(?:^|\.)(?:[Ss]tripe|StripeClient)\.(?:\w+\.)*\w+$"
    r"|\.(?:checkout\.[Ss]essions?|payment_?[Ii]ntents|[Pp]aymentIntent|subscriptions|"
    r"[Ss]ubscription|invoices|[Ii]nvoice)\.\w+$"
)
"""A method of the Stripe SDK, as the function handed to a ``partial``, an executor or a runner
of the project's is written (``stripe.checkout.Session.create``, ``self.client.checkout.sessions
.create``): not any method of three names (``dict(self.settings.base_params, mode=...)``)."""
_PARTIAL: Final = re.compile(r"^(?:functools\.)?partial$")
_EXECUTOR: Final = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?run_in_executor$")


def partial_of(call: SgNode) -> str | None:
    """The callee as written of a Python ``functools.partial`` of an SDK method
    (:func:`offloaded`): the call makes a function, not the request; None for any other."""
    fn = call.field("function") if call.kind() == "call" else None
    if fn is None or not _PARTIAL.match("".join(fn.text().split())):
        return None
    return fn.text() if offloaded(call) is not None else None


def handed_over(call: SgNode) -> tuple[SgNode, int] | None:
    """The function a Python call hands over to be called with its other arguments, and how
    many arguments come before them: a worker thread's (``asyncio.to_thread(f, a, k=b)``, 1),
    ``functools.partial(f, a)`` (1), an executor's (``loop.run_in_executor(None, f, a)``, 2);
    None for any other call, or when what is handed over is not a name (``partial(...)`` handed
    to an executor is itself such a call); Django's ``sync_to_async(f)(a, k=b)`` hands ``f``
    the call's own arguments (0)."""
    fn = call.field("function") if call.kind() == "call" else None
    if fn is None:
        return None
    if fn.kind() == "call" and _SYNC_TO_ASYNC.match(_text(fn.field("function"))):
        wrapped = arguments_of(fn.field("arguments"))
        ok = len(wrapped) == 1 and wrapped[0].kind() in ("identifier", "attribute")
        return (wrapped[0], 0) if ok else None
    callee = "".join(fn.text().split())
    if _EXECUTOR.match(callee):
        skip = 2
    elif _OFFLOAD.match(callee) or _PARTIAL.match(callee):
        skip = 1
    else:
        return None
    args = arguments_of(call.field("arguments"))
    if len(args) < skip or args[skip - 1].kind() not in ("identifier", "attribute"):
        return None
    return args[skip - 1], skip


def made_awaitable(call: SgNode) -> SgNode | None:
    """The SDK method of a call of its Django async wrapper (``await sync_to_async(
    stripe.checkout.Session.create)(**params)``): the call's arguments are the method's."""
    fn = call.field("function") if call.kind() == "call" else None
    inner = fn.field("function") if fn is not None and fn.kind() == "call" else None
    if inner is None or _SYNC_TO_ASYNC.match(inner.text()) is None:
        return None
    args = arguments_of(fn.field("arguments"))  # type: ignore[union-attr]
    if len(args) != 1 or args[0].kind() != "attribute" or not _METHOD.match(args[0].text()):
        return None
    return args[0]
