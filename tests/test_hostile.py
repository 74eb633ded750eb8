"""Hostile input in every text field renders as text: no script, no handler, no unsafe URL.

Each payload is written into every Markdown and YAML text field of a copy of the fixture
briefing, the site is built, and every page is parsed the way a browser would read it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import DEFAULT_TEMPLATES, check
from generator.characters import refused_characters
from generator.linking.articles import source_wikilinks, split_blocks
from generator.markdown import make_markdown
from generator.memo import Memo
from generator.rendering.pages import page_views
from generator.rendering.render import render
from generator.rendering.theme import load_templates
from generator.content.yamlio import split_front_matter
from tests.conftest import MINI
from tests.sitecheck import executable_markup

PAYLOADS = [
    # raw tags and event handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<sVg/oNloAd=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html,<script>alert(1)</script>\">",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<x onclick=alert(1)>click</x>",
    "<a href=javascript:alert(1)>x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?php system('id'); ?>",
    # Markdown links and images with disguised script URLs
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#1;javascript:alert(1))",
    "[click](&#0000106&#0000097vascript:alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](  javascript:alert(1)  )",
    "[click](jaVAscript://%0aalert(1))",
    "[click](javascript:alert&#40;1&#41;)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:,alert(1))",
    "[click](file:///etc/passwd)",
    "[click](blob:https://evil.example/0)",
    "[click](jav\u0000ascript:alert(1))",
    "[click](\u200bjavascript:alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://example.org/x.png\" onerror=\"alert(1))",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
    "[x](https://example.org 'x' onclick='alert(1)')",
    "[x](mailto:a@example.org?subject=<script>alert(1)</script>)",
    # attribute breakouts, for values that end up in attributes (titles, tooltips, ids)
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "`><svg onload=alert(1)>",
    "\" style=\"position:fixed;inset:0",
    # [[id|label]] breakouts
    "[[leader-a|\"><script>alert(1)</script>]]",
    "[[leader-a|x\" onmouseover=\"alert(1)]]",
    "[[icbm|<img src=x onerror=alert(1)>]]",
    "[[icbm|\" onfocus=\"alert(1)\" autofocus=\"]]",
    "[[leader-a|javascript:alert(1)]]",
    # entity and escape tricks
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\\<script\\>alert(1)\\</script\\>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "| <script>alert(1)</script> | x |\n|---|---|\n| <img src=x onerror=alert(1)> | y |",
    "> <script>alert(1)</script>\n>\n> - <svg onload=alert(1)>",
    # template syntax is data, never evaluated
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${alert(1)}",
    "\u202e<script>alert(1)</script>",
]

NAME_SUFFIX = {"leader-a": "", "leader-b": " (B)", "cosmodrome-x": " (C)", "alpha-1": " (D)",
               "summit": " (E)"}
TYPED_FIELDS = {
    "person": ("role", "affiliation", "nationality", "side"),
    "place": ("type", "located_in", "country"),
    "system": ("type", "propellant", "developer", "status", "range"),
    "event": ("date_note", "place", "outcome"),
}


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False,
                     width=1_000)


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def paragraph_texts(article: str) -> list[str]:
    """The plain text of each numbered block of an article body, as the build sees it."""
    _, _, body, body_line = split_front_matter(article)
    tokens = make_markdown().parse(body, {})
    source_wikilinks(tokens, body)  # shown as written in an article
    return [b.text for b in split_blocks(tokens, body_line) if b.kind == "para"]


def hostile_site(root: Path, payload: str) -> Path:
    """A copy of the fixture briefing with the payload in every text field."""
    content = root / "content"
    content.mkdir(parents=True)
    for path in MINI.rglob("*"):
        if path.is_file():
            target = content / path.relative_to(MINI)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())

    # articles: every front-matter text field, and the payload as paragraph, heading, list
    # item, quotation and table cell
    quotes = {}
    for article_id, marker in (("wire", "Case W."), ("agency", "Case G.")):
        path = content / "articles" / f"{article_id}.md"
        front, _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        assert front is not None
        meta = yaml.safe_load(front)
        for name in ("title", "publisher", "short_name", "dateline", "byline"):
            meta[name] = f"{payload} {name}"
        meta["published"] = str(meta["published"])
        body += (f"\n\n{marker} {payload}\n\n## {payload}\n\n- {payload}\n\n> {payload}\n\n"
                 f"| a | b |\n|---|---|\n| {payload} | x |\n")
        text = f"---\n{dump(meta)}---\n{body}"
        path.write_text(text, encoding="utf-8")
        [quotes[article_id]] = [t for t in paragraph_texts(text) if t.startswith(marker)]

    def statement(text: str, source: str) -> dict[str, Any]:
        return {"text": text, "kind": "claim", "by": payload,
                "sources": [{"source": source, "quote": quotes[source]}]}

    site = read_yaml(content / "site.yaml")
    site["title"], site["subtitle"] = f"{payload} title", f"{payload} subtitle"
    site["bottom_line"]["text"] = payload
    site["bottom_line"]["by"] = payload
    site["key_judgments"].append(statement(payload, "wire"))
    (content / "site.yaml").write_text(dump(site), encoding="utf-8")

    for path in sorted((content / "profiles").rglob("*.yaml")):
        kind, profile_id = path.parent.name, path.stem
        profile = read_yaml(path)
        profile["name"] = f"{payload}{NAME_SUFFIX[profile_id]}"
        profile["aliases"] = [f"{payload} alias of {profile_id}"]
        profile["summary"] = f"{payload}\n\nSee [[{profile_id}|{payload}]]."
        for name in TYPED_FIELDS[kind]:
            profile[name] = payload
        if kind == "event":
            if isinstance(profile["date"], dict):  # the long form {value, sources}
                profile["date"]["value"] = str(profile["date"]["value"])
            else:
                profile["date"] = str(profile["date"])
            profile["participants"] = [payload, "[[leader-a]]"]
        for fact in profile.get("facts", []):
            if "as_of" in fact:
                fact["as_of"] = str(fact["as_of"])
        profile.setdefault("facts", []).append(statement(payload, "agency"))
        profile["facts"][-1]["as_of"] = "2023-09-13"
        path.write_text(dump(profile), encoding="utf-8")

    [term] = read_yaml(content / "glossary.yaml")
    term.update(term=f"{payload} term", aliases=[f"{payload} term alias"], short=payload,
                definition=payload)
    term["sources"].append({"source": "wire", "quote": quotes["wire"]})
    (content / "glossary.yaml").write_text(dump([term]), encoding="utf-8")

    [comparison] = read_yaml(content / "comparisons.yaml")
    comparison.update(topic=payload, note=payload)
    for account in comparison["accounts"]:
        account["says"] = payload
    comparisons = [comparison, {
        "id": "hostile", "topic": payload, "aspect": "framing", "note": payload,
        "accounts": [{"source": s, "quote": quotes[s], "says": payload} for s in quotes]}]
    (content / "comparisons.yaml").write_text(dump(comparisons), encoding="utf-8")
    return content


class _Text(HTMLParser):
    """The text of the first element with the given tag."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.depth, self.text = tag, 0, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag and not self.text:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth:
            self.depth = -1

    def handle_data(self, data: str) -> None:
        if self.depth > 0:
            self.text += data


def first_text(html: str, tag: str) -> str:
    parser = _Text(tag)
    parser.feed(html)
    return parser.text


def test_there_are_at_least_sixty_distinct_payloads() -> None:
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 60


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_field_renders_as_text(tmp_path: Path, payload: str) -> None:
    content = hostile_site(tmp_path, payload)
    result = check(content)
    refused = {found.code for found in refused_characters(payload)}
    # a summary's [[id|payload]] is no link when the payload's brackets or lines break it
    broken = {"broken-link"} if set("[]\n") & set(payload) else set()
    if refused:  # characters no page or feed may carry: every file that holds one is refused
        assert {d.code for d in result.diagnostics} - broken == refused
        assert {Path(d.loc.path) for d in result.diagnostics} == \
            {path for path in content.rglob("*") if path.is_file()}
        return
    # the only complaints allowed are the unsafe links themselves, each with file and line,
    # the [[id]] written in an article's text, which an article shows as written, and the
    # broken [[id|payload]]
    allowed = {"unsafe-url"} | ({"wikilink-in-article"} if "[[" in payload else set()) | broken
    assert {d.code for d in result.diagnostics} <= allowed, \
        [d.format() for d in result.diagnostics]
    for diagnostic in result.diagnostics:
        assert diagnostic.loc.path.startswith(str(tmp_path)) and diagnostic.loc.line >= 1
    # render even when unsafe links were reported: the pages must be harmless regardless
    assert result.content is not None and result.graph is not None
    views = page_views(result.content, result.graph, None)
    files = {path: data for _, part in render(result.content, result.graph, [lambda: views],
                                              load_templates(DEFAULT_TEMPLATES), Memo(), None)
             for path, data in part.items()}
    pages = {path: data.decode() for path, data in files.items() if path.endswith(".html")}
    assert len(pages) >= 13
    for path, html in pages.items():
        assert executable_markup(html) == [], path
    # nothing is lost: the title is shown exactly as written, as text
    assert first_text(pages["index.html"], "h1") == f"{payload} title".strip()
