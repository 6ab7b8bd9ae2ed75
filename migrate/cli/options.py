"""The options the commands share, each declared once: every command spells an option the same
way, with the same help, and gets the same parsed value.

``-o/--output`` (``--out`` a hidden alias), ``--format`` (default ``text``), ``-j/--jobs``,
``--id-map``, ``--strict`` and ``--fail-on``, ``--now``, ``--tax-category``, ``--baseline``,
the Stripe and Dodo connection options, and ``--traceback``, which every command accepts
(see :mod:`migrate.cli`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import click

from migrate.errors import want_tracebacks
from migrate.findings import Level
from migrate.support.atomic import OutputFile

F = TypeVar("F", bound=Callable[..., Any])


class Decorator(Protocol):
    """What the option factories return: a decorator keeping the command's type."""

    def __call__(self, fn: F, /) -> F: ...


TRACEBACK: Final = "stripe2dodo.traceback"
"""Where ``--traceback`` is remembered: ``click.Context.meta`` (shared by nested contexts)."""


# -- parameter classes ------------------------------------------------------------------------


class AliasedOption(click.Option):
    """An option with old spellings that still work but are not shown in the help."""

    def __init__(self, *args: Any, hidden_flags: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_flags = tuple(hidden_flags)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with self._shown_flags():
            return super().get_help_record(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        with self._shown_flags():
            return super().get_error_hint(ctx)

    @contextlib.contextmanager
    def _shown_flags(self) -> Iterator[None]:
        every = self.opts
        self.opts = [flag for flag in every if flag not in self.hidden_flags]
        try:
            yield
        finally:
            self.opts = every


if TYPE_CHECKING:  # click >= 8.2 types Choice by its values; 8.1 does not
    _Choice = click.Choice[str]
else:
    _Choice = click.Choice


class AliasedChoice(_Choice):
    """A choice that also takes old names of its values (``terminal`` for ``text``) without
    listing them."""

    def __init__(self, choices: Sequence[str], aliases: Mapping[str, str] | None = None) -> None:
        super().__init__(list(choices))
        self.aliases = dict(aliases or {})

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(self.aliases.get(value, value), param, ctx)


# -- values -----------------------------------------------------------------------------------


def parse_jobs(value: str) -> int:
    """``--jobs``: a positive number, or ``auto`` (the CPUs this process may use, at most 8)."""
    if value == "auto":
        from migrate.commands.translate import default_jobs

        return default_jobs()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter("use a positive number or auto", param_hint="--jobs")


def parse_now(value: str | None) -> int | None:
    """``--now``: unix seconds or an ISO 8601 time (UTC unless it says otherwise)."""
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            "use unix seconds or an ISO date such as 2026-11-22T10:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


@dataclass(frozen=True)
class TaxCategories:
    """``--tax-category``: the default Dodo tax category, and one per Stripe tax code."""

    default: str | None = None
    by_code: Mapping[str, str] | None = None


def parse_tax(values: Sequence[str]) -> TaxCategories:
    from migrate.mapping.catalog import TAX_CATEGORIES

    default: str | None = None
    mapping: dict[str, str] = {}
    for value in values:
        code, sep, category = value.partition("=")
        category = category if sep else code
        if category not in TAX_CATEGORIES:
            raise click.BadParameter(
                f"{category!r} is not a Dodo tax category ({', '.join(TAX_CATEGORIES)})",
                param_hint="--tax-category",
            )
        if sep:
            mapping[code] = category
        else:
            default = category
    return TaxCategories(default, mapping)


def fail_level(strict: bool, fail_on: str) -> Level:
    """The level that fails a run: ``--strict`` is ``--fail-on warning``."""
    return Level.WARNING if strict else Level(fail_on)


def value_of(parse: Callable[[Any], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback giving the option's value parsed by ``parse``."""
    return _value(parse)


def _value(parse: Callable[[Any], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        return parse(value)

    return callback


# -- the shared options -----------------------------------------------------------------------


def output_option(help: str, *, required: bool = False, stream: bool = True) -> Decorator:
    """``-o/--output FILE`` (``--out`` still works). ``stream``: the value is an
    :class:`~migrate.support.atomic.OutputFile` (``-`` is stdout), made when the option is
    parsed so an unwritable path fails before any work; otherwise the path itself."""
    default: dict[str, Any] = {"default": "-"} if stream and not required else {}
    return click.option(
        "-o",
        "--output",
        "--out",
        "output",
        cls=AliasedOption,
        hidden_flags=("--out",),
        type=OutputFile() if stream else click.Path(dir_okay=False),
        required=required,
        metavar="FILE",
        help=help,
        **default,
    )


def format_option(
    choices: Sequence[str], *, help: str = "", aliases: Mapping[str, str] | None = None
) -> Decorator:
    """``--format``: ``text`` (the default) for people, the others for machines."""
    assert choices[0] == "text", "text comes first: it is every command's default"
    return click.option(
        "--format",
        "fmt",
        type=AliasedChoice(choices, aliases),
        default="text",
        show_default=True,
        help=help or "Output format.",
    )


_JOBS_HELP: Final = (
    "Worker processes for large inputs (auto: up to one per CPU, at most 8, started only when "
    "the input is large enough to pay for them). Output order is kept."
)


def jobs_option(fn: F) -> F:
    return click.option(
        "-j",
        "--jobs",
        default="auto",
        show_default=True,
        metavar="N|auto",
        callback=_value(parse_jobs),
        help=_JOBS_HELP,
    )(fn)


def no_cache_option(fn: F) -> F:
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Neither read nor write the cache of each code file's scan (in "
        "$STRIPE2DODO_CACHE_DIR, else ~/.cache/stripe2dodo): every file is read as if for the "
        "first time.",
    )(fn)


def parse_jobs_or_auto(value: str) -> int | None:
    """``--jobs`` where ``auto`` decides as it goes: None for auto, else the number."""
    return None if value == "auto" else parse_jobs(value)


def auto_jobs_option(fn: F) -> F:
    """``-j/--jobs`` whose ``auto`` (the value is None) starts workers only when they pay."""
    return click.option(
        "-j",
        "--jobs",
        default="auto",
        show_default=True,
        metavar="N|auto",
        callback=_value(parse_jobs_or_auto),
        help=_JOBS_HELP,
    )(fn)


def id_map_option(fn: F) -> F:
    return click.option(
        "--id-map",
        "id_map",
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="JSON map of Stripe id -> Dodo id (prices, plans, products, customers, coupons) "
        "of objects already in Dodo, e.g. from `plan --id-map-out` or `ledger ids`.",
    )(fn)


def fail_options(fn: F) -> F:
    """``--fail-on LEVEL`` and ``--strict`` (the same as ``--fail-on warning``): the command
    gets ``strict`` and ``fail_on``; :func:`fail_level` makes them one level."""
    fn = click.option(
        "--fail-on",
        type=click.Choice(["blocker", "warning"]),
        default="blocker",
        show_default=True,
        help="Exit 1 when a finding is at this level or worse.",
    )(fn)
    return click.option(
        "--strict", is_flag=True, help="Exit 1 on warnings too, not only on blockers."
    )(fn)


def verbose_option(help: str) -> Decorator:
    return click.option("-v", "--verbose", is_flag=True, help=help)


def now_option(help: str) -> Decorator:
    """``--now TIME``: the value is unix seconds (or None)."""
    return click.option("--now", metavar="TIME", callback=_value(parse_now), help=help)


def tax_category_option(fn: F) -> F:
    """``--tax-category``: the value is a :class:`TaxCategories`."""
    return click.option(
        "--tax-category",
        "tax",
        multiple=True,
        metavar="CATEGORY|TXCD=CATEGORY",
        callback=_value(parse_tax),
        help="Dodo tax category of planned products: the default, or one for a Stripe tax "
        "code (repeatable).",
    )(fn)


def ledger_option(help: str) -> Decorator:
    return click.option("--ledger", "ledger", type=click.Path(dir_okay=False), help=help)


def snapshot_option(help: str) -> Decorator:
    return click.option("--snapshot", type=click.Path(dir_okay=False), help=help)


def apply_option(help: str) -> Decorator:
    return click.option("--apply", "send", is_flag=True, help=help)


def baseline_option(command: str) -> Decorator:
    return click.option(
        "--baseline",
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help=f"A previous `{command} --format json` output: only findings that are not in it "
        "count for the exit code (the output says which are new).",
    )


def _statuses(values: Sequence[str]) -> tuple[str, ...]:
    from migrate.readers.stripe_api import DEFAULT_SUBSCRIPTION_STATUSES, SUBSCRIPTION_STATUSES

    out = [s.strip() for value in values for s in value.split(",") if s.strip()]
    for status in out:
        if status not in SUBSCRIPTION_STATUSES:
            raise click.BadParameter(
                f"{status!r} is not a subscription status ({', '.join(SUBSCRIPTION_STATUSES)})",
                param_hint="--subscription-status",
            )
    return tuple(dict.fromkeys(out)) or DEFAULT_SUBSCRIPTION_STATUSES


def subscription_status_option(fn: F) -> F:
    """``--subscription-status``: the value (``statuses``) is a tuple of Stripe statuses."""
    return click.option(
        "--subscription-status",
        "statuses",
        multiple=True,
        metavar="STATUS[,STATUS]",
        callback=_value(_statuses),
        help="Subscriptions of these statuses (repeatable; default active,trialing,past_due; "
        "all for every one).",
    )(fn)


def _bundle(name: str, build: Callable[..., Any], fields: Mapping[str, str]) -> Decorator:
    """Hand the command one ``name`` value, ``build(field=value)`` of the options ``fields``
    names (option name -> field)."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values = {field: kwargs.pop(option) for option, field in fields.items()}
            kwargs[name] = build(**values)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def stripe_options(fn: F) -> F:
    """``--stripe-key`` and ``--stripe-api-base``: the command gets ``stripe``, a
    :class:`~migrate.commands.plan.StripeAccess`."""
    from migrate.commands.plan import StripeAccess  # only the commands that read Stripe load it

    fn = _bundle("stripe", StripeAccess, {"stripe_key": "key", "stripe_api_base": "api_base"})(fn)
    fn = click.option(
        "--stripe-api-base",
        envvar="STRIPE_API_BASE",
        metavar="URL",
        help="Stripe API base URL, for a proxy or a local mock server [env: STRIPE_API_BASE].",
    )(fn)
    return click.option(
        "--stripe-key",
        envvar="STRIPE_API_KEY",
        metavar="KEY",
        show_envvar=True,
        help="Stripe secret or restricted (read-only) key. Prefer the environment variable.",
    )(fn)


@dataclass(frozen=True)
class DodoSettings:
    """How to reach Dodo: the mode, the key (never shown), the base URL, the client-side rate
    limits, and whether live mode was confirmed up front."""

    mode: str
    live: bool
    yes: bool
    key: str | None
    base_url: str | None
    rate: float
    per_minute: int

    @property
    def is_live(self) -> bool:
        return self.live or self.mode == "live"


def dodo_options(fn: F) -> F:
    """The Dodo connection options: the command gets ``dodo``, a :class:`DodoSettings`."""
    fields = {name: name for name in ("mode", "live", "yes", "rate", "per_minute")}
    fields.update(dodo_key="key", dodo_base_url="base_url")
    fn = _bundle("dodo", DodoSettings, fields)(fn)
    for option in reversed(
        [
            click.option(
                "--mode",
                type=click.Choice(["test", "live"]),
                default="test",
                show_default=True,
                help="Dodo mode (live also needs confirming, or --yes).",
            ),
            click.option("--live", is_flag=True, help="Same as --mode live."),
            click.option("--yes", is_flag=True, help="Do not ask for confirmation in live mode."),
            click.option(
                "--dodo-key",
                envvar="DODO_PAYMENTS_API_KEY",
                show_envvar=True,
                metavar="KEY",
                help="Dodo API key. Prefer the environment variable.",
            ),
            click.option(
                "--dodo-base-url",
                envvar="DODO_PAYMENTS_BASE_URL",
                show_envvar=True,
                metavar="URL",
                help="Dodo API base URL (e.g. a local `stripe2dodo sandbox`).",
            ),
            click.option(
                "--rate",
                type=float,
                default=10.0,
                show_default=True,
                envvar="STRIPE2DODO_RATE",
                show_envvar=True,
                help="Client-side limit, requests per second (Dodo: 10/s burst; 0: none).",
            ),
            click.option(
                "--per-minute",
                type=int,
                default=100,
                show_default=True,
                envvar="STRIPE2DODO_PER_MINUTE",
                show_envvar=True,
                help="Client-side limit, requests per minute (Dodo: 100/min; 0: none).",
            ),
        ]
    ):
        fn = option(fn)
    return fn


def _remember_traceback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[TRACEBACK] = True
        want_tracebacks(True)


def traceback_option() -> click.Option:
    """``--traceback``, which the group and every command accept (before or after the
    command's name)."""
    return click.Option(
        ["--traceback"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember_traceback,
        help="Show Python tracebacks for errors (for bug reports).",
    )


def traceback_wanted() -> bool:
    """Whether ``--traceback`` was given, before or after the command."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(TRACEBACK))
