"""netlify.toml sends strict security headers, and the built briefing lives within them."""

from __future__ import annotations

import hashlib
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import build
from tests.conftest import REPO

NETLIFY = REPO / "netlify.toml"
CONTENT = REPO / "content"
SIX_MONTHS = 182 * 24 * 3600
FALLBACK = "default-src"
STRICT_REFERRERS = {"no-referrer", "same-origin", "strict-origin",
                    "strict-origin-when-cross-origin"}


def header_rules() -> dict[str, dict[str, str]]:
    """Path pattern -> headers, from netlify.toml."""
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))
    return {rule["for"]: rule["values"] for rule in config["headers"]}


def parse_csp(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            assert words[0] not in directives, f"{words[0]} appears twice"
            directives[words[0].lower()] = words[1:]
    return directives


def sources_for(csp: dict[str, list[str]], directive: str) -> list[str]:
    return csp.get(directive, csp.get(FALLBACK, []))


def allows(csp: dict[str, list[str]], directive: str, url: str) -> bool:
    """Whether the policy lets a page of the site load this URL for this directive."""
    sources = sources_for(csp, directive)
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:  # same origin
        return "'self'" in sources
    if parts.scheme in ("data", "blob"):
        return f"{parts.scheme}:" in sources
    return any(source.lower() in (f"{parts.scheme}:", parts.netloc.lower(),
                                  f"{parts.scheme}://{parts.netloc}".lower())
               for source in sources)


@pytest.fixture(scope="module")
def csp() -> dict[str, list[str]]:
    return parse_csp(header_rules()["/*"]["Content-Security-Policy"])


def test_every_path_gets_the_security_headers(csp: dict[str, list[str]]) -> None:
    headers = header_rules()["/*"]
    hsts = dict(re.findall(r"(max-age)=(\d+)", headers["Strict-Transport-Security"]))
    assert int(hsts["max-age"]) >= SIX_MONTHS
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in STRICT_REFERRERS
    denied = {item.split("=")[0] for item in headers["Permissions-Policy"].split(", ")
              if item.endswith("=()")}
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= denied
    assert csp["frame-ancestors"] == ["'none'"]


def test_the_policy_allows_no_inline_code_and_no_other_host(csp: dict[str, list[str]]) -> None:
    everything = [source for sources in csp.values() for source in sources]
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:",
                   "data:", "blob:"):
        assert unsafe not in everything, unsafe
    assert sources_for(csp, "object-src") == ["'none'"]
    assert sources_for(csp, "base-uri") in (["'none'"], ["'self'"])
    # ready for a Pagefind search: its scripts and WebAssembly, and fetching its index
    assert set(csp["script-src"]) == {"'self'", "'wasm-unsafe-eval'"}
    assert sources_for(csp, "style-src") == ["'self'"]
    assert "'self'" in sources_for(csp, "connect-src")


def test_only_fingerprinted_assets_are_cached_for_long(tmp_path: Path) -> None:
    rules = header_rules()
    long_lived = {pattern for pattern, values in rules.items()
                  if "immutable" in values.get("Cache-Control", "")
                  or re.search(r"max-age=[1-9]", values.get("Cache-Control", ""))}
    assert long_lived == {"/assets/*"}
    assert "immutable" in rules["/assets/*"]["Cache-Control"]
    out = tmp_path / "site"
    assert build(CONTENT, out).ok
    assets = [p for p in (out / "assets").rglob("*") if p.is_file()]
    assert assets
    for path in assets:  # name.<first 10 hex digits of the content's sha256>.ext
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        assert path.name.split(".")[-2] == digest, path.name


DATA_BLOCK_TYPES = ("application/ld+json", "application/json")


class _Loads(HTMLParser):
    """What a page would ask the browser to run or load, by CSP directive."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (directive, url)
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.inline.append(f"<{tag} style=>")
        self.inline += [f"<{tag} {name}=>" for name in values if name.startswith("on")]
        rel = values.get("rel", "").split()
        if tag == "script":
            if "src" in values:
                self.loads.append(("script-src", values["src"]))
            elif values.get("type", "").lower() not in DATA_BLOCK_TYPES:
                self.inline.append("inline <script>")  # a data block (JSON-LD) never runs
        elif tag == "style":
            self.inline.append("inline <style>")
        elif tag == "link" and "stylesheet" in rel:
            self.loads.append(("style-src", values.get("href", "")))
        elif tag == "link" and {"icon", "apple-touch-icon"} & set(rel):
            self.loads.append(("img-src", values.get("href", "")))
        elif tag == "link" and "manifest" in rel:
            self.loads.append(("manifest-src", values.get("href", "")))
        elif tag == "link" and {"preload", "modulepreload", "prefetch"} & set(rel):
            self.loads.append(("default-src", values.get("href", "")))
        elif tag in ("img", "source", "video", "audio", "iframe", "embed", "object", "track"):
            directive = {"img": "img-src", "iframe": "frame-src", "embed": "object-src",
                         "object": "object-src"}.get(tag, "media-src")
            for name in ("src", "data", "poster", "srcset"):
                if name in values:
                    self.loads.append((directive, values[name].split()[0] if values[name]
                                       else ""))
        elif tag == "base":
            self.inline.append("<base> element")
        elif tag == "meta" and values.get("http-equiv", "").lower() in (
                "content-security-policy", "refresh"):
            self.inline.append(f"<meta http-equiv={values['http-equiv']}>")


def page_loads(html: str) -> _Loads:
    parser = _Loads()
    parser.feed(html)
    return parser


def test_the_checker_notices_what_the_policy_would_block(csp: dict[str, list[str]]) -> None:
    page = page_loads('<script>alert(1)</script><p style="x" onclick="y">'
                      '<img src="https://cdn.example/x.png"><link rel="stylesheet" href="a.css">'
                      '<script type="application/ld+json">{}</script>')
    assert page.inline == ["inline <script>", "<p style=>", "<p onclick=>"]
    assert [(d, u) for d, u in page.loads if not allows(csp, d, u)] == [
        ("img-src", "https://cdn.example/x.png")]


def test_the_built_briefing_needs_nothing_the_policy_forbids(tmp_path: Path,
                                                            csp: dict[str, list[str]]) -> None:
    out = tmp_path / "site"
    assert build(CONTENT, out).ok
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 60
    loaded: set[str] = set()
    for path in pages:
        page = page_loads(path.read_text(encoding="utf-8"))
        rel = path.relative_to(out).as_posix()
        assert page.inline == [], rel
        for directive, url in page.loads:
            assert allows(csp, directive, url), (rel, directive, url)
            loaded.add((path.parent / url).resolve().relative_to(out.resolve()).as_posix())
    assert loaded and all(name.startswith("assets/") for name in loaded)
    for name in loaded:  # what the stylesheets load in turn
        if name.endswith(".css"):
            css = (out / name).read_text(encoding="utf-8")
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
                assert allows(csp, "img-src", url) or allows(csp, "font-src", url), url
            assert "@import" not in css and "expression(" not in css
