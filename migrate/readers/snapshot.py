"""Snapshot files: what was read from a Stripe account, for offline use by every command.

Format ``stripe2dodo.snapshot/v2`` is JSON Lines (v1, the same without subscriptions, is still
read: a v1 file is a v2 file that holds none):

* line 1, the header::

    {"object": "stripe2dodo.snapshot", "format": 2, "stripe_api_version": "2026-10-28.endive",
     "exported_at": "2026-11-22T10:00:00Z", "tool": "stripe2dodo 0.1.0", "livemode": false}

* then one Stripe object per line, exactly as the API returns it (``price.product`` as an id),
  in this order: ``product``, ``price`` (legacy plans are prices with the same id; a ``plan``
  line appears only for a plan the price list did not return), ``coupon`` (with
  ``applies_to``), ``promotion_code``, ``customer``, ``checkout.session`` (with ``line_items``
  holding *every* item: ``{"object": "list", "data": [...], "has_more": false}``),
  ``subscription`` (with *every* item and its whole price, and expanded: the customer with its
  tax ids, the default payment method, each discount with its coupon);

* last line, the footer, so a cut-off export is detected::

    {"object": "stripe2dodo.snapshot_end", "counts": {"product": 12, "price": 30, ...}}

API keys are never written. Reading streams: memory does not grow with the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from migrate import __version__
from migrate.errors import InputError
from migrate.readers.limits import LimitError, loads

HEADER = "stripe2dodo.snapshot"
FOOTER = "stripe2dodo.snapshot_end"
FORMAT = 2
READABLE = (1, 2)
"""Formats this version reads: 2 added subscriptions (a new kind); 1 is read as it was."""
KINDS = (
    "product",
    "price",
    "plan",
    "coupon",
    "promotion_code",
    "customer",
    "checkout.session",
    "subscription",
)
_DECODER = json.JSONDecoder(parse_float=Decimal)


@dataclass
class SnapshotInfo:
    """The header, the footer's counts, and a hash of the file's bytes (for plan inputs)."""

    path: str
    header: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    complete: bool = False
    sha256: str = ""


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class SnapshotWriter:
    """Writes a snapshot line by line; ``close()`` writes the footer with the counts."""

    def __init__(
        self, out: IO[str], *, api_version: str, exported_at: str, livemode: bool | None
    ) -> None:
        self.out = out
        self.counts: dict[str, int] = {}
        header = {
            "object": HEADER,
            "format": FORMAT,
            "stripe_api_version": api_version,
            "exported_at": exported_at,
            "tool": f"stripe2dodo {__version__}",
            "livemode": livemode,
        }
        out.write(json.dumps(header) + "\n")

    def write(self, obj: dict[str, Any]) -> None:
        kind = obj.get("object")
        if kind not in KINDS:
            raise ValueError(f"a snapshot holds {', '.join(KINDS)}, not {kind!r}")
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.out.write(
            json.dumps(obj, default=_default, ensure_ascii=False, separators=(",", ":")) + "\n"
        )

    def close(self) -> None:
        self.out.write(json.dumps({"object": FOOTER, "counts": self.counts}) + "\n")
        self.out.flush()


def read_info(path: str) -> SnapshotInfo:
    """Read the header and footer (and hash the bytes) without keeping the objects."""
    digest = hashlib.sha256()
    header: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    try:
        with Path(path).open("rb") as f:
            for number, raw in enumerate(f, start=1):
                digest.update(raw)
                if number == 1:
                    header = _parse(path, number, raw)
                    if header.get("object") != HEADER:
                        raise InputError(
                            "not a stripe2dodo snapshot (no header line)",
                            file=path,
                            line=1,
                            hint="create one with `stripe2dodo export --out FILE`",
                        )
                    if header.get("format") not in READABLE:
                        raise InputError(
                            f"snapshot format {header.get('format')!r} is not supported",
                            file=path,
                            line=1,
                            hint=f"export again with this version (format {FORMAT})",
                        )
                elif raw.startswith(b'{"object": "' + FOOTER.encode()) or raw.startswith(
                    b'{"object":"' + FOOTER.encode()
                ):
                    last = _parse(path, number, raw)
    except OSError as exc:
        raise InputError(
            f"cannot read the snapshot ({exc.strerror or exc})", file=path, hint="check the path"
        ) from None
    if header is None:
        raise InputError("the snapshot is empty", file=path, hint="export it again")
    info = SnapshotInfo(path=path, header=header, sha256=digest.hexdigest())
    if last is not None:
        info.complete = True
        info.counts = {str(k): int(v) for k, v in (last.get("counts") or {}).items()}
    return info


def iter_objects(path: str, kinds: tuple[str, ...] = KINDS) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every Stripe object of the given kinds, with its line number, streamed."""
    try:
        with Path(path).open("rb") as f:
            for number, raw in enumerate(f, start=1):
                if number == 1 or not raw.strip():
                    continue
                obj = _parse(path, number, raw)
                if obj.get("object") in kinds:
                    yield number, obj
    except OSError as exc:
        raise InputError(
            f"cannot read the snapshot ({exc.strerror or exc})", file=path, hint="check the path"
        ) from None


def _parse(path: str, number: int, raw: bytes) -> dict[str, Any]:
    try:
        obj = loads(raw.decode("utf-8"), _DECODER)
    except LimitError as exc:
        where = f" at column {exc.column}" if exc.column else f" at {exc.path}" if exc.path else ""
        raise InputError(
            f"{exc.message}{where}",
            file=path,
            line=number,
            hint="a Stripe export never holds this: the snapshot is damaged; export it again",
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            "not UTF-8", file=path, line=number, hint="the snapshot is damaged; export it again"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON at column {exc.colno} ({exc.msg})",
            file=path,
            line=number,
            hint="the snapshot is damaged; export it again",
        ) from None
    if not isinstance(obj, dict):
        raise InputError(
            "expected a JSON object", file=path, line=number, hint="export the snapshot again"
        )
    return obj
