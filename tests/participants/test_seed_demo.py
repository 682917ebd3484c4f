from django.core.management import call_command

from accounts import roles
from cases.demo import NUMBERS
from interventions.models import Assignment, Intervention
from participants.identity import lookup_hash
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration


def snapshot():
    return (
        sorted(Intervention.objects.values_list("code", "allows_person", "allows_anonymous", "allows_volume")),
        Participant.objects.count(),
        sorted(Participation.objects.values_list("intervention__code", "startdatum", "slutdatum", "avslutsorsak")),
        AnonymousRegistration.objects.count(),
        VolumeRegistration.objects.count(),
        Assignment.objects.count(),
    )


def test_seed_demo_twice_leaves_the_same_data(db, capsys):
    call_command("seed_demo", "--password", "pw-for-test", "--people", "60")
    first = snapshot()
    call_command("seed_demo", "--password", "pw-for-test", "--people", "60")
    assert snapshot() == first
    output = capsys.readouterr().out
    for name in roles.ALL:
        assert name in output
    assert "pw-for-test" in output


def test_seed_demo_holds_the_seeds_interventions_and_one_user_per_role(db, django_user_model):
    call_command("seed_demo")
    codes = set(Intervention.objects.values_list("code", flat=True))
    assert {"ACT", "AKTIVITETSCENTER", "SHP", "PTSD", "UNGAVUXNA", "UTSIKT", "REKO"} <= codes
    assert Intervention.objects.get(code="ACT").registration_modes == ["ANONYM"]
    assert Intervention.objects.get(code="UTSIKT").registration_modes == ["PERSON", "VOLYM"]
    assert Intervention.objects.get(code="PTSD").mal_andel_arbete_studier == 50
    assert Intervention.objects.get(code="REKO").inriktning == "STRUKTUR"
    for name in roles.ALL:
        assert django_user_model.objects.get(username=name).groups.filter(name=name).exists()
    # the case demo's own people are dated from today (cases.demo); the rest start 2014–2016
    case_demo = [lookup_hash(number) for number in NUMBERS]
    years = {d.year for d in Participation.objects.exclude(participant__pnr_hash__in=case_demo)
             .values_list("startdatum", flat=True)}
    assert years <= {2014, 2015, 2016} and len(years) >= 2
