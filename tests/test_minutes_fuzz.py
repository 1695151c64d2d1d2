"""The minutes reader never hangs and raises nothing but PackError, whatever the lines."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.packs import PackError, parse_bytes
from scrutineer.packs.attendance import attendance_of
from scrutineer.packs.minutes import parse_minutes
from scrutineer.packs.minutetext import read_minute_body
from scrutineer.packs.moderngovpage import read_page

# Pieces of minutes, so that random lines often look like the real thing.
WORDS = [
    "RESOLVED",
    "Resolved that",
    "AGREED",
    "Decision:",
    "Minutes:",
    "Minute 21/21",
    "65/08",
    "56.",
    "(a)",
    "1)",
    "i.",
    "•",
    "Councillors",
    "Councillor A Smith",
    "Mr B Jones",
    "and",
    "and by",
    ",",
    "(in place of Councillor C Brown)",
    "(part of meeting)",
    "- in the chair",
    "attended as substitutes",
    "were substituted at the meeting by",
    "respectively",
    "Apologies for absence were received from",
    "declared a personal interest in",
    "no interests were declared",
    "Further to Minute 50/16",
    "(Min No. 136 refers)",
    "subject to the following amendment to Minute 60/24",
    "minutes of the meeting held on 3 March",
    "minutes of the meeting held 5 March 2024",
    "Present:",
    "Officers:",
    "Item\tOfficer\tRole",
    "Apologies\tSubstitute",
    "Venue:",
    "Items",
    "No. Item",
    "Body - Thursday, 9th February, 2017 2.00 pm",
    "pdf icon PDF 67 KB",
    "x" * 50,
    " ",
    "(",
    ")",
    ".",
    ":",
]
line = st.lists(st.sampled_from(WORDS) | st.text(max_size=20), max_size=12).map(" ".join)
lines = st.lists(line, max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_minute_text_reader_takes_any_lines(body):
    read_minute_body(list(enumerate(body)), title="Declarations of interest")
    attendance_of(list(enumerate(body)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_minutes_and_page_readers_take_any_lines(body):
    text = ["Minutes of the meeting of the Cabinet held on 1 June 2020 at 10.00 am", *body]
    parse_minutes(text, 0, len(text))
    try:
        read_page(["Agenda and minutes", *body], "fuzz.txt", "0" * 64, 1)
    except PackError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_parse_bytes_raises_only_pack_errors(body):
    data = "\n".join(["Agenda and minutes", "Items", "Venue: x", "Minutes:", *body]).encode()
    try:
        parse_bytes(data, "fuzz.txt")
    except PackError:
        pass


def test_long_lines_are_read_in_linear_time():
    """Lines of 100,000 characters made of the reader's own words finish quickly."""
    nasty = [
        "RESOLVED " + "(a) " * 25_000,
        "Councillors " + "A, " * 33_000 + "and B",
        "Apologies for absence were received from " + "Councillor X and by " * 5_000,
        "minutes of the meeting " * 4_000 + "held on 3 March",
        "Further to Minute " * 6_000,
        "The " + "Committee " * 10_000 + "RESOLVED",
        "(" * 50_000 + ")" * 50_000,
        "\t".join(["Apologies"] * 20_000),
    ]
    started = time.perf_counter()
    body = list(enumerate(nasty))
    read_minute_body(body, title="Declarations of interest")
    attendance_of(body)
    text = ["Minutes of the meeting of the Cabinet held on 1 June 2020", "1. Item", *nasty]
    parse_minutes(text, 0, len(text))
    page = ["Agenda and minutes", "Body - Thursday, 9th February, 2017 2.00 pm", "Items"]
    page += ["1.", "Title", "Minutes:", *nasty, "pdf icon " * 10_000, "2.", "Next", "Minutes:"]
    read_page(page, "long.txt", "0" * 64, 1)
    assert time.perf_counter() - started < 5
