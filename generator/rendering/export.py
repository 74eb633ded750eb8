"""entities.json: the whole briefing as data, for other tools.

Profiles with their aliases, fields (and what each rests on), typed relations and facts;
glossary terms; the bottom line, key judgments, gaps and indicators; comparisons; and where
each profile or term is mentioned. A background statement, field or definition has no
citations and says so (`"kind": "background"`, `"background": true`). Every
citation is resolved to the article and paragraph it rests on. Text fields are given as plain
text (`text`) and as the Markdown they were written in (`markdown`); URLs are relative to the
site root, or absolute when the base URL is known.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import partial
from typing import Any

from generator import urls
from generator.content.model import Basis, Citation, Content, Reference, Statement
from generator.content.schema import Md
from generator.linking.link import Graph
from generator.memo import Memo, key
from generator.rendering.metadata import absolute, plain

FORMAT_VERSION = 1
_dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
ENTRY_LISTS = ("profiles", "terms")  # their entries end with where each entry is mentioned


class Exporter:
    def __init__(self, content: Content, graph: Graph, base_url: str | None,
                 memo: Memo) -> None:
        self.content = content
        self.graph = graph
        self.base_url = base_url
        self.memo = memo

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
        data = {**(self.text(statement.text) or {}), "kind": statement.kind, "by": by,
                "as_of": statement.as_of, "confidence": statement.confidence,
                "reference": self.reference(statement.reference),
                "citations": [self.citation(c) for c in statement.sources]}
        if statement.alternative is not None:
            data["alternative"] = self.statement(statement.alternative)
        return data

    @staticmethod
    def reference(reference: Reference | None) -> dict[str, str | None] | None:
        return {"title": reference.title, "url": reference.url} if reference else None

    def basis(self, basis: Basis) -> dict[str, Any]:
        """What a typed field rests on: its citations, or the editors' own knowledge."""
        return {"citations": [self.citation(c) for c in basis.sources],
                "background": basis.background, "reference": self.reference(basis.reference)}

    def mentions(self) -> dict[str, str]:
        """Where each profile or term is mentioned, as a JSON array by target id, ordered by
        article id and then paragraph. Each article's part is written once per distinct text
        and names (memo space "export"), under the key its text was read with."""
        found: dict[str, list[str]] = defaultdict(list)
        for article_id in sorted(self.graph.texts):
            url = self.url(urls.source(article_id))
            parts = self.memo.get("export", key(self.graph.text_keys[article_id], url),
                                  lambda: self.mentions_in(article_id, url))
            for target, part in parts.items():
                found[target].append(part)
        return {target: "[" + ",".join(parts) + "]" for target, parts in found.items()}

    def mentions_in(self, article_id: str, url: str) -> dict[str, str]:
        """The mentions of one article, as JSON array items by target id: what
        _dumps({"article": ..., "paragraph": ..., "as": ..., "url": ...}) gives, with each
        string encoded once per article."""
        parts: dict[str, list[str]] = defaultdict(list)
        head = '{"article":' + _dumps(article_id) + ',"paragraph":'
        link = _dumps(url + "#p")[:-1]  # the closing quote comes after the paragraph number
        names: dict[str, str] = {}
        for m in self.graph.texts[article_id].mentions:
            if m.name not in names:
                names[m.name] = _dumps(m.name)
            parts[m.target].append(
                f'{head}{m.paragraph},"as":{names[m.name]},"url":{link}{m.paragraph}"}}')
        return {target: ",".join(items) for target, items in parts.items()}

    def field(self, value: Md | tuple[Md, ...] | str) -> Any:
        if isinstance(value, (list, tuple)):
            return [self.text(v) for v in value]
        if isinstance(value, Md):
            return self.text(value)
        return value

    def export(self) -> dict[str, Any]:
        """Everything but where each profile and term is mentioned (mentions(), which
        entities_json adds as the last field of each)."""
        content, site = self.content, self.content.site
        return {
            "format": "briefing-entities", "version": FORMAT_VERSION,
            "site": {"title": site.title, "subtitle": site.subtitle, "language": site.language,
                     "url": self.url(urls.home())},
            "bottom_line": self.statement(site.bottom_line),
            "key_judgments": [self.statement(s) for s in site.key_judgments],
            "gaps": [self.statement(s) for s in site.gaps],
            "indicators": [self.statement(s) for s in site.indicators],
            "articles": [{
                "id": a.id, "title": a.title, "publisher": a.publisher, "label": a.label,
                "published": a.published, "dateline": a.dateline, "byline": a.byline,
                "original_url": a.url, "accessed": a.accessed, "url": self.url(urls.source(a.id)),
                "paragraphs": len(self.graph.texts[a.id].paragraphs)} for a in sorted(content.articles,
                                                                 key=lambda a: a.id)],
            "profiles": [{
                "id": p.id, "kind": p.kind, "name": p.name, "aliases": list(p.aliases),
                "url": self.url(urls.profile(p.kind, p.id)), "summary": self.text(p.summary),
                "fields": {name: self.field(value) for name, value in p.fields},
                "field_sources": {name: self.basis(basis) for name, basis in p.bases},
                "relations": [{"type": rel_type, "target": target}  # each once, as shown
                              for rel_type, target in dict.fromkeys(
                                  (rel_type, target) for rel_type, target, _ in p.relations)],
                "facts": [self.statement(f) for f in p.facts]}
                for p in sorted(content.profiles, key=lambda p: p.id)],
            "terms": [{
                "id": t.id, "term": t.term, "aliases": list(t.aliases), "short": t.short,
                "definition": self.text(t.definition), "url": self.url(urls.term(t.id)),
                "background": t.background, "reference": self.reference(t.reference),
                "citations": [self.citation(c) for c in t.sources]}
                for t in sorted(content.terms, key=lambda t: t.id)],
            "comparisons": [{
                "id": c.id, "topic": c.topic, "aspect": c.aspect, "note": self.text(c.note),
                "url": self.url(urls.comparison(c.id)),
                "accounts": [{"says": self.text(a.says), **self.citation(a.citation)}
                             for a in c.accounts]} for c in content.comparisons],
        }


def entities_json(content: Content, graph: Graph, base_url: str | None, memo: Memo) -> bytes:
    """The export as compact JSON."""
    exporter = Exporter(content, graph, base_url, memo)
    mentions = exporter.mentions()
    fields = []
    for name, value in exporter.export().items():
        if name in ENTRY_LISTS:
            text = "[" + ",".join(f'{_dumps(entry)[:-1]},"mentions":'
                                  f'{mentions.get(entry["id"], "[]")}}}' for entry in value) + "]"
        else:
            text = _dumps(value)
        fields.append(f"{_dumps(name)}:{text}")
    return ("{" + ",".join(fields) + "}\n").encode("utf-8")
