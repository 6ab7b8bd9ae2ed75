"""A return or cancel URL read from a setting whose configured value carries a Stripe template
(C003).

``success_url=settings.STRIPE_SUCCESS_URL`` (Django), ``success_url:
Rails.configuration.x.stripe.success_url``, ``success_url: process.env.STRIPE_SUCCESS_URL``,
``config('services.stripe.success_url')`` (Laravel): the call shows only where the URL is read,
so the translator carries it as it is (RT008, an info, says a run-time URL may hold a
template). Where the tree configures that setting with ``{CHECKOUT_SESSION_ID}`` in its value
(``STRIPE_SUCCESS_URL = ".../thanks?session_id={CHECKOUT_SESSION_ID}"`` in a settings module,
``config.x.stripe.success_url = "..."`` in ``config/application.rb``, the variable in an
``.env.example`` or a Compose file, the key in a YAML/JSON/TOML/PHP configuration file), Dodo
gets the template's text and fills nothing in: the scan says so at the field (C003, a
warning), naming the setting and where it is set. A configured value without the template is
said nothing of.

Which files are read: the tree's files the scan lists (``.env`` and its kin are never among
them: they hold secrets) whose folder is a configuration folder (``config``, ``settings``...) or
whose name says configuration (``settings.py``, ``config.ts``, ``application.rb``,
``appsettings.json``, an environment example, a Compose file). A line sets the setting when a
key or name written in it is the setting's (its last dotted part, compared without case,
``_`` or ``-``: ``successUrl`` is ``success_url``) followed by ``=``, ``:``, ``=>`` or ``,``
(a default: ``env("STRIPE_SUCCESS_URL", "...")``), and the template comes after it on that
line. The scan's cache asks again (``configured-url``) what the tree says of the setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Final

from migrate.findings import Finding
from migrate.scan import tree_constants
from migrate.scan.extract import Dynamic
from migrate.scan.site import related_finding
from migrate.scan.template_locals import TEMPLATE

FIELDS: Final = ("success_url", "cancel_url", "return_url")
_CONFIG_WORD: Final = re.compile(r"env|conf|setting", re.I)
"""A part of a read's receiver or function that says it reads configuration."""
_KEY: Final = r"""['"]([\w.:-]+)['"]"""
_MEMBER: Final = re.compile(r"^((?:[$@]?\w+(?:\(\))?(?:\.|->|::))+)(\w+)$")
_INDEX: Final = re.compile(rf"^([$@]?[\w.>:-]+?)\s*\[\s*{_KEY}\s*\]$")
_CALL: Final = re.compile(rf"^([$@]?[\w.>:-]*?)\s*\(\s*{_KEY}\s*(?:,[^()]*)?\)$")
_TAIL: Final = re.compile(r"(?:!|\.to_s|\s*(?:\?\?|\|\||\bor\b)\s*.*)$", re.S)
"""What may follow a read without changing which setting it is (``!``, ``?? ""``,
``|| "/"``, ``.to_s``)."""
_SETTING: Final = re.compile(r"[$@]?([A-Za-z_][\w.-]*)\s*['\"]?\s*(?:=>|=(?!=)|:(?!:)|,)")
"""A key or name written in a line, followed by what gives it a value."""
_CONFIG_NAMES: Final = re.compile(
    r"^(?:\.?env(?:[._-].*)?|.*\.env(?:\..*)?|(?:docker-)?compose(?:[._-].*)?"
    r"|(?:settings|config|configuration|conf|application|appsettings|environment|secrets)"
    r"(?:[._-].*)?)$",
    re.I,
)
_CONFIG_DIRS: Final = frozenset(
    {"config", "configs", "conf", "settings", "environments", "initializers", "configuration"}
)
_SUFFIXES: Final = frozenset(
    {
        ".py", ".rb", ".php", ".js", ".mjs", ".cjs", ".ts", ".json", ".yml", ".yaml", ".toml",
        ".properties", ".ini", ".cfg", ".exs", ".ex", ".go", ".java", ".kt", ".cs", ".env", "",
    }
)  # fmt: skip


def configured_templates(dynamic: Iterable[Dynamic], text: str = "") -> tuple[Finding, ...]:
    """C003 at each return or cancel URL of a call read from a setting that a configuration
    file of the scanned tree sets with ``{CHECKOUT_SESSION_ID}`` in its value; ``text``: the
    file's, where a Spring field or parameter names the property it is injected with."""
    out: list[Finding] = []
    for found in dynamic:
        if found.path not in FIELDS:
            continue
        key, where = setting_key(found.source), ""
        if key is None:
            key, where = spring_property(found.source, text)
        if key is None:
            continue
        where = where or configured_url(key)
        if not where:
            continue
        removed = (
            f"it is in the setting `{key}` (read as `{found.source.strip()}`), set in {where}:"
            " remove it there by hand"
        )
        out.append(template_finding(found.path, removed))
    return tuple(out)


def template_finding(field: str, removed: str) -> Finding:
    """C003 at the return or cancel URL ``field``, saying where its template is (``removed``)."""
    finding = related_finding(
        "C003", field=field, template="{CHECKOUT_SESSION_ID}", removed=removed
    )
    return finding._replace(path=field)


def said_once(findings: tuple[Finding, ...], extra: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """``findings`` without the RT008 (a run-time URL *may* hold a template) of a field that a
    C003 of ``extra`` says does hold one, nor their own C003 there (the template removed from
    the URL as written: ``extra``'s says where it is left, to remove by hand; two C003 at one
    field read as a contradiction); each finding once (the same price looked up in two branches
    of a choice is one L113); nor RT006 where RT054 says what a spread's helper sets."""
    known = {f.path for f in extra if f.code == "C003"}
    spread = any(f.code == "RT054" for f in extra)  # a spread's helper read: RT006 said more
    seen: set[tuple[str, str, str]] = set()
    out: list[Finding] = []
    for f in findings:
        if (f.code in ("RT008", "C003") and f.path in known) or (f.code, f.path, f.message) in seen:
            continue
        if spread and f.code == "RT006":
            continue
        seen.add((f.code, f.path, f.message))
        out.append(f)
    return tuple(out)


_SPRING: Final = re.compile(r'@Value\(\s*"\\?\$\{(?P<key>[\w.\[\]-]+)(?P<default>:[^"]*)?\}"\s*\)')
"""Spring's ``@Value("${stripe.success-url}")`` (Kotlin escapes the ``$``), a default after
``:``."""


def spring_property(source: str, text: str) -> tuple[str | None, str]:
    """The property a Spring field or constructor parameter read as ``source`` (``successUrl``,
    ``this.successUrl``) is injected with (``@Value("${stripe.success-url}") private String
    successUrl;``), and where its default sets the template ("" when it does not)."""
    name = source.strip().removeprefix("this.")
    if not re.fullmatch(r"[A-Za-z_]\w*", name) or "@Value" not in text:
        return None, ""
    declared = re.compile(rf"[^;{{}}()=,]*?(?<![\w.]){re.escape(name)}\b")
    for found in _SPRING.finditer(text):
        if declared.match(text, found.end()) is None:
            continue
        default = found.group("default") or ""
        where = f"the default of its `@Value` on `{name}`" if TEMPLATE.search(default) else ""
        return found.group("key"), where
    return None, ""


def setting_key(source: str) -> str | None:
    """The setting a URL expression reads (``settings.STRIPE_SUCCESS_URL`` ->
    ``STRIPE_SUCCESS_URL``, ``config('services.stripe.success')`` -> ``services.stripe.success``),
    or None when it is no read of configuration."""
    text = _TAIL.sub("", source.strip()).strip()
    for pattern in (_INDEX, _CALL, _MEMBER):
        match = pattern.match(text)
        if match is not None and _CONFIG_WORD.search(match.group(1)):
            return match.group(2)
    return None


def configured_url(key: str) -> str:
    """Where (``file:line``) a configuration file of the tree sets the setting ``key`` with a
    Stripe template in its value ("" for none); kept with its answer for the scan's cache."""
    listing = tree_constants.tree()
    if not _MEMO or _MEMO[0][0] is not listing:  # another scan: its files as they are now
        _MEMO[:] = [(listing, {})]
    answers = _MEMO[0][1]
    answer = answers.get(key)
    if answer is None:
        answer = answers[key] = _configured(listing, key)
    tree_constants.record(("configured-url", key, answer))
    return answer


_MEMO: list[tuple[tuple[str, ...], dict[str, str]]] = []
"""The answers given in the scan of one tree (its listing, held: the next scan's is another)."""


def _configured(listing: tuple[str, ...], key: str) -> str:
    wanted = _norm(key.rsplit(".", 1)[-1].rsplit(":", 1)[-1])
    if not wanted or not listing:
        return ""
    for file, text in tree_constants.texts(_config_file):
        if TEMPLATE.search(text) is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            template = TEMPLATE.search(line)
            if template is None:
                continue
            for named in _SETTING.finditer(line, 0, template.start()):
                last = re.split(r"[.:]", named.group(1))[-1]
                if _norm(last) == wanted:
                    return f"{file}:{number}"
    return ""


def _config_file(path: str) -> bool:
    pure = PurePath(path)
    if pure.suffix.lower() not in _SUFFIXES and not pure.name.lower().startswith(".env"):
        return False
    if _CONFIG_DIRS.intersection(part.lower() for part in pure.parts[:-1]):
        return True
    return _CONFIG_NAMES.match(pure.name) is not None


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


__all__ = [
    "configured_templates",
    "configured_url",
    "said_once",
    "setting_key",
    "spring_property",
]
