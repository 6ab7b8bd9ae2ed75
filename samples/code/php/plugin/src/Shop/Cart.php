<?php

namespace Acme\Shop;

class Cart
{
    public function summary(array $cart): array
    {
        return CheckoutSession::create($cart);
    }
}
