"""Work moved out of the buyer's request: back-in-stock alerts go out from a beat task, not from the sale or restock."""

import pytest
from django.core import mail
from oscar.core.loading import get_model

from storefront.shop.schedule import BEAT_SCHEDULE
from storefront.shop.tasks import send_stock_alerts
from tests.factories import make_product

pytestmark = pytest.mark.django_db
ProductAlert = get_model("customer", "ProductAlert")


def test_back_in_stock_alerts_go_out_from_the_beat_task(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    product = make_product("it", stock=0)
    alert = ProductAlert.objects.create(product=product, email="waiting@example.org")
    ProductAlert.objects.filter(pk=alert.pk).update(status=ProductAlert.ACTIVE)  # the buyer confirmed the alert
    record = product.stockrecords.get()
    record.num_in_stock = 2
    record.save()
    assert not mail.outbox, "the restock itself sends nothing"
    send_stock_alerts()
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
    assert ProductAlert.objects.get().status == ProductAlert.CLOSED
    assert any(entry["task"] == "storefront.shop.tasks.send_stock_alerts" for entry in BEAT_SCHEDULE.values())
