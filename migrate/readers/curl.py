"""curl commands, as Stripe's docs print them, to request payloads.

Text is scanned for commands in one of two modes:

* **script**: some line starts with ``curl`` (after blanks and an optional ``$`` prompt).
  Each such line starts a command; other lines (shell, output, ``#`` comments) are ignored.
* **document**: no line starts with ``curl``, but prose contains ``curl <url>`` or
  ``curl -…`` (a doc page flattened onto one line). Every such occurrence starts a command.

A command runs to the end of its logical line (``\\`` + newline continues it; a lone ``\\``
between blanks, left over from flattening, is a blank). Inside, an unquoted ``curl`` word
starts the next command; a word starting with ``#`` or a Markdown fence (`````), or a shell
operator (``|``, ``;``, ``&&``, a redirection) ends it.

Tokens come from :mod:`shlex` (POSIX rules). Options understood: ``-u``/``--user``,
``-d``/``--data``/``--data-raw``/``--data-ascii``/``--data-binary`` (``@file`` is read relative
to ``base_dir``), ``--data-urlencode`` and ``--url-query`` (curl's ``content``, ``=content``,
``name=content``, ``name@file`` forms), ``--json``, ``-G``/``--get``, ``-X``/``--request``,
``-I``/``--head``, ``-H``/``--header``, ``--url``, ``--oauth2-bearer``; ``-F``/``--form`` is
reported as unsupported. Other common options are skipped with their argument. A command
longer than :data:`MAX_COMMAND_CHARS` is a problem, not read (shlex's cost grows with the
square of a word's length); a long line of prose with short commands in it is read as usual.

The payload is what the server would decode: the body for POST-like methods, the query
string (URL query plus ``-G`` data) for GET. It is parsed with
:func:`~migrate.readers.form.parse_form`, or as JSON when the content type says so or the only
data is a JSON object.

Secrets (the ``-u`` value, ``Authorization`` and proxy credentials, URL user info) are never
kept: only the fact that credentials were present survives, and any secret text that leaks into
the URL, the data or a message is replaced by ``[redacted]``.
"""

from __future__ import annotations

import bisect
import io
import json
import re
import shlex
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from migrate.readers.form import FormParseError, parse_form
from migrate.readers.limits import HINT as _HINT_LIMIT
from migrate.readers.limits import LimitError, loads

__all__ = [
    "CurlCommand",
    "CurlProblem",
    "has_curl_command",
    "iter_curl_commands",
    "redact",
]

BodyFormat = Literal["form", "json"]

REDACTED = "[redacted]"
_LINE_START = re.compile(r"^[ \t]*(?:\$[ \t]+)?(curl)(?=[ \t]|$)", re.MULTILINE)
_EMBEDDED = re.compile(r"(?<!\S)(curl)(?=[ \t]+(?:['\"]?https?://|-))")
_EMBEDDED_URL = re.compile(r"(?<!\S)curl[ \t]+['\"]?https?://")
_CONTINUATION = re.compile(r"\\[ \t]*(?:\r?\n|\Z)")
_LONE_BACKSLASH = re.compile(r"(?<=[ \t])\\(?=[ \t])")
_STRIPE_SECRET = re.compile(r"\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z]+|\bwhsec_[0-9A-Za-z]+")
_SHELL_OPERATORS = frozenset({"|", "||", "&&", ";", "&", "|&"})
_MIN_SECRET_LEN = 6

_HINT_QUOTES = "close the quote, or end each continued line with a backslash"
_JSON_BODY = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal)
MAX_COMMAND_CHARS = 100_000
"""The most characters one curl command may take (from the ``curl`` word)."""

# Options that take an argument, by long name; short letters map onto them.
_DATA = frozenset({"--data", "--data-raw", "--data-ascii", "--data-binary"})
_URLENCODE = frozenset({"--data-urlencode", "--url-query"})
_MULTIPART = frozenset({"--form", "--form-string"})
_SECRET_ARGS = frozenset(
    {"--proxy-user", "--pass", "--tlspassword", "--proxy-pass", "--proxy-tlspassword"}
)
_HANDLED = frozenset(
    {"--user", "--header", "--request", "--url", "--json", "--oauth2-bearer"}
    | _DATA
    | _URLENCODE
    | _MULTIPART
    | _SECRET_ARGS
)
_SKIPPED_WITH_ARG = frozenset(
    {
        "--output",
        "--write-out",
        "--user-agent",
        "--referer",
        "--cookie",
        "--cookie-jar",
        "--connect-timeout",
        "--max-time",
        "--retry",
        "--retry-delay",
        "--retry-max-time",
        "--proxy",
        "--preproxy",
        "--noproxy",
        "--proxy-header",
        "--cacert",
        "--capath",
        "--cert",
        "--cert-type",
        "--key",
        "--key-type",
        "--resolve",
        "--connect-to",
        "--interface",
        "--limit-rate",
        "--max-redirs",
        "--max-filesize",
        "--config",
        "--trace",
        "--trace-ascii",
        "--stderr",
        "--upload-file",
        "--range",
        "--continue-at",
        "--dump-header",
        "--ciphers",
        "--local-port",
        "--dns-servers",
        "--netrc-file",
        "--unix-socket",
        "--abstract-unix-socket",
        "--socks5",
        "--socks5-hostname",
        "--speed-limit",
        "--speed-time",
        "--time-cond",
        "--tls-max",
        "--proto",
        "--proto-redir",
        "--output-dir",
        "--variable",
        "--aws-sigv4",
        "--request-target",
        "--etag-save",
        "--etag-compare",
        "--keepalive-time",
        "--expect100-timeout",
        "--pinnedpubkey",
        "--quote",
        "--telnet-option",
        "--ftp-port",
        "--mail-from",
        "--mail-rcpt",
        "--login-options",
        "--krb",
        "--delegation",
        "--service-name",
        "--happy-eyeballs-timeout-ms",
        "--create-file-mode",
        "--hostpubmd5",
        "--hostpubsha256",
        "--proxy-cacert",
        "--proxy-cert",
        "--proxy-key",
        "--crlfile",
        "--engine",
        "--random-file",
        "--egd-file",
        "--sasl-authzid",
        "--tlsuser",
        "--proxy-tlsuser",
    }
)
_SHORT = {
    "u": "--user",
    "d": "--data",
    "H": "--header",
    "X": "--request",
    "F": "--form",
    "o": "--output",
    "w": "--write-out",
    "A": "--user-agent",
    "e": "--referer",
    "b": "--cookie",
    "c": "--cookie-jar",
    "m": "--max-time",
    "x": "--proxy",
    "U": "--proxy-user",
    "E": "--cert",
    "K": "--config",
    "T": "--upload-file",
    "r": "--range",
    "C": "--continue-at",
    "D": "--dump-header",
    "Y": "--speed-limit",
    "y": "--speed-time",
    "z": "--time-cond",
    "t": "--telnet-option",
    "Q": "--quote",
    "P": "--ftp-port",
    "G": "--get",
    "I": "--head",
}
_FLAGS_WITH_MEANING = frozenset({"--get", "--head"})


@dataclass(frozen=True, slots=True)
class CurlCommand:
    """One request read from a curl command; holds no credentials.

    ``line`` is the 1-based line the command starts on, ``index`` its 0-based position among
    the commands of the text; ``url`` has any user info removed; ``endpoint`` is the URL path
    (``/v1/checkout/sessions``); ``auth`` says whether credentials were given.
    """

    line: int
    index: int
    method: str
    url: str
    endpoint: str
    data: dict[str, Any]
    body_format: BodyFormat
    stripe_version: str | None
    auth: bool
    idempotency_key: str | None = None
    """The ``Idempotency-Key`` header as written (a shell variable stays ``$NAME``)."""


@dataclass(frozen=True, slots=True)
class CurlProblem:
    """A curl command that could not be read; ``message`` and ``hint`` hold no secrets."""

    line: int
    index: int
    message: str
    hint: str


class _Unusable(Exception):
    """A command that cannot become a payload (message, hint)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class _Pending:
    """What one command said so far; secrets only in ``secrets``, for redaction."""

    urls: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    query: list[str] = field(default_factory=list)
    method: str | None = None
    get: bool = False
    head: bool = False
    json_body: bool = False
    stripe_version: str | None = None
    idempotency_key: str | None = None
    auth: bool = False
    secrets: set[str] = field(default_factory=set)
    problem: _Unusable | None = None
    held: list[str] = field(default_factory=list)
    """The shell expansions of the data, each replaced by ``_HELD`` with its index."""

    def fail(self, message: str, hint: str) -> None:
        if self.problem is None:
            self.problem = _Unusable(message, hint)


def redact(text: str, secrets: set[str] | frozenset[str] = frozenset()) -> str:
    """``text`` with the given secrets and anything shaped like a Stripe secret key hidden."""
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= _MIN_SECRET_LEN and secret in text:
            text = text.replace(secret, REDACTED)
    if "_test_" not in text and "_live_" not in text and "whsec_" not in text:
        return text  # literal searches first: the pattern, starting with \b, tries every byte
    return _STRIPE_SECRET.sub(REDACTED, text)


def has_curl_command(text: str) -> bool:
    """Whether ``text`` holds a curl command (a line starting with it, or ``curl <url>``)."""
    return bool(_LINE_START.search(text) or _EMBEDDED_URL.search(text))


def _blank_out(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _prepare(text: str) -> str:
    """Continuations and lone backslashes turned into blanks (offsets and lines unchanged)."""
    text = _CONTINUATION.sub(_blank_out, text)
    return _LONE_BACKSLASH.sub(" ", text)


class _Scanner:
    """Walks the prepared text and yields one result per command."""

    def __init__(self, text: str, base_dir: Path | None) -> None:
        self.text = _prepare(text)
        self.base_dir = base_dir
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.script = bool(_LINE_START.search(text))
        self.index = 0

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def run(self) -> Iterator[CurlCommand | CurlProblem]:
        for start, end in self._logical_lines():
            yield from self._scan_line(start, end)

    def _logical_lines(self) -> Iterator[tuple[int, int]]:
        pos = 0
        size = len(self.text)
        while pos < size:
            end = self.text.find("\n", pos)
            end = size if end < 0 else end
            yield pos, end
            pos = end + 1

    def _next_start(self, start: int, end: int, first: bool) -> int | None:
        if self.script:
            if not first:
                return None
            match = _LINE_START.match(self.text, start, end)
        else:
            match = _EMBEDDED.search(self.text, start, end)
        return match.start(1) if match else None

    def _scan_line(self, start: int, end: int) -> Iterator[CurlCommand | CurlProblem]:
        at = self._next_start(start, end, first=True)
        while at is not None:
            at = yield from self._scan_commands(at, end)
            if at is not None:
                at = self._next_start(at, end, first=False)

    def _scan_commands(
        self, at: int, end: int
    ) -> Generator[CurlCommand | CurlProblem, None, int | None]:
        """Commands from the ``curl`` word at ``at``; returns the offset after a stop word."""
        # shlex builds each word a character at a time: its cost grows with the square of a
        # word's length (a 600 kB JSON body takes 17 s), so it reads at most MAX_COMMAND_CHARS.
        cut = min(end, at + MAX_COMMAND_CHARS)
        stream = io.StringIO(self.text[at:cut])
        lexer = shlex.shlex(stream, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        tokens: list[str] = []
        line = self.line_of(at)
        lexer.get_token()  # the word "curl" itself
        while True:
            before = stream.tell()
            try:
                token = lexer.get_token()
            except ValueError:
                if cut < end:
                    yield self._too_long(line)
                else:
                    yield self._problem(line, "unbalanced quote in curl command", _HINT_QUOTES)
                return None
            if token is None:
                yield self._too_long(line) if cut < end else self._finish(line, tokens)
                return None
            if token == "curl" and not _wants_argument(tokens):
                yield self._finish(line, tokens)
                tokens = []
                line = self.line_of(self._skip_blanks(at + before))
                continue
            if not _wants_argument(tokens) and _is_stop_word(token):
                yield self._finish(line, tokens)
                return at + stream.tell()
            tokens.append(token)

    def _too_long(self, line: int) -> CurlProblem:
        message = f"curl command longer than {MAX_COMMAND_CHARS:,} characters"
        return self._problem(line, message, _HINT_LIMIT)

    def _skip_blanks(self, offset: int) -> int:
        while offset < len(self.text) and self.text[offset] in " \t\r":
            offset += 1
        return offset

    def _problem(self, line: int, message: str, hint: str) -> CurlProblem:
        problem = CurlProblem(line=line, index=self.index, message=message, hint=hint)
        self.index += 1
        return problem

    def _finish(self, line: int, tokens: list[str]) -> CurlCommand | CurlProblem:
        pending = _Pending()
        try:
            _read_options(tokens, pending, self.base_dir)
            command = _build(pending, line, self.index)
        except _Unusable as err:
            message, hint = redact(err.message, pending.secrets), redact(err.hint, pending.secrets)
            return self._problem(line, message, hint)
        self.index += 1
        return command


def _wants_argument(tokens: list[str]) -> bool:
    """Whether the last token is an option still waiting for its separate argument."""
    if not tokens:
        return False
    name = _option_name(tokens[-1])
    return name is not None and _takes_argument(name) and not _attached(tokens[-1])


def _option_name(token: str) -> str | None:
    if token.startswith("--") and len(token) > 2:
        return token.split("=", 1)[0]
    if token.startswith("-") and len(token) > 1:
        # The last option letter of a cluster that takes an argument decides.
        for pos, letter in enumerate(token[1:], start=1):
            long = _SHORT.get(letter)
            if long is not None and _takes_argument(long):
                return long if pos == len(token) - 1 else None
        return None
    return None


def _attached(token: str) -> bool:
    return token.startswith("--") and "=" in token


def _takes_argument(name: str) -> bool:
    return name in _HANDLED or name in _SKIPPED_WITH_ARG


def _is_stop_word(token: str) -> bool:
    return token in _SHELL_OPERATORS or token.startswith(("#", "```", ">", "<", "2>", "1>"))


def _split_options(tokens: list[str]) -> Iterator[tuple[str | None, str | None]]:
    """``(option, argument)`` pairs; positional words come as ``(None, word)``."""
    pos = 0
    while pos < len(tokens):
        token = tokens[pos]
        pos += 1
        if token.startswith("--") and len(token) > 2:
            name, eq, attached = token.partition("=")
            if eq:
                yield name, attached
            elif _takes_argument(name):
                yield name, tokens[pos] if pos < len(tokens) else None
                pos += 1
            else:
                yield name, None
        elif token.startswith("-") and len(token) > 1:
            for at, letter in enumerate(token[1:], start=1):
                long = _SHORT.get(letter, f"-{letter}")
                if not _takes_argument(long):
                    yield long, None
                    continue
                rest = token[at + 1 :]
                if rest:
                    yield long, rest
                else:
                    yield long, tokens[pos] if pos < len(tokens) else None
                    pos += 1
                break
        else:
            yield None, token


def _read_options(tokens: list[str], pending: _Pending, base_dir: Path | None) -> None:
    """Fills ``pending`` from the command's words; unusable input sets ``pending.problem``."""
    for name, value in _split_options(tokens):
        if name is None:
            pending.urls.append(value or "")
        elif name in _FLAGS_WITH_MEANING:
            pending.get = pending.get or name == "--get"
            pending.head = pending.head or name == "--head"
        elif not _takes_argument(name):
            continue
        elif value is None:
            _note_secret_option(name, pending)
            pending.fail(f"option {name} has no value", "give the option its value")
        else:
            _apply(name, value, pending, base_dir)


def _note_secret_option(name: str, pending: _Pending) -> None:
    if name in ("--user", "--oauth2-bearer"):
        pending.auth = True


def _apply(name: str, value: str, pending: _Pending, base_dir: Path | None) -> None:
    if name in ("--user", "--oauth2-bearer"):
        pending.auth = True
        pending.secrets.update({value, value.split(":", 1)[0]})
    elif name in _SECRET_ARGS:
        pending.secrets.update({value, value.split(":", 1)[0]})
    elif name == "--header":
        _apply_header(value, pending)
    elif name == "--request":
        pending.method = value.upper()
    elif name == "--url":
        pending.urls.append(value)
    elif name in _DATA:
        pending.data.append(_data_value(name, value, pending, base_dir))
    elif name == "--json":
        pending.json_body = True
        pending.data.append(_data_value(name, value, pending, base_dir))
    elif name in _URLENCODE:
        if name == "--url-query":
            pending.query.append(
                value[1:] if value.startswith("+") else _urlencoded(value, pending, base_dir)
            )
        else:
            pending.data.append(_urlencoded(value, pending, base_dir))
    elif name in _MULTIPART:
        pending.fail(
            f"multipart form data ({name}) is not a Checkout Session payload",
            "send the parameters with -d key=value instead of -F",
        )


def _apply_header(value: str, pending: _Pending) -> None:
    header, _, content = value.partition(":")
    header = header.strip().lower()
    content = content.strip()
    if header in ("authorization", "proxy-authorization"):
        pending.auth = pending.auth or header == "authorization"
        scheme_and_token = content.split(None, 1)
        pending.secrets.update({content, value, *scheme_and_token[1:]})
    elif header == "stripe-version":
        pending.stripe_version = content
    elif header == "idempotency-key":
        pending.idempotency_key = content or None
    elif header == "content-type" and content.lower().startswith("application/json"):
        pending.json_body = True


def _read_file(name: str, raw_path: str, pending: _Pending, base_dir: Path | None) -> str:
    """The text of an ``@file`` argument; a problem (empty text) when it cannot be read."""
    if raw_path == "-":
        pending.fail(f"{name} @- reads stdin, which is not available here", "inline the data")
        return ""
    path = Path(raw_path).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = "not UTF-8 text" if isinstance(err, UnicodeDecodeError) else _os_reason(err)
        pending.fail(
            f"{name} @{raw_path}: {reason}",
            "make the file readable next to the curl file, or inline the data",
        )
        return ""


def _os_reason(err: OSError) -> str:
    return err.strerror.lower() if err.strerror else type(err).__name__


SHELL_EXPANSION: Final = re.compile(
    r"\$(?:\(\([^()]*\)\)|\([^()]*(?:\([^()]*\)[^()]*)*\)|\{[^{}]*\}|[A-Za-z_]\w*)|`[^`]*`"
)
"""A shell expansion in a word: ``$NAME``, ``${NAME}``, ``$(command)``, ``$((n + 1))``, a
backquoted command. The shell replaces it before curl runs: its text is no form data (a ``+`` in
``$(date +%s)`` is no encoded blank), so it is held out of the decoding and put back as written
(:func:`migrate.scan.embedded.curl_sites` reads a value holding one as known only at run time)."""
_HELD: Final = re.compile(r"S2dHeLd(\d+)Z")


def _hold(value: str, pending: _Pending) -> str:
    """``value`` with each shell expansion replaced by a mark the decoding leaves as it is."""

    def mark(match: re.Match[str]) -> str:
        pending.held.append(match.group())
        return f"S2dHeLd{len(pending.held) - 1}Z"

    return SHELL_EXPANSION.sub(mark, value) if "$" in value or "`" in value else value


def _put_back(value: Any, held: list[str]) -> Any:
    """The payload with each held expansion back in place (keys too)."""
    if not held:
        return value
    if isinstance(value, str):
        return _HELD.sub(lambda m: held[int(m.group(1))], value)
    if isinstance(value, dict):
        return {_put_back(k, held): _put_back(v, held) for k, v in value.items()}
    if isinstance(value, list):
        return [_put_back(v, held) for v in value]
    return value


def _data_value(name: str, value: str, pending: _Pending, base_dir: Path | None) -> str:
    if name == "--data-raw" or not value.startswith("@"):
        return _hold(value, pending)
    content = _read_file(name, value[1:], pending, base_dir)
    if name == "--data-binary":
        return content
    return content.replace("\r", "").replace("\n", "")


def _urlencoded(value: str, pending: _Pending, base_dir: Path | None) -> str:
    """A ``--data-urlencode`` argument as curl sends it."""
    split_at = value.find("=")
    if split_at < 0:
        split_at = value.find("@")
    if split_at < 0:
        return quote(_hold(value, pending), safe="")
    name, content = value[:split_at], value[split_at + 1 :]
    if value[split_at] == "@":
        content = _read_file("--data-urlencode", content, pending, base_dir)
    else:
        content = _hold(content, pending)
    encoded = quote(content, safe="")
    return f"{name}={encoded}" if name else encoded


def _build(pending: _Pending, line: int, index: int) -> CurlCommand:
    if pending.problem is not None:
        raise pending.problem
    if not pending.urls or not pending.urls[0]:
        raise _Unusable("curl command has no URL", "put the request URL right after curl")
    if len(pending.urls) > 1:
        raise _Unusable(
            "curl command has more than one URL or a stray word",
            "check for an option missing its value, or split the command",
        )
    url, query = _clean_url(pending.urls[0], pending)
    query_parts = [part for part in (query, *pending.query) if part]
    if pending.get:
        query_parts.extend(pending.data)
    in_body = bool(pending.data) and not pending.get
    body = "&".join(pending.data if in_body else query_parts)
    method = pending.method or _default_method(pending)
    full_url = f"{url}?{'&'.join(query_parts)}" if query_parts else url
    data, body_format = _payload(body, pending)
    data = _redact_values(_put_back(data, pending.held), pending.secrets)
    return CurlCommand(
        line=line,
        index=index,
        method=method,
        url=redact(full_url, pending.secrets),
        endpoint=_endpoint(url),
        data=data,
        body_format=body_format,
        stripe_version=pending.stripe_version,
        auth=pending.auth,
        idempotency_key=pending.idempotency_key,
    )


def _default_method(pending: _Pending) -> str:
    if pending.head:
        return "HEAD"
    if pending.get or not pending.data:
        return "GET"
    return "POST"


def split_url(url: str) -> SplitResult:
    """``url`` split as ``urlsplit`` does (a scheme assumed where it has none); a host in
    brackets that is no IPv6 address (``http://[VPS-IP]:5001``, a placeholder in a document),
    which ``urlsplit`` refuses, split by its parts as written."""
    whole = url if "://" in url else f"https://{url}"
    try:
        return urlsplit(whole)
    except ValueError:
        found = _PARTS.match(whole)
        assert found is not None  # every part may be empty
        return SplitResult(*(found.group(g) or "" for g in ("s", "n", "p", "q", "f")))


_PARTS: Final = re.compile(
    r"(?:(?P<s>[^:/?#]+):)?(?://(?P<n>[^/?#]*))?(?P<p>[^?#]*)(?:\?(?P<q>[^#]*))?(?:#(?P<f>.*))?",
    re.S,
)
"""A URL's parts (RFC 3986's appendix B): scheme, authority, path, query, fragment."""


def _clean_url(url: str, pending: _Pending) -> tuple[str, str]:
    """The URL without user info, query or fragment, and its query string."""
    parts = split_url(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, netloc = netloc.rpartition("@")
        pending.auth = True
        pending.secrets.update({userinfo, userinfo.split(":", 1)[0]})
    clean = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    if "://" not in url:
        clean = clean.removeprefix("https://")
    return clean, parts.query


def _endpoint(url: str) -> str:
    path = split_url(url).path or "/"
    return path.rstrip("/") or "/"


def _payload(body: str, pending: _Pending) -> tuple[dict[str, Any], BodyFormat]:
    stripped = body.strip()
    looks_json = len(pending.data) == 1 and stripped.startswith("{")
    if pending.json_body or looks_json:
        return _redact_values(_json_payload(stripped), pending.secrets), "json"
    try:
        data = parse_form(body)
    except FormParseError as err:
        raise _Unusable(redact(err.message, pending.secrets), err.hint or "") from None
    return _redact_values(data, pending.secrets), "form"


def _json_payload(body: str) -> dict[str, Any]:
    if not body:
        return {}
    try:
        value = loads(body, _JSON_BODY)
    except json.JSONDecodeError as err:
        raise _Unusable(
            f"JSON body does not parse: {err.msg} at column {err.colno}",
            "fix the JSON, or send form data with -d key=value",
        ) from None
    except LimitError as err:
        where = f" at {err.path}" if err.path else f" at column {err.column}" if err.column else ""
        raise _Unusable(f"JSON body{where}: {err.message}", _HINT_LIMIT) from None
    if not isinstance(value, dict):
        raise _Unusable(
            f"JSON body is a {type(value).__name__}, not an object",
            "send one JSON object per request",
        )
    return value


def _redact_values(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {redact(k, secrets): _redact_values(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_values(v, secrets) for v in value]
    return value


def iter_curl_commands(
    text: str, *, base_dir: Path | None = None
) -> Iterator[CurlCommand | CurlProblem]:
    """Every curl command in ``text``, read, or the reason it could not be.

    ``base_dir`` is where ``-d @file`` paths are resolved (the current folder when ``None``).
    """
    return _Scanner(text, base_dir).run()
