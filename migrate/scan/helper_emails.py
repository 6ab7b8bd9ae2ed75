"""The email a get-or-create customer helper of the file makes its Stripe customer from, in the
terms of a call of it (X035 through a helper that is given no email).

Rails controllers and PHP services fetch or make the customer in a helper of their own:
``@customer = find_or_create_stripe_customer`` with ``Stripe::Customer.create(email:
current_user.email)`` inside, ``$this->getOrCreateCustomer($user)`` with ``['email' =>
$user->email]``. The checkout's customer was an id-map lookup (X020) that raises for every
new customer; the email the helper reads is the Dodo call's customer instead, written as the
call would write it (the helper's parameters replaced by the call's arguments). Whether every
name it reads is seen at the call is the caller's check (``customer_emails.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.customers import creation_at
from migrate.scan.helper_reads import helper_texts

_NAMED: Final = re.compile(r", in (?:[\w$]+\.)*(?P<name>[\w$]+)\)")
"""The helper X020's message names: ``(..., in getOrCreateCustomer)``."""
_PARAMS: Final = re.compile(r"^[^\n(]*?[\w$]+\s*\((?P<params>[^()]*)\)")
_WORD: Final = re.compile(r"(?<![\w$@.>:])[$@]?[A-Za-z_]\w*")
_ASSIGNED: Final = re.compile(r"(?<![\w$@.>:])([$@]?[A-Za-z_]\w*)\s*(?::=|=(?![=>~]))")


def email_in_helper(
    call: SgNode,
    said: str,
    *,
    calls: list[tuple[str, str]],
    family: str,
    email_of: Callable[[str, str], str | None],
    split: Callable[[str], list[str]],
) -> str | None:
    """The email the helper ``said`` (X020's message) names makes its customer from, written
    with the arguments of its call among ``calls`` (``(name, arguments text)``); ``email_of``
    reads a creation's email argument, ``split`` a call's arguments."""
    named = _NAMED.search(said)
    if named is None:
        return None
    name = named["name"]
    given = next((args for called, args in calls if called == name), None)
    body = dict(helper_texts(f"{name}()", call, family, "")).get(name)
    made = creation_at(body) if body else None
    if made is None or body is None or given is None:
        return None
    email = email_of(body[made:], family)  # the creation's own (not a parameter's type)
    if email is None:
        return None
    first = body.lstrip().split("\n", 1)[0]
    head = _PARAMS.match(first)
    if (head is None and "(" in first) or (head is not None and "=>" in head.group()):
        return None  # a signature not read (a default with brackets, `x => ...`): no mapping
    params = [_param(p) for p in head["params"].split(",") if p.strip()] if head else []
    args = split(given)
    if len(args) < len(params) or not all(params):
        return None
    own = set(_ASSIGNED.findall(body)) - set(params)  # the helper's locals: unseen at the call
    if own & set(_WORD.findall(re.sub(r"""(["'])(?:\\.|(?!\1).)*\1""", "", email))):
        return None
    for param, arg in zip(params, args, strict=False):
        email = re.sub(rf"(?<![\w$@]){re.escape(param)}(?![\w$])", _literal(arg), email)
    return email


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that puts ``text`` as it is (no group references read in it)."""
    return lambda _: text


def _param(written: str) -> str:
    """A parameter's name: without its default, its annotation (``user: User``) or its type
    (``User $user``)."""
    bare = written.split("=", 1)[0]
    bare = bare.split(":", 1)[0] if ":" in bare else bare
    words = _WORD.findall(bare)
    return words[-1] if words else ""
