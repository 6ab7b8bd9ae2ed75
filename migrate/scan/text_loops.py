"""The names a loop over a request's form or query binds to its values: text, whatever they
spell (``for name, qty in request.form.items()``, ``Object.entries(req.query).map(([name,
qty]) => ...)``, ``for (const [id, qty] of formData.entries())``), or a Ruby block's element
of a request's parameters (``params[:cart].map { |product| ... product[:quantity] }``: each
value of the element is text, a field of it is named ``product[``).

Stripe's SDKs send their params form-encoded, so a quantity read as text from a form was a
number to Stripe ("2"). Dodo's body is JSON and its SDKs type ``quantity`` as a number: the
suggested call makes such a name a number again (``int(qty)``, ``Number(qty)``;
:meth:`migrate.scan.suggest_values.Code.op`). Python, JavaScript/TypeScript and Ruby loops are
read: in the typed languages the Stripe call already took a number.
"""

from __future__ import annotations

import re
from typing import Final

_PY_FORM: Final = r"request\.(?:form|args|values|POST|GET|query_params|query)"
"""A Flask, Django or Starlette request's form or query mapping (text values)."""
_PY_PAIRS: Final = re.compile(
    rf"for\s+\(?\s*(?P<key>\w+)\s*,\s*(?P<value>\w+)\s*\)?\s+in\s+{_PY_FORM}\.items\(\s*\)"
)
"""``for k, v in request.form.items()`` (written as the collection's own comprehension, or
read from one by the translation)."""
_PY_VALUES: Final = re.compile(rf"(?:for\s+(?P<value>\w+)\s+in\s+)?{_PY_FORM}\.values\(\s*\)")

_JS_FORM: Final = (
    r"(?:(?:req|request|ctx|event|c)\.(?:query|params|body)"
    r"|[\w$.]*(?:[fF]orm(?:[dD]ata)?|[sS]earchParams)|new\s+(?:URLSearchParams|FormData)\([^()]*\))"
)
"""A request's query, route params or (form) body, a ``FormData`` or ``URLSearchParams``."""


def _js_iterated(method: str) -> re.Pattern[str]:
    """``Object.<method>(req.query)``, ``form.<method>()``, ``Array.from(formData.<method>())``:
    a request's text iterated by ``entries`` (pairs) or ``values``."""
    return re.compile(
        rf"^\(*\s*(?:Object\.{method}\(\s*{_JS_FORM}(?:\s+as\s+[^()]+)?\s*\)"
        rf"|(?:Array\.from\(\s*|\[\s*\.\.\.\s*)?{_JS_FORM}\.{method}\(\s*\)\s*[)\]]?)\s*\)*$"
    )


_JS_PAIRS: Final = _js_iterated("entries")
_JS_VALUES: Final = _js_iterated("values")
_JS_PAIR_VAR: Final = re.compile(r"^\(?\s*\[\s*(?P<key>[\w$]*)\s*,\s*(?P<value>[\w$]+)\s*\]")


_RUBY_PARAMS: Final = re.compile(
    r"^\(*\s*(?:request\.)?params\s*(?:\[|\.(?:dig|fetch|require|permit)\b)"
)
"""A Rails or Sinatra request's parameters (text values, in a form's request)."""


def text_names(family: str, over: str, var: str) -> frozenset[str]:
    """The names of ``var`` (a loop's variables, as the translation writes them) that hold a
    request's text values when the loop goes over ``over``."""
    over, var = " ".join(over.split()), var.strip()
    if family == "python":
        names = {n.strip() for n in var.strip("()").split(",")}
        for m in _PY_PAIRS.finditer(over):
            if {m["key"], m["value"]} == names:
                return frozenset({m["value"]})
        for m in _PY_VALUES.finditer(over):
            if m["value"] in names or (m["value"] is None and names == {var.strip("()")}):
                return frozenset({m["value"] or var.strip("()")})
        return frozenset()
    if family == "ruby":
        name = var.strip("|() ")
        if name.isidentifier() and _RUBY_PARAMS.match(over):
            return frozenset({f"{name}["})  # an element: each of its fields is text
        return frozenset()
    if family == "node":
        pair = _JS_PAIR_VAR.match(var)
        if pair is not None and _JS_PAIRS.match(over):
            return frozenset({pair["value"]})
        name = var.strip("()").split(":")[0].strip()
        if name.isidentifier() and _JS_VALUES.match(over):
            return frozenset({name})
    return frozenset()


NUMBER_OF_TEXT: Final = {"python": "int({})", "node": "Number({})", "ruby": "Integer({}.to_s, 10)"}
"""Per family, the number a text value spells (a request's quantity "2" as 2)."""


_FIELD: Final = re.compile(r"(?P<var>\w+\[)\s*(?::\w+|\"\w+\"|'\w+')\s*\]")


def is_text(code: str, names: frozenset[str]) -> bool:
    """Whether ``code`` is one of ``names`` (a loop's text values), or a field of an element
    of text values (``product[:quantity]`` for the name ``product[``)."""
    stripped = code.strip()
    if stripped in names:
        return True
    field = _FIELD.fullmatch(stripped)
    return field is not None and field["var"] in names


def number_of_text(family: str, code: str) -> str:
    """``code`` (text holding a whole number) as that number in ``family``'s code."""
    return NUMBER_OF_TEXT[family].format(code.strip())
