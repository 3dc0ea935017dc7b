from oscar.apps.customer import apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: wish lists and stock alerts hold only products in the shop."""

    name = "storefront.shop.customer"
