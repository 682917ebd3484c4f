"""Control characters (NUL, \\x01, …) are refused in every free-text field, by one validator on
the model fields that forms, the admin and the import all run (they broke the XLSX export)."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from finsam.validators import no_control_characters
from participants.models import Participant, VolumeRegistration
from tests.factories import make_personnummer

APPS = ("participants", "interventions", "tertials", "pathways", "reports", "cases")
# Filled by the code, never typed: the number (parsed), its hash, the system's own texts.
NOT_TYPED = {("participants", "participant", "personnummer"), ("participants", "participant", "pnr_hash"),
             ("tertials", "reminder", "recipients"), ("cases", "planrevision", "change"),
             ("cases", "planrevision", "snapshot"), ("cases", "casereminder", "kind")}


def free_text_fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField) or not field.editable:
                    continue
                if field.choices or any(isinstance(v, RegexValidator) for v in field.validators):
                    continue
                if (app, model._meta.model_name, field.name) in NOT_TYPED:
                    continue
                yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


@pytest.mark.parametrize(("model", "field"), list(free_text_fields()))
def test_every_free_text_field_refuses_control_characters(model, field):
    assert no_control_characters in field.validators


@pytest.mark.parametrize("text", ["An\x00na", "An\x01na", "Anna\x1b[31m", "A\x7f", "tab\tnewline\nok\r\n"])
def test_the_validator_refuses_control_characters_but_keeps_tabs_and_line_breaks(text):
    if text.startswith("tab"):
        no_control_characters(text)
        return
    with pytest.raises(ValidationError) as error:
        no_control_characters(text)
    assert "kontrolltecken" in error.value.messages[0]


@pytest.mark.django_db
def test_the_registration_form_refuses_a_name_with_a_control_character(client, users, intervention):
    number = make_personnummer(datetime.date(1970, 1, 2), female=True)
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:register"), {
        "p-personnummer": number, "p-first_name": "Gr\x01eta", "p-last_name": "Garbo",
        "s-intervention": intervention.pk, "s-startdatum": "2016-02-01", "s-samtycke_datum": "2016-01-28",
        "s-utbildning": "GYMNASIUM", "s-tid_offentlig_forsorjning": "UPP_TILL_3",
        "s-forsorjning_fore": "SJUKPENNING", "s-ansvarig": "",
    })
    assert response.status_code == 200
    assert "kontrolltecken" in " ".join(response.context["person_form"].errors["first_name"])
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_an_intervention_name_with_a_control_character(client, users, intervention):
    client.force_login(users["administrator"])
    url = reverse("admin:interventions_intervention_change", args=[intervention.pk])
    form = client.get(url).context["adminform"].form
    data = {name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({"name": "=Aktivitets\x01center", "allowed_modes": ["PERSON"]})
    for key, value in form.initial.items():
        if isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
    response = client.post(url, data)
    assert response.status_code == 200 and "kontrolltecken" in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.name == "Aktivitetscenter"


@pytest.mark.django_db
def test_an_import_row_with_a_control_character_is_an_error_naming_row_and_column(tmp_path, intervention):
    from tests.exchange.conftest import run_command

    intervention.allows_volume = True
    intervention.save()
    path = tmp_path / "volym.csv"
    path.write_text("extern_id,insats,datum,antal,antal_kvinnor,antal_man,beskrivning\n"
                    "V1,AKTIVITETSCENTER,2015-03-01,10,,,Seminarium\n"
                    "V2,AKTIVITETSCENTER,2015-03-02,10,,,Semi\x01narium\n", encoding="utf-8")
    outcome = run_command("import_sus", str(path), "--kind", "volume")
    assert outcome.code == 1
    assert any(line.startswith("row 3: beskrivning:") and "kontrolltecken" in line for line in outcome.err_lines)
    assert not VolumeRegistration.objects.exists()


@pytest.mark.django_db
def test_an_imported_name_with_a_control_character_is_an_error(tmp_path, intervention):
    from tests.exchange.conftest import participation_file, participation_row, pnr, run_command

    path = tmp_path / "deltagare.csv"
    path.write_text(participation_file(participation_row(pnr(), fornamn="Gr\x01eta")), encoding="utf-8")
    outcome = run_command("import_sus", str(path), "--kind", "participations")
    assert outcome.code == 1
    assert any(line.startswith("row 2: fornamn:") and "kontrolltecken" in line for line in outcome.err_lines)
    assert not Participant.objects.exists()
