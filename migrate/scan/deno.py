"""JavaScript and TypeScript that runs on Deno (Supabase Edge Functions, Deno Deploy, Netlify
Edge): what its Dodo code must import and read differently from Node's.

Read from real applications: a Supabase project's checkout is an Edge Function,
``supabase/functions/create-checkout/index.ts``, importing Stripe by URL
(``import Stripe from "https://esm.sh/stripe@14?target=deno"``), reading its key with
``Deno.env.get(...)`` and serving with ``Deno.serve``. Deno has no ``node_modules`` lookup for a
bare ``"dodopayments"`` (the SDK is ``"npm:dodopayments"``), resolves a relative import only by its
full file name (``"./dodo-ids.ts"``, never ``"./dodo-ids"``), and has no ``process`` global in its
older releases (Supabase's runtime among them): the environment is ``Deno.env.get(...)``. A
Supabase deployment bundles each function with what it imports from ``supabase/functions/``
only, so the id map its functions import lives in ``supabase/functions/_shared/``, the folder
Supabase's guide gives code shared by functions."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Final

_DENO_IMPORT: Final = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](?:https?://|npm:|jsr:)""", re.MULTILINE
)
"""An import by URL or by an ``npm:``/``jsr:`` specifier, which only Deno resolves."""
_DENO_GLOBAL: Final = re.compile(r"(?<![\w$.])Deno\.(?:env|serve|args|readTextFile|exit)\b")
"""A use of Deno's own global (Node has none)."""
_IMPORT_MARKS: Final = ("http:", "https:", "npm:", "jsr:")
_NODE_GLOBAL: Final = re.compile(r"(?<![\w$.])(?:process\.|require\()")
CONFIGS: Final = ("deno.json", "deno.jsonc")
SUPABASE_FUNCTIONS: Final = ("supabase", "functions")
SHARED: Final = "_shared"
SDK: Final = "npm:dodopayments"
"""How a Deno module imports the Dodo Payments SDK from npm."""
ENVIRONMENT: Final = 'Deno.env.get("DODO_PAYMENTS_ENVIRONMENT")'


def is_deno(path: str, text: str) -> bool:
    """Whether a JavaScript/TypeScript file runs on Deno: it imports by URL or by an
    ``npm:``/``jsr:`` specifier, reads the ``Deno`` global (and not Node's ``process`` or
    ``require``: code for both runtimes), sits in a Supabase project's
    ``supabase/functions/`` folder, or a ``deno.json`` is in its folder or one above and it
    reads no Node global."""
    # literal searches first: a regex over every file of a large tree was a tenth of its scan
    if any(m in text for m in _IMPORT_MARKS) and _DENO_IMPORT.search(text) is not None:
        return True
    if "Deno." in text and _DENO_GLOBAL.search(text) and _NODE_GLOBAL.search(text) is None:
        return True  # not code for both, reading Deno's env where it runs there
    folder = Path(path).absolute().parent
    if supabase_functions(folder) is not None:
        return True
    # a deno.json above it, unless the file reads Node's globals (a Next.js app beside the
    # Supabase functions a root deno.json configures: `process.env`, bare `"stripe"`)
    return _configured(str(folder)) and _NODE_GLOBAL.search(text) is None


@functools.lru_cache(maxsize=1024)
def _configured(folder: str) -> bool:
    here = Path(folder)
    return any((base / name).is_file() for base in (here, *here.parents) for name in CONFIGS)


def supabase_functions(folder: Path) -> Path | None:
    """The ``supabase/functions`` folder ``folder`` is in (or is), or None."""
    for base in (folder, *folder.parents):
        if (base.parent.name, base.name) == SUPABASE_FUNCTIONS:
            return base
    return None


def ids_module(importer: str, default: str) -> str:
    """Where the id map a Deno file imports is: ``_shared/dodo-ids.ts`` of its Supabase
    project's functions (a function deploys with what ``supabase/functions/`` holds only), else
    the ``default`` module as a ``.ts`` file (Deno runs TypeScript as it is)."""
    functions = supabase_functions(Path(importer).absolute().parent)
    if functions is None:
        return re.sub(r"\.[cm]?[jt]sx?$", "", default) + ".ts"
    shared = functions / SHARED / "dodo-ids.ts"
    return str(shared) if Path(default).is_absolute() else os.path.relpath(shared)


_SUGGESTED: Final = (
    ('(import DodoPayments from "dodopayments")', f'(import DodoPayments from "{SDK}")'),
    ('from "./dodo-ids";', 'from "./dodo-ids.ts";'),
)


def for_deno(suggestion: str) -> str:
    """A Node suggestion as a Deno module writes it: the SDK from npm, the id map by its file
    name."""
    for node, deno in _SUGGESTED:
        suggestion = suggestion.replace(node, deno)
    return suggestion
