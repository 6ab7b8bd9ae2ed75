// A net/http server: a one-time payment, a subscription with a trial, and the v82 client API.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/checkout/session"
)

var domain = os.Getenv("APP_DOMAIN")

func createCheckoutSession(w http.ResponseWriter, r *http.Request) {
	params := &stripe.CheckoutSessionParams{
		Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String("price_1QGoTshirtBlue"), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String(domain + "/success.html"),
		CancelURL:  stripe.String("https://example.com/cancel"),
	}
	s, err := session.New(params)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}

func createSubscriptionSession(w http.ResponseWriter, r *http.Request) {
	params := &stripe.CheckoutSessionParams{
		Mode: stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(r.FormValue("priceId")), Quantity: stripe.Int64(1)},
		},
		SubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{
			TrialPeriodDays: stripe.Int64(14),
		},
		SuccessURL: stripe.String("https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}"),
	}
	params.AddMetadata("plan", "pro")
	s, err := session.New(params)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}

func createWithClient(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc := stripe.NewClient(os.Getenv("STRIPE_SECRET_KEY"))
	s, err := sc.V1CheckoutSessions.Create(ctx, &stripe.CheckoutSessionCreateParams{
		Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{
			{Price: stripe.String("price_1QGoMug"), Quantity: stripe.Int64(2)},
		},
		ClientReferenceID: stripe.String(r.Header.Get("X-Account-ID")),
		SuccessURL:        stripe.String("https://example.com/thanks"),
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}

func main() {
	stripe.Key = os.Getenv("STRIPE_SECRET_KEY")
	http.HandleFunc("/create-checkout-session", createCheckoutSession)
	http.HandleFunc("/subscribe", createSubscriptionSession)
	http.HandleFunc("/buy-mugs", createWithClient)
	http.HandleFunc("/webhook", handleWebhook)
	log.Fatal(http.ListenAndServe(":4242", nil))
}
