"""A leaner bulk_create for the import's new rows.

Django's bulk_create prepares every value through the SQL compiler, field by field; for an
import of 100,000 spells that costs as much as all the validation. Here each field's kind is
worked out once: plain values (text, numbers, foreign keys, booleans) go to the driver as they
are, dates and date-times through the backend's own adapters, anything else (the encrypted
fields) through the field's get_db_prep_save as in Django; finsam.sql inserts them in batches
(never cutting a value to fit its column) and gives the new ids back in row order, as
bulk_create itself relies on.
"""

from __future__ import annotations

from django.db import connection, models

from finsam.sql import insert_returning_ids

_PREPARERS: dict = {}


def _preparers(model) -> tuple[list, list]:
    """The fields to insert and, for each, value-from-instance (pk left to the database)."""
    if model not in _PREPARERS:
        ops = connection.ops
        fields, preparers = [], []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            fields.append(field)
            if isinstance(field, models.DateTimeField):
                preparers.append(lambda obj, f=field: ops.adapt_datetimefield_value(f.pre_save(obj, True)))
            elif isinstance(field, models.DateField):
                preparers.append(lambda obj, a=field.attname: ops.adapt_datefield_value(getattr(obj, a)))
            elif _plain(field):
                preparers.append(lambda obj, f=field: _as_is(getattr(obj, f.attname), f))
            else:
                preparers.append(lambda obj, f=field: f.get_db_prep_save(f.pre_save(obj, True), connection))
        _PREPARERS[model] = (fields, preparers)
    return _PREPARERS[model]


def _as_is(value, field):
    """The value itself when the driver takes it so; anything else (an enum member, say) as Django
    would prepare it."""
    if value is None or type(value) in (str, int, bool):
        return value
    return field.get_db_prep_save(value, connection)


def _plain(field) -> bool:
    """A field whose value the driver takes as it is: Django's own text, number and boolean
    fields (not a subclass that encrypts or converts), and foreign keys to an integer id."""
    if isinstance(field, models.ForeignKey):
        return isinstance(field.target_field, models.AutoField)
    return (type(field).get_prep_value, type(field).get_db_prep_value) in _PLAIN_METHODS


# (get_prep_value, get_db_prep_value) of the fields that only coerce to str, int or bool
_PLAIN_METHODS = {
    (kind.get_prep_value, kind.get_db_prep_value)
    for kind in (models.CharField, models.TextField, models.IntegerField, models.PositiveIntegerField,
                 models.PositiveSmallIntegerField, models.SmallIntegerField, models.BigIntegerField,
                 models.BooleanField)
}


def insert(model, objs: list) -> None:
    """Insert new `objs` (no pk yet), setting their pk, as Model.objects.bulk_create(objs) would."""
    if not objs:
        return
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        model.objects.bulk_create(objs)
        return
    fields, preparers = _preparers(model)
    ids = insert_returning_ids(model, fields, [tuple(prepare(obj) for prepare in preparers) for obj in objs])
    pk = model._meta.pk.attname
    for obj, new_id in zip(objs, ids, strict=True):
        setattr(obj, pk, new_id)
        obj._state.adding = False
        obj._state.db = connection.alias
