import pytest

from generator.markdown import LinkTarget, RenderEnv, is_safe_url, make_markdown

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
