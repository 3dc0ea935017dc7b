"""Health checks for the load balancer: ``/healthz/`` (the process answers) and ``/readyz/`` (it can serve: the
database, the shared cache and the Celery broker all answer).

They are answered by the first middleware, before anything else runs. A load balancer probes each server by its own
address over plain HTTP, without cookies: the host check (ALLOWED_HOSTS), the HTTPS redirect, sessions, CSRF, the basket
and the page caches would turn that probe into a 400 or a 301, or cost it a query. ``/healthz/`` touches nothing;
``/readyz/`` says which part failed and nothing else (no host names, no errors: those go to the log).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 2  # seconds to connect; a load balancer's probe gives up after a few


def healthz():
    return HttpResponse("ok\n", content_type="text/plain")


def readyz():
    """200 when every part the shop needs answers, else 503; each part is "ok", "unreachable" or "not used"."""
    checks = {}
    for part, check in (("database", _database), ("cache", _cache), ("broker", _broker)):
        try:
            checks[part] = check()
        except Exception as error:
            logger.warning("Not ready: the %s is unreachable (%s: %s)", part, type(error).__name__, error)
            checks[part] = "unreachable"
    ready = "unreachable" not in checks.values()
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache():
    cache.set("storefront:readyz", "ok", 10)
    if cache.get("storefront:readyz") != "ok":
        raise ConnectionError("the cache did not keep a value")
    return "ok"


def _broker():
    if not settings.CELERY_BROKER_URL:
        return "not used"  # tasks run eagerly in the web process (the demo)
    from storefront.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=0)
    return "ok"


CHECKS = {"/healthz/": healthz, "/readyz/": readyz}


class HealthChecks:
    """Middleware, first in MIDDLEWARE: answers the two health paths and passes every other request on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = CHECKS.get(request.path_info)
        if check is None:
            return self.get_response(request)
        response = check()
        add_never_cache_headers(response)
        return response
