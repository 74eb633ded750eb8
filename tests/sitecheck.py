"""Walk a built site the way a browser would: every link, anchor and asset must resolve."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every internal link or #anchor that does not resolve, and every off-site asset."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    problems = []
    for path, page in pages.items():
        rel = path.relative_to(site).as_posix()
        for tag, attr, url in page.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto"):
                if tag != "a":
                    problems.append(f"{rel}: <{tag} {attr}> loads from another host: {url}")
                continue
            if parts.scheme or parts.netloc:
                problems.append(f"{rel}: unexpected URL {url}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                problems.append(f"{rel}: broken link {url}")
                continue
            fragment = unquote(parts.fragment.split(":~:", 1)[0])
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{rel}: missing anchor #{fragment} in {url}")
    return problems


# ------------------------------------------------------------------ executable markup

# Elements the templates and the Markdown renderer produce; anything else came from input.
KNOWN_ELEMENTS = frozenset(
    "html head meta title link body a header nav ul ol li main footer div p span h1 h2 h3 h4 h5 "
    "h6 section article aside table caption thead tbody tr th td dl dt dd dfn time figure "
    "figcaption blockquote em strong code pre hr br img s cite sup label search details summary "
    "mark fieldset legend "
    # inside the pictures the templates draw (an <svg> of exactly their shape, below)
    "g rect path circle line text tspan".split())
FORBIDDEN_ELEMENTS = frozenset(
    "script style iframe frame frameset object embed applet svg math base form input button "
    "textarea select template noscript portal".split())
URL_ATTRIBUTES = frozenset(
    "href src action formaction xlink:href poster data background cite srcset ping".split())
FORBIDDEN_ATTRIBUTES = frozenset("style srcdoc formaction action http-equiv".split())
SAFE_SCHEMES = ("http", "https", "mailto")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in an attribute value (entities already decoded)."""
    cleaned = url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11"
                        "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "")
    head, colon, _ = cleaned.partition(":")
    if not colon or not head or not head[0].isascii() or not head[0].isalpha():
        return None
    if all(ch.isascii() and (ch.isalnum() or ch in "+-.") for ch in head):
        return head.lower()
    return None


# The template-made exceptions to FORBIDDEN_ELEMENTS, each allowed only in exactly this shape:
# the site's own scripts, JSON-LD data, the search form (same-site, GET, no handlers), the
# compare page's filter (radio buttons) and the pictures drawn at build time.
SITE_SCRIPT = re.compile(r"(\.\./)*assets/[a-z]+\.[0-9a-f]{10}\.js")
SEARCH_ACTION = re.compile(r"(\.\./)*(search/)?index\.html")
FORM_FIELDS = {"input": {"type": {"search", "radio"}}, "button": {"type": {"submit"}}}
PICTURE = re.compile(r"map|connections|axis")
PICTURE_ATTRIBUTES = {"class", "viewbox", "role", "aria-labelledby", "xmlns"}


def _template_made(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag == "svg":
        return (set(attrs) == PICTURE_ATTRIBUTES and attrs["role"] == "group"
                and attrs["xmlns"] == "http://www.w3.org/2000/svg"
                and PICTURE.fullmatch(attrs.get("class") or "") is not None)
    if tag == "script":
        if set(attrs) == {"type"}:
            return attrs["type"] == "application/ld+json"
        return (set(attrs) <= {"src", "defer"}
                and SITE_SCRIPT.fullmatch(attrs.get("src") or "") is not None)
    if tag == "form":
        return (set(attrs) <= {"action", "method", "class"} and attrs.get("method") == "get"
                and SEARCH_ACTION.fullmatch(attrs.get("action") or "") is not None)
    if tag in FORM_FIELDS:
        return all(attrs.get(name) in allowed for name, allowed in FORM_FIELDS[tag].items())
    return False


class _Executable(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_data_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _template_made(tag, dict(attrs))
        if tag == "script" and allowed:
            self.in_data_script = dict(attrs).get("type") == "application/ld+json"
        if tag in FORBIDDEN_ELEMENTS and not allowed and not (
                tag == "link" and dict(attrs).get("rel") == "stylesheet"):
            self.problems.append(f"<{tag}> element")
        elif tag not in KNOWN_ELEMENTS and not allowed:
            self.problems.append(f"unexpected <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=> event handler")
            elif name in FORBIDDEN_ATTRIBUTES and not (allowed and tag == "form"):
                self.problems.append(f"<{tag} {name}=> attribute")
            elif name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"<{tag} {name}={value!r}>: {scheme}: URL")
            if tag == "meta" and name not in ("charset", "name", "property", "content"):
                self.problems.append(f"<meta {name}=> attribute")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.in_data_script:  # JSON-LD: data only, and nothing that could end the element
            self.in_data_script = False
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("<script type=application/ld+json> that is not JSON")
            if "<" in data:
                self.problems.append("'<' inside JSON-LD")

    def handle_endtag(self, tag: str) -> None:
        self.in_data_script = False

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment <!--{data}-->")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration <![{data}]>")


def executable_markup(html: str) -> list[str]:
    """Everything in a page that could run script or load from elsewhere: should be empty."""
    parser = _Executable()
    parser.feed(html)
    parser.close()
    return parser.problems
