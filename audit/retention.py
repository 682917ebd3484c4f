"""Retention in the logs. Every log labels a person's records by id ("Deltagare 123", the
records' str()); entries written before that carry the masked number (YYYYMMDD-****, a birth
date) as their label. The retention purge rewrites those labels to the id label, in the change
log, the admin's history and the access log alike, so that no log keeps a birth date."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Concat

from .models import AccessEvent

MASK = "****"  # every masked personnummer holds it; no id label does


def relabel_masked_entries(models) -> int:
    """Entries of `models` (each with a LOG_LABEL) whose label holds a masked number get
    "<LOG_LABEL> <id>". Set-based: three UPDATEs per model. Returns how many were rewritten."""
    total = 0
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        prefix = Value(f"{model.LOG_LABEL} ")
        total += LogEntry.objects.filter(content_type=content_type, object_repr__contains=MASK).update(
            object_repr=Concat(prefix, F("object_pk"), output_field=TextField())
        )
        total += AdminLogEntry.objects.filter(content_type=content_type, object_repr__contains=MASK).update(
            object_repr=Concat(prefix, F("object_id"), output_field=TextField())
        )
        total += AccessEvent.objects.filter(object_type=model._meta.label, target__contains=MASK).relabel(
            Concat(prefix, F("object_id"), output_field=CharField())
        )
    return total
