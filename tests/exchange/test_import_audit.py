"""Every record an import writes has its own entry in the change log (django-auditlog), as if
entered in a form: who, which job or command, what changed. Bulk statements send no signals,
so the importer writes these entries itself; nothing is logged for a dry run or a bad file."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import ImportJob
from participants.models import AnonymousRegistration, Participant, Participation

from .conftest import participation_file, participation_row, pnr

pytestmark = pytest.mark.django_db


def registry_entries():
    return LogEntry.objects.filter(content_type__app_label="participants")


def entries(model, action=None):
    found = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return found.filter(action=action) if action is not None else found


def upload_and_confirm(client, content: str) -> ImportJob:
    file = SimpleUploadedFile("deltagare.csv", content.encode(), content_type="text/csv")
    client.post(reverse("exchange:index"), {"kind": "participations", "file": file})
    job = ImportJob.objects.latest("pk")
    client.post(reverse("exchange:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    return job


def test_each_imported_person_and_spell_is_logged_with_the_uploader_and_the_job(client, users):
    first, second = pnr(1970), pnr(1985, female=True)
    client.force_login(users["kansli"])
    job = upload_and_confirm(client, participation_file(participation_row(first), participation_row(second)))

    spells = entries(Participation, LogEntry.Action.CREATE)
    # stored as JSON objects, not as text
    assert spells.filter(changes__has_key="startdatum", additional_data__import_job=job.pk).count() == 2
    assert sorted(entry.object_id for entry in spells) == sorted(Participation.objects.values_list("pk", flat=True))
    assert sorted(entry.object_repr for entry in spells) == sorted(
        f"Deltagande {pk}" for pk in Participation.objects.values_list("pk", flat=True)
    )
    people = entries(Participant, LogEntry.Action.CREATE)
    assert sorted(entry.object_id for entry in people) == sorted(Participant.objects.values_list("pk", flat=True))
    for entry in spells:
        assert entry.actor == users["kansli"]
        assert entry.additional_data == {"import_job": job.pk, "file": "deltagare.csv"}
        assert entry.changes_dict["startdatum"] == ["None", "2015-03-01"]
    # Neither personnummer nor birth dates reach the log (people by id), as for records entered in a form.
    logged = " ".join(str(entry.changes) + entry.object_repr for entry in LogEntry.objects.all())
    for number in (first, second):
        assert number.replace("-", "")[2:] not in logged.replace("-", "")
        assert number[:8] not in logged and "****" not in logged


def test_the_audit_page_names_the_import_file_beside_the_change(client, users):
    client.force_login(users["kansli"])
    upload_and_confirm(client, participation_file(participation_row(pnr(1970))))
    page = client.get(reverse("audit:index"), {"action": "CREATE"}).content.decode()
    assert "(import av deltagare.csv)" in page


def test_a_reimport_logs_only_what_changed(client, users):
    number, other = pnr(1970), pnr(1990)
    client.force_login(users["kansli"])
    upload_and_confirm(client, participation_file(participation_row(number), participation_row(other)))
    before = registry_entries().count()

    upload_and_confirm(client, participation_file(
        participation_row(number, consent="2015-02-01"), participation_row(other)
    ))

    assert registry_entries().count() == before + 1  # the unchanged row logs nothing
    update = entries(Participation, LogEntry.Action.UPDATE).get()
    assert update.changes_dict["samtycke_datum"] == ["2015-03-01", "2015-02-01"]
    assert update.changes_dict["version"] == ["1", "2"]
    assert update.actor == users["kansli"]


def test_interventions_saved_one_by_one_are_logged_with_the_uploader(client, users):
    from interventions.models import Intervention

    client.force_login(users["kansli"])
    file = SimpleUploadedFile("insatser.csv", b"kod,namn,inriktning,registrering,startdatum\n"
                                              b"NY,Ny insats,INDIVID,PERSON,2015-01-01\n", content_type="text/csv")
    client.post(reverse("exchange:index"), {"kind": "interventions", "file": file})
    client.post(reverse("exchange:job_confirm", args=[ImportJob.objects.get().pk]))
    entry = entries(Intervention, LogEntry.Action.CREATE).get(object_id=Intervention.objects.get(code="NY").pk)
    assert entry.actor == users["kansli"]


def test_a_dry_run_or_a_file_with_an_error_logs_nothing(import_file, intervention):
    assert import_file(participation_file(participation_row(pnr())), "participations", "--dry-run").code == 0
    bad = participation_file(participation_row(pnr(1970)), participation_row("19800101-1235"))
    assert import_file(bad, "participations").code == 1
    assert not Participation.objects.exists()
    assert not registry_entries().exists()


def test_the_command_line_import_is_logged_with_the_command_and_file(import_file, anonymous_intervention):
    outcome = import_file("extern_id,insats,kon,startdatum,antal\nA-1,ACT,K,2015-01-01,3\n", "anonymous")
    assert outcome.code == 0, outcome.err
    entry = entries(AnonymousRegistration, LogEntry.Action.CREATE).get()
    assert entry.actor is None
    assert entry.additional_data["command"] == "import_sus" and entry.additional_data["file"].endswith("file.csv")
    assert entry.object_id == AnonymousRegistration.objects.get().pk

    import_file("extern_id,insats,kon,startdatum,antal\nA-1,ACT,K,2015-01-01,4\n", "anonymous")
    update = entries(AnonymousRegistration, LogEntry.Action.UPDATE).get()
    assert update.changes_dict["antal"] == ["3", "4"]


@pytest.mark.parametrize("factory", ["ParticipantFactory", "ParticipationFactory", "AnonymousRegistrationFactory",
                                     "VolumeRegistrationFactory"])
def test_bulk_create_entries_match_what_auditlog_writes_for_a_saved_record(factory):
    from auditlog.diff import model_instance_diff

    from audit.trail import _changes
    from tests import factories

    record = getattr(factories, factory)()
    record.refresh_from_db()
    assert _changes(None, record, None) == model_instance_diff(None, record)
    # and the entry auditlog's own signal wrote when the factory saved it says the same
    saved = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.CREATE)
    assert {name: list(pair) for name, pair in _changes(None, record, None).items()} == {
        name: pair for name, pair in saved.changes_dict.items() if name in _changes(None, record, None)
    }
