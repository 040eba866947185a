from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "passport.assessments"
    label = "assessments"
    verbose_name = "Assessments"
