"""Random Markdown and random YAML: never executable output, never a traceback.

Every input either builds, and then no page holds executable markup, or is refused with
diagnostics that each name a content file and a line in it. The number of examples comes from
the hypothesis profile (tests/conftest.py): 2,000 per test in CI, fewer locally.
"""

from __future__ import annotations

import copy
import hashlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import given, strategies as st

from generator.build import BuildResult, build
from generator.markdown import LinkTarget, RenderEnv, make_markdown, markdown_problems
from tests.sitecheck import executable_markup
from tests.test_hostile import PAYLOADS, dump

# ------------------------------------------------------------------------- Markdown

MARKDOWN_FRAGMENTS = [
    "<", ">", "\"", "'", "`", "```", "&", "#", ";", ":", "(", ")", "[", "]", "[[", "]]", "|",
    "!", "*", "**", "_", "~~", "\\", "\n", "\n\n", " ", "    ", "\t", "> ", "- ", "1. ", "# ",
    "## ", "---", "|---|", "javascript:", "JaVaScRiPt:", "vbscript:", "data:", "data:text/html,",
    "file:", "&#106;", "&#x6A;", "&#0000106", "&colon;", "&#58;", "&#x09;", "&#10;", "&lt;",
    "&quot;", "&#34;", "script", "<script>", "</script>", " onerror=", " onload=", " style=",
    " href=", " src=", "<img", "<svg", "<iframe", "<a ", "srcdoc", "](", "![", "<http://",
    "http://", "https://", "mailto:", "//", "%0a", "%6A", "\x00", "\x0b", "\x1b", "\u200b",
    "\u2028", "\u202e", "\ufeff", "leader-a", "icbm", "nobody", "Leader A", "ICBM", "alert(1)",
    "\"><", "' onmouseover='", "{{ 7*7 }}", "[x]: ", "\n[r]: javascript:alert(1)\n", "[r]",
]

markdown_text = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_FRAGMENTS), st.sampled_from(PAYLOADS),
              st.text(max_size=4)), max_size=30).map("".join)

TARGETS = {
    "leader-a": LinkTarget("leader-a", "person", "Leader A", "people/leader-a/index.html"),
    "icbm": LinkTarget("icbm", "term", "ICBM", "glossary/index.html#icbm", "A \"long\" <range>"),
}
MD = make_markdown()


@given(markdown_text)
def test_random_markdown_renders_no_executable_markup(text: str) -> None:
    for html in (MD.render(text, {"briefing": RenderEnv(resolve=TARGETS.get, prefix="../")}),
                 MD.renderInline(text, {"briefing": RenderEnv(resolve=TARGETS.get)})):
        assert executable_markup(html) == []
    for problem in markdown_problems(MD, text) + markdown_problems(MD, text, inline=True):
        assert 0 <= problem.line <= text.count("\n") + text.count("\r")
        assert problem.code in ("unsafe-url", "too-long", "too-deep", "bidi-control")


# ------------------------------------------------------------------ whole builds

BASE: dict[str, Any] = {
    "site.yaml": {
        "title": "Fuzz", "subtitle": "A briefing",
        "bottom_line": {"text": "[[leader-a]] met the press.", "kind": "assessment",
                        "by": "Editors", "confidence": "moderate",
                        "sources": [{"source": "base", "quote": "Leader A met"}]},
        "key_judgments": [{"text": "They talked about [[icbm|missiles]].", "as_of": "2023-09",
                           "sources": [{"source": "base", "quote": "talked about ICBMs"}]}],
    },
    "profiles/person/leader-a.yaml": {
        "name": "Leader A", "aliases": ["the leader"], "role": "Leader", "side": "North",
        "summary": "A leader who met the press.",
        "relations": {"participant_in": ["summit"]},
        "facts": [{"text": "Met the press.", "kind": "claim", "by": "leader-a",
                   "sources": [{"source": "base", "quote": "met the press"}]}],
    },
    "profiles/event/summit.yaml": {
        "name": "The summit", "date": "2023-09-13", "place": "Somewhere",
        "participants": ["[[leader-a]]"], "summary": "A meeting.",
    },
    "glossary.yaml": [{
        "id": "icbm", "term": "Intercontinental ballistic missile", "aliases": ["ICBM", "ICBMs"],
        "short": "A long-range missile.", "definition": "A missile, see [[leader-a]].",
        "sources": [{"source": "base", "quote": "ICBMs"}],
    }],
    "comparisons.yaml": [{
        "id": "talks", "topic": "The talks", "aspect": "facts", "note": "Both agree.",
        "accounts": [{"source": "base", "quote": "talked about ICBMs", "says": "Talks."},
                     {"source": "base", "quote": "Leader A met"}],
    }],
}
ARTICLE_FRONT = {"title": "Base", "publisher": "Wire", "published": "2023-09-13",
                 "url": "https://example.org/base"}
ARTICLE_BODY = "Leader A met the press and talked about ICBMs.\n"


def article(front: Any, body: str) -> str:
    return f"---\n{dump(front) if front is not None else ''}---\n\n{body}"


BASE_FILES = {path: dump(data) for path, data in BASE.items()}
BASE_FILES["articles/base.md"] = article(ARTICLE_FRONT, ARTICLE_BODY)
# for random articles: only what their text can link to, so that each build is quick
SMALL_BASE_FILES = {
    "site.yaml": BASE_FILES["site.yaml"],
    "profiles/person/leader-a.yaml": dump({"name": "Leader A", "aliases": ["the leader"],
                                           "summary": "A leader."}),
    "glossary.yaml": dump([{key: value for key, value in BASE["glossary.yaml"][0].items()
                            if key != "sources"}]),
    "articles/base.md": BASE_FILES["articles/base.md"],
}


@contextmanager
def briefing_with(root: Path, replace: dict[str, str],
                  base: dict[str, str] = BASE_FILES) -> Iterator[Path]:
    """The base briefing in root, with some files replaced until the block ends."""
    for rel, text in ({} if root.exists() else base).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    try:
        for rel, text in replace.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(text.encode("utf-8"))
        yield root
    finally:
        for rel in replace:
            if rel in base:
                (root / rel).write_text(base[rel], encoding="utf-8")
            else:
                (root / rel).unlink()


CHECKED: set[bytes] = set()  # digests of pages already found free of executable markup


def assert_built_or_reported(content: Path, result: BuildResult) -> None:
    """Either a site without executable markup, or diagnostics that point into the content."""
    if result.ok:
        pages = [path for path in result.files if path.endswith(".html")]
        assert "index.html" in pages
        for path in pages:
            digest = hashlib.blake2b(result.files[path], digest_size=16).digest()
            if digest not in CHECKED:
                assert executable_markup(result.files[path].decode()) == [], path
                CHECKED.add(digest)
        return
    assert result.diagnostics
    for diagnostic in result.diagnostics:
        text = diagnostic.format()
        assert "\n" not in text and "\r" not in text
        loc = diagnostic.loc
        assert loc.path.startswith(str(content)), text
        assert loc.line >= 1 and loc.col >= 1, text
        path = Path(loc.path)
        if path.is_file():
            lines = path.read_bytes().decode("utf-8", "replace").splitlines()
            assert loc.line <= len(lines) + 1, text


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("base", [BASE_FILES, SMALL_BASE_FILES], ids=["base", "small"])
def test_the_base_briefings_build(tmp_path: Path, base: dict[str, str]) -> None:
    with briefing_with(tmp_path / "content", {}, base) as content:
        result = build(content, None)
        assert result.ok, [d.format() for d in result.diagnostics]
        assert_built_or_reported(content, result)


@given(markdown_text, st.booleans())
def test_random_article_body_builds_or_is_reported(workdir: Path, body: str,
                                                  cited: bool) -> None:
    replace = {"articles/odd.md": article({"title": "Odd", "publisher": "P",
                                           "published": "2023"}, body)}
    if cited:  # cite the article's own first words, so citations of odd text are tried too
        words = body.strip()[:40].replace("\n", " ")
        if words:
            site = copy.deepcopy(BASE["site.yaml"])
            site["key_judgments"][0]["sources"].append({"source": "odd", "quote": words})
            replace["site.yaml"] = dump(site)
    with briefing_with(workdir / "articles", replace, SMALL_BASE_FILES) as content:
        assert_built_or_reported(content, build(content, None))


# ------------------------------------------------------------------------- YAML

SCALARS = st.one_of(
    st.sampled_from(["", "~", "null", "no", "yes", "on", "1.10", "010", "0x1F", ".inf",
                     "2023-09-13", "2023-02-30", "2023-13", "2023", "13 Sep 2023", "leader-a",
                     "summit", "icbm", "base", "Leader A", "nobody", "[[leader-a]]",
                     "[[nobody]]", "[[icbm|x]]", "fact", "claim", "assessment", "background", "facts",
                     "low", "moderate", "high", "true", "false",
                     "translation", "member_of", "Leader A met", "talked about ICBMs",
                     "https://example.org/x", "javascript:alert(1)", "Bad-Id", "a" * 300]),
    st.sampled_from(PAYLOADS), markdown_text, st.integers(), st.booleans(), st.none(),
    st.floats(allow_nan=False), st.dates())
FIELD_NAMES = sorted({
    "title", "subtitle", "language", "base_url", "bottom_line", "key_judgments", "alias_owners",
    "text", "kind", "by", "as_of", "sources", "source", "quote", "name", "aliases", "summary",
    "facts", "relations", "role", "affiliation", "nationality", "side", "type", "located_in",
    "country", "propellant", "developer", "status", "range", "headquarters", "date",
    "end_date", "date_note", "place", "participants", "outcome", "id", "term", "short",
    "definition", "topic", "aspect", "accounts", "says", "note", "publisher", "short_name",
    "published", "dateline", "byline", "url", "accessed", "member_of", "participant_in",
    "located_at", "sumary", "Title", "", "confidence", "background", "reference", "value",
    "alternative", "gaps", "indicators", "editors",
})
VALUES = st.recursive(
    SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                     st.dictionaries(st.sampled_from(FIELD_NAMES), inner,
                                                     max_size=4)),
    max_leaves=12)

TEMPLATES: dict[str, Any] = {
    **BASE,
    "profiles/place/fuzz-place.yaml": {"name": "Fuzz Place", "type": "City",
                                       "summary": "A place."},
    "profiles/system/fuzz-system.yaml": {"name": "Fuzz-1", "type": "Rocket", "status": "Old",
                                         "summary": "A rocket."},
    "profiles/organization/fuzz-org.yaml": {"name": "Fuzz Org", "country": "North",
                                            "summary": "An office."},
    "articles/odd.md": ARTICLE_FRONT,
}


def paths_in(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested lists and maps."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, prefix + (index,))
    return found


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[str, str]:
    """A valid document of some file of the briefing, with a few random changes.

    Most changes put hostile or random text where text belongs, so that many documents still
    build and their pages are checked; the others change the shape of the document.
    """
    rel = draw(st.sampled_from(sorted(TEMPLATES)))
    data = copy.deepcopy(TEMPLATES[rel])
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.sampled_from(["text", "text", "text", "text", "replace", "delete",
                                          "add", "wrap"]))
        paths = paths_in(data)
        if operation == "text":
            paths = [p for p in paths if isinstance(value_at(data, p), str)] or paths
        path = draw(st.sampled_from(paths))
        if not path:
            data = draw(VALUES)
            continue
        parent = value_at(data, path[:-1])
        if operation == "text":
            parent[path[-1]] = draw(st.one_of(st.sampled_from(PAYLOADS), markdown_text))
        elif operation == "replace":
            parent[path[-1]] = draw(VALUES)
        elif operation == "delete":
            del parent[path[-1]]
        elif operation == "wrap":
            parent[path[-1]] = [parent[path[-1]]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELD_NAMES))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    if rel.endswith(".md"):
        return rel, article(data, ARTICLE_BODY.replace("Leader A", "The leader"))
    return rel, dump(data)


YAML_FRAGMENTS = [
    ":", ": ", "- ", "-", "&a ", "*a", "!!python/object/apply:os.system ", "!x ", "!!str ", "{",
    "}", "[", "]", ",", "'", "\"", "#", "|", "|-", ">", "\n", "\n  ", "\n    ", "  ", "---",
    "...", "? ", "%YAML 1.1\n", "<<: ", "\t", "\\", "\\x00", "\x00", "\x07", "\x85", "\u2028",
    "\r", "\ufeff", "name", "summary", "text", "sources", "source: base", "quote: ",
    "id: icbm", "Leader A met", "[[leader-a]]", "2023-09-13", "no", "~", "null", "@", "`",
]
raw_yaml = st.lists(st.one_of(st.sampled_from(YAML_FRAGMENTS), st.text(max_size=3)),
                    max_size=40).map("".join)


@st.composite
def yaml_documents(draw: st.DrawFn) -> tuple[str, str]:
    """A mutated document, raw YAML, or a mutated document with raw YAML spliced in."""
    rel, text = draw(mutated_documents())
    how = draw(st.sampled_from(["mutated", "mutated", "raw", "spliced"]))
    if how == "raw":
        text = draw(raw_yaml)
        if rel.endswith(".md"):
            text = f"---\n{text}\n---\n\n{ARTICLE_BODY}"
    elif how == "spliced":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(raw_yaml) + text[at:]
    return rel, text


@given(yaml_documents())
def test_random_yaml_builds_or_is_reported(workdir: Path, document: tuple[str, str]) -> None:
    rel, text = document
    with briefing_with(workdir / "yaml", {rel: text}) as content:
        assert_built_or_reported(content, build(content, None))
