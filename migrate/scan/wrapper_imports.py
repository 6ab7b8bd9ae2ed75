"""The packages (Go) and classes (Java, Kotlin) a call of a wrapper's Dodo code names through
the wrapper's own imports.

A wrapper's values are written at its call in the caller's terms, and the wrapper's expressions
name the packages its file imports (``strconv.Itoa(user.ID)``, ``decimal.NewFromInt(100)``):
the caller's file need not import them, and Go does not compile a name of a package a file does
not import. Those the caller's file does not import are added to the suggestion's ``//
imports:`` line, as the wrapper's file imports them (read in a public Go repository: a
wrapper's line items computed with ``shopspring/decimal`` at a handler that does not import
it).

Java and Kotlin alike: a wrapper's value or statement written at a caller of another package
names a class the wrapper's file imports (``long amount = Pricing.toCents(price);`` with ``import
shop.money.Pricing;``), which the caller's file may not import; javac refuses the name. Each class
so named that the caller's file neither imports, defines, nor has in its package or a package it
imports whole is added to the suggestion's ``// imports:`` lines.

C#: a ``using`` names a namespace, not a class. Where a value or statement written at a caller
in another file names a class the wrapper's file names that the caller's file does not define
(``Pricing.ToCents(price)`` with ``using Shop.Money;``; not .NET's own, ``DateTime``, nor the
Dodo code's or Stripe's), the namespaces the wrapper's file sees and the caller's does not (its
own namespace, its ``using`` directives; not Stripe's, whose classes the Dodo code names none
of) are added to the suggestion's ``// usings:`` line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final, Protocol

from ast_grep_py import SgNode

from migrate.scan.borrowed_imports import wrapper_names
from migrate.scan.nodes import of_kind
from migrate.scan.site import CallSite
from migrate.scan.symbols import context

_BLOCK: Final = re.compile(r"^import\s*\((?P<body>.*?)^\)", re.MULTILINE | re.DOTALL)
_ONE: Final = re.compile(r'^import\s+(?P<spec>(?:[\w.]+\s+)?"[^"\n]+")', re.MULTILINE)
_SPEC: Final = re.compile(r'^\s*(?:(?P<alias>[\w.]+)\s+)?"(?P<path>[^"\n]+)"', re.MULTILINE)
_USED: Final = re.compile(r"(?<![\w.\"])([A-Za-z_]\w*)\.[A-Za-z_]")


def _name(path: str) -> str:
    """The name a package is used by when imported without an alias."""
    if re.fullmatch(r"github\.com/stripe/stripe-go(?:/v\d+)?", path):
        return "stripe"
    return re.sub(r"/v\d+$", "", path).rsplit("/", 1)[-1]


def _imports(text: str) -> dict[str, str]:
    """A Go file's imports: the name each package is used by -> its path."""
    specs = [b.group("body") for b in _BLOCK.finditer(text)]
    specs += [m.group("spec") for m in _ONE.finditer(text)]
    out: dict[str, str] = {}
    for chunk in specs:
        for spec in _SPEC.finditer(chunk):
            path = spec.group("path")
            out[spec.group("alias") or _name(path)] = path
    return out


def chain_files(wrapper: Chained) -> list[str]:
    """The files of a wrapper and of the wrappers it calls (its ``chain``'s ``file:line``)."""
    return [wrapper.file, *(key.rsplit(":", 1)[0] for key in wrapper.chain)]


class Chained(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def chain(self) -> tuple[str, ...]: ...


def with_chain_imports(site: CallSite, files: Sequence[str], call: SgNode) -> CallSite:
    """:func:`with_wrapper_imports` for each file of a wrapper's chain (``files``: the wrapper's,
    then those of the wrappers it calls): a call two wrappers deep names what the innermost's
    module imports (``FRONTEND_URL`` from its ``config``), which the middle one may not."""
    for file in dict.fromkeys(files):
        site = with_wrapper_imports(site, file, call)
    return site


def with_wrapper_imports(site: CallSite, wrapper_file: str, call: SgNode) -> CallSite:
    """``site`` (at a call of a wrapper) with the packages its Go suggestion's code names
    through the wrapper's file's imports that the call's file does not import added to the
    suggestion's ``// imports:`` line (Java, Kotlin: :func:`_with_classes`)."""
    text = site.suggestion
    if site.language in ("python", "javascript", "typescript", "tsx"):  # its module's names
        return wrapper_names(site, wrapper_file, call)
    if not text or not text.startswith(("// imports: ", "// usings: ")):
        return site
    if site.language in ("java", "kotlin"):
        return _with_classes(site, text, wrapper_file, call)
    if site.language == "csharp" and text.startswith("// usings: "):
        return _with_namespaces(site, text, wrapper_file, call)
    if site.language != "go":
        return site
    try:
        theirs = _imports(Path(wrapper_file).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return site
    mine = set()
    for spec in of_kind(call.get_root().root(), "import_spec"):
        path, alias = spec.field("path"), spec.field("name")
        written = path.text().strip('"`') if path is not None else ""
        mine.add(alias.text() if alias is not None else _name(written))
    head, _, body = text.partition("\n")
    listed = set(re.findall(r'"([^"]+)"', head))
    more = []
    for used in sorted(set(_USED.findall(body)) - mine):
        found = theirs.get(used)
        if found is None or found in listed:
            continue
        more.append(f'"{found}"' if _name(found) == used else f'{used} "{found}"')
    if not more:
        return site
    return replace(site, suggestion=head + "".join(f", {m}" for m in more) + "\n" + body)


_JVM_IMPORT: Final = re.compile(
    r"^[ \t]*import[ \t]+([A-Za-z_][\w.]*[\w])(?:[ \t]+as[ \t]+([A-Za-z_]\w*))?[ \t]*;?[ \t]*$",
    re.MULTILINE,
)
"""A Java or Kotlin import of one class (not ``static``, not ``.*``), with a Kotlin alias."""
_STRINGS: Final = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|//[^\n]*')
_CLASS: Final = re.compile(r"(?<![\w.$])([A-Z]\w*)")


def _with_classes(site: CallSite, text: str, wrapper_file: str, call: SgNode) -> CallSite:
    """A Java or Kotlin ``site`` with the classes its suggestion names through the wrapper's
    file's imports, that the call's file does not see, added to its ``// imports:`` lines."""
    lines = text.split("\n")
    last = 0
    while lines[last].endswith(",") and last + 1 < len(lines):  # Kotlin's go on
        last += 1
    used = set(_CLASS.findall(_STRINGS.sub(" ", "\n".join(lines[last + 1 :]))))
    if not used:
        return site
    files = _both(wrapper_file, call)
    if files is None:
        return site
    theirs, root, mine = files
    ctx = context(root, site.language, site.file)
    more = []
    for found in _JVM_IMPORT.finditer(theirs):
        full, alias = found.group(1), found.group(2)
        name = alias or full.rsplit(".", 1)[-1]
        if name not in used or name in ctx.imports or full.startswith("static"):
            continue
        package = full.rpartition(".")[0]
        if package == ctx.namespace or package in ctx.uses:
            continue
        if re.search(rf"\b(?:class|interface|object|enum|record)\s+{re.escape(name)}\b", mine):
            continue  # the caller's own class of that name
        more.append(f"{full} as {alias}" if alias else full)
    if not more:
        return site
    lines[last] += "".join(f", {m}" for m in more)
    return replace(site, suggestion="\n".join(lines))


_CS_USING: Final = re.compile(r"^[ \t]*using[ \t]+([A-Za-z_][\w.]*)[ \t]*;", re.MULTILINE)
_CS_NAMESPACE: Final = re.compile(r"^[ \t]*namespace[ \t]+([A-Za-z_][\w.]*)", re.MULTILINE)
_STRIPE_NS: Final = re.compile(r"Stripe(?:\.|$)")
_CS_OWN: Final = re.compile(
    r"(?:DateTime|DateTimeOffset|TimeSpan|Guid|Math|Convert|String|Decimal|Int32|Int64|Double"
    r"|Boolean|Task|List|Dictionary|HashSet|Enumerable|Environment|Uri|Encoding|CultureInfo"
    r"|NumberStyles|StringBuilder|Regex"
    r"|Console|Array|Nullable|Exception|StringComparison|JsonSerializer|JsonNode|HttpClient"
    r"|HttpRequestMessage|HttpMethod|StringContent|AuthenticationHeaderValue|DodoIds|System)"
    r"|(?:Stripe|Session)\w*|\w+Options|TODO_\w*"
)
"""Classes a C# suggestion names that no namespace of the project holds: .NET's own (seen
through ``System``, the SDK's implicit usings, or the ``// usings:`` line), the Dodo code's,
Stripe's (its params' option classes)."""
_CS_BEYOND_SYSTEM: Final = {
    "CultureInfo": "System.Globalization",
    "NumberStyles": "System.Globalization",
    "Encoding": "System.Text",
    "StringBuilder": "System.Text",
    "Regex": "System.Text.RegularExpressions",
}
""".NET's classes of namespaces neither ``System`` nor the SDK's implicit usings hold: a
wrapper's expression naming one (``DateTime.UtcNow.ToString(CultureInfo.InvariantCulture)``)
compiles at a caller only with its ``using``."""
_CS_PROPERTY: Final = re.compile(r"\s*=(?![=>])")
"""After a name: an object initializer's property (``Name = ...``), not a class."""


def _with_namespaces(site: CallSite, text: str, wrapper_file: str, call: SgNode) -> CallSite:
    """A C# ``site`` at a call of a wrapper of another file, whose Dodo code names a class
    (not .NET's, the Dodo code's or Stripe's: :data:`_CS_OWN`) the wrapper's file names and
    the caller's does not define, with the namespaces the wrapper's file sees that the
    caller's does not added to its ``// usings:`` line."""
    if site.file == wrapper_file:
        return site
    head, _, body = text.partition("\n")
    code = _STRINGS.sub(" ", body)
    used = {
        m.group(1)
        for m in _CLASS.finditer(code)
        if not _CS_OWN.fullmatch(m.group(1)) and not _CS_PROPERTY.match(code, m.end())
    }
    beyond = [ns for cls, ns in _CS_BEYOND_SYSTEM.items() if re.search(rf"(?<![\w.]){cls}\b", code)]
    if not used and not beyond:
        return site
    files = _both(wrapper_file, call)
    if files is None:
        return site
    theirs, root, mine = files
    if beyond:  # the caller's file may not see .NET's namespace the wrapper's expression needs
        ctx = context(root, "csharp", site.file)
        seen = {*ctx.uses, *(h.strip() for h in head.removeprefix("// usings: ").split(","))}
        missing = [ns for ns in dict.fromkeys(beyond) if ns not in seen]
        if missing:
            head += "".join(f", {ns}" for ns in missing)
            site = replace(site, suggestion=head + "\n" + body)
    if not used:
        return site
    named = [
        n
        for n in used
        if re.search(rf"(?<![\w.]){n}\b", _STRINGS.sub(" ", theirs))
        and not re.search(rf"\b(?:class|struct|interface|enum|record)\s+{n}\b", mine)
    ]
    if not named:
        return site
    ctx = context(root, "csharp", site.file)
    seen = {*ctx.uses, *(h.strip() for h in head.removeprefix("// usings: ").split(","))}
    more = []
    for space in [*_CS_NAMESPACE.findall(theirs)[:1], *_CS_USING.findall(theirs)]:
        if space in seen or _STRIPE_NS.match(space) or f"{ctx.namespace}.".startswith(f"{space}."):
            continue  # seen already; Stripe's; the caller's namespace or one around it
        seen.add(space)
        more.append(space)
    if not more:
        return site
    return replace(site, suggestion=head + "".join(f", {m}" for m in more) + "\n" + body)


def _both(wrapper_file: str, call: SgNode) -> tuple[str, SgNode, str] | None:
    """The wrapper's file's text, and the tree and text of the file of its call (None when the
    wrapper's file cannot be read)."""
    try:
        theirs = Path(wrapper_file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    root = call.get_root().root()
    return theirs, root, root.text()
