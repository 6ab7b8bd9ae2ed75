"""Find Stripe Checkout Session creation in source code and show the Dodo equivalent.

``scan_paths`` yields one ``CallSite`` per creation call; ``run_scan`` renders a whole run.
"""

from __future__ import annotations

from migrate.scan.extract import Dynamic, Extracted
from migrate.scan.patterns import LANGUAGES, Language, language_for
from migrate.scan.render import render_json, render_text, run_scan
from migrate.scan.scan import CallSite, ScanStats, scan_paths

__all__ = [
    "LANGUAGES",
    "CallSite",
    "Dynamic",
    "Extracted",
    "Language",
    "ScanStats",
    "language_for",
    "render_json",
    "render_text",
    "run_scan",
    "scan_paths",
]
