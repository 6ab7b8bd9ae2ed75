"""The numbers a retry construct's literals give: how many attempts it makes and how long it
waits before the next, read from one file's text and syntax tree (``migrate/scan/retry.py``
finds the constructs and judges them).

From literals only: numbers, arithmetic, ``timedelta(...)``, names assigned in the function or
the file, a loop counter's first value; the retry libraries' arguments and defaults (tenacity,
retrying, backoff, p-retry, async-retry, promise-retry, exponential-backoff). What is computed
at run time is not known (None), and gets the benefit of the doubt.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment
from migrate.scan.patterns import normalise_callee

Resolve = Callable[[str], float | None]
"""A name to the number it holds, or None."""

DAY: Final = 86_400.0
_TENACITY_KEYWORDS: Final = frozenset(
    {
        # tenacity
        "stop",
        "wait",
        "retry",
        "before",
        "after",
        "before_sleep",
        "reraise",
        "retry_error_callback",
        "retry_error_cls",
        "sleep",
        # retrying
        "stop_max_attempt_number",
        "stop_max_delay",
        "wait_fixed",
        "wait_random_min",
        "wait_random_max",
        "wait_incrementing_start",
        "wait_incrementing_increment",
        "wait_exponential_multiplier",
        "wait_exponential_max",
        "wait_jitter_max",
        "retry_on_exception",
        "retry_on_result",
        "wrap_exception",
        "stop_func",
        "wait_func",
    }
)
_SCHEDULES: Final = re.compile(
    r"sleep|delay|schedul|enqueue|apply_async|^defer|^wait(?:_?until)?$|^later$", re.IGNORECASE
)
ATTEMPT_NAME: Final = re.compile(
    r"^_*(?:attempt|retry|retries|tries|try|tried|n_?tries|delay|wait|backoff)", re.IGNORECASE
)
NAME: Final = r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*"
_COMPARISON: Final = re.compile(rf"^(\+\+|--)?({NAME})(?:\+\+|--)?\s*(<=|<|>=|>)\s*(.+)$", re.S)
_REVERSED: Final = re.compile(rf"^(.+?)\s*(<=|<|>=|>)\s*({NAME})$", re.S)
_BODY_BOUND: Final = re.compile(rf"({NAME})\s*(>=|>|===|==)\s*([\w$.]+)")
_FLIP: Final = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_TIMEDELTA: Final = {
    "weeks": 7 * DAY,
    "days": DAY,
    "hours": 3600.0,
    "minutes": 60.0,
    "seconds": 1.0,
    "milliseconds": 0.001,
}


class Numbers:
    """One file's numbers: names to values, and what a construct's attempts and waits are."""

    def __init__(self, text: str, *, python: bool, call: str, functions: frozenset[str]) -> None:
        self.text = text
        self.python = python
        self.call = call
        """The syntax node kind of a call."""
        self.functions = functions
        """The syntax node kinds of a function."""
        self.assigned: dict[tuple[str, bool], str | None] = {}
        """``_assigned(name, [self.text])`` per name (asked once per loop)."""

    def function_of(self, node: SgNode) -> SgNode | None:
        """The function ``node`` is in, if any."""
        return next((a for a in node.ancestors() if a.kind() in self.functions), None)

    # -- attempts -----------------------------------------------------------------------------

    def bounded(self, cond: str, node: SgNode, env: dict[str, float]) -> float | None:
        """Attempts of a loop that is not endless: from its condition, else from a counter in
        its body, else not known."""
        found, count = self._condition_count(cond, node, env)
        if found:
            return count
        body = node.field("body")
        bound = self.body_bound(body, node) if body is not None else math.inf
        return None if math.isinf(bound or 0.0) else bound

    def _condition_count(
        self, cond: str, node: SgNode, env: dict[str, float]
    ) -> tuple[bool, float | None]:
        """Whether ``cond`` compares a counter (``attempt < 5``, ``tries-- > 0``, the first such
        comparison joined by ``and``/``&&``), and the attempts it allows, counting from the
        counter's first value (0 when an increasing counter's start is not found)."""
        resolve = self.resolver(node, env)
        for raw in re.split(r"&&|\band\b", cond):
            part = strip_parens(raw)
            match = _COMPARISON.match(part)
            if match:
                prefix, name, op, bound_text = match.groups()
            elif rev := _REVERSED.match(part):
                bound_text, op, name, prefix = rev.group(1), _FLIP[rev.group(2)], rev.group(3), None
            else:
                continue
            bound = evaluate(bound_text, resolve)
            start = env.get(name, evaluate(name, resolve))
            if start is None and op in ("<", "<="):
                start = 0.0
            if bound is None or start is None:
                return True, None
            start += {"++": 1.0, "--": -1.0}.get(prefix or "", 0.0)
            count = {
                "<": bound - start,
                "<=": bound - start + 1,
                ">": start - bound,
                ">=": start - bound + 1,
            }[op]
            return True, max(count, 0.0)
        return False, None

    def body_bound(self, body: SgNode, node: SgNode) -> float | None:
        """An endless loop's bound, roughly: a counter (named like ``attempt`` or incremented in
        the loop) compared with a number in its body (``if attempt >= 5: raise``). ``math.inf``
        when there is none, None when it is not a number."""
        text = body.text()
        resolve = self.resolver(node)
        for match in _BODY_BOUND.finditer(text):
            name, op, bound_text = match.groups()
            short = re.escape(name.rsplit(".", 1)[-1])
            incremented = re.search(rf"(?<![\w$]){short}\s*(?:\+=|\+\+)|\+\+\s*{short}", text)
            if not (ATTEMPT_NAME.match(name.rsplit(".", 1)[-1]) or incremented):
                continue
            bound = evaluate(bound_text, resolve)
            if bound is None:
                return None
            return bound + 1 if op == ">" else bound
        return math.inf

    def schedule(self, iterable: SgNode) -> int | None:
        """The length of a literal list of numbers (``(0, 3, 10, 17)``) or of a name bound to
        one in the file; None for anything else."""
        text = iterable.text()
        if iterable.kind() == "identifier":
            bound = self._assigned_in_file(text)
            if bound is None:
                return None
            text = bound
        try:
            value = ast.literal_eval(text.strip())
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        if isinstance(value, tuple | list) and all(type(v) in (int, float) for v in value):
            return len(value)
        return None

    # -- waits --------------------------------------------------------------------------------

    def delay(self, call: SgNode, resolve: Resolve) -> tuple[bool, float | None]:
        """Whether ``call`` waits or schedules, and for how many seconds (None: not known)."""
        name = tail(callee_of(call))
        args = positional_args(call)
        if self.python and name == "sleep":
            return True, (evaluate(args[0].text(), resolve) if args else 0.0)
        if not self.python and name in ("setTimeout", "sleep", "delay", "wait"):
            # setTimeout(fn, ms); timers/promises' setTimeout(ms); sleep(ms), delay(ms)
            arg = args[1] if name == "setTimeout" and len(args) > 1 else (args[0] if args else None)
            ms = evaluate(arg.text(), resolve) if arg is not None else 0.0
            return True, (ms / 1000 if ms is not None else None)
        return bool(_SCHEDULES.search(name)), None

    def loop_wait(self, body: SgNode, node: SgNode, env: dict[str, float]) -> float | None:
        """The longest wait in a loop's body, in seconds: 0 for none, None when one is not
        known."""
        resolve = self.resolver(node, env)
        delays = [self.delay(c, resolve) for c in body.find_all(kind=self.call)]
        found = [seconds for waits, seconds in delays if waits]
        if not found:
            return 0.0
        known = [s for s in found if s is not None]
        return max(known) if len(known) == len(found) else None

    # -- retry libraries ----------------------------------------------------------------------

    def tenacity(self, call: SgNode | None) -> tuple[float | None, float | None]:
        """Attempts and first wait of tenacity (``stop=``, ``wait=``) or retrying
        (``stop_max_attempt_number=``, ``wait_fixed=`` in ms) arguments. Bare ``@retry``, or no
        ``stop``/``wait``: never stops, no wait (both libraries' defaults)."""
        if call is None:
            return math.inf, 0.0
        keywords = keyword_args(call)
        if positional_args(call) or not set(keywords) <= _TENACITY_KEYWORDS:
            return None, None  # some other library's @retry: not judged
        resolve = self.resolver(call)
        if any(k.startswith(("stop_max", "wait_")) for k in keywords):  # retrying
            stop = keywords.get("stop_max_attempt_number")
            attempts = evaluate(stop.text(), resolve) if stop is not None else math.inf
            if stop is None and "stop_max_delay" in keywords:
                attempts = None
            wait: float | None = 0.0
            for key, scale in (
                ("wait_fixed", 1.0),
                ("wait_exponential_multiplier", 2.0),  # multiplier * 2 ** 1 before attempt 2
                ("wait_random_min", 1.0),
                ("wait_incrementing_start", 1.0),
            ):
                if key in keywords:
                    ms = evaluate(keywords[key].text(), resolve)
                    wait = ms * scale / 1000 if ms is not None else None
                    break
            return attempts, wait
        stop = keywords.get("stop")
        attempts = math.inf
        if stop is not None:
            counts = [
                evaluate(c.text(), resolve)
                for s in stop.find_all(kind=self.call)
                if tail(callee_of(s)) == "stop_after_attempt"
                for c in positional_args(s)[:1]
            ]
            known = [n for n in counts if n is not None]
            attempts = min(known) if known else (math.inf if "stop_never" in stop.text() else None)
        wait_node = keywords.get("wait")
        return attempts, (0.0 if wait_node is None else self._tenacity_wait(wait_node, resolve))

    def _tenacity_wait(self, node: SgNode, resolve: Resolve) -> float | None:
        """tenacity's first wait: the sum of the ``wait_*`` strategies in ``wait=``."""
        total, found = 0.0, False
        for call in node.find_all(kind=self.call):
            name = tail(callee_of(call))
            if not name.startswith("wait_"):
                continue
            found = True

            def arg(key: str, index: int, default: float, call: SgNode = call) -> float | None:
                return _argument(call, key, index, default, resolve)

            parts: list[float | None]
            if name == "wait_fixed":
                parts = [arg("wait", 0, 0.0)]
            elif name in ("wait_none", "wait_chain", "wait_combine"):
                parts = [0.0]
            elif name == "wait_random":
                parts = [arg("min", 0, 0.0)]
            elif name == "wait_incrementing":
                parts = [arg("start", 0, 0.0)]
            elif name == "wait_exponential_jitter":
                parts = [arg("initial", 0, 1.0)]
            elif name in ("wait_exponential", "wait_random_exponential"):
                parts = [arg("multiplier", 0, 1.0), arg("min", 2, 0.0)]
            else:
                parts = [None]
            if any(p is None for p in parts):
                return None
            total += max(p for p in parts if p is not None)
        return total if found else None

    def backoff(self, call: SgNode | None) -> tuple[float | None, float | None]:
        """``backoff.on_exception(backoff.expo, Error, max_tries=N, max_time=S, factor=F)``:
        without ``max_tries`` or ``max_time`` it never stops."""
        if call is None:
            return None, None
        keywords, args = keyword_args(call), positional_args(call)
        resolve = self.resolver(call)

        def number(key: str, default: float | None) -> float | None:
            return evaluate(keywords[key].text(), resolve) if key in keywords else default

        attempts = number("max_tries", None if "max_time" in keywords else math.inf)
        generator = tail(normalise_callee(args[0].text())) if args else ""
        wait = {"expo": "factor", "fibo": "factor", "constant": "interval"}.get(generator)
        first = number(wait, 1.0) if wait is not None else None
        max_time = number("max_time", None)
        if max_time is not None:
            first = max_time if first is None else min(first, max_time)
        return attempts, first

    def wrapper(self, name: str, args: SgNode) -> tuple[float | None, float | None]:
        """p-retry, async-retry and promise-retry ``{retries, minTimeout, forever}`` or
        exponential-backoff ``{numOfAttempts, startingDelay}``, with the libraries' defaults
        when nothing is passed; options passed by name are not judged."""
        given = [a for a in args.named_children() if not is_comment(a)]
        objects = [a for a in given if a.kind() == "object"]
        functions = [a for a in given if a.kind() in ("arrow_function", "function_expression")]
        if not objects and len(given) > len(functions) + (0 if functions else 1):
            return None, None
        options = _object(objects[0]) if objects else {}
        resolve = self.resolver(args)

        def number(key: str, default: float) -> float | None:
            return evaluate(options[key].text(), resolve) if key in options else default

        if name == "backOff":
            delay = number("startingDelay", 100.0)
            return number("numOfAttempts", 10.0), (None if delay is None else delay / 1000)
        retries = number("retries", 10.0)
        attempts = None if retries is None else retries + 1
        if "forever" in options and options["forever"].text() == "true":
            attempts = math.inf
        delay = number("minTimeout", 1000.0)
        return attempts, (None if delay is None else delay / 1000)

    # -- names --------------------------------------------------------------------------------

    def _assigned_in_file(self, name: str) -> str | None:
        """``_assigned(name, [self.text])``, read once per name."""
        key = (name, False)
        if key not in self.assigned:
            self.assigned[key] = _assigned(name, [self.text])
        return self.assigned[key]

    def resolver(self, node: SgNode, env: dict[str, float] | None = None) -> Resolve:
        """Names to numbers: ``env`` (loop counters), then the last assignment before ``node``
        in its function, then the first in the file."""
        fn = self.function_of(node)
        before = self.text[fn.range().start.index : node.range().start.index] if fn else ""
        seen: set[str] = set()

        def resolve(name: str) -> float | None:
            if env and name in env:
                return env[name]
            if name in seen:
                return None
            seen.add(name)
            try:
                bound = _assigned(name, [before], last=True) or self._assigned_in_file(name)
                return evaluate(bound, resolve) if bound is not None else None
            finally:
                seen.discard(name)

        return resolve


def callee_of(call: SgNode) -> str:
    fn = call.field("function")
    return normalise_callee(fn.text()) if fn is not None else ""


def tail(callee: str) -> str:
    return callee.rsplit(".", 1)[-1]


def strip_parens(text: str) -> str:
    """``text`` without the parentheses around all of it (``((a < 5))`` -> ``a < 5``, but
    ``(a) && (b)`` stays)."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and closes_at_end(text):
        text = text[1:-1].strip()
    return text


def closes_at_end(text: str) -> bool:
    """Whether ``text`` starts with a parenthesis that closes at its last character."""
    if not text.startswith("("):
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def positional_args(call: SgNode) -> list[SgNode]:
    args = call.field("arguments")
    skipped = ("keyword_argument", "comment", "dictionary_splat", "list_splat")
    return [a for a in args.named_children() if a.kind() not in skipped] if args else []


def keyword_args(call: SgNode) -> dict[str, SgNode]:
    args = call.field("arguments")
    out: dict[str, SgNode] = {}
    for arg in args.named_children() if args is not None else []:
        name, value = arg.field("name"), arg.field("value")
        if arg.kind() == "keyword_argument" and name is not None and value is not None:
            out[name.text()] = value
    return out


def _argument(call: SgNode, key: str, index: int, default: float, resolve: Resolve) -> float | None:
    """The number passed as keyword ``key`` or as positional argument ``index``, else
    ``default``; None when it is not a number."""
    args = positional_args(call)
    got = keyword_args(call).get(key) or (args[index] if len(args) > index else None)
    return evaluate(got.text(), resolve) if got is not None else default


def _object(node: SgNode) -> dict[str, SgNode]:
    """A JavaScript object literal's properties (shorthand ones map to themselves)."""
    out: dict[str, SgNode] = {}
    for child in node.named_children():
        if child.kind() == "pair":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None:
                out[key.text().strip("\"'`")] = value
        elif child.kind() == "shorthand_property_identifier":
            out[child.text()] = child
    return out


def _assigned(name: str, texts: list[str], *, last: bool = False) -> str | None:
    """The text of a value assigned to ``name`` on a line of its own (``NAME = 3 * DAY``,
    ``const n: number = 5;``), from the first of ``texts`` that assigns it: its first
    assignment, or with ``last`` its last."""
    pattern = re.compile(
        rf"(?m)^[ \t]*(?:export[ \t]+)?(?:(?:const|let|var)[ \t]+)?{re.escape(name)}"
        r"[ \t]*(?::[^=\n]+)?=(?!=)[ \t]*([^\n;#]+?)[ \t]*;?[ \t]*(?:(?:#|//).*)?$"
    )
    for text in texts:
        found: list[str] = pattern.findall(text)
        if found:
            return found[-1] if last else found[0]
    return None


def evaluate(text: str, resolve: Resolve) -> float | None:
    """A number from a literal expression: numbers, ``+ - * / // % **``, names ``resolve``
    knows, ``timedelta(...)`` (in seconds) and its ``.total_seconds()``, ``Math.pow``,
    ``min``/``max``/``int``/``round``. None for anything else."""
    try:
        tree = ast.parse(text.strip().replace("Math.", ""), mode="eval")
        return _value(tree.body, resolve)
    except (SyntaxError, ValueError, TypeError, ArithmeticError, MemoryError, RecursionError):
        return None


def _value(node: ast.expr, resolve: Resolve) -> float | None:
    if isinstance(node, ast.Constant):
        value = node.value
        return float(value) if isinstance(value, int | float) and type(value) is not bool else None
    if isinstance(node, ast.Name):
        return resolve(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        got = _value(node.operand, resolve)
        return None if got is None else (-got if isinstance(node.op, ast.USub) else got)
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, resolve), _value(node.right, resolve)
        return None if left is None or right is None else _binary(node.op, left, right)
    if isinstance(node, ast.Call):
        return _call_value(node, resolve)
    return None


def _binary(op: ast.operator, left: float, right: float) -> float | None:
    if isinstance(op, ast.Add):
        return left + right
    if isinstance(op, ast.Sub):
        return left - right
    if isinstance(op, ast.Mult):
        return left * right
    if isinstance(op, ast.Div):
        return left / right
    if isinstance(op, ast.FloorDiv):
        return float(left // right)
    if isinstance(op, ast.Mod):
        return left % right
    if isinstance(op, ast.Pow) and abs(right) <= 64 and abs(left) <= 1e6:
        return float(left**right)
    return None


def _call_value(node: ast.Call, resolve: Resolve) -> float | None:
    fn = node.func
    name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
    if name == "total_seconds" and isinstance(fn, ast.Attribute) and not node.args:
        return _value(fn.value, resolve) if isinstance(fn.value, ast.Call) else None
    if name == "timedelta":
        parts = [*zip(("days", "seconds"), node.args, strict=False)]  # timedelta(days, seconds)
        parts += [(kw.arg or "", kw.value) for kw in node.keywords]
        total = 0.0
        for unit, arg in parts:
            got = _value(arg, resolve)
            if got is None or unit not in _TIMEDELTA:
                return None
            total += got * _TIMEDELTA[unit]
        return total
    if name not in ("pow", "min", "max", "int", "round") or node.keywords or not node.args:
        return None
    values = [_value(a, resolve) for a in node.args]
    nums = [v for v in values if v is not None]
    if len(nums) != len(values):
        return None
    if name == "pow":
        return _binary(ast.Pow(), nums[0], nums[1]) if len(nums) == 2 else None
    if name in ("min", "max"):
        return min(nums) if name == "min" else max(nums)
    return float(int(nums[0])) if len(nums) == 1 else None
