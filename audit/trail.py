"""Record reads, exports, imports and purges of personal data.

    from audit.trail import record
    record(request, "VIEW", str(participant), obj=participant)   # "Deltagare 123": people by id
    record(request, "EXPORT", "SUS-export 2015", rows=569)

`request` may also be a user (commands and Celery tasks have no request).
"""

from __future__ import annotations

from finsam.clientip import client_ip

from .models import AccessEvent


def record(request_or_user, action: str, target: str, *, obj=None, **details) -> AccessEvent:
    user = getattr(request_or_user, "user", request_or_user)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AccessEvent.objects.create(
        user=user,
        username=getattr(user, "username", "") or "",
        action=action,
        target=target[:300],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request_or_user),
        details=details,
    )


_RENDERERS: dict = {}


def _naive_utc(value):
    """A date-time as auditlog logs it: naive, in UTC."""
    import datetime

    from django.utils import timezone

    if value is None or value.tzinfo is None:
        return value
    if value.tzinfo is datetime.UTC:  # timezone.now(): no conversion needed
        return value.replace(tzinfo=None)
    return timezone.make_naive(value, datetime.UTC)


def _renderers(model) -> list:
    """(field name, record → value) for the fields auditlog logs for `model` (its registry's
    include/exclude), each value as auditlog's get_field_value gives it; worked out once per
    model, since a large import logs every record it creates. None: leave it to auditlog."""
    if model not in _RENDERERS:
        from auditlog.diff import get_field_value, get_fields_in_model
        from auditlog.registry import auditlog
        from django.db import models

        options = auditlog.get_model_fields(model)
        renderers = []
        for field in get_fields_in_model(model()):
            if field.name in options["exclude_fields"] or (
                options["include_fields"] and field.name not in options["include_fields"]
            ):
                continue
            if isinstance(field, models.DateTimeField):
                renderers.append((field.name, lambda obj, name=field.name: _naive_utc(getattr(obj, name))))
            elif isinstance(field, models.JSONField) or not field.concrete:  # reverse relations too
                renderers.append((field.name, lambda obj, field=field: get_field_value(obj, field)))
            elif field.many_to_one or field.one_to_one:
                renderers.append((field.name, lambda obj, attname=field.attname: getattr(obj, attname)))
            else:
                renderers.append((field.name, lambda obj, name=field.name: str(getattr(obj, name))))
        if options["mask_fields"]:  # masked values: leave it all to auditlog
            renderers = None
        _RENDERERS[model] = renderers
    return _RENDERERS[model]


def _changes(old, new, fields_to_check) -> dict | None:
    """auditlog's diff (model_instance_diff); for a created record the same result, faster."""
    from auditlog.diff import model_instance_diff
    from django.utils.encoding import smart_str

    renderers = _renderers(type(new)) if old is None else None
    if renderers is None:
        return model_instance_diff(old, new, fields_to_check=fields_to_check)
    changes = {}
    for name, render in renderers:
        value = render(new)
        if value != "None":  # as auditlog compares (an empty date-time is None, so it is kept)
            changes[name] = ("None", smart_str(value))
    return changes or None


def log_bulk_changes(pairs, *, actor=None, fields_to_check=None, **additional_data) -> int:
    """django-auditlog entries for records written with bulk_create / bulk_update, which send
    no signals: one CREATE (old is None) or UPDATE entry per (old, new) pair, in auditlog's own
    format and with its field exclusions, so an imported record's history reads like one
    entered in a form. `fields_to_check`: the fields an update can have changed.

    The entries go in by COPY on PostgreSQL (finsam.sql.copy_rows): through the ORM their insert
    cost as much as the import itself. Returns the number of entries written."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from finsam.sql import copy_rows

    meta = LogEntry._meta
    json_field = meta.get_field("changes")
    names = ("content_type", "object_pk", "object_id", "object_repr", "action", "changes", "changes_text",
             "actor", "actor_email", "cid", "timestamp", "additional_data")
    user = actor if getattr(actor, "is_authenticated", False) else None
    fixed = (
        getattr(user, "pk", None),
        getattr(user, "email", None) or None,
        get_cid(),
        meta.get_field("timestamp").get_db_prep_save(timezone.now(), connection),
        json_field.get_db_prep_save(additional_data or None, connection),
    )
    rows = []
    for old, new in pairs:
        changes = _changes(old, new, fields_to_check)
        if not changes:
            continue
        rows.append((
            ContentType.objects.get_for_model(new).pk, str(new.pk), new.pk, str(new)[:5000],
            LogEntry.Action.CREATE if old is None else LogEntry.Action.UPDATE,
            json_field.get_db_prep_save(changes, connection), "", *fixed,
        ))
    copy_rows(LogEntry, [meta.get_field(name) for name in names], rows)
    return len(rows)
