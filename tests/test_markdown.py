import re
from typing import Any

import markdown_it.helpers
import pytest
from hypothesis import given, strategies as st

from generator.markdown import (MAX_BLOCK_CHARS, LinkTarget, MarkdownProblem, RenderEnv,
                                broken_wikilinks, is_safe_url, make_markdown,
                                markdown_problems)
from tests.sitecheck import executable_markup

TARGETS = {
    "kim": LinkTarget("kim", "person", "Kim Jong Un", "people/kim/index.html"),
    "icbm": LinkTarget("icbm", "term", "ICBM", "glossary/index.html#icbm", "A long-range missile."),
}


def render(text: str, prefix: str = "../../") -> str:
    env = RenderEnv(resolve=TARGETS.get, prefix=prefix)
    return make_markdown().render(text, {"briefing": env})


def test_wikilinks_use_name_or_label() -> None:
    assert render("Meet [[kim]] and [[kim|the leader]].") == (
        '<p>Meet <a class="ref ref-person" href="../../people/kim/index.html">Kim Jong Un</a> '
        'and <a class="ref ref-person" href="../../people/kim/index.html">the leader</a>.</p>\n')


def test_term_links_carry_an_accessible_tooltip() -> None:
    assert render("An [[icbm]].", prefix="") == (
        '<p>An <span class="term"><a class="term-link" href="glossary/index.html#icbm" '
        'aria-describedby="tip-1">ICBM</a><span class="tip" role="tooltip" id="tip-1">'
        'A long-range missile.</span></span>.</p>\n')


def test_raw_html_is_escaped() -> None:
    assert render("<script>alert(1)</script> <b onclick=x>hi</b>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=x&gt;hi&lt;/b&gt;</p>\n")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
])
def test_unsafe_urls_are_refused(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", ["https://example.org", "http://x.y/z", "mailto:a@b.c",
                                 "../people/", "#p7", "page.html"])
def test_safe_urls_are_allowed(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize("text", ["[x](javascript:alert(1))", "[x](&#106;avascript:alert(1))",
                                  "[x](JAVASCRIPT:alert(1))", "![x](data:image/svg+xml,<svg>)",
                                  "<javascript:alert(1)>"])
def test_disguised_script_links_render_without_href(text: str) -> None:
    html = render(text)
    assert "href=\"javascript" not in html.lower() and "src=\"data" not in html.lower()
    assert "<a " not in html and "<img" not in html


def test_table_alignment_uses_classes_not_styles() -> None:
    html = render("| a | b |\n|:-|-:|\n| 1 | 2 |\n")
    assert "style=" not in html
    assert '<th class="align-left">a</th>' in html and '<td class="align-right">2</td>' in html


UNSAFE = ("unsafe URL '{}' in a link or image: only http, https, mailto and relative URLs are "
          "allowed; it is shown as plain text")


@pytest.mark.parametrize("text, url", [
    ("[x](javascript:alert(1))", "javascript:alert(1)"),
    ("[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)"),
    ("[x](&#106;avascript:alert(1))", "javascript:alert(1)"),
    ("[x](&#x6A;avascript:alert(1))", "javascript:alert(1)"),
    ("[x](javascript&colon;alert(1))", "javascript:alert(1)"),
    ("[x](<javascript:alert(1)>)", "javascript:alert(1)"),
    ("[x](  javascript:alert(1) )", "javascript:alert(1)"),
    ("[x](vbscript:msgbox(1))", "vbscript:msgbox(1)"),
    ("[x](data:text/html,x)", "data:text/html,x"),
    ("![x](data:image/svg+xml,<svg>)", "data:image/svg+xml,%3Csvg%3E"),
    ("<javascript:alert(1)>", "javascript:alert(1)"),
    ("[x](file:///etc/passwd)", "file:///etc/passwd"),
])
def test_unsafe_links_are_reported_where_the_url_starts(text: str, url: str) -> None:
    written = text.split("](", 1)[1].lstrip() if "](" in text else text[1:]
    assert markdown_problems(make_markdown(), text) == [
        MarkdownProblem(0, "unsafe-url", UNSAFE.format(url), len(text) - len(written))]
    assert "<a " not in render(text) and "<img" not in render(text)


def test_an_unsafe_reference_definition_is_reported_where_its_url_starts() -> None:
    text = "See [x][r] and [y][s].\n\n[s]: https://example.org\n  [r]: <&#106;avascript:alert(1)>"
    assert markdown_problems(make_markdown(), text) == [
        MarkdownProblem(3, "unsafe-url", UNSAFE.format("javascript:alert(1)"), 7)]
    assert "<a " not in render(text.replace("[y][s]", ""))


def test_unsafe_links_are_reported_once_per_block_at_the_first() -> None:
    text = "Fine [a](https://example.org).\n\nBad [b](javascript:x) and [c](javascript:x).\n\n" \
           "- ![d](vbscript:y)\n\nA paragraph\nover [e](javascript:y) lines.\n"
    assert markdown_problems(make_markdown(), text) == [
        MarkdownProblem(2, "unsafe-url", UNSAFE.format("javascript:x"), 8),
        MarkdownProblem(4, "unsafe-url", UNSAFE.format("vbscript:y"), 7),
        MarkdownProblem(7, "unsafe-url", UNSAFE.format("javascript:y"), 9)]


@pytest.mark.parametrize("text", ["[a](https://example.org)", "[a](mailto:a@example.org)",
                                  "[a](../people/)", "[a](#p7)", "<https://example.org>",
                                  "[x][r]\n\n[r]: https://example.org", "javascript: a word",
                                  "`[x](javascript:alert(1))`"])
def test_safe_links_and_plain_text_are_not_reported(text: str) -> None:
    assert markdown_problems(make_markdown(), text) == []


def test_a_block_over_the_limit_is_refused_not_parsed() -> None:
    text = "Fine.\n\n" + "[" * (MAX_BLOCK_CHARS + 1)
    assert markdown_problems(make_markdown(), text) == [MarkdownProblem(
        2, "too-long", "a block of 10,001 characters; the limit is 10,000: split it into "
        "several paragraphs")]
    assert markdown_problems(make_markdown(), "Fine.\n\n> " + "[" * (MAX_BLOCK_CHARS + 1)) \
        == [MarkdownProblem(2, "too-long", "a block of 10,001 characters; the limit is 10,000: "
                            "split it into several paragraphs", 2)]
    assert markdown_problems(make_markdown(), "[" * MAX_BLOCK_CHARS) == []


def nested_lists(depth: int) -> str:
    return "".join("  " * level + f"- item {level}\n" for level in range(depth)) + "\nAfter.\n"


def nested_quotes(depth: int) -> str:
    return "> " * depth + "Inside.\n\nAfter.\n"


@pytest.mark.parametrize("make", [nested_lists, nested_quotes])
def test_nesting_is_reported_exactly_when_markdown_would_lose_text(make: Any) -> None:
    md = make_markdown()
    for depth in range(1, 30):
        text = make(depth)
        shown = [t.content for t in md.parse(text, {}) if t.type == "inline"]
        lost = "After." not in shown or not any(c.startswith(("item", "Inside")) for c in shown)
        lost = lost or (make is nested_lists and f"item {depth - 1}" not in shown)
        problems = markdown_problems(md, text)
        assert [p.code for p in problems] == (["too-deep"] if lost else []), depth
    assert markdown_problems(md, nested_lists(10)) == [MarkdownProblem(
        9, "too-deep", "lists or quotations nested too deeply (at most 9 lists or 19 "
        "quotations inside each other): the text from here on would be lost; flatten them", 18)]
    assert [p.code for p in markdown_problems(md, nested_quotes(19))] == []
    assert [p.code for p in markdown_problems(md, nested_quotes(20))] == ["too-deep"]


@pytest.mark.parametrize("url", [
    "\x00javascript:alert(1)", "java\x00script:alert(1)", "\u200bjavascript:alert(1)",
    "javascript\n:alert(1)", "\t javascript:alert(1)", "jav\rascript:alert(1)",
    "\ufeffjavascript:alert(1)", "\x7fjavascript:alert(1)", "VBScript:x", "DATA:text/html,x",
])
def test_script_urls_in_any_disguise_are_unsafe(url: str) -> None:
    assert not is_safe_url(url)


def test_rendered_markdown_has_no_script_handlers_or_styles() -> None:
    html = render("| a | b | c |\n|:-|:-:|-:|\n| <b onclick=x> | [x](javascript:y) | "
                  "<span style=color:red> |\n")
    assert executable_markup(html) == []
    assert '<td class="align-center">[x](javascript:y)</td>' in html
    assert "&lt;span style=color:red&gt;" in html


@given(st.lists(st.sampled_from(list("ab [](): <>-*+.)1\n#`!\\") + ["javascript:", "  "]),
                max_size=200).map("".join), st.booleans())
def test_a_text_seen_not_to_need_parsing_has_nothing_refused(text: str, inline: bool) -> None:
    from generator.markdown import make_markdown, markdown_problems, may_refuse

    if not may_refuse(text):
        assert markdown_problems(make_markdown(), text, inline) == []


_STOCK = make_markdown()
_STOCK.helpers = markdown_it.helpers  # markdown-it's own label scan, to compare with
_OURS = make_markdown()
_BRACKETS = ["[", "]", "![", "[[", "]]", "(", ")", "](", "](/u)", "](/u \"t\")", "`", "<",
             "<http://x>", ">", "a", " ", "\n", "\n\n", "\\", "*", "_", "|", "kim", "[a]: /u\n"]


@given(st.lists(st.tuples(st.sampled_from(_BRACKETS), st.integers(1, 30)), max_size=100)
       .map(lambda runs: "".join(piece * times for piece, times in runs)))
def test_links_images_and_wikilinks_are_read_as_markdown_it_reads_them(text: str) -> None:
    """Labels of links and images are found with a faster scan than markdown-it's; what it
    finds, for any mix of brackets, code, autolinks and nesting past markdown-it's limit, is
    what markdown-it's own scan finds."""
    def html(md: Any) -> str:
        return str(md.render(text, {"briefing": RenderEnv(resolve=TARGETS.get)}))

    assert html(_OURS) == html(_STOCK)


def test_a_run_of_images_in_brackets_is_parsed_in_time_linear_in_its_length() -> None:
    """The label scan markdown-it does for `![![![...` (each image's label holds the next, up to
    its nesting limit) is the same; what differs is its cost, counted here in steps, not
    seconds: markdown-it's skipToken is called once a character, not once for each of the
    up to maxNesting labels that reach it."""
    calls = 0
    skip = _OURS.inline.skipToken

    def counted(state: Any) -> None:
        nonlocal calls
        calls += 1
        skip(state)

    _OURS.inline.skipToken = counted  # type: ignore[method-assign]
    try:
        _OURS.parse("![" * 4_999, {})
    finally:
        del _OURS.inline.skipToken
    assert calls <= 2 * 4_999


_CODE_ELEMENT = re.compile(r"<code[^>]*>.*?</code>", re.S)


@given(st.lists(st.sampled_from(["[[", "]]", "[", "]", "|", "kim", "x", " ", "`", "\n"]),
                max_size=12).map("".join))
def test_a_link_that_would_show_its_brackets_is_found(text: str) -> None:
    """broken_wikilinks() finds a `[[` exactly when the page would show one (outside code):
    a link with a `]` or `|` missing, or an empty id or label."""
    every = RenderEnv(resolve=lambda id: LinkTarget(id, "person", "Name", "p/index.html"))
    shown = _CODE_ELEMENT.sub(" ", make_markdown().render(text, {"briefing": every}))
    assert bool(broken_wikilinks(make_markdown(), text)) == ("[[" in shown), (text, shown)


@pytest.mark.parametrize("text, found", [
    ("Led by [[kim].", [(7, "[[kim]")]),
    ("Led by [[kim|]] and [[]].", [(7, "[[kim|]]"), (20, "[[]]")]),
    ("Led by [[kim|the leader] since 2011.", [(7, "[[kim|the leader]")]),
    ("Led by [[kim", [(7, "[[kim")]),
    ("Led by [[kim]] and `[[code` and \\[[escaped.", []),
    ("[[[kim]]]", []),
    ("Led by\n\n    [[kim\n\n```\n[[kim\n```\n\nand [[kim]", [(38, "[[kim]")]),
])
def test_broken_links_are_given_as_written(text: str, found: list[tuple[int, str]]) -> None:
    assert broken_wikilinks(make_markdown(), text) == found
