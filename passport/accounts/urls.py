from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("signup/", views.sign_up, name="signup"),
    path("settings/", views.account_settings, name="settings"),
    path("organisations/new/", views.new_organisation, name="new_organisation"),
    path("organisations/switch/", views.switch, name="switch"),
    path("language/", views.language, name="language"),
]
