from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passport.accounts"
    label = "accounts"
    verbose_name = "Accounts"
