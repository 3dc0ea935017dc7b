"""Oscar's basket with its lines loaded in bulk (no schema change: the fork keeps Oscar's migrations).

Every checkout step reads each line's product, product class, stock record, partner, price and makers: through Oscar's
basket that was a few queries per line and per step. Here one set of queries loads them all, whatever the basket holds.
"""

from django.db.models import Prefetch
from oscar.apps.basket.abstract_models import AbstractBasket

from makers.models import Attribution


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's cached lines, with products, stock (under the names the strategy reads) and makers prefetched.

        A visitor's basket is unsaved until they add something, and every page asks it for its lines (the header's
        count, offers, totals): an empty result already in hand, as Django's ``none()`` still builds its SQL each time
        it is read."""
        if self.id is None:
            empty = self.lines.model.objects.none()
            empty._result_cache, empty._prefetch_done = [], True
            return empty
        if self._lines is None:
            makers = Attribution.objects.select_related("maker")
            self._lines = (
                self.lines.select_related(
                    "product__product_class", "product__parent__product_class",
                    "stockrecord__partner", "stockrecord__product__product_class",
                    "stockrecord__product__parent__product_class",
                )
                .prefetch_related(
                    "attributes", "product__images", "product__stockrecords",
                    Prefetch("product__attributions", queryset=makers),
                    Prefetch("product__parent__attributions", queryset=makers),
                )
                .order_by(self._meta.pk.name)
            )
        return self._lines

    @property
    def num_lines(self):
        """Counted from the loaded lines: Oscar's COUNT query ran again on every step before the lines were read."""
        return len(self.all_lines())


from oscar.apps.basket.models import *  # noqa: E402,F401,F403 (Oscar's other basket models)
