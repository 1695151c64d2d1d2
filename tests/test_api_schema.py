"""Issue 13 §3: every operation of the served schema, run by schemathesis against the real
site (its WSGI application, on the four seeds), with data that fits the schema and data
that does not: never a server error, and every answer as its schema says."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 12  # per operation and mode: a few seconds each


def _run(operation, mode, statuses, path_parameters=None):
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call()
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.fixture
def schema(seeded):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_every_operation_answers_as_its_schema_says(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert {"/api/v1/meetings", "/api/v1/meetings/{pk}", "/api/v1/minutes"} <= paths
    seen = {}
    for operation in operations:
        statuses = seen[operation.path] = set()
        _run(operation, schemathesis.GenerationMode.POSITIVE, statuses)
        _run(operation, schemathesis.GenerationMode.NEGATIVE, statuses)
        if operation.path.endswith("/{pk}"):  # a record that is there, not only missing ones
            listed = Client().get(operation.path.removesuffix("/{pk}")).json()["results"]
            _run(operation, schemathesis.GenerationMode.POSITIVE, statuses, {"pk": listed[0]["id"]})
    print(seen)
    # Every operation answered with records, and refused some bad parameters.
    for path, statuses in seen.items():
        assert 200 in statuses, path
        assert statuses & {400, 404, 422}, path
