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


def prices(page):
    return [float(re.search(r"£([\d,]+\.\d\d)", text).group(1).replace(",", ""))
            for text in page.locator("article.product_pod .ttg-price").all_inner_texts()]


def test_choosing_an_order_and_a_facet_on_a_product_line(shop_url, page):
    """The order's choice sends itself (Oscar's script) and keeps the facet chosen; the facet links add and remove."""
    page.goto(shop_url + "/")
    page.get_by_role("link", name="Craft beer", exact=True).first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/category/craft-beer"))
    everything = page.locator("article.product_pod").count()
    made = page.locator(".ttg-facet", has=page.locator("h3", has_text="Made")).locator("a").first
    made.click()
    page.wait_for_url(re.compile(r"selected_facets=made"))
    chosen = page.locator("article.product_pod").count()
    assert 1 <= chosen <= everything
    assert page.locator('#ttg-facets a[aria-current="true"]').inner_text().startswith("✓")
    page.get_by_label("Sort by").select_option(label="Price high to low")
    page.wait_for_url(re.compile(r"sort_by=price-desc"))
    assert "selected_facets=made" in page.url and page.locator("article.product_pod").count() == chosen
    shown = prices(page)
    assert len(shown) == chosen and shown == sorted(shown, reverse=True)
    page.locator('#ttg-facets a[aria-current="true"]').click()
    page.wait_for_url(lambda url: "selected_facets" not in url)
    assert page.locator("article.product_pod").count() == everything
