"""Case workflows that span records: a plan change with its revision, and the retention purge
of the case texts. Called by the web pages, the admin and the demo alike."""

from __future__ import annotations

import json

from django.db import transaction
from django.db.models import Max

from participants.models import Participation

from .models import Contact, Plan, PlanActivity, PlanRevision


def plan_snapshot(participation_id: int) -> dict:
    """The plan as it stands: goals and activities (texts included: the snapshot is encrypted)."""
    goals = Plan.objects.filter(participation_id=participation_id).values_list("goals", flat=True).first()
    activities = PlanActivity.objects.filter(participation_id=participation_id).order_by("due_date", "pk")
    return {
        "goals": goals or "",
        "activities": [
            {"id": a.pk, "description": a.description or "", "party": a.party, "due_date": a.due_date.isoformat(),
             "status": a.status}
            for a in activities
        ],
    }


def save_plan_change(record: Plan | PlanActivity, *, user, change: str) -> PlanRevision:
    """Save the goals or one activity (already validated) and keep the plan as it now stands as a
    new version, together or not at all. A stale version raises StaleEditError."""
    participation_id = record.participation_id
    with transaction.atomic():
        # one writer at a time per plan, so that version numbers follow each other
        Participation.objects.select_for_update().filter(pk=participation_id).values_list("pk").first()
        if record.pk is None and isinstance(record, PlanActivity):
            record.created_by = user if getattr(user, "is_authenticated", False) else None
        if isinstance(record, Plan):
            record.updated_by = user if getattr(user, "is_authenticated", False) else None
        record.save()
        last = PlanRevision.objects.filter(participation_id=participation_id).aggregate(n=Max("number"))["n"]
        return PlanRevision.objects.create(
            participation_id=participation_id, number=(last or 0) + 1, change=change[:120],
            snapshot=json.dumps(plan_snapshot(participation_id), ensure_ascii=False),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )


def activity_change_label(activity: PlanActivity, before: PlanActivity | None) -> str:
    """What changed, in words that hold no plan text (the revision list shows it to everyone who
    sees the case, and the change log keeps it)."""
    if before is None:
        return f"Aktivitet tillagd ({activity.get_party_display()}, senast {activity.due_date:%Y-%m-%d})"
    changed = []
    if before.status != activity.status:
        changed.append(f"status {activity.get_status_display().lower()}")
    if before.due_date != activity.due_date:
        changed.append(f"datum {activity.due_date:%Y-%m-%d}")
    if before.party != activity.party:
        changed.append(f"ansvarig part {activity.get_party_display()}")
    if (before.description or "") != (activity.description or ""):
        changed.append("beskrivning")
    return "Aktivitet ändrad: " + (", ".join(changed) or "inget")


def save_recorded(record, *, user):
    """Save a contact or a follow-up after exit (already validated), naming who registered it."""
    if record.pk is None:
        record.recorded_by = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        record.save()
    return record


def purge_case_texts(participant_ids) -> dict[str, int]:
    """Retention: the notes and plan texts of these people go; the records (dates, kinds,
    outcomes, statuses) stay, so every count is unchanged. One UPDATE per table and batch."""
    ids = list(participant_ids)
    cleared = {"anteckningar": 0, "planmal": 0, "aktiviteter": 0, "planversioner": 0}
    for start in range(0, len(ids), 2000):
        batch = ids[start:start + 2000]
        spells = Participation.objects.filter(participant_id__in=batch).values("pk")
        cleared["anteckningar"] += Contact.objects.filter(participation__in=spells, note__isnull=False).update(
            note=None
        )
        cleared["planmal"] += Plan.objects.filter(participation__in=spells, goals__isnull=False).update(goals=None)
        cleared["aktiviteter"] += PlanActivity.objects.filter(
            participation__in=spells, description__isnull=False
        ).update(description=None)
        cleared["planversioner"] += PlanRevision.objects.filter(
            participation__in=spells, snapshot__isnull=False
        ).update(snapshot=None)
    return cleared
