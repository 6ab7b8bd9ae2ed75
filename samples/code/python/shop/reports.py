"""Sales reports: a create_checkout of their own, not the billing helper."""


def create_checkout(cart):
    return {"items": len(cart), "total": sum(line["price"] for line in cart)}


def weekly(carts):
    return [create_checkout(cart) for cart in carts]
