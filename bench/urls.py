"""The site's routes plus ``bench/floor``: a static page the size of the pages measured.

The floor goes through the same middleware (sessions, authentication, language, CSRF, security
headers, gzip) but does no view work: no query of its own, no template. Pages are measured
against it, so the ratio says what our views and templates cost, whatever the machine."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.urls import path

from passport.site import urls as site_urls

PARAGRAPH = (
    "<p>Artisanal and small-scale miners show formal buyers where they stand on the Market Entry "
    "Standard: what must stop, what to mitigate by when, and what to improve.</p>\n"
)


@functools.cache
def floor_page(size: int) -> bytes:
    head = b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body>\n'
    tail = b"</body></html>\n"
    body = (PARAGRAPH.encode() * (size // len(PARAGRAPH) + 1))[: max(0, size - len(head) - len(tail))]
    return head + body + tail


def floor(request: HttpRequest) -> HttpResponse:
    size = min(int(request.GET.get("bytes", "8000") or 8000), 1_000_000)
    return HttpResponse(floor_page(size), content_type="text/html; charset=utf-8")


app_name = getattr(site_urls, "app_name", None)
urlpatterns = [path("bench/floor", floor, name="bench_floor"), *site_urls.urlpatterns]
handler403 = site_urls.handler403
handler404 = site_urls.handler404
