"""stripe2dodo: move a Stripe Checkout integration to Dodo Payments."""

__version__ = "0.2.0"
