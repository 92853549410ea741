"""What every request must pass before it reaches a page: Host, token, CSRF, size.

- Host header: only names that mean this server (loopback names and IP literals on its port,
  plus --allow-host names). A DNS-rebinding page whose Host is its own domain is refused.
- Token: a server reachable from other machines (--host other than loopback) needs the random
  token printed at start, in the URL once (`?token=`), then as an HttpOnly, SameSite=Strict cookie.
- Edits (POST): the CSRF token embedded in the page, in `X-CSRF-Token`, and an Origin (when the
  browser sends one) equal to the Host.
- Bodies: at most MAX_BODY bytes, counted as they arrive (a missing or lying Content-Length
  does not help).
- Whatever a request holds (non-ASCII bytes in a token, a cookie or a header, a path that names
  another site) is refused or cleaned with a 4xx or a redirect to this server, never a traceback.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import posixpath
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote_plus, urlsplit

MAX_BODY = 64 * 1024
COOKIE = "journeymap_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class BodyTooLarge(Exception):
    pass


@dataclass
class Guard:
    host: str
    port: int
    allowed_hosts: tuple[str, ...] = ()
    token: str | None = None                 # required when reachable from other machines
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @classmethod
    def for_binding(cls, host: str, port: int, allowed_hosts=()) -> Guard:
        token = None if is_loopback(host) else secrets.token_urlsafe(18)
        return cls(host, port, tuple(allowed_hosts), token)

    def host_allowed(self, header: str | None) -> bool:
        if not header:
            return False
        name, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
        if not name:  # no port in the header
            name, port = header, ""
        name = name.strip("[]").lower()
        if port and port != str(self.port):
            return False
        if name in LOOPBACK_NAMES or name in self.allowed_hosts:
            return True
        if is_loopback(self.host):
            return False
        try:
            ipaddress.ip_address(name)  # an address of this machine on the LAN: reached by IP, not by a name
        except ValueError:
            return False
        return True

    def token_ok(self, candidate: str | None) -> bool:
        return self.token is None or same_secret(candidate, self.token)

    def csrf_ok(self, candidate: str | None) -> bool:
        return same_secret(candidate, self.csrf)


def same_secret(candidate: str | None, secret: str) -> bool:
    """What a request sent equals the secret, compared in constant time.

    The secrets are ASCII (token_urlsafe); a candidate with any other character is simply not it.
    It is compared as bytes: hmac.compare_digest raises TypeError on a str that is not ASCII.
    """
    if candidate is None or not candidate.isascii():
        return False
    return hmac.compare_digest(candidate.encode("ascii"), secret.encode("ascii"))


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class GuardMiddleware:
    """Pure ASGI middleware: refuses before any route runs."""

    def __init__(self, app, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        guard = self.guard
        if not guard.host_allowed(headers.get("host")):
            return await _refuse(send, 400, "this server answers only to its own address (the Host header "
                                            f"{headers.get('host', '')!r} is not it)")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        cookie = _cookie(headers.get("cookie", ""), COOKIE)
        if guard.token is not None:
            if guard.token_ok(query.get("token")):
                if scope["method"] == "GET" and "token" in query:  # once in the URL, then as a cookie
                    location = local_location(scope["path"], scope.get("query_string", b""))
                    return await _redirect(send, location, guard.token)
            elif not guard.token_ok(cookie):
                return await _refuse(send, 403, "this workshop server needs its token: open the address "
                                                "printed when it started (it ends in ?token=…)")
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if origin is not None and origin.split("://", 1)[-1] != headers.get("host"):
                return await _refuse(send, 403, "an edit from another site is refused")
            if not guard.csrf_ok(headers.get("x-csrf-token")):
                return await _refuse(send, 403, "this edit does not carry the page's CSRF token: reload the page")
            length = headers.get("content-length")
            if length is not None and _refused_length(length):
                return await _refuse(send, 413, f"the request is larger than {MAX_BODY // 1024} KiB")
            receive = _limited(receive)
        try:
            return await self.app(scope, receive, send)
        except BodyTooLarge:
            return await _refuse(send, 413, f"the request is larger than {MAX_BODY // 1024} KiB")


def _refused_length(length: str) -> bool:
    """A Content-Length over MAX_BODY, or not a plain decimal number.

    Not str.isdigit and a bare int(): '²' is a digit to isdigit but not to int(), and int() refuses
    more than 4300 digits; both raised ValueError.
    """
    if not re.fullmatch(r"[0-9]+", length.strip()):
        return True
    digits = length.strip().lstrip("0") or "0"
    return len(digits) > len(str(MAX_BODY)) or int(digits) > MAX_BODY


# Characters a path or a query may hold as they are (RFC 3986 pchar); everything else is percent-encoded.
PATH_SAFE = "/!$&'()*+,;=:@-._~"
QUERY_SAFE = PATH_SAFE + "?"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_STRAY_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def local_location(path: str, query: bytes) -> str:
    """Where the token redirect sends the browser: the same page without the token, on this server only.

    The request's path is not copied: `//evil.example/`, `/\\evil.example/` or an absolute-form
    target (`GET http://evil.example/`) would send the browser to another site. The result starts
    with exactly one '/', has its dot segments resolved and is percent-encoded (the path arrives
    decoded: `%E2%9C%93` is '✓', and `%0D%0A` a line break that must not reach a header).
    """
    if _SCHEME.match(path):  # absolute-form request target: only its path names something here
        path = urlsplit(path).path
    cleaned = re.sub(r"/+", "/", "/" + path.replace("\\", "/"))  # a browser reads a backslash as '/'
    local = posixpath.normpath(cleaned)  # one leading '/' in, one out
    if cleaned.endswith("/") and local != "/":
        local += "/"
    location = quote(local, safe=PATH_SAFE, errors="replace")
    rest = _query_without_token(query)
    return location + (f"?{rest}" if rest else "")


def _query_without_token(query: bytes) -> str:
    """The query string as sent, minus `token=` (kept as bytes: its other values keep their encoding)."""
    kept = [part for part in query.split(b"&")
            if part and unquote_plus(part.partition(b"=")[0].decode("latin-1")) != "token"]
    return quote(_STRAY_PERCENT.sub(b"%25", b"&".join(kept)), safe=QUERY_SAFE + "%")


def _limited(receive):
    seen = 0

    async def limited():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise BodyTooLarge()
        return message
    return limited


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"error": "refused", "message": message}, allow_nan=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str, token: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("ascii")), (b"content-length", b"0"),
                            (b"set-cookie", f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/".encode())]})
    await send({"type": "http.response.body", "body": b""})
