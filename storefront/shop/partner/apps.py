from oscar.apps.partner import apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked for its strategy: only what is in the shop can be bought (``strategy``)."""

    name = "storefront.shop.partner"
