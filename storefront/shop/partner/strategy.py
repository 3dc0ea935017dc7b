"""Oscar's default strategy (first stock record, stock required, no tax of its own), and one rule more: a product
that is not in the shop (``Product.is_in_shop``: a draft, a listing awaiting review or taken down, or a variant of one)
cannot be bought, whatever its stock.

Oscar asks the strategy before every purchase: adding to the basket, changing a basket line's quantity, moving a saved
line back, buying an order line again and every checkout step. So a basket that still holds a listing withdrawn after
it was added stops at checkout with a clear reason, and nothing is charged.
"""

from oscar.apps.partner import strategy
from oscar.apps.partner.availability import Unavailable


class NotInShop(Unavailable):
    code = "not-in-shop"
    message = "No longer on sale"

    def is_purchase_permitted(self, quantity):
        return False, "it has been taken out of the shop"


class Selector(strategy.Selector):
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)


class Default(strategy.Default):
    def availability_policy(self, product, stockrecord):
        if not product.is_in_shop:
            return NotInShop()
        return super().availability_policy(product, stockrecord)

    def parent_availability_policy(self, product, children_stock):
        if not product.is_in_shop:
            return NotInShop()
        return super().parent_availability_policy(product, children_stock)
