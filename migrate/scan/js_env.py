"""Where a rewritten JavaScript/TypeScript module's Dodo client reads its key and mode: where the
application reads its own secrets.

The SDK reads ``DODO_PAYMENTS_API_KEY`` from ``process.env`` (or Deno's environment) when it is
given no key. That holds on Node and on Deno, but not where a framework keeps the ``.env`` file's
secrets out of ``process.env``: SvelteKit gives them through ``$env/static/private`` and
``$env/dynamic/private`` only, Astro and other Vite server code through ``import.meta.env``
(read from real applications: a SvelteKit shop importing ``STRIPE_SECRET_KEY`` from
``$env/static/private``, an Astro site's API route making its Stripe client from
``import.meta.env.STRIPE_SECRET_KEY``). There, a client made from ``process.env`` finds no key
and the first checkout fails; so the client is made with the key read the application's way
(``$env/dynamic/private``: read when the server runs, so a key set in the deployment, not at build
time, is found)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from migrate.scan.deno import ENVIRONMENT as DENO_ENVIRONMENT
from migrate.scan.deno import is_deno
from migrate.scan.packages import depends_on, nearest_package

KEY: Final = "DODO_PAYMENTS_API_KEY"
MODE: Final = "DODO_PAYMENTS_ENVIRONMENT"


@dataclass(frozen=True, slots=True)
class EnvReader:
    """How a module reads the client's two variables: the import it needs (or ""), the key's
    expression (None: the SDK reads it itself) and the mode's."""

    imports: str
    key: str | None
    mode: str


NODE: Final = EnvReader("", None, f"process.env.{MODE}")
DENO: Final = EnvReader("", None, DENO_ENVIRONMENT)
SVELTEKIT: Final = EnvReader(
    'import { env as dodoEnv } from "$env/dynamic/private";', f"dodoEnv.{KEY}", f"dodoEnv.{MODE}"
)
VITE: Final = EnvReader("", f"import.meta.env.{KEY}", f"import.meta.env.{MODE}")

_SVELTEKIT_IMPORT: Final = re.compile(r"""from\s*["']\$env/(?:static|dynamic)/private["']""")
_META_SECRET: Final = re.compile(r"\bimport\.meta\.env\.(?!PUBLIC_|VITE_)[A-Z]\w*")
_PROCESS_ENV: Final = re.compile(r"(?<![\w$.])process\.env\b")
ASTRO_CONFIGS: Final = ("astro.config.mjs", "astro.config.ts", "astro.config.js")


def env_reader(path: str, text: str) -> EnvReader:
    """How the Dodo client of the module at ``path`` (its text ``text``) reads its key: as the
    module reads its secrets (``$env/*/private``, ``import.meta.env``, Deno's environment), else
    as its project does (a SvelteKit or Astro app), else from ``process.env``."""
    if is_deno(path, text):
        return DENO
    if _SVELTEKIT_IMPORT.search(text):
        return SVELTEKIT
    if _PROCESS_ENV.search(text):
        return NODE
    if _META_SECRET.search(text):
        return VITE
    kind = _framework(str(Path(path).absolute().parent))
    return SVELTEKIT if kind == "sveltekit" else VITE if kind == "astro" else NODE


def _framework(folder: str) -> str:
    """``sveltekit`` or ``astro`` when the nearest ``package.json`` above ``folder`` depends on
    it (Astro: or has its config beside it); "" otherwise."""
    found = nearest_package(folder)
    if found is None:
        return ""
    base, data = found
    if any((base / name).is_file() for name in ASTRO_CONFIGS):
        return "astro"
    if depends_on(data, "@sveltejs/kit"):
        return "sveltekit"
    return "astro" if depends_on(data, "astro") else ""
