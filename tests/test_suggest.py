"""Nearest matches: ids an unknown id was meant to be, and where a quote departs from the
paragraph that comes closest to it."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from generator.linking.suggest import (MAX_SUGGESTIONS, Suggester, distance, quote_ambiguous,
                                       quote_not_found, unique_extension)
from generator.linking.textmatch import find_quote
from generator.lookalikes import lookalike_note

SLUG = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=6),
                min_size=1, max_size=3).map("-".join)
# Latin letters and a Cyrillic letter that looks the same
CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440",
            "x": "\u0445", "y": "\u0443"}


def reference_distance(a: str, b: str) -> int:
    """Edit distance with swaps of neighbours, the whole table, no shortcuts."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                              table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(st.text("abc-", max_size=8), st.text("abc-", max_size=8), st.integers(0, 4))
def test_distance_is_the_edit_distance_up_to_the_limit(a: str, b: str, limit: int) -> None:
    assert distance(a, b, limit) == min(reference_distance(a, b), limit + 1)


@st.composite
def misspelt(draw: st.DrawFn) -> tuple[list[str], str, str]:
    """(ids, one of them, that id with one letter added, dropped, changed or swapped)."""
    ids = draw(st.lists(SLUG, min_size=1, max_size=30, unique=True))
    meant = draw(st.sampled_from(ids))
    at = draw(st.integers(0, len(meant) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"))
    edit = draw(st.sampled_from(["add", "drop", "change", "swap"]))
    typed = {"add": meant[:at] + letter + meant[at:], "drop": meant[:at] + meant[at + 1:],
             "change": meant[:at] + letter + meant[at + 1:],
             "swap": meant[:at] + meant[at + 1:at + 2] + meant[at] + meant[at + 2:]}[edit]
    return ids, meant, typed


@given(misspelt())
def test_an_id_one_edit_away_is_suggested(case: tuple[list[str], str, str]) -> None:
    ids, meant, typed = case
    assume(typed not in ids and typed)
    closest = Suggester({item: "person" for item in ids}, ()).closest(typed, ["person"])
    suggested = [item for item, _ in closest]
    assert meant in suggested or (len(suggested) == MAX_SUGGESTIONS and all(
        distance(typed, item, 1) == 1 for item in suggested))


@given(st.lists(SLUG, min_size=1, max_size=10, unique=True), st.data())
def test_a_lookalike_letter_is_named_and_the_id_suggested(ids: list[str],
                                                          data: st.DataObject) -> None:
    meant = data.draw(st.sampled_from(ids))
    latin = [n for n, ch in enumerate(meant) if ch in CYRILLIC]
    assume(latin)
    at = data.draw(st.sampled_from(latin))
    typed = meant[:at] + CYRILLIC[meant[at]] + meant[at + 1:]
    hint = Suggester({item: "term" for item in ids}, ()).hint(typed, ["term"])
    odd = CYRILLIC[meant[at]]
    assert hint.startswith(f"; '{typed}' contains a Cyrillic '{odd}' (U+{ord(odd):04X}); "
                           "did you mean ")
    assert f"'{meant}'" in hint


def test_names_and_aliases_suggest_the_id_they_stand_for() -> None:
    suggester = Suggester({"vladimir-putin": "person", "icbm": "term"},
                          (("putin", "Putin", "vladimir-putin"),
                           ("intercontinental-missile", "intercontinental missile", "icbm")))
    assert suggester.hint("Putin", ["person"]) == \
        "; did you mean 'vladimir-putin' (named 'Putin')?"
    assert suggester.hint("Intercontinental missiles", ["person", "term"]) == \
        "; did you mean 'icbm' (named 'intercontinental missile')?"
    assert suggester.hint("putin", ["term"]) == ""  # not a kind asked for
    assert lookalike_note("kim-jong-un") == lookalike_note("l\u00e9ader") == ""


SYLLABLES = ["ka", "lo", "Mi", "ter", "su", "Van", "dre", "o", "pus", "Ne"]
VOCABULARY = [first + second + end for first in SYLLABLES for second in SYLLABLES
              for end in ("", ",", ".")][::2]


@st.composite
def articles(draw: st.DrawFn) -> list[tuple[int, str]]:
    """Numbered paragraphs of words that no two paragraphs share."""
    words = draw(st.randoms(use_true_random=False)).sample(VOCABULARY, draw(st.integers(30, 120)))
    cuts = sorted(draw(st.lists(st.integers(1, len(words) - 1), min_size=1, max_size=6,
                                unique=True)))
    chunks = [words[a:b] for a, b in zip([0] + cuts, cuts + [len(words)])]
    assume(all(len(chunk) >= 5 for chunk in chunks))
    return [(n + 3, " ".join(chunk)) for n, chunk in enumerate(chunks)]


def typographic(text: str, curly: bool, spaces: str) -> str:
    """The same text as matching sees it: other quotes, other white space."""
    return text.replace('"', "\u201c" if curly else '"').replace(" ", spaces)


@given(articles(), st.data())
def test_a_quote_one_word_off_names_its_paragraph_and_both_words(
        paragraphs: list[tuple[int, str]], data: st.DataObject) -> None:
    number, text = data.draw(st.sampled_from(paragraphs))
    words = text.split(" ")
    start = data.draw(st.integers(0, len(words) - 4))
    end = data.draw(st.integers(start + 4, min(len(words), start + 12)))
    changed = data.draw(st.integers(start + 1, end - 2))
    quoted = words[start:changed] + ["Zzzq"] + words[changed + 1:end]
    spaces = data.draw(st.sampled_from([" ", "  ", "\n", " \u00a0"]))
    quote = typographic(" ".join(quoted), data.draw(st.booleans()), spaces)
    assert find_quote(quote, [t for _, t in paragraphs]) == []
    theirs = " ".join(words[changed - 1:changed + 2])
    ours = spaces.join(quoted[changed - start - 1:changed - start + 2])
    assert f"; the closest is ¶{number}, which has \"{theirs}\" where the quote has " \
           f"\"{ours}\"; copy" in quote_not_found(quote, "a.md", paragraphs)


def extensions(text: str, start: int, end: int, added: int) -> list[str]:
    """Every run of the text around [start, end) with `added` more words."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    first = next(n for n, (_, e) in enumerate(spans) if e > start)
    last = max(n for n, (s, _) in enumerate(spans) if s < end)
    found = []
    for before in range(added + 1):
        after = added - before
        if before <= first and last + after < len(spans):
            found.append(text[spans[first - before][0] if before else start:
                              spans[last + after][1] if after else end])
    return found


@given(st.lists(st.sampled_from(["the", "North", "said", "a", "third", "try"]), min_size=2,
                max_size=12), st.integers(2, 4), st.data())
def test_an_ambiguous_quote_gets_the_shortest_unique_extension(
        words: list[str], copies: int, data: st.DataObject) -> None:
    texts = [" ".join(data.draw(st.permutations(words))) for _ in range(copies)]
    quote = data.draw(st.sampled_from(words))
    matches = find_quote(quote, texts)
    assume(len(matches) > 1)
    for match in matches:
        longer = unique_extension(texts, match)
        if longer is None:
            continue
        assert [m.paragraph for m in find_quote(longer, texts)] == [match.paragraph]
        added = len(longer.split()) - len(quote.split())
        for shorter in range(1, added):
            assert all(len(find_quote(other, texts)) > 1
                       for other in extensions(texts[match.paragraph], match.start,
                                               match.end, shorter))
    message = quote_ambiguous("a.md", list(enumerate(texts, 1)), matches)
    assert message.startswith(f"quote matches {len(matches)} paragraphs of a.md")
