"""Where a rewritten Python module's Dodo client reads its key and mode: where the application
reads its own secrets.

``DodoPayments()`` reads ``DODO_PAYMENTS_API_KEY`` from ``os.environ``. Many Python applications
keep their secrets in a ``.env`` file that never reaches ``os.environ``: python-decouple's
``config("STRIPE_SECRET_KEY")`` reads the file itself, and pydantic's ``BaseSettings`` with
``env_file=".env"`` parses it into the settings object only (read from real applications: a
Django SaaS whose billing helper reads its Stripe key with ``decouple.config``, a FastAPI shop
whose ``StripeSettings(BaseSettings)`` reads ``.env``). A client made from ``os.environ`` there
finds no key when the app runs locally, and the first checkout fails. So the client reads its
variables the application's way:

- python-decouple (the module imports it, or the project's requirements name it):
  ``decouple.config("DODO_PAYMENTS_API_KEY")``, which reads the environment first, then the
  ``.env`` / ``settings.ini`` file decouple finds, and fails loudly when neither has it.
- a ``.env`` file read by pydantic's settings or python-dotenv (the project's requirements name
  ``pydantic-settings``, ``pydantic[dotenv]`` or ``python-dotenv``) where the module does not load
  it itself: ``load_dotenv()`` before the client is made, which adds the file's variables to
  ``os.environ`` without replacing any already set (so a deployment's real variables win).
- otherwise ``os.environ``, as the SDK does.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

KEY: Final = "DODO_PAYMENTS_API_KEY"
MODE: Final = "DODO_PAYMENTS_ENVIRONMENT"


@dataclass(frozen=True, slots=True)
class PyEnvReader:
    """How a module's client reads its two variables: the imports it needs, a statement run
    first ("" for none), the key's expression (None: the SDK reads ``os.environ`` itself) and
    the mode's, and the words the client's docstring says about where they come from."""

    imports: tuple[str, ...]
    load: str
    key: str | None
    mode: str
    where: str


ENVIRON: Final = PyEnvReader(("import os",), "", None, f'os.environ.get("{MODE}")', "")
DECOUPLE: Final = PyEnvReader(
    ("import decouple",),
    "",
    f'decouple.config("{KEY}")',
    f'decouple.config("{MODE}", default="")',
    "\n    Both read with python-decouple: the environment first, then the app's .env file.",
)
DOTENV: Final = PyEnvReader(
    ("import os", "from dotenv import load_dotenv"),
    "load_dotenv()",
    None,
    f'os.environ.get("{MODE}")',
    "\n    load_dotenv() adds the app's .env file to the environment first (set ones win).",
)

_DECOUPLE_IMPORT: Final = re.compile(r"^\s*(?:from\s+decouple\s+import|import\s+decouple)\b", re.M)
_DOTENV_LOADED: Final = re.compile(r"\bload_dotenv\s*\(")
MANIFESTS: Final = (
    "requirements.txt",
    "requirements.in",
    "requirements",
    "pyproject.toml",
    "Pipfile",
    "setup.py",
    "setup.cfg",
)
_DECOUPLE_DEP: Final = re.compile(r"(?<![\w-])python-decouple\b", re.I)
_DOTENV_DEP: Final = re.compile(
    r"(?<![\w-])(?:pydantic[-_]settings|python-dotenv|pydantic\s*\[[^\]]*\bdotenv\b)", re.I
)


def py_env_reader(path: str, text: str) -> PyEnvReader:
    """How the Dodo client of the Python module at ``path`` (its text ``text``) reads its key:
    as the module reads its secrets, else as its project does, else from ``os.environ``."""
    if _DECOUPLE_IMPORT.search(text):
        return DECOUPLE
    kind = _project(str(Path(path).absolute().parent))
    if kind == "decouple":
        return DECOUPLE
    if kind == "dotenv" and not _DOTENV_LOADED.search(text):
        return DOTENV
    return ENVIRON


@functools.lru_cache(maxsize=1024)
def _project(folder: str) -> str:
    """``decouple`` or ``dotenv`` by what the nearest folder above ``folder`` that holds a
    Python manifest (requirements, pyproject, Pipfile, setup) depends on, up to the repository's
    top; "" otherwise."""
    for base in (Path(folder), *Path(folder).parents):
        texts = [_read(base / name) for name in MANIFESTS]
        texts += [_read(p) for p in sorted(base.glob("requirements*.txt"))[:8]]
        texts += [_read(p) for p in sorted(base.glob("requirements/*.txt"))[:8]]
        found = "\n".join(t for t in texts if t is not None)
        if not any(t is not None for t in texts):
            if (base / ".git").exists():  # the repository's top: nothing above is the app's
                return ""
            continue
        if _DECOUPLE_DEP.search(found):
            return "decouple"
        return "dotenv" if _DOTENV_DEP.search(found) else ""
    return ""


def _read(path: Path) -> str | None:
    """A manifest's text (None: no such file); UTF-16 with a byte-order mark too (pip freeze
    on Windows PowerShell writes it)."""
    try:
        if not path.is_file():
            return None
        raw = path.read_bytes()[:200_000]
    except OSError:
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8", errors="replace")
