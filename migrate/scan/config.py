"""Stripe ids in an application's environment and configuration files, and the change to make
for Dodo: ``STRIPE_PRICE_PRO=price_1Q... -> DODO_PRODUCT_PRO=pdt_...`` (mappings/config.yaml).

Which files (found by name in the scanned tree, by the one folder walk, .gitignore and all):

* environment examples: a name whose dot-separated parts hold ``env`` and one of ``example``,
  ``sample``, ``template`` or ``dist`` (``.env.example``, ``.env.production.sample``,
  ``example.env``). Never ``.env``, ``.env.local``, ``.env.production`` or any other: those
  hold the application's secrets, and are neither read nor written;
* Docker Compose files: ``docker-compose*.yml``/``.yaml``, ``compose.yml``, ``compose.*.yaml``;
* configuration files: ``.json``, ``.yml``, ``.yaml``, ``.toml`` or ``.properties`` (Spring's
  ``key=value`` lines) files in a folder named
  ``config``, ``configs``, ``conf`` or ``settings``, or whose name starts with one of the
  words in :data:`CONFIG_STEMS` (``stripe.yml``, ``billing.toml``, ``appsettings.json``,
  ``application-prod.yml``).

What is an id: a value (or a part of one, split at anything but letters, digits and ``_``)
that starts ``price_``, ``plan_``, ``sku_``, ``prod_`` (a Dodo product), ``cus_`` (a
customer) or ``promo_`` (a promotion code, whose Dodo side is a discount code), and the whole
value of a key that names a coupon (a coupon's id is whatever the account chose). A
placeholder (``price_xxx``, ``price_your_id_here``) is not an id.

Nothing secret is printed: only the ids found are echoed, never a value's other text nor any
other value of the file; a value that looks like a key (``sk_``, ``rk_``, ``whsec_``) is
reported (CF003) without showing it.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Final

import yaml

from migrate.findings import Finding
from migrate.mapping.table import load_table
from migrate.readers.idmap import IdMap
from migrate.readers.limits import LimitError, loads
from migrate.scan.payment_links import payment_links
from migrate.scan.site import CallSite, ConfigEntry, ConfigId, ConfigKind

__all__ = ["CONFIG_DIRS", "CONFIG_STEMS", "config_format", "scan_config", "secret_in"]

ENV_EXAMPLE_PARTS: Final = frozenset({"example", "sample", "template", "dist"})
CONFIG_DIRS: Final = frozenset({"config", "configs", "conf", "settings"})
CONFIG_STEMS: Final = frozenset(
    {
        "config",
        "settings",
        "stripe",
        "billing",
        "pricing",
        "prices",
        "plans",
        "payments",
        "appsettings",
        "application",
    }
)
CONFIG_SUFFIXES: Final = {
    ".json": "json",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".toml": "toml",
    ".properties": "properties",
}
_COMPOSE: Final = re.compile(r"^(docker-compose|compose)([._-].*)?\.ya?ml$", re.IGNORECASE)

_ID: Final = re.compile(
    r"(?<![A-Za-z0-9_])(price|plan|prod|sku|cus|promo)_[A-Za-z0-9][A-Za-z0-9_]*"
)
_KIND_OF_PREFIX: Final[dict[str, ConfigKind]] = {
    "price": "product",
    "plan": "product",
    "prod": "product",
    "sku": "product",
    "cus": "customer",
    "promo": "discount",
}
_PLACEHOLDER: Final = re.compile(
    r"^(x{2,}\w*|0+|\.+|123\w*|your\w*|\w*_here|id|ids|key|value|example|sample|placeholder\w*"
    r"|changeme|change_me|replace\w*|dummy|todo|fake\w*|test|foo|bar)$",
    re.IGNORECASE,
)
"""What follows ``price_`` (or ``cus_``...) in an example file's stand-in for a real id."""
_COUPON_KEY: Final = re.compile(r"coupon", re.IGNORECASE)
_NOT_AN_ID_KEY: Final = re.compile(
    r"key|secret|token|password|passwd|url|uri|percent|amount|duration|enabled|count",
    re.IGNORECASE,
)
_COUPON_VALUE: Final = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9_-]{2,32}$")
_SECRET: Final = re.compile(
    r"(?<![A-Za-z0-9])((sk|rk)_(live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{16,})"
)
_WORDS: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_BOOLEAN_ISH: Final = frozenset({"true", "false", "yes", "no", "on", "off", "null", "none"})


def config_format(path: PurePath) -> str | None:
    """What kind of configuration file ``path`` is by its name and folder (``dotenv``,
    ``compose``, ``json``, ``yaml``, ``toml``), or None when the scanner does not read it."""
    name = path.name
    parts = [p.lower() for p in name.split(".") if p]
    if "env" in parts and ENV_EXAMPLE_PARTS & set(parts):
        return "dotenv"
    if name.startswith("."):
        return None
    if _COMPOSE.match(name):
        return "compose"
    kind = CONFIG_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return None
    stem = re.split(r"[._-]", name, maxsplit=1)[0].lower()
    if path.parent.name.lower() in CONFIG_DIRS or stem in CONFIG_STEMS:
        return kind
    return None


def is_config(path: Path) -> bool:
    """The walk's test for a configuration file (``readers.files.walk_files(named=...)``)."""
    return config_format(path) is not None


def secret_in(text: str) -> bool:
    """Whether ``text`` holds something that looks like a Stripe secret (never echoed)."""
    return _SECRET.search(text) is not None


def secret_matches(text: str) -> Iterator[re.Match[str]]:
    """Each secret-looking token of ``text`` (never echoed)."""
    return _SECRET.finditer(text)


def redact(text: str) -> str:
    """``text`` with every secret-looking token replaced by its prefix and ``…``."""
    return _SECRET.sub(lambda m: m.group(0)[: m.group(0).index("_", 3) + 1] + "…", text)


# -- values found in a file -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Value:
    """One string value of a configuration file: its key path, the variable name when it is
    an environment variable, its text, and where it is (1-based line and column)."""

    path: str
    env: str | None
    text: str
    line: int
    column: int


def _dotenv_values(text: str) -> Iterator[_Value]:
    line_re = re.compile(r"^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$")
    for number, line in enumerate(text.splitlines(), 1):
        found = line_re.match(line)
        if found is None:
            continue
        value = _dotenv_value(found.group(4))
        column = len(found.group(1)) + len(found.group(2)) + len(found.group(3)) + 1
        yield _Value(found.group(2), found.group(2), value, number, column)


def _dotenv_value(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    return re.split(r"\s+#", raw, maxsplit=1)[0].strip()


def _yaml_values(text: str, *, compose: bool) -> Iterator[_Value]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    seen: set[int] = set()
    for document in yaml.compose_all(text, Loader=loader):
        if document is not None:
            yield from _yaml_node(document, (), seen, compose)


def _yaml_node(
    node: yaml.Node, path: tuple[str, ...], seen: set[int], compose: bool
) -> Iterator[_Value]:
    if id(node) in seen or len(path) > 64:  # an alias is read once; no cycle, no depth bomb
        return
    seen.add(id(node))
    mark = node.start_mark
    if isinstance(node, yaml.ScalarNode):
        if not node.tag.endswith(":str") or not isinstance(node.value, str):
            return
        line, column = mark.line + 1, mark.column + 1
        if compose and _compose_list_env(path):  # environment: [NAME=value, ...]
            name, _, text = node.value.partition("=")
            where = ".".join((*path[:-1], "environment", name))
            yield _Value(where, name, text, line, column + len(name) + 1)
            return
        variable = _compose_env(path) if compose else None
        yield _Value(".".join(path), variable, node.value, line, column)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _yaml_node(value, (*path, str(key.value)), seen, compose)
    elif isinstance(node, yaml.SequenceNode):
        head, last = path[:-1], (path[-1] if path else "")
        for n, item in enumerate(node.value):
            yield from _yaml_node(item, (*head, f"{last}[{n}]"), seen, compose)


def _compose_env(path: tuple[str, ...]) -> str | None:
    """The variable of ``services.<name>.environment.<VAR>`` (the mapping form)."""
    if len(path) == 4 and path[0] == "services" and path[2] == "environment":
        return path[3]
    return None


def _compose_list_env(path: tuple[str, ...]) -> bool:
    """Whether ``path`` is an item of ``services.<name>.environment`` (the list form)."""
    return (
        len(path) == 3
        and path[0] == "services"
        and re.fullmatch(r"environment\[\d+\]", path[2]) is not None
    )


def _tree_values(doc: Any, text: str) -> Iterator[_Value]:
    """The string values of a JSON or TOML document, each placed at the next occurrence of its
    text in the file (the parsers give no positions; document order is kept)."""
    cursor = 0
    for path, value in _leaves(doc, ()):
        at = text.find(value, cursor)
        if at < 0:
            at = max(text.find(value), 0)
        else:
            cursor = at + len(value)
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        yield _Value(path, None, value, line, column)


def _leaves(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, str):
            yield ".".join(at), node
        elif isinstance(node, dict) and len(at) < 64:
            stack.extend(reversed([(v, (*at, str(k))) for k, v in node.items()]))
        elif isinstance(node, list) and len(at) < 64:
            tail = at[-1] if at else ""
            stack.extend(reversed([(v, (*at[:-1], f"{tail}[{n}]")) for n, v in enumerate(node)]))


def _line_values(text: str, *, compose: bool = False) -> Iterator[_Value]:
    """A file that does not parse: ``key: value`` / ``"key": "value"`` / ``key = value``
    lines, read one by one (the key is the line's own; in a Compose file an upper-case key is
    an environment variable)."""
    line_re = re.compile(r"""^\s*-?\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.+?)\s*,?\s*$""")
    for number, line in enumerate(text.splitlines(), 1):
        found = line_re.match(line)
        if found is not None:
            key, value = found.group(1), found.group(2).strip().strip("\"'")
            env = key if compose and re.fullmatch(r"[A-Z][A-Z0-9_]*", key) else None
            yield _Value(key, env, value, number, found.start(2) + 1)


def _values(text: str, fmt: str) -> Iterator[_Value]:
    try:
        if fmt == "dotenv":
            return _dotenv_values(text)
        if fmt in ("yaml", "compose"):
            return iter(list(_yaml_values(text, compose=fmt == "compose")))
        if fmt == "json":
            return _tree_values(loads(text), text)
        if fmt == "properties":  # Spring's application.properties: key=value lines
            return _line_values(text)
        return _tree_values(tomllib.loads(text), text)
    except (yaml.YAMLError, json.JSONDecodeError, LimitError, tomllib.TOMLDecodeError):
        return _line_values(text, compose=fmt == "compose")
    except (RecursionError, ValueError):  # nested past what the parser can read
        return _line_values(text, compose=fmt == "compose")


# -- names for Dodo ---------------------------------------------------------------------------

_RENAMES: Final[dict[ConfigKind, dict[str, tuple[str, ...]]]] = {
    "product": {
        "price": ("product",),
        "prices": ("products",),
        "plan": ("product",),
        "plans": ("products",),
        "sku": ("product",),
        "skus": ("products",),
    },
    "customer": {},
    "discount": {
        "coupon": ("discount",),
        "coupons": ("discounts",),
        "promo": ("discount",),
        "promotion": ("discount",),
    },
}
"""The words of a Stripe name that change with the kind of id its value holds (``stripe``
becomes ``dodo`` in every name)."""


def _words(segment: str) -> tuple[list[str], str]:
    """The words of a name and how they are joined (``_``, ``-`` or camelCase: ``""``)."""
    for sep in ("_", "-"):
        if sep in segment:
            return segment.split(sep), sep
    return _WORDS.findall(segment) or [segment], ""


def _cased(word: str, like: str, first: bool, sep: str) -> str:
    """``word`` written in the case of ``like``, the word it replaces."""
    if like.isupper() and (sep or len(like) > 1):
        return word.upper()
    if sep:
        return word.capitalize() if like[:1].isupper() else word.lower()
    if first:
        return word.capitalize() if like[:1].isupper() else word.lower()
    return word.capitalize()


def dodo_words(segment: str, kind: ConfigKind) -> str:
    """``segment`` with its Stripe words turned into Dodo's (``STRIPE_PRICE_PRO`` ->
    ``DODO_PRODUCT_PRO``, ``stripeCouponId`` -> ``dodoDiscountCode``), in its own case style."""
    words, sep = _words(segment)
    renames = {"stripe": ("dodo",), **_RENAMES[kind]}
    out = [(new, word) for word in words for new in renames.get(word.lower(), (word.lower(),))]
    if kind == "discount":  # Dodo knows a discount by its code
        coded: list[tuple[str, str]] = []
        for n, (word, like) in enumerate(out):
            following = out[n + 1][0] if n + 1 < len(out) else ""
            if word in ("id", "ids") and coded and coded[-1][0] in ("code", "codes"):
                continue  # coupon_id -> discount_code
            coded.append((word, like))
            if word in ("discount", "discounts") and following not in ("code", "codes"):
                coded.append(("code" if word == "discount" else "codes", like))
        out = coded
    return sep.join(_cased(w, like, n == 0, sep) for n, (w, like) in enumerate(out))


def dodo_variable(name: str, kind: ConfigKind) -> str:
    """The variable to add beside ``name``: its Stripe words made Dodo's, and ``DODO_`` in
    front when it did not name Stripe (``PRICE_PRO`` -> ``DODO_PRODUCT_PRO``)."""
    renamed = dodo_words(name, kind)
    if "stripe" not in name.lower():
        renamed = ("dodo_" if name.islower() else "DODO_") + renamed
    return renamed


def dodo_key(path: str, kind: ConfigKind) -> str:
    """A configuration key with its Stripe words made Dodo's (``stripe.prices.pro`` ->
    ``dodo.products.pro``); a key without them stays as it is (only its value changes)."""
    parts = re.split(r"(\.|\[\d+\])", path)
    return "".join(p if not p or p == "." or p.startswith("[") else dodo_words(p, kind)
                   for p in parts)  # fmt: skip


# -- the sites --------------------------------------------------------------------------------


def _ids_in(value: _Value) -> list[tuple[str, ConfigKind]]:
    found: list[tuple[str, ConfigKind]] = []
    for match in _ID.finditer(value.text):
        rest = match.group(0).split("_", 1)[1]
        if not _PLACEHOLDER.match(rest):
            found.append((match.group(0), _KIND_OF_PREFIX[match.group(1)]))
    last_key = re.split(r"[.\[]", value.path)[-1] if value.path else ""
    text = value.text.strip()
    if (
        not found
        and _COUPON_KEY.search(last_key)
        and not _NOT_AN_ID_KEY.search(last_key)
        and _COUPON_VALUE.match(text)
        and text.lower() not in _BOOLEAN_ISH
        and not _PLACEHOLDER.match(text)
    ):
        found.append((text, "discount"))
    return found


def _pure(text: str, ids: list[str]) -> bool:
    """Whether a value is only its ids (and separators): then it may be shown whole."""
    rest = text
    for stripe_id in ids:
        rest = rest.replace(stripe_id, "")
    return re.fullmatch(r"[\s,;|]*", rest) is not None


def scan_config(text: str, path: str, fmt: str, ids: IdMap | None = None) -> list[CallSite]:
    """The sites of one configuration file: each value holding Stripe ids, with the change to
    make (CF001), each id the id map lacks (CF002), and each value that looks like a secret
    (CF003, never shown)."""
    ids = ids or IdMap.empty()
    table = load_table()
    sites: list[CallSite] = []
    for value in _values(text, fmt):
        if secret_in(value.text):
            sites.append(_secret_site(value, path, fmt, table))
            continue
        found = _ids_in(value)
        if found:
            sites.append(_id_site(value, found, path=path, fmt=fmt, ids=ids, table=table))
    links = [site for _, site in payment_links(text, path, fmt, config=True)]
    return sorted([*sites, *links], key=lambda s: (s.line, s.column)) if links else sites


def _finding(table: Any, code: str, **details: Any) -> Finding:
    rule = table[code]
    level = rule.finding_level
    return Finding(code, level, "", rule.message(**details), rule.advice(**details))


def _secret_site(value: _Value, path: str, fmt: str, table: Any) -> CallSite:
    prefix = redact(_SECRET.search(value.text).group(0))  # type: ignore[union-attr]
    finding = _finding(table, "CF003", key=value.path, prefix=prefix)
    return _site(
        value,
        path=path,
        fmt=fmt,
        source=f"{value.path}=(not shown)",
        findings=(finding,),
        config=None,
        rule="CF003",
    )


def _id_site(
    value: _Value,
    found: list[tuple[str, ConfigKind]],
    *,
    path: str,
    fmt: str,
    ids: IdMap,
    table: Any,
) -> CallSite:
    kind = found[0][1]
    mapped = []
    for stripe_id, id_kind in found:
        entry = ids.get(stripe_id)
        mapped.append(ConfigId(stripe_id, id_kind, entry.id if entry is not None else None))
    env = value.env
    new_key = dodo_variable(env, kind) if env is not None else dodo_key(value.path, kind)
    shown = value.text if _pure(value.text, [m.stripe_id for m in mapped]) else None
    new_value: str | None = None
    if shown is not None and all(m.dodo_id is not None for m in mapped):
        new_value = shown
        for m in mapped:
            pattern = rf"(?<![A-Za-z0-9_]){re.escape(m.stripe_id)}(?![A-Za-z0-9_])"
            new_value = re.sub(pattern, str(m.dodo_id), new_value)
    config = ConfigEntry(fmt, value.path, env, new_key, tuple(mapped), shown, new_value)
    findings: list[Finding] = []
    if all(m.dodo_id is not None for m in mapped):
        findings.append(_finding(table, "CF001", change=config.change(), file=Path(path).name))
    for m in mapped:
        if m.dodo_id is None:
            why = "the id map has no entry for it" if ids.given else "no id map was given"
            findings.append(_finding(table, "CF002", id=m.stripe_id, key=value.path, why=why))
    source = f"{env or value.path}={shown if shown is not None else '…'}"
    rule = findings[0].code
    return _site(
        value,
        path=path,
        fmt=fmt,
        source=source,
        findings=tuple(findings),
        config=config,
        rule=rule,
    )


def _site(
    value: _Value,
    *,
    path: str,
    fmt: str,
    source: str,
    findings: tuple[Finding, ...],
    config: ConfigEntry | None,
    rule: str,
) -> CallSite:
    return CallSite(
        file=path,
        line=value.line,
        column=value.column,
        end_line=value.line,
        end_column=value.column + len(value.text),
        language=fmt,
        kind="related",
        callee=value.path,
        params={},
        dynamic=(),
        translation=None,
        findings=findings,
        suggestion=config.suggestion() if config is not None else findings[0].suggestion,
        source_line=source,
        rule=rule,
        config=config,
    )
