"""A caseload where every worklist category has exactly the spells named here, dated from today.

AKTIVITETSCENTER (`intervention`, staffed by the role users; planned length 6 months) and PTSD
(`other_intervention`, nobody's). Spells are the deltagaransvarig's unless said:

    followup_overdue  open, contact 40 days ago planned a follow-up 3 days ago  (+ no contact)
    soon              open, contact 10 days ago, next follow-up in 5 days
    activity          open, contact 5 days ago, a planned activity due yesterday
    done_activity     open, contact 2 days ago, its activity due yesterday is done: nothing
    no_contact        open since 45 days, never contacted
    over_length       open since 8 months, contact yesterday
    postexit          ended 6 months ago today, no follow-up yet
    postexit_done     ended 6 months ago today, 6-month follow-up registered: nothing
    gap               ended to continued rehabilitation 60 days ago, nothing after
    not_mine          open since 45 days, never contacted, ansvarig: the insatsansvarig
    error             FELREGISTRERING with an overdue follow-up: never listed
    other             PTSD, open since 45 days, never contacted: not the staff's intervention
"""

import datetime

import pytest
from django.utils import timezone

from cases.dates import add_months
from cases.models import Contact, FollowUp, PlanActivity, PlannedLength
from tests.factories import ParticipantFactory, ParticipationFactory

D = datetime.timedelta


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - D(days=n)


def contact(spell, date, next_followup=None, note=None, **fields):
    return Contact.objects.create(participation=spell, date=date, kind=fields.pop("kind", "MOTE"),
                                  outcome=fields.pop("outcome", "ENLIGT_PLAN"), next_followup=next_followup,
                                  note=note, parties=fields.pop("parties", ["DELTAGARE"]), **fields)


@pytest.fixture
def caseload(db, users, intervention, other_intervention):
    today = timezone.localdate()
    staff = users["deltagaransvarig"]
    PlannedLength.objects.create(intervention=intervention, months=6)
    birth = iter(range(1, 29))

    def spell(start, end=None, reason="FORTSATT_REHAB", where=intervention, ansvarig=staff):
        person = ParticipantFactory(birth=datetime.date(1980, 2, next(birth)))
        fields = {"participant": person, "intervention": where, "startdatum": start, "ansvarig": ansvarig}
        if end:
            fields.update(slutdatum=end, avslutsorsak=reason,
                          sysselsattning_efter="REHAB" if reason == "FORTSATT_REHAB" else "ARBETE",
                          forsorjning_efter="FORSORJNINGSSTOD" if reason == "FORTSATT_REHAB" else "LON")
        return ParticipationFactory(**fields)

    s = {}
    s["followup_overdue"] = spell(days_ago(100))
    contact(s["followup_overdue"], days_ago(40), next_followup=days_ago(3))
    s["soon"] = spell(days_ago(50))
    contact(s["soon"], days_ago(10), next_followup=today + D(days=5))
    s["activity"] = spell(days_ago(20))
    contact(s["activity"], days_ago(5))
    PlanActivity.objects.create(participation=s["activity"], description="Arbetsträning", party="INSATS",
                                due_date=days_ago(1))
    s["done_activity"] = spell(days_ago(20))
    contact(s["done_activity"], days_ago(2))
    PlanActivity.objects.create(participation=s["done_activity"], description="Läkarbesök", party="REGION",
                                due_date=days_ago(1), status="KLAR")
    s["no_contact"] = spell(days_ago(45))
    s["over_length"] = spell(add_months(today, -8))
    contact(s["over_length"], days_ago(1))
    six_months_ago = add_months(today, -6)
    s["postexit"] = spell(six_months_ago - D(days=100), six_months_ago, reason="ARBETSMARKNAD")
    s["postexit_done"] = spell(six_months_ago - D(days=100), six_months_ago, reason="ARBETSMARKNAD")
    FollowUp.objects.create(participation=s["postexit_done"], months=6, date=today, reached=True,
                            sysselsattning="ARBETE", forsorjning="LON")
    s["gap"] = spell(days_ago(120), days_ago(60))
    s["not_mine"] = spell(days_ago(45), ansvarig=users["insatsansvarig"])
    s["error"] = spell(days_ago(100), days_ago(50), reason="FELREGISTRERING")
    contact(s["error"], days_ago(60), next_followup=days_ago(3))
    s["other"] = spell(days_ago(45), where=other_intervention, ansvarig=None)
    return s
