"""``sessions create``: one Dodo checkout session per Stripe session or payload."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from migrate.apply.ledger import Ledger
from migrate.apply.sessions import SessionReport, create_sessions
from migrate.commands.plan import StripeAccess
from migrate.errors import ConfigError, ExitCode
from migrate.mapping.stream import translate_guarded, translate_paths
from migrate.mapping.translate import Options, Translation
from migrate.readers.base import RawPayload, SourceRef
from migrate.readers.idmap import IdMap
from migrate.support.atomic import Output
from migrate.support.progress import Progress


@dataclass(frozen=True)
class SessionsRequest:
    """What ``sessions create`` reads and what it does with it."""

    paths: tuple[str, ...] = ()
    """Payload files or folders, and snapshots (their recorded sessions)."""
    stripe_sessions: bool = False
    """Also the checkout sessions of the Stripe account, read live."""
    id_map: str | None = None
    ledger: str | None = None
    """The ledger of an applied plan: resolves product ids and records the sessions."""
    preview: bool = False
    send: bool = False


@dataclass(frozen=True)
class SessionsResult:
    """Counts per state, the first unreadable inputs and failures (the mapping file has all)."""

    report: SessionReport

    @property
    def exit_code(self) -> int:
        """2 some input could not be read, 1 some sessions blocked or failed, 0 all created
        (or planned)."""
        if self.report.states.get("unreadable"):
            return int(ExitCode.INPUT)
        return int(ExitCode.FINDINGS if self.report.failed else ExitCode.CLEAN)


def ids_for(id_map: str | None, ledger: str | None) -> IdMap:
    """The ids sessions are translated with: the id map's, then what the applied plan created
    or adopted (real ids and discount codes); an explicit map's real ids win over the ledger."""
    ids = IdMap.load(id_map) if id_map else IdMap.empty()
    if ledger:
        with Ledger(ledger) as applied:
            ids, _ = ids.with_ledger(applied.id_map(), ledger_wins=False)
    return ids


def sessions_create(
    request: SessionsRequest,
    out: Output,
    *,
    connect: Callable[[], Any],
    stripe: StripeAccess | None = None,
) -> SessionsResult:
    """Translate each input and write (with ``send``: create) its Dodo checkout session; each
    outcome is one line of ``out`` (JSON Lines), committed even when the run is interrupted:
    each line is a true record of what happened. ``connect()`` gives the Dodo client, asked
    for only when sessions are sent or previewed."""
    if request.ledger and not request.send and not Path(request.ledger).exists():
        raise ConfigError(
            f"{request.ledger}: no such ledger",
            hint="apply the plan first, or check the --ledger path",
        )
    opts = Options(ids=ids_for(request.id_map, request.ledger))
    client = connect() if request.send or request.preview else None
    book = (
        Ledger(request.ledger, exclusive=request.send, holder="sessions create --apply")
        if request.ledger
        else None
    )
    progress = Progress("creating checkout sessions", unit="sessions")
    try:
        results: Iterable[Translation] = (
            translate_paths(request.paths, opts) if request.paths else iter(())
        )
        if request.stripe_sessions:
            results = itertools.chain(results, live_sessions(stripe or StripeAccess(), opts))
        report = create_sessions(
            results,
            client=client,
            ledger=book,
            out=cast(IO[str], out),  # written line by line: an Output is enough
            apply=request.send,
            preview=request.preview,
            on_item=progress.advance,
        )
    finally:
        progress.stop()
        out.commit()
        if book is not None:
            book.close()
    return SessionsResult(report)


def live_sessions(stripe: StripeAccess, opts: Options) -> Iterator[Translation]:
    """The account's checkout sessions (with all their line items), translated one by one: one
    session that cannot be translated is its own error."""
    from migrate.readers.stripe_api import iter_account, make_client

    client = make_client(stripe.key or "", api_base=stripe.api_base)
    for session in iter_account(client, include_sessions=True, catalog=False):
        source = SourceRef(f"stripe:{session.get('id')}", "json")
        yield translate_guarded(RawPayload(source, session), opts)
