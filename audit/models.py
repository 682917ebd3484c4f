from django.conf import settings
from django.db import models


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail cannot be changed.")

    def delete(self):
        raise PermissionError("The audit trail cannot be deleted.")

    def relabel(self, target) -> int:
        """The one change the trail allows, for retention: a label that named a person is
        replaced by one that refers to them by id (audit.retention). Nothing else changes."""
        return super().update(target=target)


class AccessEvent(models.Model):
    """One read, export, import or purge of personal data: who, what, when, from where.

    Changes to records are kept by django-auditlog (LogEntry); this table holds what
    auditlog does not see: views of personal data, exports, imports and purges.
    Append-only: rows are never updated or deleted through the ORM.
    """

    class Action(models.TextChoices):
        VIEW = "VIEW", "Visning"
        EXPORT = "EXPORT", "Export"
        IMPORT = "IMPORT", "Import"
        PURGE = "PURGE", "Gallring"
        SEARCH = "SEARCH", "Sökning"

    at = models.DateTimeField("tidpunkt", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="användare", null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("användarnamn", max_length=150, blank=True)
    action = models.CharField("händelse", max_length=10, choices=Action.choices, db_index=True)
    target = models.CharField("vad", max_length=300)
    object_type = models.CharField("typ", max_length=100, blank=True)
    object_id = models.CharField("id", max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("IP-adress", null=True, blank=True)
    details = models.JSONField("detaljer", default=dict, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "åtkomsthändelse"
        verbose_name_plural = "åtkomstlogg"
        indexes = [models.Index(fields=["user", "at"], name="access_event_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail cannot be deleted.")
