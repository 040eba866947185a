from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "passport.sharing"
    label = "sharing"
    verbose_name = "Sharing"
