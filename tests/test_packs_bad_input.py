"""Bad input gets a clear PackError naming the file and the problem; the parser never hangs."""

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scrutineer.packs import MAX_BYTES, PackError, parse_bytes
from tests.seeds import SEED_NAMES, seed_path


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "is empty"),
        (b"   \n\n\t\n", "is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a truncated or damaged PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is a ZIP archive"),
        (b"text\x00with\x00nuls", "is a binary file"),
        (b"Coventry City Council\nBriefing note\nCaf\xe9 \xff\n", "is not valid UTF-8 text"),
        (b"Just a shopping list:\n- eggs\n- milk\n", "has no agenda pack or report structure"),
    ],
)
def test_bad_input_is_refused_with_the_file_name(data, problem):
    with pytest.raises(PackError) as caught:
        parse_bytes(data, "upload.txt")
    assert str(caught.value).startswith("upload.txt: ")
    assert problem in str(caught.value)


def test_invalid_utf8_error_gives_the_offset_and_line():
    with pytest.raises(PackError, match=r"byte 0xff at offset 31 \(line 3\)"):
        parse_bytes(b"Coventry City Council\nBriefing\n\xff", "x.txt")


def test_oversized_file_is_refused_before_parsing():
    data = b"Briefing note\n" * (MAX_BYTES // 14 + 1)
    with pytest.raises(PackError, match=r"over the 20 MB limit"):
        parse_bytes(data, "huge.txt")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_parses_or_raises_pack_error(text):
    try:
        pack = parse_bytes(text.encode("utf-8"), "fuzz.txt")
    except PackError as error:
        assert error.source == "fuzz.txt"
    else:
        assert pack.components
        for component in pack.components:
            assert 1 <= component.lines[0] <= component.lines[1] <= pack.source.line_count


def _outcome(data: bytes):
    try:
        pack = parse_bytes(data, "fuzz.txt")
    except PackError:
        return PackError
    parsed = pack.to_dict()
    del parsed["source"]  # its sha256 and size are those of the bytes given
    return parsed


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000), st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-be"]))
def test_text_with_a_utf16_or_utf32_bom_parses_as_its_utf8_does(text, encoding):
    assume(not text.startswith("\ufeff"))  # a second mark would be text in one, not the other
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-be": b"\0\0\xfe\xff"}
    assert _outcome(bom[encoding] + text.encode(encoding)) == _outcome(text.encode("utf-8"))


CUES = [
    "Coventry City Council",
    "Minutes of the Meeting of X",
    "held at 2.00 pm on 1 May 2020",
    "Briefing note",
    "To: Board",
    "Subject: Thing",
    "Present:",
    "Members: Councillor A B (Chair)",
    "Apologies: Councillor C",
    "Public Business",
    "1. Item",
    "RESOLVED that:",
    "- 1) **Note**",
    "(Meeting closed at 4.00 pm)",
    "This page is intentionally left blank",
    "Time and Date",
    "Membership: Councillors A B, C D (Chair)",
    "Private Business",
    "(Pages 1 - 2)",
    "Organisation\t12/10/16\tMeetings attended\tMeetings expected at\t%",
    "Work Programme 2020/21",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_seed_text_parses_or_raises_pack_error(data):
    name = data.draw(st.sampled_from(SEED_NAMES))
    lines = seed_path(name).read_text(encoding="utf-8").split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    window = lines[start : start + data.draw(st.integers(1, 400))]
    for _ in range(data.draw(st.integers(0, 20))):
        position = data.draw(st.integers(0, len(window)))
        window.insert(position, data.draw(st.sampled_from(CUES) | st.text(max_size=80)))
    if data.draw(st.booleans()) and window:
        del window[data.draw(st.integers(0, len(window) - 1))]
    text = "\n".join(window)
    try:
        pack = parse_bytes(text.encode("utf-8"), name)
    except PackError as error:
        assert error.source == name
    else:
        expected = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if expected[-1] == "":
            expected.pop()
        assert pack.source.line_count == len(expected)
        for component in pack.components:
            assert 1 <= component.lines[0] <= component.lines[1] <= len(expected)


def test_pathological_lines_do_not_hang():
    """Long runs of the characters the patterns look for must stay linear."""
    rng = random.Random(7)
    nasty = [
        "1. " + "a " * 20000,
        "(" * 30000,
        "Councillor " * 5000,
        "\t" * 50000,
        "- 1) **" + "*" * 20000,
        "RESOLVED " + "1) " * 10000,
        " ".join(rng.choice(["12/10/16", "21st", "July,", "2016", "pm"]) for _ in range(20000)),
    ]
    body = "Coventry City Council\nBriefing note\nSubject: Stress\n" + "\n".join(nasty)
    pack = parse_bytes(body.encode("utf-8"), "nasty.txt")
    assert pack.briefing_notes[0].subject == "Stress"


def test_blank_page_stamp_alone_is_not_a_component():
    """Found by the fuzzer: a segment holding only the blank-page stamp had last < first."""
    text = "\nThis page is intentionally left blank\n\nBriefing note\nSubject: Budget\n"
    pack = parse_bytes(text.encode(), "stamp.txt")
    assert [(c.kind, c.lines) for c in pack.components] == [("briefing-note", (4, 5))]
