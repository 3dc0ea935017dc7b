"""The Content-Security-Policy is on (storefront/csp.py) and nothing on the main pages of the shop, the dashboard and
the CMS breaks it; and no page asks anything of another site (no CDN, no Gravatar)."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from wagtail.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
ADMIN = ("admin1@demo.throughthegate.example", "demo-admin1-pass")
# Every violation the page reports, as "directive blocked-URI sample".
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


def shop_pages(demo_shop):
    Product = get_model("catalogue", "Product")
    product = Product.objects.filter(is_public=True, parent=None).order_by("pk").first()
    textile = Product.objects.filter(is_public=True, structure="parent").order_by("pk").first()
    content = [page.url for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path")[:6]]
    return ["/shop/catalogue/", "/shop/catalogue/category/art_1/", product.get_absolute_url(),
            textile.get_absolute_url(), "/shop/basket/", "/shop/accounts/login/", "/shop/search/?q=wool",
            *content]


def dashboard_pages(demo_shop):
    Product = get_model("catalogue", "Product")
    product = Product.objects.filter(parent=None).order_by("pk").first()
    return ["/dashboard/", "/dashboard/catalogue/", f"/dashboard/catalogue/products/{product.pk}/",
            "/dashboard/catalogue/review/", "/dashboard/orders/", "/dashboard/makers/", "/dashboard/payouts/",
            "/dashboard/statements/" + get_model("makers", "Maker").objects.order_by("pk").first().slug + "/"]


def cms_pages(demo_shop):
    home = Page.objects.filter(depth=2).first()
    story = Page.objects.live().filter(depth__gte=4).order_by("path").first()
    return ["/cms/", "/cms/pages/", f"/cms/pages/{home.pk}/", f"/cms/pages/{home.pk}/edit/",
            f"/cms/pages/{story.pk}/edit/", "/cms/documents/", "/cms/images/", "/cms/snippets/"]


AREAS = {"shop": (shop_pages, False), "dashboard": (dashboard_pages, True), "CMS": (cms_pages, True)}


def sign_in(page, shop_url):
    page.goto(f"{shop_url}/shop/accounts/login/")
    page.fill("#id_login-username", ADMIN[0])
    page.fill("#id_login-password", ADMIN[1])
    page.click("button[name=login_submit]")
    page.wait_for_load_state()
    assert get_user_model().objects.filter(email=ADMIN[0]).exists()


@pytest.mark.parametrize("area", AREAS)
def test_main_pages_keep_to_the_policy_and_to_the_site(page, shop_url, demo_shop, area):
    pages, signed_in = AREAS[area]
    if signed_in:
        sign_in(page, shop_url)
    page.add_init_script(WATCH_VIOLATIONS)
    refused, elsewhere = [], []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    page.on("request", lambda request: elsewhere.append(request.url)
            if not request.url.startswith((shop_url + "/", "data:", "blob:", "about:")) else None)
    for path in pages(demo_shop):
        response = page.goto(shop_url + path)
        assert response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, (path, policy)
        if area == "shop":
            script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
            assert "'unsafe-inline'" not in script_src and "'nonce-" in script_src, (path, policy)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
        assert violations == [] and refused == [], (path, violations, refused)
    assert elsewhere == []
