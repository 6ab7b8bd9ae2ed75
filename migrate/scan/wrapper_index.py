"""The wrappers of a scanned tree (``migrate/scan/wrappers.py`` finds them and the calls to
them): what a call to one needs (:class:`Wrapper`, no syntax tree), and the index of a tree's
wrappers by name with the bytes a file must hold to be searched for calls to them
(:class:`WrapperIndex`)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.display import shown_path
from migrate.findings import Finding
from migrate.scan.around import Endpoint
from migrate.scan.classes import go_interfaces, go_method_types, implementers
from migrate.scan.extract import Dynamic
from migrate.scan.http_routes import Route
from migrate.scan.module_vars import imported, seen_alike
from migrate.scan.params import Param
from migrate.scan.php_invoke import INVOKE
from migrate.scan.symbols import Target, function_at
from migrate.scan.words import SharedWords
from migrate.scan.wrapper_constants import Constants
from migrate.scan.wrapper_locals import Locals
from migrate.scan.wrapper_state import State
from migrate.scan.wrapper_statements import Statements

_LITERAL_WORDS: Final = 64
"""Up to this many words, a file is first searched for each as a literal (faster than a
regex without a literal prefix, which walks every byte)."""
_PLAIN: Final = re.compile(r"\w+\Z")
"""A name that is one word (``\\w+``): found as a whole word of the text, looked up in a set."""
_WORD: Final = re.compile(r"[\w$]+")
"""The runs of a text a plain name may be: a plain name (no ``$`` in it) is a whole ``\\w+``
run with no ``$`` either side exactly when it is one of these runs."""
PLAIN_BYTES: Final = re.compile(rb"\w+\Z")
_WORD_BYTES: Final = re.compile(rb"(?<![\w$])\w+")
"""The words of a file's bytes a plain name may be (``mentioned``: ``$`` may follow)."""
CSHARP_INTERFACE: Final = re.compile(r"I[A-Z]")
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
    statements: Statements = ()
    """Of its locals a caller cannot write inline, those a caller writes as a statement before
    its Dodo call (``const course = await getCourse(slug)``: ``wrapper_statements.py``)."""
    rebound_paths: tuple[str, ...] = ()
    """Of its params paths, those whose values read only parameters it rebinds before its
    call to a value no caller can write (``amount, fee = with_fee(amount)``): not set by the
    caller, whose argument only goes into them."""
    constants: Constants = ()
    """The constants of its module (or class) its params read, as literals (see
    ``migrate/scan/wrapper_constants.py``)."""
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
    route: Route | None = None
    """For a raw-HTTP wrapper (a request to the Stripe API at a path its caller gives): where
    its request goes (``migrate/scan/http_routes.py``); each call says what it makes."""
    form: bool = False
    """Whether its Stripe call is a raw request with a form body: a caller's params merged into
    it nest by their bracket keys (``line_items[0][price]``), as the body's own do."""
    overloads: tuple[tuple[Param, ...], ...] = ()
    """The parameters of each method of its class named as it, its own among them (Java, C#;
    () when it has no other): a call is bound to one (``migrate/scan/overloads.py``)."""
    depth: int = 1
    """The project functions a call of it runs through down to the Stripe call, itself among
    them: 1 for a function calling Stripe, 2 for one calling such a wrapper, and so on."""
    chain: tuple[str, ...] = ()
    """Those functions (``file:line`` of each), its own first: a call of it in one of them is a
    recursion, which makes no other wrapper."""
    raw: bool = False
    """Whether a call of a raw-HTTP wrapper made it, or a call of such a wrapper (a read of the
    same call as a request helper's makes a wrapper at the same place too: this one, with what
    the raw wrapper adds to the body and its method, is the one kept)."""
    extension: bool = False
    """A Kotlin extension function of the class ``owner`` (``fun Order.checkout(url)``): its
    state is the receiver's public members (``migrate/scan/kotlin_extensions.py``)."""
    facade: str = ""
    """A Kotlin top-level function's class for Java (``BillingKt`` for ``Billing.kt``, or the
    file's ``@file:JvmName``): ``BillingKt.createSession(...)`` reaches it."""
    inline: tuple[tuple[str, str], ...] = ()
    """The line items paths its code builds with inline prices, with where (RT015 at a call:
    ``migrate/scan/inline_lines.py``)."""
    passes_lines: bool = False
    """Its ``line_items`` are a parameter it names nowhere but at its call (nor adds to):
    a list its caller builds reaches Stripe as built (``migrate/scan/built_lines.py``)."""
    elsewhere: tuple[tuple[str, str], ...] = ()
    """Go: the interface types of other packages whose method set names it, as (folder,
    name): a receiver declared as ``pkg.Name`` is of its type when it is the one implementer."""
    spaces: tuple[str, ...] = ()
    """C#: the namespaces its file's ``using``s name: one declares its class's interface."""
    origin: str = ""
    """For a wrapper of a wrapper: the Stripe call it reaches in the end (``file:line``; "": its
    own). A function whose wrapper call reaches a function creating in several places (one
    session in each branch of an ``if``) makes one wrapper for each, at the same line."""
    package_vars: tuple[str, ...] = ()
    """Go, Kotlin: the top-level variables of its file its params read by name
    (``migrate/scan/module_vars.py``): a call from another package (Go) or file (Kotlin)
    cannot name them."""
    package_values: tuple[tuple[str, str], ...] = ()
    """Of ``package_vars``, those bound once to a literal or an environment read, with that
    value: a caller that cannot name one writes the value instead (when it can compute it)."""
    module_locals: tuple[str, ...] = ()
    """Of its ``locals``, those that are its module's (package's) variables a call from
    elsewhere cannot name (set by :meth:`seen_from`): named so in X021."""
    instances: tuple[str, ...] = ()
    """The top-level names of its file bound to a new object of its class (``gateway =
    Gateway()``): another file imports one and calls it on that (``module_instances.py``)."""
    selector: tuple[str, tuple[str, ...]] | None = None
    """The parameter and the literal values its Stripe call runs under (a ``switch`` on it:
    ``wrapper_selectors.py``); a call passing another literal does not create."""
    awaited: bool = False
    """Python: its Stripe call is awaited (``await ...create_async(...)``): the Dodo call it
    makes is the async client's, whether its callers await it or not (an ``async def`` around
    the sync SDK is awaited by its callers, its Stripe call is not)."""
    made: tuple[Finding, ...] = ()
    """What its own code makes or reads in Stripe for the values its checkout sells (a price
    created just before: X026; read: X023; a coupon created: RT052), as its own site says it:
    each call of it says it too, whichever caller runs it (``migrate/scan/stripe_reads.py``)."""

    def seen_from(self, path: str, text: str = "") -> Wrapper:
        """Itself as a call in the file ``path`` (whose text is ``text``) sees it: its top-level
        variables are locals it cannot write (``TODO_<name>``) at a call from another Go package
        (folder), or another Kotlin, Python or JavaScript file that does not import them."""
        if not self.package_vars or seen_alike(self.family, path, self.file):
            return self
        unseen = [n for n in self.package_vars if not (text and imported(n, text))]
        values = dict(self.package_values)  # one a caller can compute: written as it is
        hidden = tuple((name, values.get(name)) for name in unseen)
        unwritten = tuple(name for name, value in hidden if value is None)
        return replace(
            self,
            locals=(*self.locals, *hidden),
            package_vars=(),
            package_values=(),
            module_locals=(*self.module_locals, *unwritten),
        )

    def holds(self, call: SgNode, path: str) -> bool:
        """Whether a call is in its own body (a recursive call is not a new creation)."""
        if path != self.file:
            return False
        function = function_at(call, self.family, callbacks=True)
        if function is None or function.name != self.name:
            return False
        rng = function.node.range()  # the function holds its Stripe call
        return rng.start.line + 1 <= self.line <= rng.end.line + 1

    def made_at_call(self, said: Iterable[Finding]) -> list[Finding]:
        """What its own code makes or reads in Stripe (``made``), said at a call of it: the
        price it creates sells whichever caller runs it. Not said again where the call's
        translation (``said``) says the same at the same value."""
        told = {(f.code, f.path) for f in said}
        inside = f"The wrapper {self.label} does this in its own code, for every call of it."
        return [
            f._replace(message=f"{f.message.rstrip()} {inside}")
            for f in self.made
            if (f.code, f.path) not in told
        ]

    @property
    def place(self) -> tuple[str, int, str]:
        """Where it is, told apart from the other creations its function reaches."""
        return self.file, self.line, self.origin

    def siblings(self, other: Wrapper) -> bool:
        """Whether ``other`` is another creation of the same function (its other branch) with
        a Dodo call of its own: one making the same call from the same params (``client !=
        null ? client.sessions().create(p) : Session.create(p)``, two clients) is not."""
        return (
            other.place != self.place
            and (other.file, other.name, other.owner, other.params)
            == (self.file, self.name, self.owner, self.params)
            and other.family == self.family
            and replace(other, line=self.line, origin=self.origin, chain=self.chain) != self
        )

    @property
    def reached(self) -> str:
        """The Stripe call it reaches in the end, ``file:line``."""
        return self.origin or f"{shown_path(self.file)}:{self.line}"

    @property
    def label(self) -> str:
        owner = f"{self.owner}." if self.owner else ""
        return f"{owner}{self.name} at {shown_path(self.file)}:{self.line}"

    @property
    def target(self) -> Target:
        return Target(
            self.name,
            self.owner,
            self.static,
            self.module,
            self.namespace,
            (),
            self.extension,
            self.spaces,
            self.instances,
        )

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

    def prefer(self, wrapper: Wrapper) -> bool:
        """Put a wrapper a raw-HTTP wrapper's call made in place of the one at the same place
        that a read of the call as a request helper's made; whether there was one."""
        same = self.by_name.get(wrapper.name, [])
        for at, known in enumerate(same):
            if (known.file, known.line) == (wrapper.file, wrapper.line) and not known.raw:
                same[at] = wrapper
                self._gate = self._names = self._name_bytes = None
                return True
        return False

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
        known = {o.place for m in more for o in self.by_name.get(m.name, [])}
        fresh = [w for w in more if w.place not in known]
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
        interfaces naming it it declares, to the wrappers of its folder (its package) and, as
        another package's, to the others. A test's or a mock's file says nothing: it never
        runs in the program."""
        if mock_file(path):
            return
        folder = package_folder(path)
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
                if wrapper.family != "go" or not wrapper.owner or wrapper.static:
                    continue
                if package_folder(wrapper.file) == folder:
                    more = tuple(dict.fromkeys((*wrapper.interfaces, *declared)))
                    wrappers[at] = replace(wrapper, interfaces=more)
                else:
                    found = ((folder, i) for i in declared)
                    other = tuple(dict.fromkeys((*wrapper.elsewhere, *found)))
                    wrappers[at] = replace(wrapper, elsewhere=other)
            self._gate = None  # the interfaces are words a caller's file may name

    def count(self, found: dict[str, set[str]]) -> None:
        """Add the implementers of interfaces found in one file (:func:`implementers`)."""
        for name, classes in found.items():
            self.implementers[name] = self.implementers.get(name, frozenset()) | classes

    def sole(self, wrapper: Wrapper) -> tuple[str, ...]:
        """The interfaces of a wrapper's class that no other class of the tree implements
        (Go: none when another type of the tree has a method of its name)."""
        if wrapper.family == "go":
            return wrapper.interfaces if self._go_alone(wrapper) else ()
        alone = frozenset({wrapper.owner})
        return tuple(i for i in wrapper.interfaces if self.implementers.get(i) == alone)

    def targets(self, wrapper: Wrapper, *, receiver: bool = True) -> list[Target]:
        """What a call must reach to be a call of the wrapper: its function, a receiver of one
        of its class's interfaces that no other class implements, and (Go, a call with a
        ``receiver``) a receiver of another package's interface naming its method, when its
        type is the one type of the tree with a method of that name."""
        target = wrapper.target
        if wrapper.interfaces:
            target = replace(target, interfaces=self.sole(wrapper))
        out = [target]
        if receiver and wrapper.facade:  # Java: a Kotlin file's functions are its class's
            out.append(replace(target, owner=wrapper.facade, static=True))
        if receiver and wrapper.elsewhere and self._go_alone(wrapper):
            out += [Target(wrapper.name, i, False, "", folder) for folder, i in wrapper.elsewhere]
        return out

    def _go_alone(self, wrapper: Wrapper) -> bool:
        """Whether a Go wrapper's type is the one type of the tree (not a test's or a mock's)
        with a method of its name."""
        mine = frozenset({f"{package_folder(wrapper.file)}/{wrapper.owner}"})
        return self.methods.get(wrapper.name) == mine

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
                | {i for ws in self.by_name.values() for w in ws for _, i in w.elsewhere}
                | {w.name for ws in self.by_name.values() for w in ws if _go_interfaced(w)}
                | {n for ws in self.by_name.values() for w in ws for n in w.instances}
                | {w.name for ws in self.by_name.values() for w in ws if _keyed(w)}
            )
            self._words = [w.encode() for w in words]
            self._word_set = frozenset(w for w in self._words if PLAIN_BYTES.match(w))
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
        file without any calls none of them, so a scan that did not know them stands. An
        ``__invoke`` wrapper is called by calling its object: its class is the name to look for
        (``migrate/scan/php_invoke.py``)."""
        if self._name_bytes is None:
            invoked = {w.owner for w in self.by_name.get(INVOKE, ()) if w.owner}
            self._name_bytes = [n.encode() for n in {*self.by_name, *invoked}]
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


def _go_interfaced(wrapper: Wrapper) -> bool:
    """Whether a Go wrapper is a method an interface names: a file calling it through a field
    of that interface's type need not name the interface (another file of its package declares
    the struct), so its method's name is a word to look for."""
    return wrapper.family == "go" and bool(wrapper.interfaces or wrapper.elsewhere)


def preferred(known: list[Wrapper], more: list[Wrapper]) -> list[Wrapper]:
    """``known`` with the wrappers of ``more`` at new places, and those a raw-HTTP wrapper's
    call made in place of the ones a read of the same call as a request helper's made."""
    out = list(known)
    places = {w.place: at for at, w in enumerate(out)}
    for wrapper in more:
        at = places.get(wrapper.place)
        if at is None:
            places[wrapper.place] = len(out)
            out.append(wrapper)
        elif wrapper.raw and not out[at].raw:
            out[at] = wrapper
    return out


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


_TESTS: Final = re.compile(
    r"(?:^|/)(?:tests?|specs?|__tests__|__mocks__|testing)/"
    r"|(?:^|/)(?:[\w-]+[._-]|[\w.-]*[a-z])?(?:Tests?|Specs?)/"
    r"|(?:^|/)test_[^/]*\.py$|_test\.(?:py|go|rb)$|_spec\.rb$"
    r"|\.(?:test|spec)\.[cm]?[jt]sx?$|(?:Tests?|Spec)\.(?:java|cs|kt)$"
)
"""A test's file by its path: a test folder, a .NET test project's (``Shop.Tests/``,
``Shop.UnitTests/``, ``ShopTests/``), a test's own name in each language's convention."""


def test_file(path: str) -> bool:
    """Whether a file is a test (by its folder or name): a test calling a wrapper exercises it
    (with Stripe mocked, as often as not) and creates nothing the migration must carry."""
    return _TESTS.search(path.replace("\\", "/")) is not None


_MOCKS: Final = re.compile(r"(?:^|/)(?i:mocks?|fakes?|stubs?)/|(?:^|/)mock_[^/]*\.go$|_mocks?\.go$")


def mock_file(path: str) -> bool:
    """Whether a file is a test's or a mock's (:func:`test_file`, a ``mocks/``, ``fakes/`` or
    ``stubs/`` folder, Go's ``mock_*.go`` and ``*_mock.go``, what mockgen and mockery write): a
    type it defines never runs in the program."""
    return test_file(path) or _MOCKS.search(path.replace("\\", "/")) is not None


_TEST_IMPORTS: Final = re.compile(
    rb"^[ \t]*(?:import[ \t]+(?:static[ \t]+)?(?:org\.junit|org\.mockito|org\.testng"
    rb"|io\.mockk|kotlin\.test|org\.assertj)\b"
    rb"|using[ \t]+(?:Xunit|NUnit\.Framework|Microsoft\.VisualStudio\.TestTools|Moq"
    rb"|NSubstitute|FakeItEasy)\b)",
    re.MULTILINE,
)
"""A Java, Kotlin or C# file of a test project: it imports a test framework or a mocking
library (JUnit, Mockito, TestNG, MockK, AssertJ; xUnit, NUnit, MSTest, Moq, NSubstitute,
FakeItEasy)."""


def test_source(data: bytes, family: str) -> bool:
    """Whether a Java or C# file's bytes say it is a test's (:data:`_TEST_IMPORTS`): a class it
    defines (a fake, a recording double) never runs in the program."""
    return family in ("java", "csharp") and _TEST_IMPORTS.search(data) is not None


_CALLING: Final = {"java": "jvm", "kotlin": "jvm"}


def calls_family(family: str) -> str:
    """Which files' calls may reach a wrapper of ``family``: those of the same family, Java's
    and Kotlin's alike (one JVM program calls the other's classes)."""
    return _CALLING.get(family, family)


def package_folder(path: str) -> str:
    """A Go file's folder: its package (as ``symbols.context`` names it)."""
    return posixpath.dirname(PurePath(path).as_posix())


def _keyed(wrapper: Wrapper) -> bool:
    """Whether a Ruby or Python method may be called on a receiver no file types
    (``stripe.create_checkout_session(plan: ...)``: ``migrate/scan/wrapper_roles.py``): its name
    alone then marks a file to search, when it is one of several words (``start_checkout``, not
    ``start``)."""
    return bool(wrapper.owner) and wrapper.family in ("ruby", "python") and "_" in wrapper.name


def nameable(name: str, owner: str, shared: SharedWords | None) -> bool:
    """Whether another file of the tree can name a function, by its name or its owner's, with
    ``shared`` the words found in two files of the tree or more (None: any can)."""
    if shared is None:
        return True
    return any(
        not PLAIN_BYTES.match(word.encode()) or word.encode() in shared
        for word in (name, owner)
        if word
    )


def called_here(node: SgNode, family: str, text: str) -> bool:
    """Whether the named function around a creation is named again in its file's ``text``
    (besides its definition): a call there may make a wrapper of the function it is in."""
    function = function_at(node, family, callbacks=True)
    return function is not None and named_twice(text, function.name)


def named_twice(text: str, name: str) -> bool:
    """Whether ``name`` is a word of ``text`` twice or more: a function's defined there and
    named again (a call of it there can be read)."""
    return _as_words(text, name, 2) >= 2


def _as_words(text: str, name: str, enough: int) -> int:
    """How many times ``name`` is in ``text`` as a word (not within a longer name; ``$``
    counts as part of one), counting up to ``enough``: found by ``str.find``, as fast as a
    regex with a literal to look for (one of all the words of the file was 3% of a scan)."""
    count = 0
    at = text.find(name) if name else -1
    while at >= 0 and count < enough:
        before = text[at - 1] if at else " "
        after = text[at + len(name) : at + len(name) + 1] or " "
        if not _word_char(before) and not _word_char(after):
            count += 1
        at = text.find(name, at + 1)
    return count


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_$"


def under_paths(path: str, roots: tuple[str, ...]) -> bool:
    """Whether a params ``path`` is at, under or above one of ``roots`` (a wrapper's caller
    paths; an empty root is all of the params)."""
    return any(
        path == r or not r or path.startswith((f"{r}.", f"{r}[")) or r.startswith(f"{path}.")
        for r in roots
    )
