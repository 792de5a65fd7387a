"""/login and /logout: trade an API key for a session cookie once, and end the session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.web.auth import Access, CrossSiteForm, authenticator, safe_next
from api.web.i18n import Translator, request_language
from api.web.session import COOKIE, same_origin
from api.web.views import SECURITY_HEADERS, render, set_session_cookie

router = APIRouter(include_in_schema=False)


def _needs_login(request: Request) -> bool:
    auth = authenticator(request)
    return auth.settings.web_auth == "key" and auth.is_enforced()


def _login_form(request: Request, next_path: str, errors: dict[str, str],
                status: int = 200) -> HTMLResponse:
    return render(request, "login.html", Access(), {"next": safe_next(next_path),
                                                    "errors": errors}, status=status)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """The key form (or straight on when there is nothing to log in to, or already a session)."""
    session = authenticator(request).session(request.scope)
    if not _needs_login(request) or (session is not None and not session.anonymous):
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_form(request, next, {})


@router.post("/login", response_class=HTMLResponse)
def login_submit(request: Request, key: Annotated[str, Form(max_length=512)] = "",
                 next: Annotated[str, Form(max_length=200)] = "/") -> Response:
    """Check the key; on success set the session cookie and go back to the page."""
    if not same_origin(request.scope):
        raise CrossSiteForm()
    auth = authenticator(request)
    if not _needs_login(request):
        return RedirectResponse(safe_next(next), status_code=303)
    found = auth.store.verify(key.strip()) if key.strip() else None
    if found is None:
        t = Translator(request_language(request)[0])
        message = t("login_wrong_key") if key.strip() else t("login_key_missing")
        return _login_form(request, next, {"key": message}, status=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.headers.update(SECURITY_HEADERS)
    set_session_cookie(request, response, auth.signer.issue(found))
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session: recorded as ended server-side, cookie removed (the key stays valid)."""
    if not same_origin(request.scope):
        raise CrossSiteForm()
    auth = authenticator(request)
    session = auth.signer.verify(request.cookies.get(COOKIE))
    if session is not None:
        auth.signer.end(session)  # a copy of the cookie kept elsewhere stops working too
    response = RedirectResponse("/login" if _needs_login(request) else "/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
