"""Readers: turn files, folders and stdin into Stripe payloads (never talk to Dodo)."""

from migrate.readers.base import InputProblem, RawPayload, SourceRef

__all__ = ["InputProblem", "RawPayload", "SourceRef"]
