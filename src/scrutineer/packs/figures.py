"""How a figure is written: "1345 (88.2%)", "36.5%", "£1.2m", "5/2", "Not received", "n/a".

One grammar for a figure printed in a paper's table and a figure a partner types into a
data-call return, so the two are read alike. A paper's cell is read for what it is
(``read_cell``: the shape says whether it is a count, a percent, a pair …); a return's
cells are read for what the indicator's unit asks (``parse_figure``), with a message
naming the column and the fix when they do not fit.

Units and statuses are plain strings with the values of the performance models' choices,
so the parser needs no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Indicator units (performance.models.Indicator.Unit) and their labels.
COUNT = "count"
PERCENT = "percent"
RATE_1000 = "rate-per-1000"
RATE_10000 = "rate-per-10000"
RATE_100000 = "rate-per-100000"
CURRENCY = "currency"
DAYS = "days"
COUNT_PERCENT = "count-percent"
COUNT_COUNT = "count-count"
RATIO = "ratio"
UNIT_LABELS = {
    COUNT: "Count",
    PERCENT: "Percentage",
    RATE_1000: "Rate per 1,000",
    RATE_10000: "Rate per 10,000",
    RATE_100000: "Rate per 100,000",
    CURRENCY: "Currency (£)",
    DAYS: "Days",
    COUNT_PERCENT: "Count with percentage",
    COUNT_COUNT: "Count with a second count",
    RATIO: "Pair of counts",
}
WHOLE_UNITS = {COUNT}
SIGNED_UNITS = {CURRENCY}

# Observation statuses (performance.models.Observation.Status).
REPORTED = "reported"
NOT_RECEIVED = "not-received"
NOT_APPLICABLE = "not-applicable"
BLANK = "blank"

# Observation.value holds 14 digits, 4 of them decimals: a figure must be below 10**10.
TOO_LARGE = Decimal(10) ** 10
FOUR_PLACES = Decimal("0.0001")

# A number as printed: "1,345", "1345", "88.2", ".5". Any length, so that a figure too
# large to keep is told apart from text; read whole (fullmatch), so linear.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
MARKS = "*†‡^#"  # footnote markers: "*23.0", "CIN *"
_SIGNED = re.compile(rf"([+-]?)({NUMBER})")
_SCALES = {"k": 1_000, "m": 1_000_000}
# The commonest cells, "168", "1,345", "36.5%", read without the general rules: at most
# nine digits before the point, so always small enough to keep.
_PLAIN = re.compile(r"(-?(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,9}))(?:\.(\d{1,6}))?( ?%)?")
# Every character a figure may have; a cell with any other is text or a status word.
_FIGURE_CHARACTERS = re.compile(rf"[0-9,.%£+\-/:() kKmM{MARKS}]+")
_MARKED = re.compile(rf"([{MARKS}]{{0,3}})\s?(.*?)\s?([{MARKS}]{{0,3}})")
_PAIRED = re.compile(r"([^()]+?)\s?\(\s?([^()]*?)\s?\)")
_RATIO = re.compile(r"([^/:]+?)\s?[/:]\s?([^/:]+)")

# Words printed or typed in place of a figure.
_NOT_RECEIVED_WORDS = {"not received", "not yet received", "not submitted", "not provided"}
_NOT_APPLICABLE_WORDS = {"n/a", "na", "n.a.", "not applicable"}
_DASHES = {"-", "–", "—"}
_MAX_STATUS_CHARS = 40  # longer text is never a status word, however it is spaced

STATUS_CHOICES_TEXT = "leave it blank for a figure, or enter not-applicable or not-received"


def squash(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split())


def plain(number: Decimal | None) -> str:
    """36.5000 -> "36.5", 100 -> "100": a number as people write it."""
    if number is None:
        return ""
    return format(number.normalize(), "f")


def figure_text(
    status: str,
    status_label: str,
    raw: str,
    unit: str | None = None,
    value: Decimal | None = None,
    value2: Decimal | None = None,
) -> str:
    """A figure as text, the same on every page and in every export.

    A reported figure reads as printed ("*22.6"); given its unit, it is written from its
    numbers instead ("36.5%", "1345 (88.2%)", "5/2"), as for figures typed without their
    signs. Any other status reads in words, with what was printed after it when that says
    more than the words: "Not received (tbc)", but not "Not received (not-received)".
    """
    if status != REPORTED:
        said = " ".join(raw.replace("-", " ").split()).lower()
        return f"{status_label} ({raw})" if said and said != status_label.lower() else status_label
    if unit is None:
        return raw
    a, b = plain(value), plain(value2)
    if unit == PERCENT:
        return f"{a}%"
    if unit == CURRENCY:
        return f"£{a}"
    if unit in PAIRS and value2 is not None:
        return PAIRS[unit].joined.format(a=a, b=f"{b}%" if unit == COUNT_PERCENT else b)
    return a or raw


def status_word(text: str) -> str | None:
    """The status a word printed in place of a figure means ("Not received", "not-received",
    "n/a", "-"), or None when it is not one."""
    if len(text) > _MAX_STATUS_CHARS:
        return None
    key = squash(text).lower()
    if key in _DASHES:
        return NOT_APPLICABLE
    key = " ".join(key.replace("-", " ").replace("_", " ").split())
    if key in _NOT_RECEIVED_WORDS:
        return NOT_RECEIVED
    if key in _NOT_APPLICABLE_WORDS:
        return NOT_APPLICABLE
    return None


# One number --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """One printed number and the signs around it."""

    value: Decimal
    percent: bool = False  # "36.5%"
    pounds: bool = False  # "£1,250", "-£2.5m"
    decimals: int = 0  # printed decimal places


def read_amount(text: str) -> Amount | None:
    """ "1,345", "36.5%", "+3", ".5", "£1,250.50", "-£2.5m" or "£-5" as a number; None for
    anything else. Whether a sign or a scale is allowed is for the caller to judge."""
    body = squash(text)
    percent = body.endswith("%")
    if percent:
        body = body[:-1].rstrip()
    sign = ""
    if body[:1] in ("+", "-") and body[1:2] == "£":
        sign, body = body[0], body[1:]
    pounds = body.startswith("£")
    scale = 1
    if pounds:
        body = body[1:].lstrip()
        if body[-1:].lower() in _SCALES:
            scale, body = _SCALES[body[-1].lower()], body[:-1].rstrip()
    match = _SIGNED.fullmatch(body)
    if match is None or (sign and match[1]):
        return None
    digits = match[2]
    value = Decimal(digits.replace(",", ""))
    if scale != 1:
        value *= scale
    if (sign or match[1]) == "-":
        value = -value
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return Amount(value, percent, pounds, decimals)


# A cell of a paper's table -----------------------------------------------------------------


@dataclass
class Cell:
    status: str | None  # None when the text is not a figure
    shape: str = "blank"  # number, percent, count-percent, pair, ratio, currency, status, text
    value: float | None = None
    value2: float | None = None
    marker: str | None = None
    decimals: int = 0  # printed decimals of the percent (value2 of a pair, else value)


_TEXT = Cell(None, "text")


def fits(number: Decimal) -> bool:
    """Whether ``number``, rounded to the four places kept, is small enough to keep."""
    if abs(number) >= TOO_LARGE:
        return False
    return abs(number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)) < TOO_LARGE


def _fits(amount: Amount | None) -> bool:
    return amount is not None and fits(amount.value)


def _count(text: str) -> Amount | None:
    """A plain number, as the parts of a pair or ratio are printed."""
    amount = read_amount(text)
    if not _fits(amount) or amount.percent or amount.pounds or amount.value < 0:
        return None
    return amount


def read_cell(text: str) -> Cell:
    """A table cell as printed: a status word, a number, a percent, money, a pair
    ("1345 (88.2%)", "353 (134)") or a ratio ("5/2"), with a footnote marker before or
    after; ``Cell(None, "text")`` when it is none of these."""
    cell = text.strip()
    if not cell:
        return Cell(BLANK)
    if "  " in cell or not cell.isascii():  # odd spacing, such as a non-breaking space
        cell = squash(cell)
    plain_number = _PLAIN.fullmatch(cell)
    if plain_number:
        whole, decimals, percent = plain_number.groups()
        value = float(f"{whole.replace(',', '')}.{decimals or 0}")
        shape = "percent" if percent else "number"
        return Cell(REPORTED, shape, value, decimals=len(decimals or ""))
    if not _FIGURE_CHARACTERS.fullmatch(cell):
        status = status_word(cell)
        return _TEXT if status is None else Cell(status, "status")
    status = status_word(cell)
    if status is not None:
        return Cell(status, "status")
    marked = _MARKED.fullmatch(cell)
    if marked is None:  # pragma: no cover - the pattern matches any text
        return _TEXT
    core, marker = marked[2], marked[1] or marked[3] or None
    amount = read_amount(core)
    if amount is not None:
        if not _fits(amount) or (amount.percent and amount.pounds):
            return _TEXT
        if amount.pounds:
            return Cell(REPORTED, "currency", float(amount.value), marker=marker)
        shape = "percent" if amount.percent else "number"
        return Cell(REPORTED, shape, float(amount.value), None, marker, amount.decimals)
    paired = _PAIRED.fullmatch(core)
    if paired:
        first, second = _count(paired[1]), read_amount(paired[2])
        if first is None or not _fits(second) or second.pounds or second.value < 0:
            return _TEXT
        shape = "count-percent" if second.percent else "pair"
        value2 = float(second.value)
        return Cell(REPORTED, shape, float(first.value), value2, marker, second.decimals)
    ratio = _RATIO.fullmatch(cell)
    if ratio:
        first, second = _count(ratio[1]), _count(ratio[2])
        if first is not None and second is not None:
            return Cell(REPORTED, "ratio", float(first.value), float(second.value))
    return _TEXT


# A figure typed into a data-call return ----------------------------------------------------


class FigureError(ValueError):
    """A figure that cannot be read, and which column it was in."""

    def __init__(self, column: str, message: str):
        self.column = column
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Figure:
    status: str
    value: Decimal | None = None
    value2: Decimal | None = None
    raw: str = ""


@dataclass(frozen=True)
class PairSpec:
    pattern: re.Pattern
    first: str
    second: str
    second_is_percent: bool
    example: str
    joined: str  # how the two are printed together


PAIRS = {
    COUNT_PERCENT: PairSpec(
        _PAIRED, "count", "percentage", True, "1345 in value and 88.2 in value2", "{a} ({b})"
    ),
    COUNT_COUNT: PairSpec(
        _PAIRED,
        "first count",
        "second count",
        False,
        "353 in value and 134 in value2",
        "{a} ({b})",
    ),
    RATIO: PairSpec(
        _RATIO,
        "first number",
        "second number",
        False,
        "5 in value and 2 in value2, or 5/2 in value",
        "{a}/{b}",
    ),
}
UNIT_HINTS = {
    COUNT: "a whole number, for example 168",
    PERCENT: "a percentage, for example 36.5 or 36.5%",
    RATE_1000: "a rate per 1,000, for example 12.4",
    RATE_10000: "a rate per 10,000, for example 83.1",
    RATE_100000: "a rate per 100,000, for example 310.2",
    CURRENCY: "an amount in pounds, for example 1250 or £1,250.50",
    DAYS: "a number of days, for example 12",
    COUNT_PERCENT: "the count in value and the percentage in value2, for example 1345 "
    "and 88.2 (or 1345 (88.2%) in value)",
    COUNT_COUNT: "the first count in value and the second in value2, for example 353 "
    "and 134 (or 353 (134) in value)",
    RATIO: "the first number in value and the second in value2, for example 5 and 2 "
    "(or 5/2 in value)",
}


def parse_status(text: str) -> str:
    """The status column: blank (or "reported") for a figure, else a status word."""
    key = squash(text).lower()
    if key in ("", REPORTED):
        return REPORTED
    status = status_word(key)
    if status is None:
        raise FigureError("status", f"'{text}' is not a status: {STATUS_CHOICES_TEXT}")
    return status


def _number(text: str, column: str, unit: str, *, percent_ok: bool, whole: bool) -> Decimal:
    shown = text
    status = None if text[:1].isdigit() else status_word(text)
    if status:
        raise FigureError(
            column,
            f"'{shown}' is not a number: leave {column} blank and enter {status} in the "
            "status column",
        )
    amount = read_amount(text)
    if amount is None:
        raise FigureError(column, f"'{shown}' is not a number")
    if amount.percent and not percent_ok:
        raise FigureError(
            column,
            f"'{shown}' has a % sign, but this figure is not a percentage: enter the number alone",
        )
    if amount.pounds and unit != CURRENCY:
        raise FigureError(
            column, f"'{shown}' has a £ sign, but this figure is not money: enter the number alone"
        )
    number = amount.value
    if number < 0 and unit not in SIGNED_UNITS:
        raise FigureError(column, f"'{shown}' is below zero: enter 0 or more")
    if whole and number != number.to_integral_value():
        raise FigureError(column, f"'{shown}' is not a whole number: enter a count, such as 12")
    if not fits(number):
        raise FigureError(column, f"'{shown}' is too large: enter a number below 10,000,000,000")
    return four_places(number)


def four_places(number: Decimal | float | None) -> Decimal | None:
    """A number as the database keeps it: 0.33333 is stored, and compared, as 0.3333."""
    if number is None:
        return None
    if not isinstance(number, Decimal):
        number = Decimal(str(number))
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def parse_figure(
    unit: str, value_text: str, value2_text: str = "", status_text: str = ""
) -> Figure | None:
    """A figure as typed into the value, value2 and status columns, read by the indicator's
    unit. ``None`` when nothing was entered. Raises ``FigureError`` naming the column."""
    value_text, value2_text = squash(value_text), squash(value2_text)
    status = parse_status(status_text)
    if status != REPORTED:
        if value_text:
            raise FigureError(
                "value", f"leave the value blank when the status is {status}, or clear the status"
            )
        if value2_text:
            raise FigureError(
                "value2", f"leave value2 blank when the status is {status}, or clear the status"
            )
        return Figure(status, raw=squash(status_text))
    pair = PAIRS.get(unit)
    label = UNIT_LABELS[unit].lower()
    if pair is None:
        if value2_text:
            raise FigureError(
                "value2", f"leave value2 blank: this indicator has one figure ({label})"
            )
        if not value_text:
            if squash(status_text):
                raise FigureError("value", "enter the figure, or change the status")
            return None
        number = _number(
            value_text, "value", unit, percent_ok=unit == PERCENT, whole=unit in WHOLE_UNITS
        )
        return Figure(status, number, None, value_text)
    if not value_text:
        if value2_text or squash(status_text):
            raise FigureError("value", f"enter the {pair.first} in value as well")
        return None
    first_text, second_text = value_text, value2_text
    if not value2_text:
        joined = pair.pattern.fullmatch(value_text)
        if joined is None:
            raise FigureError(
                "value2",
                f"enter the {pair.second} as well as the {pair.first} "
                f"(this indicator is a {label}: for example {pair.example})",
            )
        first_text, second_text = joined[1], joined[2]
        column2 = "value"
        raw = value_text
    else:
        column2 = "value2"
        raw = pair.joined.format(a=value_text, b=value2_text)
    first = _number(first_text, "value", unit, percent_ok=False, whole=True)
    second = _number(
        second_text,
        column2,
        unit,
        percent_ok=pair.second_is_percent,
        whole=not pair.second_is_percent,
    )
    return Figure(status, first, second, raw)


def pounds(pence: int) -> str:
    """An amount in whole pence as a paper prints it: "£487,000", "£1,234.50", and a
    negative one "-£20,000". The one wording of money in warnings, pages and reports."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")
