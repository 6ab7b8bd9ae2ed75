// Saved cards, upsells and plan changes around Checkout: the Stripe calls seeds 001 and 003 replace.
package main

import (
	"context"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/charge"
	"github.com/stripe/stripe-go/v82/paymentintent"
	"github.com/stripe/stripe-go/v82/setupintent"
	"github.com/stripe/stripe-go/v82/subscription"
)

const teamYearly = "price_1QGoTeamYearly"

// onboard charges the onboarding fee now and keeps the card for the monthly usage bill.
func onboard(customerID string) (*stripe.PaymentIntent, error) {
	return paymentintent.New(&stripe.PaymentIntentParams{
		Amount:           stripe.Int64(4900),
		Currency:         stripe.String(string(stripe.CurrencyUSD)),
		Customer:         stripe.String(customerID),
		SetupFutureUsage: stripe.String(string(stripe.PaymentIntentSetupFutureUsageOffSession)),
		Description:      stripe.String("Onboarding fee"),
	})
}

// billUsage is the nightly usage job: no customer on the page.
func billUsage(ctx context.Context, sc *stripe.Client, customerID, paymentMethodID string, cents int64) (*stripe.PaymentIntent, error) {
	params := &stripe.PaymentIntentCreateParams{
		Amount:        stripe.Int64(cents),
		Currency:      stripe.String(string(stripe.CurrencyUSD)),
		Customer:      stripe.String(customerID),
		PaymentMethod: stripe.String(paymentMethodID),
		OffSession:    stripe.Bool(true),
		Confirm:       stripe.Bool(true),
	}
	return sc.V1PaymentIntents.Create(ctx, params)
}

// acceptUpsell is one click after checkout: the buyer is on the page, the card is on file.
func acceptUpsell(ctx context.Context, sc *stripe.Client, customerID, paymentMethodID string) (*stripe.PaymentIntent, error) {
	return sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount:        stripe.Int64(1900),
		Currency:      stripe.String("usd"),
		Customer:      stripe.String(customerID),
		PaymentMethod: stripe.String(paymentMethodID),
		Confirm:       stripe.Bool(true),
		ReturnURL:     stripe.String("https://shop.example.com/upsell/thanks"),
	})
}

func saveCard(customerID string) (*stripe.SetupIntent, error) {
	return setupintent.New(&stripe.SetupIntentParams{
		Customer: stripe.String(customerID),
		Usage:    stripe.String(string(stripe.SetupIntentUsageOffSession)),
	})
}

// legacyTopUp is from 2016 and still running: the Charges API on the default card.
func legacyTopUp(customerID string) (*stripe.Charge, error) {
	return charge.New(&stripe.ChargeParams{
		Amount:   stripe.Int64(2500),
		Currency: stripe.String(string(stripe.CurrencyEUR)),
		Customer: stripe.String(customerID),
	})
}

func previewUpgrade(ctx context.Context, sc *stripe.Client, subscriptionID, itemID string) (*stripe.Invoice, error) {
	return sc.V1Invoices.CreatePreview(ctx, &stripe.InvoiceCreatePreviewParams{
		Subscription: stripe.String(subscriptionID),
		SubscriptionDetails: &stripe.InvoiceCreatePreviewSubscriptionDetailsParams{
			Items: []*stripe.InvoiceCreatePreviewSubscriptionDetailsItemParams{
				{ID: stripe.String(itemID), Price: stripe.String(teamYearly)},
			},
			ProrationBehavior: stripe.String("create_prorations"),
		},
	})
}

func upgrade(subscriptionID, itemID string) (*stripe.Subscription, error) {
	return subscription.Update(subscriptionID, &stripe.SubscriptionParams{
		Items: []*stripe.SubscriptionItemsParams{
			{ID: stripe.String(itemID), Price: stripe.String(teamYearly)},
		},
		ProrationBehavior: stripe.String("always_invoice"),
	})
}

func addSeats(ctx context.Context, sc *stripe.Client, itemID string, seats int64) (*stripe.SubscriptionItem, error) {
	return sc.V1SubscriptionItems.Update(ctx, itemID, &stripe.SubscriptionItemUpdateParams{
		Quantity:          stripe.Int64(seats),
		ProrationBehavior: stripe.String("none"),
	})
}

func retryPayment(intentID string) (*stripe.PaymentIntent, error) {
	return paymentintent.Confirm(intentID, &stripe.PaymentIntentConfirmParams{OffSession: stripe.Bool(true)})
}
