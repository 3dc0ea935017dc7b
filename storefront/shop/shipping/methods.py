"""How parcels travel: two Royal Mail services for most goods and an ID-checking courier for age-restricted goods.

Prices are in pounds with VAT included; the shop's strategy adds no tax of its own, so incl and excl are the same.
"""

from decimal import Decimal

from oscar.apps.shipping.methods import FixedPrice

ID_CHECK_NOTE = "ID check on delivery (Challenge 25): hand only to the buyer"


class _Fixed(FixedPrice):
    price = Decimal("0.00")

    def __init__(self):
        super().__init__(charge_excl_tax=self.price, charge_incl_tax=self.price)


class StandardPost(_Fixed):
    code = "standard-post"
    name = "Standard post"
    description = "Royal Mail, 2 to 4 working days."
    price = Decimal("3.95")


class TrackedPost(_Fixed):
    code = "tracked-post"
    name = "Tracked post"
    description = "Royal Mail Tracked 48, signed for on delivery."
    price = Decimal("6.50")


class IdCheckCourier(_Fixed):
    code = "id-check-courier"
    name = "Courier with ID check"
    description = (
        "Your basket has age-restricted goods, so the whole parcel goes by a courier who checks ID on delivery "
        "(Challenge 25) and hands it only to the buyer."
    )
    price = Decimal("8.95")
    age_checked = True
