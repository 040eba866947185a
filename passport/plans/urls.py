"""Plan pages, mounted at /plans/."""

from django.urls import path

from . import views
from .progress_urls import urlpatterns as progress_patterns

app_name = "plans"

urlpatterns: list = [
    path("producer/<uuid:producer_uuid>/", views.plan_list, name="list"),
    path("new/<uuid:result_uuid>/", views.plan_new, name="new"),
    path("<uuid:plan_uuid>/", views.plan_detail, name="detail"),
    path("<uuid:plan_uuid>/strategy/", views.strategy, name="strategy"),
    path("<uuid:plan_uuid>/comments/", views.comment, name="comment"),
    path("<uuid:plan_uuid>/revise/", views.revise, name="revise"),
    path("actions/<uuid:action_uuid>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:action_uuid>/priority/", views.priority, name="priority"),
    path("versions/<uuid:version_uuid>/", views.version, name="version"),
    path("versions/<uuid:version_uuid>/sign/", views.sign, name="sign"),
    *progress_patterns,
]
