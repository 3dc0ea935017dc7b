"""The Content-Security-Policy of each part of the site (storefront/csp.py), as the server sends it."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_the_shop_allows_no_inline_script_but_its_own_by_nonce(client, demo_shop):
    response = client.get("/shop/catalogue/")
    found = directives(response)
    assert "'unsafe-inline'" not in found["script-src"] and "'unsafe-eval'" not in found["script-src"]
    nonce = next(source for source in found["script-src"] if source.startswith("'nonce-"))[7:-1]
    scripts = re.findall(r"<script([^>]*)>(.)", response.content.decode())
    inline = [attrs for attrs, first in scripts if "src=" not in attrs]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert found["object-src"] == ["'none'"] and found["frame-src"] == ["'none'"]
    assert not any("stripe" in source for sources in found.values() for source in sources)


def test_stripe_is_allowed_on_checkout_pages_only_with_stripe_keys(client, demo_shop, settings):
    assert "stripe" not in client.get("/shop/checkout/").get("Content-Security-Policy", "")
    settings.STRIPE_PUBLISHABLE_KEY, settings.STRIPE_SECRET_KEY = "pk_test_x", "sk_test_x"
    found = directives(client.get("/shop/basket/"))
    assert "https://js.stripe.com" not in found["script-src"]
    found = directives(client.get("/shop/checkout/"))
    assert "https://js.stripe.com" in found["script-src"] and "https://api.stripe.com" in found["connect-src"]
    assert "'none'" not in found["frame-src"] and "https://hooks.stripe.com" in found["frame-src"]


def test_a_stripe_compatible_server_in_the_settings_is_allowed_where_stripe_is(client, demo_shop, settings):
    """STRIPE_JS_URL and STRIPE_API_BASE pointed at a local Stripe-compatible server: its origin serves both."""
    settings.STRIPE_PUBLISHABLE_KEY, settings.STRIPE_SECRET_KEY = "pk_test_x", "sk_test_x"
    settings.STRIPE_JS_URL, settings.STRIPE_API_BASE = "http://127.0.0.1:8420/js.stripe.com/v3/", "http://127.0.0.1:8420"
    found = directives(client.get("/shop/checkout/"))
    assert "http://127.0.0.1:8420" in found["script-src"] and "http://127.0.0.1:8420" in found["connect-src"]
    assert "http://127.0.0.1:8420" not in directives(client.get("/shop/basket/"))["script-src"]


@pytest.mark.parametrize("path", ["/dashboard/", "/cms/"])
def test_the_dashboard_and_the_cms_load_nothing_from_elsewhere(client, demo_shop, path):
    client.force_login(get_user_model().objects.get(email="admin1@demo.throughthegate.example"))
    response = client.get(path)
    assert response.status_code == 200
    for name, sources in directives(response).items():
        assert not [source for source in sources if source.startswith("http")], name
    assert "googleapis" not in response.content.decode() and "gravatar" not in response.content.decode()


@pytest.mark.parametrize("path", ["/shop/catalogue/", "/shop/basket/", "/dashboard/", "/cms/"])
def test_the_header_built_once_is_the_one_django_csp_builds(client, demo_shop, path):
    """The fixed policies' headers are built once per process (storefront.csp.fixed_header); each response must
    still carry exactly what django-csp would build for it, with that response's own nonce."""
    from csp.utils import build_policy

    from storefront.csp import policy_for

    client.force_login(get_user_model().objects.get(email="admin1@demo.throughthegate.example"))
    response = client.get(path)
    sent = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", sent)
    expected = build_policy(config=policy_for(path), nonce=nonce.group(1) if nonce else None)
    assert sorted(sent.split("; ")) == sorted(expected.split("; "))


def test_two_responses_never_share_a_nonce_in_their_headers(client, demo_shop):
    first, second = (client.get("/shop/catalogue/")["Content-Security-Policy"] for _ in range(2))
    assert re.search(r"'nonce-[^']+'", first) and first != second
