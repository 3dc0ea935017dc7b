"""Sign-in, password reset and registration are throttled on every way in (storefront.throttle), with counters in
the shared cache, one page for everyone who is refused, and an admin command that lifts a limit."""

import itertools
import re
import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from storefront import roles, throttle
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-for-tests"
_addresses = (f"10.{n // 250}.{n % 250}.7" for n in itertools.count(1))
_accounts = (f"throttled{n}@example.org" for n in itertools.count(1))

SIGN_IN = {
    "shop": ("/shop/accounts/login/", lambda email, password: {
        "login-username": email, "login-password": password, "login_submit": "Log In"}),
    "dashboard": ("/dashboard/login/", lambda email, password: {"username": email, "password": password}),
    "CMS": ("/cms/login/", lambda email, password: {"username": email, "password": password}),
    "Django admin": ("/django-admin/login/", lambda email, password: {
        "username": email, "password": password, "next": "/django-admin/"}),
}


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """django-ratelimit counts in fixed windows; a test that straddled the end of one would see its count restart."""
    now = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def visitor(client):
    """A client with an address of its own, so the counters of one test never reach another."""
    client.defaults["REMOTE_ADDR"] = next(_addresses)
    return client


def person(role=roles.ADMINS):
    user = make_user(role, email=next(_accounts))
    user.set_password(PASSWORD)
    if role == roles.ADMINS:
        user.is_superuser = True  # the Django admin lets only superusers in
    user.save()
    return user


def refusal(response):
    """The refusal's message, as a person reads it, with its number of minutes as N (where the counting window of
    each account happens to end)."""
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 60
    text = re.sub(r"\s+", " ", response.content.decode())
    return re.sub(r"\d+ minutes?", "N minutes", re.search(r'<p class="ttg-lead">(.*?)</p>', text).group(1))


@pytest.mark.parametrize("door", SIGN_IN)
def test_five_wrong_passwords_pause_signing_in_to_that_account(visitor, door):
    url, fields = SIGN_IN[door]
    user = person()
    for _ in range(5):
        response = visitor.post(url, fields(user.email, "wrong password"))
        assert response.status_code == 200  # the form again, with its error
    message = refusal(visitor.post(url, fields(user.email, PASSWORD)))  # even the right password now
    assert "too many attempts at signing in" in message and "try again in" in message
    assert "_auth_user_id" not in visitor.session
    # From another address too: the count is by account, not by browser.
    visitor.defaults["REMOTE_ADDR"] = next(_addresses)
    refusal(visitor.post(url, fields(user.email.upper(), PASSWORD)))


def test_the_refusal_is_the_same_whether_or_not_the_account_exists(visitor):
    url, fields = SIGN_IN["shop"]
    real, made_up = person(roles.BUYERS).email, next(_accounts)
    messages = []
    for email in (real, made_up):
        for _ in range(5):
            visitor.post(url, fields(email, "wrong password"))
        messages.append(refusal(visitor.post(url, fields(email, "wrong password"))))
    assert messages[0] == messages[1]


def test_successful_sign_ins_do_not_count(visitor):
    url, fields = SIGN_IN["shop"]
    user = person(roles.BUYERS)
    for _ in range(7):
        assert visitor.post(url, fields(user.email, PASSWORD)).status_code == 302
        visitor.logout()


def test_twenty_failures_from_one_address_pause_it_for_every_account(visitor):
    url, fields = SIGN_IN["CMS"]
    for _ in range(20):
        assert visitor.post(url, fields(next(_accounts), "wrong password")).status_code == 200
    refusal(visitor.post(url, fields(person().email, PASSWORD)))


def test_an_admin_lifts_the_pause_on_an_account(visitor):
    url, fields = SIGN_IN["shop"]
    user = person(roles.BUYERS)
    for _ in range(5):
        visitor.post(url, fields(user.email, "wrong password"))
    refusal(visitor.post(url, fields(user.email, PASSWORD)))
    call_command("lift_throttle", user.email.upper(), stdout=open("/dev/null", "w"))
    assert visitor.post(url, fields(user.email, PASSWORD)).status_code == 302


@pytest.mark.parametrize("url", ["/shop/password-reset/", "/cms/password_reset/"])
def test_password_resets_are_limited_per_account(visitor, url, mailoutbox):
    user = person()
    for _ in range(3):
        assert visitor.post(url, {"email": user.email}).status_code == 302
    assert len(mailoutbox) == 3
    message = refusal(visitor.post(url, {"email": user.email}))
    assert "password reset" in message
    assert len(mailoutbox) == 3
    made_up = next(_accounts)
    for _ in range(3):
        visitor.post(url, {"email": made_up})
    assert refusal(visitor.post(url, {"email": made_up})) == message  # no hint that one account exists


@pytest.mark.parametrize("url,fields", [
    ("/shop/accounts/register/", lambda email: {
        "email": email, "password1": PASSWORD, "password2": PASSWORD}),
    ("/shop/accounts/login/", lambda email: {
        "registration-email": email, "registration-password1": PASSWORD, "registration-password2": PASSWORD,
        "registration_submit": "Register"}),
], ids=["register page", "sign-in page's registration form"])
def test_registrations_are_limited_per_address(visitor, url, fields):
    for _ in range(10):
        assert visitor.post(url, fields(next(_accounts))).status_code == 302
        visitor.logout()
    assert "registering" in refusal(visitor.post(url, fields(next(_accounts))))


def test_counters_live_in_the_shared_cache():
    assert settings.RATELIMIT_USE_CACHE == "default"
    if settings.REDIS_URL:  # CI and production: one Redis for every worker
        assert type(caches["default"]).__name__ == "RedisCache"


@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw():
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert throttle.client_address(request) == "203.0.113.9"  # the visitor's own "6.6.6.6" is not believed
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:1:2:3:4:5:6")
    assert throttle.client_address(request) == "2001:db8:1:2::"
