<?php

namespace Acme\Shop;

/** The shop's own checkout record (no Stripe here): same class name, another namespace. */
class CheckoutSession
{
    public static function create(array $cart): array
    {
        return ['items' => count($cart), 'total' => array_sum(array_column($cart, 'price'))];
    }
}
