# Scenario 09 (Dodo example 9): India, INR, UPI and card.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QCourseHindiInr \
  -d "line_items[0][quantity]"=1 \
  -d currency=inr \
  -d "allowed_payment_method_types[]"=upi \
  -d "allowed_payment_method_types[]"=card \
  --data-urlencode customer_email="priya.sharma@example.in" \
  -d billing_address_collection=required \
  -d "phone_number_collection[enabled]"=true \
  -d "metadata[region]"=south_india \
  -d "metadata[language]"=hindi \
  --data-urlencode success_url="https://education-platform.in/course-access?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://education-platform.in/courses/full-stack-hindi"
