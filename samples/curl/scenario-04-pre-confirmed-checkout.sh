# Scenario 04 (Dodo example 4): an existing customer with a saved address, straight to payment.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QPremiumCourseUsd \
  -d "line_items[0][quantity]"=1 \
  -d customer=cus_QxAlexJohnson01 \
  -d "customer_update[address]"=auto \
  -d "customer_update[name]"=auto \
  -d billing_address_collection=required \
  -d submit_type=pay \
  -d "metadata[course_category]"=programming \
  -d "metadata[enrollment_date]"=2024-01-15 \
  --data-urlencode success_url="https://learning-platform.com/course-access?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://learning-platform.com/courses/premium"
