"""Members' decisions in the dashboard, mounted under /dashboard/ by storefront/urls.py."""

from django.urls import path

from makers import governance_views as views

app_name = "governance"
urlpatterns = [
    path("governance/", views.MeetingListView.as_view(), name="meetings"),
    path("governance/meetings/new/", views.MeetingCreateView.as_view(), name="meeting-add"),
    path("governance/meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("governance/meetings/<int:pk>/proposals/new/", views.ProposalCreateView.as_view(), name="proposal-add"),
    path("governance/meetings/<int:pk>/results/", views.ResultsSheetView.as_view(), name="results-sheet"),
    path("governance/proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
    path("governance/proposals/<int:pk>/ballot-papers/", views.BallotPapersView.as_view(), name="ballot-papers"),
    path("governance/proposals/<int:pk>/paper/", views.PaperEntryView.as_view(), name="paper-enter"),
    path("governance/proposals/<int:pk>/paper/<int:entry_pk>/confirm/", views.PaperConfirmView.as_view(),
         name="paper-confirm"),
    path("governance/proposals/<int:pk>/paper/<int:entry_pk>/discard/", views.PaperDiscardView.as_view(),
         name="paper-discard"),
    path("governance/proposals/<int:pk>/close/", views.CloseView.as_view(), name="close"),
    path("governance/proposals/<int:pk>/apply/", views.ApplyView.as_view(), name="apply"),
]
