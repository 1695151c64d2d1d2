"""Limits are checked before the cost they guard against is paid.

Through the real `scrutineer` command in a child process: a device, a named pipe and a
directory are refused at once (a timeout proves nothing blocks), and a 600 MB file is
refused with the process's peak memory measured. Text saved as UTF-16 or UTF-32 parses
exactly as its UTF-8 original. An XLSX whose parts would unzip to hundreds of megabytes is
refused from the zip's headers, through the upload page and the real database, writing
nothing.
"""

import codecs
import datetime as dt
import hashlib
import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from scrutineer.cli import SAMPLE_DIR
from scrutineer.governance.models import Body, Document, Organisation
from scrutineer.ingest.loader import ingest_file
from scrutineer.packs import PackError, parse_bytes, read_file, reader, spreadsheets
from scrutineer.packs.spreadsheets import SubmissionRejected
from scrutineer.performance.datacalls import returns, templates
from scrutineer.performance.models import Area, DataCall, Indicator, Observation, Period, Submission

SCRUTINEER = Path(sys.executable).with_name("scrutineer")
SEPTEMBER = SAMPLE_DIR / "exampleshire-children-scrutiny-2025-09-18.txt"
MB = 1024 * 1024


# Run in a small Python process of its own, which starts the command and reports its exit
# status and peak memory (max RSS) from os.wait4: Linux carries a process's peak across fork
# and exec, so the command started straight from pytest would count pytest's own memory.
# Polling gives the timeout that proves nothing blocks.
MEASURE = """
import os, subprocess, sys, time
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
deadline = time.monotonic() + float(sys.argv[1])
while not (done := os.wait4(child.pid, os.WNOHANG))[0]:
    if time.monotonic() > deadline:
        child.kill()
        child.wait()
        sys.exit(124)
    time.sleep(0.01)
print(os.waitstatus_to_exitcode(done[1]), done[2].ru_maxrss)
"""


def run_scrutineer(tmp_path: Path, *args: str, timeout: float = 30) -> tuple[int, str, float]:
    """Run the real command: its exit status, stderr and peak memory (max RSS in MB)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SCRUTINEER_SECRET_KEY": "input-limits-test-key",
    }
    command = [sys.executable, "-c", MEASURE, str(timeout), str(SCRUTINEER), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout + 30)
    if done.returncode == 124:
        pytest.fail(f"scrutineer {' '.join(args)} was still running after {timeout} s")
    status, peak = done.stdout.split()
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS
    return int(status), done.stderr, int(peak) / unit


# Files that are not small regular files -----------------------------------------------------


@pytest.fixture
def special_files(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # with no writer: opening it for reading would wait for ever
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    return {
        "/dev/zero": "is a character device, not a regular file",
        str(pipe): "is a FIFO (named pipe), not a regular file",
        str(folder): "is a directory, not a regular file",
    }


def test_ingest_refuses_a_device_a_pipe_and_a_directory_at_once(tmp_path, special_files):
    status, stderr, peak = run_scrutineer(tmp_path, "ingest", *special_files)
    assert status == 1
    assert stderr.splitlines() == [
        *(f"error: {path}: {problem}" for path, problem in special_files.items()),
        "CommandError: 3 of 3 files failed; nothing was written for them",
    ]
    assert peak < 100


@pytest.mark.parametrize("which", ["/dev/zero", "pipe.txt", "folder.txt"])
def test_parse_refuses_a_device_a_pipe_and_a_directory_at_once(tmp_path, special_files, which):
    path = next(p for p in special_files if p.endswith(which))
    status, stderr, _ = run_scrutineer(tmp_path, "parse", path, timeout=15)
    assert (status, stderr) == (1, f"error: {path}: {special_files[path]}\n")


def test_a_600_mb_file_is_refused_from_its_size_in_under_100_mb_of_memory(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(600 * MB)  # sparse: no disk used, but reading it would fill memory
    status, stderr, peak = run_scrutineer(tmp_path, "ingest", str(huge))
    assert status == 1
    assert stderr.splitlines()[0] == f"error: {huge}: is 600.0 MB, over the 20 MB limit"
    print(f"max RSS of `scrutineer ingest` refusing a 600 MB file: {peak:.1f} MB")
    assert peak < 100


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_the_read_is_bounded_whatever_stat_says(monkeypatch):
    """Files in /proc report a size of 0 but hold text: the read stops at the limit + 1."""
    assert os.stat("/proc/self/status").st_size == 0
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    data = read_file("/proc/self/status")
    assert len(data) == 101
    with pytest.raises(PackError, match=r"^/proc/self/status: is 0\.0 MB, over the 0 MB limit"):
        reader.read_source(data, "/proc/self/status")


# UTF-16 and UTF-32 ---------------------------------------------------------------------------

ENCODINGS = [
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
]


@pytest.mark.parametrize(("bom", "encoding"), ENCODINGS)
def test_utf16_and_utf32_text_parses_as_its_utf8_original(bom, encoding):
    original = SEPTEMBER.read_bytes()
    # A Windows "Unicode" export, with its CRLF line ends and a character beyond ASCII.
    text = original.decode("utf-8").replace("\n", "\r\n") + "Café – £5\r\n"
    utf8 = text.encode("utf-8")
    data = bom + text.encode(encoding)
    expected, pack = parse_bytes(utf8, SEPTEMBER.name).to_dict(), parse_bytes(data, SEPTEMBER.name)
    source = pack.source
    assert (source.sha256, source.bytes) == (hashlib.sha256(data).hexdigest(), len(data))
    assert source.line_count == expected["source"]["line_count"] == 371
    got = pack.to_dict()
    del got["source"], expected["source"]
    assert got == expected


def test_a_utf16_pack_is_ingested_as_its_text(db, tmp_path):
    text = SEPTEMBER.read_text(encoding="utf-8")
    path = tmp_path / SEPTEMBER.name
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = ingest_file(path)
    document = Document.objects.get()
    assert (result.created, document.text, document.line_count) == (True, text, 370)
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (codecs.BOM_UTF16_LE + "Briefing note\n".encode("utf-16-le") + b"\x00\xd8", (
            "is not valid UTF-16 text: byte 0x00 at offset 30 (line 2)"
        )),
        (codecs.BOM_UTF32_BE + "Briefing\n".encode("utf-32-be") + b"\x7f\xff\xff\xff", (
            "is not valid UTF-32 text: byte 0x7f at offset 40 (line 2)"
        )),
        (codecs.BOM_UTF16_BE + " \r\n\t".encode("utf-16-be"), "is empty"),
        (codecs.BOM_UTF16_LE + "Briefing\x00note".encode("utf-16-le"), (
            "is a binary file (its UTF-16 text has NUL characters), not a text agenda pack"
        )),
    ],
)  # fmt: skip
def test_bad_utf16_and_utf32_name_the_problem(data, problem):
    with pytest.raises(PackError) as caught:
        parse_bytes(data, "unicode.txt")
    assert str(caught.value) == f"unicode.txt: {problem}"


# XLSX uploads ---------------------------------------------------------------------------------


@pytest.fixture
def data_call(db, django_user_model):
    """A data call for one council figure, and an officer of its body signed in."""
    body = Body.objects.create(name="Safeguarding Partnership")
    council = Organisation.objects.create(name="Coventry City Council")
    Area.objects.create(name="Coventry", kind=Area.Kind.LOCAL_AUTHORITY)
    period = Period.objects.create(
        label="2021/22 Q1", kind="quarter", start=dt.date(2021, 4, 1), end=dt.date(2021, 6, 30)
    )
    indicator = Indicator.objects.create(
        name="Children on a child protection plan",
        unit=Indicator.Unit.COUNT,
        body=body,
        priority="Priority 1",
        responsible_organisation=council,
        frequency="quarterly",
    )
    call = DataCall.objects.create(
        body=body, period=period, deadline=dt.date(2021, 7, 31), title="2021/22 Q1 data call"
    )
    call.indicators.set([indicator])
    officer = django_user_model.objects.create_user("olivia", password="pw")
    officer.groups.add(Group.objects.get(name="officer"))
    body.officers.add(officer)
    client = Client()
    client.force_login(officer)
    return call, council, client


def filled_template(call, organisation) -> bytes:
    """The call's real template with its one figure filled in."""
    workbook = load_workbook(io.BytesIO(templates.template_xlsx(call, organisation)))
    sheet = workbook["Figures"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("value") + 1).value = 160
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_part(xlsx: bytes, name: str, chunks) -> bytes:
    """The workbook with its part ``name`` added or replaced, written from ``chunks``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        with target.open(name, "w") as stream:
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


def shared_strings(megabytes: int):
    """A sharedStrings part of one string ``megabytes`` long."""
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    for _ in range(megabytes):
        yield b"A" * MB
    yield b"</t></si></sst>"


def upload(client, call, organisation, name, content):
    return client.post(
        reverse("data-call-upload", args=[call.pk]),
        {"organisation": organisation.pk, "file": SimpleUploadedFile(name, content)},
    )


def counts() -> tuple[int, int]:
    return Submission.objects.count(), Observation.objects.count()


BOMB = (
    "The selected workbook is too big to read: its part xl/sharedStrings.xml would unzip to "
    "190.0 MB, more than the 50 MB limit. Copy your figures into a fresh template and upload "
    "that"
)


def test_an_xlsx_bomb_is_refused_from_its_headers_and_writes_nothing(data_call):
    call, council, client = data_call
    good = filled_template(call, council)
    bomb = with_part(good, "xl/sharedStrings.xml", shared_strings(190))
    assert len(bomb) < MB  # 190 MB of text in under a megabyte, far below the upload limit
    tracemalloc.start()
    with pytest.raises(SubmissionRejected) as caught:
        spreadsheets.read_table(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [str(p) for p in caught.value.problems] == [BOMB]
    assert peak < 2 * MB  # refused from the zip's directory: nothing was decompressed

    response = upload(client, call, council, "bomb.xlsx", bomb)
    assert response.status_code == 200
    assert BOMB in response.content.decode().replace("&#x27;", "'")
    assert counts() == (0, 0)
    # The same workbook without the bomb is accepted, so the bomb was the only problem.
    assert upload(client, call, council, "good.xlsx", good).status_code == 302
    assert counts() == (1, 1)


def lie_about_sizes(xlsx: bytes, name: str, size: int) -> bytes:
    """The workbook with part ``name``'s unzipped size given as ``size`` in both headers."""
    data = bytearray(xlsx)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        local = archive.getinfo(name).header_offset
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def test_parts_that_together_unzip_too_far_are_refused(data_call):
    """Three parts each declaring 40 MB: within the limit for a part, not for the whole."""
    call, council, _ = data_call
    workbook = filled_template(call, council)
    names = ("xl/media/one.bin", "xl/media/two.bin", "xl/media/three.bin")
    for name in names:
        workbook = with_part(workbook, name, [b"0"])
    for name in names:
        workbook = lie_about_sizes(workbook, name, 40 * MB)
    with pytest.raises(SubmissionRejected) as caught:
        returns.import_submission(call, council, "big.xlsx", workbook)
    assert str(caught.value.problems[0]) == (
        "The selected workbook is too big to read: it would unzip to 120.0 MB, more than the "
        "100 MB limit. Copy your figures into a fresh template and upload that"
    )
    assert counts() == (0, 0)


def test_a_part_whose_header_understates_its_size_is_refused(data_call):
    """zipfile stops at the size the header gives and then fails the CRC check."""
    call, council, client = data_call
    good = filled_template(call, council)
    part = "xl/sharedStrings.xml"
    liar = lie_about_sizes(with_part(good, part, shared_strings(2)), part, 1000)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert archive.getinfo(part).file_size == 1000
    response = upload(client, call, council, "liar.xlsx", liar)
    assert spreadsheets.DAMAGED in response.content.decode()
    assert counts() == (0, 0)


def test_a_part_is_read_no_further_than_the_limit(monkeypatch):
    """The bounded read, on its own: more bytes than the limit are refused."""
    monkeypatch.setattr(spreadsheets, "MAX_PART_BYTES", 1000)
    part = spreadsheets._Capped(io.BytesIO(b"<a>" + b"x" * 2000 + b"</a>"), "xl/big.xml")
    assert len(part.read(600)) == 600
    with pytest.raises(SubmissionRejected, match=r"its part xl/big\.xml unzips to more than"):
        part.read()


def test_a_part_compressed_other_than_excel_does_is_refused(data_call):
    call, council, _ = data_call
    good = filled_template(call, council)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), zipfile.ZIP_BZIP2)
    with pytest.raises(SubmissionRejected) as caught:
        spreadsheets.read_table(out.getvalue())
    assert str(caught.value.problems[0]) == spreadsheets.DAMAGED


def test_cells_far_to_the_right_are_ignored_not_padded(data_call):
    call, council, _ = data_call
    workbook = load_workbook(io.BytesIO(filled_template(call, council)))
    workbook["Figures"].cell(2, 16384).value = "a note in column XFD"
    out = io.BytesIO()
    workbook.save(out)
    table = spreadsheets.read_table(out.getvalue())
    assert [len(cells) for _, cells in table.rows] == [8]
    assert table.rows[0][1][5] == "160"


def test_an_upload_over_10_mb_is_refused_from_its_size(data_call):
    call, council, client = data_call
    response = upload(client, call, council, "big.csv", b"A" * (spreadsheets.MAX_BYTES + 1))
    assert "The selected file must be smaller than 10 MB" in response.content.decode()
    assert counts() == (0, 0)
