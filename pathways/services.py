from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from participants.models import Participation

from .models import Instrument, ItemScore, Measurement


def record_measurement(
    *,
    participation: Participation,
    instrument: Instrument,
    date: datetime.date,
    kind: str,
    scores: dict[int, int],
    user=None,
) -> Measurement:
    """A measurement with one score per item of the instrument, all validated, all or nothing."""
    items = {item.pk: item for item in instrument.items.all()}
    missing = [item.text for pk, item in items.items() if pk not in scores]
    unknown = [pk for pk in scores if pk not in items]
    if missing or unknown:
        raise ValidationError(
            "Svar saknas för: " + ", ".join(missing) if missing else "Svar på frågor som inte hör till instrumentet."
        )
    measurement = Measurement(participation=participation, instrument=instrument, date=date, kind=kind,
                              recorded_by=user)
    measurement.full_clean()
    rows = []
    for pk, value in scores.items():
        score = ItemScore(measurement=measurement, item=items[pk], score=value)
        score.full_clean(exclude=["measurement"])
        rows.append(score)
    with transaction.atomic():
        measurement.save()
        for score in rows:
            score.measurement = measurement
        ItemScore.objects.bulk_create(rows)
    return measurement
