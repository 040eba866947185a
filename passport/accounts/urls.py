from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

# Password reset is Django's own (tokens tied to the password hash and last login, so a link
# stops working once used); only the templates, the URL names and the audit entry are ours.
password_reset_patterns = [
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("signup/", views.sign_up, name="signup"),
    path("settings/", views.account_settings, name="settings"),
    path("organisations/new/", views.new_organisation, name="new_organisation"),
    path("organisations/switch/", views.switch, name="switch"),
    path("language/", views.language, name="language"),
    path("members/", views.members, name="members"),
    path("members/<uuid:user_uuid>/role/", views.member_role, name="member_role"),
    path("members/<uuid:user_uuid>/remove/", views.member_remove, name="member_remove"),
    path("members/leave/", views.leave, name="leave"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<uuid:invitation_uuid>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<uuid:token_uuid>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    *password_reset_patterns,
]
