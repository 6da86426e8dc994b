"""Serving a sanitized filed document to the page's frame: ``GET /filingqa/filed/<token>``.

A page is published under an unguessable token (the same document and citation get the same
token while it is kept) and held in memory, the newest first, up to ``MAX_BYTES`` in all. The
response forbids every fetch (Content-Security-Policy ``default-src 'none'``), is never cached and
never sniffed; with ``--auth`` it asks for the same login as the app. The frame that shows it is
sandboxed (no scripts, its own origin), so nothing in a filing can reach the app.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

from fastapi import Request  # at module level: FastAPI reads the handler's annotations from here
from fastapi.responses import Response

from .filed import PAGE_CSP

__all__ = ["ROUTE", "publish", "page_for", "mount", "MAX_BYTES"]

ROUTE = "filingqa/filed"
MAX_BYTES = 96 << 20
_pages: OrderedDict[str, bytes] = OrderedDict()
_tokens: dict[str, str] = {}  # content key -> token
_lock = threading.Lock()
_HEADERS = {
    "Content-Security-Policy": PAGE_CSP + "; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def publish(page: str) -> str:
    """The token under which ``page`` is served (a relative URL is ``ROUTE/token``)."""
    data = page.encode("utf-8")
    key = hashlib.sha256(data).hexdigest()
    with _lock:
        token = _tokens.get(key)
        if token is None or token not in _pages:
            token = secrets.token_urlsafe(24)
            _tokens[key] = token
            _pages[token] = data
        _pages.move_to_end(token)
        total = sum(len(v) for v in _pages.values())
        while total > MAX_BYTES and len(_pages) > 1:
            _, old = _pages.popitem(last=False)
            total -= len(old)
    return token


def page_for(token: str) -> bytes | None:
    with _lock:
        return _pages.get(token)


def mount(app) -> None:
    """Add the route to the running Gradio app (a FastAPI app)."""

    async def filed(token: str, request: Request):
        if getattr(app, "auth", None) is not None or getattr(app, "auth_dependency", None) is not None:
            if not _logged_in(app, request):
                return Response("Log in to the app first.", status_code=401, media_type="text/plain")
        data = page_for(token)
        if data is None:
            return Response("This document view has expired: open the source again from the answer.",
                            status_code=404, media_type="text/plain", headers=_HEADERS)
        return Response(data, media_type="text/html; charset=utf-8", headers=_HEADERS)

    app.add_api_route(f"/{ROUTE}/{{token}}", filed, methods=["GET"], include_in_schema=False)


def _logged_in(app, request) -> bool:
    """The same check Gradio makes for its own pages: its login cookie names a known session."""
    if getattr(app, "auth_dependency", None) is not None:
        return bool(app.auth_dependency(request))
    cookie_id = getattr(app, "cookie_id", "")
    token = request.cookies.get(f"access-token-{cookie_id}") or request.cookies.get(f"access-token-unsecure-{cookie_id}")
    return bool(token and app.tokens.get(token))
