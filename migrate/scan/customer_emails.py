"""A customer the code creates in Stripe just before the checkout, from an email it holds (X035).

Real applications often create the Stripe customer in the function that makes the session:
``customer = client.v1.customers.create(email: family_email)``, then ``customer: customer.id``.
Read as any other customer id, the Dodo call looked the new id up in the id map, which knows
only the customers that existed when the catalog moved: every checkout threw (X020). The email
the customer is made from is in scope, and Dodo's checkout takes a new customer by email
(``customer: {email}``: matched to an existing Dodo customer or created), so the params are
read as if the code passed ``customer_email`` that email, and X035 says the Stripe customer
creation goes. So is a customer from a get-or-create helper of the project (one X020 names)
given an email (``customerId = await getOrCreateCustomer(user.email, user.id)``). A customer
made without an email (or from a params object the call cannot read) stays X020.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.scan.customers import creates_customer
from migrate.scan.extract import Dynamic, Extracted
from migrate.scan.helper_emails import email_in_helper
from migrate.scan.scoped_names import seen_everywhere
from migrate.scan.site import related_finding

_ID_READ: Final = re.compile(
    r"""(?P<made>.+?)\s*(?:\.id|\[\s*:?["']?id["']?\s*\]|->id|\.ID|\.Id|\.getId\(\s*\))"""
)
"""The id read from a customer object (``c.id``, ``c["id"]``, ``c[:id]``, ``$c->id``, Go's
``c.ID``, C#'s ``c.Id``, Java's ``c.getId()``)."""
_NAME: Final = re.compile(r"\$?[A-Za-z_]\w*|@\w+|(?:self|this)\.\w+|\$this->\w+")

_EMAIL: Final = {
    "python": re.compile(r"(?<![\w.])email\s*=(?!=)\s*"),
    "ruby": re.compile(r"(?<![\w.:])email:\s+|:email\s*=>\s*|[\"']email[\"']\s*=>\s*"),
    "node": re.compile(r"(?<![\w$.])[\"']?email[\"']?\s*:\s*"),
    "php": re.compile(r"[\"']email[\"']\s*=>\s*"),
    "go": re.compile(r"(?<![\w.])Email:\s*"),
    "java": re.compile(r"\.setEmail\(\s*"),
    "kotlin": re.compile(r"\.setEmail\(\s*"),
    "csharp": re.compile(r"(?<![\w.])Email\s*=(?!=)\s*"),
}
"""Where a customer creation's email argument starts, in each SDK's spelling."""
_SHORTHAND: Final = re.compile(r"[{,]\s*email\s*(?=[,}])")
"""JavaScript's ``{ email }``: the local ``email``."""
_WRAPS: Final = re.compile(r"(?:stripe\.String|Objects\.requireNonNull)\((?P<inner>.*)\)", re.S)

_CLOSERS: Final = frozenset(")]}")


def by_email(
    call: SgNode,
    kinds: frozenset[str],
    extracted: Extracted,
    family: str,
    helper: Callable[[], str | None] = lambda: None,
) -> tuple[Extracted, tuple[Finding, ...]]:
    """``extracted`` with a run-time ``customer`` the code creates in Stripe earlier in the
    function (or in the value itself) from an email read as ``customer_email`` that email, and
    X035 saying so; ``extracted`` as it is otherwise. ``helper``: the project helper the
    customer comes from when it creates Stripe customers (X020's), asked only when needed: a
    call of it given an email (``getOrCreateCustomer(user.email)``) is read the same way."""
    params = extracted.params
    source = next((d.source for d in extracted.dynamic if d.path == "customer"), None)
    if source is None or "customer_email" in params or family not in _EMAIL:
        return extracted, ()
    read = _ID_READ.fullmatch(source.strip())
    made = read["made"].strip() if read is not None else ""
    creation = made if creates_customer(made) else _binding(call, made, kinds) if made else None
    email = _made_email(call, creation, kinds, family) if creation else None
    if email is None:
        email = _helper_email(call, source, kinds, family, helper)
    if email is None:
        email = _stored_email(call, source, kinds, family)
    if email is None and _NAME.fullmatch(source.strip()):  # found, else made just now (||)
        bound = _binding(call, source.strip(), kinds, lines=True)
        email = _email_of(bound, family) if bound and creates_customer(bound) else None
        made_id = _ID_READ.fullmatch(bound.strip()) if bound and email is None else None
        if made_id is not None:  # `if (!cid) { const made = ...create({ email }); cid = made.id }`
            inner = _binding(call, made_id["made"].strip(), kinds)
            email = _made_email(call, inner, kinds, family) if inner else None
    if email is None or not seen_everywhere(call, email, family):
        return extracted, ()
    out: dict[str, Any] = {}
    for key, value in params.items():  # in the key's place: the params keep their order
        if key == "customer":
            out["customer_email"] = {"$dynamic": email}
        else:
            out[key] = value
    dynamic = tuple(
        Dynamic("customer_email", email) if d.path == "customer" else d for d in extracted.dynamic
    )
    finding = related_finding("X035", source=short(source), email=short(email))
    return replace(extracted, params=out, dynamic=dynamic), (finding._replace(path="customer"),)


def _helper_email(
    call: SgNode, source: str, kinds: frozenset[str], family: str, helper: Callable[[], str | None]
) -> str | None:
    """The email a get-or-create helper of the project is given where the customer comes from
    its call (``customerId = await getOrCreateCustomer(user.email)``, the call itself, or the
    id of what it returns): an argument naming an email; None when there is none or the helper
    creates no Stripe customer."""
    texts = [source, *_bound_texts(call, source, kinds)]
    calls: list[tuple[str, str]] = []  # each helper called, and its arguments' text
    for text in texts:
        called = _CALL.search(text)
        if called is None or creates_customer(text):  # Stripe's own call: not a helper's
            bare = _BARE_CALL.fullmatch(text.strip())  # Ruby's `find_or_create_customer`
            calls += [(bare["name"], "")] if bare is not None else []
            continue
        args = text[called.end() :]
        args = args[: _expression_end(args, 0, stop="")]
        calls.append((called["name"], args))
        email = _email_of(args, family) or _email_argument(args)
        if email is not None:
            said = helper()  # X020's message names the helper: ", in getOrCreateCustomer)"
            named = rf", in (?:[\w$]+\.)*{re.escape(called['name'])}\)"
            return email if said is not None and re.search(named, said) else None
    said = helper() if calls else None  # given no email: the one the helper reads
    return (
        email_in_helper(
            call, said, calls=calls, family=family, email_of=_email_of, split=_arguments
        )
        if said
        else None
    )


_BARE_CALL: Final = re.compile(r"(?:(?:self|this)\.)?(?P<name>[a-z_]\w*[?!]?)")


def _arguments(args: str) -> list[str]:
    """A call's arguments (``args``: after its opening bracket), each as written."""
    out: list[str] = []
    start = 0
    while start < len(args):
        end = _expression_end(args, start, stop=",")
        if args[start:end].strip():
            out.append(args[start:end].strip())
        if end >= len(args) or args[end] != ",":
            break
        start = end + 1
    return out


_CALL: Final = re.compile(r"(?P<name>[A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*\(")
_ARGUMENT_EMAIL: Final = re.compile(r"[\w$.\->\[\]'\"]*[eE]mail\w*[\w$.\]'\"]*")
"""An argument that names an email (``user.email``, ``$userEmail``, ``body["email"]``)."""


def _email_argument(args: str) -> str | None:
    """The first argument of a call's argument list (``args``, after its opening bracket)
    that is an expression naming an email."""
    start = 0
    while start < len(args):
        end = _expression_end(args, start, stop=",")
        part = args[start:end].strip()
        if _ARGUMENT_EMAIL.fullmatch(part):
            return part
        if end >= len(args) or args[end] != ",":
            return None
        start = end + 1
    return None


_FIELD_READ: Final = re.compile(
    r"(?P<record>[$@]?[A-Za-z_][\w$]*(?:(?:\.|->|\?\.)[A-Za-z_]\w*)*)(?:\.|->|\?\.)(?P<field>[A-Za-z_]\w*)"
)


def _stored_email(call: SgNode, source: str, kinds: frozenset[str], family: str) -> str | None:
    """The email of a customer the function creates in Stripe and stores in a record whose
    field the checkout reads (``customer = await stripe.customers.create({ email })``, then
    ``db.stripeCustomer.create({ data: { stripeCustomerId: customer.id } })``, then ``customer:
    stripeCustomer.stripeCustomerId``: a record found, or made just now); None otherwise."""
    read = _FIELD_READ.fullmatch(source.strip())
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    if read is None or fn is None:
        return None
    before = fn.text()[: call.range().start.index - fn.range().start.index]
    stored = re.compile(
        rf"""(?<![\w$])["']?{re.escape(read["field"])}["']?\s*(?::|=>|=(?!=))\s*"""
        r"""(?P<made>[$@]?[A-Za-z_][\w$]*)\s*(?:\.id|->id|\[\s*:?["']?id["']?\s*\])"""
    )
    for m in stored.finditer(before):
        creation = _binding(call, m["made"], kinds)
        email = _email_of(creation, family) if creation and creates_customer(creation) else None
        if email is not None and (family != "node" or _seen_at_call(email, before)):
            return email
    return None


def _seen_at_call(email: str, before: str) -> bool:
    """Whether the name an email expression starts with is seen where the call is: not a
    ``const``/``let`` of a block the call is after (JavaScript's block scope)."""
    root = re.match(r"[A-Za-z_$][\w$]*", email)
    if root is None:
        return False
    declared = re.search(rf"\b(?:const|let)\s+{re.escape(root.group())}\b", before)
    if declared is None:
        return True
    tail = before[declared.end() :]
    return tail.count("{") >= tail.count("}")  # no block around it closed since


def _bound_texts(call: SgNode, source: str, kinds: frozenset[str]) -> list[str]:
    """The bindings (two deep) of the names ``source`` reads, before ``call`` in its function."""
    out: list[str] = []
    for name in dict.fromkeys(re.findall(r"(?<![\w$.])\$?[A-Za-z_][\w]*", source)):
        bound = _binding(call, name, kinds)
        if bound:
            out.append(bound)
            for inner in dict.fromkeys(re.findall(r"(?<![\w$.])\$?[A-Za-z_][\w]*", bound)):
                deeper = _binding(call, inner, kinds) if inner != name else None
                if deeper:
                    out.append(deeper)
    return out


def _binding(
    call: SgNode, name: str, kinds: frozenset[str], *, lines: bool = False, upto: str = ""
) -> str | None:
    """The value of the last binding of ``name`` before ``call`` in the function it is in
    (``lines``: over the lines a line ending or starting with an operator goes on to;
    ``upto``: before the last place the text ``upto`` is written there, a creation's)."""
    if _NAME.fullmatch(name) is None:
        return None
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    if fn is None:
        return None
    before = fn.text()[: call.range().start.index - fn.range().start.index]
    if upto:
        at = before.rfind(upto)
        before = before[: at if at >= 0 else 0]
    word = re.escape(name)
    found = list(
        re.finditer(
            rf"(?<![\w$.>]){word}\s*(?:,\s*\w+\s*)*(?::[^=\n]+)?(?::=|=(?![=>~]))\s*(?:await\s+)?",
            before,
        )
    )
    if not found:
        return None
    rest = before[found[-1].end() :]
    if lines:  # `a ||\n (await create(...)).id`: the operator carries the value on
        rest = _GOES_ON.sub(" ", rest)
    return rest[: _expression_end(rest, 0, stop=";\n")]


_GOES_ON: Final = re.compile(
    r"(?:\|\||\?\?|&&|[=(,+?:])[ \t]*\n\s*|\s*\n\s*(?=\|\||\?\?|&&|[.)?:])"
)
"""A line break inside an expression: after an operator, or before one."""


_ARGS_NAME: Final = re.compile(r"(?:create|Create|New)\w*\s*\(\s*(?P<name>\$?[A-Za-z_]\w*)\s*[,)]")
"""The local a customer creation is given as its first argument (``create($params)``)."""


def _made_email(call: SgNode, creation: str, kinds: frozenset[str], family: str) -> str | None:
    """The email a Stripe customer creation (``creation``, its source text) is given: in its
    own params, or in those of the local it is passed (``$args = ['email' => $user['email']];
    $cu = $stripe->customers->create($args)``); None when it creates no customer."""
    if not creates_customer(creation):
        return None
    email = _email_of(creation, family)
    args = _ARGS_NAME.search(creation) if email is None else None
    if args is None:
        return email
    bound = _binding(call, args["name"], kinds, lines=True, upto=creation)  # as at the creation
    return _email_of(bound, family) if bound else None


def _email_of(creation: str, family: str) -> str | None:
    """The email argument of a Stripe customer creation's source text, as written."""
    at = _EMAIL[family].search(creation)
    if at is None:
        if family == "node" and _SHORTHAND.search(creation):
            return "email"
        return None
    start = at.end()
    end = _expression_end(creation, start, stop=",")
    value = creation[start:end].strip()
    wrapped = _WRAPS.fullmatch(value)
    if wrapped is not None:
        value = wrapped["inner"].strip()
    return value or None


def _expression_end(text: str, start: int, *, stop: str) -> int:
    """Where the expression starting at ``start`` ends: a ``stop`` character, or a bracket
    closing one it did not open, outside brackets and strings."""
    depth: list[str] = []
    quote = ""
    i = start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth.append(ch)
        elif ch in _CLOSERS:
            if not depth:
                return i
            depth.pop()
        elif not depth and ch in stop:
            return i
        i += 1
    return len(text)
