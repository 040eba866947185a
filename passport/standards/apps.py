from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "passport.standards"
    label = "standards"
    verbose_name = "Standards"
