from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'participants'
    verbose_name = "Deltagare"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # Every change to a registration is kept (who, what, when, IP) by django-auditlog.
        # Identifiers stay out of the log entirely: auditlog's masking would leave half in clear.
        auditlog.register(
            models.Participant, exclude_fields=["personnummer", "pnr_hash", "first_name", "last_name", "birth_date"]
        )
        auditlog.register(models.Participation, exclude_fields=["kon"])  # the person's, logged there
        auditlog.register(models.AnonymousRegistration)
        auditlog.register(models.VolumeRegistration)
