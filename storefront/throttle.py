"""Signing in, asking for a password reset and registering are throttled, on every way in (README "Security").

Each door is a URL name with the limits that apply to what is posted there. Counters are django-ratelimit's, kept in
the shared cache (Redis in production), so every gunicorn worker on every machine counts together. A sign-in counts
when it fails (by the account named and by the address it came from); a password reset or a registration counts every
time. Once a limit is reached the door answers 429 with the same page whatever the account, so it tells nobody
whether an account exists, until the limit's window ends or an admin lifts it (``manage.py lift_throttle``).
"""

import hashlib
import ipaddress
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django_ratelimit.core import get_usage

SIGN_IN_PER_ACCOUNT = "5/15m"
SIGN_IN_PER_ADDRESS = "20/15m"  # a workshop or a library shares one address
RESET_PER_ACCOUNT = "3/h"
RESET_PER_ADDRESS = "10/h"
REGISTRATION_PER_ADDRESS = "10/h"


def client_address(request):
    """The visitor's address, for counting: REMOTE_ADDR, or behind ``TRUSTED_PROXIES`` proxies that each append to
    X-Forwarded-For, the address the outermost of them saw (what a visitor writes there themselves is ignored). An
    IPv6 address counts by its /64 network, which one household or phone usually holds whole."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return _counted(address) or address


def _counted(address):
    """How an address is counted (None if it is not one)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) if parsed.version == 6 else address


def account(field):
    """The account named in a posted field, as the site compares them (case and spaces do not make a new one)."""
    return lambda request: request.POST.get(field, "").strip().lower()[:254]


@dataclass(frozen=True)
class Limit:
    what: str  # "account" or "address": what the count is by
    rate: str  # django-ratelimit's notation, e.g. "5/15m"
    value: Callable  # request -> the account or address counted


@dataclass(frozen=True)
class Door:
    name: str  # what the person was doing, for the page that says to wait
    limits: tuple
    failures_only: bool = False  # count only posts after which nobody is signed in

    def usages(self, request, increment=False):
        """django-ratelimit's count of each limit (an account lifted by an admin counts under a new generation)."""
        for limit in self.limits:
            value = limit.value(request)
            if value:
                counted = f"{value}#{_generation(limit.what, value)}"
                yield get_usage(request, group=f"{self.name}:{limit.what}", key=lambda group, request: counted,
                                rate=limit.rate, increment=increment)


def sign_in(field):
    return Door("signing in", (Limit("account", SIGN_IN_PER_ACCOUNT, account(field)),
                               Limit("address", SIGN_IN_PER_ADDRESS, client_address)), failures_only=True)


def password_reset(field):
    return Door("password reset", (Limit("account", RESET_PER_ACCOUNT, account(field)),
                                   Limit("address", RESET_PER_ADDRESS, client_address)))


REGISTRATION = Door("registering", (Limit("address", REGISTRATION_PER_ADDRESS, client_address),))


def _oscar_account_page(request):
    """Oscar's /shop/accounts/login/ signs in and registers, told apart by the button pressed."""
    if "login_submit" in request.POST:
        return sign_in("login-username")
    if "registration_submit" in request.POST:
        return REGISTRATION
    return None


DOORS = {
    "customer:login": _oscar_account_page,
    "customer:register": lambda request: REGISTRATION,
    "password-reset": lambda request: password_reset("email"),
    "dashboard:login": lambda request: sign_in("username"),
    "wagtailadmin_login": lambda request: sign_in("username"),
    "wagtailadmin_password_reset": lambda request: password_reset("email"),
    "admin:login": lambda request: sign_in("username"),
}


class ThrottleMiddleware:
    """Refuses a post to a door whose limit is reached (429), and counts the posts that go through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        door = getattr(request, "throttle_door", None)
        if door and response.status_code != 429 and not (door.failures_only and request.user.is_authenticated):
            for _ in door.usages(request, increment=True):
                pass
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        choose = DOORS.get(request.resolver_match.view_name) if request.method == "POST" else None
        door = choose(request) if choose else None
        if door is None:
            return None
        for usage in door.usages(request):
            if usage["count"] >= usage["limit"]:
                return refused(request, door, usage["time_left"])
        request.throttle_door = door
        return None


def refused(request, door, seconds):
    seconds = max(seconds, 60)
    response = TemplateResponse(request, "storefront/throttled.html",
                                {"doing": door.name, "minutes": -(-seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _generation_key(what, value):
    return "throttle-generation:" + hashlib.sha256(f"{what}:{value}".encode()).hexdigest()


def _generation(what, value):
    return cache.get(_generation_key(what, value), 0)


def lift(value):
    """Lift every limit counted by this account (an email address) or address at once: its counters start again from
    nought. Returns what was lifted, for the command's message."""
    value = value.strip().lower()
    address = _counted(value)
    what, value = ("address", address) if address else ("account", value)
    key = _generation_key(what, value)
    cache.add(key, 0, timeout=None)
    cache.incr(key)
    return what
