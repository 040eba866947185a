"""The inbox, mounted at /notifications/."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns: list = [
    path("", views.inbox, name="inbox"),
    path("<uuid:uuid>/read/", views.read, name="read"),
]
