"""Dashboard forms as a browser lays them out (found walking the demo: the radio buttons of "Close a payout period"
sat on the page's left edge, half cut off, away from their labels)."""

import pytest

from tests.e2e.test_payouts import ADMINS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_radio_buttons_sit_beside_their_labels_inside_the_form(browser, shop_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, shop_url, *ADMINS[0])
    page.goto(f"{shop_url}/dashboard/payouts/close/")
    content_left = page.locator("h1").bounding_box()["x"]
    radios = page.locator("input[name=how]")
    assert radios.count() == 2
    for index in range(2):
        radio = radios.nth(index).bounding_box()
        own_label = page.locator(f"label[for=id_how_{index}]").bounding_box()
        assert radio["x"] >= content_left, (radio, content_left)
        assert 0 <= own_label["x"] - (radio["x"] + radio["width"]) < 20, (radio, own_label)
        assert abs((radio["y"] + radio["height"] / 2) - (own_label["y"] + own_label["height"] / 2)) < 8
    context.close()
