"""What every response of the app carries and what every write must show.

Every response gets a strict Content-Security-Policy (scripts and styles only from the app's
own files, no inline script, style or event handler, no frames, no plugins, nothing fetched
from elsewhere) and the usual companions. A write needs ``Authorization: Bearer <token>``
equal to ``COUNTERPOINT_TOKEN`` (compared in constant time); with no token set, writes are
refused. A request body past the upload limit is refused before it is read whole.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: the security headers on every response, and a cap on request bodies
    (by their stated length up front, and by what arrives for a body of no stated length)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.decode() not in HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        stated = dict(scope.get("headers", [])).get(b"content-length")
        if stated is not None and stated.isdigit() and int(stated) > self.max_body_bytes:
            await self._too_large(send_with_headers)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._too_large(send_with_headers)

    async def _too_large(self, send: Send) -> None:
        limit_mb = self.max_body_bytes / 1_000_000
        body = f'{{"detail": "upload larger than the limit of {limit_mb:g} MB"}}'.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


def require_token(request: Request) -> None:
    """FastAPI dependency of every write: the bearer token must match the configured one."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "writes are disabled: start the server with COUNTERPOINT_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), expected.encode("utf-8")
    ):
        raise HTTPException(401, "a valid token is needed", headers={"WWW-Authenticate": "Bearer"})
