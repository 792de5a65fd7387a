"""Shared pytest fixtures. Helpers append their fixtures at the end of this file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from coach.settings import Settings, get_settings

# The fake OpenAI-compatible server (fixtures `fake_openai`, `fake_openai_server`).
pytest_plugins = ["tests.support.fake_openai"]

# --- Settings and a real Chroma server (retrieval layer) -----------------------------------------


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Build settings on a temp data dir; keyword overrides win (e.g. `embedding="bm25"`)."""

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"data_dir": tmp_path / "data", "chroma_url": None}
        values.update(overrides)
        return get_settings(**values)

    return build


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    """Settings on a temp data dir with the embedded store and the defaults otherwise."""
    return make_settings()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on 127.0.0.1 for the session; yields its URL (for `chroma_url`)."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.skip("the chroma CLI is not installed next to this Python")
    path, port = tmp_path_factory.mktemp("chroma-server"), _free_port()
    log = (path / "server.log").open("wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path / "db"), "--host",
                             "127.0.0.1", "--port", str(port)], stdout=log, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}; see {path}/server.log")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        else:
            pytest.fail(f"chroma run did not answer within 30 s; see {path}/server.log")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# --- Exit watchdog --------------------------------------------------------------------------------
# A CI run once hung at interpreter exit after every test passed (a pool thread waiting forever;
# coach/service.py). Should a thread block exit again, dump every thread's stack and exit non-zero
# after this long instead of hanging until CI's own limit, and name the threads still running.
_EXIT_WATCHDOG_S = 180


def pytest_unconfigure(config: pytest.Config) -> None:
    """Arm the exit watchdog; list non-daemon threads still alive when the session ends."""
    import faulthandler
    import threading
    from collections import Counter

    alive = Counter(t.name.rsplit("_", 1)[0] for t in threading.enumerate()
                    if t is not threading.main_thread() and t.is_alive() and not t.daemon)
    if alive:  # idle pool threads end at exit; the watchdog shows one that does not
        names = ", ".join(f"{name} x{n}" for name, n in sorted(alive.items()))
        sys.stderr.write(f"non-daemon threads alive at session end: {names}\n")
    faulthandler.dump_traceback_later(_EXIT_WATCHDOG_S, exit=True)
