"""The ledger: what apply intended and what happened, per plan operation (SQLite, stdlib).

Each operation is recorded *before* its request is sent (state ``sending``) and again after
(``done``, ``failed`` or ``ambiguous``), each time in a committed transaction, so a crash at any
point leaves a true record: a rerun skips what is done and reconciles what is ``sending`` or
``ambiguous`` by looking the object up in Dodo before sending again. No API key is ever stored.

States: ``pending`` (not tried), ``sending`` (intent recorded, outcome unknown), ``done``
(created), ``adopted`` (found in Dodo, not created), ``failed`` (Dodo refused; reason kept),
``ambiguous`` (may exist; looked up on the next run), ``skipped`` and ``manual`` (from the plan;
``reason`` says what a person must do, which no rerun will).

Checkout sessions (``sessions create``) are recorded in their own table, by source and by the
hash of the request body: the same source with another body (its ids changed) is another
session. ``entry`` and ``note`` take an ``Operation`` of either sort, so the engine records both
the same way. Moved subscribers (``subscribers create`` / ``status``) are recorded by their Stripe
subscription id with the one Dodo subscription that continues it: ``ledger ids`` writes them as
the id map's subscription lookups.

One writing run at a time per ledger (``RunLock``): a second ``apply --apply`` or ``sessions
create --apply`` on it refuses at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from migrate.errors import ConfigError
from migrate.plan.ops import Operation

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ops (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    stripe_id TEXT,
    placeholder TEXT,
    state TEXT NOT NULL,
    dodo_id TEXT,
    code TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    request_sha TEXT,
    response TEXT,
    error TEXT,
    error_status INTEGER,
    error_code TEXT,
    updated_at TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS ops_placeholder ON ops (placeholder);
CREATE TABLE IF NOT EXISTS sessions (
    source TEXT NOT NULL,
    body_sha TEXT NOT NULL,
    state TEXT NOT NULL,
    session_id TEXT,
    checkout_url TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    updated_at TEXT NOT NULL,
    issued_at TEXT,
    PRIMARY KEY (source, body_sha)
);
CREATE TABLE IF NOT EXISTS subscriptions (
    stripe_id TEXT PRIMARY KEY,
    dodo_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""
FINAL = frozenset({"done", "adopted"})


@dataclass(frozen=True)
class Entry:
    """One row of the ledger."""

    key: str
    kind: str
    stripe_id: str | None
    placeholder: str | None
    state: str
    dodo_id: str | None
    code: str | None
    attempts: int
    error: str | None
    error_status: int | None
    error_code: str | None
    updated_at: str
    reason: str | None = None
    checkout_url: str | None = None
    """A checkout session's URL (``kind`` ``checkout_session``)."""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class SessionEntry:
    source: str
    body_sha: str
    state: str
    session_id: str | None
    checkout_url: str | None
    attempts: int
    error: str | None
    updated_at: str = ""
    issued_at: str | None = None
    """When a subscriber's link was issued (``subscribers create``), as that run's clock said."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class RunLock:
    """One writing run at a time per ledger: ``LEDGER.lock`` beside it, locked by the operating
    system (``flock``; ``msvcrt`` on Windows), so it is released when the run ends however it
    ends, kill -9 included. A second run refuses at once rather than wait: it would have
    nothing to add, and two at once would create objects twice. The file stays (removing it
    would let two runs lock two different files); it names the run that holds it."""

    def __init__(self, ledger_path: str, holder: str) -> None:
        self.path = Path(f"{Path(ledger_path).resolve()}.lock")
        self._file = self.path.open("a+", encoding="utf-8")
        try:
            _try_lock(self._file)
        except OSError:
            held_by = _read_holder(self._file)
            self._file.close()
            raise ConfigError(
                f"{ledger_path}: the ledger is in use by another run ({held_by})",
                hint="wait for it to end, then run again (it resumes); two runs on one ledger "
                "at once would create objects twice",
            ) from None
        self._file.seek(0)
        self._file.truncate()
        self._file.write(f"pid {os.getpid()}, stripe2dodo {holder}, since {_now()}\n")
        self._file.flush()

    def release(self) -> None:
        if not self._file.closed:
            self._file.close()  # closing the file releases the lock


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _read_holder(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        text = " ".join(handle.read(300).split())
    except OSError:
        text = ""
    return text or "a run that has not said who it is"


class Ledger:
    """A thread-safe handle on one ledger file (or ``:memory:``). ``exclusive``: this handle
    writes for a run (apply, sessions create) and holds the ledger's ``RunLock`` until closed;
    readers (ledger show, dry runs) never lock."""

    def __init__(self, path: str, *, exclusive: bool = False, holder: str = "run") -> None:
        self.path = path
        self._run_lock: RunLock | None = None
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                if exclusive:
                    self._run_lock = RunLock(path, holder)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute(
                "PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA journal_mode=MEMORY"
            )
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
            self._add_column("ops", "reason")  # a ledger from before manual items kept it
            self._add_column("sessions", "issued_at")  # from before subscriber links
        except (sqlite3.Error, OSError) as exc:
            if self._run_lock is not None:
                self._run_lock.release()
            raise ConfigError(
                f"{path}: cannot open the ledger ({exc})", hint="check the --ledger path"
            ) from None
        except BaseException:
            if self._run_lock is not None:
                self._run_lock.release()
            raise
        self._lock = threading.Lock()
        self._keep_sessions = True

    def _add_column(self, table: str, column: str) -> None:
        """Add a TEXT column an older ledger lacks."""
        columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
        if column in columns:
            return
        try:
            self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):  # else another process was first
                raise

    @classmethod
    def copy_of(cls, source: Ledger) -> Ledger:
        """An in-memory copy (dry runs read the real state without changing it)."""
        copy = cls(":memory:")
        with source._lock:
            source._db.backup(copy._db)
        return copy

    @classmethod
    def scratch(cls, source: Ledger | None) -> Ledger:
        """A dry run's ledger: an in-memory copy of ``source`` (or an empty one) that records
        plan operations, which later operations of the run resolve through, but no checkout
        sessions: nothing reads them again, and a stream of them would fill the memory."""
        scratch = cls.copy_of(source) if source is not None else cls(":memory:")
        scratch._keep_sessions = False
        return scratch

    def close(self) -> None:
        with self._lock:
            self._db.close()
        if self._run_lock is not None:
            self._run_lock.release()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing (each call is one committed transaction)

    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(sql, args)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def set_meta(self, key: str, value: str) -> None:
        self._write(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def record(
        self,
        key: str,
        *,
        kind: str,
        stripe_id: str | None,
        placeholder: str | None,
        state: str,
        dodo_id: str | None = None,
        code: str | None = None,
        request_sha: str | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        error_status: int | None = None,
        error_code: str | None = None,
        reason: str | None = None,
        attempt: bool = False,
    ) -> None:
        """Upsert an operation's state; ``attempt`` counts one more try."""
        self._write(
            """INSERT INTO ops (key, kind, stripe_id, placeholder, state, dodo_id, code, attempts,
                   request_sha, response, error, error_status, error_code, updated_at, reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(key) DO UPDATE SET
                   state = excluded.state,
                   placeholder = COALESCE(excluded.placeholder, ops.placeholder),
                   dodo_id = COALESCE(excluded.dodo_id, ops.dodo_id),
                   code = COALESCE(excluded.code, ops.code),
                   attempts = ops.attempts + excluded.attempts,
                   request_sha = COALESCE(excluded.request_sha, ops.request_sha),
                   response = COALESCE(excluded.response, ops.response),
                   error = excluded.error,
                   error_status = excluded.error_status,
                   error_code = excluded.error_code,
                   updated_at = excluded.updated_at,
                   reason = excluded.reason""",
            (
                key,
                kind,
                stripe_id,
                placeholder,
                state,
                dodo_id,
                code,
                1 if attempt else 0,
                request_sha,
                json.dumps(response) if response is not None else None,
                error,
                error_status,
                error_code,
                _now(),
                reason,
            ),
        )

    def note(
        self,
        op: Operation,
        state: str,
        *,
        request_sha: str | None = None,
        dodo_id: str | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        error_status: int | None = None,
        error_code: str | None = None,
        attempt: bool = False,
        issued_at: str | None = None,
    ) -> None:
        """Record what became of ``op``: a catalog operation by its key, a checkout session by
        its source (the key) and ``request_sha``, the hash of the request it sends (and when
        its link was issued, ``issued_at``, in the same write)."""
        if op.kind == "checkout_session":
            if request_sha is None:
                raise ValueError(f"{op.key}: a checkout session is recorded with its request_sha")
            self.record_session(
                op.key,
                request_sha,
                state=state,
                session_id=dodo_id,
                checkout_url=(response or {}).get("checkout_url"),
                error=error,
                attempt=attempt,
                issued_at=issued_at,
            )
            return
        self.record(
            op.key,
            kind=op.kind,
            stripe_id=op.stripe_id,
            placeholder=op.dodo_id,
            state=state,
            dodo_id=dodo_id,
            code=op.code,
            request_sha=request_sha,
            response=response,
            error=error,
            error_status=error_status,
            error_code=error_code,
            reason=op.reason,
            attempt=attempt,
        )

    # -- reading

    def entry(self, op: Operation, request_sha: str | None = None) -> Entry | None:
        """What the ledger records for ``op`` (a checkout session: for that request)."""
        if op.kind != "checkout_session":
            return self.get(op.key)
        found = self.session(op.key, request_sha) if request_sha is not None else None
        if found is None:
            return None
        return Entry(
            key=found.source,
            kind=op.kind,
            stripe_id=op.stripe_id,
            placeholder=None,
            state=found.state,
            dodo_id=found.session_id,
            code=None,
            attempts=found.attempts,
            error=found.error,
            error_status=None,
            error_code=None,
            updated_at=found.updated_at,
            checkout_url=found.checkout_url,
        )

    def get(self, key: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT key, kind, stripe_id, placeholder, state, dodo_id, code, attempts, error, "
                "error_status, error_code, updated_at, reason FROM ops WHERE key = ?",
                (key,),
            ).fetchone()
        return Entry(*row) if row else None

    def entries(self) -> Iterator[Entry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT key, kind, stripe_id, placeholder, state, dodo_id, code, attempts, error, "
                "error_status, error_code, updated_at, reason FROM ops ORDER BY rowid"
            ).fetchall()
        for row in rows:
            yield Entry(*row)

    def resolve(self, placeholder: str) -> str | None:
        """The real Dodo id of a created or adopted object, by its plan placeholder."""
        with self._lock:
            row = self._db.execute(
                "SELECT dodo_id FROM ops WHERE placeholder = ? AND state IN ('done', 'adopted') "
                "AND dodo_id IS NOT NULL LIMIT 1",
                (placeholder,),
            ).fetchone()
        return None if row is None else str(row[0])

    def counts(self) -> dict[str, dict[str, int]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, state, COUNT(*) FROM ops GROUP BY kind, state"
            ).fetchall()
        out: dict[str, dict[str, int]] = {}
        for kind, state, n in rows:
            out.setdefault(str(kind), {})[str(state)] = int(n)
        return out

    def origins(self) -> dict[str, str]:
        """How each done or adopted operation came to be, by key: ``created`` (apply made it),
        ``found`` (apply found the object an earlier run made, by its metadata key) or
        ``mapped`` (the plan adopted an id map's object: what it charges is the map's word)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, state, response FROM ops WHERE state IN ('done', 'adopted')"
            ).fetchall()
        return {
            str(key): "created" if state == "done" else "found" if response else "mapped"
            for key, state, response in rows
        }

    def id_map(self) -> dict[str, Any]:
        """Stripe id -> Dodo id for ``translate --id-map``: products and customers by their
        Dodo id, discounts by their code (what checkouts apply). A product made from inline
        ``price_data`` (``product:inline:<placeholder>``) is keyed by its placeholder id, which
        the same inline data translates to again: with this map, ``translate`` and ``scan``
        write its Dodo id instead of requiring it."""
        out: dict[str, Any] = {}
        for entry in self.entries():
            if entry.state not in FINAL or not entry.stripe_id or entry.dodo_id is None:
                continue
            if entry.kind == "product" and entry.key.startswith("product:inline:"):
                out[entry.key.removeprefix("product:inline:")] = entry.dodo_id
            elif entry.kind == "discount":
                out[entry.stripe_id] = entry.code or entry.dodo_id
            elif entry.kind in ("product", "customer") and entry.key.count(":") == 1:
                out[entry.stripe_id] = entry.dodo_id
        out.update(self.subscriptions())
        return out

    # -- moved subscribers

    def record_subscriptions(self, continued: Mapping[str, str | None]) -> None:
        """Record which Dodo subscription continues each Stripe subscription (``subscribers
        create`` and ``status`` read it from Dodo); ``None`` forgets one that has none, or more
        than one: a lookup must never hand out a wrong id. One transaction."""
        if not self._keep_sessions or not continued:
            return  # a dry run's scratch ledger keeps nothing
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for stripe_id, dodo_id in sorted(continued.items()):
                    if dodo_id is None:
                        self._db.execute(
                            "DELETE FROM subscriptions WHERE stripe_id = ?", (stripe_id,)
                        )
                        continue
                    self._db.execute(
                        """INSERT INTO subscriptions VALUES (?, ?, ?) ON CONFLICT(stripe_id)
                           DO UPDATE SET dodo_id = excluded.dodo_id,
                           updated_at = excluded.updated_at""",
                        (stripe_id, dodo_id, _now()),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def subscriptions(self) -> dict[str, str]:
        """Stripe subscription id -> the Dodo subscription that continues it, as recorded."""
        with self._lock:
            rows = self._db.execute(
                "SELECT stripe_id, dodo_id FROM subscriptions ORDER BY stripe_id"
            ).fetchall()
        return {str(stripe_id): str(dodo_id) for stripe_id, dodo_id in rows}

    # -- checkout sessions

    def session(self, source: str, body_sha: str) -> SessionEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT source, body_sha, state, session_id, checkout_url, attempts, error, "
                "updated_at FROM sessions WHERE source = ? AND body_sha = ?",
                (source, body_sha),
            ).fetchone()
        return SessionEntry(*row) if row else None

    def record_session(
        self,
        source: str,
        body_sha: str,
        *,
        state: str,
        session_id: str | None = None,
        checkout_url: str | None = None,
        error: str | None = None,
        attempt: bool = False,
        issued_at: str | None = None,
    ) -> None:
        if not self._keep_sessions:
            return
        self._write(
            """INSERT INTO sessions (source, body_sha, state, session_id, checkout_url, attempts,
                   error, updated_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(source, body_sha) DO UPDATE SET
                   state = excluded.state,
                   session_id = COALESCE(excluded.session_id, sessions.session_id),
                   checkout_url = COALESCE(excluded.checkout_url, sessions.checkout_url),
                   attempts = sessions.attempts + excluded.attempts,
                   error = excluded.error,
                   updated_at = excluded.updated_at,
                   issued_at = COALESCE(excluded.issued_at, sessions.issued_at)""",
            (
                source,
                body_sha,
                state,
                session_id,
                checkout_url,
                1 if attempt else 0,
                error,
                _now(),
                issued_at,
            ),
        )

    def sessions_of(self, source: str) -> list[SessionEntry]:
        """Every session recorded for ``source`` and its later rounds (``source#2``, ...: links
        issued again after one expired), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT source, body_sha, state, session_id, checkout_url, attempts, error, "
                "updated_at, issued_at FROM sessions WHERE source = ? OR substr(source, 1, ?) = ? "
                "ORDER BY updated_at",
                (source, len(source) + 1, f"{source}#"),
            ).fetchall()
        return [SessionEntry(*row) for row in rows]

    def session_counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT state, COUNT(*) FROM sessions GROUP BY state"
            ).fetchall()
        return {str(state): int(n) for state, n in rows}
