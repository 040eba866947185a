from django.apps import AppConfig


class ProducersConfig(AppConfig):
    name = "passport.producers"
    label = "producers"
    verbose_name = "Producers"
