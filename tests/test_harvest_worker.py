"""End to end: `scrutineer harvest --queue` from the local ModernGov server, run by a real
`scrutineer worker` on the local Redis (skipped without Redis, failed under CI)."""

from __future__ import annotations

import pytest

from scrutineer.harvest.localsite import LocalSite
from tests.jobqueue import running_worker
from tests.test_harvest import Manchester, _command, answer


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    with running_worker(tmp_path_factory.mktemp("harvest-worker")) as running:
        yield running


def test_a_worker_harvests_the_queued_meetings(worker):
    answer("GetCommittees")  # skip (or fail under CI) without the Manchester answers
    with LocalSite(Manchester()) as site:
        printed = worker.scrutineer("harvest", *_command(site.url, "--queue"))
        assert printed.strip() == f"Queued 2 meeting jobs from {site.url}/"
        jobs = worker.jobs()
    assert [row[1] for row in jobs] == ["done", "done"]
    query = worker.scratch.query
    assert query("SELECT COUNT(*) FROM governance_body") == [(3,)]
    assert query(
        "SELECT CAST(m.date AS TEXT), m.status, m.venue FROM governance_meeting m ORDER BY m.date"
    ) == [
        ("2026-01-13", "cancelled", "Council Antechamber, Level 2, Town Hall Extension"),
        ("2026-02-10", "held", "Council Antechamber, Level 2, Town Hall Extension"),
    ]
    assert (
        query(
            "SELECT party, ward, role FROM governance_attendance WHERE status = 'expected'"
            " ORDER BY id"
        )
        == [("LAB", "Charlestown", "Committee Member")] * 2
    )
    assert query("SELECT COUNT(*) FROM governance_linkeddocument") == [(2,)]
