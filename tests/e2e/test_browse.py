"""A visitor finds a product from the home page and sees who made it."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_home_to_product_line_to_product(shop_url, page):
    page.goto(shop_url + "/")
    assert "Through the Gate" in page.title()
    page.get_by_role("link", name="Craft beer", exact=True).first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/category/craft-beer"))
    assert page.locator("article.product_pod").count() >= 8

    page.locator("article.product_pod h3 a").first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/[\w-]+_\d+/"))
    made_by = page.locator(".ttg-made-by")
    assert made_by.is_visible()
    maker_name = made_by.locator("a").first.inner_text().strip()
    assert maker_name and " " not in maker_name  # a display name: one first or chosen name

    image = page.locator("#product_gallery img").first
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15000)
    assert image.get_attribute("src").endswith((".png", ".jpg"))

    page.locator(".ttg-made-by a").first.click()
    assert page.get_by_role("heading", name=maker_name).first.is_visible()
