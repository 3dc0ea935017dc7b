"""Who may see which makers, workshops, orders and statements: the one home of scoping by workshop.

Roles (storefront/roles.py) say what a person may do at all; these functions narrow it to their own things. A co-op
admin (who may change makers) sees every workshop; an instructor only the workshops they run; a maker with a login
only themselves. Views filter their querysets through these, so another workshop's object is simply not found (404).
"""

from django.db.models import Q

from makers.models import Maker, Workshop

ADMIN_PERMISSION = "makers.change_maker"


def sees_every_workshop(user):
    return user.is_authenticated and user.has_perm(ADMIN_PERMISSION)


def workshops_for(user):
    """The workshops whose makers, listings and orders the user looks after."""
    if sees_every_workshop(user):
        return Workshop.objects.all()
    if not user.is_authenticated:
        return Workshop.objects.none()
    return Workshop.objects.filter(instructors=user)


def makers_for(user):
    """Makers the user may open in the dashboard (admins: all; instructors: their workshops' makers)."""
    if sees_every_workshop(user):
        return Maker.objects.all()
    if not user.is_authenticated or not user.has_perm("makers.view_maker"):
        return Maker.objects.none()
    return Maker.objects.filter(workshop__instructors=user)


def statement_makers_for(user):
    """Makers whose statements the user may read: those they look after, and a maker their own."""
    if not user.is_authenticated:
        return Maker.objects.none()
    own = Q(user=user)
    if user.has_perm("makers.view_statement"):
        return Maker.objects.filter(own | Q(pk__in=makers_for(user).values("pk")))
    return Maker.objects.filter(own)
