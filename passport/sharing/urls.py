"""Sharing pages, mounted at the site's root: the producer's pages and an organisation's requests
under /sharing/, and the public directory at /directory/ (named ``sharing:directory``)."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns: list = [
    path("directory/", views.directory, name="directory"),
    path("sharing/mine/", views.mine, name="mine"),
    path("sharing/<uuid:producer_uuid>/", views.producer, name="producer"),
    path("sharing/<uuid:producer_uuid>/request/", views.request_access, name="request"),
    path("sharing/<uuid:producer_uuid>/grant/", views.grant, name="grant"),
    path("sharing/<uuid:producer_uuid>/fields/", views.field, name="field"),
    path("sharing/<uuid:producer_uuid>/listing/", views.listing, name="listing"),
    path("sharing/<uuid:producer_uuid>/log/", views.log, name="log"),
    path("sharing/requests/<uuid:request_uuid>/answer/", views.answer, name="answer"),
    path("sharing/requests/<uuid:request_uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("sharing/grants/<uuid:grant_uuid>/revoke/", views.revoke, name="revoke"),
]
