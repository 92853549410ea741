"""`journeymap serve` against hostile requests sent byte for byte (issue 25): non-ASCII secrets and
paths are answered with a 4xx or a working redirect and no traceback in the server's log, and the
`?token=` redirect never leads to another site.

The requests go over a raw connection (http.client with the exact request line): httpx would
normalise `//evil.example/` or an absolute-form target before sending it.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
from urllib.parse import urljoin, urlsplit

import pytest

from journeymap.serve.guard import COOKIE, _refused_length, local_location

from support.serving import Server, client, copy_samples

SHOP = "online-shop/first-purchase.journey.yaml"


@pytest.fixture
def lan(tmp_path):
    """A server reachable from other machines (so every request needs the token), with editing on.

    After the test it must stop cleanly and its log must hold no traceback: a server answers bad
    input with a 4xx, not with a 500 and a stack in its log.
    """
    server = Server(copy_samples(tmp_path), "--edit", "--host", "0.0.0.0")
    yield server
    assert server.stop() == 0
    log = server.log()
    assert "Traceback" not in log and "Exception in ASGI application" not in log, log


def send(server: Server, method: str, target: str, headers: dict | None = None, body: bytes = b""):
    """One request with `target` as written on the request line; the response (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": f"127.0.0.1:{server.port}", **(headers or {})}.items():
            connection.putheader(name, value)   # a bytes value goes out as it is, non-ASCII bytes included
        if body or method == "POST":
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body or None)
        response = connection.getresponse()
        return response.status, response, response.read()
    finally:
        connection.close()


def test_non_ascii_secrets_are_refused_with_a_403(lan):
    refusals = [("GET", "/?token=%C3%A9", {}),                                           # the token in the URL
                ("GET", "/", {"Cookie": f"{COOKIE}=".encode() + b"\xc3\xa9"}),          # the token as a cookie
                ("GET", "/", {"Cookie": f"{COOKIE}=".encode() + b"\xff"}),              # not even UTF-8
                ("POST", "/api/edit", {"Cookie": f"{COOKIE}={lan.token}", "Content-Type": "application/json",
                                       "X-CSRF-Token": b"\xc3\xa9"})]                   # the CSRF token
    for method, target, headers in refusals:
        status, _, body = send(lan, method, target, headers, b"{}" if method == "POST" else b"")
        assert status == 403, (target, headers, status)
        assert json.loads(body)["error"] == "refused"


def test_a_non_ascii_path_with_the_token_redirects_to_it_percent_encoded(lan):
    status, response, _ = send(lan, "GET", f"/map/%E2%9C%93?token={lan.token}")
    assert status == 303
    assert response.getheader("Location") == "/map/%E2%9C%93"
    assert f"{COOKIE}={lan.token}" in response.getheader("Set-Cookie")
    status, _, body = send(lan, "GET", "/map/%E2%9C%93", {"Cookie": f"{COOKIE}={lan.token}"})
    assert status == 404 and "✓" in json.loads(body)["message"]      # the redirect works: no such map


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example/", "/%2F%2Fevil.example/", "http://evil.example/",
    "/%5C%5Cevil.example/", "/\\/evil.example/", "/./%2F/evil.example/", "/..//evil.example/",
    "https:%2F%2Fevil.example/", "/%0D%0ALocation:%20http://evil.example/",
])
def test_the_token_redirect_stays_on_this_server(lan, target):
    status, response, _ = send(lan, "GET", f"{target}?token={lan.token}&view=projector")
    assert status == 303, target
    location = response.getheader("Location")
    assert re.fullmatch(r"/(?![/\\])[\x21-\x7e]*", location), location   # one '/', then printable ASCII only
    assert "\\" not in location and "token" not in location
    here = f"http://127.0.0.1:{lan.port}"
    assert urlsplit(urljoin(here + "/", location)).netloc == f"127.0.0.1:{lan.port}"   # where a browser goes
    assert location.endswith("?view=projector")


def test_a_json_body_nested_too_deep_for_the_parser_is_refused(lan):
    status, _, page = send(lan, "GET", f"/map/{SHOP}", {"Cookie": f"{COOKIE}={lan.token}"})
    csrf = json.loads(re.search(rb'id="serve-data">(.*?)</script>', page).group(1))["csrf"]
    status, _, body = send(lan, "POST", "/api/edit", {"Cookie": f"{COOKIE}={lan.token}", "X-CSRF-Token": csrf},
                           b"[" * 60_000)
    assert status == 400 and "not JSON" in json.loads(body)["message"]


@pytest.mark.parametrize("path, query, expected", [
    ("/map/a b/✓", b"token=t", "/map/a%20b/%E2%9C%93"),
    ("//evil.example/x", b"", "/evil.example/x"),
    ("/\\evil.example", b"", "/evil.example"),
    ("http://evil.example/map/x", b"token=t", "/map/x"),
    ("/../../etc/", b"", "/etc/"),
    ("/", b"view=projector&token=t&%74oken=t&x=%zz+1&y=\xc3\xa9", "/?view=projector&x=%25zz+1&y=%C3%A9"),
    ("/a\r\nSet-Cookie: x=1", b"", "/a%0D%0ASet-Cookie:%20x=1"),
])
def test_the_redirect_target_is_a_percent_encoded_path_here(path, query, expected):
    assert local_location(path, query) == expected


@pytest.mark.parametrize("length, refused", [("12", False), ("0065536", False), ("65537", True), ("²", True),
                                             ("٣", True), ("9" * 5000, True), ("", True), ("-1", True)])
def test_a_content_length_is_a_plain_decimal_number(length, refused):
    assert _refused_length(length) is refused   # never a ValueError ('²'.isdigit() is True, int('²') fails)


def test_a_file_name_that_is_not_utf8_leaves_the_other_maps_served(tmp_path):
    """Not a request, the same hazard: bytes that are not UTF-8 in a name under the served folder (an old zip's
    'café' in Latin-1) made the index a 500 (quote() of the name) and stopped the watcher with a traceback."""
    folder = copy_samples(tmp_path)
    odd = os.fsencode(folder) + b"/caf\xe9"
    try:
        os.mkdir(odd)
    except OSError:   # a file system that takes only UTF-8 names has no such folder
        pytest.skip("this file system refuses names that are not UTF-8")
    shutil.copy(folder / SHOP, odd + b"/caf\xe9.journey.yaml")
    server = Server(folder)
    try:
        with client(server) as http:
            index = http.get("/")
            assert index.status_code == 200 and f'href="/map/{SHOP}"' in index.text
            assert http.get(f"/map/{SHOP}").status_code == 200
    finally:
        assert server.stop() == 0
    assert "not served: caf\\xe9/caf\\xe9.journey.yaml" in server.process.stdout.read()   # said at the start
    log = server.log()
    assert "Traceback" not in log, log
