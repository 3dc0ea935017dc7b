"""The URL map of ARCHITECTURE.md: Oscar under /shop/, its dashboard at /dashboard/, Wagtail's admin at /cms/,
Django's admin at /django-admin/, and Wagtail's page tree for everything else (its catch-all comes last)."""

import posixpath
import re

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from makers import governance_views
from payouts import views as payout_views
from storefront.dashboard import AuditLogView


def shop_urls():
    """Oscar's own URLs without the dashboard, which gets its own top-level home."""
    return [pattern for pattern in apps.get_app_config("oscar").urls[0] if str(pattern.pattern) != "dashboard/"]


def serve_media(request, path):
    """Uploads, from the development server (DEBUG), except documents: those are downloads only, from /documents/."""
    if posixpath.normpath(path).lstrip("/").startswith("documents/"):
        raise Http404("Documents are served from /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("storefront.shop.urls")),  # /webhooks/stripe/ and the refund and packing-slip pages
    path("dashboard/", include("payouts.urls")),  # payout runs, split policies, statements
    path("dashboard/", include("makers.dashboard_urls")),  # makers administration and consent
    path("dashboard/", include("makers.governance_urls")),  # meetings, proposals, paper ballots, results
    path("dashboard/audit-log/", AuditLogView.as_view(), name="audit-log"),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("shop/accounts/statements/", payout_views.OwnStatementView.as_view(), name="own-statement"),
    path("shop/accounts/statements/print/", payout_views.OwnStatementView.as_view(printable=True),
         name="own-statement-print"),
    path("shop/accounts/votes/", governance_views.OwnVotesView.as_view(), name="own-votes"),
    path("shop/accounts/votes/<int:pk>/", governance_views.OwnVoteView.as_view(), name="own-vote"),
    path("shop/", include("makers.urls")),
    path("shop/", include(shop_urls())),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.DEBUG:
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media))
urlpatterns.append(path("", include(wagtail_urls)))
