// Custom Checkout integration (checkout.js): our own button opens the Stripe modal.
var handler = StripeCheckout.configure({
  key: 'pk_test_TYooMQauvdEDq54NiTphI7jx',
  image: 'https://example.com/logo.png',
  locale: 'auto',
  token: function (token) {
    // Send the token to the server, which creates the charge.
    fetch('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stripeToken: token.id, email: token.email }),
    });
  },
});

document.getElementById('customButton').addEventListener('click', function (e) {
  handler.open({
    name: 'Demo Site',
    description: '2 widgets',
    currency: 'eur',
    amount: 2000,
  });
  e.preventDefault();
});

// Close Checkout on page navigation.
window.addEventListener('popstate', function () {
  handler.close();
});
