"""Jobs: an officer's upload becomes a job that reads the paper; a job that fails writes
nothing and keeps its error; a retried job does not write twice; and one real worker
process on the local Redis runs queued jobs against a database it shares with the test.

All but the last test run without a broker, as `make test` and the demo do: a job runs in
the process that asks for it.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from scrutineer.governance.models import Body, Document, Meeting, Resolution
from scrutineer.jobs.celery_app import app
from scrutineer.jobs.models import Job, StoredFile
from scrutineer.jobs.tasks import TransientError, enqueue, job_kind, run
from scrutineer.packs.reader import MAX_BYTES
from tests.helpers import page, row_counts, signed_in, texts, user_in
from tests.jobqueue import SCRUTINEER, running_worker

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "scrutineer" / "sample"
SEPTEMBER = SAMPLES / "exampleshire-children-scrutiny-2025-09-18.txt"
NOVEMBER = SAMPLES / "exampleshire-children-scrutiny-2025-11-20.txt"
SEPTEMBER_COUNTS = {
    "agenda items": 11,
    "attendance": 20,
    "briefing notes": 3,
    "declarations": 1,
    "meetings": 6,
    "membership list entries": 26,
    "memberships": 26,
    "minutes": 7,
    "reported attendance": 11,
    "resolutions": 6,
    "tracked items": 5,
    "tracked items restated": 2,  # Outstanding Issues rows of resolutions in the same pack
}
JUNK = b"Notes from a chat about the allotments.\nNothing was agreed.\n"


@pytest.fixture(autouse=True)
def in_process():
    """No broker: the job runs as it is asked for, as in `make test` and the demo."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def officer(django_user_model):
    return user_in(django_user_model, "olive", "officer")


def page_of(response):
    """A page's parsed HTML, whatever its status."""
    import lxml.html

    return lxml.html.fromstring(response.content)


def upload(client: Client, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("upload-paper"), {"file": SimpleUploadedFile(name, data)})


# The upload page and the job it makes --------------------------------------------------------


@pytest.mark.django_db
def test_an_officers_upload_becomes_a_job_that_reads_the_pack(officer):
    client = signed_in(officer)
    form = page(client.get(reverse("upload-paper")))
    assert form.xpath("//form[@enctype='multipart/form-data']//input[@name='csrfmiddlewaretoken']")
    assert form.xpath("//input[@type='file'][@class='govuk-file-upload'][@name='file']")

    response = upload(client, SEPTEMBER.name, SEPTEMBER.read_bytes())
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.attempts, job.requested_by) == ("ingest", "done", 1, officer)
    assert (job.done, job.total, job.error) == (1, 1, "")
    assert job.title == f"Read {SEPTEMBER.name}"
    document = Document.objects.get()
    assert job.result == {
        "file": SEPTEMBER.name,
        "created": True,
        "document": {
            "id": document.pk,
            "title": document.title,
            "url": f"/documents/{document.pk}/",
        },
        "counts": SEPTEMBER_COUNTS,
        "warnings": 2,
    }
    assert Meeting.objects.count() == 7 and Resolution.objects.count() == 6

    shown = page(client.get(response["Location"]))
    assert texts(shown, "//*[@id='job-state']") == ["Done"]
    assert shown.xpath(f"//*[@id='job-result']/a[@href='/documents/{document.pk}/']")
    counts = dict(
        zip(
            texts(shown, "//*[@id='job-counts']//td[1]"),
            texts(shown, "//*[@id='job-counts']//td[2]"),
            strict=True,
        )
    )
    assert counts == {what: str(n) for what, n in SEPTEMBER_COUNTS.items()}
    assert not shown.xpath("//meta[@http-equiv='refresh']")  # finished: no more refreshing

    listed = page(client.get(reverse("jobs")))
    assert texts(listed, "//table//td[1]") == [f"Read {SEPTEMBER.name}"]
    assert texts(listed, "//table//td[3]") == ["Done"]


@pytest.mark.django_db
def test_the_same_upload_twice_writes_nothing_more(officer):
    client = signed_in(officer)
    upload(client, SEPTEMBER.name, SEPTEMBER.read_bytes())
    before = row_counts()
    upload(client, "renamed copy.txt", SEPTEMBER.read_bytes())
    assert row_counts() == before
    second = Job.objects.first()
    assert second.state == "done" and second.result["created"] is False
    assert second.result["counts"] == {}
    assert second.result["document"]["id"] == Document.objects.get().pk
    assert "had already been read: nothing changed" in " ".join(
        texts(page(signed_in(officer).get(second.get_absolute_url())), "//*[@id='job-result']")
    )


@pytest.mark.django_db
def test_a_bad_file_fails_its_job_naming_the_file_and_writes_nothing(officer):
    client = signed_in(officer)
    response = upload(client, "allotment-notes.txt", JUNK)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == "failed" and job.result == {}
    assert job.error == (
        "allotment-notes.txt: has no agenda pack or report structure: no front sheet, minutes, "
        "briefing note, work programme or annual report was found"
    )
    assert set(row_counts().values()) == {0}
    shown = page(client.get(job.get_absolute_url()))
    assert texts(shown, "//*[@id='job-state']") == ["Failed"]
    assert texts(shown, "//*[@id='job-error']//p") == [job.error]


@pytest.mark.django_db
def test_the_upload_form_says_what_is_wrong_before_reading_the_file(officer):
    client = signed_in(officer)
    response = client.post(reverse("upload-paper"), {})
    summary = page(response)
    assert texts(summary, "//div[@class='govuk-error-summary']//li") == ["Select a paper to upload"]
    assert summary.xpath("//title")[0].text_content().startswith("Error: ")
    assert "The selected file is empty" in upload(client, "empty.txt", b"").content.decode()
    # A file one byte over the limit is dropped as it arrives; a request that says it is
    # larger still is refused unread.
    for size, status in ((MAX_BYTES + 1, 200), (MAX_BYTES + 2**20, 413)):
        too_big = upload(client, "huge.txt", b"x" * size)
        assert too_big.status_code == status
        errors = page_of(too_big)
        assert texts(errors, "//div[@class='govuk-error-summary']//li") == [
            "The selected file must be smaller than 20 MB"
        ]
        assert texts(errors, "//*[@id='id_file-error']") == [
            "Error: The selected file must be smaller than 20 MB"
        ]
    assert not Job.objects.exists() and not StoredFile.objects.exists()


# Who may upload and see jobs -------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_and_members_may_not_upload_or_see_jobs(django_user_model, officer):
    upload(signed_in(officer), SEPTEMBER.name, SEPTEMBER.read_bytes())
    job = Job.objects.get()
    anonymous = Client()
    for address in (reverse("upload-paper"), reverse("jobs"), job.get_absolute_url()):
        response = anonymous.get(address)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert upload(anonymous, NOVEMBER.name, NOVEMBER.read_bytes()).status_code == 302
    member = signed_in(user_in(django_user_model, "mo", "member"))
    for address in (reverse("upload-paper"), reverse("jobs"), job.get_absolute_url()):
        assert member.get(address).status_code == 403
    assert upload(member, NOVEMBER.name, NOVEMBER.read_bytes()).status_code == 403
    assert Job.objects.count() == 1 and StoredFile.objects.count() == 1
    # The header offers jobs to officers only.
    assert texts(page(signed_in(officer).get("/")), "//header//a[@href='/jobs/']") == ["Jobs"]
    assert not page(member.get("/")).xpath("//header//a[@href='/jobs/']")


@pytest.mark.django_db
def test_an_officer_sees_their_own_jobs_and_an_admin_sees_all(django_user_model, officer):
    upload(signed_in(officer), SEPTEMBER.name, SEPTEMBER.read_bytes())
    job = Job.objects.get()
    other = signed_in(user_in(django_user_model, "oscar", "officer"))
    assert other.get(job.get_absolute_url()).status_code == 404
    assert not page(other.get(reverse("jobs"))).xpath("//table")
    admin = signed_in(user_in(django_user_model, "ada", "admin"))
    assert texts(page(admin.get(reverse("jobs"))), "//table//td[3]") == ["olive"]
    assert admin.get(job.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_upload_without_the_csrf_token_is_refused(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert upload(client, SEPTEMBER.name, SEPTEMBER.read_bytes()).status_code == 403
    assert not Job.objects.exists()


# The runner: retries, rollback, delivery twice --------------------------------------------------


FLAKY_FAILURES: dict[str, int] = {}


@job_kind("test-flaky", retries=2)
def flaky(job, progress, *, name: str, failures: int) -> dict:
    """Writes a body, then fails transiently the first ``failures`` times it runs."""
    Body.objects.create(name=name, slug=name.lower())
    progress(1, 2, "Wrote the body")
    FLAKY_FAILURES[name] = FLAKY_FAILURES.get(name, 0) + 1
    if FLAKY_FAILURES[name] <= failures:
        raise TransientError(f"the site {name} timed out")
    return {"bodies": 1}


@job_kind("test-broken")
def broken(job, progress) -> dict:
    Body.objects.create(name="Half written", slug="half-written")
    raise ValueError("the answer was truncated at byte 312")


@job_kind("test-watched")
def watched(job, progress) -> dict:
    """Reports progress mid-transaction, then reads its row as the job's page would: from a
    connection of its own."""
    from django.db import DEFAULT_DB_ALIAS, connections

    Body.objects.create(name="Watched", slug="watched")
    progress(1, 3, "One meeting of three")
    if connection.vendor != "postgresql":  # the in-memory test database has one writer's lock
        return {"seen": None}
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT done, total, message FROM jobs_job WHERE id = %s", [job.pk])
            seen = list(cursor.fetchone())
    finally:
        other.close()
    return {"seen": seen}


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_jobs_transaction_is_seen_at_once_on_postgresql():
    job = enqueue("test-watched", title="Watched")
    assert (job.state, job.done, job.total, job.message) == ("done", 3, 3, "Finished")
    if connection.vendor == "postgresql":
        assert job.result == {"seen": [1, 3, "One meeting of three"]}
    else:  # SQLite: written with the job's writes, seen when they commit
        assert job.result == {"seen": None}


@pytest.mark.django_db
def test_a_retried_job_does_not_write_twice():
    job = enqueue("test-flaky", {"name": "Retried", "failures": 2}, title="Flaky")
    assert (job.state, job.attempts, job.result, job.error) == ("done", 3, {"bodies": 1}, "")
    assert (job.done, job.total) == (2, 2)
    assert list(Body.objects.values_list("name", flat=True)) == ["Retried"]


@pytest.mark.django_db
def test_a_job_that_keeps_failing_transiently_gives_up_and_writes_nothing():
    job = enqueue("test-flaky", {"name": "Hopeless", "failures": 9}, title="Flaky")
    assert (job.state, job.attempts) == ("failed", 3)
    assert job.error == "the site Hopeless timed out (gave up after 3 attempts)"
    assert not Body.objects.exists()


@pytest.mark.django_db
def test_a_failed_job_rolls_back_what_it_wrote_and_keeps_its_error():
    job = enqueue("test-broken", title="Broken")
    assert (job.state, job.attempts, job.error) == (
        "failed",
        1,
        "the answer was truncated at byte 312",
    )
    assert job.finished_at is not None
    assert not Body.objects.exists()


@pytest.mark.django_db
def test_a_job_delivered_again_is_not_run_again():
    job = enqueue("test-flaky", {"name": "Once", "failures": 0}, title="Flaky")
    run.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.attempts == 1 and Body.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_job_that_cannot_reach_the_queue_fails_saying_so():
    before = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://:secret@127.0.0.1:1/0"  # nothing listens on port 1
    try:
        job = enqueue("test-flaky", {"name": "Unsent", "failures": 0}, title="Unsent")
    finally:
        app.conf.broker_url = before
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 0)
    assert job.error == (
        "The job could not be sent to the queue at redis://127.0.0.1:1/0 (Error 111 connecting "
        "to 127.0.0.1:1. Connection refused). Nothing was done: check that the broker is "
        "running, then ask again."
    )
    assert not Body.objects.exists()


@pytest.mark.django_db
def test_asking_for_an_unknown_kind_of_job_is_refused():
    with pytest.raises(LookupError, match="no kind of job is called 'harvset'"):
        enqueue("harvset", title="typo")
    assert not Job.objects.exists()


def test_a_worker_needs_a_broker():
    env = {k: v for k, v in os.environ.items() if k != "SCRUTINEER_BROKER_URL"}
    done = subprocess.run(
        [str(SCRUTINEER), "worker"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: SCRUTINEER_BROKER_URL is not set")


# One real worker on the local Redis ---------------------------------------------------------------


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    with running_worker(tmp_path_factory.mktemp("worker")) as running:
        yield running


def test_a_worker_process_runs_queued_jobs_on_redis(worker, tmp_path):
    junk = tmp_path / "allotment-notes.txt"
    junk.write_bytes(JUNK)
    started = time.monotonic()
    printed = worker.scrutineer("ingest", "--queue", SEPTEMBER, NOVEMBER, junk)
    assert printed.splitlines() == [
        f"{SEPTEMBER}: job 1 queued",
        f"{NOVEMBER}: job 2 queued",
        f"{junk}: job 3 queued",
    ]
    jobs = worker.jobs()
    assert [row[:3] for row in jobs] == [(1, "done", 1), (2, "done", 1), (3, "failed", 1)]
    assert jobs[2][3].startswith("allotment-notes.txt: has no agenda pack or report structure")
    counts = dict(
        worker.scratch.query(
            "SELECT 'documents', COUNT(*) FROM governance_document UNION ALL "
            "SELECT 'resolutions', COUNT(*) FROM governance_resolution"
        )
    )
    assert counts == {"documents": 2, "resolutions": 12}
    print(f"three jobs queued and run by the worker in {time.monotonic() - started:.1f} s")

    # Queued again, the same pack changes nothing.
    worker.scrutineer("ingest", "--queue", SEPTEMBER)
    assert [row[:2] for row in worker.jobs()][-1] == (4, "done")
    assert dict(worker.scratch.query("SELECT 'documents', COUNT(*) FROM governance_document")) == {
        "documents": 2
    }
