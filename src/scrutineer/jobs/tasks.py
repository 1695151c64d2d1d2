"""The one runner of every job, and the API to add a kind of job and to ask for one.

Adding a kind of job is a function in an installed app's ``jobs`` module::

    from scrutineer.jobs.tasks import job_kind

    @job_kind("harvest-meeting", transient=(httpx.TransportError,))
    def harvest_meeting(job, progress, *, site: str, meeting: int) -> dict:
        progress(0, 3, "Asking for the meeting")
        ...                                  # every write here is in one transaction
        return {"meeting": {"title": ..., "url": ...}, "counts": {...}}

and asking for one is ``enqueue("harvest-meeting", {"site": url, "meeting": 42},
title="Harvest meeting 42", user=request.user)``, which returns the ``Job`` row.

What the runner does for every kind:
- the job's row records its state (queued, running, done, failed), its attempts, progress
  (``progress(done, total, message)``), the summary the function returns (JSON), or the
  error that stopped it;
- the function runs in one transaction (unless the kind says ``atomic=False`` because it
  manages its own single transaction): a job that fails writes nothing, and a retried job
  starts again from nothing, so it never writes twice;
- an error of a transient kind (``TRANSIENT`` plus the kind's own ``transient``; also an
  error caused by one) is tried again, after ``backoff ** attempt`` seconds, up to
  ``retries`` times (SCRUTINEER_JOB_RETRIES, SCRUTINEER_JOB_RETRY_BACKOFF);
- any other error fails the job at once with its message (a ``PackError`` names the file);
- a job already done or failed is not run again when its message is delivered twice.

Progress reported inside the job's transaction is seen at once on PostgreSQL (it is
written through a connection of its own) and when the transaction commits on SQLite.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from scrutineer.contention import Contended

from .celery_app import app
from .models import Job, StoredFile

log = logging.getLogger(__name__)


class TransientError(Exception):
    """A failure that may not happen again: raise it (or a subclass) to have the job tried
    again later."""


# Failures worth another try for every kind of job: other writers kept the records busy, a
# connection dropped or timed out.
TRANSIENT: tuple[type[BaseException], ...] = (
    TransientError,
    Contended,
    ConnectionError,
    TimeoutError,
)

JobFunction = Callable[..., dict | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    function: JobFunction
    transient: tuple[type[BaseException], ...]
    retries: int | None
    atomic: bool


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    transient: tuple[type[BaseException], ...] = (),
    retries: int | None = None,
    atomic: bool = True,
) -> Callable[[JobFunction], JobFunction]:
    """Register ``function(job, progress, **arguments) -> dict`` as the kind ``name``.
    ``retries`` defaults to settings.JOB_RETRIES; the function is returned unchanged."""

    def register(function: JobFunction) -> JobFunction:
        if name in KINDS and KINDS[name].function is not function:
            raise ValueError(f"a kind of job called {name!r} is already registered")
        KINDS[name] = JobKind(name, function, tuple(transient), retries, atomic)
        return function

    return register


def find_kind(name: str) -> JobKind | None:
    if name not in KINDS:
        _discover()
    return KINDS.get(name)


@cache
def _discover() -> None:
    """Import each installed app's ``jobs`` module, where its kinds are registered."""
    for config in apps.get_app_configs():
        module = f"{config.name}.jobs"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


class Progress:
    """``progress(done, total, message)``: how far the job has got, saved on its row.

    Inside the job's transaction on PostgreSQL it is written through a connection of its
    own, so the job's page shows it at once; on SQLite, whose one writer is the job itself,
    it is written with the job's writes and seen when they commit."""

    def __init__(self, job: Job):
        self.job = job
        self._side = None

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        job = self.job
        job.done = done
        if total is not None:
            job.total = total
        job.message = message[:255]
        if connection.in_atomic_block and connection.vendor == "postgresql":
            self._write_aside()
        else:
            Job.objects.filter(pk=job.pk).update(
                done=job.done, total=job.total, message=job.message
            )

    def _write_aside(self) -> None:
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = connection.ops.quote_name(Job._meta.db_table)
        with self._side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET done = %s, total = %s, message = %s WHERE id = %s",
                [self.job.done, self.job.total, self.job.message, self.job.pk],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def store_file(data: bytes, name: str, user=None) -> StoredFile:
    """Keep an upload's bytes for the job that will read them (``StoredFile.pk`` is the
    argument to pass)."""
    import hashlib

    return StoredFile.objects.create(
        name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
        uploaded_by=_user(user),
    )


def enqueue(kind: str, arguments: dict | None = None, *, title: str, user=None) -> Job:
    """Record a job and send it to the queue (once the current transaction commits). Without
    a broker it runs now, in this process, and the row returned is already finished."""
    if find_kind(kind) is None:
        raise LookupError(f"no kind of job is called {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title[:255],
        arguments=arguments or {},
        requested_by=_user(user),
        task_id=str(uuid.uuid4()),
    )
    if app.conf.task_always_eager:
        outcome = run.apply(args=[job.pk], task_id=job.task_id)
        if outcome.state == "FAILURE":  # a fault in the runner itself, not the job's error
            raise outcome.result
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _send(job))
    return job


def _send(job: Job) -> None:
    try:
        run.apply_async(args=[job.pk], task_id=job.task_id)
    except Exception as error:  # kombu's connection errors have no common base worth naming
        log.exception("could not send job %s to the queue", job.pk)
        _finish(
            job,
            Job.State.FAILED,
            error=f"The job could not be sent to the queue at {_broker()} "
            f"({str(error).rstrip('.')}). Nothing was done: check that the broker is running, "
            "then ask again.",
        )


def _broker() -> str:
    url = app.conf.broker_url or ""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"  # never show a password


@app.task(bind=True, name="scrutineer.jobs.run", max_retries=None)
def run(self, job_id: int) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        log.warning("job %s no longer exists; nothing to do", job_id)
        return
    if job.finished:  # the same message delivered again: the job is not run twice
        return
    kind = find_kind(job.kind)
    if kind is None:
        _finish(job, Job.State.FAILED, error=f"No kind of job is called {job.kind!r}.")
        return
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, attempts=F("attempts") + 1, message="Started"
    )
    Job.objects.filter(pk=job.pk, started_at=None).update(started_at=timezone.now())
    job.refresh_from_db()
    try:
        result = _call(kind, job)
    except kind.transient + TRANSIENT as error:
        _retry_or_fail(self, kind, job, error)
    except Exception as error:
        _fail(job, error)
    except BaseException as error:  # the worker is being stopped: leave the job queued
        _finish(job, Job.State.QUEUED, message=f"Interrupted ({type(error).__name__})")
        raise
    else:
        _finish(job, Job.State.DONE, result=result or {})


def _call(kind: JobKind, job: Job):
    progress = Progress(job)
    try:
        if not kind.atomic:
            return kind.function(job, progress, **job.arguments)
        with transaction.atomic():
            return kind.function(job, progress, **job.arguments)
    except Exception as error:
        cause = error.__cause__
        transient = kind.transient + TRANSIENT
        if cause is not None and isinstance(cause, transient) and not isinstance(error, transient):
            raise _CausedTransient(error) from error
        raise
    finally:
        progress.close()


class _CausedTransient(TransientError):
    """An error whose cause was transient (a PackError raised because the database stayed
    busy): tried again, and reported with the outer error's words."""

    def __str__(self) -> str:
        return str(self.args[0])


def _retry_or_fail(task, kind: JobKind, job: Job, error: BaseException) -> None:
    retries = settings.JOB_RETRIES if kind.retries is None else kind.retries
    if task.request.retries >= retries:
        tries = job.attempts
        _fail(job, error, suffix=f" (gave up after {tries} attempt{'s' if tries != 1 else ''})")
        return
    countdown = settings.JOB_RETRY_BACKOFF ** (task.request.retries + 1)
    _finish(
        job,
        Job.State.QUEUED,
        message=f"Trying again in {countdown:g} s after: {_words(error)}"[:255],
    )
    raise task.retry(countdown=countdown, exc=error)


def _fail(job: Job, error: BaseException, suffix: str = "") -> None:
    if not isinstance(error, ValueError | TransientError | OSError):
        log.exception("job %s (%s) failed", job.pk, job.kind)
    _finish(job, Job.State.FAILED, error=_words(error) + suffix)


def _words(error: BaseException) -> str:
    """The message for an officer: a PackError already names the file and the problem."""
    if isinstance(error, ValueError | TransientError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _finish(job: Job, state: str, *, result=None, error: str = "", message=None) -> None:
    changes = {"state": state}
    if state in {Job.State.DONE, Job.State.FAILED}:
        changes["finished_at"] = timezone.now()
        changes["message"] = "Finished" if state == Job.State.DONE else "Failed"
    if state == Job.State.DONE:
        changes["result"] = result
        changes["error"] = ""
        if job.total:
            changes["done"] = changes["total"] = job.total
    if error:
        changes["error"] = error
    if message is not None:
        changes["message"] = message
    Job.objects.filter(pk=job.pk).update(**changes)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None
