"""Two workshops, each with an instructor, a maker and a draft listing; a maker with a login; a co-op admin."""

import datetime
from types import SimpleNamespace

import pytest

from storefront import roles
from tests import factories
from tests.catalogue.listing_setup import give_consent, make_listing, make_user


@pytest.fixture
def shop(db):
    """Workshop A (instructor ``ia``, maker ``ma`` with listing ``pa``), workshop B likewise, a released maker with a
    login in workshop A (``mu``, user ``maker_user``, listing ``pu``), and a co-op admin."""
    ns = SimpleNamespace()
    ns.wa, ns.wb = factories.make_workshop(), factories.make_workshop()
    ns.ia, ns.ib = make_user("ia@example.org", roles.INSTRUCTORS), make_user("ib@example.org", roles.INSTRUCTORS)
    ns.wa.instructors.add(ns.ia)
    ns.wb.instructors.add(ns.ib)
    ns.ma = factories.make_maker(workshop=ns.wa, display_name="Ana", legal_name="Anastasia Kowalczyk")
    ns.mb = factories.make_maker(workshop=ns.wb, display_name="Ben", legal_name="Benjamin Okonkwo")
    ns.maker_user = make_user("mu@example.org", roles.MAKERS)
    ns.mu = factories.make_maker(workshop=ns.wa, display_name="Cal", legal_name="Callum Pritchard",
                                 prisoner_number="", establishment="", user=ns.maker_user,
                                 statuses=(("released", datetime.date(2024, 1, 1), None),))
    for maker in (ns.ma, ns.mb, ns.mu):
        give_consent(maker)
    ns.pa, ns.pb, ns.pu = make_listing(ns.ma), make_listing(ns.mb), make_listing(ns.mu)
    ns.admin = make_user("admin@example.org", roles.ADMINS, staff=True)
    return ns
