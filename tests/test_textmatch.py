import sys

import pytest
from hypothesis import assume, given, strategies as st

from generator.linking import textmatch
from generator.linking.textmatch import NameMatcher, find_quote, normalize


def test_normalize_folds_quotes_and_whitespace() -> None:
    assert normalize("Putin said he was “very  glad”\n to see ‘Kim’") == \
        "Putin said he was \"very glad\" to see 'Kim'"


def test_find_quote_returns_span_in_original_text() -> None:
    texts = ["Nothing here.", "Putin said he was “very glad” to see Kim."]
    [match] = find_quote('he was "very glad"', texts)
    assert match.paragraph == 1
    assert texts[1][match.start:match.end] == "he was “very glad”"


def test_find_quote_reports_every_paragraph() -> None:
    assert len(find_quote("Kim", ["Kim met Putin.", "Putin met Kim."])) == 2
    assert find_quote("absent words", ["Kim met Putin."]) == []


def test_matcher_prefers_longest_and_whole_words() -> None:
    matcher = NameMatcher({"Kim": "kim", "Kim Jong Un": "kju", "Kim Myong Sik": "kms",
                           "ICBM": "icbm", "ICBMs": "icbm"})
    text = "Kim Jong Un and Kim Myong Sik; Kim’s ICBMs. Kimchi is not Kim."
    found = [(text[s:e], i) for s, e, i in matcher.finditer(text)]
    assert found == [("Kim Jong Un", "kju"), ("Kim Myong Sik", "kms"), ("Kim", "kim"),
                     ("ICBMs", "icbm"), ("Kim", "kim")]


names = st.lists(st.text(alphabet="abcde ", min_size=1, max_size=6).map(str.strip)
                 .filter(bool), min_size=1, max_size=12, unique=True)


@pytest.mark.parametrize("nesting", [textmatch.MAX_GROUP_NESTING, 2, 1])
@given(words=names, text=st.text(alphabet="abcde .", max_size=60))
def test_matcher_agrees_with_naive_longest_match(nesting: int, words: list[str],
                                                 text: str) -> None:
    """The one-pass matcher finds what a slow scan over every name finds, however deeply the
    names' common beginnings would nest (a low limit makes it write flat alternations)."""
    limit = textmatch.MAX_GROUP_NESTING
    textmatch.MAX_GROUP_NESTING = nesting
    try:
        matcher = NameMatcher({w: w for w in words})
    finally:
        textmatch.MAX_GROUP_NESTING = limit

    def is_word_char(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    expected = []
    position = 0
    while position < len(text):
        best = None
        if position == 0 or not is_word_char(text[position - 1]):
            for word in sorted(words, key=len, reverse=True):
                end = position + len(word)
                if text.startswith(word, position) and (end == len(text) or
                                                        not is_word_char(text[end])):
                    best = word
                    break
        if best:
            expected.append((position, position + len(best), best))
            position += len(best)
        else:
            position += 1
    assert matcher.finditer(text) == expected


@given(st.text(alphabet=" \t\n\u00a0ab\u201c\u201d\u2019'\u2026.", max_size=40))
def test_fast_and_mapped_normalisation_agree(text: str) -> None:
    from generator.linking.textmatch import normalize_with_map

    assert normalize(text) == normalize_with_map(text)[0]


@pytest.mark.parametrize("length", [500, 5_000, 200_000])
def test_a_long_name_is_matched_without_recursion(length: int) -> None:
    name = ("Kim Jong Un of the Workers' Party " * (length // 30 + 1))[:length].strip()
    matcher = NameMatcher({name: "long", name[:40].strip(): "short", "Kim": "kim"})
    text = f"Before {name}, after {name[:40].strip()} and Kim."
    assert [i for _, _, i in matcher.finditer(text)] == ["long", "short", "kim"]


def test_names_each_the_start_of_the_next_are_matched_at_any_count() -> None:
    """Twelve hundred names, each one more letter than the last: far past the re module's own
    nesting and the interpreter's recursion limit, if each were a group inside the last."""
    names = ["a" * n for n in range(1, 1_201)]
    assert len(names) > sys.getrecursionlimit()
    matcher = NameMatcher({name: str(len(name)) for name in names})
    text = " ".join(("a" * 1_000, "a" * 500, "a" * 1_500, "a"))
    assert [i for _, _, i in matcher.finditer(text)] == ["1000", "500", "1"]


@given(st.text(alphabet=st.sampled_from("ab .…'\u2019\"\u201c\u00a0\n\té"), max_size=40),
       st.text(alphabet=st.sampled_from("ab .'\"é"), min_size=1, max_size=8))
def test_the_quick_span_is_the_one_the_character_map_gives(text: str, quote: str) -> None:
    from generator.linking import textmatch

    needle = textmatch.normalize(quote)
    assume(needle)  # find_quote never looks for nothing
    span = textmatch._quick_span(needle, text)
    haystack, index = textmatch.normalize_with_map(text)
    at = haystack.find(needle)
    if span is not None:  # else find_quote goes through the character map
        assert at >= 0
        assert span == (index[at], index[at + len(needle) - 1] + 1)
    elif at >= 0:
        assert "\u2026" in text
