<?php

namespace Acme\Membership\Stripe;

use Stripe\Checkout\Session;

/**
 * The plugin's wrapper around Stripe Checkout: every membership purchase goes through it.
 */
class CheckoutSession
{
    public static function create(string $priceId, string $email, int $quantity = 1): Session
    {
        $params = [
            'mode' => 'subscription',
            'customer_email' => $email,
            'line_items' => [['price' => $priceId, 'quantity' => $quantity]],
            'success_url' => home_url('/membership/welcome'),
            'cancel_url' => home_url('/membership/join'),
        ];
        return Session::create($params);
    }
}
