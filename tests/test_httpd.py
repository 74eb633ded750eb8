"""`briefing serve` is as strict as the host: netlify.toml's headers, timeouts, quiet
disconnects, Host checks, ports. Every server here listens on loopback only."""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
import tomllib
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given, strategies as st

from generator.authoring import httpd
from generator.authoring.httpd import HostCheck, headers_for, path_pattern, read_headers
from generator.authoring.serve import DevServer
from generator.build import DEFAULT_TEMPLATES
from generator.diagnostics import EnvironmentProblem
from tests.conftest import REPO

NETLIFY = REPO / "netlify.toml"


@pytest.fixture
def server(mini: Path) -> Iterator[DevServer]:
    dev = DevServer(mini, DEFAULT_TEMPLATES, port=0, quiet=0.2, netlify_toml=NETLIFY)
    dev.start()
    yield dev
    dev.stop()


def get(port: int, path: str, host: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    conn.endheaders()
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def published(path: str) -> dict[str, str]:
    """What netlify.toml says Netlify sends for a path, read here with tomllib alone."""
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    for rule in config["headers"]:
        prefix = rule["for"].rstrip("*")
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            headers.update(rule["values"])
    return headers


@pytest.mark.parametrize("path", ["/", "/people/leader-a/", "/sources/wire/", "/feed.xml",
                                  "/entities.json", "/assets/", "/people/leader-a", "/missing/",
                                  "/__briefing/reload.js", "/__briefing/status"])
def test_every_response_carries_the_published_headers(server: DevServer, path: str) -> None:
    response = get(server.port, path)
    expected = published(path)
    if response.status != 200:
        expected.pop("Cache-Control", None)
    for name, value in expected.items():
        assert response.getheader(name) == value, name
    assert len(response.headers.get_all("Cache-Control") or []) == 1


def test_a_hashed_asset_is_sent_as_netlify_sends_it(server: DevServer) -> None:
    [css] = [p for p in server.state.files if p.startswith("assets/") and p.endswith(".css")]
    response = get(server.port, f"/{css}")
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Security-Policy") == published("/")[
        "Content-Security-Policy"]


def test_the_project_netlify_toml_is_found_beside_the_content(tmp_path: Path, mini: Path) -> None:
    (tmp_path / "netlify.toml").write_text('[[headers]]\n  for = "/*"\n  [headers.values]\n'
                                           '    X-Test = "from the project"\n')
    dev = DevServer(mini, DEFAULT_TEMPLATES, port=0, quiet=0.2)
    dev.start()
    try:
        assert get(dev.port, "/").getheader("X-Test") == "from the project"
    finally:
        dev.stop()


def test_a_broken_netlify_toml_is_one_line(tmp_path: Path, mini: Path) -> None:
    bad = tmp_path / "netlify.toml"
    bad.write_text('[[headers]]\n  for = "/*\n')
    with pytest.raises(EnvironmentProblem) as raised:
        DevServer(mini, DEFAULT_TEMPLATES, port=0)
    assert str(raised.value).startswith(f"{bad} cannot be read (")
    assert str(raised.value).endswith("): fix it, since Netlify reads it too")


parts = st.from_regex(r"\A[a-z0-9._-]{1,6}\Z")


@given(st.lists(parts, max_size=3), st.lists(parts, max_size=3), st.booleans())
def test_for_paths_match_as_on_netlify(prefix: list[str], rest: list[str], slash: bool) -> None:
    """`/a/*` matches /a, /a/ and everything below; `/a/:x` one part below; a plain path only
    itself, with or without a trailing slash, in any letter case."""
    base = "/" + "/".join(prefix)
    path = base.rstrip("/") + ("/" + "/".join(rest) if rest else "") + ("/" if slash else "")
    path = path or "/"
    assert path_pattern(base.rstrip("/") + "/*").match(path)
    assert bool(path_pattern(base.rstrip("/") + "/:name").match(path)) == (len(rest) == 1)
    assert bool(path_pattern(base).match(path)) == (not rest)
    assert path_pattern(base.upper()).match(base + ("/" if slash else ""))


def test_later_rules_win_and_values_are_one_line(tmp_path: Path) -> None:
    toml = tmp_path / "netlify.toml"
    toml.write_text('[[headers]]\n  for = "/*"\n  [headers.values]\n    X-A = "first"\n'
                    "    Cache-Control = '''\n      max-age=0,\n      no-cache'''\n"
                    '    X-List = ["a", "b"]\n'
                    '[[headers]]\n  for = "/a/*"\n  [headers.values]\n    x-a = "second"\n')
    rules = read_headers(toml)
    assert headers_for(rules, "/b", True) == {
        "X-A": "first", "Cache-Control": "max-age=0, no-cache", "X-List": "a, b"}
    assert headers_for(rules, "/a/x", True)["x-a"] == "second"
    assert "X-A" not in headers_for(rules, "/a/x", True)


def test_off_loopback_the_policy_drops_what_needs_https(server: DevServer) -> None:
    """Opened by a device on the network (http, not loopback), upgrade-insecure-requests would
    send the page's own assets to https, which `serve` does not speak."""
    dev = DevServer(server.content_dir, DEFAULT_TEMPLATES, host="0.0.0.0", port=0,
                    netlify_toml=NETLIFY)
    dev.start()
    try:
        csp = get(dev.port, "/", f"192.0.2.7:{dev.port}").getheader("Content-Security-Policy")
        assert csp == published("/")["Content-Security-Policy"].replace(
            "; upgrade-insecure-requests", "")
        assert get(dev.port, "/", f"localhost:{dev.port}").getheader(
            "Content-Security-Policy") == published("/")["Content-Security-Policy"]
    finally:
        dev.stop()


# ---------------------------------------------------------------------------- Host checks

names = st.one_of(st.sampled_from(["localhost", "LOCALHOST", "127.0.0.1", "[::1]", "0.0.0.0",
                                   "127.0.0.2", "192.0.2.7", "[2001:db8::1]", "evil.example",
                                   "localhost.evil.example", "127.0.0.1.evil.example",
                                   "[::1]evil.example", "localhost.", "[::1", "", "::1",
                                   "127.1", "0x7f.1", "[::ffff:127.0.0.1]"]),
                  st.from_regex(r"\A[a-z0-9.-]{1,20}\Z"), st.text(max_size=12))
ports = st.sampled_from(["", ":8000", ":8001", ":80", ":08000", ":", ":x"])


@given(names, ports)
def test_on_loopback_only_the_names_a_browser_sends_for_it_are_answered(name: str,
                                                                        port: str) -> None:
    check = HostCheck("127.0.0.1", "127.0.0.1", 8000)
    allowed = name.lower() in ("localhost", "127.0.0.1") and port in (":8000", ":08000")
    assert check.allows(name + port) == allowed


@given(names, ports)
def test_on_every_address_ip_literals_are_answered_and_names_are_not(name: str,
                                                                     port: str) -> None:
    """Served on 0.0.0.0 for the network: any address of the machine may be typed in a
    browser, but a DNS name pointing at it may be an attacker's (DNS rebinding)."""
    check = HostCheck("0.0.0.0", "0.0.0.0", 8000)
    literal = name.lower() == "localhost" or name in (
        "127.0.0.1", "[::1]", "0.0.0.0", "127.0.0.2", "192.0.2.7", "[2001:db8::1]",
        "[::ffff:127.0.0.1]") or (name.count(".") == 3 and _ipv4(name))
    assert check.allows(name + port) == (literal and port in (":8000", ":08000"))


def _ipv4(text: str) -> bool:
    pieces = text.split(".")
    return all(p.isdigit() and p.isascii() and int(p) < 256 and (p == "0" or not p.startswith("0"))
               for p in pieces)


@pytest.mark.parametrize("host", ["[::1]evil.example", "127.0.0.1.evil.example", "evil.example",
                                  "localhost", "127.0.0.1:1", "[::1]"])
def test_other_hosts_are_forbidden_over_http(server: DevServer, host: str) -> None:
    host = host if ":" in host and not host.startswith("[::1]") else \
        (f"{host}:{server.port}" if host != "localhost" else host)
    response = get(server.port, "/", host)
    assert response.status == 403
    assert response.getheader("Content-Security-Policy")  # refusals carry the headers too


# ------------------------------------------------------------------- slow and gone clients

def test_half_sent_requests_are_closed_and_free_their_threads(
        server: DevServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(httpd, "REQUEST_SECONDS", 0.5)
    before = threading.active_count()
    slow = []
    for _ in range(40):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(sock)
    for _ in range(6):  # a header every 0.2 s: each arrives in time, the whole request never
        for sock in slow:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        time.sleep(0.2)
    for sock in slow:
        assert sock.recv(100) == b""  # closed by the server, with nothing sent
        sock.close()
    deadline = time.monotonic() + 10
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before
    assert get(server.port, "/").status == 200


def test_clients_that_go_away_are_dropped_quietly(server: DevServer,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    for _ in range(20):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        request = f"GET /sources/wire/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n"
        sock.sendall(request.encode() * 30)  # pipelined; gone before the answers are read
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # a reset, as when a tab is closed mid-load
    time.sleep(0.5)
    assert get(server.port, "/").status == 200
    out, err = capfd.readouterr()
    assert err == "" and "Traceback" not in out


# --------------------------------------------------------------------------------- ports

def busy_port() -> socket.socket:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder


def test_a_busy_port_asked_for_is_one_line(mini: Path) -> None:
    with busy_port() as holder:
        port = holder.getsockname()[1]
        with pytest.raises(EnvironmentProblem) as raised:
            DevServer(mini, DEFAULT_TEMPLATES, port=port)
    assert str(raised.value) == (f"port {port} on 127.0.0.1 is in use (by another briefing "
                                 "serve?): stop what uses it, or choose another --port (without "
                                 "--port, a free one is found)")


def test_a_busy_default_port_moves_to_the_next_free_one(mini: Path) -> None:
    with busy_port() as holder:
        port = holder.getsockname()[1]
        dev = DevServer(mini, DEFAULT_TEMPLATES, port=port, port_given=False)
        try:
            assert port < dev.port < port + httpd.PORT_TRIES
            dev.start()
            assert get(dev.port, "/").status == 200
        finally:
            dev.stop()


def test_on_ipv6_loopback_its_literal_is_answered(mini: Path) -> None:
    try:
        dev = DevServer(mini, DEFAULT_TEMPLATES, host="::1", port=0)
    except EnvironmentProblem:
        pytest.skip("this machine has no IPv6 loopback")
    dev.start()
    try:
        conn = http.client.HTTPConnection("::1", dev.port, timeout=10)
        for host, status in ((f"[::1]:{dev.port}", 200), (f"localhost:{dev.port}", 200),
                             (f"127.0.0.1:{dev.port}", 403)):
            conn.request("GET", "/", headers={"Host": host})
            response = conn.getresponse()
            response.read()
            assert response.status == status, host
            conn.close()
    finally:
        dev.stop()
