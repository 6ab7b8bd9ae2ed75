package main

import (
	"github.com/stripe/stripe-go/v82"
	portalsession "github.com/stripe/stripe-go/v82/billingportal/session"
	"github.com/stripe/stripe-go/v82/paymentintent"
)

// Checkout sessions are created with session.New(params) in main.go; nothing here does.
const sessionHelp = "create a Checkout Session with session.New(&stripe.CheckoutSessionParams{})"

// openPortal sends a customer to the billing portal (a different kind of session).
func openPortal(customerID string) (string, error) {
	s, err := portalsession.New(&stripe.BillingPortalSessionParams{
		Customer:  stripe.String(customerID),
		ReturnURL: stripe.String("https://example.com/account"),
	})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}

// chargeNow starts an on-session card payment: not a Checkout Session, but it is translated as a
// call around Checkout (a Dodo checkout session for the amount).
func chargeNow() (*stripe.PaymentIntent, error) {
	return paymentintent.New(&stripe.PaymentIntentParams{
		Amount:   stripe.Int64(1000),
		Currency: stripe.String(string(stripe.CurrencyUSD)),
	})
}
