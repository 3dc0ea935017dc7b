"""Makers administration and consent, mounted under /dashboard/ by storefront/urls.py."""

app_name = "makers-dashboard"
urlpatterns = []
