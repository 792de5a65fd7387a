"""Browser test fixtures: the real service in a subprocess and Debian's chromium via Playwright.

The service is `mus-coach serve` on a free 127.0.0.1 port with a temp data dir, started with the
lexical index (`COACH_EMBEDDING=bm25`) so it is ready in seconds; retrieval quality has tests of
its own. Chromium is the system package (scripts/test.sh installs it); Playwright never
downloads a browser here. Every request the page makes outside 127.0.0.1 is blocked and
recorded, so a test fails if a page reaches for the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[4]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_IMG = ROOT / "docs" / "img"
CHROMIUM = Path(os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
WEB_KEY = "mcoach_browser-test-key-not-secret-0123456789abcdef"
# One screenshot per page goes to docs/img (with COACH_DOCS_SCREENSHOTS=1); all go to artefacts.
DOCS_SHOTS = frozenset({"feedback", "feedback-live", "rehearse", "goals", "prep", "guidance",
                        "login", "goals-mobile", "feedback-mobile"})

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

    expect.set_options(timeout=10_000)  # a busy 2-core CI machine; the default is 5 s
except ImportError:  # the test extra is not installed
    sync_playwright = None  # type: ignore[assignment]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    """A running `mus-coach serve`."""

    url: str
    data_dir: Path
    log: Path
    proc: subprocess.Popen[bytes] = field(repr=False)


def _start(path: Path, **env_overrides: str) -> Service:
    exe = Path(sys.executable).parent / "mus-coach"
    if not exe.exists():
        pytest.fail(f"{exe} is missing: install the project (pip install -e '.[test]')")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update({"COACH_DATA_DIR": str(path / "data"), "COACH_EMBEDDING": "bm25",
                "COACH_RATE_LIMIT": "6000/minute", "COACH_LOG_LEVEL": "WARNING",
                "ANONYMIZED_TELEMETRY": "False", **env_overrides})
    log = path / "service.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(exe), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env, cwd=path)
    service = Service(f"http://127.0.0.1:{port}", path / "data", log, proc)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text()[-3000:]
            pytest.fail(f"mus-coach serve exited with {proc.returncode}:\n{tail}")
        try:
            if httpx.get(f"{service.url}/readyz", timeout=2).status_code == 200:
                return service
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    _stop(service)
    pytest.fail(f"the service was not ready within 180 s:\n{log.read_text()[-3000:]}")


def _stop(service: Service) -> None:
    service.proc.terminate()
    try:
        service.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        service.proc.kill()
        service.proc.wait()


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The service with no API keys (pages and API open)."""
    running = _start(tmp_path_factory.mktemp("web-open"))
    yield running
    _stop(running)


@pytest.fixture(scope="session")
def keyed_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The service with one coach key required (`WEB_KEY`)."""
    digest = hashlib.sha256(WEB_KEY.encode()).hexdigest()
    running = _start(tmp_path_factory.mktemp("web-keyed"), COACH_API_KEY_HASHES=f"coach:{digest}",
                     COACH_REQUIRE_AUTH="true")
    yield running
    _stop(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian chromium (skipped with the reason when it truly cannot be found).

    Module-scoped: Playwright's sync API keeps an event loop running in this thread while it
    is open, which would break `asyncio.run` in the non-browser tests collected after these.
    """
    if sync_playwright is None:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        found = shutil.which("chromium")
        hint = f" (found {found}: set COACH_CHROMIUM)" if found else ""
        pytest.skip(f"no chromium at {CHROMIUM}{hint}; scripts/test.sh installs it with apt-get "
                    "when run as root or in CI")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _guard_network(context: BrowserContext, outside: list[str]) -> None:
    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)


@dataclass
class Session:
    """A browser page on a service, plus what it tried to fetch from elsewhere."""

    page: Page
    context: BrowserContext
    service: Service
    outside: list[str]


def _open(browser: Browser, service: Service, **options: Any) -> tuple[Session, Callable[[], None]]:
    context = browser.new_context(base_url=service.url, viewport={"width": 1280, "height": 900},
                                  locale="da-DK", **options)
    outside: list[str] = []
    _guard_network(context, outside)
    context.set_default_timeout(15_000)
    page = context.new_page()
    session = Session(page, context, service, outside)

    def close() -> None:
        context.close()
        assert outside == [], f"pages tried to reach beyond 127.0.0.1: {outside}"

    return session, close


@pytest.fixture
def web(browser: Browser, service: Service) -> Iterator[Session]:
    """A fresh browser context on the open service (JavaScript on)."""
    session, close = _open(browser, service, permissions=["clipboard-read", "clipboard-write"])
    yield session
    close()


@pytest.fixture
def web_nojs(browser: Browser, service: Service) -> Iterator[Session]:
    """A fresh browser context with JavaScript disabled."""
    session, close = _open(browser, service, java_script_enabled=False)
    yield session
    close()


@pytest.fixture
def web_keyed(browser: Browser, keyed_service: Service) -> Iterator[Session]:
    """A fresh browser context on the service that requires a key."""
    session, close = _open(browser, keyed_service)
    yield session
    close()


def shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot to test-artifacts/ (and docs/img/ with COACH_DOCS_SCREENSHOTS=1)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"web-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if os.environ.get("COACH_DOCS_SCREENSHOTS") == "1" and name in DOCS_SHOTS:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_IMG / path.name)
    return path
