"""One unit of work in one transaction while other processes write at the same time.

Two ingests, or two uploads, may reach the same records at once. SQLite lets one writer in
at a time and makes the other wait (settings give it a busy timeout and IMMEDIATE
transactions); PostgreSQL lets both in, so the loser of a race on a unique key gets an
IntegrityError, or a deadlock or serialization failure. Ingestion and imports are
idempotent on natural keys, so running the whole transaction again is correct: the second
attempt finds the winner's committed rows. After a few attempts, or once SQLite's wait has
run out, the work is given up with a sentence a person can act on, never a traceback.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, IntegrityError, connection, transaction

T = TypeVar("T")

ATTEMPTS = 5
# PostgreSQL's codes for "run the transaction again": serialization failure, deadlock.
RETRY_SQLSTATES = {"40001", "40P01"}


class Contended(Exception):
    """The work was given up because other processes kept the same records busy."""


def run_atomic(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``work()`` in its own transaction, run again (after a short random pause, so two
    losers do not collide again in step) when it lost a race with another writer. Raises
    ``Contended`` when the race is still lost after ``attempts`` tries, or when SQLite stayed
    locked for its whole busy timeout. Inside an outer transaction there is one attempt: a
    retry there would only see the same snapshot again."""
    if connection.in_atomic_block:
        attempts = 1
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return work()
        except DatabaseError as error:
            if _sqlite_busy(error):
                raise Contended(
                    f"the database stayed locked by another process for {_sqlite_timeout():g} s "
                    "(SCRUTINEER_SQLITE_TIMEOUT); try again"
                ) from error
            if not _lost_race(error):
                raise
            if attempt == attempts:
                raise Contended(
                    f"another process kept changing the same records ({_first_line(error)}); "
                    f"gave up after {attempts} attempt{'s' if attempts > 1 else ''}; try again"
                ) from error
            time.sleep(random.uniform(0.05, 0.25) * attempt)
    raise AssertionError("unreachable")  # the loop returns or raises


def _lost_race(error: DatabaseError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in RETRY_SQLSTATES


def _sqlite_busy(error: DatabaseError) -> bool:
    return connection.vendor == "sqlite" and "locked" in str(error)


def _sqlite_timeout() -> float:
    return float(connection.settings_dict["OPTIONS"].get("timeout", 5))


def _first_line(error: DatabaseError) -> str:
    return str(error).strip().splitlines()[0]
