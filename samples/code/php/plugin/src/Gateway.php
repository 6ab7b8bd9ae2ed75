<?php

namespace Acme\Membership;

use Acme\Membership\Stripe\CheckoutSession;

class Gateway
{
    const GOLD = 'price_1AcmeGoldYearly';

    public function join(\WP_User $user): string
    {
        return CheckoutSession::create(self::GOLD, $user->user_email)->url;
    }

    public function gift(string $email, int $seats): string
    {
        $session = CheckoutSession::create(get_option('acme_gift_price'), $email, quantity: $seats);
        return $session->url;
    }
}
