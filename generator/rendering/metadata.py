"""What a page says about itself to machines: canonical URL, Open Graph and JSON-LD.

JSON-LD follows schema.org: NewsArticle for sources, Person, Place, Organization, Event or
Thing for profiles, DefinedTermSet for the glossary, WebSite for the home page and WebPage or
CollectionPage for the rest. URLs that must be absolute (canonical, og:url, JSON-LD `url`)
are given only when the site's base URL is known.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from generator import urls
from generator.content.model import Article, Profile, Site, Term
from generator.content.schema import Md

SCHEMA_TYPES = {"person": "Person", "place": "Place", "organization": "Organization",
                "event": "Event", "system": "Thing"}
CREATIVE_WORKS = {"WebSite", "WebPage", "CollectionPage", "NewsArticle", "DefinedTermSet"}
_WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_MARKUP_RE = re.compile(r"[*_`#>]|\[|\]\([^)]*\)|\]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class PageMeta:
    canonical: str | None
    og_type: str
    og_locale: str
    og_extra: tuple[tuple[str, str], ...]
    json_ld: Markup


def absolute(base_url: str | None, path: str) -> str | None:
    """The public URL of a site path (`people/kim/index.html#x`), or None without a base URL."""
    if not base_url:
        return None
    page, hash_, fragment = path.partition("#")
    return base_url.rstrip("/") + "/" + urls.pretty(page) + hash_ + fragment


def plain(text: Md | str | None, names: Callable[[str], str | None]) -> str:
    """Markdown as plain text: `[[id]]` becomes the name it links to, markup is dropped."""
    if text is None:
        return ""
    source = text.source if isinstance(text, Md) else text

    def wikilink(match: re.Match[str]) -> str:
        return match.group(2) or names(match.group(1).strip()) or match.group(1)

    return " ".join(_MARKUP_RE.sub("", _WIKILINK_RE.sub(wikilink, source)).split())


def shorten(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit].rstrip(" ,;:") + "…"


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a `<script type="application/ld+json">`; no text in it can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def og_locale(language: str) -> str:
    """'en' -> 'en', 'en-gb' -> 'en_GB' (Open Graph writes locales with an underscore)."""
    lang, _, region = language.replace("_", "-").partition("-")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


class Describer:
    """Makes the PageMeta of each kind of page of one site."""

    def __init__(self, site: Site, base_url: str | None,
                 kinds: Callable[[str], tuple[str, str] | None]) -> None:
        """kinds(id) gives (kind, name) of a profile or term, or None."""
        self.site = site
        self.base_url = base_url
        self.kinds = kinds

    def names(self, item_id: str) -> str | None:
        found = self.kinds(item_id)
        return found[1] if found else None

    def plain(self, text: Md | str | None) -> str:
        return plain(text, self.names)

    def _meta(self, path: str, ld: dict[str, Any], og_type: str = "website",
              og_extra: tuple[tuple[str, str], ...] = ()) -> PageMeta:
        url = absolute(self.base_url, path)
        data: dict[str, Any] = {"@context": "https://schema.org", **ld}
        if url:
            data.setdefault("url", url)
        if data["@type"] in CREATIVE_WORKS:
            data.setdefault("inLanguage", self.site.language)
        return PageMeta(url, og_type, og_locale(self.site.language), og_extra, json_ld(data))

    def page(self, path: str, title: str, description: str, collection: bool = False) -> PageMeta:
        ld = {"@type": "CollectionPage" if collection else "WebPage", "name": title,
              "description": description,
              "isPartOf": {"@type": "WebSite", "name": self.site.title}}
        return self._meta(path, ld)

    def home(self, path: str, description: str) -> PageMeta:
        ld: dict[str, Any] = {"@type": "WebSite", "name": self.site.title,
                              "description": description}
        search = absolute(self.base_url, urls.search())
        if search:
            ld["potentialAction"] = {"@type": "SearchAction",
                                     "target": search + "?q={search_term_string}",
                                     "query-input": "required name=search_term_string"}
        return self._meta(path, ld)

    def source(self, path: str, article: Article, description: str) -> PageMeta:
        publisher = {"@type": "Organization", "name": article.publisher}
        ld: dict[str, Any] = {"@type": "NewsArticle", "headline": shorten(article.title, 110),
                              "name": article.title, "description": description,
                              "datePublished": article.published, "publisher": publisher,
                              "author": publisher}
        if article.dateline:
            ld["dateline"] = article.dateline
        if article.url:
            ld["sameAs"] = article.url
        own = absolute(self.base_url, path)
        if own:
            ld["mainEntityOfPage"] = own
        extra = (("article:published_time", article.published),)
        return self._meta(path, ld, "article", extra)

    def profile(self, path: str, profile: Profile, description: str) -> PageMeta:
        ld: dict[str, Any] = {"@type": SCHEMA_TYPES.get(profile.kind, "Thing"),
                              "name": profile.name, "description": description}
        if profile.aliases:
            ld["alternateName"] = list(profile.aliases)
        fields = dict(profile.fields)

        def text(name: str) -> str:
            value = fields.get(name)
            if isinstance(value, (list, tuple)):
                return ", ".join(self.plain(v) for v in value)
            return self.plain(value) if value else ""

        if profile.kind == "person":
            if text("role"):
                ld["jobTitle"] = text("role")
            if text("affiliation"):
                ld["affiliation"] = {"@type": "Organization", "name": text("affiliation")}
            if text("nationality"):
                ld["nationality"] = {"@type": "Country", "name": text("nationality")}
        elif profile.kind == "place":
            if text("located_in"):
                ld["containedInPlace"] = {"@type": "Place", "name": text("located_in")}
        elif profile.kind == "organization":
            if text("headquarters"):
                ld["location"] = {"@type": "Place", "name": text("headquarters")}
        elif profile.kind == "event":
            ld["startDate"] = str(fields.get("date", ""))
            if fields.get("end_date"):
                ld["endDate"] = str(fields["end_date"])
            if text("place"):
                ld["location"] = {"@type": "Place", "name": text("place")}
            participants = fields.get("participants")
            if isinstance(participants, (list, tuple)) and participants:
                ld["attendee"] = [self.participant(p) for p in participants]
        elif profile.kind == "system" and text("type"):
            ld["disambiguatingDescription"] = text("type")
        return self._meta(path, ld, "profile" if profile.kind == "person" else "website")

    def participant(self, value: Md) -> dict[str, str]:
        """An event's participant: a Person or Organization when it is a `[[id]]` of one."""
        match = _WIKILINK_RE.fullmatch(value.source.strip())
        found = self.kinds(match.group(1).strip()) if match else None
        kind = found[0] if found and found[0] in ("person", "organization") else "person"
        return {"@type": SCHEMA_TYPES[kind], "name": self.plain(value)}

    def glossary(self, path: str, terms: list[Term], description: str) -> PageMeta:
        defined = []
        for term in terms:
            entry: dict[str, Any] = {"@type": "DefinedTerm", "name": term.term,
                                     "description": term.short}
            if term.aliases:
                entry["alternateName"] = list(term.aliases)
            url = absolute(self.base_url, urls.term(term.id))
            if url:
                entry["url"] = url
            defined.append(entry)
        ld = {"@type": "DefinedTermSet", "name": f"Glossary: {self.site.title}",
              "description": description, "hasDefinedTerm": defined}
        return self._meta(path, ld)
