"""The payout and statement screens, mounted under /dashboard/ by storefront/urls.py before Oscar's dashboard."""

from django.urls import path

from payouts import views

app_name = "payouts"
urlpatterns = [
    path("payouts/", views.RunListView.as_view(), name="runs"),
    path("payouts/close/", views.ClosePeriodView.as_view(), name="close"),
    path("payouts/<int:pk>/", views.RunDetailView.as_view(), name="run"),
    path("payouts/<int:pk>/approve/", views.ApproveRunView.as_view(), name="approve"),
    path("payouts/<int:pk>/pay/", views.MarkPaidView.as_view(), name="pay"),
    path("payouts/<int:pk>/cancel/", views.CancelRunView.as_view(), name="cancel"),
    path("payouts/<int:pk>/export/<str:kind>.csv", views.ExportView.as_view(), name="export"),
    path("payouts/held/", views.HeldSalesView.as_view(), name="held"),
    path("payouts/held/<int:line_id>/allocate/", views.AllocateHeldView.as_view(), name="held-allocate"),
    path("payouts/policies/", views.PolicyListView.as_view(), name="policies"),
    path("payouts/policies/new/", views.PolicyCreateView.as_view(), name="policy-add"),
    path("statements/<slug:slug>/", views.StatementView.as_view(), name="statement"),
    path("statements/<slug:slug>/print/", views.StatementView.as_view(printable=True), name="statement-print"),
]
