"""Two gunicorn servers, each with a disk of its own, on one PostgreSQL, one Redis and one S3 (moto's server): a co-op
admin signs in on server A, adds a picture to a listing, submits and approves it there; server B's product page shows
that picture from the bucket, and B's search finds the listing."""

import io
import json
import os
import re
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from django.db import connection
from oscar.core.loading import get_model
from PIL import Image
from sorl.thumbnail.models import KVStore

from makers.models import Consent, Maker
from tests.catalogue.listing_setup import make_listing
from tests.servers import committed, free_port, test_database_url
from tests.storefront.test_privacy import leaks, private_strings

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[1]
Product = get_model("catalogue", "Product")
ADMIN = ("admin1@demo.throughthegate.example", "demo-admin1-pass")



class FormFields(HTMLParser):
    """What a browser would post back for the form with id ``form_id``: its fields' current values."""

    def __init__(self, html, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields, self._select, self._textarea = form_id, False, [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in ("submit", "button", "file", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None




def start_gunicorn(env, disk):
    """``gunicorn -c python:storefront.gunicorn storefront.wsgi`` as deployed, with its own folder for what a
    server keeps on its disk (VAR_DIR: the search index, local media). Returns (process, base URL, log file)."""
    port = free_port()
    log = disk / "server.log"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "python:storefront.gunicorn", "storefront.wsgi",
         "-b", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env | {"VAR_DIR": str(disk)}, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(url + "/readyz/", timeout=5).status_code == 200:
                return server, url, log
        except requests.RequestException:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("gunicorn did not start: " + log.read_text()[-3000:])
        time.sleep(0.3)


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (170, 60, 30)).save(out, format="JPEG")
    return out.getvalue()


def sign_in(url, email, password):
    session = requests.Session()
    page = session.get(url + "/dashboard/login/", timeout=30)
    data = dict(FormFields(page.text, "dashboard_login_form").fields) | {"username": email, "password": password}
    response = session.post(url + "/dashboard/login/", data=data, timeout=30, allow_redirects=False)
    assert response.status_code == 302, response.text[-2000:]
    return session


@pytest.fixture(scope="module")
def two_servers(demo_shop, django_db_blocker, s3_server, tmp_path_factory):
    """Servers A and B on the test database, the tests' Redis and fresh buckets; a draft listing made on A: a
    picture added, submitted and approved by a co-op admin, all over HTTP."""
    run = uuid.uuid4().hex[:8]
    title, picture = f"Kiln-fired river jug {run}", f"jug-{run}.jpg"  # names of this run only, as the buckets are
    with django_db_blocker.unblock():
        product = committed(lambda: draft(title))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STRIPE_", "CELERY_", "AWS_"))}
    env |= s3_server.make_buckets() | {
        "DJANGO_SETTINGS_MODULE": "tests.server_settings", "DATABASE_URL": test_database_url(), "DEBUG": "0",
        "SECRET_KEY": "two-servers-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "EMAIL_URL": "dummy://", "WEB_CONCURRENCY": "1", "TEST_CACHE_PREFIX": f"two-servers-{uuid.uuid4().hex}"}
    servers = [start_gunicorn(env, tmp_path_factory.mktemp(name)) for name in ("server-a", "server-b")]
    try:
        (_, a, _), (_, b, _) = servers
        admin = sign_in(a, *ADMIN)
        edit = f"{a}/dashboard/catalogue/products/{product.pk}/"
        fields = FormFields(admin.get(edit, timeout=30).text, "create_update_product_form").fields
        response = admin.post(edit, data=fields + [("action", "submit")], timeout=60, allow_redirects=False,
                              files={"images-0-original": (picture, jpeg(), "image/jpeg")})
        assert response.status_code == 302, response.text[-3000:]
        review = f"{a}/dashboard/catalogue/review/{product.pk}/"
        fields = [(name, "dismiss" if name.startswith("flag") else value)
                  for name, value in FormFields(admin.get(review, timeout=30).text, "review_form").fields]
        response = admin.post(review, data=fields + [("decision", "approve")], timeout=60, allow_redirects=False)
        assert response.status_code == 302, response.text[-3000:]
        with django_db_blocker.unblock():
            product = committed(lambda: Product.objects.get(pk=product.pk))
        assert product.moderation_state == Product.APPROVED
        yield {"a": a, "b": b, "product": product, "title": title, "s3": s3_server, "logs": [s[2] for s in servers]}
    finally:
        for server, _, _ in servers:
            server.terminate()
            server.wait(timeout=30)
        with django_db_blocker.unblock():
            committed(lambda: remove(product.pk, picture))


def draft(title):
    """A draft listing by a demo maker who consented to listing, with a title of its own."""
    product = make_listing(Maker.objects.filter(consents__scope=Consent.LISTING).first())
    Product.objects.filter(pk=product.pk).update(title=title)
    product.refresh_from_db()
    return product


def remove(pk, picture):
    """Take the listing out again (other tests expect the demo as loaded; deleting it deletes its search row), with
    what sorl-thumbnail remembers of its picture in the database: the servers' storage is not this process's, so
    deleting the image cannot find it."""
    KVStore.objects.filter(value__contains=picture.removesuffix(".jpg")).delete()
    for product in Product.objects.filter(pk=pk):
        with connection.cursor() as cursor:  # the audit log refuses deletes through the ORM, by design
            cursor.execute("DELETE FROM storefront_auditentry WHERE target_type = %s AND target_id = %s",
                           ["catalogue.product", str(product.pk)])
        product.delete()


def test_a_picture_uploaded_on_one_server_is_shown_by_the_other_from_the_bucket(two_servers):
    page = requests.get(two_servers["b"] + two_servers["product"].get_absolute_url(), timeout=30)
    assert page.status_code == 200 and two_servers["title"] in page.text
    gallery = page.text[page.text.index('id="product_gallery"'):]
    src = re.search(r'<img src="([^"]+)"', gallery).group(1)
    assert src.startswith(two_servers["s3"].endpoint + "/"), src
    picture = requests.get(src, timeout=30)  # a stranger's request: no credentials
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(picture.content)) as image:
        assert image.size == (400, 300)


def test_a_listing_approved_on_one_server_is_found_by_search_on_the_other(two_servers):
    for server in ("a", "b"):
        page = requests.get(two_servers[server] + "/shop/search/", params={"q": two_servers["title"]}, timeout=30)
        assert page.status_code == 200
        assert two_servers["product"].get_absolute_url() in page.text, f"server {server} did not find it"


def test_the_servers_log_json_lines_with_each_request_and_nothing_private(two_servers):
    for log in two_servers["logs"]:
        text = log.read_text()
        requests_logged = [json.loads(line) for line in text.splitlines() if '"logger": "storefront.request"' in line]
        assert {"GET", "POST"} & {line["method"] for line in requests_logged}, text[-2000:]
        assert leaks(text, private_strings() | set(ADMIN)) == []
