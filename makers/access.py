"""Who may see which workshops and makers: the one home of scoping by workshop.

Roles (storefront/roles.py) say what a person may do at all; these functions narrow it to their own things. Co-op
admins and staff see every workshop (``sees_every_workshop``, the only definition of it); an instructor only the
workshops they run; a maker with a login only themselves. Views filter their querysets through these (listings
through ``catalogue.scope``, which builds on them), so another workshop's object is simply not found (404).

Two questions differ by one person: the makers and workshops a user *looks after* (dashboard pages, statements,
orders) leave out the signed-in maker, while the ones a user may *list for* (``including_self=True``: the maker
choices and stock records of a listing) count a maker with a login, who proposes listings of their own work.
"""

from django.db.models import Q

from makers.models import Maker, Membership, Workshop

ADMIN_PERMISSION = "makers.change_maker"


def sees_every_workshop(user):
    """Co-op admins (who may manage makers) and staff work across every workshop."""
    return user.is_active and (user.is_staff or user.has_perm(ADMIN_PERMISSION))


def workshops_for(user, including_self=False):
    """The workshops whose makers, listings and orders the user looks after; ``including_self`` adds a maker's own
    workshop (where the stock of their listings is held)."""
    if sees_every_workshop(user):
        return Workshop.objects.all()
    if not user.is_authenticated:
        return Workshop.objects.none()
    if including_self:
        return Workshop.objects.filter(Q(instructors=user) | Q(makers__user=user)).distinct()
    return Workshop.objects.filter(instructors=user)


def makers_for(user, including_self=False):
    """Makers the user looks after (admins: all; instructors: their workshops' makers, given the right to view
    makers); ``including_self`` adds the signed-in maker themself, for the listings they propose."""
    if sees_every_workshop(user):
        return Maker.objects.all()
    if not user.is_authenticated:
        return Maker.objects.none()
    if including_self:
        return Maker.objects.filter(Q(workshop__instructors=user) | Q(user=user)).distinct()
    if not user.has_perm("makers.view_maker"):
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


def memberships_for(user):
    """Members whose paper ballots the user may enter or confirm: every member for admins, the members among the
    makers an instructor looks after otherwise."""
    if sees_every_workshop(user):
        return Membership.objects.all()
    return Membership.objects.filter(maker__in=makers_for(user))
