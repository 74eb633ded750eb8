"""The synthetic benchmark corpus is valid, deterministic and as densely linked as real content."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import corpus, edits, wordlists
from generator.build import BuildResult, check
from generator.content.model import Citation, Content
from generator.linking.textmatch import find_quote, normalize
from tests.conftest import snapshot

N = 20


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, corpus.Manifest]:
    folder = tmp_path_factory.mktemp("bench") / "content"
    return folder, corpus.generate(N, folder)


@pytest.fixture(scope="module")
def checked(generated: tuple[Path, corpus.Manifest]) -> BuildResult:
    return check(generated[0])


def _citations(content: Content) -> list[Citation]:
    found = [c for _, statement in content.statements() for c in statement.sources]
    found += [c for term in content.terms for c in term.sources]
    found += [a.citation for comparison in content.comparisons for a in comparison.accounts]
    return found


def test_passes_check_without_a_single_diagnostic(checked: BuildResult) -> None:
    assert [d.format() for d in checked.diagnostics] == []
    content = checked.content
    assert content is not None
    assert len(content.articles) == N
    assert {p.kind for p in content.profiles} == {"person", "place", "system", "organization",
                                                  "event"}
    assert len(content.terms) == corpus.TERMS
    assert all(p.aliases for p in content.profiles)
    assert any(p.relations for p in content.profiles)
    assert 3 <= len(content.site.key_judgments) <= 5 and content.comparisons


def test_the_same_size_and_seed_give_byte_identical_files(
        generated: tuple[Path, corpus.Manifest], tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert corpus.generate(N, again) == generated[1]
    assert snapshot(again) == snapshot(generated[0])
    other = tmp_path / "other"
    corpus.generate(N, other, seed=2)
    assert snapshot(other) != snapshot(generated[0])


def test_articles_have_sections_and_about_800_words(generated: tuple[Path, corpus.Manifest],
                                                    checked: BuildResult) -> None:
    assert checked.content is not None and checked.graph is not None
    for article in checked.content.articles:
        text = checked.graph.texts[article.id]
        assert len(text.paragraphs) == corpus.ARTICLE_PARAGRAPHS
        assert sum(b.kind == "heading" for b in text.blocks) == len(corpus.SECTION_STARTS)
        words = sum(len(p.text.split()) for p in text.paragraphs)
        assert 700 <= words <= 900, (article.id, words)


def test_mentions_are_as_dense_as_in_real_briefings(checked: BuildResult) -> None:
    assert checked.content is not None and checked.graph is not None
    articles = checked.content.articles
    mentions = [m for found in checked.graph.mentions.values() for m in found]
    paragraphs = sum(len(checked.graph.texts[a.id].paragraphs) for a in articles)
    assert len(mentions) / paragraphs >= 3
    linked = sum(m.linked for m in mentions) / len(articles)
    assert 40 <= linked <= 60
    # a few entities are mentioned in most articles
    reach = Counter({target: len({m.article for m in found})
                     for target, found in checked.graph.mentions.items()})
    assert sum(count >= 0.8 * len(articles) for count in reach.values()) >= 3


def test_every_quote_is_used_once_and_names_one_paragraph(checked: BuildResult) -> None:
    content, graph = checked.content, checked.graph
    assert content is not None and graph is not None
    citations = _citations(content)
    keys = [(c.source, normalize(c.quote)) for c in citations]
    assert len(keys) == len(set(keys))
    for citation in citations:
        texts = [p.text for p in graph.texts[citation.source].paragraphs]
        assert len(find_quote(citation.quote, texts)) == 1, citation.quote


def test_no_name_occurs_inside_a_name_of_something_else(checked: BuildResult) -> None:
    assert checked.graph is not None
    owners = checked.graph.owners
    for name, owner in owners.items():
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        clashes = [other for other, other_owner in owners.items()
                   if other_owner != owner and pattern.search(other)]
        assert clashes == [], name


def test_edits_change_words_and_keep_the_corpus_valid(
        generated: tuple[Path, corpus.Manifest], tmp_path: Path) -> None:
    folder, manifest = generated
    copy = tmp_path / "content"
    copy.mkdir()
    for rel, data in snapshot(folder).items():
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_bytes(data)
    for revision in (1, 2):
        for rel, change in ((manifest.edit_article, edits.edit_article),
                            (manifest.edit_profile, edits.edit_profile)):
            path = copy / rel
            before = path.read_text()
            path.write_text(change(before, revision))
            assert path.read_text() != before
    assert snapshot(copy).keys() == snapshot(folder).keys()
    assert [d.format() for d in check(copy).diagnostics] == []


def test_fixed_text_has_nothing_the_typographer_would_rewrite() -> None:
    for text in (*wordlists.TEMPLATES, *wordlists.CLOSERS):
        assert not any(s in text for s in ("--", "...", "'", '"', "(c)", "(r)", "(tm)", "+-")), \
            text


def test_the_benchmark_measures_a_briefing_it_is_given(
        generated: tuple[Path, corpus.Manifest], capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import run

    folder = generated[0]
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert run.main(["--sizes", "", "--no-real", "--runs", "1", "--content", str(folder)]) == 0
    printed = capsys.readouterr().out
    row = next(line for line in printed.splitlines() if line.startswith(f"content ({N} articles)"))
    pages = int(row.split(")", 1)[1].split()[0].replace(",", ""))
    assert pages > N  # a page per article, and the profiles, glossary and indexes besides
    assert len(re.findall(r"\d+\.\d{3} s", row)) >= 5  # clean, in-process, CPU, warm, edits
    # the folder given is measured in a copy: it is left as it was
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
