package main

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v82"
	checkoutsession "github.com/stripe/stripe-go/v82/checkout/session"
)

type cartLine struct {
	PriceID  string `json:"price_id"`
	Quantity int64  `json:"quantity"`
}

type cartRequest struct {
	Lines    []cartLine `json:"lines"`
	Email    string     `json:"email"`
	Customer string     `json:"customer"`
	Express  bool       `json:"express"`
}

// handleCart starts a Checkout for the cart the browser posts: one line per cart line, then
// the shipping price (express or standard).
func handleCart(w http.ResponseWriter, r *http.Request) {
	var req cartRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	items := []*stripe.CheckoutSessionLineItemParams{}
	for _, line := range req.Lines {
		items = append(items, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(line.PriceID),
			Quantity: stripe.Int64(line.Quantity),
		})
	}
	shipping := os.Getenv("STANDARD_SHIPPING_PRICE")
	if req.Express {
		shipping = "price_1QGoExpressShipping"
	}
	items = append(items, &stripe.CheckoutSessionLineItemParams{
		Price:    stripe.String(shipping),
		Quantity: stripe.Int64(1),
	})

	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems:  items,
		SuccessURL: stripe.String(os.Getenv("DOMAIN") + "/success?session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:  stripe.String(os.Getenv("DOMAIN") + "/cart"),
	}
	if req.Customer != "" {
		params.Customer = stripe.String(req.Customer)
	} else {
		params.CustomerEmail = stripe.String(req.Email)
	}
	params.AddMetadata("source", "web")

	s, err := checkoutsession.New(params)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}
