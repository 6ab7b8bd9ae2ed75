"""The library behind the command line: one typed function per command, printing nothing
(but progress on stderr).

Each function takes values (paths, option dataclasses, callbacks for what must happen as it
happens: progress, a problem, a confirmation before talking to Dodo) and returns a frozen
result the command line renders and maps to its exit code (``result.exit_code``). Plain
functions, like Alembic's ``command`` module: the CLI in :mod:`migrate.cli` is derived from
them, and a program can call them the same way.

One module per command group, as in :mod:`migrate.cli`: ``translate.translate``;
``scan.scan``; ``report.report``; ``plan.export``, ``plan.plan`` and
``plan.plan_show``; ``apply.apply``, ``apply.ledger_show`` and ``apply.ledger_ids``;
``sessions.sessions_create``; ``retries.retries_plan``; ``rules.rules`` and ``rules.rule``;
``sandbox.sandbox``. ``baseline`` is what ``--baseline`` of report and scan share.

The modules are imported when their command runs (``stripe2dodo translate`` never loads the
Stripe SDK); this package itself holds only the payload pipeline the other layers share.
"""

from typing import TYPE_CHECKING, Any

from migrate.commands.translate import (
    RenderJob,
    default_jobs,
    exit_code,
    render_batch,
    run_translate,
)
from migrate.mapping.stream import error_message, translate_guarded, translate_paths

if TYPE_CHECKING:
    from migrate.commands.plan import make_plan


def __getattr__(name: str) -> Any:
    """``make_plan`` is imported when first used: ``translate`` never loads the planner."""
    if name == "make_plan":
        from migrate.commands.plan import make_plan

        return make_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RenderJob",
    "default_jobs",
    "error_message",
    "exit_code",
    "make_plan",
    "render_batch",
    "run_translate",
    "translate_guarded",
    "translate_paths",
]
