"""The sandbox on ``http://127.0.0.1:<port>``: a threaded HTTP server around ``SandboxApp``
(``migrate.sandbox.app``), and what ``stripe2dodo sandbox`` runs (``serve``, ``ready_message``).

Only 127.0.0.1 is ever bound. A body must come with a ``Content-Length`` of at most 1 MiB
(chunked bodies are refused with 411, larger ones with 413). Answers are written with
``TCP_NODELAY``; the access log is silenced (the app logs method, route pattern and status,
never the query string, headers or body).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from migrate.errors import ConfigError
from migrate.sandbox.app import Kind, Reply, SandboxApp
from migrate.sandbox.faults import Faults
from migrate.sandbox.validate import enums, param_types

__all__ = ["HOST", "MAX_BODY", "Sandbox", "ready_message", "serve"]

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
MAX_BODY = 1 << 20


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port: int, app: SandboxApp) -> None:
        self.app = app
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__((HOST, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn), which can be slow
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox connection error: %s", type(sys.exc_info()[1]).__name__)

    def close_connections(self) -> None:
        with self.connections_lock:
            open_sockets = list(self.connections)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DodoSandbox/1"
    sys_version = ""
    timeout = 120  # an idle keep-alive connection is closed after this many seconds
    server: _Server

    def setup(self) -> None:
        super().setup()
        # headers and body are separate writes: without this, Nagle + delayed ACK add ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.connection)

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_GET

    def _serve(self) -> None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self._write(Reply.error(411, "INVALID_REQUEST_BODY", "send a Content-Length"))
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._write(
                Reply.error(413, "INVALID_REQUEST_BODY", "The request body is too large")
                if length > MAX_BODY
                else Reply.error(400, "INVALID_REQUEST_BODY", "Bad Content-Length")
            )
            return
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.app.handle(self.command, self.path, headers, body)
        if reply.lost:
            self.close_connection = True  # committed, but the client gets no answer
            return
        self._write(reply)

    def _write(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.body:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the app logs method, route pattern and status, never the query string."""


class Sandbox:
    """The sandbox on ``http://127.0.0.1:<port>`` (``port=0``: any free port).

    ``start()`` serves from a background thread; ``serve_forever()`` from the calling thread
    until ``stop()`` or Ctrl-C. Also a context manager (``with Sandbox() as sb: sb.url``).
    """

    def __init__(
        self,
        port: int = 0,
        *,
        latency: float = 0.0,
        rate_limit: float | None = None,
        error_rate: float = 0.0,
        lost_rate: float = 0.0,
        throttle_rate: float = 0.0,
        seed: int = 0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ConfigError(f"sandbox port must be 0..65535, got {port!r}")
        faults = Faults(latency, rate_limit, error_rate, lost_rate, throttle_rate)
        self.app = SandboxApp(seed=seed, faults=faults, clock=clock)
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._looping = threading.Event()

    def __repr__(self) -> str:
        where = self.url if self._server else "not started"
        return f"Sandbox({where}, {self.app.settings})"

    # -- lifecycle ---------------------------------------------------------------------------

    def bind(self) -> Self:
        """Open the listening socket (done by ``start``/``serve_forever`` when needed)."""
        if self._server is None:
            param_types(), enums()  # import the SDK types now, not in the first request
            try:
                self._server = _Server(self._port, self.app)
            except OSError as exc:
                raise ConfigError(
                    f"the sandbox cannot listen on {HOST}:{self._port}: {exc.strerror or exc}",
                    hint="choose another --port, or 0 for any free port",
                ) from None
            self.app.base_url = self.url
        return self

    def start(self) -> Self:
        """Serve from a daemon thread; returns at once."""
        if self._thread is not None:
            return self
        self.bind()
        self._looping.set()  # before the thread runs: stop() may come at once
        self._thread = threading.Thread(
            target=self._loop, args=(0.05,), name=f"dodo-sandbox-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from this thread until ``stop()`` is called from another one."""
        self.bind()
        self._looping.set()
        self._loop(0.2)

    def _loop(self, poll_interval: float) -> None:
        server = self._server
        assert server is not None
        try:
            server.serve_forever(poll_interval=poll_interval)
        finally:
            self._looping.clear()

    def stop(self) -> None:
        """Stop serving, drop open connections and close the socket. Safe to call twice."""
        server, thread = self._server, self._thread
        if server is None:
            return
        if self._looping.is_set():
            server.shutdown()  # waits for the serving loop to end
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not listening: call start()")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # -- knobs and inspection ----------------------------------------------------------------

    @property
    def settings(self) -> Faults:
        """The fault knobs in force."""
        return self.app.settings

    def configure(self, **knobs: Any) -> Faults:
        """Change fault knobs while running: ``configure(error_rate=1.0)``."""
        faults = replace(self.app.settings, **knobs)
        self.app.configure(faults)
        return faults

    def objects(self, kind: Kind) -> list[dict[str, Any]]:
        return self.app.objects(kind)

    def count(self, kind: Kind) -> int:
        return self.app.count(kind)

    def reset(self) -> None:
        self.app.reset()

    def requests(self) -> dict[str, int]:
        """Requests received, by ``"METHOD /path/{pattern}"``."""
        return self.app.requests()

    def faults(self) -> dict[str, int]:
        """Faults injected, by kind (see ``SandboxApp.faults``)."""
        return self.app.faults()


def ready_message(url: str) -> str:
    """The one line to print when the sandbox is up."""
    return (
        f"Dodo sandbox listening on {url} (in memory; Ctrl-C stops it). Point stripe2dodo at "
        f"it with DODO_PAYMENTS_BASE_URL={url} and any non-empty DODO_PAYMENTS_API_KEY."
    )


def serve(
    port: int = 0,
    *,
    on_ready: Callable[[Sandbox], None] | None = None,
    latency: float = 0.0,
    rate_limit: float | None = None,
    error_rate: float = 0.0,
    lost_rate: float = 0.0,
    throttle_rate: float = 0.0,
    seed: int = 0,
) -> None:
    """Run a sandbox in the foreground until Ctrl-C (or ``stop()`` from ``on_ready``'s
    sandbox in another thread). ``on_ready(sandbox)`` is called once it listens; without it
    the ready line is logged at INFO."""
    sandbox = Sandbox(
        port,
        latency=latency,
        rate_limit=rate_limit,
        error_rate=error_rate,
        lost_rate=lost_rate,
        throttle_rate=throttle_rate,
        seed=seed,
    ).bind()
    try:
        if on_ready is not None:
            on_ready(sandbox)
        else:
            log.info("%s", ready_message(sandbox.url))
        sandbox.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
