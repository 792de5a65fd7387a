"""CLI tests run the commands in-process, as a user's shell would run them: with Python's
default logging. Earlier tests (an app built under capsys) leave the service's JSON handler on
a stream that is closed by now, and the root logger at DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _default_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers = [h for h in root.handlers if h.get_name() != "mus-coach-json"]
    root.setLevel(logging.WARNING)
    yield
    root.handlers, _ = saved
    root.setLevel(saved[1])
