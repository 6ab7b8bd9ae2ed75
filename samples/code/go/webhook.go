package main

import (
	"io"
	"log"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v82/checkout/session"
	"github.com/stripe/stripe-go/v82/webhook"
)

func handleWebhook(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(io.LimitReader(r.Body, 65536))
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	sig := r.Header.Get("Stripe-Signature")
	secret := os.Getenv("STRIPE_WEBHOOK_SECRET")
	event, err := webhook.ConstructEvent(payload, sig, secret)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}

	switch event.Type {
	case "checkout.session.completed":
		id, _ := event.Data.Object["id"].(string)
		s, err := session.Get(id, nil)
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		log.Printf("fulfil order %s (payment status %s)", s.ID, s.PaymentStatus)
	case "checkout.session.expired":
		log.Printf("session %v expired before payment", event.Data.Object["id"])
	}
	w.WriteHeader(http.StatusOK)
}
