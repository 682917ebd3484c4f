from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Ärenden"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # Every change is kept by django-auditlog; the encrypted texts stay out of the log
        # (it would hold them in clear, and the retention purge could not reach them).
        auditlog.register(models.Plan, exclude_fields=["goals"])
        auditlog.register(models.PlanActivity, exclude_fields=["description"])
        auditlog.register(models.PlanRevision, exclude_fields=["snapshot"])
        auditlog.register(models.Contact, exclude_fields=["note"])
        auditlog.register(models.FollowUp)
        auditlog.register(models.PlannedLength)

        from participants.services import identity_purged

        identity_purged.connect(_purge_case_texts, dispatch_uid="cases.purge_case_texts")


def _purge_case_texts(sender, participant_ids, **kwargs) -> dict[str, int]:
    from .services import purge_case_texts

    return purge_case_texts(participant_ids)
