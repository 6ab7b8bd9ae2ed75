"""Whether a file's bytes name Stripe: the test every file passes before it is parsed.

Every Stripe integration names Stripe somewhere in the file that calls it (an import, a
package, the API host: ``PREFILTER``), with one exception: a .NET project may import
``Stripe`` and ``Stripe.Checkout`` once for all its files, by a ``global using`` directive in
one of them or a ``<Using Include="Stripe.Checkout" />`` item of its project file (or of a
``Directory.Build.props`` above it). Its services then build a ``SessionCreateOptions`` with
no Stripe in sight. Such a file counts when its project does import Stripe so; a project's own
Stripe-shaped classes, in a project that does not, do not. A loose C# file (no project above it:
a repository of code excerpts) counts when it names Stripe.net's ``SessionService`` too and no
C# file next to it declares its own ``SessionCreateOptions``. A Laravel controller reaches Stripe
through Cashier's Billable model (``migrate/scan/lang/php_cashier.py``) and names no Stripe
either: a PHP file making one of Cashier's Checkout calls counts, unless its application's
``composer.json`` requires a Cashier for another provider only (Paddle, Chargebee, Mollie: their
Billable models have the same calls); one whose items are known only at run time counts only
when it requires Cashier for Stripe (``laravel/cashier``).
A Rails controller on the Pay gem (``migrate/scan/lang/ruby_pay.py``) likewise: a Ruby file
making Pay's Checkout call counts, unless its application's ``Gemfile`` names no ``stripe`` gem
(Pay bills through Braintree or Paddle then).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Final

from migrate.scan.better_auth_client import forget_plugin_projects, may_upgrade, plugin_project
from migrate.scan.patterns import PREFILTER

_NET_HINT: Final = b"SessionCreateOptions"
"""What a C# file of Stripe.net's Checkout names when it names no Stripe (its options class)."""
_NET_SERVICE: Final = b"SessionService"
_OWN_OPTIONS: Final = re.compile(rb"\b(?:class|record|struct)\s+SessionCreateOptions\b")
_CASHIER: Final = re.compile(
    rb"->(?:newSubscription|checkoutCharge)\s*\(|->checkout\s*\(\s*\[?\s*['\"]price_"
    rb"|->checkout\s*\([^;]*['\"](?:success_url|cancel_url|return_url)['\"]\s*=>"
)
_OTHER_CASHIER: Final = re.compile(rb'"[\w.-]+/[\w.-]*cashier[\w.-]*"\s*:')
"""A Composer requirement of a Cashier package (for Stripe: ``laravel/cashier``; the others bill
elsewhere)."""
_CASHIER_RUN_TIME: Final = re.compile(rb"->checkout\s*\(|\bCheckout::(?:guest|customer)\s*\(")
"""Cashier's Checkout calls whose items are known only at run time (``$user->checkout([$price =>
1])``, ``Checkout::guest()->create($price)``): counted only in an application whose
``composer.json`` requires Cashier for Stripe (``checkout`` is too common a name otherwise)."""
_FIRESTORE: Final = re.compile(rb"""[/"'`]checkout_sessions["'`]""")
"""The Firebase extension's collection, written in JavaScript or Python
(``lang/firebase_sessions.py``)."""
_FIRESTORE_SUFFIXES: Final = (
    ".py",
    ".js",
    ".jsx",
    ".mjs",
    ".cjs",
    ".ts",
    ".tsx",
    ".mts",
    ".cts",
    ".vue",
    ".svelte",
)
_PAY: Final = re.compile(rb"payment_processor\b[^\n.]*\.\s*checkout(?:_charge)?\b")
_GLOBAL_USING: Final = re.compile(
    rb"^[ \t]*global[ \t]+using[ \t]+(?:static[ \t]+)?(?:global::)?Stripe\b", re.MULTILINE
)
_USING_ITEM: Final = re.compile(rb"<Using\s[^>]*Include\s*=\s*[\"']Stripe\b")
_LEVELS: Final = 32
_HEAD: Final = 1 << 16
"""How much of a file next to the project file is read for a ``global using`` (they come first)."""


def names_stripe(data: bytes, path: str) -> bool:
    """``PREFILTER`` matches, or ``path`` is C# naming Stripe.net's Checkout options in a
    project that imports Stripe for all its files."""
    if PREFILTER.search(data) is not None:
        return True
    if path.endswith(".php"):
        folder = str(Path(path).absolute().parent)
        if _CASHIER.search(data) is not None:
            return not other_cashier_at(folder)
        return _CASHIER_RUN_TIME.search(data) is not None and stripe_cashier_at(folder)
    if path.endswith(_FIRESTORE_SUFFIXES):
        if _FIRESTORE.search(data) is not None:
            return True
        # Better Auth's Stripe plugin: authClient.subscription.upgrade({...}) names no Stripe
        return may_upgrade(data) and plugin_project(path, data.decode("utf-8", "replace"))
    if path.endswith(".rb"):
        return _PAY.search(data) is not None and gems_stripe_at(str(Path(path).absolute().parent))
    return path.endswith(".cs") and _NET_HINT in data and project_imports_stripe(path, data)


_PREFILTER_WORDS: Final = (
    b"checkout.session",
    b"customer.subscription",
    b"invoice.pa",
    b"payment_intent.",
)
"""``PREFILTER``'s words besides Stripe's name: a file that calls ``sc.checkout.sessions.create``
on a client imported from ``./clients`` names Stripe no other way (its wrappers' callers were
never read)."""


def may_name_stripe(data: bytes) -> bool:
    """A literal search that never says no to a file :func:`names_stripe` accepts."""
    named = (
        b"tripe" in data
        or b"TRIPE" in data
        or _NET_HINT in data
        or b"checkout_sessions" in data
        or any(word in data for word in _PREFILTER_WORDS)
    )
    cashier = b"->checkout" in data or b"->newSubscription" in data or b"Checkout::" in data
    upgrade = b"pgrade" in data  # Better Auth's subscription.upgrade
    return named or cashier or upgrade or b"payment_processor" in data


def project_imports_stripe(path: str, data: bytes = b"") -> bool:
    """Whether the .NET project ``path`` belongs to imports a ``Stripe`` namespace for all its
    files; for a loose file (no ``.csproj`` above it, as in a repository of code excerpts),
    whether ``data`` names Stripe.net's Checkout service too (``SessionService``) and no C#
    file next to it declares its own ``SessionCreateOptions``. (The scan's cache needs no
    question for it: a file is tested before its entry is looked up, and a file that fails the
    test is never kept.)"""
    folder = str(Path(path).absolute().parent)
    found = imports_stripe_at(folder)
    if found is not None:
        return found
    return _NET_SERVICE in data and not _own_options_at(folder)


@functools.lru_cache(maxsize=4096)
def imports_stripe_at(folder: str) -> bool | None:
    """The answer for a file in ``folder``: the nearest folder at or above it holding a
    ``.csproj`` is the project's; its project files, the ``Directory.Build.props`` files at
    or above it, and the C# files next to the project file are read. None: no project."""
    here = Path(folder)
    project: Path | None = None
    for at, base in enumerate((here, *here.parents)):
        if at > _LEVELS:
            break
        names = _listing(base)
        if project is None and any(name.endswith(".csproj") for name in names):
            project = base
            if any(_imports(base / n) for n in names if n.endswith((".csproj", ".cs"))):
                return True
        props = "Directory.Build.props"
        if project is not None and props in names and _imports(base / props):
            return True
    return None if project is None else False


@functools.lru_cache(maxsize=4096)
def _own_options_at(folder: str) -> bool:
    """Whether a C# file in ``folder`` declares a class, record or struct named
    ``SessionCreateOptions`` (a project's own Stripe-shaped classes)."""
    for name in _listing(Path(folder)):
        if name.endswith(".cs"):
            try:
                with (Path(folder) / name).open("rb") as file:
                    if _OWN_OPTIONS.search(file.read(_HEAD)) is not None:
                        return True
            except OSError:
                continue
    return False


def other_cashier_at(folder: str) -> bool:
    """Whether the Laravel application a PHP file in ``folder`` bills with a Cashier for another
    provider, not for Stripe (the same Billable calls): its nearest ``composer.json`` requires
    one (``laravel/cashier-paddle``, ``chargebee/cashier``, ``mollie/laravel-cashier-mollie``)
    and not ``laravel/cashier``."""
    head = _composer_at(folder)
    return b'"laravel/cashier"' not in head and _OTHER_CASHIER.search(head) is not None


def stripe_cashier_at(folder: str) -> bool:
    """Whether the nearest ``composer.json`` above ``folder`` requires Cashier for Stripe."""
    return b'"laravel/cashier"' in _composer_at(folder)


@functools.lru_cache(maxsize=4096)
def _composer_at(folder: str) -> bytes:
    """The head of the nearest ``composer.json`` above ``folder`` (empty when there is none)."""
    here = Path(folder)
    for at, base in enumerate((here, *here.parents)):
        if at > _LEVELS:
            break
        if "composer.json" in _listing(base):
            try:
                with (base / "composer.json").open("rb") as file:
                    return file.read(_HEAD)
            except OSError:
                return b""
    return b""


@functools.lru_cache(maxsize=4096)
def gems_stripe_at(folder: str) -> bool:
    """Whether the Rails application a Ruby file in ``folder`` belongs to may bill with Stripe:
    its nearest ``Gemfile`` names the ``stripe`` gem (none found: it may)."""
    here = Path(folder)
    for at, base in enumerate((here, *here.parents)):
        if at > _LEVELS:
            break
        if "Gemfile" in _listing(base):
            try:
                with (base / "Gemfile").open("rb") as file:
                    head = file.read(_HEAD)
            except OSError:
                return True
            return re.search(rb"""^\s*gem\s*\(?\s*["']stripe["']""", head, re.M) is not None
    return True


def forget_projects() -> None:
    """Read the project files afresh (a new scan: one may have changed since the last)."""
    imports_stripe_at.cache_clear()
    _own_options_at.cache_clear()
    _composer_at.cache_clear()
    gems_stripe_at.cache_clear()
    forget_plugin_projects()


def _listing(folder: Path) -> list[str]:
    try:
        return sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return []


def _imports(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD)
    except OSError:
        return False
    pattern = _GLOBAL_USING if path.suffix == ".cs" else _USING_ITEM
    return pattern.search(head) is not None
