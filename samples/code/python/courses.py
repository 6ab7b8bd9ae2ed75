"""An online school (the shape of a Django app's materials/services.py): each course gets its
Stripe product and price when it is created, the price id is stored on the course, and the
checkout later sells the stored id. After the move a course created then has no Dodo product:
every write to the Stripe catalog here is reported (X031) with the Dodo call that replaces it."""

import stripe
from django.conf import settings

stripe.api_key = settings.STRIPE_SECRET_KEY


def create_course_price(course):
    product = stripe.Product.create(name=course.title, description=course.summary)
    price = stripe.Price.create(
        product=product.id,
        unit_amount=course.price * 100,
        currency="usd",
    )
    course.stripe_product_id = product.id
    course.stripe_price_id = price.id
    course.save(update_fields=["stripe_product_id", "stripe_price_id"])
    return price


def create_membership_price(plan):
    return stripe.Price.create(
        unit_amount=plan.monthly_cents,
        currency=plan.currency,
        recurring={"interval": "month"},
        product_data={"name": plan.title},
        metadata={"plan": "membership"},
    )


def rename_course(course):
    stripe.Product.modify(course.stripe_product_id, name=course.title)


def buy_course(request, course):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": course.stripe_price_id, "quantity": 1}],
        success_url=request.build_absolute_uri("/courses/thanks/"),
    )


def course_prices(course):
    # reads of the catalog are no writes
    stripe.Product.retrieve(course.stripe_product_id)
    return stripe.Price.list(product=course.stripe_product_id, active=True)
