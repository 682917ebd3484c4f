from celery import shared_task

from .services import purge_personal_data


@shared_task(name="participants.purge_personal_data")
def purge_personal_data_task() -> int:
    """Nightly retention purge (scheduled in CELERY_BEAT_SCHEDULE)."""
    return purge_personal_data(dry_run=False).count
