"""Walk a built site the way a browser would: every link, anchor and asset must resolve."""

from __future__ import annotations

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
