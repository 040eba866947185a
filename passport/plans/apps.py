from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "passport.plans"
    label = "plans"
    verbose_name = "Plans"
