"""One extractor per language family; ``extractor_for`` picks it."""

from __future__ import annotations

import importlib
from functools import cache

from migrate.scan.extract import Extractor
from migrate.scan.patterns import Family

_MODULES: dict[Family, tuple[str, str]] = {
    "python": ("python", "PythonExtractor"),
    "node": ("node", "NodeExtractor"),
    "ruby": ("ruby", "RubyExtractor"),
    "php": ("php", "PhpExtractor"),
    "go": ("go", "GoExtractor"),
    "java": ("java", "JavaExtractor"),
    "kotlin": ("kotlin", "KotlinExtractor"),
    "csharp": ("csharp", "CSharpExtractor"),
}


@cache
def extractor_for(family: Family) -> type[Extractor]:
    """The extractor class of a language family (shell has none: curl is read whole)."""
    module, name = _MODULES[family]
    found: type[Extractor] = getattr(importlib.import_module(f"migrate.scan.lang.{module}"), name)
    return found
