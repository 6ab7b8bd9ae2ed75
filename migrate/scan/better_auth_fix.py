"""``scan --fix`` for Better Auth's Stripe plugin: the move to ``@dodopayments/better-auth``,
rewritten whole or not at all.

The server's ``stripe({...})`` config, the auth client's ``stripeClient()`` plugin and the
``subscription.upgrade`` calls change together: a server with the Dodo plugin no longer answers
``/subscription/upgrade``, and a client with the Dodo plugin has no ``subscription``. So the
rewrite is planned for all the plugin's sites of a scan at once (``better_auth.py``,
``better_auth_client.py``), and made only when every one can be written without a decision:

* the config's plans are read (no plan made at run time), no finding of RT041 (a plan's
  ``limits``, ``seats``, an upgrade by a user who is subscribed already...: a decision; with
  ``--unsafe-fixes`` its warnings are written above the call, a blocker never is);
* each upgrade call is made on the auth client (``authClient.subscription.upgrade``), the client
  module it imports (or any module of the scanned tree) makes the client with ``stripeClient()``
  from ``@better-auth/stripe/client`` (rewritten with the rest), and no module of the scanned
  tree makes another call of the Stripe plugin's client (``subscription.list``, ``cancel``,
  ``restore``, ``billingPortal``: rewritten by hand);
* no file to rewrite also holds a Stripe call to rewrite, and the files use ES imports.

Otherwise each site keeps its suggestion and says why it was left alone.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Level
from migrate.readers.curl import redact
from migrate.scan.better_auth import (
    CLIENT_PACKAGE,
    DODO_PACKAGE,
    IMPORTED_PLANS,
    LOOKUP,
    NO_COUNTERPART,
    PLUGIN_CODE,
    SERVER_PACKAGE,
    UPGRADE_CODE,
    module_files,
)
from migrate.scan.better_auth_client import DODO_CLIENT_PACKAGE
from migrate.scan.js_env import env_reader
from migrate.scan.rewrite import IdsModule, broken
from migrate.scan.rewrite_header import tree
from migrate.scan.site import CallSite
from migrate.scan.source import Skipped, read_source

_OTHER_CALLS: Final = re.compile(
    r"[sS]ubscription\s*\??\.\s*(list|cancel|restore|billingPortal|cancelSubscription)\s*\("
)
_CLIENT_PLUGIN: Final = re.compile(
    r"""import\s*\{(?P<names>[^}]*)\}\s*from\s*["']@better-auth/stripe/client["'];?"""
)
_SERVER_IMPORT: Final = re.compile(
    r"""import\s*\{(?P<names>[^}]*)\}\s*from\s*["']@better-auth/stripe["'];?"""
)
_SDK_IMPORTED: Final = re.compile(r"""from\s*["']dodopayments["']""")


def is_plugin_site(site: CallSite) -> bool:
    """Whether ``site`` is the Stripe plugin's config or an upgrade call."""
    return site.kind == "create" and any(
        f.code in (PLUGIN_CODE, UPGRADE_CODE) for f in site.findings
    )


Edit = tuple[int, int, str]
"""``[start, end)`` of a file's text, and what replaces it."""


class _Refused(Exception):
    """Why the plugin's sites are left alone."""


def plan_plugin_fixes(
    sites: Sequence[CallSite],
    *,
    unsafe: bool,
    refused: Callable[[str], str | None],
    ids: IdsModule,
    others: set[str],
    roots: Sequence[str] | None = None,
) -> tuple[list[tuple[str, str, tuple[CallSite, ...], str, bytes]], str | None]:
    """The rewrite of the plugin's sites: ``(path, before, sites, after, raw)`` for each file
    to write, or why none is rewritten. ``others``: the files with other creations to rewrite
    (never rewritten twice); ``refused``: why a file must not be written (``None``: it may)."""
    try:
        edits = _edits(sites, unsafe=unsafe, ids=ids, others=others, roots=roots)
    except _Refused as exc:
        return [], str(exc)
    out: list[tuple[str, str, tuple[CallSite, ...], str, bytes]] = []
    for path, (before, raw, changes, served) in edits.items():
        why = refused(path)
        if why is not None:
            return [], f"{_shown(path)}: {why}"
        after = _applied(before, changes)
        language = "tsx" if path.endswith(".tsx") else "typescript"
        if path.endswith((".js", ".jsx", ".mjs", ".cjs")):
            language = "javascript"
        line = broken(after, language)
        if line is not None:
            return [], f"the rewrite of {_shown(path)} would not parse (line {line})"
        out.append((path, before, served, after, raw))
    return out, None


def _shown(path: str) -> str:
    from migrate.display import shown_path

    return shown_path(path)


def _edits(
    sites: Sequence[CallSite],
    *,
    unsafe: bool,
    ids: IdsModule,
    others: set[str],
    roots: Sequence[str] | None,
) -> dict[str, tuple[str, bytes, list[Edit], tuple[CallSite, ...]]]:
    servers = [s for s in sites if any(f.code == PLUGIN_CODE for f in s.findings)]
    upgrades = [s for s in sites if any(f.code == UPGRADE_CODE for f in s.findings)]
    for site in sites:
        _check(site, unsafe)
    if upgrades and not servers:
        raise _Refused(
            "the Stripe plugin's server config was not among the scanned files: the client "
            "and the server change together (scan the whole app)"
        )
    files: dict[str, tuple[str, bytes, list[Edit], tuple[CallSite, ...]]] = {}

    def opened(path: str) -> tuple[str, bytes, list[Edit], tuple[CallSite, ...]]:
        same = [p for p in files if Path(p).resolve() == Path(path).resolve()]
        if same and same[0] != path:  # one file named two ways: one rewrite
            raise _Refused(f"{_shown(path)} is named two ways ({same[0]}): scan it once")
        if path in others:
            raise _Refused(f"{_shown(path)} also holds Stripe calls to rewrite: do it by hand")
        if path not in files:
            try:
                raw = read_source(path)
                text = raw.decode("utf-8")
            except (OSError, Skipped, UnicodeDecodeError) as exc:
                raise _Refused(f"{_shown(path)}: cannot read it ({exc})") from None
            files[path] = (text.removeprefix("\ufeff"), raw, [], ())
        return files[path]

    for site in servers:
        text, raw, changes, served = opened(site.file)
        changes += _server_edits(site, text, ids) + _decisions(site, text)
        files[site.file] = (text, raw, changes, (*served, site))
    clients: set[str] = set()
    for site in upgrades:
        text, raw, changes, served = opened(site.file)
        assert site.span is not None
        changes.append((*site.span, "\n".join(site.suggestion.splitlines()[1:])))
        changes += _decisions(site, text)
        files[site.file] = (text, raw, changes, (*served, site))
        clients |= _client_modules(site.file, text)
    if upgrades and not clients:
        raise _Refused(
            "the auth client made with stripeClient() was not found (in the file or a module "
            "of the app it imports): its plugin changes with the calls"
        )
    texts = dict(_tree(roots))  # the app's other modules: its auth client, its other calls
    clients |= {path for path, text in texts.items() if _CLIENT_PLUGIN.search(text)}
    unique = {str(Path(p).resolve()): p for p in sorted(clients, reverse=True)}
    for path in sorted(unique.values()):
        text, raw, changes, served = opened(path)
        changes += _client_edits(text)
        files[path] = (text, raw, changes, served or tuple(upgrades or servers))
    for path, text in [*texts.items(), *((p, f[0]) for p, f in files.items())]:
        other = _OTHER_CALLS.search(text)
        if other is not None:
            line = text.count("\n", 0, other.start()) + 1
            raise _Refused(
                f"{_shown(path)}:{line} makes another call of the Stripe plugin's client "
                f"(subscription.{other.group(1)}), which has no rewrite: move the app by hand "
                "(Dodo: authClient.dodopayments.customer.portal(), "
                "customer.subscriptions.list())"
            )
    for path, (text, _raw, _changes, served) in files.items():
        lines = text.splitlines()
        for site in served:
            if site.file == path and (
                site.line > len(lines) or redact(lines[site.line - 1].strip()) != site.source_line
            ):
                raise _Refused(f"{_shown(path)} changed since it was scanned: scan again")
    return files


_SKIPPED: Final = frozenset(
    {"node_modules", ".git", ".next", ".nuxt", ".svelte-kit", ".turbo", "dist", "build", "out"}
)
_SOURCES: Final = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")


def _tree(roots: Sequence[str] | None) -> Iterator[tuple[str, str]]:
    """The JavaScript/TypeScript modules under the scanned folders that name the Stripe
    plugin's client (``@better-auth/stripe``, a ``subscription`` call): each path (as the
    scan writes paths) and text."""
    for root in roots or ():
        if not Path(root).is_dir():
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in _SKIPPED]
            for name in names:
                if not name.endswith(_SOURCES):
                    continue
                path = os.path.normpath(str(Path(folder) / name))
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    continue
                if b"ubscription" in data or b"@better-auth/stripe" in data:
                    yield path, data.decode("utf-8", "replace")


def _decisions(site: CallSite, text: str) -> list[Edit]:
    """The warnings of RT041 (a rewrite with ``--unsafe-fixes``), written above the line the
    site starts on."""
    assert site.span is not None
    top = text.rfind("\n", 0, site.span[0]) + 1
    said = [
        f"// stripe2dodo {f.code} ({f.level.value}): {' '.join(f.message.split())}"
        for f in site.findings
        if f.code == NO_COUNTERPART
    ]
    return [(top, top, "\n".join(said) + "\n")] if said else []


def _check(site: CallSite, unsafe: bool) -> None:
    where = f"{_shown(site.file)}:{site.line}"
    if site.span is None:
        raise _Refused(
            f"{where} is not made on the auth client itself (or not rewritable in place): the "
            "plugin's sites are rewritten together or not at all"
        )
    for finding in site.findings:
        if finding.code == NO_COUNTERPART and finding.path == "request":
            raise _Refused(f"{where}: the Dodo endpoint needs the request, which the call lacks")
        if finding.code != NO_COUNTERPART:
            if finding.level == Level.BLOCKER:
                raise _Refused(f"{where}: {finding.code}: {finding.message}")
            continue
        if finding.level == Level.BLOCKER or not unsafe:
            raise _Refused(
                f"{where}: {finding.code} ({finding.level.value}): {finding.message}"
                + ("" if finding.level == Level.BLOCKER else " (pass --unsafe-fixes to rewrite)")
            )
    if site.params.get("plans") is not None and not isinstance(site.params["plans"], list):
        raise _Refused(f"{where}: the plans are made at run time")
    elsewhere = any(f.code == PLUGIN_CODE and IMPORTED_PLANS in f.message for f in site.findings)
    if elsewhere and site.dynamic:
        raise _Refused(
            f"{where}: the plans are another module's and read values at run time there "
            "(list the products where the names they read are imported)"
        )
    if "require(" in site.source_line:
        raise _Refused(f"{where}: a CommonJS module: rewritten by hand")


def _server_edits(site: CallSite, text: str, ids: IdsModule) -> list[Edit]:
    """The config call replaced by the Dodo plugin's, and the imports it needs."""
    assert site.span is not None
    dropped = _dropped(text, site.span)
    if dropped:
        raise _Refused(
            f"{_shown(site.file)}:{site.line}: the plugin's config sets {', '.join(dropped)}, "
            "which the rewrite would drop: move it by hand (callbacks to the Dodo plugin's "
            "webhooks({...}) handlers)"
        )
    lines = site.suggestion.splitlines()
    code = "\n".join(line for line in lines if not line.startswith("//"))
    out: list[Edit] = [(*site.span, code)]
    if not text.startswith("import") and "\nimport" not in text:
        raise _Refused(f"{_shown(site.file)}: no ES imports to add the Dodo plugin's to")
    names = f'import {{ dodopayments, checkout, portal, webhooks }} from "{DODO_PACKAGE}";'
    needed = [names]
    if _SDK_IMPORTED.search(text) is None:
        needed.append('import DodoPayments from "dodopayments";')
    reader = env_reader(site.file, text)
    if reader.imports and reader.imports not in text:  # SvelteKit's $env/dynamic/private
        needed.append(reader.imports)
    if LOOKUP + "(" in code:
        spec = ids.node_specifier(site.file, esm=True)
        needed.append(f"import {{ {LOOKUP} }} from {json.dumps(spec)};")
    found = _SERVER_IMPORT.search(text)
    if found is None:
        raise _Refused(f"{_shown(site.file)}: the plugin's import was not found")
    only = [n.strip() for n in found.group("names").split(",") if n.strip()]
    if len(only) == 1 and re.split(r"\s+as\s+", only[0])[0] == "stripe":
        out.append((found.start(), found.end(), "\n".join(needed)))
    else:
        out.append((found.end(), found.end(), "\n" + "\n".join(needed)))
    return out


_KEPT: Final = frozenset({"stripeClient", "stripeWebhookSecret", "createCustomerOnSignUp"})
_KEPT_SUBSCRIPTION: Final = frozenset({"enabled", "plans"})


def _dropped(text: str, span: tuple[int, int]) -> list[str]:
    """The options of the config call at ``span`` the Dodo plugin's config does not carry
    (callbacks, Stripe session params, organization settings)."""
    call = next(
        (
            c
            for c in tree(text, "tsx").find_all(kind="call_expression")
            if (c.range().start.index, c.range().end.index) == span
        ),
        None,
    )
    args = call.field("arguments") if call is not None else None
    first = args.named_children()[0] if args is not None and args.named_children() else None
    if first is None or first.kind() != "object":
        return ["its options (not written as an object)"]
    out: list[str] = []
    for key, value in _keys(first):
        if key == "subscription" and value is not None and value.kind() == "object":
            out += [k for k, _ in _keys(value) if k not in _KEPT_SUBSCRIPTION]
        elif key not in _KEPT and key != "subscription":
            out.append(key)
    return out


def _keys(node: SgNode) -> list[tuple[str, SgNode | None]]:
    out: list[tuple[str, SgNode | None]] = []
    for child in node.named_children():
        if child.kind() == "pair":
            key = child.field("key")
            out.append((key.text().strip("\"'") if key is not None else "?", child.field("value")))
        elif child.kind() == "shorthand_property_identifier":
            out.append((child.text(), None))
        elif child.kind() != "comment":
            out.append((child.text().split("(")[0].strip(), None))
    return out


def _client_modules(path: str, text: str) -> set[str]:
    """The modules making the auth client with ``stripeClient()``: the file itself, or a
    module of the app it imports."""
    if _CLIENT_PLUGIN.search(text) is not None:
        return {path}
    here = str(Path(path).absolute().parent)
    out: set[str] = set()
    for spec in re.findall(r"""\bfrom\s*["']((?:\.{1,2}|@|~|#|\$lib|src)/[^"']+)["']""", text):
        for found in module_files(spec, here):
            try:
                made = found.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if _CLIENT_PLUGIN.search(made) is not None:
                out.add(_as_given(path, found))
    return out


def _as_given(site_path: str, found: Path) -> str:
    """``found`` written as the scan wrote ``site_path`` (relative or absolute)."""
    import os

    if Path(site_path).is_absolute():
        return str(found.resolve())
    return os.path.relpath(found.resolve())


def _client_edits(text: str) -> list[Edit]:
    """``stripeClient(...)`` replaced by ``dodopaymentsClient()``, and its import."""
    found = _CLIENT_PLUGIN.search(text)
    assert found is not None
    names = [n.strip() for n in found.group("names").split(",") if n.strip()]
    local = next(
        (re.split(r"\s+as\s+", n)[-1] for n in names if n.startswith("stripeClient")), None
    )
    if local is None:
        raise _Refused("the auth client's stripeClient import was not found")
    root: SgNode = tree(text, "tsx")
    calls = [
        c
        for c in root.find_all(kind="call_expression")
        if (f := c.field("function")) is not None and f.text() == local
    ]
    if len(calls) != 1:
        raise _Refused("the auth client's stripeClient() call was not found once")
    rng = calls[0].range()
    line = f'import {{ dodopaymentsClient }} from "{DODO_CLIENT_PACKAGE}";'
    out: list[Edit] = [(rng.start.index, rng.end.index, "dodopaymentsClient()")]
    if len(names) == 1:
        out.append((found.start(), found.end(), line))
    else:
        out.append((found.end(), found.end(), "\n" + line))
    return out


def _applied(text: str, changes: list[Edit]) -> str:
    """``text`` with ``changes`` made (in the file's own line breaks): an import as it is, a
    call's lines indented as the line the call starts on."""
    nl = "\r\n" if "\r\n" in text else "\n"
    out = text
    for start, end, new in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        top = out.rfind("\n", 0, start) + 1
        found = re.match(r"[ \t]*", out[top:])
        pad = found.group(0) if found is not None else ""
        if new.lstrip("\n").startswith("import "):
            body = new.replace("\n", nl)
        elif new.startswith("//"):  # comments above a line, at its indent
            body = "".join(f"{pad}{line}{nl}" for line in new.splitlines())
        else:
            body = new.replace("\n", nl + pad)
        out = out[:start] + body + out[end:]
    return out


__all__ = ["CLIENT_PACKAGE", "SERVER_PACKAGE", "is_plugin_site", "plan_plugin_fixes"]
