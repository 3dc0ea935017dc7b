"""Accessibility and weight of the public pages, as a browser sees them: an axe-core scan with no serious or critical
violations, no request to another site, HTML under 100 KB and the page's own JavaScript under 100 KB."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
LIMIT = 100 * 1024


@pytest.fixture
def watched(page, shop_url):
    """The page, recording every request that leaves the shop and the size of every script it loads."""
    outside, scripts = [], {}
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((shop_url, "data:", "blob:", "about:")) else None)

    def on_response(response):
        if response.request.resource_type == "script":
            scripts[response.url] = len(response.body())

    page.on("response", on_response)
    return page, outside, scripts


def product_url(page, shop_url):
    page.goto(shop_url + "/")
    page.get_by_role("link", name="Craft beer", exact=True).first.click()
    page.wait_for_url(re.compile(r"/shop/catalogue/category/"))
    return page.locator("article.product_pod h3 a").first.get_attribute("href")


def check(page, outside, scripts, url):
    scripts.clear()
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, url
    assert len(response.body()) < LIMIT, (url, len(response.body()))
    assert sum(scripts.values()) < LIMIT, (url, scripts)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == [], (url, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations])


def test_public_pages_pass_axe_and_stay_light(shop_url, watched):
    page, outside, scripts = watched
    # No ORM here: a read in this test's transaction would lock SQLite against the server's writes.
    page.goto(shop_url + "/")
    page.locator("#ttg-menu").get_by_role("link", name="Stories").click()
    story = page.locator(".ttg-story-card h2 a").first.get_attribute("href")
    product = product_url(page, shop_url)
    urls = [
        shop_url + "/",
        page.url,  # a product line
        shop_url + product,
        shop_url + "/shop/search/?q=beer",
        shop_url + story,
        shop_url + "/impact/",
        shop_url + "/no-such-page/",
    ]
    for url in urls:
        if url.endswith("/no-such-page/"):
            assert page.goto(url).status == 404
            continue
        check(page, outside, scripts, url)

    page.goto(shop_url + product)
    page.get_by_role("button", name="Add to basket").click()
    page.wait_for_load_state("networkidle")
    check(page, outside, scripts, shop_url + "/shop/basket/")
    assert outside == []


def test_the_keyboard_reaches_the_skip_link_and_the_menu(shop_url, page):
    page.goto(shop_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "ttg-skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_on_a_phone_the_menu_opens_from_a_button(browser, shop_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(shop_url + "/")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("#ttg-menu").get_by_role("link", name="Textiles")
    assert toggle.is_visible() and not menu.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    box = toggle.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.2 target size
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    context.close()


def test_on_a_phone_products_come_first_and_the_facets_open_from_a_button(browser, shop_url, page):
    page.goto(shop_url + "/")
    line = page.locator("#ttg-menu").get_by_role("link", name="Craft beer", exact=True).get_attribute("href")
    page.goto(shop_url + line)  # wide screen: the facets are simply shown, no button
    assert page.locator("#ttg-facets").is_visible()
    assert not page.get_by_role("button", name="Filter products").is_visible()

    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(shop_url + line)
    toggle = phone.get_by_role("button", name="Filter products")
    facets = phone.locator("#ttg-facets")
    first_card = phone.locator("article.product_pod").first
    assert toggle.is_visible() and not facets.is_visible()
    assert first_card.bounding_box()["y"] < 740, "the first product is on the first screen"
    box = toggle.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.2 target size
    toggle.focus()
    phone.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and facets.is_visible()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.getElementById('ttg-facets').contains(document.activeElement)")
    assert facets.bounding_box()["y"] < first_card.bounding_box()["y"], "open, they sit between button and products"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and not facets.is_visible()
    context.close()
