"""A hand-built world of pathways where every gap, flow and cycling count is known.

Interventions: A = AKTIVITETSCENTER (the `intervention` fixture, staffed by the role users),
B = PTSD (`other_intervention`), C = SHP. All former support FORSORJNINGSSTOD unless said.

    P1  A 2015-01-01–03-31 FORTSATT_REHAB → B 2015-04-10–08-31 ARBETSMARKNAD/ARBETE/LON   gap 10
    P2  A 2015-02-01–05-31 FORTSATT_REHAB → C 2015-08-15– (open)                           gap 76
    P3  A 2015-03-01–06-30 FORTSATT_REHAB (after: AKTIVITETSSTOD), nothing after            never
    P4  A 2015-01-10–04-30 FORTSATT_REHAB → A 2015-12-01–2016-02-28 OHALSA/SJUKPENNING      gap 215
    P5  B 2015-01-01–09-30 AVBROTT, C 2015-06-01–07-31 ANNAT (inside B)                     overlap; C never
    P6  A 2015-05-01–05-31 FELREGISTRERING (counts nowhere), A 2015-06-01–07-31 FORTSATT_REHAB
        → B 2015-08-30– (open)                                                              gap 30
    P7  A 2014-11-01–12-31 FORTSATT_REHAB → A 2015-01-05–03-31 FORTSATT_REHAB, nothing after
    P8  B 2015-01-01– (open), A 2015-02-01–03-31 FORTSATT_REHAB                             never (B still open)
    P9  A ended 10 days ago FORTSATT_REHAB, nothing after
    P10 B 2014-01-01–06-30 FORTSATT_REHAB, nothing after
"""

import datetime

import pytest

from tests.factories import InterventionFactory, ParticipantFactory, ParticipationFactory

D = datetime.date


def spell(person, intervention, start, end=None, reason="FORTSATT_REHAB", occupation=None, support_after=None):
    fields = {"participant": person, "intervention": intervention, "startdatum": start, "slutdatum": end}
    if end:
        fields["avslutsorsak"] = reason
        fields["sysselsattning_efter"] = occupation or ("REHAB" if reason == "FORTSATT_REHAB" else "OKAND")
        fields["forsorjning_efter"] = support_after or "FORSORJNINGSSTOD"
    return ParticipationFactory(**fields)


@pytest.fixture
def world(db, intervention, other_intervention):
    a, b = intervention, other_intervention
    c = InterventionFactory(code="SHP", name="Samordnad handlingsplan")
    # distinct birth dates: the shared number factory can repeat a serial when its counter wraps
    p = {n: ParticipantFactory(birth=D(1980, 5, n)) for n in range(1, 11)}
    p[3] = ParticipantFactory(birth=D(1995, 1, 1), female=True)
    p[5] = ParticipantFactory(birth=D(1950, 2, 1), female=False)
    s = {}
    s["p1a"] = spell(p[1], a, D(2015, 1, 1), D(2015, 3, 31))
    s["p1b"] = spell(p[1], b, D(2015, 4, 10), D(2015, 8, 31), "ARBETSMARKNAD", "ARBETE", "LON")
    s["p2a"] = spell(p[2], a, D(2015, 2, 1), D(2015, 5, 31))
    s["p2c"] = spell(p[2], c, D(2015, 8, 15))
    s["p3a"] = spell(p[3], a, D(2015, 3, 1), D(2015, 6, 30), support_after="AKTIVITETSSTOD")
    s["p4a"] = spell(p[4], a, D(2015, 1, 10), D(2015, 4, 30))
    s["p4a2"] = spell(p[4], a, D(2015, 12, 1), D(2016, 2, 28), "OHALSA", "INGEN", "SJUKPENNING")
    s["p5b"] = spell(p[5], b, D(2015, 1, 1), D(2015, 9, 30), "AVBROTT", "INGEN")
    s["p5c"] = spell(p[5], c, D(2015, 6, 1), D(2015, 7, 31), "ANNAT")
    s["p6err"] = spell(p[6], a, D(2015, 5, 1), D(2015, 5, 31), "FELREGISTRERING")
    s["p6a"] = spell(p[6], a, D(2015, 6, 1), D(2015, 7, 31))
    s["p6b"] = spell(p[6], b, D(2015, 8, 30))
    s["p7a1"] = spell(p[7], a, D(2014, 11, 1), D(2014, 12, 31))
    s["p7a2"] = spell(p[7], a, D(2015, 1, 5), D(2015, 3, 31))
    s["p8b"] = spell(p[8], b, D(2015, 1, 1))
    s["p8a"] = spell(p[8], a, D(2015, 2, 1), D(2015, 3, 31))
    today = datetime.date.today()
    s["p9a"] = spell(p[9], a, today - datetime.timedelta(days=100), today - datetime.timedelta(days=10))
    s["p10b"] = spell(p[10], b, D(2014, 1, 1), D(2014, 6, 30))
    return {"A": a, "B": b, "C": c, "people": p, "spells": s}
