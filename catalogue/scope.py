"""Which listings, makers and workshops a dashboard user may see: the one home of that question.

Roles (``storefront.roles``) say what a person may do; this module says to what. Co-op admins and staff see everything;
an instructor sees the makers of the workshops they run (``Workshop.instructors``) and the listings credited to those
makers; a maker with a login sees themselves and the listings credited to them. Views fetch objects only through these
querysets, so another workshop's listing is simply not found (404) rather than refused, and nothing about it leaks.
A variant belongs to whoever its parent belongs to.
"""

from django.db.models import Q
from oscar.core.loading import get_model

from makers.models import Maker, Workshop

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")

REVIEW_PERMISSION = "catalogue.review_product"


def sees_everything(user):
    """Staff and co-op admins work across every workshop."""
    return user.is_active and (user.is_staff or user.has_perm(REVIEW_PERMISSION))


def makers_for(user):
    """The makers a user may list for: all (admins), their workshops' (instructors), or themselves (makers)."""
    if not user.is_authenticated:
        return Maker.objects.none()
    if sees_everything(user):
        return Maker.objects.all()
    return Maker.objects.filter(Q(workshop__instructors=user) | Q(user=user)).distinct()


def workshops_for(user):
    """The workshops whose stock a user may record: the ones they run, or a maker's own workshop."""
    if not user.is_authenticated:
        return Workshop.objects.none()
    if sees_everything(user):
        return Workshop.objects.all()
    return Workshop.objects.filter(Q(instructors=user) | Q(makers__user=user)).distinct()


def partners_for(user):
    """The Oscar partners (one per workshop) that may hold stock records of this user's listings."""
    return Partner.objects.filter(workshop__in=workshops_for(user))


def products_for(user):
    """Every product (parents, standalone and variants) the user may see and edit in the dashboard."""
    if not user.is_authenticated:
        return Product.objects.none()
    if sees_everything(user):
        return Product.objects.all()
    makers = makers_for(user).values("pk")
    own = Product.objects.filter(attributions__maker__in=makers).values("pk")
    return Product.objects.filter(Q(pk__in=own) | Q(parent__in=own))


def can_delete(user):
    """Only co-op admins and staff delete listings; instructors and makers withdraw them through review instead."""
    return user.is_active and (user.is_staff or user.has_perm("catalogue.delete_product"))
