"""Which delivery methods a basket may use: beer only by the ID-checking courier, everything else by post.

A basket mixing beer with other lines still ships as one parcel: the courier carries the rest too, and the method's
description says why. No combination of lines is refused.
"""

from oscar.apps.shipping import repository

from storefront.shop.age import basket_is_age_restricted
from storefront.shop.shipping.methods import IdCheckCourier, StandardPost, TrackedPost


class Repository(repository.Repository):
    methods = (StandardPost(), TrackedPost())

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        if basket_is_age_restricted(basket):
            return [IdCheckCourier()]
        return list(self.methods)
