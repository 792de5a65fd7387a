"""Property-based API tests with schemathesis against the live OpenAPI schema.

Every operation gets a bounded number of generated requests (schema-valid and invalid), sent
with an admin key, and every response is checked: no 5xx, status code, content type, headers
and body conform to the schema, invalid data is rejected, auth is not ignored.

Disabled: `positive_data_acceptance`. JSON Schema cannot express some contract rules, so a
schema-valid request may rightly get 422: free text is 1-4000 characters *after trimming*
(" " passes `minLength: 1`), a document upload must be UTF-8 text and not a duplicate, and a
prep `topics` list takes taxonomy slugs. Such 422s are correct answers, not failures.

Every other check runs, negative data included, with no exception: the schema declares only
limits that hold as written. (Text fields used to declare `maxLength: 4000`, which counts
untrimmed characters; a generated "too long" text that was a valid text plus whitespace was
then rightly accepted, and the test failed whenever the random phase produced one, because
those failures do not name the keyword that was broken. The trimmed limit is now
`x-trimmed-max-length`, and `tests/api/test_limits.py` tests it.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from coach.apikeys import KeyStore
from coach.service import build_coach, load_retriever
from tests.support.api import settings_for

MAX_EXAMPLES = int(os.environ.get("COACH_SCHEMATHESIS_EXAMPLES", "20"))

# Built at import (cheap: no index yet) because schemathesis needs the schema to parametrize;
# its lazy `from_fixture` loader does not work with pytest 9. The index loads in the fixture.
_TMP = Path(tempfile.mkdtemp(prefix="mus-coach-schemathesis-"))
_SETTINGS = settings_for(_TMP, log_level="WARNING")
_KEY = KeyStore(_SETTINGS).create("admin", "schemathesis")[1]
_COACH = build_coach(_SETTINGS, load_index=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_SETTINGS, coach=_COACH))


@pytest.fixture(scope="module", autouse=True)
def _index_loaded() -> Iterator[None]:
    load_retriever(_COACH)
    yield
    shutil.rmtree(_TMP, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_KEY}"},
                           excluded_checks=[positive_data_acceptance])
