"""Files for feed readers and crawlers: an Atom feed of the sources, sitemap.xml, robots.txt.

The feed is always written; its links are relative to the feed (at the site root) unless the
base URL is known. A sitemap must list absolute URLs, so sitemap.xml and robots.txt (which
points to it) are written only when the base URL is known.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Iterable, Mapping

from generator import urls
from generator.rendering.metadata import absolute
from generator.content.model import Article, Site
from generator.linking.articles import ArticleText

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUMMARY_CHARS = 400


def timestamp(value: str) -> str:
    """A briefing date ('2023-09-13', '2023-09' or '2023') as an RFC 3339 timestamp."""
    parts = (value.split("-") + ["01", "01"])[:3]
    return "-".join(parts) + "T00:00:00Z"


def _stable_id(site: Site, key: str) -> str:
    """An absolute IRI that names one item of this briefing forever, with no base URL."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"briefing:{site.title}:{key}").urn


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


FEED_ENTRIES = 50


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(site: Site, articles: Iterable[Article], texts: Mapping[str, ArticleText],
              base_url: str | None) -> bytes:
    """An Atom feed of the newest source articles (FEED_ENTRIES at most), newest first.

    Feed readers fetch the feed again and again: it holds what is new, not the archive.
    """
    ET.register_namespace("", ATOM)
    ordered = sorted(articles, key=lambda a: (a.published, a.id), reverse=True)[:FEED_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: site.language})
    _add(feed, "title", f"{site.title}: sources")
    if site.subtitle:
        _add(feed, "subtitle", site.subtitle)
    home = absolute(base_url, urls.home())
    _add(feed, "id", home or _stable_id(site, "feed"))
    _add(feed, "updated", timestamp(ordered[0].published) if ordered else "1970-01-01T00:00:00Z")
    _add(feed, "link", rel="alternate", type="text/html", href=home or urls.pretty(urls.home()))
    if base_url:
        _add(feed, "link", rel="self", type="application/atom+xml",
             href=base_url.rstrip("/") + "/" + urls.feed())
    _add(_add(feed, "author"), "name", site.title)
    _add(feed, "generator", "Briefing")
    for article in ordered:
        entry = _add(feed, "entry")
        page = absolute(base_url, urls.source(article.id))
        _add(entry, "title", article.title)
        _add(entry, "id", page or _stable_id(site, f"sources/{article.id}"))
        _add(entry, "link", rel="alternate", type="text/html",
             href=page or urls.pretty(urls.source(article.id)))
        if article.url:
            _add(entry, "link", rel="related", type="text/html", href=article.url)
        _add(entry, "published", timestamp(article.published))
        _add(entry, "updated", timestamp(article.published))
        _add(_add(entry, "author"), "name", article.publisher)
        first = next((p.text for p in texts[article.id].paragraphs), "")
        if first:
            summary = first if len(first) <= SUMMARY_CHARS else \
                first[:first.rfind(" ", 0, SUMMARY_CHARS)] + "…"
            _add(entry, "summary", summary)
    return _xml(feed)


def sitemap(pages: Iterable[str], base_url: str) -> bytes:
    """sitemap.xml listing every page's public URL."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in sorted(pages, key=lambda p: (p != urls.home(), p)):
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = absolute(base_url, page)
    return _xml(root)


def robots(base_url: str) -> bytes:
    """robots.txt: everything may be crawled except the search page; where the sitemap is."""
    lines = ["User-agent: *", f"Disallow: {_path_of(base_url)}{urls.pretty(urls.search())}",
             "", f"Sitemap: {base_url.rstrip('/')}/sitemap.xml", ""]
    return "\n".join(lines).encode("utf-8")


def _path_of(base_url: str) -> str:
    """The path part of the base URL, ending with '/': 'https://x.org/brief' -> '/brief/'."""
    rest = base_url.split("://", 1)[-1]
    path = rest[rest.find("/"):] if "/" in rest else "/"
    return path.rstrip("/") + "/"
