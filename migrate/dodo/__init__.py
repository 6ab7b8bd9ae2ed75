"""Talking to the Dodo Payments API."""
