from django.apps import AppConfig


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = "Statistik"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # Publishing and deleting a year's board figures are in the change log (the stored
        # figures themselves are aggregates, left out to keep the log small).
        auditlog.register(models.Publication, exclude_fields=["outputs"])
