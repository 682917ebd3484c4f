import datetime

import pytest

from pathways import analysis

D = datetime.date
YEAR = (D(2015, 1, 1), D(2015, 12, 31))
TODAY = D(2026, 1, 1)


def by(rows, *keys):
    return {tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]: row for row in rows}


def test_every_ended_spell_falls_in_the_band_of_its_gap(world):
    total = analysis.gaps_and_flows(*YEAR, today=TODAY).total
    assert total["ended"] == 10  # FELREGISTRERING and the 2014 endings are not in it
    assert {k: total[k] for k, _ in analysis.GAP_BANDS} == {
        "overlap": 1, "d1_30": 2, "d31_90": 1, "d91_180": 0, "d181_plus": 1, "never": 5,
    }


def test_gap_bands_per_ending_intervention(world):
    ending = by(analysis.gaps_and_flows(*YEAR, today=TODAY).ending, "source")
    a, b, c = (world[k].pk for k in "ABC")
    assert ending[a]["ended"] == 7
    assert [ending[a][k] for k, _ in analysis.GAP_BANDS] == [0, 2, 1, 0, 1, 3]
    assert [ending[b][k] for k, _ in analysis.GAP_BANDS] == [1, 0, 0, 0, 0, 1]
    assert [ending[c][k] for k, _ in analysis.GAP_BANDS] == [0, 0, 0, 0, 0, 1]


def test_flows_count_each_move_to_the_next_intervention(world):
    pairs = by(analysis.gaps_and_flows(*YEAR, today=TODAY).pairs, "source", "target")
    a, b, c = (world[k].pk for k in "ABC")
    assert {key: row["n"] for key, row in pairs.items()} == {
        (a, b): 2, (a, c): 1, (a, a): 1, (a, None): 3, (b, None): 1, (b, c): 1, (c, None): 1,
    }
    # where people ended to continued rehabilitation went
    assert {key: row["rehab"] for key, row in pairs.items() if row["rehab"]} == {
        (a, b): 2, (a, c): 1, (a, a): 1, (a, None): 3,
    }
    # the gap of each pair: P1 10 days and P6 exactly 30 days are both 1–30
    assert pairs[(a, b)]["d1_30"] == 2
    assert pairs[(a, c)]["d31_90"] == 1
    assert pairs[(b, c)]["overlap"] == 1


def test_share_of_rehab_endings_with_a_new_spell_within_30_90_180_days(world):
    total = analysis.gaps_and_flows(*YEAR, today=TODAY).total
    assert total["rehab_persons"] == 7
    assert (total["rehab_within_30"], total["rehab_within_90"], total["rehab_within_180"]) == (2, 3, 3)
    assert total["rehab_observable_30"] == 7


def test_endings_too_recent_to_judge_are_left_out_of_the_within_share(world):
    total = analysis.gaps_and_flows(*YEAR, today=D(2015, 8, 15)).total
    # endings after 2015-07-16 (P6 on 07-31) cannot yet be judged for 30 days
    assert total["rehab_observable_30"] == 6
    assert total["rehab_within_30"] == 1


def test_selected_interventions_limit_the_endings_but_not_the_next_spell(world):
    result = analysis.gaps_and_flows(*YEAR, [world["B"].pk], today=TODAY)
    assert result.total["ended"] == 2
    assert by(result.pairs, "source", "target")[(world["B"].pk, world["C"].pk)]["n"] == 1


def test_an_empty_period_gives_zero_rows(world):
    result = analysis.gaps_and_flows(D(2030, 1, 1), D(2030, 12, 31), today=TODAY)
    assert result.pairs == [] and result.ending == []
    assert result.total["ended"] == 0


@pytest.mark.parametrize("year, persons, returners, same", [(2014, 2, 0, 0), (2015, 8, 7, 2)])
def test_cycling_per_start_year(world, year, persons, returners, same):
    starts = by(analysis.cycling()["starts"], "year")
    assert (starts[year]["persons"], starts[year]["returners"], starts[year]["same_intervention"]) == (
        persons, returners, same,
    )


def test_cycling_back_to_the_same_support_form(world):
    ends = by(analysis.cycling()["ends"], "year")
    assert (ends[2015]["persons"], ends[2015]["same_support"], ends[2015]["back_to_first_support"]) == (8, 7, 3)
    assert (ends[2016]["persons"], ends[2016]["same_support"], ends[2016]["back_to_first_support"]) == (1, 0, 0)
    assert (ends[2014]["persons"], ends[2014]["same_support"], ends[2014]["back_to_first_support"]) == (2, 2, 0)


def test_cycling_totals(world):
    total = analysis.cycling()["total"]
    assert (total["persons"], total["repeated"], total["same_intervention"]) == (10, 7, 2)


def test_cycling_for_one_intervention_counts_its_spells_only(world):
    starts = by(analysis.cycling([world["A"].pk])["starts"], "year")
    # 2015 starts in A: P1 P2 P3 P4 P6 P7 P8; with an earlier spell: P4 (A), P7 (A), P8 (B)
    assert (starts[2015]["persons"], starts[2015]["returners"], starts[2015]["same_intervention"]) == (7, 3, 2)
