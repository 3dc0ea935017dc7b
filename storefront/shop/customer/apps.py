from oscar.apps.customer import apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: wish lists and stock alerts hold only products in the shop, and an order line's
    address (where Oscar's "buy again" form posts) has a page."""

    name = "storefront.shop.customer"
