"""Find Stripe Checkout Session creation in source code and show the Dodo equivalent.

``scan_paths`` yields one ``CallSite`` per creation call; ``collect`` gathers a whole run into
a ``ScanResult`` (``result.py``), which the formats in ``migrate/formats`` render.
"""

from __future__ import annotations

from migrate.scan.extract import Dynamic, Extracted
from migrate.scan.patterns import LANGUAGES, Language, language_for
from migrate.scan.result import ScanResult
from migrate.scan.scan import CallSite, ScanStats, collect, scan_paths

__all__ = [
    "LANGUAGES",
    "CallSite",
    "Dynamic",
    "Extracted",
    "Language",
    "ScanResult",
    "ScanStats",
    "collect",
    "language_for",
    "scan_paths",
]
