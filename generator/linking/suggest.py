"""Nearest matches for what names nothing: the ids an unknown id was probably meant to be.

Messages for unknown ids are built here, so every place that reports one suggests alike: the
closest ids by edit distance, and the ids whose name or alias is closest, with a note on any
character from another script (see lookalikes.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Iterable, Sequence

from generator.content.model import Content
from generator.content.schema import ID_RE, PROFILE_KINDS
from generator.linking.textmatch import QuoteMatch, find_quote, normalize_with_map
from generator.lookalikes import lookalike_note, odd_characters

MAX_SUGGESTIONS = 3
MAX_LISTED = 10  # an unknown article id lists the articles when there are no more than this


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insertions, deletions, substitutions and swaps of two neighbours), or
    limit + 1 once it is sure to be more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def _fold(text: str) -> str:
    """Case, compatibility forms and spaces set aside: 'Kim Jong Un' is like 'kim-jong-un'."""
    return "-".join(unicodedata.normalize("NFKC", text).casefold().split())


def _limit(word: str) -> int:
    return min(3, max(1, len(word) // 4))


@dataclass(frozen=True)
class Suggester:
    """What ids exist, by kind, and the names and aliases that stand for them."""

    kinds: dict[str, str]  # id -> "article", "term" or a profile kind
    names: tuple[tuple[str, str, str], ...]  # (folded name, name as written, id)

    @classmethod
    def of(cls, content: Content) -> Suggester:
        kinds = {a.id: "article" for a in content.articles}
        kinds.update({p.id: p.kind for p in content.profiles})
        kinds.update({t.id: "term" for t in content.terms})
        names = [(name, p.id) for p in content.profiles for name in (p.name, *p.aliases)]
        names += [(name, t.id) for t in content.terms for name in (t.term, *t.aliases)]
        return cls(kinds, tuple((_fold(name), name, item) for name, item in names))

    def closest(self, word: str, kinds: Iterable[str]) -> list[tuple[str, str]]:
        """The ids of these kinds nearest to `word`, each with the name that made it near
        ("" when it was the id itself); all at the nearest distance, at most MAX_SUGGESTIONS."""
        wanted = set(kinds)
        folded = _fold(word)
        limit = _limit(folded)
        candidates = [(_fold(item), "", item) for item, kind in self.kinds.items()
                      if kind in wanted]
        candidates += [entry for entry in self.names if self.kinds.get(entry[2]) in wanted]
        found: dict[str, tuple[int, bool, str]] = {}
        for key, name, item in candidates:
            far = (distance(folded, key, limit), name != "", name)
            if far[0] <= limit and (item not in found or far < found[item]):
                found[item] = far
        ranked = sorted(found.items(), key=lambda entry: (entry[1], entry[0]))
        return [(item, name) for item, (far, _, name) in ranked[:MAX_SUGGESTIONS]
                if far == ranked[0][1][0]]

    def hint(self, word: str, kinds: Iterable[str]) -> str:
        """"; 'x' contains a Cyrillic ...; did you mean 'y'?", as much of it as applies."""
        note = lookalike_note(word)
        return (f"; {note}" if note else "") + self.did_you_mean(word, kinds)

    def did_you_mean(self, word: str, kinds: Iterable[str]) -> str:
        """"; did you mean 'x' or 'y' (named 'Y')?", or "" when no id is near."""
        shown = [f"'{item}'" + (f" (named '{name}')" if name else "")
                 for item, name in self.closest(word, kinds)]
        if not shown:
            return ""
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        return f"; did you mean {listed}?"


def lazy(content: Content) -> Callable[[], Suggester]:
    """The Suggester of the content, made the first time it is asked for (only a mistake
    needs one)."""
    made: list[Suggester] = []

    def get() -> Suggester:
        if not made:
            made.append(Suggester.of(content))
        return made[0]
    return get


LINKABLE = (*PROFILE_KINDS, "term")


def unknown_link(target: str, suggester: Suggester) -> str:
    return (f"[[{target}]] links to nothing: no profile or glossary term has the id "
            f"'{target}'{suggester.hint(target, LINKABLE)}")


def unknown_relation(rel_type: str, target: str, suggester: Suggester) -> str:
    return (f"relation {rel_type}: no profile has the id '{target}'"
            f"{suggester.hint(target, PROFILE_KINDS)}")


def looks_like_id(by: str) -> bool:
    """True for a `by:` that is an id with a hyphen, lookalike characters and all, rather
    than free text."""
    latin = "".join("x" if odd_characters(ch) else ch for ch in by)
    return "-" in by and ID_RE.fullmatch(latin) is not None


def unknown_by(by: str, suggester: Suggester) -> str:
    hint = suggester.hint(by, PROFILE_KINDS)
    fix = (" If not, write the name as free text" if hint.endswith("?") else
           "; use an existing id or write the name as free text")
    return f"by: '{by}' looks like an id but no profile has it{hint}{fix}"


def unknown_owner(owner: str, suggester: Suggester) -> str:
    return (f"alias_owners: '{owner}' is not a profile or glossary id"
            f"{suggester.hint(owner, LINKABLE)}")


def unknown_source(source: str, articles: list[str], suggester: Suggester) -> str:
    hint = suggester.hint(source, ("article",))
    if hint.endswith("?"):
        return f"no article '{source}'{hint}"
    if len(articles) <= MAX_LISTED:
        return f"no article '{source}' (articles: {', '.join(sorted(articles)) or 'none'}){hint}"
    return (f"no article '{source}'{hint}; use the file name of an article in articles/, "
            "without .md")


# ---------------------------------------------------------------------------------- quotes

Word = tuple[str, int, int]  # a word as matching compares it, and its span in the text
CONTEXT = 1  # equal words shown around where a quote departs from the paragraph
SHOWN_CHARS = 60


def _words(text: str) -> list[Word]:
    """The words of a text folded as quote matching folds it, with their spans in the text."""
    folded, index = normalize_with_map(text)
    words = []
    at = 0
    for word in folded.split(" "):
        if word:
            words.append((word, index[at], index[at + len(word) - 1] + 1))
        at += len(word) + 1
    return words


@dataclass(frozen=True)
class Departure:
    """Where a quote departs from the paragraph that comes closest to it."""

    paragraph: int  # index into the texts searched
    quote: tuple[int, int]  # the quote's words that differ (a range of its words)
    text: tuple[int, int]  # the paragraph's words in their place
    before: int  # equal words shown before them
    after: int  # and after them
    ends: bool  # the paragraph ends where the quote goes on


def closest_paragraph(quote: str, texts: Sequence[str]) -> Departure | None:
    """The paragraph that holds most of the quote's words in order around their longest run
    in common, and where the quote first departs from it; None if none holds half of them."""
    wanted = [word for word, _, _ in _words(quote)]
    best: tuple[int, int, int] | None = None  # (words in common, longest run, -paragraph)
    found: Departure | None = None
    for number, text in enumerate(texts):
        have = [word for word, _, _ in _words(text)]
        matcher = SequenceMatcher(None, wanted, have, autojunk=False)
        run = matcher.find_longest_match(0, len(wanted), 0, len(have))
        if not run.size:
            continue
        slack = max(2, len(wanted) // 4)
        start = max(0, run.b - run.a - slack)
        window = have[start:run.b - run.a + len(wanted) + slack]
        aligned = SequenceMatcher(None, wanted, window, autojunk=False)
        common = sum(block.size for block in aligned.get_matching_blocks())
        score = (common, run.size, -number)
        if best is None or score > best:
            best = score
            found = _departure(number, aligned, start, len(have))
    if best is None or best[0] * 2 < len(wanted):
        return None
    return found


def _departure(number: int, aligned: SequenceMatcher[str], start: int,
               length: int) -> Departure | None:
    """The first place the quote (a) and the window of the paragraph (b) differ."""
    codes = aligned.get_opcodes()
    equal = [n for n, code in enumerate(codes) if code[0] == "equal"]
    if not equal:
        return None
    first, last = equal[0], equal[-1]
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal" or (n < first and i1 == i2) or (n > last and i1 == i2):
            continue  # words of the paragraph before or after the quote
        if n < first:  # the quote's first words differ: as many of the paragraph's, before
            j1 = max(j1, j2 - (i2 - i1))
        elif n > last:  # its last words differ: as many of the paragraph's, after
            j2 = min(j2, j1 + (i2 - i1))
        before = min(CONTEXT, i1, start + j1)
        after = CONTEXT if n < last else 0
        return Departure(number, (i1, i2), (start + j1, start + j2), before, after,
                         n > last and j1 == j2 and start + j2 >= length)
    return None


def _shown(text: str, words: list[Word], first: int, last: int) -> str:
    """The text of words[first:last], clipped."""
    if first >= last:
        return ""
    return _clip(text[words[first][1]:words[last - 1][2]], SHOWN_CHARS)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def quote_not_found(quote: str, path: str, paragraphs: Sequence[tuple[int, str]]) -> str:
    """The message for a quote no paragraph holds; `paragraphs` are (number, text)."""
    message = f"quote not found in {path}: \"{_clip(quote)}\""
    # the words are all there, in other capitals: show them as written
    lowered = [text.lower() if len(text.lower()) == len(text) else "" for _, text in paragraphs]
    cased = find_quote(quote.lower(), lowered) if len(quote.lower()) == len(quote) else []
    if len(cased) == 1:
        number, text = paragraphs[cased[0].paragraph]
        return (f"{message}; ¶{number} has it in other capitals: "
                f"\"{_clip(text[cased[0].start:cased[0].end])}\"; copy the words exactly")
    near = closest_paragraph(quote, [text for _, text in paragraphs])
    if near is not None:
        number, text = paragraphs[near.paragraph]
        quote_words, text_words = _words(quote), _words(text)
        (q1, q2), (t1, t2) = near.quote, near.text
        if near.ends:
            theirs = _shown(text, text_words, max(0, t1 - CONTEXT), t1)
            ours = _shown(quote, quote_words, q1, q2)
            return (f"{message}; the closest is ¶{number}, which ends with \"{theirs}\" where "
                    f"the quote goes on with \"{ours}\"; a quote comes from one paragraph")
        ours = _shown(quote, quote_words, q1 - near.before, q2 + near.after)
        theirs = _shown(text, text_words, t1 - near.before, t2 + near.after)
        message += (f"; the closest is ¶{number}, which has \"{theirs}\" where the quote has "
                    f"\"{ours}\"")
    return message + "; copy the words exactly from one paragraph"


MAX_EXTENSION = 8  # words added to an ambiguous quote, at most, to make it name one paragraph
MAX_SHOWN_MATCHES = 3


def unique_extension(texts: Sequence[str], match: QuoteMatch) -> str | None:
    """The shortest run of words around a match (fewest words added, after it first) that no
    other paragraph holds; None if there is none within MAX_EXTENSION words."""
    text = texts[match.paragraph]
    spans = [(found.start(), found.end()) for found in re.finditer(r"\S+", text)]
    first = next((n for n, (_, end) in enumerate(spans) if end > match.start), len(spans))
    last = next((n for n, (start, _) in reversed(list(enumerate(spans)))
                 if start < match.end), first)
    for added in range(1, MAX_EXTENSION + 1):
        for before in range(0, added + 1):
            after = added - before
            if before > first or last + after >= len(spans):
                continue
            start = spans[first - before][0] if before else match.start
            end = spans[last + after][1] if after else match.end
            candidate = text[start:end]
            if [m.paragraph for m in find_quote(candidate, list(texts))] == [match.paragraph]:
                return candidate
    return None


def quote_ambiguous(path: str, paragraphs: Sequence[tuple[int, str]],
                    matches: Sequence[QuoteMatch]) -> str:
    """The message for a quote several paragraphs hold; `paragraphs` are (number, text)."""
    texts = [text for _, text in paragraphs]
    where = ", ".join(f"¶{paragraphs[m.paragraph][0]}" for m in matches)
    message = f"quote matches {len(matches)} paragraphs of {path} ({where}); lengthen it so " \
              "it names one"
    named = []
    for match in matches[:MAX_SHOWN_MATCHES]:
        longer = unique_extension(texts, match)
        if longer is not None:
            named.append(f"\"{_clip(longer, SHOWN_CHARS)}\" names "
                         f"¶{paragraphs[match.paragraph][0]}")
    if not named:
        return message
    return message + ": " + ", ".join(named)
