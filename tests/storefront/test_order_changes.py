"""Notes and the delivery address of an order, tried by an instructor of one of its workshops as an attacker would:
another admin's, another instructor's or the shop's own notes cannot be edited or deleted, nor the address of an order
that also holds another workshop's lines, by GET or POST. What they may do, and what co-op admins do, is in the audit
log; the buyer's address there only as "changed"."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils.html import escape
from oscar.core.loading import get_model

from payouts.testing import paid_order
from storefront import roles
from storefront.models import AuditEntry
from storefront.shop import order_changes
from tests.factories import make_product, make_user, make_workshop

pytestmark = pytest.mark.django_db
OrderNote = get_model("order", "OrderNote")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
WHEN = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)
ADDRESS = {"first_name": "Alex", "last_name": "Buyersurname", "line1": "2 Mill Lane", "line4": "Leeds",
           "postcode": "LS1 4AP"}


def order_of(number, *products):
    order = paid_order([(product, 2500) for product in products], WHEN, number=number)
    for line in order.lines.all():
        line.partner = line.product.stockrecords.get().partner
        line.save(update_fields=["partner"])
    country, _ = Country.objects.get_or_create(iso_3166_1_a2="GB", defaults={"name": "United Kingdom"})
    order.shipping_address = ShippingAddress.objects.create(country=country, **ADDRESS)
    order.save(update_fields=["shipping_address"])
    return order


@pytest.fixture
def shop():
    north, south = make_workshop(), make_workshop()
    ours, theirs = make_product("art", partner=north.partner), make_product("art", partner=south.partner)
    admin = make_user(roles.ADMINS)
    shop = type("Shop", (), {})()
    shop.mixed, shop.own = order_of("MIXED1", ours, theirs), order_of("OWN1", ours)
    shop.instructor = make_user(roles.INSTRUCTORS, workshops=[north])
    shop.other_instructor = make_user(roles.INSTRUCTORS, workshops=[south])
    shop.admin = admin
    shop.admins_note = OrderNote.objects.create(order=shop.mixed, user=admin, message="Checked by the office.")
    shop.others_note = OrderNote.objects.create(order=shop.mixed, user=shop.other_instructor, message="South packed.")
    shop.system_note = OrderNote.objects.create(order=shop.mixed, note_type=OrderNote.SYSTEM, message="Paid (pi_1).")
    return shop


def detail(number):
    return reverse("dashboard:order-detail", args=[number])


def test_an_instructor_cannot_delete_anyone_elses_note_nor_a_system_note(client, shop):
    client.force_login(shop.instructor)
    for note in (shop.admins_note, shop.others_note, shop.system_note):
        response = client.post(detail("MIXED1"), {"order_action": "delete_note", "note_id": note.pk})
        assert response.status_code == 403
        assert escape(order_changes.NOT_YOUR_NOTE) in response.content.decode()
        assert OrderNote.objects.filter(pk=note.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="order.").exists()


def test_an_instructor_cannot_open_or_post_the_edit_form_of_anyone_elses_note(client, shop):
    client.force_login(shop.instructor)
    for note in (shop.admins_note, shop.others_note, shop.system_note):
        url = reverse("dashboard:order-detail-note", args=["MIXED1", note.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, {"order_action": "save_note", "message": "Rewritten"})
        assert response.status_code == 403
        note.refresh_from_db()
        assert note.message != "Rewritten"
    assert not OrderNote.objects.filter(message="Rewritten").exists()


def test_an_instructor_sees_edit_and_delete_only_on_their_own_notes(client, shop):
    own = OrderNote.objects.create(order=shop.mixed, user=shop.instructor, message="North packed.")
    client.force_login(shop.instructor)
    response = client.get(detail("MIXED1"))
    rows = {note.pk: (can_edit, can_delete) for note, can_edit, can_delete in response.context["order_notes"]}
    assert rows == {own.pk: (True, True), shop.admins_note.pk: (False, False), shop.others_note.pk: (False, False),
                    shop.system_note.pk: (False, False)}
    page = response.content.decode()
    assert page.count('name="order_action" value="delete_note"') == 1
    assert f'value="{own.pk}"' in page and reverse("dashboard:order-detail-note", args=["MIXED1", own.pk]) in page


def test_an_instructors_own_note_is_added_edited_and_deleted_with_an_audit_entry_each(client, shop):
    client.force_login(shop.instructor)
    assert client.post(detail("MIXED1"), {"order_action": "save_note", "message": "North packed."}).status_code == 302
    note = OrderNote.objects.get(order=shop.mixed, user=shop.instructor)
    edit = reverse("dashboard:order-detail-note", args=["MIXED1", note.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"order_action": "save_note", "message": "North packed, two boxes."}).status_code == 302
    note.refresh_from_db()
    assert note.message == "North packed, two boxes."
    assert client.post(detail("MIXED1"), {"order_action": "delete_note", "note_id": note.pk}).status_code == 302
    assert not OrderNote.objects.filter(pk=note.pk).exists()

    entries = list(AuditEntry.objects.filter(target_type="order.order", target_id=str(shop.mixed.pk)).order_by("pk"))
    assert [(e.action, e.actor) for e in entries] == [("order.note_added", shop.instructor),
                                                      ("order.note_edited", shop.instructor),
                                                      ("order.note_deleted", shop.instructor)]
    added, edited, deleted = entries
    assert added.after["message"] == "North packed." and added.before == {}
    assert (edited.before["message"], edited.after["message"]) == ("North packed.", "North packed, two boxes.")
    assert deleted.before == {"note": note.pk, "type": "", "message": "North packed, two boxes."}


def test_a_co_op_admin_manages_every_note_and_each_deletion_is_audited(client, shop):
    client.force_login(shop.admin)
    for note in (shop.others_note, shop.system_note):
        assert client.post(detail("MIXED1"), {"order_action": "delete_note", "note_id": note.pk}).status_code == 302
        assert not OrderNote.objects.filter(pk=note.pk).exists()
    deleted = AuditEntry.objects.filter(action="order.note_deleted", actor=shop.admin)
    assert sorted(entry.before["message"] for entry in deleted) == ["Paid (pi_1).", "South packed."]


def test_a_note_of_another_order_or_a_note_id_that_is_not_a_number_is_not_found(client, shop):
    elsewhere = OrderNote.objects.create(order=shop.own, user=shop.instructor, message="Own order's note.")
    client.force_login(shop.instructor)
    assert client.post(detail("MIXED1"), {"order_action": "delete_note", "note_id": elsewhere.pk}).status_code == 404
    assert client.post(detail("MIXED1"), {"order_action": "delete_note", "note_id": "1 OR 1=1"}).status_code == 404
    assert OrderNote.objects.filter(pk=elsewhere.pk).exists()


def test_an_instructor_cannot_change_the_address_of_an_order_shared_with_another_workshop(client, shop):
    client.force_login(shop.instructor)
    url = reverse("dashboard:order-shipping-address", args=["MIXED1"])
    refused = client.get(url)
    assert refused.status_code == 403 and escape(order_changes.NOT_YOUR_ADDRESS) in refused.content.decode()
    response = client.post(url, ADDRESS | {"line1": "1 Attacker Road", "country": "GB"})
    assert response.status_code == 403
    assert ShippingAddress.objects.get(order=shop.mixed).line1 == "2 Mill Lane"
    assert not AuditEntry.objects.filter(action="order.address_changed").exists()
    page = client.get(detail("MIXED1")).content.decode()
    assert url not in page and escape(order_changes.NOT_YOUR_ADDRESS) in page and "2 Mill Lane" in page


def test_an_instructor_changes_the_address_of_an_order_all_theirs_and_the_log_keeps_no_copy(client, shop):
    client.force_login(shop.instructor)
    url = reverse("dashboard:order-shipping-address", args=["OWN1"])
    assert client.get(url).status_code == 200
    assert url in client.get(detail("OWN1")).content.decode()
    response = client.post(url, ADDRESS | {"line1": "14 Canal Street", "postcode": "LS2 7AB", "country": "GB"})
    assert response.status_code == 302
    address = ShippingAddress.objects.get(order=shop.own)
    assert (address.line1, address.postcode) == ("14 Canal Street", "LS2 7AB")

    entry = AuditEntry.objects.get(action="order.address_changed")
    assert (entry.actor, entry.target_id) == (shop.instructor, str(shop.own.pk))
    assert entry.before == {"line1": "(private)", "postcode": "(private)"}
    assert entry.after == {"line1": "(private: changed)", "postcode": "(private: changed)"}
    logged = json.dumps([entry.before, entry.after, entry.note, entry.target_label])
    for personal in ("Mill Lane", "Canal Street", "LS1", "LS2", "Buyersurname"):
        assert personal not in logged
    history = OrderNote.objects.get(order=shop.own, note_type=OrderNote.SYSTEM)
    assert "2 Mill Lane" in history.message and "14 Canal Street" in history.message  # the order's own history


def test_a_co_op_admin_changes_the_address_of_a_shared_order(client, shop):
    client.force_login(shop.admin)
    url = reverse("dashboard:order-shipping-address", args=["MIXED1"])
    assert client.post(url, ADDRESS | {"line2": "Flat 3", "country": "GB"}).status_code == 302
    assert ShippingAddress.objects.get(order=shop.mixed).line2 == "Flat 3"
    entry = AuditEntry.objects.get(action="order.address_changed")
    assert entry.actor == shop.admin and entry.after == {"line2": "(private: changed)"}


def test_saving_an_unchanged_address_writes_nothing_to_the_log(client, shop):
    client.force_login(shop.admin)
    url = reverse("dashboard:order-shipping-address", args=["MIXED1"])
    assert client.post(url, ADDRESS | {"country": "GB"}).status_code == 302
    assert not AuditEntry.objects.filter(action="order.address_changed").exists()
    assert not OrderNote.objects.filter(order=shop.mixed, message__startswith="Delivery address").exists()
