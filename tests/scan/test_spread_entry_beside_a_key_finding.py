"""An entry spread into a metadata object (``**(price.product.metadata or {})``) that the
Dodo call does not carry is said to be lost (RT012), even when another finding speaks of one
key of that object.

Read in a survey platform's add-on checkout: ``payment_intent_data.metadata`` set in the
one-time branch with three keys and the product's metadata spread in (the usage limits its
webhook grants), the session's own ``metadata`` setting two of those keys again (C104). The
C104 findings about those two keys were taken as speaking for the whole object: the spread
was neither carried nor reported, and the webhook granted no limits after the move. A key
given the same value in both (``organization_id``) is no key "set twice" (C104): the merged
metadata sends that value."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

CODE = """\
import stripe


def start_checkout_session(customer_id, price, organization_id, quantity=1):
    kwargs = {}
    if price.type == 'one_time':
        mode = 'payment'
        kwargs['payment_intent_data'] = {
            'metadata': {
                'organization_id': organization_id,
                'price_id': price.id,
                **(price.product.metadata or {}),
            },
        }
    else:
        mode = 'subscription'
    return stripe.checkout.Session.create(
        customer=customer_id,
        line_items=[{'price': price.id, 'quantity': quantity}],
        metadata={'organization_id': organization_id, 'price_id': price.lookup_key},
        mode=mode,
        success_url='https://app.example/ok',
        **kwargs,
    )
"""


def test_the_spread_entry_is_reported_lost(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"views.py": CODE}))
    # the key given two values: said as before; the key given the same one in both: not
    taken = [f.path for f in site.findings if f.code == "C104"]
    assert taken == ["payment_intent_data.metadata.price_id"]
    (lost,) = [f for f in site.findings if f.code == "RT012"]
    assert lost.path == "payment_intent_data.metadata"
    assert "**(price.product.metadata or {})" in lost.message
    assert lost.level.value == "warning"
