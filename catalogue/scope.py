"""Which listings a dashboard user may see, edit or delete: the product-specific side of scoping.

Who looks after which workshops and makers is ``makers.access`` (one home); this module turns that into products.
An instructor sees the listings credited to the makers of the workshops they run; a maker with a login the listings
credited to them; co-op admins and staff everything. Views fetch products only through these querysets, so another
workshop's listing is simply not found (404) rather than refused, and nothing about it leaks. A variant belongs to
whoever its parent belongs to.
"""

from django.db.models import Q
from oscar.core.loading import get_model

from makers import access

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


def makers_for(user):
    """The makers a user may credit on a listing: those they look after, and a maker with a login themself."""
    return access.makers_for(user, including_self=True)


def partners_for(user):
    """The Oscar partners (one per workshop) that may hold stock records of this user's listings."""
    return Partner.objects.filter(workshop__in=access.workshops_for(user, including_self=True))


def products_for(user):
    """Every product (parents, standalone and variants) the user may see and edit in the dashboard."""
    if access.sees_every_workshop(user):
        return Product.objects.all()
    if not user.is_authenticated:
        return Product.objects.none()
    own = Product.objects.filter(attributions__maker__in=makers_for(user).values("pk")).values("pk")
    return Product.objects.filter(Q(pk__in=own) | Q(parent__in=own))


def can_delete(user):
    """Only co-op admins and staff delete listings; instructors and makers withdraw them through review instead."""
    return user.is_active and (user.is_staff or user.has_perm("catalogue.delete_product"))
