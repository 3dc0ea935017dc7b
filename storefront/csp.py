"""The Content-Security-Policy of every page (django-csp), one policy for each part of the site (README "Security").

The shop is strict: scripts only from the site itself or inline with the request's nonce (``request.csp_nonce``), no
inline style elements but by nonce, nothing from anywhere else. Stripe's scripts, frames and API are allowed on the
checkout pages only when Stripe keys are set (the demo gateway needs none). The Oscar dashboard and the Wagtail admin
get what their own code needs and no more; each allowance below says why.
"""

import base64
import functools
import hashlib
from urllib.parse import urlsplit

from csp.constants import HEADER, NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings


def _sha256(source):
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# Oscar templates the site uses keep a few fixed inline event handlers ("cancel" links that go back, "Print this
# page", a popup's "cancel"). 'unsafe-hashes' with their hashes allows exactly these strings and no other handler.
OSCAR_HANDLERS = ("window.history.go(-1);return false", "history.go(-1);return false", "window.print()",
                  "window.close();return false;", "javascript:history.go(-1);")
HANDLER_SOURCES = [UNSAFE_HASHES, *(_sha256(handler) for handler in OSCAR_HANDLERS)]

STRICT = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE, *HANDLER_SOURCES],
    "style-src-elem": [SELF, NONCE],
    # Style attributes set a bar's width from data (where your money goes, the impact page); CSS cannot run script.
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"],  # data: for the small inline pictures of Bootstrap's controls
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # Wagtail's page preview frames the site's own pages
}

STRIPE = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
    "img-src": ["https://*.stripe.com"],
}


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stripe_sources():
    """Stripe's sources, and the origins the settings point Stripe.js and the API at (a Stripe-compatible server
    standing in for Stripe, such as localstripe, serves both from its own origin)."""
    own = [_origin(settings.STRIPE_JS_URL), _origin(settings.STRIPE_API_BASE)]
    return {name: list(dict.fromkeys(sources + (own if name in ("script-src", "connect-src", "frame-src") else [])))
            for name, sources in STRIPE.items()}


DASHBOARD = STRICT | {
    # TinyMCE (the description editor), select2 and the date pickers write style elements and attributes.
    "style-src": [SELF, UNSAFE_INLINE],
    "style-src-elem": None,
    "style-src-attr": None,
    # The image picker previews a chosen picture from a data: URL; TinyMCE edits inside a frame of its own.
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
}

CMS = STRICT | {
    # Wagtail 8's admin writes inline scripts without a nonce (date and time choosers, inline panels), so a nonce
    # here would turn them off: inline scripts are allowed, sources stay the site's own.
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "style-src-elem": None,
    "style-src-attr": None,
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],  # the page preview
}


def policy_for(path):
    """The policy of a request path."""
    if path.startswith("/cms/"):
        return CMS
    if path.startswith(("/dashboard/", "/django-admin/")):
        return DASHBOARD
    if path.startswith("/shop/checkout/") and settings.STRIPE_PUBLISHABLE_KEY:
        return STRICT | {name: [source for source in STRICT[name] if source != NONE] + sources
                         for name, sources in stripe_sources().items()}
    return STRICT


_FIXED = {"shop": STRICT, "dashboard": DASHBOARD, "cms": CMS}  # the policies that depend on nothing but the path
_NONCE_MARK = "ttg-nonce-placeholder"
_PER_VIEW = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")  # django-csp's view decorators


@functools.lru_cache(maxsize=None)
def fixed_header(name, nonced):
    """The header of one of the fixed policies, built once per process (with a mark where the request's nonce goes):
    django-csp builds it for every response, which took as many Python calls as the rest of a simple page."""
    return build_policy(config=_FIXED[name], nonce=_NONCE_MARK if nonced else None)


class SitePolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy chosen by the part of the site the request is for."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = policy_for(request.path_info)
        return parts

    def process_response(self, request, response):
        policy = policy_for(request.path_info)
        name = next((name for name, fixed in _FIXED.items() if fixed is policy), None)
        if (name is None or HEADER in response or any(hasattr(response, attr) for attr in _PER_VIEW)
                or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
                or (settings.DEBUG and response.status_code in (404, 500))):
            return super().process_response(request, response)  # Stripe's checkout, a decorated view: as built
        nonce = getattr(request, "_csp_nonce", None)
        response[HEADER] = fixed_header(name, nonce is not None).replace(_NONCE_MARK, nonce or "")
        if nonce is None:  # as django-csp does: a nonce asked for after the header is written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
