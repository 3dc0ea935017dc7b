"""Co-op admins manage the shop's categories in the dashboard (list, add, edit); deleting one stays with superusers,
as a category holds listings; instructors and makers have no category screens."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from storefront import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db
Category = get_model("catalogue", "Category")


def test_a_co_op_admin_adds_and_renames_a_category_but_cannot_delete_it(client):
    client.force_login(make_user(roles.ADMINS))
    tree = {"treebeard_position": "first-child", "treebeard_ref_node": ""}
    created = client.post(reverse("dashboard:catalogue-category-create"), {"name": "Prints"} | tree)
    assert created.status_code == 302
    category = Category.objects.get(name="Prints")
    update = reverse("dashboard:catalogue-category-update", args=[category.pk])
    assert client.get(update).status_code == 200
    renamed = client.post(update, {"name": "Prints and posters"} | tree)
    assert renamed.status_code == 302
    category.refresh_from_db()
    assert category.name == "Prints and posters"
    assert client.post(reverse("dashboard:catalogue-category-delete", args=[category.pk])).status_code == 403
    assert Category.objects.filter(pk=category.pk).exists()


@pytest.mark.parametrize("role", [roles.INSTRUCTORS, roles.MAKERS])
def test_instructors_and_makers_have_no_category_screens(client, role):
    client.force_login(make_user(role))
    assert client.get(reverse("dashboard:catalogue-category-list")).status_code == 403
    assert client.get(reverse("dashboard:catalogue-category-create")).status_code == 403
