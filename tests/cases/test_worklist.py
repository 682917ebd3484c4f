"""The worklist's categories, order, scope and query count (cases.worklist)."""

import datetime

from django.utils import timezone

from accounts import access
from cases import worklist
from tests.cases.conftest import days_ago


def listing(result) -> dict[int, list[str]]:
    return {row.participation_id: [item.kind for item in row.items] for row in result.rows}


def compute(user, **kwargs):
    return worklist.compute(access.visible_interventions(user, personal_data=True),
                            today=timezone.localdate(), **kwargs)


def test_every_category_lists_exactly_its_spells(users, caseload):
    s = caseload
    result = compute(users["deltagaransvarig"], ansvarig=users["deltagaransvarig"])
    assert listing(result) == {
        s["followup_overdue"].pk: ["FOLLOWUP_OVERDUE", "NO_CONTACT"],
        s["activity"].pk: ["ACTIVITY_OVERDUE"],
        s["postexit"].pk: ["POSTEXIT"],
        s["no_contact"].pk: ["NO_CONTACT"],
        s["soon"].pk: ["FOLLOWUP_SOON"],
        s["over_length"].pk: ["OVER_LENGTH"],
        s["gap"].pk: ["GAP"],
    }
    assert result.total == 7
    assert result.counts == {"FOLLOWUP_OVERDUE": 1, "ACTIVITY_OVERDUE": 1, "POSTEXIT": 1, "NO_CONTACT": 2,
                             "FOLLOWUP_SOON": 1, "OVER_LENGTH": 1, "GAP": 1}


def test_spells_come_most_urgent_first(users, caseload):
    s = caseload
    result = compute(users["deltagaransvarig"], ansvarig=users["deltagaransvarig"])
    assert [row.participation_id for row in result.rows] == [
        s[name].pk for name in
        ("followup_overdue", "activity", "postexit", "no_contact", "soon", "over_length", "gap")
    ]


def test_the_whole_intervention_includes_other_staffs_spells(users, caseload):
    listed = listing(compute(users["deltagaransvarig"]))
    assert caseload["not_mine"].pk in listed
    assert caseload["other"].pk not in listed and caseload["error"].pk not in listed


def test_office_sees_every_intervention_with_counts_per_intervention(users, caseload, intervention,
                                                                     other_intervention):
    result = compute(users["kansli"], by_intervention=True)
    assert caseload["other"].pk in listing(result)
    assert result.by_intervention[other_intervention.pk] == {"NO_CONTACT": 1}
    assert result.by_intervention[intervention.pk]["NO_CONTACT"] == 3


def test_a_category_filter_pages_through_its_spells_only(users, caseload):
    result = compute(users["kansli"], kind="NO_CONTACT", per_page=2)
    assert result.total == 4
    assert len(result.rows) == 2
    assert all("NO_CONTACT" in [i.kind for i in row.items] for row in result.rows)
    second = compute(users["kansli"], kind="NO_CONTACT", per_page=2, page=2)
    assert {r.participation_id for r in second.rows}.isdisjoint({r.participation_id for r in result.rows})


def test_the_next_contact_takes_the_spell_off_the_list(users, caseload):
    from tests.cases.conftest import contact

    spell = caseload["followup_overdue"]
    contact(spell, timezone.localdate(), next_followup=timezone.localdate() + datetime.timedelta(days=30))
    assert spell.pk not in listing(compute(users["deltagaransvarig"]))


def test_post_exit_window_opens_30_days_early_and_closes_after_the_window(users, caseload, settings):
    from cases.dates import add_months
    from tests.factories import ParticipantFactory, ParticipationFactory

    today = timezone.localdate()

    def ended(end):
        return ParticipationFactory(
            participant=ParticipantFactory(birth=datetime.date(1970, 1, 1 + ended.n)),
            intervention=caseload["gap"].intervention, startdatum=end - datetime.timedelta(days=30), slutdatum=end,
            avslutsorsak="ARBETSMARKNAD", sysselsattning_efter="ARBETE", forsorjning_efter="LON")
    ended.n = 0

    def make(end):
        ended.n += 1
        return ended(end)

    opens_today = make(add_months(today + datetime.timedelta(days=30), -12))
    not_yet = make(add_months(today + datetime.timedelta(days=31), -12))
    last_day = make(add_months(today - datetime.timedelta(days=settings.FINSAM_FOLLOWUP_WINDOW_DAYS), -12))
    closed = make(add_months(today - datetime.timedelta(days=settings.FINSAM_FOLLOWUP_WINDOW_DAYS + 1), -12))
    listed = listing(compute(users["kansli"], kind="POSTEXIT", per_page=100))
    assert opens_today.pk in listed and last_day.pk in listed
    assert not_yet.pk not in listed and closed.pk not in listed
    row = next(r for r in compute(users["kansli"], kind="POSTEXIT", per_page=100).rows
               if r.participation_id == opens_today.pk)
    assert row.items[0].months == 12


def test_the_query_count_does_not_grow_with_the_caseload(users, caseload, django_assert_num_queries,
                                                         intervention):
    from tests.factories import ParticipantFactory, ParticipationFactory

    interventions = list(access.visible_interventions(users["kansli"], personal_data=True))

    def run():
        result = worklist.compute(interventions, today=timezone.localdate(), lengths={intervention.pk: 6})
        worklist.attach_spells(result)
        return result

    with django_assert_num_queries(2):
        small = run()
    for n in range(20):
        ParticipationFactory(participant=ParticipantFactory(birth=datetime.date(1960, 3, n + 1)),
                             intervention=intervention, startdatum=days_ago(90))
    with django_assert_num_queries(2):
        large = run()
    assert large.total == small.total + 20
