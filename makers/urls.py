from django.urls import path

from makers import views

app_name = "makers"
urlpatterns = [
    path("workshops/<slug:slug>/", views.WorkshopView.as_view(), name="workshop"),
    path("makers/<slug:slug>/", views.MakerView.as_view(), name="maker"),
]
