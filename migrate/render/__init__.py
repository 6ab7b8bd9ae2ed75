"""Renderers: one small class per output format, each turning values into text (no I/O)."""
