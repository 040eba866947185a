from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "passport.site"
    label = "site"
    verbose_name = "Site"
