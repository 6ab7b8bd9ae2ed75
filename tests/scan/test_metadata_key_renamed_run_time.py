"""A metadata key Dodo renames (D010) is said even when its value is computed at run time.

Read in a WordPress form plugin: ``'metadata' => $this->getIntentMetaData($submission)``, the
helper returning ``['Submission ID' => $submission->id, 'Form ID' => $submission->form_id]``.
The Dodo body had ``Submission_ID`` and ``Form_ID``, but D010 was left out with the run-time
value's other findings, though the key is read from the code: a webhook reading the old key
found nothing after the move. The same held for a literal key with a run-time value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

HELPER = """<?php
class Handler {
    public function checkout($submission) {
        $args = [
            'mode' => 'payment',
            'line_items' => [['price' => 'price_1Abc', 'quantity' => 1]],
            'success_url' => 'https://x.example/ok',
            'metadata' => $this->getIntentMetaData($submission),
        ];
        return \\Stripe\\Checkout\\Session::create($args);
    }

    private function getIntentMetaData($submission) {
        return ['Submission ID' => $submission->id, 'Form ID' => $submission->form_id];
    }
}
"""

PYTHON = """import stripe


def checkout(order):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Abc", "quantity": 1}],
        success_url="https://x.example/ok",
        metadata={"order.id": order.id},
    )
"""


@pytest.mark.parametrize(
    ("name", "code", "renamed"),
    [
        ("handler.php", HELPER, {"Submission ID": "Submission_ID", "Form ID": "Form_ID"}),
        ("views.py", PYTHON, {"order.id": "order_id"}),
    ],
)
def test_the_renamed_key_of_a_run_time_value_is_said(
    tmp_path: Path, name: str, code: str, renamed: dict[str, str]
) -> None:
    (site,) = creates(write_tree(tmp_path, {name: code}))
    said = {f.path: f for f in site.findings if f.code == "D010"}
    assert set(said) == {f"metadata.{k}" for k in renamed}
    for old, new in renamed.items():
        assert f"{old} became {new}" in said[f"metadata.{old}"].message
    assert site.translation is not None and site.translation.dodo is not None
    assert set(site.translation.dodo["metadata"]) == set(renamed.values())
