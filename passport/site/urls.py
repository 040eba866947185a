"""Every route of the site. Each app owns its own ``urls.py``; the API lives under /api/v1/."""

from django.urls import include, path

from . import views
from .api import api

site_patterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((site_patterns, "site"))),
    path("accounts/", include("passport.accounts.urls")),
    path("producers/", include("passport.producers.urls")),
    path("assessments/", include("passport.assessments.urls")),
    path("plans/", include("passport.plans.urls")),
    path("notifications/", include("passport.notifications.urls")),
    path("", include("passport.sharing.urls")),  # /sharing/… and the public /directory/
    path("api/v1/", api.urls),
]

handler403 = "passport.site.views.forbidden"
handler404 = "passport.site.views.not_found"
