"""Whether a run-time trial end the Dodo call counts days from may be nothing.

A trial end written as a timestamp becomes Dodo's ``trial_period_days`` counted at run time
(``Math.max(0, Math.ceil((end - Date.now() / 1000) / 86400))``). Read in Vercel's subscription
template: ``trial_end: calculateTrialEndUnixTimestamp(price.trial_period_days)``, a helper that
returns ``undefined`` when the price has no trial. ``undefined - now`` is NaN at run time and a
strict TypeScript error ("Object is possibly 'undefined'"); Python's ``None - time.time()``
raises. Such an end (a helper's result, an optional chain) is counted from 0 where it is
nothing: no trial, as on Stripe.
"""

from __future__ import annotations

import re
from typing import Final

_CALLEE: Final = re.compile(r"^(?:await\s+)?(?P<callee>[A-Za-z_$][\w$.]*)\s*\(")
_NUMBERS: Final = frozenset(
    {"int", "float", "round", "len", "Number", "parseInt", "parseFloat", "Date.parse"}
)
"""Functions that give a number, never nothing."""


def python_trial_days(code: str) -> str:
    """The days until the trial end ``code`` (a timestamp), in Python."""
    code = f"({code} or 0)" if may_be_missing(code) else code
    return f"max(0, math.ceil(({code} - time.time()) / 86400))"


def js_trial_days(code: str) -> str:
    """The days until the trial end ``code`` (a timestamp), in JavaScript."""
    code = f"({code} ?? 0)" if may_be_missing(code) else code
    return f"Math.max(0, Math.ceil(({code} - Date.now() / 1000) / 86400))"


def may_be_missing(code: str) -> bool:
    """Whether the trial end ``code`` may be nothing: one call as a whole (not a function
    that always gives a number) or an optional chain."""
    code = code.strip()
    called = _CALLEE.match(code)
    if called is not None and _closes_at_end(code, called.end() - 1):
        callee = called["callee"]
        return callee not in _NUMBERS and not callee.startswith(("Math.", "math."))
    return "?." in code


def _closes_at_end(code: str, opened: int) -> bool:
    """Whether the bracket opened at ``opened`` closes at the end of ``code``."""
    depth = 0
    for at in range(opened, len(code)):
        depth += {"(": 1, ")": -1}.get(code[at], 0)
        if depth == 0:
            return at == len(code) - 1
    return False
