"""A return URL held in a local that the code builds with a Stripe template (C003).

``success = base + "/thanks?session_id={CHECKOUT_SESSION_ID}"`` and then ``success_url:
success``: the call shows a name, so the translator sees no template (RT008, an info, says a
run-time URL may hold one), and the Dodo call carries the URL with the placeholder as written,
which Dodo does not fill in. Where the local's binding before the call in the same function
shows the template, the scan says so at the field (C003, a warning), naming the local to change;
so too for a constant the module sets at its top (``SUCCESS_URL = f"{BASE}/done?session_id=
{{CHECKOUT_SESSION_ID}}"``, read in Flask and Django apps) that the function does not rebind.
A URL written as an expression (``s.baseURL + successPath``) is read the same way through each
name it reads, and a Go name the file binds nowhere through the string constants of its package
(``const successPath = "/billing/success/{CHECKOUT_SESSION_ID}"``, or a package variable a literal
starts, in another file of the folder, as ntfy keeps its routes); Go's ``:=`` is a binding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.extract import Dynamic, file_cache
from migrate.scan.nodes import find_kind
from migrate.scan.site import related_finding
from migrate.scan.template_helpers import helper_place
from migrate.scan.tree_constants import go_initial

_FIELDS: Final = ("success_url", "cancel_url", "return_url")
_NAME: Final = re.compile(r"^[$@]?[A-Za-z_]\w*$")
_NAMES: Final = re.compile(
    r"(?<![\w$@.>:])[$@]?[A-Za-z_]\w*(?!\s*\()|(?<=\.)\$[A-Za-z_]\w*(?!\s*\()"
)
"""The names an expression reads (not the functions it calls; a PHP variable after the
concatenating ``.`` too)."""
_STRINGS: Final = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`')
"""A string literal (its words are no names the URL reads)."""
_TEMPLATE: Final = re.compile(r"\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D", re.I)
TEMPLATE: Final = _TEMPLATE
"""Stripe's session-id template, as written or URL-encoded."""


def templated_locals(
    call: SgNode,
    functions: Iterable[str],
    dynamic: Iterable[Dynamic],
    *,
    file: str = "",
    family: str = "",
) -> tuple[Finding, ...]:
    """C003 at each return or cancel URL of ``call`` that is a local (or an expression reading
    one) whose binding before the call, in the function around it, writes
    ``{CHECKOUT_SESSION_ID}``; ``file``: a Go file's path, whose package's constants count;
    ``family``: the language, whose helpers of the file a URL calls count (their return)."""
    wanted = [d for d in dynamic if d.path in _FIELDS and _NAMES.search(d.source)]
    if not wanted:
        return ()
    kinds = frozenset(functions)
    around = next((a for a in call.ancestors() if a.kind() in kinds), None)
    root = call.get_root().root()
    if around is None:  # a call at the module's top (a script, a Streamlit page)
        before = root.text()[: call.range().start.index]
    else:
        before = around.text()[: call.range().start.index - around.range().start.index]
    constant = _package_constants(file)
    if constant is None and not _TEMPLATE.search(root.text()):
        return ()  # the file writes no template: nothing to find
    top = _top_level(root, kinds) if around is not None else ""

    def whole() -> str:  # the file outside its functions, read once per file when asked
        if around is None:
            return ""
        cache = file_cache(call)
        key = ("template_locals.outside", kinds)
        if key not in cache:
            cache[key] = _outside_functions(root, kinds)
        text: str = cache[key]
        return text

    out: list[Finding] = []
    for found in wanted:
        source = found.source.strip()
        names = [source] if _NAME.match(source) else _NAMES.findall(_STRINGS.sub('""', source))
        place = next(
            (p for p in (_place(n, before, top, constant, whole) for n in names) if p), None
        )
        helper = None
        if place is None and family:  # success_url=build_success_url()
            helper = helper_place(source, call, family, lambda n, t: _templated(n, t, depth=0))
        if place is None and helper is None and family and _NAME.match(source):
            # success, cancel = checkout_urls(ws); const { successUrl } = urls(ws)
            taken = _taken_from_call(source, before)
            if taken is not None:
                helper = helper_place(
                    taken[0], call, family, lambda n, t: _templated(n, t, depth=0), taken[1]
                )
        if helper is not None:
            removed = f"it is in what `{helper}` returns: remove it there by hand"
        elif place is not None and _for_another(found.path, place[0], before):
            continue  # customFields holds the template in its success URL, not its cancel URL
        elif place is not None:
            removed = f"it is in `{place[0]}`, {place[1]}: remove it there by hand"
        else:
            continue
        finding = related_finding(
            "C003", field=found.path, template="{CHECKOUT_SESSION_ID}", removed=removed
        )
        out.append(finding._replace(path=found.path))
    return tuple(out)


def _place(
    name: str,
    before: str,
    top: str,
    constant: Callable[[str], str | None] | None,
    outside: Callable[[], str] = str,
) -> tuple[str, str] | None:
    """The name holding the template and where it is set, for a name a URL reads."""
    if _templated(name, before, depth=0, constant=constant):
        return name, "built before the call"
    if top and not _bound(name, before) and _templated(name, top, depth=0):
        return name, "set at the top of the module"
    if constant is not None and not _bound(name, before) and not _bound(name, top):
        value = constant(name)
        if value is not None and _TEMPLATE.search(value):
            return name, "a constant of its package"
    whole = outside() if not _bound(name, before) else ""
    if whole:  # Java's static final, C#'s const, Kotlin's val
        fields = re.finditer(
            rf"\b(?:final|const|val|readonly)\b[^;=\n]*?\b{re.escape(name)}\b", whole
        )
        if any(_TEMPLATE.search(_statement(whole, f.end())) for f in fields):
            return name, "a constant of its class"
    return None


def _outside_functions(root: SgNode, kinds: frozenset[str]) -> str:
    """The file's text with its functions' bodies blanked (a class's fields kept: a local of
    another function is no constant of the class)."""
    text = root.text()
    spans = [
        (n.range().start.index, n.range().end.index) for k in kinds for n in find_kind(root, k)
    ]
    chars = list(text)
    for begin, end in spans:
        chars[begin:end] = [c if c == "\n" else " " for c in text[begin:end]]
    return "".join(chars)


def _package_constants(file: str) -> Callable[[str], str | None] | None:
    """A Go file's reader of its package's string constants (declared in any file of its
    folder), when it is a Go file: None otherwise."""
    if not file.endswith(".go"):
        return None
    folder = PurePath(file).parent.as_posix()
    return lambda name: go_initial(name, folder)


def _top_level(root: SgNode, kinds: frozenset[str]) -> str:
    """The module's own statements (its constants: ``SUCCESS_URL = f"{BASE}/done?sid=..."``),
    without its functions and classes."""
    parts: list[str] = []
    for child in root.children():
        inner = child.field("declaration") if child.kind() == "export_statement" else None
        kind = (inner or child).kind()
        if kind not in kinds and not any(w in kind for w in _DEFINITIONS):
            parts.append(child.text())
    return "\n".join(parts)


_DEFINITIONS: Final = ("class", "function", "method", "definition", "module", "namespace", "impl")
"""Words in the kinds of a module's top-level definitions (``class_definition``,
``decorated_definition``, ``function_declaration``, ``namespace_definition``...): their bodies'
locals are not the module's."""


_URL_WORDS: Final = ("success", "cancel", "return")
"""What the name of each URL field (or its key in a list of properties) starts with."""


def _for_another(path: str, name: str, before: str) -> bool:
    """Whether each line of the bindings of ``name`` in ``before`` that writes the template
    names another URL field and not ``path``'s (``new PluginProperty("success_url",
    "...{CHECKOUT_SESSION_ID}")`` in a list the cancel URL is looked up in too)."""
    bound = rf"(?<![\w$@.>]){re.escape(name)}{_BINDS}"
    values = [_statement(before, m.end()) for m in re.finditer(bound, before)]
    lines = [ln.lower() for v in values for ln in v.splitlines() if _TEMPLATE.search(ln)]
    own = path.split("_", maxsplit=1)[0]
    others = [w for w in _URL_WORDS if w != own]
    return bool(lines) and all(own not in ln and any(w in ln for w in others) for ln in lines)


_BINDS: Final = r"\s*(?:\.=|\+=|:=|=(?![=>~]))"
"""What follows a name its binding sets: ``=``, ``.=``, ``+=``, Go's ``:=``."""


def _taken_from_call(name: str, before: str) -> tuple[str, int | str] | None:
    """For a name bound with others at once from a call (``success, cancel = urls(ws)``,
    ``const [success] = urls()``, ``const { successUrl: url } = urls()``): the call's text and
    the element the name takes (its position, or the object's key); None otherwise."""
    word = re.escape(name)
    found = None
    for m in re.finditer(
        rf"(?m)^[ \t]*(?:(?:const|let|var|val)\s+)?(?P<target>[\[({{]?[^=\n;]*?(?<![\w$@.>]){word}"
        rf"\b[^=\n;]*?)\s*(?::=|(?<![<>!=])=(?![=>]))\s*(?:await\s+)?(?P<value>[\w$.]+\s*\([^\n;]*)",
        before,
    ):
        found = m
    if found is None:
        return None
    target = found["target"].strip()
    if target.startswith("{"):  # an object's keys: `{ successUrl }`, `{ successUrl: url }`
        for element in target.strip("{}").split(","):
            key, colon, local = element.partition(":")
            if (local if colon else key).strip() == name:
                return found["value"], key.strip()
        return None
    names = [n.strip() for n in target.strip("[]()").split(",")]
    if len(names) < 2 and not target.startswith(("[", "(")):
        return None  # `url = urls(ws)`: the whole answer, read as a helper's return above
    return (found["value"], names.index(name)) if name in names else None


def _bound(name: str, text: str) -> bool:
    """Whether ``text`` binds ``name`` (a local of the function shadows the module's)."""
    return re.search(rf"(?<![\w$@.>]){re.escape(name)}{_BINDS}", text) is not None


def _templated(
    name: str,
    before: str,
    depth: int,
    constant: Callable[[str], str | None] | None = None,
) -> bool:
    """Whether a binding of ``name`` in ``before`` writes the template, itself or (one level)
    through another local it names (``$args = ['session_id' => '{CHECKOUT_SESSION_ID}'];
    $url = add_query_arg($args, $url)``) or a constant of the package (``constant``) that
    ``before`` does not bind."""
    bound = rf"(?<![\w$@.>]){re.escape(name)}{_BINDS}"
    values = [_statement(before, m.end()) for m in re.finditer(bound, _unquoted(before))]
    if any(_TEMPLATE.search(v) for v in values):
        return True
    if depth > 0:
        if values or constant is None:
            return False
        value = constant(name)
        return value is not None and _TEMPLATE.search(value) is not None
    named = {n for v in values for n in _NAMES.findall(_unquoted(v)) if n != name}
    return any(_templated(n, before, depth + 1, constant) for n in named)


def _unquoted(text: str) -> str:
    """``text`` with the words of its string literals blanked, their interpolations kept
    (``f"{base}/ok?status=paid"``: ``base`` is read, ``status=`` binds nothing), each
    character where it was."""

    def blank(found: re.Match[str]) -> str:
        kept, depth = [], 0
        for char in found.group():
            depth += char == "{"
            kept.append(char if depth or char == "}" else " ")
            depth -= char == "}" and depth > 0
        return "".join(kept)

    return _STRINGS.sub(blank, text)


def _statement(text: str, start: int) -> str:
    """The expression that starts at ``start``: up to a ``;`` or a line's end outside brackets
    (a call or an array spread over lines is one)."""
    depth = 0
    for at in range(start, len(text)):
        char = text[at]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return text[start:at]
        elif char in ";\n" and depth == 0:
            return text[start:at]
    return text[start:]
