"""An instructor lists a piece of art for a maker and submits it; a co-op admin approves it; buyers find it in the shop.

The server process commits what the browser does to the shared test database. The test reads it, and the ``title``
fixture deletes the listing afterwards (with its audit entries; its search index row goes with it: other tests expect
the demo as loaded), on a connection of their own (``committed``), outside the test's transaction.
"""

import re
import uuid

import pytest
from django.db import connection
from oscar.core.loading import get_model

from tests.servers import committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
Product = get_model("catalogue", "Product")
INSTRUCTOR = ("instructor@demo.throughthegate.example", "demo-instructor-pass")
ADMIN = ("admin1@demo.throughthegate.example", "demo-admin1-pass")



@pytest.fixture
def title(demo_shop):
    title = f"Harbour at dusk {uuid.uuid4().hex[:6]}"
    yield title

    def remove():
        for product in Product.objects.filter(title=title):
            with connection.cursor() as cursor:  # the audit log refuses deletes through the ORM, by design
                cursor.execute("DELETE FROM storefront_auditentry WHERE target_type = %s AND target_id = %s",
                               ["catalogue.product", str(product.pk)])
            product.delete()

    committed(remove)


def log_in(browser, shop_url, email, password):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(shop_url + "/dashboard/")
    page.wait_for_url(re.compile(r"/login/"))
    page.fill("#dashboard_login_form [name=username]", email)
    page.fill("#dashboard_login_form [name=password]", password)
    page.click("#dashboard_login_form [type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    return page


def test_an_instructor_lists_an_admin_approves_and_buyers_find_it(shop_url, browser, title):
    page = log_in(browser, shop_url, *INSTRUCTOR)
    page.goto(shop_url + "/dashboard/catalogue/")
    page.select_option("#id_product_class", label="Art")
    page.click("#create_product_with_class_form button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/catalogue/products/create/art/"))

    page.fill("#id_title", title)
    page.click("a[href='#product_makers']")
    page.select_option("#id_attributions-0-maker", index=1)
    page.click("a[href='#product_category']")
    page.select_option("#id_productcategory_set-0-category", index=1)
    page.click("a[href='#product_attributes']")
    page.select_option("#id_attr_edition", label="One-off")
    page.fill("#id_attr_medium", "Acrylic on board")
    page.click("a[href='#product_stock']")
    page.select_option("#id_stockrecords-0-partner", index=1)
    page.fill("#id_stockrecords-0-partner_sku", title[-6:])
    page.fill("#id_stockrecords-0-price", "85.00")
    page.fill("#id_stockrecords-0-num_in_stock", "1")
    page.click("#submit_for_review")
    page.wait_for_url(re.compile(r"/dashboard/catalogue/(\?.*)?$"))
    assert "submitted for review" in page.content()
    page.context.close()
    makers = committed(lambda: [a.maker for a in Product.objects.get(title=title).attributions.select_related("maker")])
    secrets = [secret for maker in makers for secret in (maker.legal_name, maker.prisoner_number) if secret]

    page = log_in(browser, shop_url, *ADMIN)
    page.locator(".dropdown-toggle", has_text="Catalogue").click()
    page.click("text=Review listings")
    page.wait_for_url(re.compile(r"/dashboard/catalogue/review/$"))
    page.locator("#review_queue tr", has_text=title).get_by_role("link", name="Review").click()
    page.wait_for_url(re.compile(r"/dashboard/catalogue/review/\d+/$"))
    assert secrets and not [secret for secret in secrets if secret in page.content()]
    for radio in page.locator("#review_form input[value=dismiss]").all():
        radio.check()
    page.check("#review_form input[value=approve]")
    page.click("#review_form button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/catalogue/review/$"))
    assert "approved" in page.content()
    page.context.close()

    product = committed(lambda: Product.objects.get(title=title))
    assert (product.moderation_state, product.is_public) == (Product.APPROVED, True)
    product_url = product.get_absolute_url()
    buyer = browser.new_context().new_page()
    response = buyer.goto(shop_url + product_url)
    assert response.status == 200
    assert buyer.locator("h1").first.inner_text().strip() == title
    assert not [secret for secret in secrets if secret in buyer.content()]
    buyer.goto(shop_url + "/")
    buyer.get_by_role("link", name="Art", exact=True).first.click()
    buyer.wait_for_url(re.compile(r"/shop/catalogue/category/art"))
    buyer.goto(buyer.url.split("?")[0] + "?sort_by=newest")
    assert buyer.locator("article.product_pod h3 a", has_text=title).count() == 1
    assert not [secret for secret in secrets if secret in buyer.content()]
    buyer.fill("#ttg-q", title)  # found by its words as soon as it was approved
    buyer.press("#ttg-q", "Enter")
    buyer.wait_for_url(re.compile(r"/shop/search/\?q="))
    assert buyer.locator("article.product_pod h3 a", has_text=title).count() == 1
    buyer.context.close()
