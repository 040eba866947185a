"""Registry pages under /producers/. Child records (titles, sites, members) are addressed by
their own uuid; the producer is found from them."""

from django.urls import path

from . import unit_views, views

app_name = "producers"

urlpatterns = [
    path("", views.producer_list, name="list"),
    path("new/", views.producer_new, name="new"),
    path("<uuid:producer_uuid>/", views.producer_detail, name="detail"),
    path("<uuid:producer_uuid>/edit/", views.producer_edit, name="edit"),
    path("<uuid:producer_uuid>/titles/", views.titles, name="titles"),
    path("titles/<uuid:title_uuid>/edit/", views.title_edit, name="title_edit"),
    path("titles/<uuid:title_uuid>/delete/", views.title_delete, name="title_delete"),
    path("<uuid:producer_uuid>/sites/", views.sites, name="sites"),
    path("sites/<uuid:site_uuid>/", views.site_detail, name="site"),
    path("sites/<uuid:site_uuid>/edit/", views.site_edit, name="site_edit"),
    path("sites/<uuid:site_uuid>/committee/", views.committee, name="committee"),
    path("sites/<uuid:site_uuid>/committee/seats/remove/", views.seat_remove, name="seat_remove"),
    path("sites/<uuid:site_uuid>/committee/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<uuid:producer_uuid>/members/", views.members, name="members"),
    path("<uuid:producer_uuid>/members/new/", views.member_new, name="member_new"),
    path("members/<uuid:member_uuid>/edit/", views.member_edit, name="member_edit"),
    path("members/<uuid:member_uuid>/delete/", views.member_delete, name="member_delete"),
    path("<uuid:producer_uuid>/authorisations/", views.authorisations, name="authorisations"),
    path("<uuid:producer_uuid>/authorisations/revoke/", views.authorisation_revoke, name="authorisation_revoke"),
    path("<uuid:producer_uuid>/units/", unit_views.units, name="units"),
    path("units/<uuid:unit_uuid>/", unit_views.unit_detail, name="unit"),
    path("units/<uuid:unit_uuid>/exclude/", unit_views.unit_exclude, name="unit_exclude"),
    path("units/<uuid:unit_uuid>/readmit/", unit_views.unit_readmit, name="unit_readmit"),
]
