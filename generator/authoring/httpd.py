"""The HTTP side of `briefing serve`, as strict as the host the site is published on.

- Every response carries the headers netlify.toml sets for its path (read from the file, so
  the two cannot drift): a page that breaks the Content-Security-Policy breaks here first.
- A request's line and headers must arrive within REQUEST_SECONDS, and a client that stops
  reading a response is dropped after WRITE_SECONDS, so slow or stalled clients cannot hold
  the server's threads; clients that go away are dropped without a word.
- Only a Host header a browser can send for the server's address is answered: a DNS name that
  merely resolves to it (DNS rebinding) is refused. Served on every address (0.0.0.0), the
  machine's IP addresses are accepted, so devices on the local network can open it by address.
- A port in use is an EnvironmentProblem; when the port was not asked for, the next free one
  is taken instead.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import re
import socket
import sys
import time
import tomllib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.diagnostics import EnvironmentProblem
from generator.output.folders import shown

REQUEST_SECONDS = 5.0  # for a request's line and headers to arrive
WRITE_SECONDS = 30.0  # for a client to take a response (or an event) off the server
PORT_TRIES = 20  # ports tried, one after another, when the default port is in use
_HOST = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9.-]+))"
                   r"(?::(?P<port>[0-9]{1,5}))?")
_LOCAL_ONLY_DIRECTIVES = ("upgrade-insecure-requests",)  # a browser honours them only on https,
# or on a loopback address over http; on a LAN address over http they would break every page


@dataclass(frozen=True)
class HeaderRule:
    """One `[[headers]]` table of netlify.toml: the paths it is for, and the headers."""

    pattern: re.Pattern[str]
    values: tuple[tuple[str, str], ...]


def find_netlify_toml(content_dir: Path) -> Path | None:
    """The netlify.toml of the project: beside the content folder, else in the working folder."""
    for folder in (content_dir.resolve().parent, Path.cwd()):
        if (folder / "netlify.toml").is_file():
            return folder / "netlify.toml"
    return None


def read_headers(path: Path) -> list[HeaderRule]:
    """The header rules of a netlify.toml, as Netlify reads them; an EnvironmentProblem if the
    file is not valid (Netlify would refuse it too)."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        return [HeaderRule(path_pattern(str(table["for"])), tuple(
            (name.strip(), header_value(value)) for name, value in table.get("values", {}).items()))
            for table in config.get("headers", [])]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError,
            AttributeError) as exc:
        problem = "no 'for' in a [[headers]] table" if isinstance(exc, KeyError) else str(exc)
        raise EnvironmentProblem(f"{shown(path)} cannot be read ({problem}): fix it, since "
                                 "Netlify reads it too") from None


def path_pattern(for_path: str) -> re.Pattern[str]:
    """Netlify's matching of a `for` path: `*` alone matches the rest (or nothing), `*` in a
    part anything, `:name` one part; a trailing slash is optional; letter case is ignored."""
    parts = []
    for part in (p.rstrip() for p in for_path.strip().split("/")):
        if not part:
            continue
        if part == "*":
            parts.append("?(.*)")
        elif part.startswith(":"):
            parts.append("([^/]+)")
        else:
            parts.append(".*".join(re.escape(piece) for piece in part.split("*")))
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


def header_value(value: Any) -> str:
    """A header's value as Netlify sends it: a list joined with commas, a string with its
    lines joined (a header is one line)."""
    if isinstance(value, list):
        return ", ".join(header_value(item) for item in value)
    if not isinstance(value, str):
        raise TypeError(f"a header value must be text, not {value!r}")
    return re.sub(r"\s*,\s*", ", ", " ".join(value.split()))


def headers_for(rules: list[HeaderRule], path: str, loopback: bool) -> dict[str, str]:
    """The headers netlify.toml sets for a request path; a later rule's header replaces an
    earlier one's of the same name. Off loopback, the CSP loses what only works on https."""
    found: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if rule.pattern.match(path):
            for name, value in rule.values:
                found[name.lower()] = (name, value)
    headers = dict(found.values())
    for name, value in list(headers.items()):
        if name.lower() == "content-security-policy" and not loopback:
            headers[name] = "; ".join(d for d in (part.strip() for part in value.split(";"))
                                      if d and d.split()[0] not in _LOCAL_ONLY_DIRECTIVES)
    return headers


class HostCheck:
    """Which Host headers a browser can send for the address a server listens on."""

    def __init__(self, asked: str, address: str, port: int) -> None:
        self.port = port
        bound = ipaddress.ip_address(address.split("%")[0])
        self.any_address = bound.is_unspecified  # every address of this machine
        self.names = {"localhost"} if bound.is_loopback or bound.is_unspecified else set()
        if not bound.is_unspecified:
            self.names.add(_literal(bound))
        if asked and _ip(asked) is None:
            self.names.add(asked.lower())  # the name it was asked to listen on

    def allows(self, header: str | None) -> bool:
        match = _HOST.fullmatch((header or "").strip())
        if match is None or int(match["port"] or 80) != self.port:
            return False
        address = _ip(match["v6"] or match["name"])
        if match["v6"] and address is None:
            return False
        if address is not None:
            return self.any_address or _literal(address) in self.names
        return match["name"].lower() in self.names

    def is_loopback(self, header: str | None) -> bool:
        match = _HOST.fullmatch((header or "").strip())
        if match is None:
            return False
        address = _ip(match["v6"] or match["name"])
        return address.is_loopback if address is not None else match["name"].lower() == "localhost"


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def _literal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return f"[{address.compressed}]" if address.version == 6 else str(address)


def resolve_request_path(raw: str) -> str | None:
    """The site file a request path names, or None if it tries to leave the site root."""
    path = urlsplit(raw).path
    if "\\" in path or "%5c" in path.lower():
        return None
    decoded = unquote(path)
    if "\\" in decoded or "\x00" in decoded or not decoded.startswith("/"):
        return None
    parts = decoded.split("/")[1:]
    if any(part in ("..", ".") for part in parts):
        return None
    rel = PurePosixPath(*[p for p in parts if p]).as_posix() if any(parts) else ""
    if rel in ("", "."):
        return "index.html"
    return rel + "/index.html" if decoded.endswith("/") else rel


class _Deadline(io.RawIOBase):
    """A socket's reading end that gives up at a deadline, however slowly bytes trickle in."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.until = float("inf")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.until - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self.sock.settimeout(min(left, WRITE_SECONDS))
        return self.sock.recv_into(buffer)


class StrictHandler(BaseHTTPRequestHandler):
    """A request handler whose request must arrive within REQUEST_SECONDS."""

    server: Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.reading = _Deadline(self.connection)
        self.rfile = io.BufferedReader(self.reading)

    def handle_one_request(self) -> None:
        self.reading.until = time.monotonic() + REQUEST_SECONDS  # for the next request, too
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()  # reads the headers, within the deadline
        self.reading.until = float("inf")
        self.connection.settimeout(WRITE_SECONDS)
        return parsed

    def site_headers(self, path: str) -> dict[str, str]:
        """What netlify.toml sets for this path."""
        return headers_for(self.server.header_rules, path,
                           self.server.hosts.is_loopback(self.headers.get("Host")))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class Server(ThreadingHTTPServer):
    """A threading HTTP server that drops clients that go away without a word."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[StrictHandler], family: int,
                 header_rules: list[HeaderRule]) -> None:
        self.address_family = family
        super().__init__(address, handler)
        self.header_rules = header_rules
        self.hosts = HostCheck(address[0], str(self.server_address[0]),
                               int(self.server_address[1]))

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client went away, or stalled: nothing to say
        print(f"briefing serve: error while answering {client_address[0]}: "
              f"{type(error).__name__}: {error} (please report this)", file=sys.stderr)


def listen(host: str, port: int, handler: type[StrictHandler], header_rules: list[HeaderRule],
           port_given: bool = True) -> Server:
    """A server on host and port. A port in use is an EnvironmentProblem if it was asked for;
    if not, the next free port is taken (see Server.server_address)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise EnvironmentProblem(f"cannot listen on {host}: no such address or host name; use "
                                 "127.0.0.1 (this machine only) or 0.0.0.0 (the local "
                                 "network too)") from None
    tries = [port] if port_given or port == 0 else list(range(port, port + PORT_TRIES))
    for candidate in tries:
        try:
            return Server((host, candidate), handler, family, header_rules)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and candidate != tries[-1]:
                continue
            raise EnvironmentProblem(_cannot_listen(exc, host, tries)) from None
    raise AssertionError("unreachable")


def _cannot_listen(exc: OSError, host: str, tries: list[int]) -> str:
    port = tries[-1]
    if exc.errno == errno.EADDRINUSE and len(tries) > 1:
        return (f"ports {tries[0]} to {port} on {host} are all in use: choose a free one with "
                "--port")
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is in use (by another briefing serve?): stop what uses "
                "it, or choose another --port (without --port, a free one is found)")
    if exc.errno == errno.EADDRNOTAVAIL:
        return (f"cannot listen on {host}: it is not an address of this machine; use 127.0.0.1 "
                "(this machine only) or 0.0.0.0 (the local network too)")
    if exc.errno == errno.EACCES:
        return f"port {port} needs administrator rights: choose one above 1023 with --port"
    return f"cannot listen on {host} port {port}: {(exc.strerror or str(exc)).lower()}"
