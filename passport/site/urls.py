"""Every route of the site. Each app owns its own ``urls.py``; the API lives under /api/v1/."""

from django.urls import include, path

from . import views
from .api import api

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("passport.accounts.urls")),
    path("producers/", include("passport.producers.urls")),
    path("assessments/", include("passport.assessments.urls")),
    path("api/v1/", api.urls),
]

handler403 = "passport.site.views.forbidden"
handler404 = "passport.site.views.not_found"
