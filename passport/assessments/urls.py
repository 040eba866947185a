"""Assessment pages, mounted at /assessments/."""

from django.urls import path

from . import rollup_views, views

app_name = "assessments"

urlpatterns = [
    path("<uuid:producer_uuid>/start/", views.start, name="start"),
    path("<uuid:producer_uuid>/history/", views.history, name="history"),
    path("<uuid:producer_uuid>/rollup/", rollup_views.rollup, name="rollup"),
    path("<uuid:producer_uuid>/benchmark/", rollup_views.benchmark, name="benchmark"),
    path("<uuid:uuid>/", views.overview, name="overview"),
    path("<uuid:uuid>/modules/<str:module_id>/", views.module, name="module"),
    path("<uuid:uuid>/submit/", views.submit, name="submit"),
    path("evidence/<uuid:uuid>/", views.evidence, name="evidence"),
    path("results/<uuid:uuid>/", views.result, name="result"),
]
