from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'interventions'
    verbose_name = "Insatser"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Intervention)
        auditlog.register(models.InterventionBudget)
        auditlog.register(models.Assignment)
