"""Project wrappers of a Checkout Session creation, and the calls to them.

A *wrapper* is a named function or method of the scanned project whose Checkout Session
creation takes values from its own parameters (``def create_checkout(user, price_id):
stripe.checkout.Session.create(line_items=[{"price": price_id}], ...)``): for its callers it is
the creation API. The scan finds them in a first pass over the tree (:class:`WrapperIndex`:
each wrapper's name, owner, parameters and Stripe params with their run-time markers; no
syntax trees are kept), then, file by file, the calls that reach one
(``migrate/scan/symbols.py`` says which do): each is reported as a creation site, *via* the
wrapper, with the caller's arguments bound to the wrapper's parameters (by position, by name,
through a JavaScript object pattern) and put where the wrapper uses them:

* a marker that is a parameter takes the argument's value: a literal when the caller passes
  one (``create_checkout(user, "price_1Pro")`` makes the price a literal), else the caller's
  expression; a parameter the caller leaves out takes its default (left out when there is none,
  or it is ``None``/``null``/``nil``);
* ``param.key`` / ``param["key"]`` take the key of a literal dict argument;
* any other expression using parameters is rewritten with the caller's expressions (so the
  carried code is the caller's); a value computed inside the wrapper from its own locals stays
  as it is, and the call's finding says so;
* a params object passed whole (``create(params)``, ``**kwargs``, ``...opts``) takes the
  caller's literal dict.

The wrapper's own site is still reported, and says it is a wrapper: its findings about values
that come from its parameters say they are set by the caller (at their level: when no call in
the tree reaches the wrapper, they are the only place those values show).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.display import shown_path
from migrate.findings import Finding
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.scan.classes import enclosing_class, implementers, interfaces
from migrate.scan.extract import DYNAMIC, OMIT, Dynamic, Extractor, dynamic_marker, with_exprs
from migrate.scan.http_bodies import markers
from migrate.scan.http_clients import callee_of
from migrate.scan.nodes import of_kind
from migrate.scan.patterns import Language
from migrate.scan.site import CallSite, located, related_finding, static_view
from migrate.scan.suggest import suggestion
from migrate.scan.symbols import (
    Function,
    Param,
    Target,
    aliases,
    context,
    function_at,
    module_key,
    reaches,
    ruby_modules,
)
from migrate.scan.words import SharedWords

WRAPPER: Final = "X014"
WRAPPER_CALL: Final = "X015"

_REQUEST_NAMES: Final = frozenset(
    {"request", "req", "res", "response", "ctx", "context", "event", "evt", "next", "env"}
)
"""Parameters a framework passes (a request, a context): values read from them come from the
HTTP request, not from a caller in the project; a function using only these is not a wrapper."""
_IDENTIFIER: Final = re.compile(r"(?<![\w$.>:@'\"])[$]?[A-Za-z_][A-Za-z0-9_]*(?![\w'\"(])")
_ACCESS: Final = re.compile(
    r"""\??\.(?P<attr>[A-Za-z_]\w*)|->(?P<prop>[A-Za-z_]\w*)|\[\s*(?:['"](?P<key>[^'"]+)['"]|:(?P<sym>\w+))\s*\]"""
)
_LITERAL_WORDS: Final = 64
"""Up to this many words, a file is first searched for each as a literal (faster than a
regex without a literal prefix, which walks every byte)."""
_PLAIN: Final = re.compile(r"\w+\Z")
"""A name that is one word (``\\w+``): found as a whole word of the text, looked up in a set."""
_WORD: Final = re.compile(r"[\w$]+")
"""The runs of a text a plain name may be: a plain name (no ``$`` in it) is a whole ``\\w+``
run with no ``$`` either side exactly when it is one of these runs."""
_PLAIN_BYTES: Final = re.compile(rb"\w+\Z")
_WORD_BYTES: Final = re.compile(rb"(?<![\w$])\w+")
"""The words of a file's bytes a plain name may be (``mentioned``: ``$`` may follow)."""
_INTERFACE: Final = re.compile(r"I[A-Z]")
"""A C# interface's name (a base list mixes the base class in: told apart by the name)."""
_SIMPLE: Final = re.compile(r"^[$@]?[A-Za-z_][\w]*(?:(?:\.|->|::)[A-Za-z_]\w*)*$")


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A project function that creates a Checkout Session from its parameters: what a call
    to it needs (no syntax tree)."""

    name: str
    owner: str
    static: bool
    family: str
    file: str
    line: int
    """The line of the Stripe call inside it."""
    module: str
    namespace: str
    params: tuple[Param, ...]
    body: dict[str, Any]
    dynamic: tuple[Dynamic, ...]
    uses: tuple[str, ...]
    """The parameters its params use, as written."""
    caller_paths: tuple[str, ...]
    """The params paths whose values come from its parameters."""
    interfaces: tuple[str, ...] = ()
    """The interfaces its class implements (Java, C#): a receiver declared as one of them is
    an instance of its class when no other class of the tree implements it."""

    @property
    def label(self) -> str:
        owner = f"{self.owner}." if self.owner else ""
        return f"{owner}{self.name} at {shown_path(self.file)}:{self.line}"

    @property
    def target(self) -> Target:
        return Target(self.name, self.owner, self.static, self.module, self.namespace)

    @property
    def signature(self) -> str:
        owner = f"{self.owner}." if self.owner else ""
        names = (" ".join(p.name.split()) for p in self.params)
        return f"{owner}{self.name}({', '.join(names)})"


@dataclass
class WrapperIndex:
    """The wrappers of a tree by name (the first pass of a scan), and what a file must
    mention to be worth searching for calls to them."""

    by_name: dict[str, list[Wrapper]] = field(default_factory=dict)
    implementers: dict[str, frozenset[str]] = field(default_factory=dict)
    """The classes of the tree that implement each interface of a wrapper's class."""
    _gate: re.Pattern[bytes] | None = None
    _words: list[bytes] = field(default_factory=list)
    _names: re.Pattern[str] | None = None
    _word_set: frozenset[bytes] = frozenset()
    _gate_odd: bool = False
    _name_set: frozenset[str] = frozenset()
    _names_odd: bool = False
    _name_bytes: list[bytes] | None = None

    def add(self, wrapper: Wrapper) -> None:
        self.by_name.setdefault(wrapper.name, []).append(wrapper)
        self._gate = self._names = self._name_bytes = None

    def __len__(self) -> int:
        return sum(len(w) for w in self.by_name.values())

    def __bool__(self) -> bool:  # without counting every wrapper (one test per file)
        return bool(self.by_name)

    def merged(self, more: list[Wrapper], text: str = "") -> WrapperIndex:
        """This index with ``more`` (a file's own wrappers, ``text`` the file's) added, when
        they are new; the implementers of their classes' interfaces that the index has not
        counted (a scan of one file) are those of the file."""
        if not more:
            return self
        known = {(o.file, o.line) for m in more for o in self.by_name.get(m.name, [])}
        fresh = [w for w in more if (w.file, w.line) not in known]
        if not fresh:
            return self
        out = WrapperIndex({k: list(v) for k, v in self.by_name.items()}, dict(self.implementers))
        for wrapper in fresh:
            out.add(wrapper)
            names = {i for i in wrapper.interfaces if i not in self.implementers}
            if names:
                out.count(implementers(text, wrapper.family, names))
        return out

    def interfaces(self) -> dict[str, set[str]]:
        """The interfaces of the wrappers' classes, by language family."""
        out: dict[str, set[str]] = {}
        for wrappers in self.by_name.values():
            for wrapper in wrappers:
                if wrapper.interfaces:
                    out.setdefault(wrapper.family, set()).update(wrapper.interfaces)
        return out

    def count(self, found: dict[str, set[str]]) -> None:
        """Add the implementers of interfaces found in one file (:func:`implementers`)."""
        for name, classes in found.items():
            self.implementers[name] = self.implementers.get(name, frozenset()) | classes

    def sole(self, wrapper: Wrapper) -> tuple[str, ...]:
        """The interfaces of a wrapper's class that no other class of the tree implements."""
        alone = frozenset({wrapper.owner})
        return tuple(i for i in wrapper.interfaces if self.implementers.get(i) == alone)

    def mentioned(self, data: bytes) -> bool:
        """Whether a file's bytes name a wrapper (a free function by its name, a method by
        its class or an interface of its class): only such files are searched for calls to
        them. Literal searches first; the words' boundaries are checked only in a file that
        holds one. The file's words are looked up in a set (its length, not the number of
        wrappers, sets the cost); only names that are not one plain word are searched for by
        a regex."""
        if not self.by_name:
            return False
        if self._gate is None:
            words = sorted(
                {w.owner or w.name for ws in self.by_name.values() for w in ws}
                | {i for ws in self.by_name.values() for w in ws for i in w.interfaces}
            )
            self._words = [w.encode() for w in words]
            self._word_set = frozenset(w for w in self._words if _PLAIN_BYTES.match(w))
            odd = sorted((w for w in self._words if w not in self._word_set), key=len)[::-1]
            alternatives = b"|".join(re.escape(w) for w in odd)
            self._gate = re.compile(rb"(?<![\w$])(?:" + alternatives + rb")(?![\w])")
            self._gate_odd = bool(odd)
        if len(self._words) <= _LITERAL_WORDS and not any(w in data for w in self._words):
            return False
        if self._word_set and any(m in self._word_set for m in _WORD_BYTES.findall(data)):
            return True
        return self._gate_odd and self._gate.search(data) is not None

    def named_in(self, data: bytes) -> bool:
        """Whether a file's bytes hold the name of a wrapper anywhere (not only as a word): a
        file without any calls none of them, so a scan that did not know them stands."""
        if self._name_bytes is None:
            self._name_bytes = [n.encode() for n in self.by_name]
        return any(name in data for name in self._name_bytes)

    def names_in(self, text: str) -> set[str]:
        """The wrapper names a file's text holds as words (as :meth:`mentioned`: plain names
        looked up in a set, the others searched for)."""
        if not self.by_name:
            return set()
        if self._names is None:
            self._name_set = frozenset(n for n in self.by_name if _PLAIN.match(n))
            odd = sorted((n for n in self.by_name if n not in self._name_set), key=len)[::-1]
            alternatives = "|".join(re.escape(n) for n in odd)
            self._names = re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w$])")
            self._names_odd = bool(odd)
        if len(self._name_set) <= _LITERAL_WORDS:  # a few names: each found as a word
            found = {n for n in self._name_set if n in text and _has_word(text, n)}
        else:
            found = set(self._name_set.intersection(_WORD.findall(text)))
        if self._names_odd:
            found.update(self._names.findall(text))
        return found


def _has_word(text: str, name: str) -> bool:
    """Whether the plain name ``name`` is one of the ``[\\w$]+`` runs of ``text`` (found
    where neither side is a word character or ``$``)."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not _WORDISH.match(text, at - 1)) and (
            end == len(text) or not _WORDISH.match(text, end)
        ):
            return True
        at = text.find(name, at + 1)
    return False


_WORDISH: Final = re.compile(r"[\w$]")


# -- finding a wrapper ------------------------------------------------------------------------


def may_wrap(node: SgNode, family: str, shared: SharedWords | None = None) -> bool:
    """Whether the creation ``node`` can make a wrapper worth indexing, before its params are
    read: it is in a named function with a parameter a caller sets (what :func:`wrapper_of`
    needs), and, with ``shared`` (the words found in two files of the tree or more), another
    file can name that function or its owner (a name made of other characters than ``\\w``
    counts as shared: it is not looked up)."""
    function = function_at(node, family)
    if function is None or not function.params:
        return False
    if not any(
        local.lstrip("$@").lower() not in _REQUEST_NAMES
        for p in function.params
        for local in p.locals
    ):
        return False
    if shared is None:
        return True
    return any(
        not _PLAIN_BYTES.match(word.encode()) or word.encode() in shared
        for word in (function.name, function.owner)
        if word
    )


def wrapper_of(
    node: SgNode,
    params: dict[str, Any],
    dynamic: tuple[Dynamic, ...],
    *,
    family: str,
    path: str,
) -> Wrapper | None:
    """The wrapper a Checkout Session creation (``node``, with its extracted params) makes of
    the named function around it, when its params use that function's parameters."""
    function = function_at(node, family)
    if function is None or not function.params:
        return None
    names = {
        local
        for p in function.params
        for local in p.locals
        if local.lstrip("$@").lower() not in _REQUEST_NAMES
    }
    used: dict[str, None] = {}
    paths: list[str] = []
    for entry in dynamic:
        found = [n for n in _identifiers(entry.source) if n in names]
        if found:
            used.update(dict.fromkeys(found))
            paths.append(entry.path)
    if not used:
        return None
    root = node.get_root().root()
    ctx = context(root, family, path)
    cls = enclosing_class(function.node, family) if function.owner else None
    implemented = [i.rsplit(".", 1)[-1] for i in interfaces(cls, family)] if cls else []
    return Wrapper(
        name=function.name,
        owner=function.owner,
        static=function.static,
        family=family,
        file=path,
        line=node.range().start.line + 1,
        module=module_key(path),
        namespace=_namespace(function, ctx.namespace, family),
        params=function.params,
        body=params,
        dynamic=dynamic,
        uses=tuple(used),
        caller_paths=tuple(dict.fromkeys(paths)),
        interfaces=tuple(i for i in implemented if family != "csharp" or _INTERFACE.match(i)),
    )


def _namespace(function: Function, namespace: str, family: str) -> str:
    """Where a wrapper's owner lives: the file's namespace, or (Ruby) the modules around its
    class (``Billing`` for ``Billing::Checkout``)."""
    if family != "ruby" or not function.owner:
        return namespace
    around = ruby_modules(function.node).split(".")
    if around and around[-1] == function.owner:
        around = around[:-1]
    return ".".join(n for n in around if n)


def _identifiers(source: str) -> list[str]:
    """The names an expression reads (not attributes or keys: ``user.id`` reads ``user``)."""
    return [m.group().lstrip("*.") for m in _IDENTIFIER.finditer(source)] + [
        m.group(1) for m in re.finditer(r"(?:^|[\s(,])(?:\*\*|\.\.\.)([A-Za-z_]\w*)", source)
    ]


def as_wrapper(site: CallSite, wrapper: Wrapper) -> CallSite:
    """A creation site that is a wrapper's: it says so, and its findings about values that
    come from its parameters say they are set by the caller. Their levels stay: a wrapper
    nobody in the tree calls is still the only place they show."""
    info = related_finding(
        WRAPPER,
        name=wrapper.signature,
        params=", ".join(wrapper.uses),
        paths=", ".join(p or "(params)" for p in wrapper.caller_paths),
    )
    kept: list[Finding] = []
    for finding in site.findings:
        if _under(finding.path, wrapper.caller_paths):
            message = f"{finding.message.rstrip()} Set by the caller of {wrapper.name}."
            kept.append(finding._replace(message=message))
        else:
            kept.append(finding)
    return replace(site, findings=(info, *kept), wrapper=wrapper.signature)


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(
        path == r or not r or path.startswith((f"{r}.", f"{r}[")) or r.startswith(f"{path}.")
        for r in roots
    )


# -- calls to wrappers ------------------------------------------------------------------------


def wrapper_calls(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    index: WrapperIndex,
) -> Iterator[tuple[int, CallSite]]:
    """Each call in a file that reaches a wrapper of the index, as a creation site."""
    names = index.names_in(text)
    if not names or test_file(path):
        return
    family = language.family
    ctx = context(root, family, path)
    renamed = {local: name for local, name in aliases(ctx).items() if name in names}
    words = sorted(names | set(renamed))
    pattern = r"\b(?:" + "|".join(re.escape(n) for n in words) + r")\b"  # Rust regex
    for kind in language.call_kinds:
        for call in of_kind(root, kind, pattern):
            callee = callee_of(call)
            last = callee.rsplit(".", 1)[-1]
            candidates = index.by_name.get(renamed.get(last, last), [])
            for wrapper in candidates:
                if wrapper.family != family or _inside(call, wrapper, path):
                    continue
                target = wrapper.target
                if wrapper.interfaces:
                    target = replace(target, interfaces=index.sole(wrapper))
                if not reaches(callee, call, family=family, ctx=ctx, target=target, source=text):
                    continue
                ex = ex_type(source=text)
                site = _call_site(
                    call,
                    wrapper,
                    ex,
                    callee=callee,
                    language=language,
                    path=path,
                    lines=lines,
                    options=options,
                )
                yield call.range().start.index, site
                break


_TESTS: Final = re.compile(
    r"(?:^|/)(?:tests?|specs?|__tests__|__mocks__|testing)/"
    r"|(?:^|/)test_[^/]*\.py$|_test\.(?:py|go|rb)$|_spec\.rb$"
    r"|\.(?:test|spec)\.[cm]?[jt]sx?$|(?:Tests?|Spec)\.(?:java|cs|kt)$"
)


def test_file(path: str) -> bool:
    """Whether a file is a test (by its folder or name): a test calling a wrapper exercises it
    (with Stripe mocked, as often as not) and creates nothing the migration must carry."""
    return _TESTS.search(path.replace("\\", "/")) is not None


def _inside(call: SgNode, wrapper: Wrapper, path: str) -> bool:
    """Whether a call is in the wrapper's own body (a recursive call is not a new creation)."""
    if path != wrapper.file:
        return False
    function = function_at(call, wrapper.family)
    return (
        function is not None
        and function.name == wrapper.name
        and _spans(function.node, wrapper.line)
    )


def _spans(node: SgNode, line: int) -> bool:
    rng = node.range()
    return rng.start.line + 1 <= line <= rng.end.line + 1


def _call_site(
    call: SgNode,
    wrapper: Wrapper,
    ex: Extractor,
    *,
    callee: str,
    language: Language,
    path: str,
    lines: list[str],
    options: Options | None,
) -> CallSite:
    bound, spread = bind(wrapper.params, call_arguments(call, wrapper.family), ex)
    params, dynamic, inner = substitute(wrapper, bound, spread=spread)
    where = located(call, lines)
    source = SourceRef(path, "code", line=where["line"])
    translation = static_view(translate_params(with_exprs(params), source, options), dynamic)
    note = related_finding(
        WRAPPER_CALL,
        wrapper=wrapper.label,
        inner=", ".join(inner) if inner else "none",
    )
    return CallSite(
        file=path,
        **where,
        language=language.name,
        kind="create",
        callee=callee,
        params=params,
        dynamic=dynamic,
        translation=translation,
        findings=(note, *translation.findings),
        suggestion=suggestion(language.family, translation.dodo, dynamic),
        via=wrapper.label,
    )


# -- a call's arguments -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arguments:
    """A call's arguments: positional ones in order, keyword (named) ones by name, and whether
    some are spread (``*args``, ``**kw``, ``...xs``) so the rest cannot be bound."""

    positional: tuple[SgNode, ...]
    keyword: dict[str, SgNode]
    spread: bool


def call_arguments(call: SgNode, family: str) -> Arguments:
    positional: list[SgNode] = []
    keyword: dict[str, SgNode] = {}
    spread = False
    raw = call.field("arguments")
    nodes = [c for c in raw.named_children() if c.kind() != "comment"] if raw is not None else []
    for node in nodes:
        kind = node.kind()
        if kind in ("list_splat", "dictionary_splat", "spread_element", "splat_argument"):
            spread = True
        elif kind in ("hash_splat_argument", "variadic_unpacking", "block_argument"):
            spread = spread or kind != "block_argument"
        elif kind == "keyword_argument":
            name, value = node.field("name"), node.field("value")
            if name is not None and value is not None:
                keyword[name.text()] = value
        elif kind == "pair" and family == "ruby":
            key, value = node.field("key"), node.field("value")
            if key is not None and value is not None:
                keyword[key.text().strip(":\"'")] = value
        elif kind == "argument":  # PHP, C#: maybe named (price: $p)
            inner = [c for c in node.named_children() if c.kind() != "comment"]
            name = node.field("name")
            if not inner:
                continue
            if inner[0].kind() == "variadic_unpacking":
                spread = True
            elif name is not None and len(inner) > 1:
                keyword[name.text()] = inner[-1]
            else:
                positional.append(inner[-1])
        else:
            positional.append(node)
    return Arguments(tuple(positional), keyword, spread)


# -- binding and substituting -----------------------------------------------------------------

Bound = dict[str, tuple[Any, str]]
"""A parameter (as written) -> the argument's value (a literal or a marker) and its source."""


def bind(params: tuple[Param, ...], args: Arguments, ex: Extractor) -> tuple[Bound, bool]:
    """The caller's arguments bound to a wrapper's parameters, and whether some could not be
    (a spread argument)."""
    bound: Bound = {}
    positional = [p for p in params if p.position is not None and not p.rest]
    for param, node in zip(positional, args.positional, strict=False):
        _put(bound, param, node, ex)
    by_name = {p.bare: p for p in params if p.keyword and not p.rest}
    extra: dict[str, SgNode] = {}
    for name, node in args.keyword.items():
        named = by_name.get(name)
        if named is not None:
            _put(bound, named, node, ex)
        else:
            extra[name] = node
    if extra:  # **kwargs, or (Ruby) the trailing pairs as a hash for a positional parameter
        catch = next((p for p in params if p.rest == "**"), None)
        free = [p for p in positional if p.name not in bound]
        if catch is None and free and ex.family == "ruby":
            catch = free[0]
        if catch is not None:
            values = {k: ex.value(v, "", record=False) for k, v in extra.items()}
            bound[catch.name] = (values, "{" + ", ".join(n.text() for n in extra.values()) + "}")
    return bound, args.spread


def _put(bound: Bound, param: Param, node: SgNode, ex: Extractor) -> None:
    value = ex.value(node, "", record=False)
    if value is OMIT:
        return
    if param.keys:  # a JavaScript object pattern: each key its own name
        for key, local in param.keys:
            if type(value) is dict and DYNAMIC not in value:
                if key in value:
                    item = value[key]
                    bound[local] = (item, _source_of(item, f"{node.text()}.{key}"))
            else:
                bound[local] = (dynamic_marker(f"{_operand(node.text())}.{key}"), "")
        return
    bound[param.name] = (value, node.text())


def _source_of(value: Any, fallback: str) -> str:
    if type(value) is dict and DYNAMIC in value:
        return str(value[DYNAMIC])
    if type(value) is str:
        return repr(value)
    return fallback


def _operand(source: str) -> str:
    return source if _SIMPLE.match(source) else f"({source})"


def substitute(
    wrapper: Wrapper, bound: Bound, *, spread: bool
) -> tuple[dict[str, Any], tuple[Dynamic, ...], list[str]]:
    """The wrapper's params with the caller's arguments put where its parameters are used,
    the run-time values of the result, and the values computed inside the wrapper."""
    defaults = {p.name: _default(p.default, p.rest) for p in wrapper.params}
    for param in wrapper.params:
        for local, raw in param.key_defaults:
            defaults[local] = _default(raw, "")
    names = {local for p in wrapper.params for local in p.locals}
    inner: list[str] = []
    state = _State(bound, defaults, names, spread, inner)
    params = state.walk(wrapper.body)
    if type(params) is not dict:
        params = {}
    extra: list[Dynamic] = []
    marked = {d.path for d in markers(wrapper.body, "")}
    for entry in wrapper.dynamic:
        if entry.path in marked:
            continue
        source = entry.source.lstrip("*.").removeprefix("...")
        value = bound.get(source)
        if (
            entry.path == ""
            and value is not None
            and type(value[0]) is dict
            and DYNAMIC not in value[0]
        ):
            params = {**params, **{k: v for k, v in value[0].items() if v is not OMIT}}
            continue
        extra.append(Dynamic(entry.path, state.rewrite(entry.source) or entry.source))
    dynamic = tuple(extra) + tuple(markers(params, ""))
    return params, dynamic, list(dict.fromkeys(inner))


@dataclass
class _State:
    bound: Bound
    defaults: dict[str, Any]
    names: set[str]
    spread: bool
    inner: list[str]

    def walk(self, value: Any) -> Any:
        if type(value) is dict:
            if DYNAMIC in value and next(iter(value)) == DYNAMIC:
                return self.marker(value)
            out = {}
            for key, item in value.items():
                got = self.walk(item)
                if got is not OMIT and not (got == {} and item != {}):  # emptied: left out
                    out[key] = got
            return out
        if type(value) is list:
            return [v for v in (self.walk(item) for item in value) if v is not OMIT]
        return value

    def marker(self, marker: dict[str, Any]) -> Any:
        source = str(marker[DYNAMIC])
        if len(marker) == 1:
            direct = self.value_of(source)
            if direct is not None:
                return direct[0]
        rewritten = self.rewrite(source)
        if rewritten is None:
            self.inner.append(source)
            return marker
        out: dict[str, Any] = {DYNAMIC: rewritten}
        for key, item in list(marker.items())[1:]:
            out[key] = self._part(item)
        return out

    def _part(self, item: Any) -> Any:
        """A part of a choice or an each: its texts (``if``, ``over``) rewritten, its values
        walked."""
        if type(item) is not dict or DYNAMIC in item:
            return self.walk(item)
        out = {}
        for key, value in item.items():
            text = self.rewrite(value) if key in ("if", "over") and type(value) is str else None
            out[key] = text or (value if type(value) is str else self._part(value))
        return out

    def value_of(self, source: str) -> tuple[Any] | None:
        """The value of a parameter, or of a key path into it (``opts.price``)."""
        name = re.match(r"^[$@]?[A-Za-z_]\w*", source)
        if name is None or name.group() not in self.names:
            return None
        param = name.group()
        rest = source[name.end() :]
        if param in self.bound:
            value, written = self.bound[param]
        elif self.spread:
            return None
        else:
            value, written = self.defaults.get(param, OMIT), ""
        steps = list(_ACCESS.finditer(rest))
        if "".join(m.group() for m in steps) != rest:
            return None
        for at, step in enumerate(steps):
            key = step.group("attr") or step.group("prop") or step.group("key") or step.group("sym")
            if type(value) is dict and DYNAMIC not in value:
                value = value.get(key, OMIT)
                continue
            if value is OMIT or value is None:
                return (OMIT,)
            base = str(value[DYNAMIC]) if type(value) is dict else written
            tail = "".join(m.group() for m in steps[at:])
            return (dynamic_marker(_operand(base) + tail),)
        if value is None:
            return (OMIT,)
        return (value,)

    def rewrite(self, source: str) -> str | None:
        """The expression with each parameter replaced by the caller's expression; None when it
        uses none (a value computed inside the wrapper)."""
        used = False

        def swap(match: re.Match[str]) -> str:
            nonlocal used
            word = match.group()
            if word not in self.names:
                return word
            used = True
            if word in self.bound:
                value, written = self.bound[word]
                text = str(value[DYNAMIC]) if type(value) is dict and DYNAMIC in value else written
                return _operand(text) if text else word
            if self.spread:  # passed in the spread, or not at all: not known
                return word
            default = self.defaults.get(word, OMIT)
            return repr(default) if default is not OMIT and default is not None else word

        out = _IDENTIFIER.sub(swap, source)
        return out if used else None


def _default(default: str | None, rest: str) -> Any:
    """A parameter's default (its source) as a value (a literal) or a marker; ``OMIT`` when it
    has none."""
    if rest == "**":
        return {}
    if default is None or default == "undefined":
        return OMIT
    raw = default.strip()
    if raw in ("None", "null", "nil", "NULL"):
        return None
    if raw in ("True", "true"):
        return True
    if raw in ("False", "false"):
        return False
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if re.fullmatch(r"-?\d+\.\d+", raw):
        return float(raw)
    quoted = re.fullmatch(r"""(['"])(.*)\1""", raw, re.DOTALL)
    if quoted is not None and "\\" not in raw and "{" not in raw and "$" not in raw:
        return quoted.group(2)
    return dynamic_marker(raw)
