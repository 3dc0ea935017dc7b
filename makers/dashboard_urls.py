"""Makers administration and consent, mounted under /dashboard/ by storefront/urls.py."""

from django.urls import path

from makers import dashboard

app_name = "makers-dashboard"
urlpatterns = [
    path("makers/", dashboard.MakerListView.as_view(), name="list"),
    path("makers/new/", dashboard.MakerCreateView.as_view(), name="create"),
    path("makers/<int:pk>/", dashboard.MakerDetailView.as_view(), name="maker"),
    path("makers/<int:pk>/private/", dashboard.MakerPrivateView.as_view(), name="private"),
    path("makers/<int:pk>/statuses/", dashboard.StatusAddView.as_view(), name="status-add"),
    path("makers/<int:pk>/membership/", dashboard.MembershipView.as_view(), name="membership"),
    path("makers/<int:pk>/consents/", dashboard.ConsentGiveView.as_view(), name="consent-give"),
    path("makers/<int:pk>/consents/<int:consent_pk>/withdraw/", dashboard.ConsentWithdrawView.as_view(),
         name="consent-withdraw"),
]
