"""entities.json: the whole briefing as data, for other tools.

Profiles with their aliases, fields, typed relations and facts; glossary terms; the bottom
line and key judgments; comparisons; and where each profile or term is mentioned. Every
citation is resolved to the article and paragraph it rests on. Text fields are given as plain
text (`text`) and as the Markdown they were written in (`markdown`); URLs are relative to the
site root, or absolute when the base URL is known.
"""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.link import Graph
from generator.metadata import absolute, plain
from generator.model import Citation, Content, Statement
from generator.schema import Md

FORMAT_VERSION = 1


class Exporter:
    def __init__(self, content: Content, graph: Graph, base_url: str | None) -> None:
        self.content = content
        self.graph = graph
        self.base_url = base_url
        self.sources: dict[str, str] = {}

    def names(self, item_id: str) -> str | None:
        target = self.graph.targets.get(item_id)
        return target.name if target else None

    def url(self, path: str) -> str:
        """A page's URL: absolute with a base URL, else relative to the site root."""
        page, hash_, fragment = path.partition("#")
        return absolute(self.base_url, path) or (urls.pretty(page) or "./") + hash_ + fragment

    def text(self, value: Md | str | None) -> dict[str, str] | None:
        if value is None:
            return None
        source = value.source if isinstance(value, Md) else value
        return {"text": plain(value, self.names), "markdown": source}

    def citation(self, citation: Citation) -> dict[str, Any]:
        pin = self.graph.pins.get(citation)
        data: dict[str, Any] = {"article": citation.source, "quote": citation.quote}
        if pin is not None:
            data.update(paragraph=pin.paragraph, highlight=pin.highlight,
                        url=self.url(urls.paragraph(pin.article, pin.paragraph)))
        return data

    def statement(self, statement: Statement) -> dict[str, Any]:
        by: dict[str, str] | None = None
        if statement.by:
            name = self.names(statement.by)
            by = {"id": statement.by, "name": name} if name else {"name": statement.by}
        return {**(self.text(statement.text) or {}), "kind": statement.kind, "by": by,
                "as_of": statement.as_of,
                "citations": [self.citation(c) for c in statement.sources]}

    def mentions(self, target: str) -> list[dict[str, Any]]:
        found = sorted(self.graph.mentions.get(target, ()), key=lambda m: (m.article, m.paragraph))
        return [{"article": m.article, "paragraph": m.paragraph, "as": m.name,
                 "url": f"{self.source_url(m.article)}#p{m.paragraph}"} for m in found]

    def source_url(self, article_id: str) -> str:
        """A source page's URL, worked out once per article (mentions ask for it thousands
        of times)."""
        if article_id not in self.sources:
            self.sources[article_id] = self.url(urls.source(article_id))
        return self.sources[article_id]

    def field(self, value: Md | tuple[Md, ...] | str) -> Any:
        if isinstance(value, (list, tuple)):
            return [self.text(v) for v in value]
        if isinstance(value, Md):
            return self.text(value)
        return value

    def export(self) -> dict[str, Any]:
        content, site = self.content, self.content.site
        return {
            "format": "briefing-entities", "version": FORMAT_VERSION,
            "site": {"title": site.title, "subtitle": site.subtitle, "language": site.language,
                     "url": self.url(urls.home())},
            "bottom_line": self.statement(site.bottom_line),
            "key_judgments": [self.statement(s) for s in site.key_judgments],
            "articles": [{
                "id": a.id, "title": a.title, "publisher": a.publisher, "label": a.label,
                "published": a.published, "dateline": a.dateline, "byline": a.byline,
                "original_url": a.url, "accessed": a.accessed, "url": self.url(urls.source(a.id)),
                "paragraphs": len(a.paragraphs)} for a in sorted(content.articles,
                                                                 key=lambda a: a.id)],
            "profiles": [{
                "id": p.id, "kind": p.kind, "name": p.name, "aliases": list(p.aliases),
                "url": self.url(urls.profile(p.kind, p.id)), "summary": self.text(p.summary),
                "fields": {name: self.field(value) for name, value in p.fields},
                "relations": [{"type": rel_type, "target": target}
                              for rel_type, target, _ in p.relations],
                "facts": [self.statement(f) for f in p.facts],
                "mentions": self.mentions(p.id)} for p in sorted(content.profiles,
                                                                 key=lambda p: p.id)],
            "terms": [{
                "id": t.id, "term": t.term, "aliases": list(t.aliases), "short": t.short,
                "definition": self.text(t.definition), "url": self.url(urls.term(t.id)),
                "citations": [self.citation(c) for c in t.sources],
                "mentions": self.mentions(t.id)} for t in sorted(content.terms,
                                                                 key=lambda t: t.id)],
            "comparisons": [{
                "id": c.id, "topic": c.topic, "aspect": c.aspect, "note": self.text(c.note),
                "url": self.url(urls.comparison(c.id)),
                "accounts": [{"says": self.text(a.says), **self.citation(a.citation)}
                             for a in c.accounts]} for c in content.comparisons],
        }


def entities_json(content: Content, graph: Graph, base_url: str | None) -> bytes:
    data = Exporter(content, graph, base_url).export()
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
