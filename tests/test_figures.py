"""The one figure grammar (packs.figures), read from a paper's table and from a data-call
return. Where the parser's cell reading and the data calls' reading used to differ, the
better rule now holds for both; each such case is a test here."""

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.packs import figures
from scrutineer.packs.figures import FigureError, parse_figure, parse_status, read_cell
from scrutineer.performance.models import Indicator, Observation


def test_unit_and_status_constants_are_the_models_choices():
    assert figures.UNIT_LABELS == dict(Indicator.Unit.choices)
    statuses = {figures.REPORTED, figures.NOT_RECEIVED, figures.NOT_APPLICABLE, figures.BLANK}
    assert statuses == set(Observation.Status.values)
    assert set(figures.UNIT_HINTS) == set(Indicator.Unit.values)


@pytest.mark.parametrize(
    "text, status, shape, value, value2",
    [
        ("1345 (88.2%)", "reported", "count-percent", 1345, 88.2),
        ("1696 (90.7)", "reported", "pair", 1696, 90.7),
        ("*23.0", "reported", "number", 23, None),
        ("36.5%", "reported", "percent", 36.5, None),
        ("5/2", "reported", "ratio", 5, 2),
        ("-£2.5m", "reported", "currency", -2_500_000, None),
        ("Not received", "not-received", "status", None, None),
        ("n/a", "not-applicable", "status", None, None),
        ("", "blank", "blank", None, None),
        ("Sheffield", None, "text", None, None),
    ],
)
def test_a_paper_cell(text, status, shape, value, value2):
    cell = read_cell(text)
    assert (cell.status, cell.shape, cell.value, cell.value2) == (status, shape, value, value2)


# The two readings used to disagree on these -----------------------------------------------


@pytest.mark.parametrize("word", ["not yet received", "not submitted", "not provided"])
def test_every_not_received_word_is_a_status_in_a_paper_and_in_a_return(word):
    """The parser knew these words; the data calls did not."""
    assert read_cell(word.capitalize()).status == "not-received"
    assert parse_status(word) == "not-received"
    with pytest.raises(FigureError, match="enter not-received in the status column"):
        parse_figure("count", word)


def test_status_words_written_with_hyphens_are_read_in_a_paper():
    """The data calls read "not-received"; the parser read only "not received"."""
    assert read_cell("Not-received").status == "not-received"
    assert read_cell("not_applicable").status == "not-applicable"


def test_a_dash_in_the_status_column_is_not_applicable():
    """The parser read "-", "–" and "—" as not applicable; the status column refused them."""
    assert parse_status("-") == "not-applicable"
    assert parse_status("—") == "not-applicable"
    assert parse_figure("count", "", "", "–").status == "not-applicable"


def test_money_printed_with_a_sign_before_the_pound_or_a_scale():
    """The parser read "-£5" and "£1.2m"; the data calls said they were not numbers."""
    assert parse_figure("currency", "-£5").value == Decimal("-5")
    assert parse_figure("currency", "£1.2m").value == Decimal("1200000")
    assert parse_figure("currency", "£250k").value == Decimal("250000")
    with pytest.raises(FigureError, match="has a £ sign, but this figure is not money"):
        parse_figure("count", "£1.2m")


def test_a_plus_sign_or_a_leading_point_in_a_paper():
    """The data calls read "+3" and ".5"; the parser left them as text."""
    assert (read_cell("+3").status, read_cell("+3").value) == ("reported", 3)
    assert (read_cell(".5").status, read_cell(".5").value) == ("reported", 0.5)


def test_a_ratio_written_with_a_colon_in_a_paper():
    """The data calls read "5:2" as a ratio; the parser left it as text."""
    cell = read_cell("5:2")
    assert (cell.shape, cell.value, cell.value2) == ("ratio", 5, 2)


def test_a_figure_too_large_to_keep_is_not_a_figure_in_a_paper():
    """The data calls refused a figure of 10,000,000,000 or more; the parser read it, and
    ingest then failed writing it (Observation.value holds 10 digits before the point)."""
    assert read_cell("1,000,000,000,000").status is None
    assert read_cell("9999999999").value == 9_999_999_999
    assert read_cell("12345678901 (5%)").status is None
    with pytest.raises(FigureError, match="is too large"):
        parse_figure("count", "1,000,000,000,000")


# Properties -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.%£$+-/:() *kmNnotaer", max_size=30))
def test_any_cell_is_read_without_error(text):
    cell = read_cell(text)
    assert cell.status in {None, "reported", "not-received", "not-applicable", "blank"}
    if cell.value is not None:
        assert abs(cell.value) < 10**10


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(figures.UNIT_LABELS)),
    st.text(alphabet="0123456789,.%£+-/:() kmNnotaer", max_size=20),
    st.text(alphabet="0123456789.% ", max_size=8),
)
def test_any_typed_figure_is_read_or_refused_with_a_column(unit, value, value2):
    try:
        figure = parse_figure(unit, value, value2)
    except FigureError as error:
        assert error.column in {"value", "value2", "status"} and error.message
        return
    if figure is not None:
        assert figure.value is None or abs(figure.value) < figures.TOO_LARGE


def test_the_grammar_and_the_readers_need_no_django():
    code = (
        "import sys, scrutineer.packs.figures, scrutineer.packs.spreadsheets, "
        "scrutineer.packs.scorecard; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_figure_that_rounds_up_to_the_limit_is_too_large():
    """Four decimal places are kept: 9999999999.99996 would be kept as 10,000,000,000."""
    assert read_cell("9999999999.9999").value == 9999999999.9999
    assert read_cell("9999999999.99996").status is None
    assert read_cell("1" + "0" * 30).status is None
    with pytest.raises(FigureError, match="is too large"):
        parse_figure("percent", "9999999999.99996")


@pytest.mark.parametrize(
    "status, raw, unit, value, value2, text",
    [
        ("reported", "*22.6", None, "22.6", None, "*22.6"),  # as printed
        ("reported", "36.5", "percent", "36.5", None, "36.5%"),  # from its numbers
        ("reported", "1345", "count-percent", "1345", "88.2", "1345 (88.2%)"),
        ("reported", "5", "ratio", "5", "2", "5/2"),
        ("reported", "1250", "currency", "1250", None, "£1250"),
        # A status says what was printed when that says more: the scorecard did, the
        # indicator page and the data call pages did not.
        ("not-received", "tbc", None, None, None, "Not received (tbc)"),
        ("not-received", "tbc", "percent", None, None, "Not received (tbc)"),
        ("not-received", "not-received", "percent", None, None, "Not received"),
        ("not-received", "Not received", None, None, None, "Not received"),
        ("blank", "", None, None, None, "Blank"),
    ],
)
def test_one_text_for_a_figure(status, raw, unit, value, value2, text):
    label = dict(Observation.Status.choices)[status]
    numbers = [None if n is None else Decimal(n) for n in (value, value2)]
    assert figures.figure_text(status, label, raw, unit, *numbers) == text
