"""HTTP limits of `mus-coach serve` over a real socket: head size and count, slow heads and bodies,
the concurrency limit and HEAD on the probes (api/server.py, api/middleware.py)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

import api.server
from api.app import create_app
from api.server import uvicorn_options
from coach.service import Coach
from tests.support.api import settings_for

pytestmark = pytest.mark.server


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Any]]:
    settings = settings_for(tmp_path, http_header_timeout=0.5, http_body_timeout=0.5,
                            http_max_concurrency=8, http_keep_alive_timeout=1)
    monkeypatch.setattr(api.server, "_header_timeout", lambda: settings.http_header_timeout)
    app = create_app(settings, coach=Coach(settings=settings))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            **uvicorn_options(settings))
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield port, settings
    srv.should_exit = True
    thread.join(timeout=5)
    sock.close()


def _exchange(port: int, raw: bytes, wait: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        conn.sendall(raw)
        chunks = []
        try:
            while chunk := conn.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and b"connection: close" not in chunks[0]:
                    break
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def _status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1") else 0


def test_an_oversized_head_is_refused_without_buffering_it(server: Any) -> None:
    port, settings = server
    big = b"x" * (settings.http_max_header_bytes + 1024)
    response = _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + big + b"\r\n\r\n")
    assert _status(response) in (400, 431)
    # A head that never ends is cut off at the limit too, not buffered without bound.
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ")
        with pytest.raises((BrokenPipeError, ConnectionResetError)):
            for _ in range(200):
                conn.sendall(b"y" * 65536)
                time.sleep(0.001)


def test_too_many_headers_are_431(server: Any) -> None:
    port, settings = server
    headers = b"".join(b"X-H%d: 1\r\n" % i for i in range(settings.http_max_headers + 1))
    response = _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\n" + headers + b"\r\n")
    assert _status(response) == 431 and b"application/problem+json" in response


def test_a_client_that_never_finishes_its_head_is_disconnected(server: Any) -> None:
    port, _ = server
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\n")
        started = time.monotonic()
        for _ in range(3):  # dripping bytes does not extend the deadline
            time.sleep(0.1)
            conn.sendall(b"X-Slow: 1\r\n")
        assert conn.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 3


def test_a_body_that_does_not_arrive_is_408(server: Any) -> None:
    port, _ = server
    head = (b"POST /v1/feedback/analyze HTTP/1.1\r\nHost: a\r\nContent-Type: application/json"
            b"\r\nContent-Length: 100\r\n\r\n{\"text\": ")
    started = time.monotonic()
    response = _exchange(port, head)
    assert _status(response) == 408 and b"application/problem+json" in response
    assert time.monotonic() - started < 3


def test_probes_answer_head(server: Any) -> None:
    port, _ = server
    for path in (b"/healthz", b"/readyz"):
        response = _exchange(port, b"HEAD " + path + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        assert _status(response) in (200, 503)
        assert response.endswith(b"\r\n\r\n")  # no body


def test_connections_beyond_the_concurrency_limit_get_503(server: Any) -> None:
    port, settings = server
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in
            range(settings.http_max_concurrency)]
    try:
        time.sleep(0.2)
        assert _status(_exchange(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")) == 503
    finally:
        for conn in idle:
            conn.close()
    time.sleep(0.2)
    assert _status(_exchange(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")) == 200
