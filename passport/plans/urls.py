"""Plan pages, mounted at /plans/."""

from django.urls import path  # noqa: F401

from .progress_urls import urlpatterns as progress_patterns

app_name = "plans"

urlpatterns: list = [*progress_patterns]
