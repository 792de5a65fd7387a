"""Swagger UI served from the vendored `swagger-ui-bundle-v2` package: /docs works offline.

The pages get the web pages' security headers (api/web/views.py). Swagger UI starts from an
inline script, which the pages' CSP forbids; instead of allowing every inline script, the CSP
names the hash of the one the page carries, so an injected script still cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from api.web.views import SECURITY_HEADERS

ASSETS = "/docs/assets"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _with_headers(page: HTMLResponse) -> tuple[str, dict[str, str]]:
    """`page`'s body and headers: the pages' own, with a CSP allowing its inline scripts only."""
    body = bytes(page.body).decode("utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(body))
    # Swagger UI sets inline styles from its script, so styles need 'unsafe-inline' (no script).
    csp = (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
           "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
    return body, {**SECURITY_HEADERS, "Content-Security-Policy": csp}


def mount_docs(app: FastAPI) -> None:
    """Add /docs, its OAuth2 redirect page and the Swagger UI assets (no CDN)."""
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    docs_page = _with_headers(get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} – API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        oauth2_redirect_url="/docs/oauth2-redirect",
    ))
    redirect_page = _with_headers(get_swagger_ui_oauth2_redirect_html())

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(docs_page[0], headers=docs_page[1])

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def oauth2_redirect() -> HTMLResponse:
        return HTMLResponse(redirect_page[0], headers=redirect_page[1])
