from django.apps import AppConfig


class NationalFollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "national_followup"
    verbose_name = "Uppföljning Finsam"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.AssociationYear)
