"""Which calls create a Stripe Checkout Session, per language: data, in one place.

Each language lists ast-grep patterns (any receiver, any arguments) and the exact callee shapes a
match must have once whitespace is removed, so that look-alikes (``billing_portal``,
``.retrieve``, ``paymentIntents``) never count. Adding a language means adding an entry here and
teaching ``extract`` its literal kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Final, Literal

ArgStyle = Literal["python_kwargs", "params_arg"]
"""How a call passes the Stripe params: as keyword arguments (``stripe.checkout.Session.create``)
or as one params argument (``client.checkout.sessions.create(params={...})``, Node's
``create({...})``)."""


@dataclass(frozen=True, slots=True)
class CallPattern:
    """One way of creating a Checkout Session: the ast-grep pattern, the callee it must end with
    (dotted, whitespace removed, receiver excluded), and how the params are passed."""

    pattern: str
    callee_tail: str
    args: ArgStyle
    params_keyword: str | None = None
    """The keyword argument that holds the params (``params``), when there is one."""
    ignored_keywords: frozenset[str] = frozenset()
    """Keyword arguments that are request options, not params (``api_key``, ``options``)."""


@dataclass(frozen=True, slots=True)
class Language:
    """A language ast-grep parses: its name there, its file suffixes and its creation calls."""

    name: str
    """The ast-grep language name (``python``, ``javascript``, ``typescript``, ``tsx``)."""
    family: Literal["python", "node"]
    """Which Dodo SDK the suggested replacement uses."""
    suffixes: tuple[str, ...]
    calls: tuple[CallPattern, ...]


_PY_REQUEST_OPTIONS: Final = frozenset(
    {"api_key", "stripe_account", "stripe_version", "idempotency_key", "stripe_context"}
)

_PYTHON_CALLS: Final = (
    # stripe-python's resource API: stripe.checkout.Session.create(mode=..., line_items=[...])
    CallPattern(
        "$S.checkout.Session.create($$$ARGS)",
        "checkout.Session.create",
        "python_kwargs",
        ignored_keywords=_PY_REQUEST_OPTIONS,
    ),
    # StripeClient: client.checkout.sessions.create(params={...}) and client.v1.checkout...
    CallPattern(
        "$S.checkout.sessions.create($$$ARGS)",
        "checkout.sessions.create",
        "params_arg",
        params_keyword="params",
        ignored_keywords=frozenset({"options"}),
    ),
)

_NODE_CALLS: Final = (
    # stripe-node: stripe.checkout.sessions.create({...}, {idempotencyKey}) (awaited or not)
    CallPattern("$S.checkout.sessions.create($$$ARGS)", "checkout.sessions.create", "params_arg"),
)

LANGUAGES: Final[tuple[Language, ...]] = (
    Language("python", "python", (".py",), _PYTHON_CALLS),
    Language("javascript", "node", (".js", ".mjs", ".cjs", ".jsx"), _NODE_CALLS),
    Language("typescript", "node", (".ts", ".mts", ".cts"), _NODE_CALLS),
    Language("tsx", "node", (".tsx",), _NODE_CALLS),
)

_BY_SUFFIX: Final = {suffix: lang for lang in LANGUAGES for suffix in lang.suffixes}

SUFFIXES: Final = frozenset(_BY_SUFFIX)
"""Every file suffix the scanner reads."""

PREFILTER: Final = (b"checkout", b"create")
"""Bytes a file must contain (all of them) to be worth parsing."""


def language_for(path: str | PurePath) -> Language | None:
    """The language of a file, by suffix; None for files the scanner does not read."""
    return _BY_SUFFIX.get(PurePath(path).suffix.lower())


def callee_matches(call: CallPattern, callee: str) -> bool:
    """True when ``callee`` (a call's function text) is exactly ``<receiver>.<callee_tail>``
    (``stripe``, ``self.client``, ``client.v1``, ``getStripe()`` as the receiver)."""
    flat = "".join(callee.split())
    tail = "." + call.callee_tail
    return flat.endswith(tail) and len(flat) > len(tail)
