"""The shop's URLs plus the benchmark's baseline: a Django view that renders a static template."""

from django.urls import path
from django.views.generic import TemplateView

from storefront.urls import urlpatterns as shop_urlpatterns

urlpatterns = [
    path("__benchmark__/static/", TemplateView.as_view(template_name="benchmarks/static.html")),
    *shop_urlpatterns,
]
