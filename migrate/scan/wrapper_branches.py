"""A call of a function that creates in several places (a Checkout Session in each branch of
an ``if``, a PaymentIntent beside them): each creation is reported at the call, each site
saying which one it is (RT051), so that no branch's Dodo call stands for the call alone."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from migrate.scan.site import CallSite, related_finding
from migrate.scan.wrapper_index import Wrapper

ONE_OF: Final = "RT051"


def one_of(site: CallSite, wrapper: Wrapper, places: tuple[str, ...]) -> CallSite:
    """``site`` (a call reaching ``wrapper``, one of the creations at ``places`` its function
    makes) with the finding saying which one its Dodo call is."""
    note = related_finding(
        ONE_OF,
        wrapper=wrapper.label,
        count=len(places),
        places=", ".join(places),
        place=wrapper.reached,
    )
    return replace(site, findings=(*site.findings, note))
