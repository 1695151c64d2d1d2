"""The one rule for recording figures (performance.recording), used by data calls and
meant for ingest too: a newer figure for the same indicator, area, period and breakdown
supersedes every current one; a figure that says the same writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from scrutineer.performance.models import Area, Breakdown, Indicator, Observation, Period
from scrutineer.performance.recording import Held, NewFigure, record_figures, same_figure

REPORTED, NOT_RECEIVED = Observation.Status.REPORTED, Observation.Status.NOT_RECEIVED


@pytest.fixture
def key(db):
    indicator = Indicator.objects.create(name="Children in need", unit=Indicator.Unit.PERCENT)
    area = Area.objects.create(name="Coventry", kind=Area.Kind.LOCAL_AUTHORITY)
    period = Period.objects.create(
        label="2021/22 Q1",
        kind=Period.Kind.QUARTER,
        start=dt.date(2021, 4, 1),
        end=dt.date(2021, 6, 30),
    )
    return indicator, area, period


def figure(key, raw, value=None, value2=None, status=REPORTED, note=None, breakdown=None):
    indicator, area, period = key
    return NewFigure(
        indicator.pk,
        area.pk,
        period.pk,
        breakdown.pk if breakdown else None,
        status,
        None if value is None else Decimal(str(value)),
        None if value2 is None else Decimal(str(value2)),
        raw,
        note=note,
    )


def current(key, breakdown=None):
    indicator, area, period = key
    return list(
        Observation.objects.filter(
            indicator=indicator,
            area=area,
            period=period,
            breakdown=breakdown,
            superseded_by__isnull=True,
        )
    )


def test_a_new_figure_is_written(key):
    recorded = record_figures([figure(key, "36.5%", 36.5)])
    (written,) = current(key)
    assert recorded.created == [written.pk] and recorded.superseded == []
    assert (written.value, written.raw, written.note) == (Decimal("36.5"), "36.5%", "")


def test_the_same_figure_twice_writes_nothing(key):
    record_figures([figure(key, "36.5%", 36.5)])
    recorded = record_figures([figure(key, "36.5%", 36.5)])
    assert recorded.created == [None] and recorded.unchanged == 1
    assert Observation.objects.count() == 1


def test_a_changed_figure_supersedes_and_the_earlier_one_is_kept(key):
    record_figures([figure(key, "36.5%", 36.5)])
    (earlier,) = current(key)
    recorded = record_figures([figure(key, "37.1%", 37.1)])
    (latest,) = current(key)
    earlier.refresh_from_db()
    assert earlier.superseded_by == latest
    assert recorded.superseded == [(earlier.pk, latest.pk)]
    assert Observation.objects.count() == 2


def test_the_same_number_printed_differently_is_the_same_figure(key):
    """Where the two rules disagreed: ingest compared the printed text, so a paper
    printing "36.50" after another printed "36.5%" wrote a new row and warned that the
    papers differ. They give the same figure, so nothing is written."""
    record_figures([figure(key, "36.5%", 36.5)])
    recorded = record_figures([figure(key, "36.50", "36.50")])
    assert recorded.unchanged == 1 and Observation.objects.count() == 1


def test_numbers_are_compared_as_stored(key):
    """A paper's 0.33333 is stored as 0.3333, so reading the paper again finds it unchanged."""
    record_figures([figure(key, "0.33333%", 0.33333)])
    assert current(key)[0].value == Decimal("0.3333")
    assert record_figures([figure(key, "0.33333%", 0.33333)]).unchanged == 1


def test_without_a_number_the_printed_text_is_compared(key):
    record_figures([figure(key, "see note")])
    assert record_figures([figure(key, "see note")]).unchanged == 1
    assert record_figures([figure(key, "tbc")]).created != [None]
    assert [o.raw for o in current(key)] == ["tbc"]


def test_a_status_is_compared_as_a_status(key):
    record_figures([figure(key, "Not received", status=NOT_RECEIVED, note="")])
    assert record_figures([figure(key, "not-received", status=NOT_RECEIVED, note="")]).unchanged
    assert record_figures([figure(key, "12%", 12, note="")]).superseded


def test_a_changed_note_is_a_new_figure_but_a_missing_note_is_not(key):
    """A data call's note is part of what is returned; a paper has no note, so reprinting
    a partner's figure does not replace it."""
    record_figures([figure(key, "36.5", 36.5, note="Provisional")])
    assert record_figures([figure(key, "36.5%", 36.5)]).unchanged == 1  # a paper
    assert record_figures([figure(key, "36.5", 36.5, note="Provisional")]).unchanged == 1
    assert record_figures([figure(key, "36.5", 36.5, note="")]).created != [None]
    assert [o.note for o in current(key)] == [""]


def test_every_current_figure_of_a_key_is_superseded(key):
    """Where the two rules disagreed: ingest superseded only one of several current figures
    for a key (left, say, by two tables of one paper), so two stayed current. The newer
    figure supersedes them all, and the same figure again then writes nothing."""
    indicator, area, period = key
    for raw in ("36.5", "36.5"):
        Observation.objects.create(
            indicator=indicator, area=area, period=period, raw=raw, value=Decimal(raw)
        )
    recorded = record_figures([figure(key, "36.5", 36.5)])
    (latest,) = current(key)
    assert len(recorded.superseded) == 2 and {new for _, new in recorded.superseded} == {latest.pk}
    assert record_figures([figure(key, "36.5", 36.5)]).unchanged == 1


def test_within_a_batch_the_later_figure_is_newer(key):
    """Where the two rules disagreed: ingest wrote both figures of a key printed twice in
    one paper and left both current. The later supersedes the earlier, and a repeat of
    the same figure is not written again."""
    recorded = record_figures(
        [figure(key, "36.5", 36.5), figure(key, "36.5", 36.5), figure(key, "37", 37)]
    )
    first, _, last = recorded.created
    assert recorded.created[1] is None and recorded.unchanged == 1
    assert recorded.superseded == [(first, last)]
    assert [o.pk for o in current(key)] == [last]


def test_breakdowns_and_periods_are_separate_keys(key):
    young = Breakdown.objects.create(dimension=Breakdown.Dimension.AGE_BAND, value="Aged 0-4")
    recorded = record_figures([figure(key, "36.5", 36.5), figure(key, "12", 12, breakdown=young)])
    assert recorded.written == 2 and recorded.superseded == []
    assert len(current(key)) == 1 and len(current(key, young)) == 1


def test_fixed_columns_and_provenance_are_written(key, django_user_model):
    officer = django_user_model.objects.create_user("officer")
    new = figure(key, "36.5", 36.5, note="Phoned through")
    new.footnote, new.first_line, new.last_line = "*provisional", 10, 12
    record_figures([new], entered_by_id=officer.pk)
    (written,) = current(key)
    assert (written.entered_by, written.footnote, written.first_line, written.last_line) == (
        officer,
        "*provisional",
        10,
        12,
    )


def test_same_figure_directly():
    held = Held(1, REPORTED, Decimal("5.0000"), Decimal("2.0000"), "5/2", "")
    new = NewFigure(1, 1, 1, None, REPORTED, Decimal("5"), Decimal("2"), "5:2")
    assert same_figure(held, new)
    new.value2 = Decimal("3")
    assert not same_figure(held, new)
