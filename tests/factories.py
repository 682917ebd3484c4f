"""factory-boy factories for the registry's records. Numbers are synthetic and Luhn-valid."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from interventions.models import Assignment, Intervention, Organisation
from participants.identity import personnummer_for
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration

_serials = itertools.count(1)


def make_personnummer(birth: datetime.date, *, female: bool | None = None, coordination: bool = False) -> str:
    """A valid 12-digit number for `birth`, unique per call (the serial counts up)."""
    count = next(_serials)
    # The ninth digit (last of the serial) is odd for men, even for women: 002–999, unique for
    # 499 calls in a row whatever mix of kön is asked for (a kön left open alternates; counting
    # it apart from the others let an open call and a man's call meet on the same number).
    odd = count % 2 if female is None else (0 if female else 1)
    serial = (count % 499 + 1) * 2 + odd
    return personnummer_for(birth, serial, coordination=coordination)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-password-1")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = "KOMMUN"
    name = "Malmö stad"


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"INS{n}")
    name = factory.LazyAttribute(lambda o: f"Insats {o.code}")
    startdatum = datetime.date(2010, 1, 1)
    allows_person = True


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
    intervention = factory.SubFactory(InterventionFactory)
    role = Assignment.Role.DELTAGARANSVARIG


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A person from a synthetic number; kön and birth date derived as in real use."""

    class Meta:
        model = Participant

    class Params:
        birth = datetime.date(1980, 5, 17)
        female = None

    personnummer = factory.LazyAttribute(lambda o: make_personnummer(o.birth, female=o.female))
    kon = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        number = kwargs.pop("personnummer")
        participant = model_class.from_personnummer(number, kon=kwargs.pop("kon", None))
        for key, value in kwargs.items():
            setattr(participant, key, value)
        participant.save()
        return participant


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    participant = factory.SubFactory(ParticipantFactory)
    intervention = factory.SubFactory(InterventionFactory)
    startdatum = datetime.date(2015, 3, 1)
    samtycke_datum = factory.LazyAttribute(lambda o: o.startdatum)
    utbildning = "GYMNASIUM"
    tid_offentlig_forsorjning = "UPP_TILL_1"
    forsorjning_fore = "FORSORJNINGSSTOD"

    @factory.lazy_attribute
    def avslutsorsak(self):
        return "FORTSATT_REHAB" if self.slutdatum else ""

    @factory.lazy_attribute
    def sysselsattning_efter(self):
        return "REHAB" if self.slutdatum else ""

    @factory.lazy_attribute
    def forsorjning_efter(self):
        return "FORSORJNINGSSTOD" if self.slutdatum else ""

    slutdatum = None


class AnonymousRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnonymousRegistration

    intervention = factory.SubFactory(InterventionFactory, allows_anonymous=True)
    kon = "K"
    startdatum = datetime.date(2015, 3, 1)
    antal = 1


class VolumeRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolumeRegistration

    intervention = factory.SubFactory(InterventionFactory, allows_volume=True)
    datum = datetime.date(2015, 3, 1)
    antal = 10
