"""Project wrappers of a Checkout Session creation, and the calls to them.

A *wrapper* is a named function or method of the scanned project whose Checkout Session
creation takes values from its own parameters (``def create_checkout(user, price_id):
stripe.checkout.Session.create(line_items=[{"price": price_id}], ...)``): for its callers it is
the creation API. The scan finds them in a first pass over the tree (:class:`WrapperIndex`:
each wrapper's name, owner, parameters and Stripe params with their run-time markers; no
syntax trees are kept), then, file by file, the calls that reach one
(``migrate/scan/symbols.py`` says which do): each is reported as a creation site, *via* the
wrapper, with the caller's arguments bound to the wrapper's parameters (by position, by name,
through a JavaScript object pattern) and put where the wrapper uses them

``migrate/scan/wrapper_args.py``: a literal argument makes a literal, an expression the
caller's expression; the wrapper's locals its params use are written out from what they hold
(``migrate/scan/wrapper_locals.py``, read here with the wrapper's syntax tree), or, when a caller
cannot write one, are ``TODO_<local>`` with a finding (``X021``) at each value naming it.

The wrapper's own site is still reported, and says it is a wrapper: its findings about values
that come from its parameters say they are set by the caller (at their level: when no call in
the tree reaches the wrapper, they are the only place those values show).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.display import shown_path
from migrate.findings import Finding, Level
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.scan.around import Endpoint, translate_around
from migrate.scan.call_frame import call_frame
from migrate.scan.classes import (
    enclosing_class,
    go_interfaces,
    go_method_types,
    implementers,
    interfaces,
)
from migrate.scan.extract import (
    DYNAMIC,
    Dynamic,
    Extractor,
    option_source,
    under,
    with_exprs,
)
from migrate.scan.http_clients import callee_of
from migrate.scan.identity import Resolved
from migrate.scan.lang import extractor_for
from migrate.scan.nodes import of_kind
from migrate.scan.options import connect_in
from migrate.scan.patterns import Language
from migrate.scan.site import CallSite, located, related_finding, static_view
from migrate.scan.suggest import ENDPOINT, suggestion
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
from migrate.scan.wrapper_args import (
    bind,
    call_arguments,
    identifiers,
    plain_path,
    rewritten,
    substitute,
)
from migrate.scan.wrapper_locals import Locals, todo_name, wrapper_locals
from migrate.scan.wrapper_options import caller_option_findings, uses_parameters
from migrate.scan.wrapper_state import Receiver, State, state_of

WRAPPER: Final = "X014"
WRAPPER_CALL: Final = "X015"
UNSEEN_LOCAL: Final = "X021"
AROUND_WRAPPER: Final = "X024"
AROUND_WRAPPER_CALL: Final = "X025"
WHOLE_PARAMS: Final = "RT034"
"""The params of a call around Checkout built where the scan cannot see them."""

_REQUEST_NAMES: Final = frozenset(
    {"request", "req", "res", "response", "ctx", "context", "event", "evt", "next", "env"}
)
"""Parameters a framework passes (a request, a context): values read from them come from the
HTTP request, not from a caller in the project; a function using only these is not a wrapper."""
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
    """The interfaces its class implements (Java, C#: as its header names them; Go: the
    interface types of its package whose method set names it): a receiver declared as one of
    them is an instance of its class when no other class of the tree implements it."""
    locals: Locals = ()
    """Its locals that its params use, with their values in its own terms (None: one a
    caller cannot write; see ``migrate/scan/wrapper_locals.py``)."""
    state: State | None = None
    """How it reads its object's state (a method; ``migrate/scan/wrapper_state.py``)."""
    endpoint: Endpoint | None = None
    """For a wrapper of a call around Checkout (a PaymentIntent, a plan change): where the call
    goes, its run-time id in the wrapper's terms (None: a Checkout Session creation)."""
    option_keys: frozenset[str] = frozenset()
    """The keys its Stripe call's SDK reads as request options when spread into the params
    (``Session.create(..., **kwargs)``): a caller's ``stripe_account=`` is one, no param."""
    options: tuple[tuple[str, str], ...] = ()
    """The request options its Stripe call passes, as read there (``wrapper_options.py``)."""
    connect: bool = False
    """Whether its file shows a trace of Stripe Connect (its options may hold an account)."""

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
    methods: dict[str, frozenset[str]] = field(default_factory=dict)
    """Go: the types of the tree (``folder/Type``; not a test's or a mock's) with a method of
    each Go wrapper's name: any of them may implement an interface naming it."""
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
        out = WrapperIndex(
            {k: list(v) for k, v in self.by_name.items()},
            dict(self.implementers),
            dict(self.methods),
        )
        for wrapper in fresh:
            out.add(wrapper)
            if wrapper.family == "go":
                if wrapper.interfaces and wrapper.name not in self.methods:
                    out.count_go(wrapper.file, text, [wrapper.name])
                continue
            names = {i for i in wrapper.interfaces if i not in self.implementers}
            if names:
                out.count(implementers(text, wrapper.family, names))
        return out

    def interfaces(self) -> dict[str, set[str]]:
        """The interfaces of the wrappers' classes, by language family (Go's are found with
        their implementers: :meth:`go_methods`)."""
        out: dict[str, set[str]] = {}
        for wrappers in self.by_name.values():
            for wrapper in wrappers:
                if wrapper.interfaces and wrapper.family != "go":
                    out.setdefault(wrapper.family, set()).update(wrapper.interfaces)
        return out

    def go_methods(self) -> set[str]:
        """The names of the Go wrappers that are methods (an interface may name them)."""
        return {
            w.name
            for ws in self.by_name.values()
            for w in ws
            if w.family == "go" and w.owner and not w.static
        }

    def count_go(self, path: str, text: str, names: Iterable[str]) -> None:
        """Add what one Go file says about the Go wrappers named ``names``: the types it
        defines a method of that name on (implementers of any interface naming it), and the
        interfaces naming it it declares, to the wrappers of its folder (its package). A test's
        or a mock's file says nothing: it never runs in the program."""
        if mock_file(path):
            return
        folder = _folder(path)
        for name in names:
            types = go_method_types(text, name)
            if types:
                known = self.methods.get(name, frozenset())
                self.methods[name] = known | {f"{folder}/{t}" for t in types}
            declared = go_interfaces(text, name)
            if not declared:
                continue
            wrappers = self.by_name.get(name, [])
            for at, wrapper in enumerate(wrappers):
                if wrapper.family == "go" and wrapper.owner and _folder(wrapper.file) == folder:
                    more = tuple(dict.fromkeys((*wrapper.interfaces, *declared)))
                    wrappers[at] = replace(wrapper, interfaces=more)
            self._gate = None  # the interfaces are words a caller's file may name

    def count(self, found: dict[str, set[str]]) -> None:
        """Add the implementers of interfaces found in one file (:func:`implementers`)."""
        for name, classes in found.items():
            self.implementers[name] = self.implementers.get(name, frozenset()) | classes

    def sole(self, wrapper: Wrapper) -> tuple[str, ...]:
        """The interfaces of a wrapper's class that no other class of the tree implements
        (Go: none when another type of the tree has a method of its name)."""
        if wrapper.family == "go":
            mine = frozenset({f"{_folder(wrapper.file)}/{wrapper.owner}"})
            return wrapper.interfaces if self.methods.get(wrapper.name) == mine else ()
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
    endpoint: Endpoint | None = None,
    option_keys: frozenset[str] = frozenset(),
    options: tuple[tuple[str, str], ...] = (),
) -> Wrapper | None:
    """The wrapper a Checkout Session creation (``node``, with its extracted params) makes of
    the named function around it, when its params use that function's parameters; or a call
    around Checkout (to ``endpoint``), when its params, its run-time id or its request
    ``options`` (as read at the call) do.
    ``option_keys``: what the call's SDK reads as request options among spread params."""
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
        found = [n for n in identifiers(entry.source) if n in names]
        if found:
            used.update(dict.fromkeys(found))
            paths.append(entry.path)
    id_source = endpoint.id_source if endpoint is not None else None
    if id_source is not None:
        used.update(dict.fromkeys(n for n in identifiers(id_source) if n in names))
    used.update(dict.fromkeys(uses_parameters(options, names)))
    if not used:
        return None
    root = node.get_root().root()
    ctx = context(root, family, path)
    texts = [e.source for e in dynamic] + list(_marker_texts(params)) + [id_source or ""]
    texts += [source for _, source in options]
    found_locals = wrapper_locals(
        function.node,
        node,
        extractor_for(family).name_kinds,
        used=[n for t in texts for n in identifiers(t)],
        params={local for p in function.params for local in p.locals},
        identifiers=identifiers,
    )
    cls = enclosing_class(function.node, family) if function.owner else None
    implemented = [i.rsplit(".", 1)[-1] for i in interfaces(cls, family)] if cls else []
    if family == "go" and function.owner and not function.static:
        implemented = go_interfaces(root.text(), function.name)  # the file's; count_go: more
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
        locals=found_locals,
        state=state_of(function.node, function.owner, family, function.static),
        endpoint=endpoint,
        option_keys=option_keys,
        options=options,
        connect=connect_in(root.text()),
    )


def _marker_texts(value: Any) -> Iterator[str]:
    """The texts of the run-time markers in params: their sources, a choice's condition, an
    each's collection."""
    if type(value) is dict:
        for key, item in value.items():
            if type(item) is str and key in (DYNAMIC, "if", "over"):
                yield item
            else:
                yield from _marker_texts(item)
    elif type(value) is list:
        for item in value:
            yield from _marker_texts(item)


def _namespace(function: Function, namespace: str, family: str) -> str:
    """Where a wrapper's owner lives: the file's namespace, or (Ruby) the modules around its
    class (``Billing`` for ``Billing::Checkout``)."""
    if family != "ruby" or not function.owner:
        return namespace
    around = ruby_modules(function.node).split(".")
    if around and around[-1] == function.owner:
        around = around[:-1]
    return ".".join(n for n in around if n)


def as_wrapper(site: CallSite, wrapper: Wrapper) -> CallSite:
    """A creation site that is a wrapper's: it says so, and its findings about values that
    come from its parameters say they are set by the caller. Their levels stay: a wrapper
    nobody in the tree calls is still the only place they show. A call around Checkout whose
    params are all its parameter (``create($data)``) is no call with params built somewhere
    the scan cannot see (RT034): its callers build them, and each is reported; unless no
    other blocker is left (a subscription started from ``**params``): then RT034 is what
    keeps its Dodo frame from reading as a translation, and it stays, set by the caller."""
    named = [p or "(params)" for p in wrapper.caller_paths]
    ident = wrapper.endpoint.id_source if wrapper.endpoint is not None else None
    if ident is not None and any(n in wrapper.uses for n in identifiers(ident)):
        named.append("the object id")
    if uses_parameters(wrapper.options, set(wrapper.uses)):
        named.append("the request options")
    paths = ", ".join(named)
    if wrapper.endpoint is None:
        info = related_finding(
            WRAPPER, name=wrapper.signature, params=", ".join(wrapper.uses), paths=paths
        )
    else:
        info = related_finding(
            AROUND_WRAPPER,
            name=wrapper.signature,
            call=wrapper.endpoint.what,
            params=", ".join(wrapper.uses),
            paths=paths,
        )
    kept: list[Finding] = []
    for finding in site.findings:
        if _under(finding.path, wrapper.caller_paths):
            message = f"{finding.message.rstrip()} Set by the caller of {wrapper.name}."
            kept.append(finding._replace(message=message))
        else:
            kept.append(finding)
    if wrapper.endpoint is not None and _params_passed_on(wrapper):
        others = [f for f in kept if f.code != WHOLE_PARAMS]
        if any(f.level is Level.BLOCKER for f in others):
            kept = others
    return replace(site, findings=(info, *kept), wrapper=wrapper.signature)


def _params_passed_on(wrapper: Wrapper) -> bool:
    """Whether every params object a wrapper's Stripe call takes whole (run-time values at
    no path) comes from its parameters."""
    whole = [d.source for d in wrapper.dynamic if not d.path]
    return bool(whole) and all(
        any(n in wrapper.uses for n in identifiers(source)) for source in whole
    )


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
                ex = ex_type(source=text, file=path)
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


_GO_MOCKS: Final = re.compile(r"(?:^|/)mocks?/|(?:^|/)mock_[^/]*\.go$|_mocks?\.go$")


def mock_file(path: str) -> bool:
    """Whether a file is a test's or a mock's (:func:`test_file`, a ``mocks/`` folder, Go's
    ``mock_*.go`` and ``*_mock.go``, what mockgen and mockery write): a type it defines never
    runs in the program."""
    return test_file(path) or _GO_MOCKS.search(path.replace("\\", "/")) is not None


def _folder(path: str) -> str:
    """A Go file's folder: its package (as ``symbols.context`` names it)."""
    return posixpath.dirname(PurePath(path).as_posix())


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
    own = (wrapper.state, _receiver(call, wrapper, path)) if wrapper.state is not None else None
    params, dynamic, inner, hidden = substitute(wrapper, bound, spread=spread, own=own)
    taken = [(key, option_source(params[key])) for key in params if key in wrapper.option_keys]
    if taken:  # the caller's request options, passed into the wrapper's **kwargs
        params = {k: v for k, v in params.items() if k not in wrapper.option_keys}
        dynamic = tuple(d for d in dynamic if not any(under(d.path, k) for k, _ in taken))
    where = located(call, lines)
    source = SourceRef(path, "code", line=where["line"])
    inner_text = ", ".join(inner) if inner else "none"
    endpoint = wrapper.endpoint
    ids: Resolved | None = None
    if endpoint is None:
        translation = static_view(translate_params(with_exprs(params), source, options), dynamic)
        note = related_finding(WRAPPER_CALL, wrapper=wrapper.label, inner=inner_text)
    else:  # translated as the call around Checkout itself, with the caller's values
        if endpoint.id_source is not None:
            ident, more = rewritten(wrapper, bound, endpoint.id_source, spread=spread, own=own)
            hidden = [*hidden, *(n for n in more if n not in hidden)]
            endpoint = _with_id(endpoint, ident)
        ids = translate_around(params, dynamic, source=source, options=options, endpoint=endpoint)
        translation = ids.translation
        note = related_finding(
            AROUND_WRAPPER_CALL, call=endpoint.what, wrapper=wrapper.label, inner=inner_text
        )
    inside = f"the wrapper {wrapper.label}"
    mine = {todo_name(local) for local in hidden}
    carried = [  # a helper's local the wrapper itself could not see
        (todo.removeprefix("TODO_"), f"{inside} (a helper it reads)")
        for entry in dynamic
        for todo in re.findall(r"\bTODO_\w+", entry.source)
        if todo not in mine
    ]
    pairs = [(local, inside) for local in hidden] + carried
    fields = {n for n in hidden if n not in dict(wrapper.locals)}  # its object's fields
    hidden_values = tuple(unseen(pairs, dynamic, fields=fields))
    return CallSite(
        file=path,
        **where,
        language=language.name,
        kind="create",
        callee=callee,
        params=params,
        dynamic=dynamic,
        translation=translation,
        findings=(
            note,
            *caller_option_findings(
                wrapper, call, ex, (bound, spread, own, taken), translation.kind
            ),
            *hidden_values,
            *translation.findings,
        ),
        suggestion=suggestion(
            language.family,
            translation.dodo,
            dynamic,
            path=translation.request[1] if ids is not None and translation.request else ENDPOINT,
            fallback=translation.fallback if ids is not None else None,
            findings=translation.findings,  # a value a finding reports is no comment
            typescript=language.name in ("typescript", "tsx"),
            ident=ids.ident if ids is not None else None,
            handled=ids.handled if ids is not None else (),
            frame=call_frame(call, language.family),
        ),
        via=wrapper.label,
    )


def _with_id(endpoint: Endpoint, ident: Any) -> Endpoint:
    """A wrapper's endpoint at one call: the object id the caller passes, in the path when it
    is a literal, else as its run-time source."""
    base = endpoint.path
    if type(ident) is str and ident and "/" not in ident:
        return replace(endpoint, path=base.replace("{id}", ident), id_source=None)
    if type(ident) is dict and DYNAMIC in ident:
        return replace(endpoint, id_source=str(ident[DYNAMIC]))
    return endpoint


_RECEIVER: Final = re.compile(
    r"^(?P<receiver>.+?)\s*(?:\?\.|\.|\?->|->|::)\s*[A-Za-z_]\w*\s*$", re.S
)
_SAME: Final = frozenset({"self", "this", "$this", "super", "parent", "static"})


def _receiver(call: SgNode, wrapper: Wrapper, path: str) -> Receiver:
    """What a call of a wrapper method is made on: the same object (no receiver, ``self``,
    ``this``), another one named by a plain path (``billing`` in ``billing.open_checkout(u)``;
    the wrapper's own state is then that object's), or one the call cannot name again (a
    class, a call's result: writing a call again would run it again)."""
    args = call.field("arguments")
    if args is None:
        return Receiver(same=False)
    head = call.text()[: args.range().start.index - call.range().start.index]
    found = _RECEIVER.match(head)
    if found is None:
        return Receiver(same=wrapper.family != "go")  # a bare call: on the same object
    receiver = found.group("receiver").strip()
    separator = head[found.end("receiver") :].strip()
    if receiver in _SAME:
        return Receiver(same=True)
    if separator.startswith("::") or receiver.split(".")[-1].split("->")[-1] == wrapper.owner:
        return Receiver(same=False)  # on the class
    if not plain_path(receiver):
        return Receiver(same=False)
    package = PurePath(path).parent == PurePath(wrapper.file).parent
    return Receiver(same=False, text=receiver, package=package)


def unseen(
    hidden: list[tuple[str, str]],
    dynamic: tuple[Dynamic, ...],
    *,
    fields: Collection[str] = (),
) -> Iterator[Finding]:
    """A finding at each run-time value that names locals of a wrapper or a helper that the
    call cannot see (``TODO_<local>`` in their place); ``hidden``: each local, and where it is;
    ``fields``: those that are fields of the wrapper's object, not locals. One per value and
    function, naming each of its locals."""
    found: dict[tuple[str, str], list[str]] = {}
    for entry in dynamic:
        for local, function in dict.fromkeys(hidden):
            if re.search(rf"\b{re.escape(todo_name(local))}\b", entry.source):
                names = found.setdefault((entry.path, function), [])
                if local not in names:
                    names.append(local)
    for (path, function), names in found.items():
        finding = related_finding(
            UNSEEN_LOCAL,
            function=function,
            locals=_named(names, fields),
            todo=", ".join(f"`{todo_name(n)}`" for n in names),
        )
        yield finding._replace(path=path)


def _named(names: list[str], fields: Collection[str]) -> str:
    """``its local `a```, ``its locals `a`, `b```, ``its field `x```, and both kinds."""
    out = []
    for noun, group in (
        ("local", [n for n in names if n not in fields]),
        ("field", [n for n in names if n in fields]),
    ):
        if group:
            plural = "s" if len(group) > 1 else ""
            out.append(f"its {noun}{plural} " + ", ".join(f"`{n}`" for n in group))
    return " and ".join(out)
