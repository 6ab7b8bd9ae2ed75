"""A string of a Stripe event's name is a Stripe webhook event (X004) in a file that names
Stripe, or that names events only Stripe's vocabulary has (``customer.subscription.deleted``,
``invoice.paid``: dispatch code split from the handler) and no name of their shape Stripe lacks.
A billing app's own outgoing webhooks and activity logs use the same names
(``"invoice.created" => Webhooks::Invoices::CreatedService`` beside ``"invoice.drafted"``); the
file is read because ``invoice.payment_status = ...`` passes the byte pre-filter, and each of its
names was reported as a Stripe webhook handler (80 of 115 warnings on a real billing app)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

OWN_WEBHOOKS = """\
class SendWebhookJob < ApplicationJob
  WEBHOOKS = {
    "invoice.created" => Webhooks::Invoices::CreatedService,
    "invoice.drafted" => Webhooks::Invoices::DraftedService,
    "invoice.voided" => Webhooks::Invoices::VoidedService,
    "customer.created" => Webhooks::Customers::CreatedService,
  }.freeze

  def perform(type, object)
    object.payment_status = :pending if type == "invoice.created"
    WEBHOOKS.fetch(type).call(object:)
  end
end
"""

OWN_SERVICE = """\
class FinalizeService
  def call(invoice)
    invoice.payment_status = :pending
    SendWebhookJob.perform_later("invoice.created", invoice)
  end
end
"""

DISPATCH = """\
module Billing
  HANDLERS = {
    "customer.subscription.deleted" => :cancel,
    "invoice.paid" => :mark_paid,
    "invoice.created" => :note,
  }.freeze
end
"""

HANDLER = """\
class StripeWebhooksController < ApplicationController
  def create
    event = Stripe::Webhook.construct_event(request.body.read, signature, SECRET)
    mark_paid(event.data.object) if event.type == "invoice.voided"
  end
end
"""


def test_event_names_are_stripes_only_where_the_file_says_so(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/jobs/send_webhook_job.rb": OWN_WEBHOOKS,
            "app/services/finalize_service.rb": OWN_SERVICE,
            "app/billing/handlers.rb": DISPATCH,
            "app/controllers/stripe_webhooks_controller.rb": HANDLER,
        },
    )
    events = {(Path(s.file).name, s.event) for s in scan_paths([str(tmp_path)]) if s.rule == "X004"}
    assert events == {
        ("handlers.rb", "customer.subscription.deleted"),
        ("handlers.rb", "invoice.paid"),
        ("handlers.rb", "invoice.created"),
        ("stripe_webhooks_controller.rb", "invoice.voided"),
    }
