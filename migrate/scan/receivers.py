"""Calls made on another SDK's client: a receiver bound to (or, as a parameter, typed as) a
class imported from a package that is not Stripe's (``polar = PolarAsync(...)``,
``polar: PolarAsync``, ``const polar = new Polar(...)``) is not Stripe, whatever the file
says elsewhere. A receiver whose name says Stripe, one bound to a constructor from the stripe
package (``StripeClient(...)``, ``new Stripe(...)``), and one whose origin cannot be read (an
injected ``stripe`` parameter, a local class) stay Stripe's. Python and JavaScript/TypeScript
(the languages whose extractor names a call's receiver)."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, file_cache
from migrate.scan.follow_base import FollowerBase

_CONSTRUCTOR: Final = re.compile(r"^(?:await\s+)?(?:new\s+)?([A-Za-z_$][\w$.]*)\s*(?:<[^()]*>)?\(")
_TYPE: Final = re.compile(r"^[:\s]*([A-Za-z_$][\w$.]*)")
_PY_FROM: Final = re.compile(
    r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]+)", re.MULTILINE
)
_PY_IMPORT: Final = re.compile(r"^[ \t]*import[ \t]+([^\n]+)", re.MULTILINE)
_JS_IMPORT: Final = re.compile(r"\bimport\s+(?:type\s+)?([^;'\"]*?)\s+from\s+['\"]([^'\"]+)['\"]")
_JS_REQUIRE: Final = re.compile(
    r"\b(?:const|let|var)\s+(\{[^}]*\}|[A-Za-z_$][\w$]*)\s*=\s*require\(\s*['\"]([^'\"]+)['\"]"
)
_NAME: Final = re.compile(r"[A-Za-z_$][\w$]*")


def _imports(source: str) -> dict[str, str]:
    """Each name a file imports, with the module it comes from (Python and JavaScript)."""
    out: dict[str, str] = {}
    for m in _PY_FROM.finditer(source):
        for part in m.group(2).strip("()").split(","):
            words = part.split()
            if words:
                out[words[-1]] = m.group(1)  # `X as Y` binds Y
    for m in _PY_IMPORT.finditer(source):
        for part in m.group(1).split(","):
            words = part.split()
            if words:
                out[words[-1].split(".")[0]] = words[0]
    for m in (*_JS_IMPORT.finditer(source), *_JS_REQUIRE.finditer(source)):
        for name in _NAME.findall(m.group(1).replace(" as ", " ")):
            if name not in ("type", "as"):
                out.setdefault(name, m.group(2))
    return out


def _annotation(extractor: FollowerBase, root: SgNode) -> str | None:
    """The type a parameter named ``root`` is declared with in its function, if any."""
    scope = extractor.scope(root)
    params = scope.field("parameters")
    if params is None:
        return None
    for param in params.named_children():
        kind = param.kind()
        if kind not in (
            "typed_parameter",
            "typed_default_parameter",
            "required_parameter",
            "optional_parameter",
        ):
            continue
        name = (
            param.field("pattern")
            or param.field("name")
            or next((c for c in param.named_children() if c.kind() == "identifier"), None)
        )
        typed = param.field("type")
        if name is not None and typed is not None and name.text() == root.text():
            m = _TYPE.match(typed.text())
            return m.group(1) if m else None
    return None


def foreign_client(extractor: Extractor, call: SgNode) -> bool:
    """Whether ``call`` is made on a client of another SDK (see the module docstring)."""
    if not isinstance(extractor, FollowerBase):
        return False
    callee = call.field("function")
    if callee is None:
        return False
    root = extractor.receiver(callee)
    if root is None or "stripe" in root.text().lower():
        return False
    found = extractor.binding(root)
    if found is not None:
        m = _CONSTRUCTOR.match(found[0].text())
        cls = m.group(1) if m else None
    else:
        cls = _annotation(extractor, root)
    if not cls:
        return False
    cache = file_cache(call)
    imports: dict[str, str] | None = cache.get("receivers.imports")
    if imports is None:
        imports = cache["receivers.imports"] = _imports(extractor.source)
    module = imports.get(cls.split(".")[0])
    return module is not None and "stripe" not in module.lower()
