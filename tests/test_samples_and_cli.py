"""The bundled Exampleshire sample packs and the `scrutineer` command line."""

import json

import pytest

from scrutineer.cli import SAMPLE_DIR, main
from scrutineer.packs import parse_file

SEPTEMBER = SAMPLE_DIR / "exampleshire-children-scrutiny-2025-09-18.txt"
NOVEMBER = SAMPLE_DIR / "exampleshire-children-scrutiny-2025-11-20.txt"


def test_sample_packs_exercise_the_seed_features():
    september = parse_file(SEPTEMBER)
    assert september.meeting.start == "2025-09-18T14:00"
    assert len(september.meeting.membership) == 14
    minutes = september.minutes[0]
    assert (minutes.start, minutes.closed) == ("2025-07-17T10:00", "12:15")
    quill = next(a for a in minutes.attendance if a.name == "P Quill")
    assert quill.substitute_for == "R Stone"
    codes = sorted((w.code, w.lines[0]) for w in september.warnings)
    # W Tarrant is present but no member; the substitute P Quill is not flagged
    assert codes == [("attendance-not-member", 80), ("attendance-percent-mismatch", 261)]
    assert [b.name for b in september.bodies] == ["Exampleshire Safeguarding Children Partnership"]

    november = parse_file(NOVEMBER)
    assert november.meeting.private_business is True
    private = [item.number for item in november.meeting.agenda if item.private]
    assert private == ["10"]
    assert [c.kind for c in november.components][-2:] == ["work-programme", "appendix"]
    neglect = next(i for i in november.indicators if i.name == "Child Protection Plans (Neglect)")
    assert [o.raw for o in neglect.observations][-1] == "139 (33.9%)"
    assert neglect.observations[-1].period_start == "2025-01-01"
    assert november.minutes[0].start == september.meeting.start  # the packs chain


def test_parse_command_prints_json(capsys):
    assert main(["parse", str(SEPTEMBER)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["meeting"]["body"] == "Children and Young People Scrutiny Board"
    assert printed["meeting"]["agenda"][2]["pages"] == [3, 8]


def test_parse_command_names_the_file_and_problem(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["parse", str(empty)]) == 1
    assert capsys.readouterr().err.strip() == "error: empty.txt: is empty"


@pytest.mark.parametrize("argv", [["parse"], ["parse", "a", "b"]])
def test_parse_command_usage(argv, capsys):
    assert main(argv) == 2
    assert "usage: scrutineer parse FILE" in capsys.readouterr().err
