// The server creates the session; the browser only redirects to it.
var stripe = Stripe('pk_test_TYooMQauvdEDq54NiTphI7jx');
var checkoutButton = document.getElementById('checkout-button');

checkoutButton.addEventListener('click', function () {
  fetch('/create-checkout-session', { method: 'POST' })
    .then(function (response) {
      return response.json();
    })
    .then(function (session) {
      return stripe.redirectToCheckout({ sessionId: session.id });
    })
    .then(function (result) {
      // Only reached if the redirect failed (network error, bad session id).
      if (result.error) {
        alert(result.error.message);
      }
    })
    .catch(function (error) {
      console.error('Error:', error);
    });
});
