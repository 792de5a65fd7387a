"""Rendering for the pages: the template environment, security headers and small view helpers.

View helpers only shape data the coach already returned (split a text at finding offsets, mark
placeholders, format a date); they make no judgement of their own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from api.web.auth import Access
from api.web.i18n import LANG_COOKIE, Translator, request_language
from api.web.session import COOKIE
from coach import __version__
from coach.placeholders import PLACEHOLDER
from coach.taxonomy import TOPICS

TEMPLATES = Path(__file__).with_name("templates")
# Pages load nothing from elsewhere (works offline; nothing typed can leak to a third party).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "object-src 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",  # result pages hold what the user typed: keep them off disk
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
NAV = (("/feedback", "nav_feedback"), ("/rehearse", "nav_rehearse"), ("/goals", "nav_goals"),
       ("/prep", "nav_prep"), ("/guidance", "nav_guidance"))
# "[…]", "[dato]", "[what happened]": a gap the manager fills in; shown distinctly.
# Strings the JavaScript needs (live check, copy); sent as JSON, never built in the script.
JS_KEYS = ("live_none", "live_found_one", "live_found_many", "live_unavailable",
           "cat_label", "cat_generalization", "cat_attribution", "copied", "copy_failed",
           "live_too_long")


def finding_tree(text: str, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`text` as plain pieces and findings, a finding inside another nested in it.

    Returns nodes `{"text": str}` or `{"finding": f, "n": i, "children": [...]}` whose texts put
    together give `text` again. A finding that crosses another's edge is left out.
    """
    root: dict[str, Any] = {"start": 0, "end": len(text), "children": []}
    stack = [root]
    spans = sorted(((int(f["start"]), int(f["end"]), n, f) for n, f in enumerate(findings)),
                   key=lambda s: (s[0], -s[1]))
    for start, end, n, f in spans:
        if not 0 <= start < end <= len(text):
            continue
        while stack[-1] is not root and start >= stack[-1]["end"]:
            stack.pop()
        if end > stack[-1]["end"]:
            continue
        node = {"finding": f, "n": n, "start": start, "end": end, "children": []}
        stack[-1]["children"].append(node)
        stack.append(node)

    def fill(node: dict[str, Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        pos = node["start"]
        for child in node["children"]:
            if child["start"] > pos:
                out.append({"text": text[pos:child["start"]]})
            out.append({"finding": child["finding"], "n": child["n"], "children": fill(child)})
            pos = child["end"]
        if pos < node["end"]:
            out.append({"text": text[pos:node["end"]]})
        return out

    return fill(root)


def placeholder_parts(text: str) -> list[tuple[str, bool]]:
    """`text` as (piece, is_placeholder) pairs."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > pos:
            parts.append((text[pos:m.start()], False))
        parts.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


# Guidance passages are Markdown (lists, emphasis). Raw HTML in them is escaped, and
# markdown-it refuses javascript:/data: links, so an org document cannot inject markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def markdown(text: str) -> Markup:
    """A guidance passage rendered from Markdown to safe HTML."""
    return Markup(_MARKDOWN.render(text))  # safe: markdown-it escapes raw HTML (see above)


def long_date(value: str | None, t: Translator) -> str:
    """'2025-06-30' as '30. juni 2025' / '30 June 2025'; anything else unchanged."""
    if not value:
        return ""
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    month = t("months").split(",")[d.month - 1]
    return t("date_format", day=d.day, month=month, year=d.year)


def topic_name(slug: str, lang: str) -> str:
    """A topic's title in `lang` (the slug itself if unknown)."""
    return TOPICS.get(slug, {}).get(lang, slug)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(finding_tree=finding_tree, placeholder_parts=placeholder_parts,
                       markdown=markdown, topic_name=topic_name, TOPICS=TOPICS, NAV=NAV,
                       version=__version__)
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, access: Access, context: dict[str, Any] | None = None,
           *, status: int = 200) -> HTMLResponse:
    """Render page `name` in the request's language with the security headers and cookies."""
    lang, chosen = request_language(request)
    t = Translator(lang)
    other = "en" if lang == "da" else "da"
    ctx: dict[str, Any] = {
        "lang": lang, "other_lang": other, "t": t,
        "path": request.url.path, "can_logout": access.can_logout,
        # The switch keeps the query (a search, the page to return to after login).
        "lang_href": f"{request.url.path}?{urlencode({**request.query_params, 'lang': other})}",
        "js_strings": t.many(*JS_KEYS), "long_date": lambda v: long_date(v, t),
        # The names field matters only when text may reach a language model.
        "llm_configured": getattr(request.app.state.coach, "llm", None) is not None,
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    secure = request.url.scheme == "https" or request.app.state.settings.web_cookie_secure
    if chosen:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=secure)
    if access.new_cookie:
        set_session_cookie(request, response, access.new_cookie)
    return response


def set_session_cookie(request: Request, response: HTMLResponse | Any, value: str) -> None:
    """Set the session cookie: HttpOnly, SameSite=Strict, Secure on https (or when configured)."""
    settings = request.app.state.settings
    response.set_cookie(COOKIE, value, max_age=int(settings.web_session_hours * 3600),
                        httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https" or settings.web_cookie_secure)
