"""Progress pages of plans (notes, evidence, the progress chart); part of the ``plans`` namespace."""

from django.urls import path

from . import progress_views

urlpatterns: list = [
    path("<uuid:plan_uuid>/actions/<str:requirement_id>/", progress_views.action, name="action"),
    path(
        "<uuid:plan_uuid>/evidence/<uuid:evidence_uuid>/",
        progress_views.action_evidence,
        name="action_evidence",
    ),
    path("progress/<uuid:producer_uuid>/", progress_views.producer_progress, name="progress"),
]
