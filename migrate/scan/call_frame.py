"""What the function a Stripe call sits in allows the Dodo call that replaces it, so the
suggestion compiles where it is pasted: a Go error is returned the way the function returns
(``return "", err`` in a ``(string, error)`` function; ``return err`` compiled only where the
one result is an ``error``), C# awaits only in an ``async`` function (else it sends
synchronously), Java catches the checked exceptions of ``HttpClient.send`` unless the method
declares them (a lambda never can). A Java, Kotlin, C# or Go function with two Dodo calls (two
creations, a creation and a call of a wrapper) declares the Dodo code's own locals once: the
second call's are numbered (``dodoBody2``, Java's helper class ``DodoJson2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Final

from ast_grep_py import SgNode

_GO_FUNCTIONS: Final = frozenset({"function_declaration", "method_declaration", "func_literal"})
_CS_FUNCTIONS: Final = frozenset(
    {
        "method_declaration",
        "local_function_statement",
        "lambda_expression",
        "anonymous_method_expression",
        "constructor_declaration",
        "accessor_declaration",
    }
)
_JAVA_FUNCTIONS: Final = frozenset(
    {"method_declaration", "constructor_declaration", "lambda_expression", "static_initializer"}
)
_CATCH_ALL: Final = frozenset({"Exception", "Throwable", "java.lang.Exception"})
_NUMBERS: Final = re.compile(
    r"(?:u?int(?:8|16|32|64)?|uintptr|byte|rune|float(?:32|64)|complex(?:64|128))"
)
_NIL: Final = ("*", "[]", "map[", "chan ", "<-chan", "chan<-", "func", "interface", "any", "error")

DEFAULT: Final = "return err"


@dataclass(frozen=True, slots=True)
class CallFrame:
    """What the function around a call allows (the defaults: what a suggestion assumed
    before it read the function)."""

    error_return: str = DEFAULT
    """Go: the statement that hands ``err`` back."""
    awaits: bool = True
    """C#: the function is ``async`` (or top-level code), so it may ``await``."""
    throws: bool = True
    """Java: the method declares ``IOException`` and ``InterruptedException`` (or a supertype)."""
    awaited: bool = False
    """Python: the call is awaited (``await client.checkout.sessions.create_async(...)``), so the
    Dodo call is the async client's."""
    nth: int = 0
    """Java, Kotlin, C#, Go: how many Dodo calls of the same function the scan met before this
    one (:func:`_nth`): the Dodo code's locals the first declares are not declared again."""


ANYWHERE: Final = CallFrame()


def call_frame(node: SgNode, family: str, *, counted: bool = True) -> CallFrame:
    """The frame of the function around ``node`` in a ``family`` file; ``counted``: a Dodo
    call the function's others number their locals after (not a catalog write's, X031, which
    plan/apply make once and the scan may leave unsaid)."""
    nth = _nth(node, _OUTER[family]) if counted and family in _OUTER else 0
    if family == "go":
        return CallFrame(error_return=error_return(node), nth=nth)
    if family == "csharp":
        return CallFrame(awaits=_awaits(node), nth=nth)
    if family == "java":
        return CallFrame(throws=_throws(node), nth=nth)
    if family == "python":
        return CallFrame(awaited=_awaited(node))
    return CallFrame(nth=nth) if nth else ANYWHERE


_OUTER: Final = {
    "go": _GO_FUNCTIONS,
    "csharp": _CS_FUNCTIONS,
    "java": _JAVA_FUNCTIONS,
    "kotlin": frozenset(
        {"function_declaration", "anonymous_function", "secondary_constructor", "getter", "setter"}
    )
    | {"lambda_literal", "anonymous_initializer"},
}
"""The function kinds of the languages whose Dodo code declares typed locals (a second
declaration in one scope does not compile)."""
_MET: list[tuple[Any, dict[int, dict[int, int]]]] = []
"""For the last files' trees: each outermost function's Dodo calls met (the function's start ->
each call's start -> its number)."""


def _nth(node: SgNode, kinds: frozenset[str]) -> int:
    """How many other Dodo calls of the outermost function around ``node`` (of ``kinds``; the
    file's top level outside any) the scan met before this one: a lambda's or a nested
    function's locals may not hide the method's (Java, C#), so the whole function counts.
    Asked again for the same call, the same number."""
    function = -1
    for up in node.ancestors():
        if up.kind() in kinds:
            function = up.range().start.index
    root = node.get_root()
    met = next((m for r, m in _MET if r is root), None)
    if met is None:
        met = {}
        _MET[:] = [(root, met), *_MET[:1]]  # this file's and the one before
    calls = met.setdefault(function, {})
    return calls.setdefault(node.range().start.index, len(calls))


def wrapper_call_frame(call: SgNode, family: str, *, awaited: bool) -> CallFrame:
    """The frame of the Dodo call a call of a wrapper makes: the caller's function's, but
    (Python) ``awaited`` as the wrapper's own Stripe call is, not as the call of the wrapper
    (an ``async def`` around the sync SDK is awaited by its callers)."""
    frame = call_frame(call, family)
    return replace(frame, awaited=awaited) if family == "python" else frame


def _awaited(node: SgNode) -> bool:
    up = node.parent()
    while up is not None and up.kind() == "parenthesized_expression":
        up = up.parent()
    return up is not None and up.kind() == "await"


def _awaits(node: SgNode) -> bool:
    function = next((a for a in node.ancestors() if a.kind() in _CS_FUNCTIONS), None)
    if function is None:
        return True  # top-level statements may await
    if any(c.kind() == "modifier" and c.text() == "async" for c in function.children()):
        return True
    # the head after its attributes (`[HttpPost("pay/{id}")]` holds a parenthesis)
    head = "".join(c.text() + " " for c in function.children() if c.kind() != "attribute_list")
    return re.search(r"\basync\b", head.split("(", 1)[0].split("=>", 1)[0]) is not None


def _throws(node: SgNode) -> bool:
    function = next((a for a in node.ancestors() if a.kind() in _JAVA_FUNCTIONS), None)
    if function is None or function.kind() in ("lambda_expression", "static_initializer"):
        return False
    clause = next((c for c in function.children() if c.kind() == "throws"), None)
    if clause is None:
        return False
    names = {c.text() for c in clause.named_children()}
    if names & _CATCH_ALL:
        return True
    io = names & {"IOException", "java.io.IOException"}
    stop = names & {"InterruptedException", "java.lang.InterruptedException"}
    return bool(io and stop)


def error_return(node: SgNode) -> str:
    """The statement that hands ``err`` back from the function around ``node``: the zero value
    of each other result and ``err`` when the last result is an ``error``; else (no results, or
    no error among them) a panic the reader replaces with the function's own handling."""
    function = next((a for a in node.ancestors() if a.kind() in _GO_FUNCTIONS), None)
    if function is None:
        return DEFAULT
    types = _result_types(function.field("result"))
    if types and types[-1] == "error":
        return "return " + ", ".join([*(_zero(t) for t in types[:-1]), "err"])
    handled = _handler_error(function) if not types else None
    if handled is not None:
        return handled
    name = function.field("name")
    owner = f"{name.text()} " if name is not None else "this function "
    return f"panic(err) // {owner}returns no error: handle err as it does"


_WRITER: Final = re.compile(r"(?<![\w.])(?P<name>[A-Za-z_]\w*)\s+http\.ResponseWriter\b")
_GIN: Final = re.compile(r"(?<![\w.])(?P<name>[A-Za-z_]\w*)\s+\*gin\.Context\b")


def _handler_error(function: SgNode) -> str | None:
    """An HTTP handler's own way out on an error (it returns nothing): ``http.Error`` on its
    ``http.ResponseWriter``, gin's ``c.JSON`` with status 500; None for any other function."""
    params = function.field("parameters")
    text = params.text() if params is not None else ""
    writer = _WRITER.search(text)
    if writer is not None:
        return f"http.Error({writer['name']}, err.Error(), http.StatusInternalServerError); return"
    gin = _GIN.search(text)
    if gin is not None:
        return f'{gin["name"]}.JSON(500, gin.H{{"error": err.Error()}}); return'
    return None


def _result_types(result: SgNode | None) -> list[str]:
    """One type per result: ``(a, b string, err error)`` is string, string, error."""
    if result is None:
        return []
    if result.kind() != "parameter_list":
        return [result.text()]
    types: list[str] = []
    for declaration in result.named_children():
        if declaration.kind() not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        kind = declaration.field("type")
        if kind is None:
            continue
        names = [c for c in declaration.named_children() if c.kind() == "identifier"]
        types.extend([kind.text()] * max(1, len(names)))
    return types


def _zero(kind: str) -> str:
    """The zero value of a Go type, as an expression."""
    if kind == "string":
        return '""'
    if kind == "bool":
        return "false"
    if _NUMBERS.fullmatch(kind):
        return "0"
    if kind.startswith(_NIL):
        return "nil"
    return f"*new({kind})"
