"""Web pages for managers and employees, served by the API process (see docs/web.md).

`install_web(app)` adds the pages, the login form and the static assets; the app must be built
with `api.web.auth.WebAuthenticator` so the pages and their fetch calls get through the API's
key check.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.web import login, pages
from api.web import rehearse as rehearse_page
from api.web.auth import Access, CrossSiteForm, LoginRequired, WebAuthenticator, login_url
from api.web.views import render

STATIC = Path(__file__).with_name("static")

__all__ = ["WebAuthenticator", "install_web"]


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(login_url(exc.next_path), status_code=303)


async def _cross_site(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", Access(), {
        "title_key": "cross_site_title", "message_key": "cross_site_message",
        "back": request.url.path}, status=403)


def install_web(app: FastAPI) -> None:
    """Add the pages, /login, /logout and /static to `app`."""
    app.include_router(pages.router)
    app.include_router(rehearse_page.router)
    app.include_router(login.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="web-static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(CrossSiteForm, _cross_site)
