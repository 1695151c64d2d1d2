"""Training read from the seeds: every figure with its lines, every warning with both spans,
and the rows loaded from them."""

from __future__ import annotations

import pytest

LSCB = "lscb-annual-report-2016-17.txt"
HWB = "hwb-pack-2014-02-24.txt"
PACK_2022 = "scrutiny-pack-2022-03-17.txt"
OCT_MAR = "2016/17 (October–March)"


def _training(parsed_seeds, name):
    (training,) = parsed_seeds(name).assurance.training
    return training


def _counts(training, period, **wanted):
    return [
        (c.count, c.lines)
        for c in training.counts
        if c.period == period and all(getattr(c, k) == v for k, v in wanted.items())
    ]


def _warnings(parsed_seeds, name, prefix="training"):
    return [w for w in parsed_seeds(name).warnings if w.code.startswith(prefix)]


def test_courses_2020_21_are_read_with_lines(parsed_seeds):
    training = _training(parsed_seeds, PACK_2022)
    assert training.body == "Coventry Safeguarding Children's Partnership"
    attended = [c for c in training.courses if c.attendees is not None]
    assert len(attended) == 41
    assert {c.period for c in training.courses} == {"2020/21"}
    neglect = next(c for c in attended if c.name == "Neglect Conference")
    assert (neglect.attendees, neglect.lines) == (191, (867, 867))
    harm = attended[0]
    assert (harm.name, harm.attendees, harm.sessions, harm.lines) == (
        "Self Harm Workshop",
        72,
        2,
        (826, 826),
    )
    two_day = next(c for c in attended if c.name == "Level 3 – 2 Day Signs Of Safety")
    assert (two_day.level, two_day.sessions, two_day.attendees) == (3, 13, 173)
    assert attended[-1].name == "Making SG Personnel Learning Event"
    assert sum(c.attendees for c in attended) == 2160  # computed: the paper prints no total


def test_evaluation_statements_belong_to_their_courses(parsed_seeds):
    training = _training(parsed_seeds, PACK_2022)
    level_1 = next(c for c in training.courses if c.name == "Level 1 - Intro To SG Children")
    assert [(s.heading, s.lines) for s in level_1.evaluation] == [
        ("General comments", (877, 877)),
        ("General comments", (877, 877)),
        ("Evidence of impact", (878, 878)),
        ("Evidence of impact", (878, 878)),
    ]
    assert level_1.evaluation[2].text.startswith("'I have come back to work informing all staff")
    fgm = next(c for c in training.courses if c.name == "Female Genital Mutilation")
    assert fgm.attendees is None and len(fgm.evaluation) == 3


def test_neglect_conference_attendance_differs(parsed_seeds):
    (warning,) = _warnings(parsed_seeds, PACK_2022)
    assert warning.code == "training-attendance-differs"
    assert warning.lines == (867, 867)  # the course row; the message names both
    assert "191 attendees in the training table (line 867)" in warning.message
    assert "188 in the text (line 644)" in warning.message


def test_lscb_levels_by_period(parsed_seeds):
    training = _training(parsed_seeds, LSCB)
    assert training.body == "Coventry Local Safeguarding Children Board"
    plain = {"agency": None, "printed_total": False}
    assert _counts(training, "2015/16", **plain) == [
        (280, (652, 652)),
        (182, (652, 652)),
        (706, (652, 652)),
    ]
    assert _counts(training, "2015/16", printed_total=True) == [(1168, (652, 652))]
    assert [n for n, _ in _counts(training, OCT_MAR, **plain)] == [372, 69, 191]
    assert _counts(training, OCT_MAR, printed_total=True, level=None)[0] == (632, (653, 653))
    assert [n for n, _ in _counts(training, "2016/17", **plain)] == [499, 108, 668]
    assert _counts(training, "2016/17", printed_total=True) == [(1275, (654, 654))]


def test_lscb_appendix_by_agency(parsed_seeds):
    training = _training(parsed_seeds, LSCB)
    agencies = [c for c in training.counts if c.agency and c.level is None]
    assert len(agencies) == 22
    assert (agencies[0].agency, agencies[0].count, agencies[0].lines) == (
        "Early Years Providers",
        114,
        (785, 785),
    )
    assert sum(c.count for c in agencies) == 609
    assert _counts(training, OCT_MAR, printed_total=True, level=None)[1] == (609, (807, 807))
    level_1 = [c for c in training.counts if c.agency and c.level == 1]
    assert (level_1[0].agency, level_1[0].count, level_1[0].lines) == (
        "Faith Groups",
        135,
        (816, 816),
    )
    assert sum(c.count for c in level_1) == 350
    assert [
        (c.level, c.count, c.lines) for c in training.counts if c.printed_total and c.level
    ] == [(1, 350, (838, 838)), (2, 69, (873, 873)), (3, 191, (902, 902))]


def test_lscb_warnings(parsed_seeds):
    found = {w.code: w for w in _warnings(parsed_seeds, LSCB)}
    assert set(found) == {
        "training-text-differs",
        "training-levels-differ",
        "training-level-differs",
    }
    text = found["training-text-differs"]
    assert text.lines == (652, 652)
    assert "1,168 (line 652)" in text.message and "1,170 (line 662)" in text.message
    total = found["training-levels-differ"]
    assert total.lines == (653, 653)
    assert "632 (line 653)" in total.message and "609 by agency (lines 785–807)" in total.message
    level = found["training-level-differs"]
    assert level.lines == (653, 653)
    assert (
        "Level 1: 372" in level.message
        and "350 in the breakdown by agency (lines 816–837)" in level.message
    )


def test_hwb_training_2012_13(parsed_seeds):
    training = _training(parsed_seeds, HWB)
    assert training.body == "Coventry Safeguarding Children Board"
    assert {c.period for c in training.counts} == {"2012/13"}
    assert _counts(training, "2012/13", printed_total=True, level=None) == [(984, (2750, 2750))]
    totals = [(c.level, c.count, c.lines) for c in training.counts if c.printed_total and c.level]
    assert totals == [(1, 450, (2781, 2781)), (2, 92, (2798, 2798)), (3, 410, (2814, 2814))]
    (warning,) = _warnings(parsed_seeds, HWB)
    assert warning.code == "training-levels-differ"
    assert warning.lines == (2772, 2813)
    assert "952 (lines 2772–2813)" in warning.message
    assert "total of 984 by agency (lines 2741–2750)" in warning.message


def test_the_2016_pack_has_no_training(parsed_seeds):
    assert parsed_seeds("scrutiny-pack-2016-07-21.txt").assurance.training == []


# Loading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_training_rows_and_totals(seeded):
    from scrutineer.assurance.models import TrainingCount, TrainingCourse
    from scrutineer.assurance.training import training_periods, training_totals

    neglect = TrainingCourse.objects.get(name="Neglect Conference", period="2020/21")
    assert neglect.body.name == "Coventry Safeguarding Children's Partnership"
    assert (neglect.attendees, neglect.first_line, neglect.last_line) == (191, 867, 867)
    assert neglect.source.name == PACK_2022
    partnership = neglect.body
    assert training_totals(partnership, "2020/21").total == 2160

    lscb_row = TrainingCount.objects.get(period="2015/16", level=1)
    lscb = lscb_row.body
    assert training_periods(lscb) == ["2012/13", "2015/16", "2016/17", OCT_MAR]  # one board
    assert training_totals(lscb, "2015/16").total == 1168
    october = training_totals(lscb, OCT_MAR)
    assert (october.by_level, october.total) == ({1: 372, 2: 69, 3: 191}, 632)
    assert sum(october.by_agency.values()) == 609
    assert training_totals(lscb, "2016/17").total == 1275

    hwb = TrainingCount.objects.get(period="2012/13", agency="Health", level=None).body
    year = training_totals(hwb, "2012/13")
    assert year.by_level == {1: 450, 2: 92, 3: 410}
    assert sum(year.by_agency.values()) == 984


@pytest.mark.django_db
def test_reingesting_changes_no_training_row(seeded):
    from scrutineer.assurance.models import TrainingCount, TrainingCourse
    from scrutineer.ingest.loader import ingest_file
    from tests.seeds import seed_path

    def snapshot():
        return (
            sorted(
                TrainingCourse.objects.values_list(
                    "id", "period", "name", "attendees", "first_line"
                )
            ),
            sorted(TrainingCount.objects.values_list("id", "period", "level", "agency", "count")),
        )

    before = snapshot()
    for name in (LSCB, HWB, PACK_2022):
        ingest_file(seed_path(name))
    assert snapshot() == before
