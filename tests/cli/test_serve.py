"""`mus-coach serve`: a taken port is one plain line; nothing is logged after shutdown."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import INDEX_THREAD, create_app
from coach.service import Coach
from tests.support.api import settings_for


def test_a_port_in_use_is_one_line_with_the_fix(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "mus-coach"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
        env["COACH_DATA_DIR"] = str(tmp_path / "data")
        done = subprocess.run([str(exe), "serve", "--port", str(port)], capture_output=True,
                              text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""  # no JSON log line
    line = done.stderr.strip()
    assert "\n" not in line and line.startswith("error: "), done.stderr
    assert f"port {port}" in line and "already in use" in line
    assert f"mus-coach serve --port {port + 1}" in line


def test_nothing_is_logged_after_shutdown_while_the_index_still_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    release = threading.Event()

    def slow_build(coach: Coach) -> None:
        release.wait(30)
        logging.getLogger("coach.knowledge.search").info("knowledge index ready: 1 passages")

    monkeypatch.setattr("api.app.load_retriever", slow_build)
    settings = settings_for(tmp_path, log_level="INFO")
    app = create_app(settings, coach=Coach(settings=settings))
    with TestClient(app) as client:  # startup starts the build, leaving the block shuts down
        assert client.get("/readyz").status_code == 503
    logging.getLogger("api").info("after shutdown, from the main thread")
    release.set()
    for thread in threading.enumerate():
        if thread.name.startswith(INDEX_THREAD):
            thread.join(10)
    messages = [json.loads(line)["msg"] for line in capsys.readouterr().out.splitlines()
                if line.startswith("{")]
    assert "after shutdown, from the main thread" in messages  # logging itself still works
    assert not any("index ready" in m for m in messages), messages


def test_library_debug_lines_stay_out_at_info(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import bm25s  # noqa: F401 - sets its own logger to DEBUG when imported

    from coach.logging import configure_logging

    configure_logging("INFO")
    assert logging.getLogger("bm25s").level == logging.DEBUG
    logging.getLogger("bm25s").debug("tokenizing")
    logging.getLogger("bm25s").warning("a real problem")
    out = capsys.readouterr().out
    assert "tokenizing" not in out and "a real problem" in out
    configure_logging("DEBUG")
    logging.getLogger("bm25s").debug("tokenizing")
    assert "tokenizing" in capsys.readouterr().out
