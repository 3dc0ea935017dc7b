"""Makers administration: admins manage makers, private fields on their own logged page, instructors scoped to
their workshop's makers with public fields only and consent; stale edits refused; another workshop's maker is 404."""

import datetime

import pytest
from django.urls import reverse

from makers.actions import version_token
from makers.models import Consent, Maker, Membership
from storefront import roles
from storefront.models import AuditEntry
from tests.factories import make_maker, make_user, make_workshop

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def two_workshops():
    north, south = make_workshop(name="North"), make_workshop(name="South")
    ours = make_maker(display_name="Ada", workshop=north, legal_name="Adaline Privateperson",
                      prisoner_number="Q9876ZZ", establishment="HMP Hiddenplace")
    theirs = make_maker(display_name="Bo", workshop=south, legal_name="Bofrid Secretname",
                        prisoner_number="R5432YY", establishment="HMP Otherplace")
    instructor = make_user(roles.INSTRUCTORS, workshops=[north])
    admin = make_user(roles.ADMINS)
    return {"ours": ours, "theirs": theirs, "instructor": instructor, "admin": admin}


PRIVATE = ("Adaline Privateperson", "Q9876ZZ", "HMP Hiddenplace", "Bofrid Secretname", "R5432YY", "HMP Otherplace")


def assert_no_private(response):
    text = response.content.decode()
    for value in PRIVATE:
        assert value not in text


def test_instructors_see_only_their_workshops_makers_and_only_public_fields(client, two_workshops):
    w = two_workshops
    client.force_login(w["instructor"])
    listing = client.get(reverse("makers-dashboard:list"))
    assert [m.display_name for m in listing.context["makers"]] == ["Ada"]
    assert_no_private(listing)
    page = client.get(reverse("makers-dashboard:maker", args=[w["ours"].pk]))
    assert page.status_code == 200 and page.context["is_admin"] is False
    assert 'name="display_name"' not in page.content.decode() and "Record consent" in page.content.decode()
    assert_no_private(page)
    theirs = w["theirs"].pk
    assert client.get(reverse("makers-dashboard:maker", args=[theirs])).status_code == 404
    assert client.post(reverse("makers-dashboard:consent-give", args=[theirs]),
                       {"scope": "listing", "given_on": "2026-01-05"}).status_code == 404
    assert client.get(reverse("makers-dashboard:private", args=[w["ours"].pk])).status_code == 403
    assert client.post(reverse("makers-dashboard:maker", args=[w["ours"].pk]), {"display_name": "X"}).status_code == 403
    assert not Consent.objects.filter(maker__in=[w["ours"], w["theirs"]]).exists()
    assert not AuditEntry.objects.filter(action="maker.private_viewed", target_id=str(w["ours"].pk)).exists()


def test_instructors_record_consent_given_and_withdrawn_with_who_and_when(client, two_workshops):
    w = two_workshops
    client.force_login(w["instructor"])
    maker = w["ours"]
    response = client.post(reverse("makers-dashboard:consent-give", args=[maker.pk]),
                           {"scope": "photo", "given_on": "2026-01-05", "notes": "Signed form, workshop office"})
    assert response.status_code == 302
    consent = Consent.objects.get(maker=maker)
    assert (consent.scope, consent.given_on, consent.recorded_by) == ("photo", D(2026, 1, 5), w["instructor"])
    early = client.post(reverse("makers-dashboard:consent-withdraw", args=[maker.pk, consent.pk]),
                        {"withdrawn_on": "2025-12-01"})
    assert early.status_code == 400 and "cannot be withdrawn before it was given" in early.content.decode()
    client.post(reverse("makers-dashboard:consent-withdraw", args=[maker.pk, consent.pk]),
                {"withdrawn_on": "2026-02-01"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == D(2026, 2, 1)
    actions = list(AuditEntry.objects.filter(target_id=str(maker.pk), target_type="makers.maker")
                   .order_by("pk").values_list("action", "actor", "after__withdrawn_on"))
    assert actions == [("consent.given", w["instructor"].pk, None),
                       ("consent.withdrawn", w["instructor"].pk, "2026-02-01")]


def test_admins_create_a_maker_and_the_log_marks_private_fields_without_their_values(client, two_workshops):
    w = two_workshops
    client.force_login(w["admin"])
    data = {"display_name": "Cass", "bio": "Weaves", "workshop": w["ours"].workshop.pk, "legal_name": "Cassandra Hidden",
            "prisoner_number": "bad", "establishment": "HMP Secretville"}
    refused = client.post(reverse("makers-dashboard:create"), data)
    assert refused.status_code == 400 and "prisoner_number" in refused.context["form"].errors
    response = client.post(reverse("makers-dashboard:create"), data | {"prisoner_number": "C1234DE"})
    maker = Maker.objects.get(display_name="Cass")
    assert response["Location"] == reverse("makers-dashboard:maker", args=[maker.pk])
    entry = AuditEntry.objects.get(action="maker.created")
    assert entry.after["display_name"] == "Cass" and entry.after["legal_name"] == "(private: changed)"
    assert "Cassandra" not in str(entry.after) and "C1234DE" not in str(entry.after)


def test_admin_edits_are_refused_when_the_maker_changed_since_the_form_was_shown(client, two_workshops):
    w = two_workshops
    maker = w["ours"]
    client.force_login(w["admin"])
    page = client.get(reverse("makers-dashboard:maker", args=[maker.pk]))
    assert_no_private(page)
    token = page.context["form"].initial["version"]
    data = {"display_name": "Ada", "bio": "Paints seascapes", "workshop": maker.workshop.pk, "version": token}
    Maker.objects.filter(pk=maker.pk).update(bio="Changed by another admin")
    stale = client.post(reverse("makers-dashboard:maker", args=[maker.pk]), data)
    assert stale.status_code == 400 and "changed this maker since you opened the page" in stale.content.decode()
    maker.refresh_from_db()
    assert maker.bio == "Changed by another admin"
    fresh = client.post(reverse("makers-dashboard:maker", args=[maker.pk]), data | {"version": version_token(maker)})
    assert fresh.status_code == 302
    maker.refresh_from_db()
    assert maker.bio == "Paints seascapes"
    entry = AuditEntry.objects.get(action="maker.changed")
    assert (entry.before, entry.after) == ({"bio": "Changed by another admin"}, {"bio": "Paints seascapes"})


def test_viewing_private_fields_is_logged_and_editing_them_logs_no_values(client, two_workshops):
    w = two_workshops
    maker = w["ours"]
    client.force_login(w["admin"])
    page = client.get(reverse("makers-dashboard:private", args=[maker.pk]))
    assert "Adaline Privateperson" in page.content.decode()
    viewed = AuditEntry.objects.get(action="maker.private_viewed")
    assert (viewed.actor, viewed.target_id) == (w["admin"], str(maker.pk))
    data = {"legal_name": "Adaline Newname", "prisoner_number": "Q9876ZZ", "establishment": "HMP Hiddenplace",
            "version": page.context["form"].initial["version"]}
    assert client.post(reverse("makers-dashboard:private", args=[maker.pk]), data).status_code == 302
    maker.refresh_from_db()
    assert maker.legal_name == "Adaline Newname"
    entry = AuditEntry.objects.get(action="maker.changed")
    assert (entry.before, entry.after) == ({"legal_name": "(private)"}, {"legal_name": "(private: changed)"})
    trail = client.get(reverse("makers-dashboard:maker", args=[maker.pk]))
    assert "maker.private_viewed" in trail.content.decode()
    assert "Adaline Newname" not in trail.content.decode()
    assert_no_private(client.get(reverse("audit-log")))


def test_admins_add_a_status_period_and_a_membership(client, two_workshops):
    w = two_workshops
    maker = w["ours"]
    client.force_login(w["admin"])
    url = reverse("makers-dashboard:status-add", args=[maker.pk])
    bad = client.post(url, {"status": "released", "starts_on": "2026-05-01", "ends_on": "2026-04-01"})
    assert bad.status_code == 400 and "must end after it starts" in bad.content.decode()
    assert client.post(url, {"status": "released", "starts_on": "2026-05-01"}).status_code == 302
    assert [(s.status, s.starts_on, s.ends_on) for s in maker.statuses.all()] == [
        ("serving_inside", D(2024, 1, 1), D(2026, 5, 1)), ("released", D(2026, 5, 1), None)]
    response = client.post(reverse("makers-dashboard:membership", args=[maker.pk]),
                           {"number": "TTG-0100", "member_class": "maker", "joined_on": "2026-05-02",
                            "fee_paid_pence": 100, "share_paid_pence": 0})
    assert response.status_code == 302
    assert Membership.objects.get(maker=maker).number == "TTG-0100"
    assert list(AuditEntry.objects.filter(target_id=str(maker.pk)).order_by("pk").values_list("action", flat=True)) == [
        "maker.status_added", "maker.membership_saved"]
